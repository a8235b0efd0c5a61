"""Compare two snapshots of the package row by row (pure: no git, no disk).

Rows are matched by primary key. Numbers compare by value (93.6 equals 93.60), text exactly, so a
re-export that only reformats a number is not reported as a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from build_scripts.maintainer.diff_data.snapshot import Snapshot, Table

PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
LOG_RESOURCES = {"revisions"}  # a new row here records a correction; it is not new data


@dataclass(frozen=True)
class RowChange:
    """A row present on both sides whose fields differ."""

    key: tuple[str, ...]
    old: dict[str, str]
    new: dict[str, str]
    fields: tuple[str, ...]


@dataclass
class TableDiff:
    """Rows added, removed and changed in one resource."""

    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DataDiff:
    """Everything a change does to the package."""

    base: Snapshot
    head: Snapshot
    tables: dict[str, TableDiff]
    schema_changes: tuple[str, ...]  # resources whose schema was added, removed or changed

    @property
    def metadata_changed(self) -> bool:
        """Whether descriptive metadata (titles, descriptions, licences…) changed."""
        return self.base.exists and self.base.metadata != self.head.metadata

    def needed_bump(self) -> str:
        """The bump the change calls for: major (schema), minor (new rows), patch (corrections), or none."""
        if not self.base.exists:
            return "none"
        if self.schema_changes:
            return "major"
        if any(d.added for name, d in self.tables.items() if name not in LOG_RESOURCES):
            return "minor"
        if any(self.tables.values()) or self.metadata_changed:
            return "patch"
        return "none"

    def actual_bump(self) -> str:
        """The bump made to `version`: none, patch, minor, major, or "invalid" (not X.Y.Z, or lowered)."""
        return version_bump(self.base.version, self.head.version)


def version_bump(old: str | None, new: str | None) -> str:
    """Which part of a semantic version went up from `old` to `new`."""
    if old == new:
        return "none"
    a, b = SEMVER.fullmatch(old or ""), SEMVER.fullmatch(new or "")
    if not a or not b:
        return "invalid"
    before, after = tuple(map(int, a.groups())), tuple(map(int, b.groups()))
    if after <= before:
        return "invalid"
    if after[0] != before[0]:
        return "major" if after[1:] == (0, 0) else "invalid"
    if after[1] != before[1]:
        return "minor" if after[2] == 0 else "invalid"
    return "patch"


def number(text: str) -> Decimal | None:
    """A plain decimal as the data writes it (98.5, 1000), or None for anything else."""
    return Decimal(text) if PLAIN_NUMBER.fullmatch(text) else None


def same(old: str, new: str, kind: str) -> bool:
    """Whether two cells hold the same value: numbers by value, everything else as text."""
    if kind in ("number", "integer"):
        a, b = number(old), number(new)
        if a is not None and b is not None:
            return a == b
    return old == new


def diff_table(old: Table | None, new: Table | None) -> TableDiff:
    """Rows added, removed and changed between two versions of one resource, in file order."""
    result = TableDiff()
    old_rows = old.rows if old else {}
    new_rows = new.rows if new else {}
    types = new.types if new else old.types if old else {}
    for key, row in new_rows.items():
        before = old_rows.get(key)
        if before is None:
            result.added.append(row)
            continue
        changed = tuple(f for f in row if f in before and not same(before[f], row[f], types.get(f, "string")))
        if changed:
            result.changed.append(RowChange(key, before, row, changed))
    result.removed = [row for key, row in old_rows.items() if key not in new_rows]
    return result


def compare(base: Snapshot, head: Snapshot) -> DataDiff:
    """The whole difference between two snapshots of the package."""
    names = list(head.tables) + [n for n in base.tables if n not in head.tables]
    tables = {name: diff_table(base.tables.get(name), head.tables.get(name)) for name in names}
    schema_changes = tuple(n for n in names if base.exists and base.schemas.get(n) != head.schemas.get(n))
    return DataDiff(base, head, tables, schema_changes)
