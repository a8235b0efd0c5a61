"""The caches in `.cache/`: files another build may be reading at the same moment, kept while used.

Every entry is written atomically (`write_atomic`). A build that reuses an entry marks it used
(`touch`: its modification time becomes now), and `prune_caches` (run by `make site`'s build at most
once a day) deletes the entries no build has used for a week, so the caches do not grow without end
and an entry in use is never deleted for its age alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

KEEP_S = 7 * 86400  # an entry no build used for a week is deleted
EVERY_S = 86400  # the caches are looked through at most once a day
STAMP = "pruned"  # a file in the cache root: when they were last looked through
WHOLE = ("chart-fonts-",)  # folders that are one entry (their files are used together)
PROJECT = "build_scripts"  # the package whose modules `code_digest` follows
# `from build_scripts.x import a, b` (or a parenthesised list over lines) and `import build_scripts.x`,
# at any indentation (imports inside functions count); read as text: ast would take 4 ms a file
IMPORT_RE = re.compile(
    rf"^[ \t]*(?:from[ \t]+(?P<module>{PROJECT}(?:\.\w+)*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]+)"
    rf"|import[ \t]+(?P<plain>{PROJECT}(?:\.\w+)*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*{PROJECT}(?:\.\w+)*)*))",
    re.MULTILINE,
)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file beside `path` and a rename, so a concurrent build never reads half a
    file. The temporary name ends in `.<pid>.tmp`: never a cache entry's name."""
    tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def touch(path: Path) -> None:
    """Mark a cache entry (a file, or a folder and its files) as used now, so pruning keeps it."""
    with contextlib.suppress(FileNotFoundError):  # pruned by another build after it was read
        os.utime(path)
        if path.is_dir():
            for file in path.iterdir():
                os.utime(file)


def prune_caches(root: Path, now: float | None = None) -> int | None:
    """Delete the entries of every cache under `root` that no build used for KEEP_S seconds; None (and
    nothing looked at) if that was done less than EVERY_S ago. Returns how many entries went."""
    now = time.time() if now is None else now
    stamp = root / STAMP
    if not root.is_dir() or (stamp.is_file() and now - stamp.stat().st_mtime < EVERY_S):
        return None
    gone = sum(_prune(cache, now - KEEP_S) for cache in sorted(root.iterdir()) if cache.is_dir())
    stamp.write_bytes(b"")
    os.utime(stamp, (now, now))
    return gone


def _prune(folder: Path, cutoff: float) -> int:
    gone = 0
    for entry in list(folder.iterdir()):
        with contextlib.suppress(FileNotFoundError):  # another build pruned or replaced it meanwhile
            if entry.is_dir() and entry.name.startswith(WHOLE):
                if max([entry.stat().st_mtime] + [f.stat().st_mtime for f in entry.iterdir()]) < cutoff:
                    doomed = entry.with_name(f"{entry.name}.{os.getpid()}.pruned")
                    entry.rename(doomed)  # gone at once for a build about to use it: it makes a new one
                    shutil.rmtree(doomed)
                    gone += 1
            elif entry.is_dir():
                gone += _prune(entry, cutoff)
                with contextlib.suppress(OSError):  # not empty
                    entry.rmdir()
            elif entry.stat().st_mtime < cutoff:
                entry.unlink()
                gone += 1
    return gone


def code_digest(*modules: str, root: Path | None = None) -> str:
    """A hash of the source of `modules` (dotted names, e.g. "build_scripts.site.harden") and of every
    module of this project they import (`code_modules`): the code a cache entry made by them depends on."""
    digest = hashlib.sha256()
    for name, source in sorted(code_modules(*modules, root=root).items()):
        digest.update(f"{name} {len(source)}\n".encode() + source)
    return digest.hexdigest()


def code_modules(*modules: str, root: Path | None = None) -> dict[str, bytes]:
    """The source of `modules` and of every module of this project they import, directly or not, at
    the top or inside a function, by name. Found by reading the import statements (nothing is
    imported), so no hand-kept list of files can miss a helper."""
    base = root or Path(__file__).resolve().parents[2]
    seen: dict[str, bytes] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        path = _module_file(base, name)
        if name in seen or path is None:
            continue
        seen[name] = path.read_bytes()
        for found in IMPORT_RE.finditer(seen[name].decode("utf-8")):
            if found["module"]:  # from build_scripts.x import a, b: x.a and x.b may be modules too
                names = re.findall(r"\w+", re.sub(r"#[^\n]*", "", found["names"]))
                todo += [found["module"], *(f"{found['module']}.{n}" for n in names if n != "as")]
            else:
                todo += [n.split()[0] for n in found["plain"].split(",")]
    return seen


def _module_file(base: Path, name: str) -> Path | None:
    """The file of a module of this project (a package's `__init__.py`), or None (a name imported from
    a module, not a module)."""
    stem = base.joinpath(*name.split("."))
    for path in (stem.with_suffix(".py"), stem / "__init__.py"):
        if path.is_file():
            return path
    return None
