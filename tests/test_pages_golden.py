"""Golden test: one whole target page, generated from the FIXTURE package tests/fixtures/site-mini.

The generated Markdown of `fixture-pass-rate` (a 2025 target with only a provisional 2024 figure, so
not assessable after its year, a
predecessor series and a national comparison) is compared with the files in
tests/fixtures/site-mini/golden/, in all three languages. The charts are stand-ins (the chart
compiler is tested elsewhere; the page names only their files), and the portal's snippet block is left out, so
the golden files only change when the page templates or texts change.

To refresh after an intended change: `.venv/bin/python -m pytest tests/test_pages_golden.py
--refresh-golden`, then review `git diff tests/fixtures/site-mini/golden` before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.charts.specs import ChartFiles
from build_scripts.common.i18n import LANGS, Lang
from build_scripts.load.package import load_package
from build_scripts.pages import target as page_target
from build_scripts.pages.build import run as write_pages
from build_scripts.pages.parts import Site, environment
from build_scripts.progress.assess import assess_all
from tests.conftest import FIXTURE_PACKAGE, FIXTURE_TODAY, FIXTURE_UPDATED

GOLDEN = FIXTURE_PACKAGE / "golden"
TARGET = "fixture-pass-rate"
STAND_IN_SPEC = {"$comment": "stand-in for the compiled Vega spec (golden test)"}


@pytest.fixture(scope="module")
def site() -> Site:
    """The fixture package as the page builders see it, with stand-in charts."""
    pkg = load_package(FIXTURE_PACKAGE)
    assessments = assess_all(pkg.indicators, pkg.series, pkg.observations, FIXTURE_TODAY)
    charts = {
        (lang, TARGET): ChartFiles(
            STAND_IN_SPEC, f"charts/{lang}/{TARGET}.svg", f"charts/{lang}/{TARGET}.png"
        )
        for lang in LANGS
    }
    return Site(pkg, assessments, charts, FIXTURE_UPDATED, paths.DOCS / "text")


def render(site: Site, lang: str, tmp_path: Path) -> str:
    """The target page's Markdown in one language (summaries filled in the way pages.run does)."""
    write_pages(site, tmp_path, (lang,))
    ctx = page_target.context(
        site, Lang(lang), next(i for i in site.pkg.indicators if i.indicator_id == TARGET)
    )
    return environment().get_template("target.md.j2").render(**ctx)


@pytest.mark.parametrize("lang", LANGS)
def test_target_page_matches_golden(
    site: Site, lang: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    text = render(site, lang, tmp_path)
    golden = GOLDEN / f"{TARGET}.{lang}.md"
    if request.config.getoption("--refresh-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        # A refresh run checks nothing, so it must not pass: review the diff, then run without the flag.
        pytest.fail(
            f"refreshed {golden.relative_to(paths.ROOT)}: review `git diff`, then rerun without --refresh-golden"
        )
    assert golden.is_file(), f"{golden} is missing: run with --refresh-golden and review it"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{TARGET} ({lang}) differs from {golden.relative_to(paths.ROOT)}; if the change is intended, "
        "refresh with --refresh-golden and review the diff"
    )


def test_written_page_equals_rendered_page(site: Site, tmp_path: Path) -> None:
    """pages.run writes exactly what the golden test renders (no second code path)."""
    text = render(site, "en", tmp_path)
    assert (tmp_path / "targets" / f"{TARGET}.en.md").read_text(encoding="utf-8") == text
