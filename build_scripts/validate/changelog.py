"""The package's CHANGELOG.md, as the release feed reads it: each `## ` heading a release.

A heading that does not parse (no brackets, no date, a day that does not exist) is located by its
line; a changelog without any release, or one that is not UTF-8, is one problem for the file. A
package without CHANGELOG.md passes (the small test packages have none; the feed then has no entry).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from build_scripts.common.changelog import headings
from build_scripts.validate.problems import Problem, problem
from build_scripts.validate.reading import Unreadable, read_bytes

NAME = "CHANGELOG.md"


def check_changelog(package_dir: Path, rel_dir: str) -> Iterator[Problem]:
    """The problems of `package_dir`/CHANGELOG.md, if there is one."""
    path, rel = package_dir / NAME, f"{rel_dir}/{NAME}"
    if not path.exists() and not path.is_symlink():
        return  # no changelog: the feed has no entry
    try:
        raw = read_bytes(path, package_dir)
    except Unreadable as err:
        if err.code not in ("symlink", "special-file"):  # those are named by the file checks already
            yield problem(err.code, rel, **err.params)
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        yield problem("changelog-encoding", rel)
        return
    found = list(headings(text))
    for number, line, release in found:
        if release is None:
            yield problem("changelog-heading", rel, row=number, value=line, line=number)
    if not found:
        yield problem("changelog-empty", rel)
