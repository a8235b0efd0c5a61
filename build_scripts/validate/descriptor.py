"""Read datapackage.json safely and check the shapes the later checks (and the build) rely on.

The JSON is read like any data file (no link, no special file, bounded), parsed with a hook that
catches a key written twice in one object (json would silently keep the last), and each resource
must be an object with a name, a path and an inline schema whose fields all have a name and a type.
The Frictionless spec also allows a schema given as a path and a field without a type; this
package keeps both inline and explicit so that one descriptor is what the validator and the build
read, and says so when it meets either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from build_scripts.validate.encoding import detect
from build_scripts.validate.problems import Problem, problem
from build_scripts.validate.reading import Unreadable, read_bytes

CURLY = "“”‘’"


class _Pairs(dict):
    """A JSON object that remembers the keys written more than once."""

    duplicates: list[str]


def _pairs(items: list[tuple[str, object]]) -> _Pairs:
    out = _Pairs(items)
    seen: set[str] = set()
    out.duplicates = [k for k, _ in items if k in seen or seen.add(k)]
    return out


def load_descriptor(path: Path, rel: str, package_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Parse datapackage.json, naming the line and column of a JSON error and its likely cause."""
    try:
        raw = read_bytes(path, package_dir)
    except Unreadable as err:
        if err.code == "missing-file":
            return None, [problem("declared-file-missing", rel, resource="datapackage.json", path=rel)]
        return None, [problem(err.code, rel, **err.params)]
    found = detect(raw)
    if found.code not in ("utf-8", "bom"):
        return None, [problem("descriptor-encoding", rel, encoding=found.code.removeprefix("encoding-"))]
    text = raw.decode(found.codec or "utf-8")
    try:
        descriptor = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as err:
        return None, [_json_problem(text, rel, err)]
    except RecursionError:
        return None, [problem("descriptor-invalid", rel, message="descriptor-too-deep")]
    problems = [
        problem("descriptor-duplicate-key", rel, row=_second_line(text, k), key=k, where=w or "/")
        for w, k in _duplicates(descriptor)
    ]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [*problems, problem("descriptor-invalid", rel, message="descriptor-no-resources")]
    problems += list(_shape_problems(descriptor, rel))
    return (None if problems else descriptor), problems


def _second_line(text: str, key: str) -> int | None:
    """The line of the key's second writing, when the key is written exactly twice in the file."""
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, found[1]) + 1 if len(found) == 2 else None


def _duplicates(node: object, where: str = "") -> list[tuple[str, str]]:
    """(JSON path, key) of every key written twice, anywhere in the document."""
    found: list[tuple[str, str]] = []
    if isinstance(node, _Pairs):
        found += [(where, k) for k in node.duplicates]
        for key, value in node.items():
            found += _duplicates(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _duplicates(value, f"{where}/{index}")
    return found


def _shape_problems(descriptor: dict, rel: str):
    names = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for name in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        yield problem("resource-duplicate-name", rel, name=name)
    for index, res in enumerate(descriptor["resources"]):
        where = f"resources[{index}]"
        if not isinstance(res, dict):
            yield problem("resource-shape", rel, where=where, message="resource-not-object")
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            yield problem("resource-shape", rel, where=where, message="resource-no-name")
        schema = res.get("schema")
        if isinstance(schema, str):
            yield problem("schema-by-path", rel, where=f"{where} ({name})", path=schema)
        elif not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            yield problem("resource-shape", rel, where=f"{where} ({name})", message="resource-no-fields")
        else:
            yield from _field_problems(schema["fields"], f"{where} ({name})", rel)


def _field_problems(fields: list, where: str, rel: str):
    for index, field in enumerate(fields):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            yield problem("resource-shape", rel, where=f"{where} fields[{index}]", message="field-no-name")
        elif not isinstance(field.get("type"), str):
            yield problem("field-without-type", rel, where=f"{where} fields[{index}]", name=field["name"])
        elif not _constraints_ok(field.get("constraints", {})):
            yield problem(
                "resource-shape", rel, where=f"{where} fields[{index}]", message="field-constraints"
            )


def _constraints_ok(constraints: object) -> bool:
    """Constraints of the types the checks read: an object, integer lengths, a text pattern, an enum list."""
    if not isinstance(constraints, dict):
        return False
    lengths = all(type(constraints.get(k, 0)) is int for k in ("minLength", "maxLength"))
    flags = all(isinstance(constraints.get(k, False), bool) for k in ("required", "unique"))
    pattern = constraints.get("pattern", "")
    return (
        lengths
        and flags
        and isinstance(pattern, str)
        and _compiles(pattern)
        and isinstance(constraints.get("enum", []), list)
    )


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _json_problem(text: str, rel: str, err: json.JSONDecodeError) -> Problem:
    before = text[: err.pos].rstrip()
    if any(ch in text for ch in CURLY):
        wording = "descriptor-json-curly"
    elif before.endswith(",") and text[err.pos : err.pos + 1] in "]}":
        wording = "descriptor-json-comma"
    else:
        wording = "descriptor-json"
    return problem(
        "descriptor-json",
        rel,
        row=err.lineno,
        message=wording,
        line=err.lineno,
        col=err.colno,
        detail=err.msg,
    )
