"""Turn a CSV exported from Excel/WPS into the package's canonical form, saying every change.

Canonical: UTF-8 without BOM, LF line endings, comma-delimited, the schema's header, no stray
spaces or zero-width characters, ASCII numbers and ISO dates. Only changes whose meaning is certain
are made (GBK → UTF-8, ９８．５ → 98.5, 1,000 → 1000, 2025/1/5 → 2025-01-05, 98.5% → 98.5 where the
unit is percent). Anything else (约30, 10-12, #N/A, a renamed column) is refused with the reason, and
then nothing is written: the file is rewritten whole or not at all.

Usage: python -m build_scripts.maintainer.normalize FILE [--package DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import paths
from build_scripts.validate.cells import PLAIN_INTEGER, PLAIN_NUMBER, number_issue
from build_scripts.validate.messages import say
from build_scripts.validate.problems import show

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
EDGE_SPACE = " \t\u00a0\u3000"
DATE_SHAPES = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?")
PERIOD_YEAR = re.compile(r"(\d{4})(\.0|年)?")
PERIOD_MONTH = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*月?")
PERCENT_UNITS = {"percent"}


@dataclass
class Result:
    text: str = ""
    changes: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def decode(raw: bytes, result: Result) -> str | None:
    """Decode an export's bytes, noting the conversion; None (with a refusal) if it is not text."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        result.refusals.append(
            "这是 Excel 工作簿，不是 CSV / this is an Excel workbook: Save As → CSV UTF-8 first"
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.changes.append("编码 UTF-16 → UTF-8 / encoding UTF-16 → UTF-8")
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        result.changes.append("删除 BOM / removed the byte-order mark (BOM)")
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        result.refusals.append(
            "编码无法识别（既不是 UTF-8 也不是 GBK）/ unknown encoding (neither UTF-8 nor GBK)"
        )
        return None
    result.changes.append("编码 GBK/GB18030 → UTF-8 / encoding GBK/GB18030 → UTF-8")
    return text


def parse(text: str, expected: list[str], result: Result) -> list[list[str]] | None:
    """Rows of the CSV with a canonical header, or None (with a refusal) if the header is not certain."""
    if "\r" in text:
        result.changes.append("换行 CRLF → LF / line endings CRLF → LF")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if rows and len(rows[0]) == 1 and "\t" in rows[0][0]:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
        result.changes.append("分隔符 Tab → 逗号 / delimiter Tab → comma")
    if not rows:
        result.refusals.append("文件是空的 / the file is empty")
        return None
    header = [h.translate(ZERO_WIDTH).strip(EDGE_SPACE) for h in rows[0]]
    if header != expected:
        result.refusals.append(
            f"表头与数据包不一致，无法确定各列含义 / the header does not match the schema; expected: "
            f"{','.join(expected)}; found: {','.join(rows[0])}"
        )
        return None
    if header != rows[0]:
        result.changes.append("表头：删除列名前后的空格 / header: removed spaces around column names")
    while len(rows) > 1 and not any(c.strip() for c in rows[-1]):
        rows.pop()
        result.changes.append(f"删除末尾空行 / removed a blank row at the end (row {len(rows) + 1})")
    return [header, *rows[1:]]


def normalize_cell(value: str, spec: dict, unit: str | None) -> tuple[str, str | None]:
    """The canonical cell and a description of the change, or raise ValueError when unsure."""
    new = value.translate(ZERO_WIDTH).strip(EDGE_SPACE)
    ftype = spec["type"]
    if new and ftype in ("number", "integer"):
        new = _number(new, ftype == "integer", unit)
    elif new and ftype == "date":
        new = _date(new)
    elif new and spec["name"] == "period":
        new = _period(new)
    elif new and spec.get("constraints", {}).get("pattern", "").startswith("^[a-z]"):
        new = unicodedata.normalize("NFKC", new)
    return new, (None if new == value else f"“{show(value)}” → “{show(new)}”")


def _number(value: str, integer: bool, unit: str | None) -> str:
    plain = PLAIN_INTEGER if integer else PLAIN_NUMBER
    folded = unicodedata.normalize("NFKC", value).replace("。", ".").strip()
    if plain.fullmatch(folded):
        return folded
    if folded.endswith("%") and plain.fullmatch(folded[:-1].strip()):
        if unit in PERCENT_UNITS:
            return folded[:-1].strip()
        raise ValueError("带 % 的数字，但该口径的单位不是百分比 / a % sign where the unit is not percent")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", folded):
        return folded.replace(",", "")
    code = (number_issue(folded, integer) or ("number-format", {}))[0]
    raise ValueError(say(code, value=value, file="FILE", suggest="…"))


