"""Temporary build folders left behind by a build that was killed, and their removal.

A build writes `site.tmp-<pid>` and `build/docs.tmp-<pid>` and renames them into place only when it
succeeded (`site.old-<pid>` lives for the instant of the swap; MkDocs' per-language output lives in
`site.tmp-<pid>.mkdocs-<language>` until it is merged, the chart images in `site.tmp-<pid>.charts`,
the portal's files in `build/docs.tmp-<pid>.portal`). A build stopped by SIGTERM removes its
own on the way out; one stopped by SIGKILL (or a power cut) cannot, so every build first removes the
folders of builds whose process is gone. A folder whose pid is alive belongs to a build still
running (e.g. `make test` beside `make site`) and is left alone; a pid reused by an unrelated process
keeps its folder until that process ends.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

LEFTOVER_RE = re.compile(r"^(?P<name>.+?)\.(?:tmp|old)-(?P<pid>\d+)(?:\.[\w-]+)?$")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def stale(target: Path) -> list[Path]:
    """`<target>.tmp-<pid>` / `<target>.old-<pid>` folders beside `target` whose process is gone."""
    if not target.parent.is_dir():
        return []
    found = []
    for path in target.parent.iterdir():
        m = LEFTOVER_RE.match(path.name)
        if m and m["name"] == target.name and int(m["pid"]) != os.getpid() and not pid_alive(int(m["pid"])):
            found.append(path)
    return sorted(found)


def remove_stale(*targets: Path) -> list[Path]:
    """Remove the stale leftovers of every target; returns what was removed."""
    removed = []
    for target in targets:
        for path in stale(target):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed
