"""Shared test fixtures: built sites, a local HTTP server and a headless Chromium.

- `real_build` / `built_site`: the site built from the real package, once per test run, into a temp
  folder (`site/` is never touched); the generated docs go to `pipeline.BUILD_DOCS` as in `make site`.
  `real_build` is a BuiltSite (root, docs dir, what the page builders saw); `built_site` its root Path.
- `mini_caches`: the build caches of a repository copy holding the small valid package, once per
  run (tests/repo_copy.make_mini_repo).
- `fixture_build` / `fixture_site`: the same for the synthetic FIXTURE package tests/fixtures/site-mini
  (hostile strings included), built with a fixed date; its docs go to a temp folder.
- Under pytest-xdist (`-n`), each site is still built once per run, not once per worker: the first
  worker that needs it builds it under a file lock, the others read its result (`run_once`). The
  `once(name, compute)` fixture does the same for any picklable result (e.g. one browser visit that
  several tests check).
- `pkg`, `ctx`, `published` (module scope): the real package, the portal stage's context for it and
  its downloads written into a temporary folder, for the test_portal* modules (cheap: 0.2 s).
- `serve(directory, prefix="")`: a context manager serving a folder on 127.0.0.1 (optionally under
  a sub-path such as "/repo/", like a GitHub Pages project site); `real_server` / `fixture_server`
  are session-scoped servers of the two sites and yield their base URL.
- `browser`: Debian's Chromium headless shell driven by Playwright (`executable_path`, no `playwright
  install`), or the full Chromium where the shell is not packaged (build_scripts/common/browser.py);
  `touch_browser`: the full Chromium, for the tests that tap a touch screen.
- `--refresh-golden` rewrites golden files instead of comparing (see tests/fixtures/site-mini/README.md).
"""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from build_scripts import paths
from build_scripts.charts import specs as charts
from build_scripts.common import http_server
from build_scripts.common.browser import CHROMIUM, FLAGS, HEADLESS_SHELL, tour_browser
from build_scripts.common.dates import LastUpdate
from build_scripts.common.i18n import LANGS
from build_scripts.load.package import load_package
from build_scripts.pages.parts import Site
from build_scripts.pipeline import BUILD_DOCS, Timer, build_site, private_docs_dir, swap_into
from build_scripts.portal import build as portal
from build_scripts.portal import targets
from build_scripts.portal.files import publish_package
from build_scripts.progress.assess import assess_all
from tests.portal_setup import TODAY
from tests.repo_copy import built, make_mini_repo
from tests.scheduling import pytest_xdist_make_scheduler  # noqa: F401 (a hook: pytest finds it here)

T = TypeVar("T")
FIXTURE_PACKAGE = paths.FIXTURES / "site-mini"
FIXTURE_TODAY = date(2026, 11, 26)
FIXTURE_UPDATED = LastUpdate(date(2026, 11, 1), False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-golden", action="store_true", help="rewrite golden files instead of comparing"
    )


@dataclass(frozen=True)
class BuiltSite:
    """A site built for the tests: its folder and what the page builders saw."""

    root: Path
    docs: Path
    data: Site


def run_once(factory: pytest.TempPathFactory, name: str, compute: Callable[[Path], T]) -> T:
    """`compute(folder)` once per test run, however many xdist workers ask for it; its (picklable) result.

    The first worker takes an exclusive lock in the run's shared temp folder, computes into a fresh
    folder there and pickles the result; the others wait on the lock and read the pickle. A failure
    is recorded, so the other workers fail with its message instead of computing again. Without
    xdist, the run's temp folder is the session's own.
    """
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's temp folder, above every worker's own (popen-gw0, …)
    result, failed = root / f"{name}.pickle", root / f"{name}.failed"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        if failed.exists():
            pytest.fail(f"{name} failed in another worker:\n{failed.read_text(encoding='utf-8')}")
        if result.exists():
            return pickle.loads(result.read_bytes())
        try:
            (root / name).mkdir()
            value = compute(root / name)
            result.write_bytes(pickle.dumps(value))
        except BaseException as err:
            failed.write_text(f"{type(err).__name__}: {err}", encoding="utf-8")
            raise
        return value


@pytest.fixture(scope="session")
def once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[Path], T]], T]:
    """`once(name, compute)`: `run_once` for this run (e.g. one browser visit shared by several tests)."""
    return functools.partial(run_once, tmp_path_factory)


def shared_build(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], BuiltSite]) -> BuiltSite:
    """A site built once per test run (see `run_once`)."""

    def built(base: Path) -> BuiltSite:
        site = build(base)
        # What the page builders saw, minus the portal's callback (a closure: it cannot be pickled,
        # and no test reads it), so every worker sees the same object.
        return dataclasses.replace(site, data=dataclasses.replace(site.data, target_extra=None))

    return run_once(factory, name, built)


