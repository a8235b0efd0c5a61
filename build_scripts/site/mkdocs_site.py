"""MkDocs: the assembled docs dir → HTML pages in three languages, `--strict`, with the page cache.

Logic lives in build_scripts, not in MkDocs plugins or hooks: this module only runs MkDocs (Python
API) on the docs dir the earlier stages wrote, and reuses the pages whose inputs did not change
(`page_cache`). Any warning fails the build (strict), cached pages included: an entry is only kept
after a build without warnings.

The languages are built at the same time, one forked process each. The i18n plugin would build them
one after another in one process (the default language, then each other one into its own folder,
without cleaning the output in between); each process here runs exactly one of those builds, with
the plugin told which language it is, into a folder of its own. The folders are then merged in the
plugin's order, a later language's file replacing an earlier one's (as the plugin's later builds
overwrite files such as 404.html): the same files, in about half the time on two cores. A process's
warnings are passed back and logged here, in language order, so strict mode and the log read as
before.
"""

from __future__ import annotations

import gzip
import logging
import multiprocessing
import os
import re
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import paths
from build_scripts.portal.common import configured_site_url
from build_scripts.site.page_cache import PageCache

LOG = logging.getLogger("mkdocs")
URL_RE = re.compile(r"\s*<url>.*?</url>", re.DOTALL)
MATERIAL_JS = Path("assets") / "javascripts"  # the theme's scripts, unused (see _drop_unpublished)


class SiteError(Exception):
    """MkDocs or pagefind failed; the message says which and why."""


@dataclass
class LanguageBuild:
    """What one language's MkDocs process reports back: its warnings, cache use, and failure if any."""

    locale: str
    warnings: list[tuple[int, str]] = field(default_factory=list)
    hits: int = 0
    misses: int = 0
    error: str | None = None


