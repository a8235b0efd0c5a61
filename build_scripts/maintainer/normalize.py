"""Turn a CSV exported from Excel/WPS into the package's canonical form, saying every change.

Canonical: UTF-8 without BOM, LF line endings, comma-delimited, the schema's header, no stray
spaces or zero-width characters, ASCII numbers and ISO dates. Only changes whose meaning is certain
are made (GBK or Big5 → UTF-8 when the bytes say which, ９８．５ → 98.5, 1,000 → 1000,
2025/1/5 → 2025-01-05, 98.5% → 98.5 where the unit is percent, 95.000000000000014 → 95 as Excel
shows it, a quote-all or semicolon export → plain comma CSV). The file keeps its mode. Anything else (约30, 10-12, #N/A, a renamed column) is refused with the reason, and
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
import stat
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import paths
from build_scripts.validate.cells import (
    PLAIN_INTEGER,
    PLAIN_NUMBER,
    SIGNIFICANT_DIGITS,
    number_issue,
    rounded,
    significant,
)
from build_scripts.validate.encoding import detect
from build_scripts.validate.messages import render, say
from build_scripts.validate.problems import show
from build_scripts.validate.reading import Unreadable, read_bytes

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
EDGE_SPACE = " \t\u00a0\u3000"
DATE_SHAPES = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?")
PERIOD_YEAR = re.compile(r"(\d{4})(\.0|年)?")
PERIOD_MONTH = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*月?")
PERCENT_UNITS = {"percent"}
ENCODING_NAMES = {
    "encoding-gbk": "GBK/GB18030",
    "encoding-big5": "Big5",
    "encoding-utf16": "UTF-16",
    "encoding-utf16-nobom": "UTF-16",
}
DELIMITERS = (("\t", "Tab"), (";", ";"), ("|", "|"))


@dataclass
class Result:
    text: str = ""
    changes: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def decode(raw: bytes, result: Result) -> str | None:
    """Decode an export's bytes, noting the conversion; None (with a refusal) if it is not certain text."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        result.refusals.append(say("fix-workbook"))
        return None
    found = detect(raw)
    if found.codec is None:
        detail = render(found.code, file="FILE", **found.params)
        result.refusals.append(say("fix-encoding-refused", detail=f"{detail.zh} / {detail.en}"))
        return None
    if found.code == "bom":
        result.changes.append(say("fix-bom"))
    elif found.code != "utf-8":
        name = ENCODING_NAMES.get(found.code, found.codec)
        result.changes.append(say("fix-encoding", name=name))
    try:
        return raw.decode(found.codec)
    except UnicodeDecodeError as err:  # e.g. a UTF-16 mark on an odd number of bytes
        detail = render(
            "encoding-unknown", file="FILE", line=raw.count(b"\n", 0, err.start) + 1, guess=found.codec
        )
        result.refusals.append(say("fix-encoding-refused", detail=f"{detail.zh} / {detail.en}"))
        return None


def parse(text: str, expected: list[str], result: Result) -> list[list[str]] | None:
    """Rows of the CSV with a canonical header, or None (with a refusal) if the header is not certain."""
    if "\r" in text:
        result.changes.append(say("fix-line-endings", kind="CRLF" if "\r\n" in text else "CR"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        result.refusals.append(say("fix-empty"))
        return None
    rows = _delimiter(text, rows, expected, result)
    if rows is None:
        return None
    header = [h.translate(ZERO_WIDTH).strip(EDGE_SPACE) for h in rows[0]]
    if header != expected:
        result.refusals.append(say("fix-header", expected=",".join(expected), found=",".join(rows[0])))
        return None
    if header != rows[0]:
        result.changes.append(say("fix-header-spaces"))
    while len(rows) > 1 and not any(c.strip() for c in rows[-1]):
        rows.pop()
        result.changes.append(say("fix-blank-row", row=len(rows) + 1))
    return [header, *rows[1:]]


def _delimiter(
    text: str, rows: list[list[str]], expected: list[str], result: Result
) -> list[list[str]] | None:
    """Rows split on the export's delimiter (Tab, ; or |) when the header proves which it is."""
    if len(rows[0]) != 1 or len(expected) == 1:
        return rows
    for delimiter, name in DELIMITERS:
        if delimiter in rows[0][0]:
            split = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            if [h.strip(EDGE_SPACE) for h in split[0]] == expected:
                result.changes.append(say("fix-delimiter", name=name))
                return split
            result.refusals.append(say("fix-delimiter-refused", name=name))
            return None
    return rows


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
        return folded if integer or significant(folded) <= SIGNIFICANT_DIGITS else rounded(folded)
    if folded.endswith("%") and plain.fullmatch(folded[:-1].strip()):
        if unit in PERCENT_UNITS:
            return folded[:-1].strip()
        raise ValueError(say("fix-percent-unit"))
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", folded):
        return folded.replace(",", "")
    code = (number_issue(folded, integer) or ("number-format", {}))[0]
    raise ValueError(say(code, value=value, file="FILE", suggest="…"))


def _date(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value)
    match = DATE_SHAPES.fullmatch(folded)
    if not match:
        raise ValueError(say("fix-date-unsure"))
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
    raise ValueError(say("fix-period-unsure"))


def find_resource(file: Path, package_dir: Path) -> dict:
    """The declared resource this file is (by its path inside the package, or its file name)."""
    descriptor_path = package_dir / "datapackage.json"
    if not descriptor_path.is_file():
        raise SystemExit(f"✗ {say('fix-no-descriptor', path=descriptor_path)}")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        target = (package_dir / res["path"]).resolve()
        if file.resolve() == target or file.name == Path(res["path"]).name:
            return res
    names = ", ".join(Path(r["path"]).name for r in descriptor["resources"])
    raise SystemExit(f"✗ {say('fix-not-in-package', name=file.name, names=names)}")


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
            result.refusals.append(say("fix-row-width", row=row_no, n=len(row), expected=len(fields)))
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
                    say("fix-cell-refused", row=row_no, column=spec["name"], value=show(row[col]), reason=err)
                )
                continue
            if change:
                result.changes.append(say("fix-cell", row=row_no, column=spec["name"], change=change))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    result.text = out.getvalue()
    if not result.changes and result.text != text:
        result.changes.append(say("fix-quoting"))
    return result


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, so it is never left half-written."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(tmp, mode)  # mkstemp creates 0600; the file keeps the mode it had
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--package", type=Path, default=paths.PACKAGE)
    parser.add_argument("--check", action="store_true", help="report what would change; write nothing")
    args = parser.parse_args(argv)
    file = args.file.absolute()
    try:
        raw = read_bytes(file, file.parent)
    except Unreadable as err:
        reason = render(err.code, file=args.file, **err.params)
        print(f"✗ {say('fix-unreadable', path=args.file, reason=f'{reason.zh} / {reason.en}')}")
        return 1
    result = normalize_text(raw, find_resource(args.file, args.package), series_units(args.package))
    for change in result.changes:
        print(f"  ✎ {change}")
    if result.refusals:
        for refusal in result.refusals:
            print(f"  ✗ {refusal}")
        print(f"✗ {say('fix-refused', path=args.file, n=len(result.refusals))}")
        return 1
    if not result.changes:
        print(f"✓ {say('fix-canonical', path=args.file)}")
    elif args.check:
        print(f"… {say('fix-would-change', path=args.file, n=len(result.changes))}")
    else:
        write_atomically(args.file, result.text)
        print(f"✓ {say('fix-done', path=args.file, n=len(result.changes))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
