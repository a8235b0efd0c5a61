"""The test scheduler (tests/scheduling.py): a module with a module fixture is one unit of work, so
the fixture is made once per run; every other test is a unit of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import paths
from tests import scheduling

MODULE_FIXTURE = """
import os, pytest

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    with open(os.environ["MADE_LOG"], "a") as log:
        log.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + "\\n")
    return 1

@pytest.mark.parametrize("n", range(8))
def test_uses_it(made, n):
    assert made == 1
"""
PLAIN = """
import pytest

@pytest.mark.parametrize("n", range(8))
def test_plain(n):
    assert n >= 0
"""


@pytest.mark.parametrize(
    ("source", "shared"),
    [
        ('@pytest.fixture(scope="module")\ndef f(): pass\n', True),
        ('@pytest.fixture(scope="class")\ndef f(): pass\n', True),
        ('@fixture(scope="package")\ndef f(): pass\n', True),
        ('@pytest.fixture(scope="session")\ndef f(): pass\n', False),
        ("@pytest.fixture\ndef f(): pass\n", False),
        ("@pytest.fixture()\ndef f(): pass\n", False),
        ('@pytest.mark.parametrize("scope", ["module"])\ndef test_f(scope): pass\n', False),
    ],
)
def test_a_fixture_wider_than_one_test_is_found(source: str, shared: bool, tmp_path: Path) -> None:
    module = tmp_path / "test_x.py"
    module.write_text("import pytest\nfrom pytest import fixture\n" + source, encoding="utf-8")
    assert scheduling.has_shared_fixture(module) is shared


def test_a_scope_that_is_not_a_string_is_refused(tmp_path: Path) -> None:
    module = tmp_path / "test_x.py"
    module.write_text("import pytest\nS = 'module'\n@pytest.fixture(scope=S)\ndef f(): pass\n")
    with pytest.raises(ValueError, match="line 3"):
        scheduling.has_shared_fixture(module)


def test_this_suite_is_scheduled_by_module_fixture(pytestconfig: pytest.Config) -> None:
    """The hook is the one pytest calls here, and it groups exactly the modules with a module fixture."""
    impls = pytestconfig.pluginmanager.hook.pytest_xdist_make_scheduler.get_hookimpls()
    assert any(impl.function is scheduling.pytest_xdist_make_scheduler for impl in impls)
    split = scheduling.ModuleFixtureScheduling._split_scope
    sched = object.__new__(scheduling.ModuleFixtureScheduling)
    sched.root = pytestconfig.rootpath
    assert split(sched, "tests/test_portal_clients.py::test_sitemap_lists_every_page_of_every_language") == (
        "tests/test_portal_clients.py"
    )
    alone = "tests/test_validate_hostile.py::test_exact_words[empty-file]"
    assert split(sched, alone) == alone


def test_a_module_fixture_is_made_once_in_a_two_worker_run(tmp_path: Path) -> None:
    """Two workers, one module with a module fixture and one without: the fixture is made once."""
    (tmp_path / "test_a.py").write_text(MODULE_FIXTURE, encoding="utf-8")
    (tmp_path / "test_b.py").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "conftest.py").write_text("from tests.scheduling import pytest_xdist_make_scheduler\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    log = tmp_path / "made.log"
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT), "MADE_LOG": str(log)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "16 passed" in run.stdout
    assert len(log.read_text().splitlines()) == 1
