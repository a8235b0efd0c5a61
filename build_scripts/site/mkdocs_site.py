"""MkDocs: the assembled docs dir → HTML pages in three languages, `--strict`, with the page cache.

Logic lives in build_scripts, not in MkDocs plugins or hooks: this module only runs MkDocs (Python
API) on the docs dir the earlier stages wrote, and reuses the pages whose inputs did not change
(`page_cache`). Any warning fails the build (strict), cached pages included: an entry is only kept
after a build without warnings.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from build_scripts import paths
from build_scripts.site.page_cache import PageCache


class SiteError(Exception):
    """MkDocs or pagefind failed; the message says which and why."""


def mkdocs_build(docs_dir: Path, site_dir: Path, cache: PageCache | None = None) -> PageCache:
    """MkDocs (Python API) with strict=True (= --strict): any warning aborts. Returns the cache used."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    log = logging.getLogger("mkdocs")
    if not log.handlers:  # the CLI would print warnings; in-process we must attach a handler ourselves
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("  mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
    cache = cache or PageCache()
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with cache.installed():
            build(config)
    except Abort as err:
        raise SiteError(f"mkdocs build --strict failed: {err}") from err
    finally:
        config.plugins.on_shutdown()
    cache.save()
    return cache
