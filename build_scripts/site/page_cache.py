"""MkDocs' per-page work, cached across builds by the hash of everything it depends on.

MkDocs spends most of a build converting each page's Markdown to HTML (`Page.render`) and rendering
the theme around it (`_build_page`); for 285 pages in three languages that is ~15 s of CPU, nearly all
of it repeated for pages that did not change. This cache keeps both results under `.cache/mkdocs/`:

- **render** (Markdown → HTML, table of contents, anchors): keyed by the page's Markdown (after the
  plugins' `page_markdown` events), its source and URL, the set of files of the build (links are
  resolved and checked against it) and the configuration (mkdocs.yml with the values its `!ENV`
  tags read, versions);
- **page** (the HTML file written): keyed by the render key, the page's title and front matter, the
  navigation of its language (every page's URL and title, in order: the sidebar, previous/next), the
  configuration and the theme's templates (`docs/overrides`, Material's version).

A key names its inputs, not the time, so a hit gives the bytes a full render would; the incremental
build test compares a cached build with a clean one byte for byte. Entries are written only after the
whole MkDocs build succeeded (strict mode: a warning fails it), so a cached page never hides a warning.
An entry no build has used for a week is deleted (`common/files.prune_caches`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.theme import Theme

from build_scripts import paths
from build_scripts.common.files import code_digest, touch, write_atomic
from build_scripts.common.templates import BytecodeCache

# mkdocs.yml's `!ENV NAME` and `!ENV [NAME, …]`: the values it reads from the environment (SITE_URL,
# REPO_URL…) shape every page as much as its text does
ENV_RE = re.compile(r"!ENV\s+\[?\s*([A-Za-z_][A-Za-z0-9_]*)")
VERSIONS = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "jinja2", "pymdown-extensions")


def sha(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _toc_tokens(links: list[AnchorLink]) -> list[dict]:
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in links
    ]


class Store:
    """JSON entries under `directory`, by key; new ones are written only by `save` (after a success)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pending: dict[str, str] = {}
        self.hits = self.misses = 0

    # --- storage ---------------------------------------------------------------------------------
    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any:
        """The entry stored under `key`, or None (a hit is marked used, for `common/files.prune_caches`)."""
        if key in self.pending:
            return json.loads(self.pending[key])
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:  # pruned by another build meanwhile
            self.misses += 1
            return None
        self.hits += 1
        touch(path)
        return json.loads(text)

    def put(self, key: str, value: Any) -> None:
        """Keep an entry, to be written by `save` once the build succeeded."""
        self.pending[key] = json.dumps(value, ensure_ascii=False)

    def save(self) -> None:
        """Write the new entries (call only after a successful build)."""
        for key, text in self.pending.items():
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"))
        self.pending.clear()


class PageCache(Store):
    """The render and page caches of one MkDocs build (see the module docstring)."""

    def __init__(self, directory: Path = paths.CACHE / "mkdocs") -> None:
        super().__init__(directory)
        config = paths.MKDOCS_YML.read_text(encoding="utf-8")
        self.config_key = sha(
            config,
            sorted((name, os.environ.get(name)) for name in set(ENV_RE.findall(config))),  # !ENV values
            sorted(
                (p.relative_to(paths.DOCS).as_posix(), p.read_text(encoding="utf-8"))
                for p in (paths.DOCS / "overrides").rglob("*")
                if p.is_file()
            ),
            [version(name) for name in VERSIONS],
            code_digest(__name__),  # how this module keys and stores an entry
        )
        self._keys: dict[int, tuple[object, str]] = {}  # by id; the object is kept so its id stays its own

    # --- keys --------------------------------------------------------------------------------------
    def _memo(self, obj: object, compute: Any) -> str:
        if id(obj) not in self._keys:
            self._keys[id(obj)] = (obj, compute())
        return self._keys[id(obj)][1]

    def files_key(self, files: Any) -> str:
        """The set of files of one (language's) build: what links resolve against."""
        return self._memo(files, lambda: sha(sorted((f.src_uri, f.url) for f in files)))

    def nav_key(self, nav: Any) -> str:
        """A language's navigation: every page's URL and title in order, and the sections' titles."""

        def shape(items: list) -> list:
            return [
                [
                    getattr(i, "title", None),
                    getattr(i, "url", None),
                    shape(getattr(i, "children", None) or []),
                ]
                for i in items
            ]

        return self._memo(
            nav, lambda: sha(shape(nav.items), [(p.file.src_uri, p.url, p.title) for p in nav.pages])
        )

    def render_key(self, page: Page, files: Any) -> str:
        """What `Page.render` depends on."""
        return sha(self.config_key, self.files_key(files), page.file.src_uri, page.url, page.markdown)

    # --- the two cached steps ------------------------------------------------------------------------
    def render(self, original: Any, page: Page, config: Any, files: Any) -> None:
        """`Page.render`, from the cache when its inputs were seen before."""
        key = self.render_key(page, files)
        page._cache_render_key = key  # type: ignore[attr-defined]
        hit = self.get(key)
        if hit is None:
            original(page, config, files)
            links = {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}
            hit = {
                "content": page.content,
                "toc": _toc_tokens(list(page.toc)),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": links,
            }
            self.put(key, hit)
            return
        page.content, page.toc = hit["content"], get_toc(hit["toc"])
        page._title_from_render = hit["title"]
        page.present_anchor_ids = set(hit["anchors"])
        page.links_to_anchors = {files.get_file_from_path(uri): v for uri, v in hit["links"].items()}

    def build_page(
        self, original: Any, page: Page, config: Any, doc_files: Any, nav: Any, *args: Any
    ) -> None:
        """`_build_page`, from the cache when its inputs were seen before."""
        key = sha(
            getattr(page, "_cache_render_key", None),
            page.title,
            page.meta,
            page.url,
            self.nav_key(nav),
            self.files_key(doc_files),
            [config.site_url, config.site_name, config.theme["language"]],
            args[1:],  # dirty, excluded (args[0] is the Jinja environment)
        )
        hit = None if getattr(page, "_cache_render_key", None) is None else self.get(key)
        if hit is None:
            original(page, config, doc_files, nav, *args)
            written = Path(page.file.abs_dest_path)
            if written.is_file():  # MkDocs skips a page whose output is empty: nothing to keep then
                self.put(key, written.read_text(encoding="utf-8"))
            return
        utils.write_file(hit.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)

    @contextlib.contextmanager
    def installed(self) -> Iterator[PageCache]:
        """MkDocs' two per-page steps replaced by the cached ones for the duration of a build."""
        render, build_page, get_env = Page.render, mkdocs_build._build_page, Theme.get_env
        bytecode = BytecodeCache(str(self.directory.parent / "jinja"))

        def cached_render(page: Page, config: Any, files: Any) -> None:
            self.render(render, page, config, files)

        def cached_build_page(
            page: Page, config: Any, doc_files: Any, nav: Any, *args: Any, **kw: Any
        ) -> None:
            self.build_page(build_page, page, config, doc_files, nav, *args, *kw.values())

        listed: dict[tuple, list[str]] = {}

        def env_with_bytecode_cache(theme: Theme) -> jinja2.Environment:
            env = get_env(theme)
            env.bytecode_cache = bytecode  # Jinja's own: by template name and source checksum
            key = tuple(theme.dirs)  # the theme's files are listed once per build
            if key not in listed:
                listed[key] = _theme_files(env.loader)
            env.loader.list_templates = lambda: list(listed[key])  # type: ignore[method-assign, union-attr]
            return env

        (self.directory.parent / "jinja").mkdir(parents=True, exist_ok=True)
        Page.render, mkdocs_build._build_page = cached_render, cached_build_page
        Theme.get_env = env_with_bytecode_cache
        try:
            yield self
        finally:
            Page.render, mkdocs_build._build_page, Theme.get_env = render, build_page, get_env


def _theme_files(loader: Any) -> list[str]:
    """The theme's files as `loader.list_templates()` names them, minus those under a folder whose name
    starts with a dot (Material's `.icons/`: 14,348 of its 14,510 files).

    The only reader of the listing is MkDocs' `Files.add_files_from_theme`, which drops every name
    matching `.*` or `*/.*` (dot files and folders): what it keeps is the same, and it no longer tests
    ~14,000 names against its patterns in each language's process."""
    if not isinstance(loader, jinja2.FileSystemLoader):
        raise TypeError(f"the theme's Jinja loader is a {type(loader).__name__}, not a FileSystemLoader")
    found = set()
    for root in loader.searchpath:
        for folder, dirs, names in os.walk(root, followlinks=loader.followlinks):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = Path(folder).relative_to(root)
            found.update((rel / name).as_posix() for name in names)
    return sorted(found)