def _date(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value)
    match = DATE_SHAPES.fullmatch(folded)
    if not match:
        raise ValueError("日期格式无法确定 / cannot be sure what date this is; write YYYY-MM-DD")
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _period(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).strip()
    if match := PERIOD_YEAR.fullmatch(folded):
        return match.group(1)
    if match := PERIOD_MONTH.fullmatch(folded):
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    if match := DATE_SHAPES.fullmatch(folded):
        return _date(folded)
    raise ValueError(
        "期别格式无法确定 / cannot be sure what period this is; write YYYY, YYYY-MM or YYYY-MM-DD"
    )


def find_resource(file: Path, package_dir: Path) -> dict:
    """The declared resource this file is (by its path inside the package, or its file name)."""
    descriptor_path = package_dir / "datapackage.json"
    if not descriptor_path.is_file():
        raise SystemExit(
            f"✗ {descriptor_path}: 找不到数据包描述文件 / no datapackage.json there (use --package DIR)"
        )
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        target = (package_dir / res["path"]).resolve()
        if file.resolve() == target or file.name == Path(res["path"]).name:
            return res
    names = ", ".join(Path(r["path"]).name for r in descriptor["resources"])
    raise SystemExit(
        f"✗ {file.name}: 不是数据包中的文件 / not a file of the package (expected one of: {names})"
    )


def series_units(package_dir: Path) -> dict[str, str]:
    """series_id → unit_id, read from the package's series.csv (for deciding whether % may be dropped)."""
    path = package_dir / "data" / "series.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["series_id"]: r["unit_id"] for r in csv.DictReader(handle)}


def normalize_text(raw: bytes, resource: dict, units: dict[str, str]) -> Result:
    """Canonical text of an export plus the list of changes, or the refusals."""
    result = Result()
    text = decode(raw, result)
    fields = resource["schema"]["fields"]
    rows = None if text is None else parse(text, [f["name"] for f in fields], result)
    if rows is None:
        return result
    for row_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            result.refusals.append(
                f"第 {row_no} 行有 {len(row)} 个单元格，应为 {len(fields)} 个 / row {row_no} has "
                f"{len(row)} cells, expected {len(fields)}"
            )
            continue
        unit = (
            units.get(row[0])
            if resource["name"] == "observations"
            else (
                row[[f["name"] for f in fields].index("unit_id")]
                if resource["name"] == "indicators"
                else None
            )
        )
        for col, spec in enumerate(fields):
            try:
                row[col], change = normalize_cell(row[col], spec, unit)
            except ValueError as err:
                result.refusals.append(
                    f"第 {row_no} 行 {spec['name']} 列 / row {row_no}, column {spec['name']}: "
                    f"“{row[col]}”: {err}"
                )
                continue
            if change:
                result.changes.append(
                    f"第 {row_no} 行 {spec['name']} 列 / row {row_no}, column {spec['name']}: {change}"
                )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    result.text = out.getvalue()
    return result


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, so it is never left half-written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--package", type=Path, default=paths.PACKAGE)
    parser.add_argument("--check", action="store_true", help="report what would change; write nothing")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"✗ {args.file}: 文件不存在 / no such file")
        return 1
    result = normalize_text(
        args.file.read_bytes(), find_resource(args.file, args.package), series_units(args.package)
    )
    for change in result.changes:
        print(f"  ✎ {change}")
    if result.refusals:
        for refusal in result.refusals:
            print(f"  ✗ {refusal}")
        print(
            f"✗ {args.file}: 有 {len(result.refusals)} 处无法自动修改，文件未改动 / {len(result.refusals)} cell(s) need a "
            "human decision; the file was NOT changed."
        )
        return 1
    if not result.changes:
        print(f"✓ {args.file}: 已是规范格式 / already canonical")
    elif args.check:
        print(
            f"… {args.file}: {len(result.changes)} 处将被修改（--check，未写入）/ {len(result.changes)} change(s) "
            "would be made (--check: nothing written)"
        )
    else:
        write_atomically(args.file, result.text)
        print(
            f"✓ {args.file}: 已改为规范格式，共 {len(result.changes)} 处 / normalized, {len(result.changes)} change(s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
