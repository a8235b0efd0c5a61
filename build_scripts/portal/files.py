"""The portal's download files: byte-identical package copies, a zip, an Excel workbook, tidy CSVs.

Everything is written twice, under `data/latest/` and under `data/v<version>/`, so a link to a
version keeps pointing at that version's files. The zip is reproducible (sorted entries, fixed
timestamps). The workbook has one sheet per resource with two header rows (Chinese label, field
name); integers and numbers are numeric cells, dates are date cells, and every text cell is stored
as text (`data_type` "s", plus Excel's quote prefix for text that starts like a formula), so a
value such as `=1+1` is shown, never evaluated.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from openpyxl import Workbook
from openpyxl.styles import Font

from build_scripts.load.package import Package, read_rows
from build_scripts.portal.common import LATEST, PACKAGE_BASENAME, Context, zh_label

MEDIATYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIDY_FIELDS = [
    "indicator_id",
    "series_id",
    "series_role",
    "geography_id",
    "period",
    "value",
    "unit_id",
    "value_status",
    "comparator",
    "target_value",
    "target_value_max",
    "target_unit_id",
    "target_year",
    "source_id",
    "source_url",
]


@dataclass(frozen=True)
class Download:
    """One published file: its path from the site root, size and media type."""

    path: str
    n_bytes: int
    mediatype: str

    @property
    def name(self) -> str:
        """The file name."""
        return PurePosixPath(self.path).name


def publish_package(ctx: Context, docs_dir: Path) -> dict[str, Download]:
    """Write the package copies, zip and workbook under v<version>/, then the same files under latest/.

    Returns the latest/ files keyed `datapackage`, `zip`, `xlsx` and `csv:<resource>`.
    """
    versioned = _publish_into(ctx.pkg, docs_dir, ctx.versioned)
    latest = docs_dir / LATEST
    if latest.exists():
        shutil.rmtree(latest)
    shutil.copytree(docs_dir / ctx.versioned, latest)
    return {
        key: _download(docs_dir, LATEST + d.path.removeprefix(ctx.versioned)) for key, d in versioned.items()
    }


def _publish_into(pkg: Package, docs_dir: Path, folder: str) -> dict[str, Download]:
    target = docs_dir / folder
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    out = {"datapackage": _copy(pkg.directory / "datapackage.json", docs_dir, folder + "datapackage.json")}
    for res in pkg.descriptor["resources"]:
        rel = resource_path(res)
        out[f"csv:{res['name']}"] = _copy(pkg.directory / rel, docs_dir, folder + rel)
    zip_path = folder + f"{PACKAGE_BASENAME}.zip"
    write_zip(pkg.directory, docs_dir / zip_path)
    out["zip"] = _download(docs_dir, zip_path)
    xlsx_path = folder + f"{PACKAGE_BASENAME}.xlsx"
    write_xlsx(pkg, docs_dir / xlsx_path)
    out["xlsx"] = _download(docs_dir, xlsx_path)
    return out


def resource_path(resource: dict) -> str:
    """A resource's relative path, refused if it is not a plain relative path to a file."""
    path = resource["path"]
    if (
        not isinstance(path, str)
        or path.startswith("/")
        or ".." in PurePosixPath(path).parts
        or "://" in path
    ):
        raise ValueError(f"resource {resource['name']}: path {path!r} is not a relative file path")
    return path


def _copy(source: Path, docs_dir: Path, dest: str) -> Download:
    (docs_dir / dest).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, docs_dir / dest)
    return _download(docs_dir, dest)


def _download(docs_dir: Path, path: str) -> Download:
    suffix = PurePosixPath(path).suffix
    if suffix not in MEDIATYPES:
        raise ValueError(f"no media type for {path}")
    return Download(path, (docs_dir / path).stat().st_size, MEDIATYPES[suffix])


def write_zip(package_dir: Path, dest: Path) -> None:
    """Every file of the package folder (hidden files excluded), sorted, with fixed timestamps."""
    files = sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(package_dir).parts)
    )
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(package_dir).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def write_xlsx(pkg: Package, dest: Path) -> None:
    """The workbook: an 'about' sheet, then one sheet per resource (Chinese label row, field-name row)."""
    book = Workbook()
    about = book.active
    about.title = "about"
    _fill_about(about, pkg)
    for res in pkg.descriptor["resources"]:
        sheet = book.create_sheet(res["name"])
        fields = res["schema"]["fields"]
        for col, f in enumerate(fields, start=1):
            for row, text in ((1, zh_label(f["description"])), (2, f["name"])):
                text_cell(sheet.cell(row=row, column=col), text).font = Font(bold=True)
        for r, row in enumerate(read_rows(pkg.directory, res), start=3):
            for col, f in enumerate(fields, start=1):
                set_cell(sheet.cell(row=r, column=col), f["type"], row[f["name"]])
        sheet.freeze_panes = "A3"
    stamp = datetime.fromisoformat(pkg.descriptor["created"].replace("Z", "+00:00")).replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    book.properties.title = pkg.descriptor["title"]
    book.save(dest)


