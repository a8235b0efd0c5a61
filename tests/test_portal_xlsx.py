"""The workbook download (data/*/hubei-quality.xlsx): one sheet per table with the same rows, numbers
as numbers beside the CSV's text, formula-like text kept as text, byte-identical when written again."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook

from build_scripts import paths
from build_scripts.load.package import load_package, read_rows
from build_scripts.portal import targets
from build_scripts.portal.common import (
    split_bilingual,
)
from build_scripts.portal.xlsx import FLAT_SHEET, numeric_cell, set_cell, text_cell


def test_xlsx_has_one_sheet_per_resource_with_the_same_rows(pkg, published):
    docs, downloads, _ = published
    book = openpyxl.load_workbook(docs / downloads["xlsx"].path)
    resources = pkg.descriptor["resources"]
    assert book.sheetnames == ["about", FLAT_SHEET] + [r["name"] for r in resources]
    for res in resources:
        sheet = book[res["name"]]
        fields = res["schema"]["fields"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [split_bilingual(f["description"])[1] for f in fields]  # whole, not cut
        assert list(rows[1]) == [f["name"] for f in fields]
        expected = read_rows(pkg.directory, res)
        assert len(rows) - 2 == len(expected) == len(pkg.frames[res["name"]])
        for got, want in zip(rows[2:], expected, strict=True):
            for value, field in zip(got, fields, strict=True):
                assert same_value(value, want[field["name"]], field["type"]), (
                    res["name"],
                    field["name"],
                    value,
                )


def same_value(value, text: str | None, kind: str) -> bool:
    """Whether a cell value read back by openpyxl equals the CSV text of a field of type `kind`."""
    if value is None or text is None:
        return value is None and text is None
    if kind == "date":
        return value.date().isoformat() == text
    if kind == "boolean":
        return value is (text == "true")
    if kind in ("number", "integer"):
        return not isinstance(value, str) and Decimal(str(value)) == Decimal(text)
    return isinstance(value, str) and value == text


def test_xlsx_numbers_are_numbers_with_the_csv_text(pkg, published):
    docs, downloads, _ = published
    book = openpyxl.load_workbook(docs / downloads["xlsx"].path)
    sheet = book["observations"]
    col = [c.value for c in sheet[2]].index("value") + 1
    cells = [sheet.cell(row=r, column=col) for r in range(3, sheet.max_row + 1)]
    texts = [o.value_text for o in pkg.observations]
    assert all(c.data_type == "n" for c in cells)
    assert [Decimal(str(c.value)) for c in cells] == [Decimal(t) for t in texts]
    with zipfile.ZipFile(docs / downloads["xlsx"].path) as archive:
        index = book.sheetnames.index("observations") + 1
        xml = archive.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")
    stored = re.findall(r'<c r="C(\d+)"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml)
    assert [v for _, v in stored] == texts


@pytest.mark.parametrize(
    "text", ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"]
)
def test_text_that_looks_like_a_formula_stays_text(tmp_path, text):
    book = Workbook()
    sheet = book.active
    set_cell(sheet.cell(row=1, column=1), "string", text)
    text_cell(sheet.cell(row=2, column=1), text)
    book.save(tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    for row in (1, 2):
        assert back.cell(row=row, column=1).data_type == "s"
        assert back.cell(row=row, column=1).value == text
        assert back.cell(row=row, column=1).quotePrefix


@pytest.mark.parametrize("text", ["1e3", "1,000", "93.5%", "1234567890123456", ""])
def test_numeric_cell_refuses_what_excel_would_change(text):
    with pytest.raises(ValueError):
        numeric_cell(Workbook().active.cell(row=1, column=1), text)


def test_flat_sheet_has_one_row_per_observation_with_the_csv_columns(pkg, published):
    docs, downloads, _ = published
    sheet = openpyxl.load_workbook(docs / downloads["xlsx"].path)[FLAT_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == targets.FIELD_NAMES
    assert len(rows) - 2 == len(pkg.observations)
    assert sheet.auto_filter.ref.startswith("A2:")
    want = [r for ind in pkg.indicators for r in targets.rows(pkg, ind)]
    for got, row in zip(rows[2:], want, strict=True):
        for value, (name, kind, _) in zip(got, targets.FIELDS, strict=True):
            assert same_value(value, row[name] or None, kind), (name, value)


def test_xlsx_is_byte_identical_when_written_twice(pkg, ctx, tmp_path):
    from build_scripts.portal.xlsx import write_xlsx

    write_xlsx(pkg, tmp_path / "a.xlsx", date(2026, 11, 27), cache=None)
    write_xlsx(pkg, tmp_path / "b.xlsx", date(2026, 11, 27), cache=None)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.modified.date() == date(2026, 11, 27)


def test_a_cached_xlsx_is_the_workbook_of_exactly_its_inputs(tmp_path):
    from build_scripts.portal.xlsx import write_xlsx

    package = tmp_path / "package"
    package.mkdir()
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    shutil.copytree(paths.FIXTURES / "valid-mini" / "data", package / "data")
    cache, day = tmp_path / "cache", date(2026, 11, 27)
    write_xlsx(load_package(package), tmp_path / "fresh.xlsx", day, cache=None)
    write_xlsx(load_package(package), tmp_path / "first.xlsx", day, cache=cache)
    write_xlsx(load_package(package), tmp_path / "reused.xlsx", day, cache=cache)
    fresh = (tmp_path / "fresh.xlsx").read_bytes()
    assert (tmp_path / "first.xlsx").read_bytes() == (tmp_path / "reused.xlsx").read_bytes() == fresh
    assert len(list(cache.glob("*.xlsx"))) == 1
    write_xlsx(load_package(package), tmp_path / "next-day.xlsx", date(2026, 11, 28), cache=cache)
    observations = package / "data" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace(",final,", ",provisional,", 1), encoding="utf-8")
    write_xlsx(load_package(package), tmp_path / "changed.xlsx", day, cache=cache)
    write_xlsx(load_package(package), tmp_path / "changed-fresh.xlsx", day, cache=None)
    changed = (tmp_path / "changed.xlsx").read_bytes()
    assert changed == (tmp_path / "changed-fresh.xlsx").read_bytes() != fresh
    assert (tmp_path / "next-day.xlsx").read_bytes() != fresh
    assert len(list(cache.glob("*.xlsx"))) == 3
