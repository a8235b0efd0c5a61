"""Byte-level and file-tree checks, run before anything parses a CSV.

Later stages cannot make sense of bad bytes, so a file that fails here is not parsed further:
its one clear problem ("this is GBK", "this is an Excel workbook") stands alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from build_scripts.validate.encoding import detect
from build_scripts.validate.problems import Problem, problem
from build_scripts.validate.reading import Unreadable, odd_entries, read_bytes

CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
LFS = b"version https://git-lfs.github.com/spec/"


def decode_csv(path: Path, rel: str, package_dir: Path) -> tuple[str | None, list[Problem]]:
    """Read a CSV's bytes and return its text if it is canonical enough to parse, with its problems.

    A BOM or CRLF is reported but does not stop parsing; a link, a special file, a wrong encoding
    or a non-text file does.
    """
    try:
        raw = read_bytes(path, package_dir)
    except Unreadable as err:
        return None, [problem(err.code, rel, **err.params)]
    gate = list(_byte_gate(raw, rel))
    if gate:
        return None, gate
    found = detect(raw)
    if found.code not in ("utf-8", "bom"):
        row = found.params.get("line")
        return None, [problem(found.code, rel, row=row if isinstance(row, int) else None, **found.params)]
    text = raw.decode(found.codec or "utf-8")
    problems = [problem("bom", rel, row=1)] if found.code == "bom" else []
    if "\r" in text:
        problems.append(problem("crlf" if "\r\n" in text else "line-endings-cr", rel))
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
    elif raw.startswith(b"PK\x03\x04"):
        yield problem("excel-workbook", rel, kind=".xlsx")
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        yield problem("excel-workbook", rel, kind=".xls")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield problem("encoding-utf16", rel)
    elif raw.startswith(LFS):
        yield problem("lfs-pointer", rel)
    elif b"\x00" in raw and detect(raw).code != "encoding-utf16-nobom":
        yield problem("binary-file", rel)


def check_resource_paths(descriptor: dict, package_dir: Path, rel_dir: str) -> Iterator[Problem]:
    """Every declared path is safe and exists; every CSV under the package is declared."""
    rel_desc = f"{rel_dir}/datapackage.json"
    declared: set[str] = set()
    for res in descriptor["resources"]:
        name, path = res.get("name", "?"), res.get("path")
        if not isinstance(path, str) or not is_safe(path):
            yield problem("unsafe-path", rel_desc, resource=name, path=path)
            continue
        declared.add(path)
        if not os.path.lexists(package_dir / path):
            yield problem("declared-file-missing", rel_desc, resource=name, path=f"{rel_dir}/{path}")
    odd = odd_entries(package_dir)
    for local, code, params in odd:
        yield problem(code, f"{rel_dir}/{local}", **params)
    skipped = {local for local, _, _ in odd}
    for folder, _, files in os.walk(package_dir, followlinks=False):
        for name in sorted(files):
            local = (Path(folder) / name).relative_to(package_dir).as_posix()
            if local in skipped or Path(name).suffix.lower() not in {".csv", ".tsv", ".xlsx", ".xls"}:
                continue
            if local not in declared:
                yield problem("undeclared-file", f"{rel_dir}/{local}")


def is_safe(path: str) -> bool:
    pure = PurePosixPath(path)
    return not (
        pure.is_absolute() or ".." in pure.parts or "://" in path or "\\" in path or path.startswith("~")
    )
