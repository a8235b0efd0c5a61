"""The search index: pagefind (npm, pinned) over the built, hardened site, one index per <html lang>.

The npm package's `pagefind` command is a Node script that finds the platform's binary (an optional
dependency, `@pagefind/<platform>-<arch>`) and runs it: 0.15-0.2 s of Node start-up in every build.
We run that binary ourselves, found the way the script finds it; only the extended build (with the
Chinese word segmentation the two Chinese indexes need) is accepted.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from build_scripts import paths
from build_scripts.site.mkdocs_site import SiteError

ARCHES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}  # Python's name → Node's


def pagefind_binary(root: Path = paths.ROOT) -> Path:
    """The pagefind_extended binary npm installed for this machine (as pagefind's npm script resolves it:
    PAGEFIND_EXTENDED_BINARY_PATH, else node_modules/@pagefind/<platform>-<arch>/bin/)."""
    if os.environ.get("PAGEFIND_EXTENDED_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_EXTENDED_BINARY_PATH"])
    system = "windows" if sys.platform == "win32" else sys.platform
    arch = ARCHES.get(platform.machine().lower(), platform.machine().lower())
    name = "pagefind_extended.exe" if system == "windows" else "pagefind_extended"
    return root / "node_modules" / "@pagefind" / f"{system}-{arch}" / "bin" / name


def pagefind(site_dir: Path) -> None:
    """Index the built site for search, one index per <html lang>."""
    binary = pagefind_binary()
    if not binary.is_file():
        raise SiteError(f"{binary} is missing: run `npm ci` (make install) first")
    done = subprocess.run([str(binary), "--site", str(site_dir)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SiteError(f"pagefind failed:\n{done.stdout}\n{done.stderr}")
    if "(Extended)" not in done.stdout:
        raise SiteError(f"{binary} is not pagefind's extended build (no Chinese word segmentation)")
