"""What a change does to the data: the package at a base git ref compared with the working tree.

Reads the base with `git show <ref>:<path>` (no checkout) and the working tree from disk, matches
rows by each resource's primary key, and says in Chinese and English which values were added,
changed (old → new) and removed per target and series, which targets and series were added or
changed, and which sources were added — as Markdown for the pull request's job summary or as plain
text for a terminal. It also names the version bump the change calls for (patch: corrections;
minor: new data; major: schema) and whether CHANGELOG.md has an entry for the new version.

Modules, in data-flow order: `snapshot` (read a package at a ref or on disk) → `compare` (pure
row-by-key comparison) → `render` (words for a reviewer: the version check, then `tables`, one
section per table, written by a `writer` as Markdown or text); `__main__` is the command line:

    python -m build_scripts.maintainer.diff_data --base REF [--format text|markdown] [--append-to FILE] [PACKAGE_DIR]
"""

from build_scripts.maintainer.diff_data.compare import (
    DataDiff,
    RowChange,
    TableDiff,
    compare,
    diff_table,
    number,
    same,
)
from build_scripts.maintainer.diff_data.render import render
from build_scripts.maintainer.diff_data.snapshot import (
    DiffError,
    Snapshot,
    Table,
    read_base,
    read_worktree,
    repo_root,
)

__all__ = [
    "DataDiff",
    "DiffError",
    "RowChange",
    "Snapshot",
    "Table",
    "TableDiff",
    "compare",
    "diff_table",
    "number",
    "read_base",
    "read_worktree",
    "render",
    "repo_root",
    "same",
]
