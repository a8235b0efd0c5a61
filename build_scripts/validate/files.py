"""Byte-level and descriptor checks, run before anything parses a CSV.

Later stages cannot make sense of bad bytes, so a file that fails here is not parsed further:
its one clear problem ("this is GBK", "this is an Excel workbook") stands alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from build_scripts.validate.problems import Problem, problem

MAX_BYTES = 5 * 1024 * 1024
CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
LFS = b"version https://git-lfs.github.com/spec/"
CURLY = "“”‘’"


def decode_csv(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a CSV's bytes and return its text if it is canonical enough to parse, with its problems.

    A BOM or CRLF is reported but does not stop parsing; a wrong encoding or a non-text file does.
    """
    raw = path.read_bytes()
    gate = list(_byte_gate(raw, rel))
    if gate:
        return None, gate
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [_encoding_problem(raw, rel, err)]
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        problems.append(problem("bom", rel, row=1))
        text = text[1:]
    if "\r" in text:
        problems.append(problem("crlf", rel))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in CONFLICT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        return None, [problem("conflict-marker", rel, row=line, value=match.group(1))]
    if not text.strip():
        return None, [problem("empty-file", rel)]
    return text, problems


def _byte_gate(raw: bytes, rel: str) -> Iterator[Problem]:
    if not raw:
        yield problem("empty-file", rel)
    elif len(raw) > MAX_BYTES:
        yield problem("file-too-large", rel, size=len(raw), limit=MAX_BYTES)
    elif raw.startswith(b"PK\x03\x04"):
        yield problem("excel-workbook", rel, kind=".xlsx")
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        yield problem("excel-workbook", rel, kind=".xls")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield problem("encoding-utf16", rel)
    elif raw.startswith(LFS):
        yield problem("lfs-pointer", rel)
    elif b"\x00" in raw:
        yield problem("binary-file", rel)


def _encoding_problem(raw: bytes, rel: str, err: UnicodeDecodeError) -> Problem:
    line = raw.count(b"\n", 0, err.start) + 1
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return problem("encoding-unknown", rel, row=line, line=line)
    return problem("encoding-gbk", rel)


def load_descriptor(path: Path, rel: str) -> tuple[dict | None, list[Problem]]:
    """Parse datapackage.json, naming the line and column of a JSON error and its likely cause."""
    if not path.exists():
        return None, [problem("declared-file-missing", rel, resource="datapackage.json", path=rel)]
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        return None, [_json_problem(text, rel, err)]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [problem("descriptor-invalid", rel, detail="no “resources” list")]
    return descriptor, []


def _json_problem(text: str, rel: str, err: json.JSONDecodeError) -> Problem:
    before = text[: err.pos].rstrip()
    if any(ch in text for ch in CURLY):
        hint = (
            '把中文引号 “ ” ‘ ’ 改为英文双引号 "（常见于从 Word/微信粘贴）。',
            'Replace curly quotes “ ” ‘ ’ with straight double quotes " (they come from Word/WeChat).',
        )
    elif before.endswith(",") and text[err.pos : err.pos + 1] in "]}":
        hint = ("删除 ] 或 } 前面多余的逗号。", "Delete the trailing comma before ] or }.")
    else:
        hint = (
            "对照上一版本检查括号、逗号和引号。",
            "Check brackets, commas and quotes against the previous version.",
        )
    return problem(
        "descriptor-json",
        rel,
        row=err.lineno,
        line=err.lineno,
        col=err.colno,
        detail=err.msg,
        hint_zh=hint[0],
        hint_en=hint[1],
    )


def check_resource_paths(descriptor: dict, package_dir: Path, rel_dir: str) -> Iterator[Problem]:
    """Every declared path is safe and exists; every CSV under the package is declared."""
    rel_desc = f"{rel_dir}/datapackage.json"
    declared: set[str] = set()
    for res in descriptor["resources"]:
        name, path = res.get("name", "?"), res.get("path")
        if not isinstance(path, str) or not _is_safe(path):
            yield problem("unsafe-path", rel_desc, resource=name, path=path)
            continue
        declared.add(path)
        if not (package_dir / path).is_file():
            yield problem("declared-file-missing", rel_desc, resource=name, path=f"{rel_dir}/{path}")
    for csv_path in sorted(package_dir.rglob("*")):
        if csv_path.is_file() and csv_path.suffix.lower() in {".csv", ".tsv", ".xlsx", ".xls"}:
            local = csv_path.relative_to(package_dir).as_posix()
            if local not in declared:
                yield problem("undeclared-file", f"{rel_dir}/{local}")


def _is_safe(path: str) -> bool:
    pure = PurePosixPath(path)
    return not (
        pure.is_absolute() or ".." in pure.parts or "://" in path or "\\" in path or path.startswith("~")
    )
