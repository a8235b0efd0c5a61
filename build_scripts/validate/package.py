"""Validate the data package: bytes → header → cells → frictionless → project rules.

Every fault of a run is collected and reported together, each located as a spreadsheet shows it
(file, row with the header as row 1, column) and explained in Chinese and English with a fix.

Usage: python -m build_scripts.validate [--format text|json] [PACKAGE_DIR]
Exit status: 0 valid, 1 problems found. (Silent revisions against a git ref are checked by
`python -m build_scripts.maintainer.revisions --base REF`, which runs this validator first.)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import time
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import frictionless

from build_scripts import paths
from build_scripts.common.dates import BuildDateError, build_today
from build_scripts.validate.cells import check_rows
from build_scripts.validate.changelog import check_changelog
from build_scripts.validate.descriptor import load_descriptor
from build_scripts.validate.files import check_resource_paths, decode_csv, is_safe
from build_scripts.validate.header import check_header
from build_scripts.validate.problems import Problem, column_letter, problem
from build_scripts.validate.reading import MAX_BYTES
from build_scripts.validate.rules import Table, check_rules
from build_scripts.validate.tabular import check_package

REQUIRED_RESOURCES = (
    "sections",
    "measures",
    "outline_text",
    "units",
    "geographies",
    "indicators",
    "series",
    "sources",
    "observations",
    "revisions",
)
MAY_BE_EMPTY = {"revisions"}
ONCE = {"symlink", "special-file"}  # the same link or special file is one problem wherever it is met


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    path = path.resolve()
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else path.as_posix()


def validate_package(
    package_dir: Path = paths.PACKAGE, *, today: date, outline: Path = paths.OUTLINE_ORIGINAL
) -> list[Problem]:
    """All problems of the package in `package_dir` on the day `today`; an empty list means it is valid."""
    rel_dir = display_path(package_dir)
    descriptor, problems = load_descriptor(
        package_dir / "datapackage.json", f"{rel_dir}/datapackage.json", package_dir
    )
    if descriptor is None:
        return problems
    names = {r.get("name") for r in descriptor["resources"]}
    problems += [
        problem("resource-missing", f"{rel_dir}/datapackage.json", resource=n)
        for n in REQUIRED_RESOURCES
        if n not in names
    ]
    path_problems = list(check_resource_paths(descriptor, package_dir, rel_dir))
    problems += path_problems
    tables, broken, explained = read_tables(descriptor, package_dir, rel_dir, today, problems)
    if not any(p.code == "unsafe-path" for p in path_problems):
        problems += run_frictionless(descriptor, package_dir, rel_dir, broken, explained)
    problems += check_rules(tables, outline, flagged=frozenset(explained))
    problems += check_changelog(package_dir, rel_dir)
    problems = [with_letter(p, descriptor, rel_dir) for p in problems]
    unique: dict[tuple, Problem] = {}
    for p in problems:  # a linked folder is named once, not once per file inside it
        key = (p.code, p.message_en) if p.code in ONCE else (p.file, p.row, p.column, p.code, p.message_en)
        unique.setdefault(key, p)
    return sorted(unique.values(), key=lambda p: (p.file, p.row or 0, p.column_letter or ""))


def with_letter(found: Problem, descriptor: dict, rel_dir: str) -> Problem:
    """Fill in the spreadsheet column letter of a problem located by column name only."""
    if found.column is None or found.column_letter is not None:
        return found
    for res in descriptor["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        if f"{rel_dir}/{res.get('path')}" == found.file and found.column in names:
            return replace(found, column_letter=column_letter(names.index(found.column)))
    return found


def read_tables(
    descriptor: dict, package_dir: Path, rel_dir: str, today: date, problems: list[Problem]
) -> tuple[dict[str, Table], set[str], set[tuple[str, int, str]]]:
    """Parse every readable resource; return its rows, the unreadable resources and the cells explained."""
    tables: dict[str, Table] = {}
    broken: set[str] = set()
    explained: set[tuple[str, int, str]] = set()
    for res in descriptor["resources"]:
        name, path = res["name"], package_dir / str(res.get("path", ""))
        rel = f"{rel_dir}/{res.get('path')}"
        if not is_safe(str(res.get("path", ""))) or not os.path.lexists(path):
            broken.add(name)  # already reported as an unsafe path or a missing file
            continue
        found = _read_one(res, path, rel, today, package_dir)
        problems += found[1]
        if found[0] is None:
            broken.add(name)
            continue
        tables[name] = (rel, found[0])
        explained |= {(p.file, p.row or 0, p.column or "") for p in found[1]}
        explained |= {(p.file, p.row or 0, "*") for p in found[1] if p.column is None}
    return tables, broken, explained


def _read_one(
    res: dict, path: Path, rel: str, today: date, package_dir: Path
) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    text, problems = decode_csv(path, rel, package_dir)
    if text is None:
        return None, problems
    rows, syntax = parse_csv(text, rel)
    if syntax is not None:
        return None, [*problems, syntax]
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    header = check_header(rows, expected, rel)
    if header:
        return None, problems + header
    if len(rows) == 1 and res["name"] not in MAY_BE_EMPTY:
        return None, [*problems, problem("no-data-rows", rel, row=1)]
    problems += check_rows(rows, fields, rel, today)
    records = [dict(zip(expected, r, strict=True)) for r in rows[1:] if len(r) == len(expected)]
    return records, problems


def run_frictionless(
    descriptor: dict, package_dir: Path, rel_dir: str, broken: set[str], explained: set[tuple[str, int, str]]
) -> list[Problem]:
    """frictionless's own validation, minus what is already explained or unreadable."""
    readable = without(descriptor, broken)
    try:
        found = list(check_package(readable, package_dir, rel_dir, broken, explained))
    except (frictionless.FrictionlessException, TypeError, ValueError) as err:
        return [problem("descriptor-invalid", f"{rel_dir}/datapackage.json", detail=str(err))]
    return [p for p in found if (p.file, p.row or 0, "*") not in explained]


