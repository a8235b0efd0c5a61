"""Shared test fixtures: built sites, a local HTTP server and a headless Chromium.

- `real_build` / `built_site`: the site built from the real package, once per session, into a temp
  folder (`site/` is never touched); the generated docs go to `pipeline.BUILD_DOCS` as in `make site`.
  `real_build` is a BuiltSite (root, docs dir, what the page builders saw); `built_site` its root Path.
- `fixture_build` / `fixture_site`: the same for the synthetic FIXTURE package tests/fixtures/site-mini
  (hostile strings included), built with a fixed date; its docs go to a temp folder.
- `serve(directory, prefix="")`: a context manager serving a folder on 127.0.0.1 (optionally under
  a sub-path such as "/repo/", like a GitHub Pages project site); `real_server` / `fixture_server`
  are session-scoped servers of the two sites and yield their base URL.
- `browser`: Debian's Chromium driven by Playwright (`executable_path`, no `playwright install`).
- `--refresh-golden` rewrites golden files instead of comparing (see tests/fixtures/site-mini/README.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.common import http_server
from build_scripts.common.browser import CHROMIUM, FLAGS
from build_scripts.load.package import load_package
from build_scripts.pages.parts import Site, Updated
from build_scripts.pipeline import BUILD_DOCS, Timer, build_site, private_docs_dir, swap_into

FIXTURE_PACKAGE = paths.FIXTURES / "site-mini"
FIXTURE_TODAY = date(2026, 11, 26)
FIXTURE_UPDATED = Updated(date(2026, 11, 1), False)


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


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from the real package, once per session."""
    base = tmp_path_factory.mktemp("real-site")
    pkg = load_package(paths.PACKAGE)
    docs = private_docs_dir()
    data = build_site(pkg, base / "site", docs, date.today(), Timer(quiet=True))
    swap_into(docs, BUILD_DOCS)
    return BuiltSite(base / "site", BUILD_DOCS, data)


@pytest.fixture(scope="session")
def built_site(real_build: BuiltSite) -> Path:
    """Root folder of the real site built for this session."""
    return real_build.root


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built from the synthetic fixture package (hostile strings included)."""
    base = tmp_path_factory.mktemp("fixture-site")
    pkg = load_package(FIXTURE_PACKAGE)
    data = build_site(pkg, base / "site", base / "docs", FIXTURE_TODAY, Timer(quiet=True), FIXTURE_UPDATED)
    return BuiltSite(base / "site", base / "docs", data)


@pytest.fixture(scope="session")
def fixture_site(fixture_build: BuiltSite) -> Path:
    """Root folder of the fixture site built for this session."""
    return fixture_build.root


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


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is missing: sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk"
        )
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()
