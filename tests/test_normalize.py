"""An Excel export (GBK, BOM, CRLF, full-width digits, 98.5%, 2025年) becomes canonical, then validates."""

from __future__ import annotations

import shutil
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
