"""An Excel export (GBK, BOM, CRLF, full-width digits, 98.5%, 2025年) becomes canonical, then validates."""

from __future__ import annotations

import csv
import io
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.maintainer.normalize import main, normalize_cell
from build_scripts.validate.package import validate_package

EXPORTS = paths.FIXTURES / "excel-export"
VALID = paths.FIXTURES / "valid-mini"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(VALID, package)
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    return package


@pytest.mark.parametrize(
    ("export", "resource"),
    [
        ("observations-gbk-fullwidth-crlf.csv", "observations.csv"),
        ("sources-bom-slash-date.csv", "sources.csv"),
    ],
)
def test_export_normalizes_to_the_canonical_file_and_validates(
    export: str, resource: str, package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package / "data" / resource
    shutil.copy(EXPORTS / export, target)
    assert validate_package(package, today=date(2026, 11, 26)) != []
    assert main([str(target), "--package", str(package)]) == 0
    assert target.read_bytes() == (VALID / "data" / resource).read_bytes()
    assert validate_package(package, today=date(2026, 11, 26)) == []
    printed = capsys.readouterr().out
    assert "→" in printed and "normalized" in printed


def test_every_change_is_printed(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = package / "data" / "observations.csv"
    shutil.copy(EXPORTS / "observations-gbk-fullwidth-crlf.csv", target)
    main([str(target), "--package", str(package)])
    printed = capsys.readouterr().out
    for change in (
        "GBK/GB18030 → UTF-8",
        "CRLF → LF",
        "“2022年” → “2022”",
        "“９３．５８” → “93.58”",
        "“93.29%” → “93.29”",
        "“117.8761 ” → “117.8761”",
    ):
        assert change in printed


def test_ambiguous_value_is_refused_and_nothing_written(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package / "data" / "observations.csv"
    shutil.copy(EXPORTS / "observations-ambiguous-approx.csv", target)
    before = target.read_bytes()
    assert main([str(target), "--package", str(package)]) == 1
    assert target.read_bytes() == before
    assert "约93.58" in capsys.readouterr().out


def test_check_mode_writes_nothing(package: Path) -> None:
    target = package / "data" / "sources.csv"
    shutil.copy(EXPORTS / "sources-bom-slash-date.csv", target)
    before = target.read_bytes()
    assert main([str(target), "--package", str(package), "--check"]) == 0
    assert target.read_bytes() == before


PERCENT = {"name": "value", "type": "number"}
CELLS = [
    ("１，０００", {"name": "value", "type": "number"}, None, "1000"),
    ("1,000", {"name": "value", "type": "number"}, None, "1000"),
    ("98.5%", PERCENT, "percent", "98.5"),
    ("2025年1月5日", {"name": "published_date", "type": "date"}, None, "2025-01-05"),
    ("2024年5月", {"name": "period", "type": "string"}, None, "2024-05"),
    ("2025.0", {"name": "period", "type": "string"}, None, "2025"),
    (
        "\u3000hubei\u00a0",
        {"name": "geography_id", "type": "string", "constraints": {"pattern": "^[a-z]"}},
        None,
        "hubei",
    ),
]


@pytest.mark.parametrize(("raw", "spec", "unit", "expected"), CELLS)
def test_certain_cell_changes(raw: str, spec: dict, unit: str | None, expected: str) -> None:
    assert normalize_cell(raw, spec, unit)[0] == expected


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("98.5%", "count-orgs"), ("约30", None), ("10-12", None), ("#N/A", None), ("暂无", None), ("1E3", None)],
)
def test_uncertain_numbers_are_refused(raw: str, unit: str | None) -> None:
    with pytest.raises(ValueError):
        normalize_cell(raw, PERCENT, unit)


def _write(path: Path, rows: list[list[str]], **dialect: object) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", **dialect).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_quote_all_export_becomes_canonical(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = package / "data" / "observations.csv"
    _write(target, _rows(VALID / "data" / "observations.csv"), quoting=csv.QUOTE_ALL)
    assert main([str(target), "--package", str(package)]) == 0
    assert target.read_bytes() == (VALID / "data" / "observations.csv").read_bytes()
    assert "canonical CSV quoting" in capsys.readouterr().out


def test_rewritten_file_keeps_its_mode(package: Path) -> None:
    target = package / "data" / "observations.csv"
    shutil.copy(EXPORTS / "observations-gbk-fullwidth-crlf.csv", target)
    target.chmod(0o644)
    assert main([str(target), "--package", str(package)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_semicolon_export_is_converted_when_the_header_proves_it(package: Path) -> None:
    target = package / "data" / "sources.csv"
    _write(target, _rows(VALID / "data" / "sources.csv"), delimiter=";")
    assert main([str(target), "--package", str(package)]) == 0
    assert target.read_bytes() == (VALID / "data" / "sources.csv").read_bytes()


def test_semicolon_export_with_a_wrong_header_is_refused_naming_the_delimiter(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package / "data" / "sources.csv"
    rows = _rows(VALID / "data" / "sources.csv")
    rows[0][1] = "标题"
    _write(target, rows, delimiter=";")
    before = target.read_bytes()
    assert main([str(target), "--package", str(package)]) == 1
    assert target.read_bytes() == before
    assert "the delimiter is “;”" in capsys.readouterr().out


def test_big5_export_never_becomes_mojibake(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = package / "data" / "geographies.csv"
    text = (VALID / "data" / "geographies.csv").read_text(encoding="utf-8").replace("全国", "全國")
    target.write_bytes(text.encode("cp950"))
    assert main([str(target), "--package", str(package)]) == 0
    assert target.read_text(encoding="utf-8") == text
    assert "encoding Big5 → UTF-8" in capsys.readouterr().out


def test_ambiguous_encoding_is_refused(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = package / "data" / "units.csv"
    target.write_bytes((VALID / "data" / "units.csv").read_text(encoding="utf-8").encode("gb18030"))
    before = target.read_bytes()
    assert main([str(target), "--package", str(package)]) == 1
    assert target.read_bytes() == before
    printed = capsys.readouterr().out
    assert "万件" in printed and "GBK" in printed and "Big5" in printed and "NOT changed" in printed


def test_a_link_is_refused(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = package / "data" / "sources.csv"
    target.unlink()
    target.symlink_to(VALID / "data" / "sources.csv")
    assert main([str(target), "--package", str(package)]) == 1
    assert "symbolic link" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("95.000000000000014", "95"),
        ("93.290000000000006", "93.29"),
        ("0.1234567890123456", "0.123456789012346"),
    ],
)
def test_excel_float_noise_is_rounded_to_15_digits(raw: str, expected: str) -> None:
    assert normalize_cell(raw, PERCENT, None)[0] == expected


def test_a_broken_utf16_export_is_refused_not_crashed(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = package / "data" / "observations.csv"
    target.write_bytes(
        b"\xff\xfe"
        + (VALID / "data" / "observations.csv").read_bytes().decode().encode("utf-16-le")
        + b"\x00"
    )
    assert main([str(target), "--package", str(package)]) == 1
    assert "NOT changed" in capsys.readouterr().out
