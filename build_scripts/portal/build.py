"""Portal stage: downloads, the static JSON API, metadata and the data page.

Runs inside the pipeline after the chart specs and before MkDocs. The data page (Markdown) goes into
the assembled docs dir; every other file into a folder of its own that the pipeline moves into the
built site after MkDocs, unchanged (MkDocs never sees them: ~630 files it would list, localise and
copy in each language's process). It writes:

- `data/latest/` and `data/v<version>/`: `datapackage.json`, `data/<resource>.csv` (byte-identical
  copies), `hubei-quality.zip` and `hubei-quality.package.json` (reads every table from the zip),
  `hubei-quality.xlsx`, and per target `targets/<id>.csv`, `.excel.csv`, `.package.json`;
- `data/v<earlier version>/` for every earlier version in git history (package files and zip);
- `api/v1/`: `index.json`, `targets.json`, `targets/<id>.json`, `sections.json`, `sources.json`,
  and `schema/<endpoint>.schema.json`;
- `data/catalog.jsonld` (DCAT-AP), `data/releases.xml` (the CHANGELOG as a feed) and the data page
  `data/index.md` (+ `.zh-Hant.md`, `.en.md`).

Everything in `data/` and `api/` is a function of the commit and `today` (which the pipeline takes
from SOURCE_DATE_EPOCH when it is set), so two builds of one commit are byte-identical.
Without a site URL (`site_url` in mkdocs.yml, or the SITE_URL environment variable) copyable URLs
are paths from the site root: the build prints that it is a preview build.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from build_scripts import paths
from build_scripts.common.dates import LastUpdate, git_last_updates
from build_scripts.common.i18n import FILE_SUFFIX, LANGS, Lang
from build_scripts.load.package import Package
from build_scripts.portal import api as portal_api
from build_scripts.portal import api_schema, feed, targets
from build_scripts.portal.common import (
    CATALOG,
    FEED,
    Context,
    configured_site_url,
)
from build_scripts.portal.dcat import dcat_catalog
from build_scripts.portal.files import Download, publish_package, resource_path
from build_scripts.portal.page import data_page, target_block
from build_scripts.portal.versions import past_versions, publish_past_versions
from build_scripts.progress.assess import Assessment

__all__ = ["build_context", "context", "run", "target_block", "write", "write_data_page", "write_rest"]


def run(
    docs_dir: Path,
    pkg: Package,
    assessments: dict[str, Assessment],
    today: date,
    charts: dict[tuple[str, str], str],
    mkdocs_yml: Path = paths.MKDOCS_YML,
) -> Context:
    """Write every portal file into `docs_dir` (the data page and the files together, as in the built
    site); returns the context (for `target_block` on target pages).

    `charts`: the path (from the site root) of each chart's SVG, keyed (language, indicator id); the
    PNG is beside it. The pipeline runs the parts apart: `context` first, then the pages are made
    from it while `write_data_page` runs in a process of its own, and `write_rest` in another while
    MkDocs runs."""
    ctx = context(pkg, assessments, today, mkdocs_yml)
    write(ctx, docs_dir, docs_dir, charts)
    return ctx


def context(
    pkg: Package, assessments: dict[str, Assessment], today: date, mkdocs_yml: Path = paths.MKDOCS_YML
) -> Context:
    """The portal's context (what the target pages' blocks need); says so when this is a preview build."""
    ctx = build_context(pkg, assessments, today, configured_site_url(mkdocs_yml))
    if ctx.site_url is None:
        print(
            "  portal: preview build: no site URL (set SITE_URL or site_url in mkdocs.yml), so the URLs "
            "in snippets, citations, JSON-LD, DCAT, the API and the sitemap are relative / 预览构建："
            "未配置网站地址，可复制的地址均为相对地址"
        )
    return ctx


def write(ctx: Context, docs_dir: Path, files_dir: Path, charts: dict[tuple[str, str], str]) -> None:
    """The data page of `ctx` into `docs_dir`, every other portal file into `files_dir`, both laid out
    as in the site (see the module docstring)."""
    write_rest(ctx, files_dir, charts, write_data_page(ctx, docs_dir, files_dir))


def write_data_page(ctx: Context, docs_dir: Path, files_dir: Path) -> dict[str, Download]:
    """The first half of `write`: the data page (what MkDocs needs) into `docs_dir`, and the package's
    downloads it lists (with their sizes) into `files_dir`; returns the downloads, for `write_rest`."""
    downloads = publish_package(ctx, files_dir)
    (docs_dir / "data").mkdir(parents=True, exist_ok=True)
    for code in LANGS:
        page = docs_dir / "data" / f"index{FILE_SUFFIX[code]}.md"
        page.write_text(data_page(ctx, Lang(code), downloads), encoding="utf-8")
    return downloads


def write_rest(
    ctx: Context, files_dir: Path, charts: dict[tuple[str, str], str], downloads: dict[str, Download]
) -> None:
    """The second half of `write`: per-target files, earlier versions, the API, the feed and the DCAT
    catalogue, into `files_dir` (the pipeline writes them while MkDocs runs)."""
    targets.publish(ctx, files_dir)
    publish_past_versions(files_dir, ctx.pkg.directory, ctx.past)
    portal_api.write(files_dir, portal_api.documents(ctx, charts))
    api_schema.write(files_dir)
    (files_dir / FEED).write_text(feed.atom(ctx), encoding="utf-8")
    (files_dir / CATALOG).write_text(
        json.dumps(dcat_catalog(ctx, downloads), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def build_context(
    pkg: Package, assessments: dict[str, Assessment], today: date, site_url: str | None
) -> Context:
    """The shared context: package, assessments, `site_url`, git dates of the files and earlier versions."""
    missing = [i.indicator_id for i in pkg.indicators if i.indicator_id not in assessments]
    if missing:
        raise ValueError(f"no assessment for targets {missing}")
    resources = pkg.descriptor["resources"]
    files = [pkg.directory / resource_path(r) for r in resources] + [pkg.directory / "datapackage.json"]
    every = git_last_updates(files)
    updates = {r["name"]: update for r, update in zip(resources, every[:-1], strict=True)}
    days = [u.day for u in every if u.day is not None]
    overall = LastUpdate(max(days) if days else None, any(u.uncommitted for u in every))
    return Context(
        pkg, assessments, today, site_url, updates, overall, past_versions(pkg.directory, pkg.version)
    )
