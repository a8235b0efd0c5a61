"""Read the data package as it was at a git ref (via `git show`, no checkout) or as it is on disk.

Only read-only git commands run. Input the comparison cannot trust — a file that is not UTF-8, a
header that is not the schema's, a ragged row, a repeated key — raises DiffError: the validator
explains such faults in detail, so the message here only says to fix them first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_scripts import paths
from build_scripts.validate.messages import say
from build_scripts.validate.reading import Unreadable, read_bytes

Reader = Callable[[PurePosixPath], bytes | None]


class DiffError(Exception):
    """The data cannot be compared; the message says why, in Chinese and English."""


@dataclass(frozen=True)
class Table:
    """One resource's rows as text, keyed by primary key, with spreadsheet row numbers (header = 1)."""

    fields: tuple[str, ...]
    key: tuple[str, ...]
    types: dict[str, str]
    rows: dict[tuple[str, ...], dict[str, str]]
    row_numbers: dict[tuple[str, ...], int]
    rel: str  # file path relative to the repository root


@dataclass(frozen=True)
class Snapshot:
    """The package at one point in history (`exists` is False when it was not there yet)."""

    label: str
    exists: bool
    version: str | None
    metadata: str  # canonical JSON of the descriptor without version and schemas
    schemas: dict[str, str]  # resource name → canonical JSON of its schema
    tables: dict[str, Table]
    changelog: str | None = None


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run a read-only git command in `repo`; the caller checks the exit status."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


def repo_root(package_dir: Path) -> Path:
    """The top of the git working tree that holds the package."""
    done = git(package_dir, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise DiffError(f"{package_dir} 不在 git 仓库中 / is not inside a git repository")
    return Path(done.stdout.decode().strip()).resolve()


def read_base(base_ref: str, package_dir: Path = paths.PACKAGE) -> Snapshot:
    """The package as committed at `base_ref`."""
    root = repo_root(package_dir)
    done = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base_ref}^{{commit}}")
    if done.returncode != 0:
        raise DiffError(
            f"找不到基准版本“{base_ref}”（CI 需要完整的 git 历史：fetch-depth: 0）/ base ref "
            f"“{base_ref}” not found (CI needs the full history: fetch-depth: 0)"
        )
    sha = done.stdout.decode().strip()

    def read(rel: PurePosixPath) -> bytes | None:
        shown = git(root, "show", f"{sha}:{rel}")
        return shown.stdout if shown.returncode == 0 else None

    return _snapshot(f"{base_ref} ({sha[:7]})", _prefix(package_dir, root), read, published=True)


def read_worktree(package_dir: Path = paths.PACKAGE) -> Snapshot:
    """The package as it is on disk now."""
    root = repo_root(package_dir)

    def read(rel: PurePosixPath) -> bytes | None:
        path = root / rel
        if not os.path.lexists(path):
            return None
        try:  # never through a link or into a FIFO (the validator says why, located)
            return read_bytes(path, package_dir.resolve())
        except Unreadable as err:
            raise DiffError(f"{rel}: {say(err.code, file=str(rel), **err.params)}") from None

    return _snapshot("working tree", _prefix(package_dir, root), read)


def _prefix(package_dir: Path, root: Path) -> PurePosixPath:
    return PurePosixPath(package_dir.resolve().relative_to(root).as_posix())


def _snapshot(label: str, prefix: PurePosixPath, read: Reader, published: bool = False) -> Snapshot:
    """Read the package through `read`; in published history a declared file not yet added is empty."""
    raw = read(prefix / "datapackage.json")
    if raw is None:
        return Snapshot(label, False, None, "", {}, {})
    try:
        descriptor = json.loads(raw.decode("utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
        schemas = {name: _canonical(r["schema"]) for name, r in resources.items()}
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise DiffError(
            f"{label}: datapackage.json 无法读取，请先修正校验问题 / cannot be read; fix the validation "
            f"problems first ({type(err).__name__})"
        ) from err
    metadata = {k: v for k, v in descriptor.items() if k not in ("version", "resources")}
    metadata["resources"] = [{k: v for k, v in r.items() if k != "schema"} for r in descriptor["resources"]]
    tables = {}
    for name, res in resources.items():
        rel = prefix / str(res.get("path", ""))
        data = read(rel)
        if data is None and published:
            continue  # the resource's rows were first added after this commit
        if data is None:
            raise DiffError(
                f"{label}: 缺少文件 {rel}，请先修正校验问题 / file missing; fix the validation problems first"
            )
        tables[name] = parse_table(data, res["schema"], str(rel), label)
    changelog = read(prefix / "CHANGELOG.md")
    return Snapshot(
        label,
        True,
        descriptor.get("version"),
        _canonical(metadata),
        schemas,
        tables,
        None if changelog is None else changelog.decode("utf-8", errors="replace"),
    )


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def parse_table(data: bytes, schema: dict, rel: str, label: str = "working tree") -> Table:
    """Rows of one CSV keyed by the schema's primary key; input that cannot be compared raises DiffError."""
    where = f"{label}: {rel}"
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except UnicodeDecodeError as err:
        raise DiffError(
            f"{where} 不是 UTF-8 编码，无法比较，请先修正校验问题 / is not UTF-8; fix the validation "
            "problems first"
        ) from err
    except csv.Error as err:
        raise DiffError(f"{where}: CSV 格式错误 / CSV syntax error ({err})") from err
    fields = tuple(f["name"] for f in schema["fields"])
    key = (schema["primaryKey"],) if isinstance(schema["primaryKey"], str) else tuple(schema["primaryKey"])
    if not records or tuple(records[0]) != fields:
        raise DiffError(
            f"{where}: 表头与 datapackage.json 不一致，请先修正校验问题 / the header does not match "
            "datapackage.json; fix the validation problems first"
        )
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    numbers: dict[tuple[str, ...], int] = {}
    for row_no, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank row holds no data; the validator reports it
        if len(cells) != len(fields):
            raise DiffError(
                f"{where} 第 {row_no} 行的单元格数与表头不一致，请先修正校验问题 / row {row_no} does "
                "not have one cell per column; fix the validation problems first"
            )
        row = dict(zip(fields, cells, strict=True))
        row_key = tuple(row[k] for k in key)
        if row_key in rows:
            raise DiffError(
                f"{where} 第 {row_no} 行与第 {numbers[row_key]} 行主键重复 / row {row_no} repeats the "
                f"key of row {numbers[row_key]}; fix the validation problems first"
            )
        rows[row_key], numbers[row_key] = row, row_no
    types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    return Table(fields, key, types, rows, numbers, rel)
