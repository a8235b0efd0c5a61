"""Validate the data package: bytes → header → cells → frictionless → project rules.

Every fault of a run is collected and reported together, each located as a spreadsheet shows it
(file, row with the header as row 1, column) and explained in Chinese and English with a fix.

Usage: python -m build_scripts.validate [--format text|json] [--base REF] [PACKAGE_DIR]
  --base REF  also reject silent revisions: published values changed or removed since REF
              (e.g. origin/main) without a row in revisions.csv
Exit status: 0 valid, 1 problems found.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import frictionless

from build_scripts import paths
from build_scripts.common.dates import BuildDateError, build_today
from build_scripts.maintainer.diff_data import DiffError
from build_scripts.maintainer.revisions import check_revisions
from build_scripts.validate.cells import check_rows
from build_scripts.validate.files import check_resource_paths, decode_csv, load_descriptor
from build_scripts.validate.header import check_header
from build_scripts.validate.problems import Problem, column_letter, problem
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


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    path = path.resolve()
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else path.as_posix()


def validate_package(
    package_dir: Path = paths.PACKAGE, *, today: date, outline: Path = paths.OUTLINE_ORIGINAL
) -> list[Problem]:
    """All problems of the package in `package_dir` on the day `today`; an empty list means it is valid."""
    rel_dir = display_path(package_dir)
    descriptor, problems = load_descriptor(package_dir / "datapackage.json", f"{rel_dir}/datapackage.json")
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
    problems += check_rules(tables, outline)
    problems = [with_letter(p, descriptor, rel_dir) for p in problems]
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column_letter or ""))


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
        name, path = res.get("name", "?"), package_dir / str(res.get("path", ""))
        rel = f"{rel_dir}/{res.get('path')}"
        if not path.is_file() or not path.resolve().is_relative_to(package_dir.resolve()):
            broken.add(name)
            continue
        found = _read_one(res, path, rel, today)
        problems += found[1]
        if found[0] is None:
            broken.add(name)
            continue
        tables[name] = (rel, found[0])
        explained |= {(p.file, p.row or 0, p.column or "") for p in found[1]}
        explained |= {(p.file, p.row or 0, "*") for p in found[1] if p.column is None}
    return tables, broken, explained


def _read_one(
    res: dict, path: Path, rel: str, today: date
) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    text, problems = decode_csv(path, rel)
    if text is None:
        return None, problems
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        return None, [*problems, problem("frictionless", rel, detail=f"CSV syntax: {err}")]
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
    try:
        found = list(check_package(descriptor, package_dir, rel_dir, broken, explained))
    except frictionless.FrictionlessException as err:
        return [problem("descriptor-invalid", f"{rel_dir}/datapackage.json", detail=str(err))]
    return [p for p in found if (p.file, p.row or 0, "*") not in explained]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=paths.PACKAGE)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--base", help="git ref whose published values must not change silently")
    args = parser.parse_args(argv)
    try:
        start, today = time.perf_counter(), build_today()  # the one day this run validates against
    except BuildDateError as err:
        print(f"✗ {err}")
        return 1
    problems = validate_package(args.package.resolve(), today=today)
    if args.base:
        try:
            problems += check_revisions(args.base, args.package.resolve())
        except DiffError as err:
            print(f"✗ 无法与 {args.base} 比较 / cannot compare with {args.base}: {err}")
            return 1
    took = time.perf_counter() - start
    if args.format == "json":
        print(json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=1))
    elif problems:
        print(format_text(problems))
    else:
        print(f"✓ 数据包有效 / package valid: {display_path(args.package)} ({took:.2f} s)")
    return 1 if problems else 0
