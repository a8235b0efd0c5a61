"""The data page (`data/`, in zh-Hans, zh-Hant and en) and the data-access block of each target page.

Both are rendered by Jinja (`templates/data_page.md.j2`, `templates/target_block.md.j2`) with
autoescape on: this module only gathers plain values. URLs in snippets and citations are absolute
when a site URL is configured and paths from the site root otherwise (a preview build: the
pipeline's output says so). The schema tables come straight from datapackage.json: field, type,
description (the page language's half of the bilingual text) and constraints.
"""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.common.i18n import Lang
from build_scripts.common.text import md_escape
from build_scripts.common.urls import page_dir, relative
from build_scripts.load.package import Indicator
from build_scripts.portal import targets
from build_scripts.portal.api import schema_path
from build_scripts.portal.common import (
    API,
    CATALOG,
    DATA_PAGE,
    FEED,
    LATEST,
    Context,
    in_lang,
    size_label,
    update_label,
)
from build_scripts.portal.files import ZIP_DESCRIPTOR, Download
from build_scripts.portal.meta import bibtex, gbt7714, package_dataset, script_tag, target_dataset
from build_scripts.portal.render import render
from build_scripts.portal.text import T, raw, t
from build_scripts.portal.xlsx import FLAT_SHEET

ENDPOINTS = [
    ("index", "index.json", "ep.index"),
    ("targets", "targets.json", "ep.targets"),
    ("target", "targets/{indicator_id}.json", "ep.target"),
    ("sections", "sections.json", "ep.sections"),
    ("sources", "sources.json", "ep.sources"),
]


class Texts:
    """The page's UI strings as attributes (`{{ t.quick }}`, `t.quick__text` for 'quick.text'),
    formatted on call (`t('stable', …)`). They are our own Markdown, so they are not escaped; the
    parameters filled into them are (Markup.format)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __getattr__(self, key: str) -> Markup:
        if key.replace("__", ".") not in T:
            raise AttributeError(key)
        return Markup(raw(self.lang, key.replace("__", ".")))

    def __call__(self, key: str, **params: object) -> Markup:
        return Markup(raw(self.lang, key)).format(**params)


def snippet_url(ctx: Context, path: str) -> str:
    """A URL to paste into code: absolute with `site_url`, else the path from the site root."""
    return ctx.site_url + path if ctx.site_url else path


def data_page(ctx: Context, lang: Lang, downloads: dict[str, Download]) -> str:
    """The whole Markdown of the data page in one language."""
    here = page_dir(lang.code, DATA_PAGE)
    desc = ctx.pkg.descriptor
    lic = desc["licenses"][0]
    return render(
        "data_page.md.j2",
        t=Texts(lang),
        lang=lang,
        intro=Markup(
            md_escape(
                t(
                    lang,
                    "intro",
                    title=in_lang(lang, desc["title"], title=True),
                    version=ctx.version,
                    licence=lic["title"],
                    updated=update_label(ctx.package_update, lang),
                )
            )
        ),
        version=ctx.version,
        versioned=ctx.versioned,
        latest=LATEST,
        licence=lic,
        updated=update_label(ctx.package_update, lang),
        files=[_file(ctx, downloads[k], here, "file." + k) for k in ("zip", "xlsx", "datapackage")],
        tables=_tables(ctx, lang, downloads, here),
        past=[
            {"version": v, "name": name, "href": relative(f"data/v{v}/{name}", here)}
            for v in ctx.past
            for name in ("datapackage.json", "hubei-quality.zip")
        ],
        target_fields=targets.FIELD_NAMES,
        per_target_path=Markup(LATEST + "targets/<indicator_id>.csv"),  # ours, inside a code span
        endpoints=_endpoints(ctx, here),
        # HTML links from this language's page: the files are not MkDocs' (the portal writes them into
        # the site itself); the pipeline's hardening checks that every relative link resolves
        feed=relative(FEED, here),
        catalog={"name": CATALOG, "href": relative(CATALOG, here)},
        url=_urls(ctx),
        flat_sheet=FLAT_SHEET,
        gbt=gbt7714(ctx, lang, snippet_url(ctx, DATA_PAGE)),
        bib=bibtex(ctx, snippet_url(ctx, DATA_PAGE)),
        today=ctx.today.isoformat(),
        schema=[_schema(ctx, lang, res, downloads) for res in desc["resources"]],
        jsonld=Markup(script_tag(package_dataset(ctx, lang, downloads, here))),
    )


def _urls(ctx: Context) -> dict[str, str]:
    """Every URL the page's snippets paste."""
    example = next(
        (i for i in ctx.pkg.indicators if ctx.pkg.observations_of(i.indicator_id)), ctx.pkg.indicators[0]
    ).indicator_id
    paths = {
        "observations": LATEST + "data/observations.csv",
        "datapackage": LATEST + "datapackage.json",
        "zip": LATEST + "hubei-quality.zip",
        "zip_descriptor": LATEST + ZIP_DESCRIPTOR,
        "xlsx": LATEST + "hubei-quality.xlsx",
        "targets": API + "targets.json",
        "one_target": f"{API}targets/{example}.json",
        "target_package": f"{LATEST}targets/{example}.package.json",
    }
    return {key: snippet_url(ctx, path) for key, path in paths.items()}


