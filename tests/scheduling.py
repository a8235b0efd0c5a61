"""How pytest-xdist hands the tests out to its workers (pyproject: `--dist loadscope`, read as below).

A fixture of module scope is made once per *worker* that runs a test of its module. Under
`--dist worksteal` the tests of one module could go to both workers, and then each made the
fixture: `pytest tests/test_portal_clients.py tests/test_build_incremental.py` (-n 2) made both
modules' builds twice, two setups of 52 s and two of 35 s, 134 s and 231 CPU-s in all; with this
scheduler each once, 62 s and 115 CPU-s. A whole run keeps its time (three alternating pairs,
worksteal / this: 245.8 / 250.5 s, 282.9 / 288.8 s, 300.6 / 294.3 s): there worksteal's first
even split rarely cut a module. `ModuleFixtureScheduling` keeps the tests of a module that defines
a fixture of module (or class, or package) scope together, one unit of work for one worker, as
`--dist loadscope` does for every module; every other test is a unit of its own, so the two workers
stay evenly loaded to the end. The units go out largest first (xdist's `--loadscope-reorder`, the
default), and a worker takes the next unit when it is almost done.

Which modules define such a fixture is read from their source with `ast` by the controlling process
(it collects no tests itself): a new module fixture groups its module without a list to keep.
A module fixture in conftest.py does not group the modules that use it: keep a costly one in its
module, or share it through `run_once`.
Work that tests of *several* modules share (the site builds, a browser visit) is made once per run
under a file lock instead (tests/conftest.py: `run_once`).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

SHARED_SCOPES = {"module", "class", "package"}


@functools.cache
def has_shared_fixture(path: Path) -> bool:
    """Whether the test module at `path` defines a fixture whose scope is wider than one test."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                if _fixture_scope(deco) in SHARED_SCOPES:
                    return True
    return False


def _fixture_scope(deco: ast.expr) -> str | None:
    """The scope a `@pytest.fixture(scope=...)` decorator names ("function" when it names none)."""
    if not isinstance(deco, ast.Call):
        return None
    func = deco.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "fixture":
        return None
    for keyword in deco.keywords:
        if keyword.arg == "scope":
            if not isinstance(keyword.value, ast.Constant):
                raise ValueError(f"line {deco.lineno}: a fixture scope must be written as a string")
            return str(keyword.value.value)
    return "function"


class ModuleFixtureScheduling(LoadScopeScheduling):
    """`--dist loadscope` for the modules with a module fixture, one test a unit for the rest."""

    def __init__(self, config: pytest.Config, log=None) -> None:
        super().__init__(config, log)
        self.root = config.rootpath

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        path = self.root / module
        if path.suffix == ".py" and path.is_file() and has_shared_fixture(path):
            return module
        return nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> ModuleFixtureScheduling | None:
    """`--dist loadscope` (pyproject) keeps together only the modules with a module fixture."""
    return ModuleFixtureScheduling(config, log) if config.getvalue("dist") == "loadscope" else None
