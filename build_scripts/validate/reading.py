"""Read a file of the package safely: no link is followed, no special file is opened, no read is unbounded.

A data file committed as a symbolic link would let the site publish whatever it points at (another
CSV, /etc/passwd); a FIFO would block the reader forever; a device never ends. So every path from the
package folder down to the file is checked with lstat before anything is opened: each part must be
a plain folder and the file a regular file, not a link. The file is then opened without following
links and without blocking, checked again on the open descriptor (nothing swapped in between), and
read in chunks up to a size and a time limit. Faults are raised as `Unreadable`, which the
validator turns into a located Problem.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
MAX_SECONDS = 10.0
CHUNK = 1 << 20
KINDS = (
    (stat.S_ISFIFO, "FIFO（命名管道）", "a FIFO (named pipe)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
    (stat.S_ISDIR, "文件夹", "a folder"),
)


class Unreadable(Exception):
    """The file may not or cannot be read; `code` and `params` name the catalogue message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def kind_of(mode: int) -> tuple[str, str]:
    """Chinese and English name of a non-regular file type."""
    return next(((zh, en) for test, zh, en in KINDS if test(mode)), ("特殊文件", "a special file"))


def check_path(path: Path, package_dir: Path) -> os.stat_result:
    """lstat of `path`, after checking that no part of it below `package_dir` is a link or odd file."""
    try:
        relative = path.relative_to(package_dir)
    except ValueError:
        raise Unreadable("unsafe-path-outside", path=path.as_posix()) from None
    here = package_dir
    for part in relative.parts:
        here = here / part
        try:
            info = here.lstat()
        except FileNotFoundError:
            raise Unreadable("missing-file", path=relative.as_posix()) from None
        if stat.S_ISLNK(info.st_mode):
            raise Unreadable("symlink", link=here.relative_to(package_dir).as_posix(), target=_target(here))
        if here != path and not stat.S_ISDIR(info.st_mode):
            raise Unreadable("special-file", kind_zh="非文件夹", kind_en="not a folder")
    if not stat.S_ISREG(info.st_mode):
        zh, en = kind_of(info.st_mode)
        raise Unreadable("special-file", kind_zh=zh, kind_en=en)
    return info


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def read_bytes(path: Path, package_dir: Path, limit: int = MAX_BYTES, seconds: float = MAX_SECONDS) -> bytes:
    """The bytes of a regular file inside `package_dir`, at most `limit` of them within `seconds`."""
    info = check_path(path, package_dir)
    if info.st_size > limit:
        raise Unreadable("file-too-large", size=info.st_size, limit=limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise Unreadable("unreadable-file", detail=err.strerror or str(err)) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            zh, en = kind_of(opened.st_mode)
            raise Unreadable("special-file", kind_zh=zh, kind_en=en)
        return _read_limited(fd, limit, time.monotonic() + seconds)
    finally:
        os.close(fd)


def _read_limited(fd: int, limit: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(fd, CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise Unreadable("file-too-large", size=f"> {limit}", limit=limit)
        if time.monotonic() > deadline:
            raise Unreadable("read-timeout", seconds=MAX_SECONDS)
        chunks.append(chunk)


def odd_entries(package_dir: Path) -> list[tuple[str, str, dict[str, object]]]:
    """(relative path, code, params) for every link or special file anywhere under the package.

    Walks without following links, so a link to a folder outside the package is named, not entered.
    """
    found = []
    for folder, dirs, files in os.walk(package_dir, followlinks=False):
        for name in sorted(dirs + files):
            entry = Path(folder) / name
            rel = entry.relative_to(package_dir).as_posix()
            info = entry.lstat()
            if stat.S_ISLNK(info.st_mode):
                found.append((rel, "symlink", {"link": rel, "target": _target(entry)}))
            elif not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                zh, en = kind_of(info.st_mode)
                found.append((rel, "special-file", {"kind_zh": zh, "kind_en": en}))
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return found
