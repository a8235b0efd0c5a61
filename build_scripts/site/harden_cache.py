"""`harden.harden_page`, cached by the page's text, its path, the base path and the site stage's code.

Hardening is a pure function of those, so a cached result is the result; the link check (against the
files of this build) is not cached: `harden_site` runs it on every page every time.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts import paths
from build_scripts.site import harden
from build_scripts.site.page_cache import Store, sha

# harden.py and whatever it may come to import from this package: a change of the rules drops the cache
CODE = [p.read_text(encoding="utf-8") for p in sorted(Path(harden.__file__).parent.glob("*.py"))]


class HardenCache(Store):
    """Results of `harden_page` under .cache/harden/."""

    def __init__(self, directory: Path = paths.CACHE / "harden") -> None:
        super().__init__(directory)

    def harden_page(self, page: str, rel_path: str = "index.html", base_path: str = "/") -> tuple:
        """`harden.harden_page`, from the cache when this page was hardened before."""
        key = sha(CODE, page, rel_path, base_path)
        hit = self.get(key)
        if hit is None:
            hit = harden.harden_page(page, rel_path, base_path)
            self.put(key, hit)
        text, problems, links = hit
        return text, list(problems), list(links)