class _Collect(logging.Handler):
    def __init__(self, into: list[tuple[int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append((record.levelno, record.getMessage()))


def _load_config(docs_dir: Path, site_dir: Path):  # -> MkDocsConfig (imported lazily)
    from mkdocs.config import load_config

    return load_config(str(paths.MKDOCS_YML), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)


def _languages(docs_dir: Path, site_dir: Path) -> list[str]:
    """The locales the i18n plugin builds, in its order (the default language first)."""
    plugin = _load_config(docs_dir, site_dir).plugins["i18n"]
    default = plugin.default_language
    return [default, *(locale for locale in plugin.build_languages if locale != default)]


def _build_language(locale: str, docs_dir: Path, site_dir: Path, cache: PageCache) -> LanguageBuild:
    """One language's MkDocs build (in a forked process): as the i18n plugin's own build of it."""
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    report = LanguageBuild(locale)
    for handler in list(LOG.handlers):  # the parent logs this process's warnings, in language order
        LOG.removeHandler(handler)
    LOG.addHandler(_Collect(report.warnings))
    try:
        config = _load_config(docs_dir, site_dir)
    except Abort as err:
        report.error = str(err)
        return report
    plugin = config.plugins["i18n"]
    plugin.current_language, plugin.building = locale, True  # this language only, no loop after it
    utils.clean_directory = lambda directory: directory  # a new, empty folder of this process
    if locale != plugin.default_language:
        _copy_only_under(f"{locale}/")
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with cache.installed():
            build(config)
        cache.save()
    except Abort as err:
        report.error = str(err)
    finally:
        config.plugins.on_shutdown()
    report.hits, report.misses = cache.hits, cache.misses
    return report


def _copy_only_under(folder: str) -> None:
    """In this process, MkDocs copies only the static files under `folder` (a language's own): the
    default language's process copies the shared ones (assets: styles, scripts, images, vega), which every language's
    build would copy to the same place with the same bytes."""
    from mkdocs.structure.files import Files, InclusionLevel

    def copy_static_files(
        self: Files, dirty: bool = False, *, inclusion: Callable = InclusionLevel.is_included
    ) -> None:
        for file in self:
            own = file.dest_uri.startswith(folder)
            if own and not file.is_documentation_page() and inclusion(file.inclusion):
                file.copy_file(dirty)

    Files.copy_static_files = copy_static_files  # type: ignore[method-assign]


def _combine_sitemaps(parts: list[Path]) -> None:
    """One sitemap of every language's pages, in the last part (whose sitemap wins the merge): each
    language's build writes a sitemap of its own pages only, all to the same place."""
    maps = [part / "sitemap.xml" for part in parts if (part / "sitemap.xml").is_file()]
    if not maps:
        return
    texts = [m.read_text(encoding="utf-8") for m in maps]
    last = list(URL_RE.finditer(texts[-1]))
    if not last:
        raise SiteError(f"{maps[-1]} lists no page")
    urls = "".join(found[0] for text in texts for found in URL_RE.finditer(text))
    combined = texts[-1][: last[0].start()] + urls + texts[-1][last[-1].end() :]
    maps[-1].write_text(combined, encoding="utf-8")
    gz = maps[-1].with_name("sitemap.xml.gz")
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # MkDocs' build timestamp, kept
    with gz.open("wb") as out, gzip.GzipFile(fileobj=out, filename=str(gz), mode="wb", mtime=mtime) as z:
        z.write(combined.encode("utf-8"))


def _drop_unpublished(site_dir: Path) -> None:
    """What MkDocs writes that the site does not publish. Material's own JavaScript (bundle, search
    workers, lunr: 2.3 MB) is loaded by no page (docs/overrides/main.html). A preview build (no site
    URL) has no sitemap: the sitemap protocol forbids relative <loc>. 404.html is kept in every build
    (issue 13); it is served at any depth, so its links are root-absolute: on a sub-path host set
    SITE_URL (the deploy workflow does)."""
    shutil.rmtree(site_dir / MATERIAL_JS)
    if not configured_site_url():
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)


def _merge(parts: list[Path], site_dir: Path) -> None:
    """Move each language's output into `site_dir`, in order; a later file replaces an earlier one."""
    parts[0].rename(site_dir)
    for part in parts[1:]:
        move_tree(part, site_dir, replace=True)


def move_tree(src: Path, dest: Path, *, replace: bool) -> None:
    """Move every file of `src` to the same place under `dest` (making folders), then remove `src`.
    A file already in `dest` is replaced when `replace`; otherwise it is an error (SiteError)."""
    for folder, _dirs, names in os.walk(src):
        into = dest / Path(folder).relative_to(src)
        into.mkdir(exist_ok=True)
        for name in names:
            if not replace and (into / name).exists():
                raise SiteError(f"{into / name} would be written twice ({src.name} and MkDocs)")
            os.replace(Path(folder) / name, into / name)
    shutil.rmtree(src)


def mkdocs_build(
    docs_dir: Path,
    site_dir: Path,
    cache: PageCache | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> PageCache:
    """MkDocs (Python API) with strict=True (= --strict): any warning aborts. Returns the cache used
    (its hits and misses: those of every language). `meanwhile` runs in this process while the
    languages' processes build (this process would only wait for them); what it raises is raised
    once they have finished."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not LOG.handlers:  # the CLI would print warnings; in-process we must attach a handler ourselves
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("  mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        LOG.addHandler(handler)
    cache = cache or PageCache()
    locales = _languages(docs_dir, site_dir)
    parts = [site_dir.with_name(f"{site_dir.name}.mkdocs-{locale}") for locale in locales]
    fork = multiprocessing.get_context("fork")  # the children start with MkDocs already imported
    try:
        with ProcessPoolExecutor(len(locales), mp_context=fork) as pool:
            futures = [
                pool.submit(_build_language, locale, docs_dir, part, cache)
                for locale, part in zip(locales, parts, strict=True)
            ]
            if meanwhile:
                meanwhile()
            reports = [f.result() for f in futures]
        for report in reports:
            for level, message in report.warnings:
                LOG.log(level, message)
        failed = [r for r in reports if r.error]
        if failed:
            raise SiteError(f"mkdocs build --strict failed ({failed[0].locale}): {failed[0].error}")
        _combine_sitemaps(parts)
        _merge(parts, site_dir)
        _drop_unpublished(site_dir)
    finally:
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)
    cache.hits, cache.misses = sum(r.hits for r in reports), sum(r.misses for r in reports)
    return cache
