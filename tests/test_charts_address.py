"""The site's address (SITE_URL) ends the footer of a chart meant for download, and only there.

The compiled specs are cached without it (`charts/specs.with_address` adds it afterwards), so a deploy
build and a preview build share one spec cache: the cache files never hold an address, and a build
with SITE_URL writes no new spec. Checked on the synthetic FIXTURE package (tests/fixtures/site-mini).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_scripts.charts.specs import build_specs
from build_scripts.common.i18n import LANGS
from build_scripts.load.package import load_package
from tests.conftest import FIXTURE_PACKAGE

ADDRESS = "https://tracker.example.org/hubei/"  # a reserved example domain: no real site


def test_only_the_wide_chart_carries_the_address_and_the_cache_never_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg, cache = load_package(FIXTURE_PACKAGE), tmp_path / "chart-specs"
    monkeypatch.delenv("SITE_URL", raising=False)
    plain = build_specs(pkg, LANGS, cache)
    written = sorted(cache.iterdir())
    assert plain and written, "the fixture package has no chart"

    monkeypatch.setenv("SITE_URL", ADDRESS)
    deployed = build_specs(pkg, LANGS, cache)
    assert sorted(cache.iterdir()) == written, "a build with SITE_URL compiled specs again"
    assert not [p.name for p in written if ADDRESS in p.read_text(encoding="utf-8")]

    assert deployed.keys() == plain.keys()
    for key, spec in deployed.items():
        assert spec.keys() == plain[key].keys()
        for layout in spec:
            if layout != "wide":  # phone, long-run and live charts have no footer
                assert spec[layout] == plain[key][layout], (key, layout)
                assert ADDRESS not in json.dumps(spec[layout]), (key, layout)
        lines, before = spec["wide"]["title"]["subtitle"], plain[key]["wide"]["title"]["subtitle"]
        assert lines == [*before[:-1], f"{before[-1]} · {ADDRESS}"], key
