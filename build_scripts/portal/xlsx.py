"""The Excel workbook: an `about` sheet, a flat `all_observations` sheet, then one sheet per table.

Every data sheet has two header rows: row 1 the field's whole Chinese description, row 2 the field
name (as in the CSV), so `pandas.read_excel(url, sheet_name=..., header=1)` gets the field names.
`all_observations` has one row per observation with the target's name, unit, period, value and
source (the columns of the per-target CSVs), with a filter on its header. Integers and numbers are
numeric cells, dates are date cells, and every text cell is stored as text (`data_type` "s", plus
Excel's quote prefix for text that starts like a formula), so `=1+1` is shown, never evaluated.

The file is reproducible: openpyxl stamps the save time into `docProps/core.xml` and every zip
entry, so the saved bytes are rewritten with the package's own date and fixed entry times.

Writing it takes ~0.5 s (importing openpyxl 0.2-0.3 s, the workbook 0.25 s), the longest part of
the portal's files. The bytes are kept in `.cache/xlsx/`, keyed by everything they are made from (the
descriptor's and every table's bytes, the date, this module's code and what it imports,
openpyxl's version), so a build whose data did not change copies them; like the chart caches, a
cached workbook is the same bytes a new one would be.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path

from build_scripts import paths
from build_scripts.common.files import code_digest, touch, write_atomic
from build_scripts.load.package import Package, read_rows
from build_scripts.portal import targets
from build_scripts.portal.common import split_bilingual

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FLAT_SHEET = "all_observations"
NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
CACHE = paths.CACHE / "xlsx"


def zh_header(description: str) -> str:
    """Row 1 of a sheet: the whole Chinese half of a field's description."""
    return split_bilingual(description)[1]


def write_xlsx(pkg: Package, dest: Path, stamp: date, cache: Path | None = CACHE) -> None:
    """The workbook, dated `stamp` (created and modified), byte-identical for the same inputs; taken
    from `cache` when it holds the workbook of these inputs (`cache=None`: always made)."""
    if cache is None:
        dest.write_bytes(workbook(pkg, stamp))
        return
    entry = cache / f"{workbook_key(pkg, stamp)}.xlsx"
    if entry.is_file():
        data = entry.read_bytes()
        touch(entry)
    else:
        data = workbook(pkg, stamp)
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, data)
    dest.write_bytes(data)


def workbook_key(pkg: Package, stamp: date) -> str:
    """A hash of everything the workbook is made from."""
    code = code_digest(__name__)  # this module and what it imports
    digest = hashlib.sha256(f"{stamp.isoformat()} openpyxl {version('openpyxl')} {code}".encode())
    inputs = ["datapackage.json", *(r["path"] for r in pkg.descriptor["resources"])]
    for path in [pkg.directory / rel for rel in inputs]:
        data = path.read_bytes()
        digest.update(f"{path.name} {len(data)}\n".encode() + data)
    return digest.hexdigest()


def workbook(pkg: Package, stamp: date) -> bytes:
    """The workbook's bytes (see write_xlsx)."""
    from openpyxl import Workbook  # here: importing openpyxl costs 0.2-0.3 s

    book = Workbook()
    about = book.active
    about.title = "about"
    _fill_about(about, pkg)
    _fill_flat(book.create_sheet(FLAT_SHEET), pkg)
    for res in pkg.descriptor["resources"]:
        sheet = book.create_sheet(res["name"])
        fields = res["schema"]["fields"]
        _header(sheet, [(zh_header(f["description"]), f["name"]) for f in fields])
        for r, row in enumerate(read_rows(pkg.directory, res), start=3):
            for col, f in enumerate(fields, start=1):
                set_cell(sheet.cell(row=r, column=col), f["type"], row[f["name"]])
    moment = datetime(stamp.year, stamp.month, stamp.day)
    book.properties.created = book.properties.modified = moment
    book.properties.title = pkg.descriptor["title"]
    book.properties.creator = pkg.descriptor["contributors"][0]["title"]
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue(), moment.isoformat() + "Z")


def _fixed(saved: bytes, modified: str) -> bytes:
    """The saved workbook with a fixed `modified` property and fixed zip entry times."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + modified.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def _bold():  # -> openpyxl.styles.Font
    from openpyxl.styles import Font

    return Font(bold=True)


def _header(sheet, labels: list[tuple[str, str]]) -> None:
    for col, (zh, name) in enumerate(labels, start=1):
        for row, text in ((1, zh), (2, name)):
            text_cell(sheet.cell(row=row, column=col), text).font = _bold()
    sheet.freeze_panes = "A3"


def _fill_flat(sheet, pkg: Package) -> None:
    """One row per observation (all targets), the per-target CSVs' columns, filterable."""
    _header(sheet, [(zh_header(text), name) for name, _, text in targets.FIELDS])
    r = 2
    for ind in pkg.indicators:
        for row in targets.rows(pkg, ind):
            r += 1
            for col, (name, kind, _) in enumerate(targets.FIELDS, start=1):
                set_cell(sheet.cell(row=r, column=col), kind, row[name] or None)
    last = sheet.cell(row=max(r, 2), column=len(targets.FIELDS)).coordinate
    sheet.auto_filter.ref = f"A2:{last}"


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
        (
            FLAT_SHEET,
            "All observations, one row each, with target name, unit, period, value and source; "
            "filterable. 全部观测值，每行一个，含目标名称、单位、时期、数值与来源，可筛选。",
        ),
    ]
    rows += [(r["name"], f"{r['title']} — {r['description']}") for r in d["resources"]]
    rows += [
        ("", ""),
        (
            "表头 Headers",
            "第1行为中文说明，第2行为字段名（与CSV相同）。Row 1: Chinese label; "
            "row 2: field name (as in the CSV): pandas.read_excel(..., sheet_name=..., header=1).",
        ),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        text_cell(sheet.cell(row=r, column=1), key).font = _bold()
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
    elif kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean (true or false)")
        cell.value = text == "true"
    else:
        raise ValueError(f"unsupported field type {kind!r}")
