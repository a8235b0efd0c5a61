"""`harden.harden_page`, cached by the page's text, its path, the base path and the site stage's code.

Hardening is a pure function of those, so a cached result is the result; the link check (against the
files of this build) is not cached: `harden_site` runs it on every page every time.

`harden_site` hardens the pages on two forked processes (half the pages each, each with a copy of the
cache); the new entries come back to this process, which saves them after the build.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from build_scripts import paths
from build_scripts.common.files import code_digest
from build_scripts.site import harden
from build_scripts.site.page_cache import Store, sha

# harden.py and every module of ours it imports (common/urls.py…): a change of the rules drops the cache
CODE = code_digest(harden.__name__)


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

    def harden_site(self, site: Path, base_path: str = "/", processes: int = 2) -> int:
        """`harden.harden_site` with this cache, on `processes` forked processes; returns pages done."""
        files, pages = harden.site_files(site)
        shares = [pages[i::processes] for i in range(processes)]
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=fork) as pool:
            done = list(
                pool.map(
                    self._harden_share,
                    [site] * processes,
                    shares,
                    [files] * processes,
                    [base_path] * processes,
                )
            )
        problems: list[str] = []
        for found, pending, hits, misses in done:
            problems += found
            self.pending.update(pending)
            self.hits, self.misses = self.hits + hits, self.misses + misses
        harden.raise_problems(sorted(problems))
        return len(pages)

    def _harden_share(self, site: Path, pages: list[str], files: set[str], base_path: str) -> tuple:
        """One process's share of the pages: their problems, and this copy's new entries and counts."""
        problems = harden.harden_pages(site, pages, files, base_path, self.harden_page)
        return problems, self.pending, self.hits, self.misses