def _file(ctx: Context, d: Download, here: str, key: str) -> dict:
    return {
        "href": ctx.link(d.path, here),
        "name": d.name,
        "bytes": d.n_bytes,
        "size": size_label(d.n_bytes),
        "key": key,
    }


def _tables(ctx: Context, lang: Lang, downloads: dict[str, Download], here: str) -> list[dict]:
    out = []
    for res in ctx.pkg.descriptor["resources"]:
        d = downloads[f"csv:{res['name']}"]
        n_rows = len(ctx.pkg.rows[res["name"]])
        out.append(
            {
                **_file(ctx, d, here, ""),
                "resource": res["name"],
                "description": in_lang(lang, res["description"]),
                "rows": n_rows,
                "rows_label": lang.number(str(n_rows)),
                "updated": update_label(ctx.updates[res["name"]], lang),
            }
        )
    return out


def _endpoints(ctx: Context, here: str) -> list[dict]:
    example = _urls(ctx)["one_target"].rsplit("/", 1)[1]
    return [
        {
            "path": API + path,
            "key": key,
            "example": path.replace("{indicator_id}.json", example),
            "href": ctx.link(API + path.replace("{indicator_id}.json", example), here),
            "schema": ctx.link(schema_path(name), here),
        }
        for name, path, key in ENDPOINTS
    ]


def constraints_text(lang: Lang, field: dict) -> list[dict]:
    """A field's constraints as (label, value, kind) items: kind 'flag', 'list', 'code' or 'text'."""
    out = []
    for key, value in field.get("constraints", {}).items():
        if f"c.{key}" not in T:
            raise ValueError(f"field {field['name']}: no label for constraint {key!r}")
        label = t(lang, f"c.{key}")
        if value is True:
            out.append({"label": label, "kind": "flag"})
        elif key == "enum":
            out.append({"label": label, "kind": "list", "values": [str(v) for v in value]})
        elif key == "pattern":
            out.append({"label": label, "kind": "code", "value": value})
        else:
            out.append({"label": label, "kind": "text", "value": str(value)})
    if "format" in field:
        out.append({"label": t(lang, "c.format"), "kind": "code", "value": field["format"]})
    return out


def _schema(ctx: Context, lang: Lang, res: dict, downloads: dict[str, Download]) -> dict:
    schema = res["schema"]
    return {
        "name": res["name"],
        "title": in_lang(lang, res["title"], title=True),
        "description": in_lang(lang, res["description"]),
        "file": downloads[f"csv:{res['name']}"].name,
        "rows": lang.number(str(len(ctx.pkg.rows[res["name"]]))),
        "updated": update_label(ctx.updates[res["name"]], lang),
        "primary_key": schema["primaryKey"],
        "foreign_keys": [
            {"fields": fk["fields"], "ref": f"{fk['reference']['resource']}.{fk['reference']['fields']}"}
            for fk in schema.get("foreignKeys", [])
        ],
        "fields": [
            {
                "name": f["name"],
                "type": f["type"],
                "description": in_lang(lang, f["description"]),
                "constraints": constraints_text(lang, f),
            }
            for f in schema["fields"]
        ],
    }


def target_block(ctx: Context, ind: Indicator, lang: Lang, page: str) -> str:
    """Markdown for a target page (`page` is its folder, e.g. 'targets/<id>/'): snippets and JSON-LD.

    The site's target pages show their own download links (CSV, SVG, PNG); this adds the code to
    fetch the same data, the Excel-friendly CSV and the page's schema.org Dataset.
    """
    here = page_dir(lang.code, page)
    csv_path = f"{LATEST}targets/{ind.indicator_id}.csv"
    return render(
        "target_block.md.j2",
        t=Texts(lang),
        csv_url=snippet_url(ctx, csv_path),
        api_url=snippet_url(ctx, f"{API}targets/{ind.indicator_id}.json"),
        package_url=snippet_url(ctx, f"{LATEST}targets/{ind.indicator_id}.package.json"),
        excel_href=ctx.link(f"{LATEST}targets/{ind.indicator_id}.excel.csv", here),
        excel_name=f"{ind.indicator_id}.excel.csv",
        jsonld=Markup(script_tag(target_dataset(ctx, ind, lang, csv_path, page))),
    )