def _build_real(base: Path) -> BuiltSite:
    pkg = load_package(paths.PACKAGE)
    docs = private_docs_dir()
    data = build_site(pkg, base / "site", docs, date.today(), Timer(quiet=True))
    swap_into(docs, BUILD_DOCS)
    return BuiltSite(base / "site", BUILD_DOCS, data)


def _build_fixture(base: Path) -> BuiltSite:
    pkg = load_package(FIXTURE_PACKAGE)
    data = build_site(pkg, base / "site", base / "docs", FIXTURE_TODAY, Timer(quiet=True), FIXTURE_UPDATED)
    return BuiltSite(base / "site", base / "docs", data)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from the real package, once per test run."""
    return shared_build(tmp_path_factory, "real-site", _build_real)


@pytest.fixture(scope="session")
def mini_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `.cache/` of a mini repository copy (tests/repo_copy.make_mini_repo) after one build, made
    once per test run: the other mini copies start from it instead of drawing the same charts again."""

    def build(folder: Path) -> Path:
        repo = make_mini_repo(folder)
        built(repo)
        return repo / ".cache"

    return run_once(tmp_path_factory, "mini-caches", build)


@pytest.fixture
def real_chart_files(real_build: BuiltSite) -> dict:
    """Every chart of the real build with its compiled specs, read from the chart-spec cache the build
    wrote: the build's own `data.charts` holds only paths where a forked copy drew them (charts/pending.py)."""
    compiled = charts.build_specs(load_package(paths.PACKAGE), LANGS, paths.CACHE / "chart-specs")
    assert set(compiled) == set(real_build.data.charts), "the cache and the build chart other targets"
    return charts.chart_files(compiled)


@pytest.fixture(scope="session")
def built_site(real_build: BuiltSite) -> Path:
    """Root folder of the real site built for this session."""
    return real_build.root


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from the synthetic fixture package (hostile strings included), once per test run."""
    return shared_build(tmp_path_factory, "fixture-site", _build_fixture)


@pytest.fixture(scope="session")
def fixture_site(fixture_build: BuiltSite) -> Path:
    """Root folder of the fixture site built for this session."""
    return fixture_build.root


@pytest.fixture(scope="module")
def pkg():
    """The real package (a module may define its own `pkg`)."""
    return load_package(paths.PACKAGE)


@pytest.fixture(scope="module")
def ctx(pkg):
    """The portal stage's context for the real package, dated `portal_setup.TODAY`, no site_url."""
    return portal.build_context(
        pkg, assess_all(pkg.indicators, pkg.series, pkg.observations, TODAY), TODAY, None
    )


@pytest.fixture(scope="module")
def published(ctx, tmp_path_factory):
    """The downloads written into a temporary docs dir: (docs_dir, downloads, target csvs)."""
    docs = tmp_path_factory.mktemp("docs")
    downloads = publish_package(ctx, docs)
    return docs, downloads, targets.publish(ctx, docs)


@contextmanager
def serve(directory: Path, prefix: str = "") -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (under `prefix`, e.g. '/repo/'); yields the site's base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    with http_server.serve(directory, prefix=prefix) as url:
        yield url


@pytest.fixture(scope="session")
def real_server(built_site: Path) -> Iterator[str]:
    """Base URL of the real site served on localhost."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_server(fixture_site: Path) -> Iterator[str]:
    """Base URL of the fixture site served on localhost."""
    with serve(fixture_site) as url:
        yield url


def pytest_report_header() -> str:
    """Which Chromium the browser tests run in (the headless shell, or the full browser without it)."""
    if tour_browser() == HEADLESS_SHELL:
        return f"browser tests: {HEADLESS_SHELL} (Chromium's headless shell); touch tests: {CHROMIUM}"
    return f"browser tests: {CHROMIUM} ({HEADLESS_SHELL} is not installed: slower)"


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, once per worker (it drives both Chromium builds below)."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as driver:
        yield driver


def _launch(driver, executable: Path) -> Iterator:
    if not executable.exists():
        pytest.fail(
            f"{executable} is missing: sudo bash build_scripts/install_system_deps.sh --with-browser "
            "(the Debian packages chromium, chromium-headless-shell and fonts-noto-cjk)"
        )
    chromium = driver.chromium.launch(executable_path=str(executable), args=FLAGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's Chromium headless shell (or the full browser where it is not packaged), via Playwright."""
    yield from _launch(playwright_driver, tour_browser())


@pytest.fixture(scope="session")
def touch_browser(playwright_driver):
    """Debian's full Chromium, headless, via Playwright: the tests that tap an emulated touch screen."""
    yield from _launch(playwright_driver, CHROMIUM)
