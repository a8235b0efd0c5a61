"""Relative URLs between files of the built site.

Every published file has one path from the site root (`data/latest/x.csv`, `en/targets/x/`). A link
is written relative to the folder it is read from, so the site works under any sub-path and on a
local preview. A path ending in `/` (or the empty path, the root) is a folder: its page is
`index.html`, and the link keeps the trailing slash.
"""

from __future__ import annotations

import posixpath

from build_scripts.common.i18n import URL_PREFIX


def relative(target: str, from_dir: str) -> str:
    """The relative URL of `target` seen from the folder `from_dir` (both paths from the site root).

    `from_dir` must be a folder: '' (the root) or a path ending in '/'; anything else raises, which
    also catches the two arguments given in the wrong order.

    >>> relative("data/latest/x.csv", "en/data/")
    '../../data/latest/x.csv'
    >>> relative("en/", "en/targets/a/")
    '../../'
    """
    if from_dir and not from_dir.endswith("/"):
        raise ValueError(f"from_dir must be a folder ending in '/' (or '' for the root): {from_dir!r}")
    start, parts = _parts(from_dir), _parts(target)
    common = 0
    for here, there in zip(start, parts, strict=False):
        if here != there:
            break
        common += 1
    out = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    if target == "" or target.endswith("/"):
        out = "./" if out == "." else out + "/"
    return out


def _parts(path: str) -> list[str]:
    """The segments of a path from the site root, normalised (as `posixpath.relpath` would, but without
    asking the operating system for the working directory: `relative` runs thousands of times a build)."""
    return [part for part in posixpath.normpath(path or ".").split("/") if part not in ("", ".")]


def folder_of(file_path: str) -> str:
    """The folder holding a file, as `relative` wants it: 'en/data/index.html' → 'en/data/'; 'a.html' → ''."""
    folder = posixpath.dirname(file_path)
    return folder + "/" if folder else ""


def page_dir(lang_code: str, page: str) -> str:
    """The URL folder of a page in one language: ('en', 'data/') → 'en/data/'; the zh home page is ''."""
    return URL_PREFIX[lang_code] + page
