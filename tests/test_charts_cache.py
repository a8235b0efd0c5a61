"""A chart taken from the spec cache is the chart its data make now (build_scripts/charts/specs.py).

The compiled specs are cached by a hash of what they are made from; an input missing from the hash
shows an old picture after a correction, and no test comparing a cached build with a build that keeps
the chart caches can see it. Each case edits a copy of the real package the way a correction does,
starts from the session build's spec cache, and compares the affected target's cached specs, in every
language, with specs compiled afresh from the edited data (and checks that the edit changes them).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.bench.build import read_csv, write_csv
from build_scripts.charts.layers import chart_rows, main_rows, site_address
from build_scripts.charts.specs import build_specs, compile_chart, with_address
from build_scripts.charts.style import charted_series
from build_scripts.common.i18n import LANGS, Lang
from build_scripts.load.package import Package, load_package


def rewrite(path: Path, change: Callable[[dict[str, str]], bool]) -> None:
    """Rewrite a package CSV (its own dialect), changing the first row for which `change` is true."""
    header, rows = read_csv(path)
    assert any(change(row) for row in rows), f"no row of {path.name} to change"
    write_csv(path, header, rows)


def old_figure_status(package: Path, pkg: Package) -> str:
    """A figure older than its chart's baseline (drawn only in the long-run chart) turns provisional."""
    for ind in pkg.indicators:
        every = chart_rows(Lang("zh"), ind, pkg, history=True)
        main = main_rows(every)
        if not main or len(main) == len(every):
            continue
        start, ids = main[0]["date"][:4], {s.series_id for s in charted_series(ind, pkg)}

        def flip(row: dict[str, str], start: str = start, ids: set[str] = ids) -> bool:
            if row["series_id"] in ids and row["period"][:4] < start and row["status"] == "final":
                row["status"] = "provisional"
                return True
            return False

        rewrite(package / "data" / "observations.csv", flip)
        return ind.indicator_id
    raise AssertionError("no target has a long-run chart")


def source_publisher(package: Path, pkg: Package) -> str:
    """The publisher of the source of a charted figure is corrected (the charts' tooltips name it)."""
    ind = next(i for i in pkg.indicators if chart_rows(Lang("zh"), i, pkg))
    series = charted_series(ind, pkg)[0]
    source_id = pkg.observations_of_series(series.series_id)[-1].source_id

    def correct(row: dict[str, str]) -> bool:
        if row["source_id"] != source_id:
            return False
        row["publisher"] += "（更正）"
        return True

    rewrite(package / "data" / "sources.csv", correct)
    return ind.indicator_id


EDITS = {"old-figure-status": old_figure_status, "source-publisher": source_publisher}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_cached_chart_is_the_chart_its_data_make_now(edit: str, real_build, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(paths.PACKAGE, package)
    original = load_package(package)
    ind_id = EDITS[edit](package, original)
    changed = load_package(package)
    cache = tmp_path / "chart-specs"
    shutil.copytree(paths.CACHE / "chart-specs", cache)  # the session build's, made from the original
    specs = build_specs(changed, LANGS, cache)
    for code in LANGS:
        fresh = with_address(compile_chart(code, ind_id, pkg=changed), site_address())
        assert specs[(code, ind_id)] == fresh, f"{code} {ind_id}: the cached chart is not the data's"
        before = with_address(compile_chart(code, ind_id, pkg=original), site_address())
        assert fresh != before, f"{code} {ind_id}: the edit ({edit}) does not change the chart"