def _fill_about(sheet, pkg: Package) -> None:
    d = pkg.descriptor
    lic = d["licenses"][0]
    rows = [
        ("名称 Title", d["title"]),
        ("版本 Version", d["version"]),
        ("许可 Licence", f"{lic['title']} ({lic['path']})"),
        ("说明 Description", d["description"]),
        ("", ""),
        ("工作表 Sheet", "内容 Contents"),
    ]
    rows += [(r["name"], f"{r['title']} — {r['description']}") for r in d["resources"]]
    rows += [
        ("", ""),
        (
            "表头 Headers",
            "第1行为中文说明，第2行为字段名（与CSV相同）。Row 1: Chinese label; "
            "row 2: field name (as in the CSV).",
        ),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        text_cell(sheet.cell(row=r, column=1), key).font = Font(bold=True)
        text_cell(sheet.cell(row=r, column=2), value)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 120


def text_cell(cell, text: str):
    """Store `text` as a string cell whatever it looks like (never a formula, number or error)."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def numeric_cell(cell, text: str) -> None:
    """A numeric cell whose stored text is exactly the CSV's (openpyxl would print a float with 16
    significant digits, turning 93.29 into 93.29000000000001)."""
    if not NUMBER_RE.match(text) or len(text.replace("-", "").replace(".", "").lstrip("0")) > 15:
        raise ValueError(f"{text!r} is not a plain decimal Excel keeps exactly (15 digits)")
    cell.value = text
    cell.data_type = "n"


def set_cell(cell, kind: str, text: str | None) -> None:
    """One CSV value into a cell of its Table Schema type; an empty value stays an empty cell."""
    if text is None:
        return
    if kind == "integer":
        cell.value = int(text)
    elif kind == "number":
        numeric_cell(cell, text)
    elif kind == "date":
        cell.value = date.fromisoformat(text)
        cell.number_format = "yyyy-mm-dd"
    elif kind == "string":
        text_cell(cell, text)
    else:
        raise ValueError(f"unsupported field type {kind!r}")


def tidy_rows(pkg: Package, indicator_id: str) -> list[dict[str, str]]:
    """One target's observations, one row each: series, place, period, value, target and source."""
    ind = next(i for i in pkg.indicators if i.indicator_id == indicator_id)
    series = {s.series_id: s for s in pkg.series_of(indicator_id)}
    rows = []
    for obs in pkg.observations_of(indicator_id):
        s = series[obs.series_id]
        rows.append(
            {
                "indicator_id": ind.indicator_id,
                "series_id": s.series_id,
                "series_role": s.role,
                "geography_id": s.geography_id,
                "period": obs.period,
                "value": obs.value_text,
                "unit_id": s.unit_id,
                "value_status": obs.status,
                "comparator": ind.comparator,
                "target_value": ind.target_text or "",
                "target_value_max": ind.target_max_text or "",
                "target_unit_id": ind.unit_id or "",
                "target_year": "" if ind.target_year is None else str(ind.target_year),
                "source_id": obs.source_id,
                "source_url": pkg.sources[obs.source_id].url,
            }
        )
    return rows


def tidy_csv(rows: list[dict[str, str]]) -> str:
    """The tidy rows as CSV text in the package's dialect (comma, minimal quoting, LF)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TIDY_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def publish_target_csvs(ctx: Context, docs_dir: Path) -> dict[str, Download]:
    """`targets/<id>.csv` for every target (a header only when it has no data), latest and versioned."""
    out = {}
    for folder in (ctx.versioned, LATEST):
        (docs_dir / folder / "targets").mkdir(parents=True, exist_ok=True)
        for ind in ctx.pkg.indicators:
            path = f"{folder}targets/{ind.indicator_id}.csv"
            (docs_dir / path).write_text(
                tidy_csv(tidy_rows(ctx.pkg, ind.indicator_id)), encoding="utf-8", newline=""
            )
            out[ind.indicator_id] = _download(docs_dir, path)
    return out