def parse_csv(text: str, rel: str) -> tuple[list[list[str]], Problem | None]:
    """The CSV's rows, or the located syntax fault (an unclosed quote, a cell over the size limit)."""
    # A cell may be as long as the file: the columns' maxLength then locates it (row and column)
    # instead of the csv module's 131,072-character "field larger than field limit".
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as err:
        row = len(rows) + 1
        if "field larger than field limit" in str(err):
            return rows, problem("cell-too-large", rel, row=row, limit=csv.field_size_limit())
        return rows, problem("csv-syntax", rel, row=row, line=reader.line_num, detail=str(err))
    return rows, None


def without(descriptor: dict, broken: set[str]) -> dict:
    """The descriptor minus unreadable resources and the foreign keys that point at them.

    frictionless then never opens a file already refused (a link, a FIFO, a GBK file), and no
    resource is blamed for a lookup table it could not read.
    """
    resources = []
    for res in descriptor["resources"]:
        if res["name"] in broken:
            continue
        schema = dict(res["schema"])
        keys = [
            k
            for k in schema.get("foreignKeys", [])
            if not isinstance(k, dict) or (k.get("reference") or {}).get("resource") not in broken
        ]
        if "foreignKeys" in schema:
            schema["foreignKeys"] = keys
        resources.append({**res, "schema": schema})
    return {**descriptor, "resources": resources}


def format_text(problems: list[Problem]) -> str:
    """Human-readable report, bilingual, one block per problem."""
    blocks = []
    for p in problems:
        lines = [f"✗ {p.location()}  [{p.code}]"]
        if p.value is not None:
            lines.append(f"  值 value: {p.value}")
        lines += [
            f"  问题: {p.message_zh}",
            f"  Problem: {p.message_en}",
            f"  修改: {p.fix_zh}",
            f"  Fix: {p.fix_en}",
        ]
        blocks.append("\n".join(lines))
    files = len({p.file for p in problems})
    blocks.append(
        f"共 {len(problems)} 个问题，涉及 {files} 个文件 / {len(problems)} problem(s) in {files} file(s)."
    )
    return "\n\n".join(blocks)


def print_report(problems: list[Problem], fmt: str, package_dir: Path, took: float) -> int:
    """Print the problems as text or JSON (or the ✓ line); the exit status: 1 if any problem."""
    if fmt == "json":
        print(json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=1))
    elif problems:
        print(format_text(problems))
    else:
        print(f"✓ 数据包有效 / package valid: {display_path(package_dir)} ({took:.2f} s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=paths.PACKAGE)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    try:
        start, today = time.perf_counter(), build_today()  # the one day this run validates against
    except BuildDateError as err:
        print(f"✗ {err}")
        return 1
    problems = validate_package(args.package.resolve(), today=today)
    return print_report(problems, args.format, args.package, time.perf_counter() - start)
