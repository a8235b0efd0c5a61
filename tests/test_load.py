"""Loading a validated package: typed records, typed frames on demand, and refusal of what the loader
does not understand (build_scripts/load/package.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.load.package import load_package

MINI_DATA = paths.FIXTURES / "valid-mini" / "data"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The project's descriptor over tests/fixtures/valid-mini's data (real values), in a temp folder."""
    shutil.copy(paths.PACKAGE_DESCRIPTOR, tmp_path / "datapackage.json")
    shutil.copytree(MINI_DATA, tmp_path / "data")
    return tmp_path


def replace_cell(csv_path: Path, column: str, new: str) -> int:
    """Put `new` into `column` of the first data row; that row's line number (the header is line 1)."""
    lines = csv_path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = new
    lines[1] = ",".join(cells)
    csv_path.write_text("\n".join(lines), encoding="utf-8")
    return 2


def test_frames_have_one_dtype_per_table_schema_type_and_every_row(package: Path) -> None:
    pkg = load_package(package)
    for resource in pkg.descriptor["resources"]:
        frame = pkg.frames[resource["name"]]
        assert len(frame) == len(pkg.rows[resource["name"]]), resource["name"]
        for field in resource["schema"]["fields"]:
            dtype = str(frame[field["name"]].dtype)
            expected = {"integer": "Int64", "number": "Float64", "date": "datetime64[ns]"}
            assert dtype == expected.get(field.get("type", "string"), "string"), (resource["name"], field)
    assert len(pkg.frames["observations"]) == len(pkg.observations) > 0
    assert pkg.frames is pkg.frames  # made once


@pytest.mark.parametrize(
    ("resource", "column", "cell", "kind"),
    [
        ("indicators", "section_id", "1.5", "integer"),
        ("indicators", "section_id", "一", "integer"),
        ("indicators", "target_year", "2025年", "integer"),
        ("observations", "value", "93.58%", "number"),
        ("observations", "value", "1_000", "number"),
        ("observations", "value", "NaN", "number"),
        ("sources", "accessed_date", "2026/11/30", "date"),
        ("sources", "accessed_date", "2026-02-30", "date"),
    ],
)
def test_a_cell_not_of_its_fields_type_is_refused_with_file_row_and_field(
    package: Path, resource: str, column: str, cell: str, kind: str
) -> None:
    row = replace_cell(package / "data" / f"{resource}.csv", column, cell)
    with pytest.raises(ValueError) as raised:
        load_package(package)
    assert (
        str(raised.value) == f"data/{resource}.csv row {row}: field {column}: {cell!r} is not of type {kind}"
    )
