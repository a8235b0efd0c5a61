"""frictionless itself validates types, constraints, keys and foreign keys across resources.

Its errors are translated into located bilingual Problems. Cells that the lexical checks already
explained, and resources that could not be read at all, are left out so each fault is said once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import frictionless

from build_scripts.validate.problems import Problem, column_letter, problem

TYPE_ZH = {
    "number": "数字",
    "integer": "整数",
    "date": "日期（YYYY-MM-DD）",
    "string": "文本",
    "boolean": "布尔值",
}
FK_NOTE = re.compile(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]*)" as "([^"]+)"')
PK_NOTE = re.compile(r"row at position (\d+)")


def check_package(
    descriptor: dict,
    package_dir: Path,
    rel_dir: str,
    skip_resources: set[str],
    explained: set[tuple[str, int, str]],
) -> Iterator[Problem]:
    """Run frictionless over the package and yield the errors nobody has explained yet."""
    report = frictionless.validate(descriptor, basepath=str(package_dir))
    fields_by_resource = {r["name"]: r["schema"]["fields"] for r in descriptor["resources"]}
    paths = {r["name"]: f"{rel_dir}/{r['path']}" for r in descriptor["resources"]}
    for task in report.tasks:
        if task.name in skip_resources:
            continue
        rel = paths.get(task.name, f"{rel_dir}/datapackage.json")
        for error in task.errors:
            found = _translate(error, rel, fields_by_resource.get(task.name, []), paths)
            if found is None:
                continue
            key = (found.file, found.row or 0, found.column or "")
            if key not in explained:
                explained.add(key)
                yield found
    for error in report.errors:
        yield problem("descriptor-invalid", f"{rel_dir}/datapackage.json", detail=error.note)


def _translate(
    error: frictionless.errors.Error, rel: str, fields: list[dict], paths: dict[str, str]
) -> Problem | None:
    row = getattr(error, "row_number", None)
    name = getattr(error, "field_name", None)
    number = getattr(error, "field_number", None)
    letter = column_letter(number - 1) if number else None
    field = next((f for f in fields if f["name"] == name), {})
    cell = getattr(error, "cell", None)
    loc = {"row": row, "column": name, "letter": letter, "value": None if cell is None else str(cell)}
    kind = error.type
    if kind == "constraint-error":
        return _constraint(error.note, field, rel, loc)
    if kind == "type-error":
        ftype = field.get("type", "?")
        return problem("type-error", rel, **loc, type_zh=TYPE_ZH.get(ftype, ftype), type_en=ftype)
    if kind == "primary-key":
        other = PK_NOTE.search(error.note)
        return problem(
            "duplicate-key",
            rel,
            row=row,
            value=",".join(map(str, error.cells)),
            other=other.group(1) if other else "?",
            fields="primary key / 主键",
        )
    if kind == "unique-error":
        return None  # the primary-key error on the same row says it better
    if kind == "foreign-key":
        return _foreign_key(error, rel, fields, paths, row)
    if kind in (
        "blank-row",
        "extra-cell",
        "missing-cell",
        "extra-label",
        "missing-label",
        "incorrect-label",
        "blank-label",
        "duplicate-label",
    ):
        return None  # reported by our own header and row checks, which read the raw text
    return problem("frictionless", rel, **loc, detail=f"{kind}: {error.note}")


def _constraint(note: str, field: dict, rel: str, loc: dict) -> Problem:
    constraints = field.get("constraints", {})
    if '"required"' in note:
        return problem("required", rel, **loc)
    if '"enum"' in note:
        return problem("enum", rel, **loc, allowed=", ".join(map(str, constraints.get("enum", []))))
    if '"maxLength"' in note:
        return problem(
            "too-long", rel, **loc, length=len(loc["value"] or ""), limit=constraints.get("maxLength")
        )
    if '"minimum"' in note or '"maximum"' in note:
        bounds = f"{constraints.get('minimum', '-∞')} – {constraints.get('maximum', '∞')}"
        return problem("out-of-range", rel, **loc, bounds=bounds)
    if '"pattern"' in note:
        return problem("pattern", rel, **loc, pattern=constraints.get("pattern"))
    return problem("frictionless", rel, **loc, detail=note)


def _foreign_key(
    error: frictionless.errors.Error, rel: str, fields: list[dict], paths: dict[str, str], row: int | None
) -> Problem:
    match = FK_NOTE.search(error.note)
    if not match:
        return problem("frictionless", rel, row=row, detail=error.note)
    field_name, value, table, target_field = match.groups()
    index = next((i for i, f in enumerate(fields) if f["name"] == field_name), None)
    target = f"{paths.get(table, table or 'this file').rsplit('/', 1)[-1]} ({target_field})"
    return problem(
        "foreign-key",
        rel,
        row=row,
        column=field_name,
        letter=None if index is None else column_letter(index),
        value=value,
        target=target,
    )
