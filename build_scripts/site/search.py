"""The search index: pagefind (npm, pinned) over the built, hardened site, one index per <html lang>."""

from __future__ import annotations

import subprocess
from pathlib import Path

from build_scripts import paths
from build_scripts.site.mkdocs_site import SiteError

PAGEFIND = paths.ROOT / "node_modules" / ".bin" / "pagefind"


def pagefind(site_dir: Path) -> None:
    """Index the built site for search, one index per <html lang>."""
    if not PAGEFIND.exists():
        raise SiteError(f"{PAGEFIND} is missing: run `npm ci` (make install) first")
    done = subprocess.run(
        [str(PAGEFIND), "--site", str(site_dir)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SiteError(f"pagefind failed:\n{done.stdout}\n{done.stderr}")
