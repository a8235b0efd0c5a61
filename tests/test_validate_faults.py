"""Each named bad input is rejected with a located, bilingual message.

A fault folder under tests/fixtures/bad/ holds the one file that differs from the valid mini
package (tests/fixtures/valid-mini, real observations from the research ledger). The test overlays
it on a copy with the project's real datapackage.json and checks file, row, column and message class.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.validate.package import main, validate_package

TODAY = date(2026, 11, 26)
VALID = paths.FIXTURES / "valid-mini"
BAD = paths.FIXTURES / "bad"

# fault folder → (file, spreadsheet row, column letter, message class) of the first problem reported
EXPECTED: dict[str, tuple[str, int | None, str | None, str]] = {
    "bidi-override": ("sources.csv", 2, "B", "control-character"),
    "blank-row": ("observations.csv", 3, None, "blank-row"),
    "bom-from-excel-csv-utf8": ("observations.csv", 1, None, "bom"),
    "crlf-line-endings": ("observations.csv", None, None, "crlf"),
    "date-excel-serial": ("sources.csv", 2, "E", "date-excel-serial"),
    "date-slashes": ("sources.csv", 2, "E", "date-format"),
    "duplicate-key": ("observations.csv", 5, None, "duplicate-key"),
    "empty-file": ("observations.csv", None, None, "empty-file"),
    "encoding-gbk": ("observations.csv", None, None, "encoding-gbk"),
    "encoding-utf16-unicode-text": ("observations.csv", None, None, "encoding-utf16"),
    "enum-variant-capitalised": ("observations.csv", 2, "G", "enum"),
    "excel-error-na": ("observations.csv", 2, "C", "excel-error"),
    "excel-workbook-saved-as-csv": ("observations.csv", None, None, "excel-workbook"),
    "formula-injection": ("sources.csv", 2, "C", "formula-start"),
    "git-conflict-markers": ("observations.csv", 2, None, "conflict-marker"),
    "git-lfs-pointer": ("observations.csv", None, None, "lfs-pointer"),
    "header-duplicate": ("observations.csv", 1, "G", "header-duplicate"),
    "header-extra-column": ("sources.csv", 1, "O", "header-extra"),
    "header-missing-column": ("sources.csv", 1, "N", "header-missing"),
    "header-only": ("observations.csv", 1, None, "no-data-rows"),
    "header-reordered": ("observations.csv", 1, None, "header-reordered"),
    "header-trailing-space": ("observations.csv", 1, "C", "header-whitespace"),
    "header-translated": ("observations.csv", 1, "B", "header-renamed"),
    "html-script-in-text": ("sources.csv", 2, "B", "html-in-text"),
    "id-cyrillic-homoglyph": ("observations.csv", 2, "A", "id-format"),
    "id-fullwidth": ("observations.csv", 2, "A", "id-format"),
    "id-trailing-space": ("observations.csv", 2, "A", "id-format"),
    "indicator-without-series": ("indicators.csv", 3, "A", "indicator-without-series"),
    "invisible-zero-width-space": ("observations.csv", 2, "C", "invisible-character"),
    "markdown-javascript-link": ("sources.csv", 2, "B", "javascript-link"),
    "missing-marker-zanwu": ("observations.csv", 2, "C", "missing-marker"),
    "missing-source": ("observations.csv", 2, "E", "required"),
    "number-fullwidth-digits": ("observations.csv", 2, "C", "number-fullwidth"),
    "number-nan": ("observations.csv", 2, "C", "number-not-finite"),
    "number-percent-sign": ("observations.csv", 2, "C", "number-percent-sign"),
    "number-qualifier-approx": ("observations.csv", 2, "C", "number-qualifier"),
    "number-range": ("observations.csv", 2, "C", "number-range"),
    "number-scientific-1e3": ("observations.csv", 2, "C", "number-scientific"),
    "number-thousands-separator": ("observations.csv", 4, "C", "number-thousands-separator"),
    "number-underscore": ("observations.csv", 2, "C", "number-format"),
    "number-with-unit": ("observations.csv", 4, "C", "number-with-unit"),
    "over-long-text": ("sources.csv", 2, "B", "too-long"),
    "percentage-over-100": ("observations.csv", 2, "C", "out-of-range"),
    "period-excel-float": ("observations.csv", 2, "B", "year-format"),
    "period-in-future": ("observations.csv", 2, "B", "future-period"),
    "period-with-nian": ("observations.csv", 2, "B", "year-format"),
    "quote-not-in-outline": ("indicators.csv", 2, "N", "quote-not-in-outline"),
    "quoted-value-not-in-quote": ("observations.csv", 2, "D", "quoted-value-not-in-quote"),
    "ragged-row-unquoted-comma": ("sources.csv", 2, None, "row-extra-cells"),
    "series-unit-mismatch": ("series.csv", 2, "E", "series-unit-mismatch"),
    "title-row-above-header": ("observations.csv", 1, None, "title-rows"),
    "undeclared-csv-file": ("notes.csv", None, None, "undeclared-file"),
    "unknown-foreign-key": ("observations.csv", 2, "A", "foreign-key"),
    "url-javascript-scheme": ("sources.csv", 2, "D", "url-scheme"),
    "wrong-delimiter-semicolon": ("sources.csv", 1, None, "wrong-delimiter"),
    # issue 12 (classes 2-9) and issue 11 item 7
    "unit-label-en-without-noun": ("units.csv", 3, "C", "unit-label-en-unreadable"),
    "date-impossible-february-29": ("sources.csv", 2, "E", "date-impossible"),
    "encoding-big5-traditional": ("geographies.csv", None, None, "encoding-big5"),
    "encoding-gbk-big5-ambiguous": ("units.csv", 3, None, "encoding-ambiguous"),
    "encoding-utf16le-no-bom": ("observations.csv", None, None, "encoding-utf16-nobom"),
    "line-endings-bare-cr": ("observations.csv", None, None, "line-endings-cr"),
    "markdown-relative-image": ("observations.csv", 2, "H", "markdown-link"),
    "name-newline-heading": ("geographies.csv", 2, "C", "line-break"),
    "name-zero-width-inside": ("geographies.csv", 2, "B", "invisible-character"),
    "number-excel-float-noise": ("observations.csv", 2, "C", "number-too-precise"),
    "number-sixteen-digits": ("observations.csv", 2, "C", "number-too-precise"),
    "period-after-source-published": ("observations.csv", 2, "B", "period-after-published"),
    "period-impossible-february-30": ("observations.csv", 2, "B", "date-impossible"),
    "target-max-percent-sign": ("indicators.csv", 2, "J", "number-percent-sign"),
    "target-over-100-percent": ("indicators.csv", 2, "I", "target-out-of-range"),
    "target-typo-not-in-quote": ("indicators.csv", 2, "I", "target-not-in-quote"),
    "unit-maximum-below-minimum": ("units.csv", 2, "E", "unit-bounds-reversed"),
    "unit-minimum-nan": ("units.csv", 2, "D", "number-not-finite"),
    "url-markdown-breakout": ("sources.csv", 2, "D", "url-character"),
    "url-onmouseover": ("sources.csv", 2, "D", "url-character"),
    "url-quote-script": ("sources.csv", 2, "D", "url-character"),
}


def make_package(tmp_path: Path, overlay: Path | None = None) -> Path:
    """valid-mini + the real descriptor (+ a fault folder's files) in a temporary package."""
    package = tmp_path / "pkg"
    shutil.copytree(VALID, package)
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    for file in overlay.iterdir() if overlay else []:
        shutil.copy(file, package / "data" / file.name)
    return package


def test_every_fault_folder_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


def test_valid_mini_package_is_valid(tmp_path: Path) -> None:
    assert validate_package(make_package(tmp_path), today=TODAY) == []


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_fault_is_located_and_explained(fault: str, tmp_path: Path) -> None:
    problems = validate_package(make_package(tmp_path, BAD / fault), today=TODAY)
    file, row, letter, code = EXPECTED[fault]
    first = problems[0] if problems[0].code == code else next(p for p in problems if p.code == code)
    assert (first.file.rsplit("/", 1)[-1], first.row, first.column_letter, first.code) == (
        file,
        row,
        letter,
        code,
    )
    assert first.file.endswith(f"data/{file}")
    for text in (first.message_zh, first.fix_zh):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    for text in (first.message_en, first.fix_en):
        assert text.isascii() or any(c.isalpha() and c.isascii() for c in text), text


DESCRIPTOR_FAULTS = {
    "trailing-comma": (lambda t: re.sub(r'("version": "[^"]*",)', r"\1,", t, count=1), "descriptor-json"),
    "curly-quotes": (lambda t: t.replace('"version"', "“version”"), "descriptor-json"),
    "unsafe-path": (lambda t: t.replace('"data/revisions.csv"', '"../../etc/passwd"'), "unsafe-path"),
    "remote-path": (
        lambda t: t.replace('"data/revisions.csv"', '"https://example.org/r.csv"'),
        "unsafe-path",
    ),
    "declared-file-missing": (
        lambda t: t.replace('"data/revisions.csv"', '"data/revision.csv"'),
        "declared-file-missing",
    ),
}


@pytest.mark.parametrize("fault", sorted(DESCRIPTOR_FAULTS))
def test_descriptor_fault(fault: str, tmp_path: Path) -> None:
    package = make_package(tmp_path)
    mutate, code = DESCRIPTOR_FAULTS[fault]
    descriptor = package / "datapackage.json"
    descriptor.write_text(mutate(descriptor.read_text(encoding="utf-8")), encoding="utf-8")
    problems = validate_package(package, today=TODAY)
    assert code in [p.code for p in problems]
    located = next(p for p in problems if p.code == code)
    assert located.file.endswith("datapackage.json")
    if code == "descriptor-json":
        assert located.row is not None and "第" in located.message_zh


def test_all_errors_reported_together(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    for fault in ("number-percent-sign", "url-javascript-scheme", "quote-not-in-outline"):
        for file in (BAD / fault).iterdir():
            shutil.copy(file, package / "data" / file.name)
    codes = {p.code for p in validate_package(package, today=TODAY)}
    assert {"number-percent-sign", "url-scheme", "quote-not-in-outline"} <= codes


def test_cli_exit_codes_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(make_package(tmp_path / "good"))]) == 0
    assert main(["--format", "json", str(make_package(tmp_path / "bad", BAD / "encoding-gbk"))]) == 1
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report[0]["code"] == "encoding-gbk" and "GBK" in report[0]["message_en"]
