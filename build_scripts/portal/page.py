"""The data page (`data/`, in zh-Hans, zh-Hant and en) and the data-access block of each target page.

Every text from the package is escaped where it lands (HTML in tables, Markdown escapes in
headings); URLs in snippets and citations are absolute when `site_url` is configured and paths
from the site root otherwise (the page then says so). The schema tables come straight from
datapackage.json: field, type, description (the page language's half of the bilingual text) and
constraints.
"""

from __future__ import annotations

import json
import re

from build_scripts.common.i18n import Lang
from build_scripts.common.text import md_escape
from build_scripts.common.urls import page_dir, relative
from build_scripts.load.package import Indicator
from build_scripts.portal.common import (
    API,
    CATALOG,
    DATA_PAGE,
    LATEST,
    Context,
    esc,
    in_lang,
    size_label,
    update_label,
)
from build_scripts.portal.files import TIDY_FIELDS, Download
from build_scripts.portal.meta import bibtex, gbt7714, package_dataset, script_tag, target_dataset
from build_scripts.portal.text import T, t


def code(language: str, text: str) -> str:
    """A code block as escaped HTML (the site's Markdown has no fenced-code extension)."""
    return f'<pre><code class="language-{language}">{esc(text)}</code></pre>\n'


def snippet_url(ctx: Context, path: str) -> str:
    """A URL to paste into code: absolute with `site_url`, else the path from the site root."""
    return ctx.site_url + path if ctx.site_url else path


def data_page(ctx: Context, lang: Lang, downloads: dict[str, Download]) -> str:
    """The whole Markdown of the data page in one language."""
    here = page_dir(lang.code, DATA_PAGE)
    desc = ctx.pkg.descriptor
    lic = desc["licenses"][0]
    front = {"title": t(lang, "title"), "description": t(lang, "description")}
    parts = [
        "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n",
        f"# {t(lang, 'title')}\n",
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
        + "\n",
        f"- [{md_escape(lic['title'])} ({md_escape(lic['name'])})]({lic['path']})\n",
    ]
    if not ctx.site_url:
        parts.append(f'<div class="admonition note"><p>{t(lang, "no_site_url")}</p></div>\n')
    obs_url = snippet_url(ctx, LATEST + "data/observations.csv")
    parts += [
        f"## {t(lang, 'quick')} {{#quick-start}}\n",
        t(lang, "quick.text") + "\n",
        code("python", f'import pandas as pd; df = pd.read_csv("{obs_url}", dtype={{"period": str}})'),
        *_downloads(ctx, lang, downloads, here),
        *_api(ctx, lang, here),
        *_snippets(ctx, lang),
        *_cite(ctx, lang),
        *_metadata(lang),
        *_schema(ctx, lang, downloads),
        script_tag(package_dataset(ctx, lang, downloads, here)) + "\n",
    ]
    return "\n".join(parts)


def _downloads(ctx: Context, lang: Lang, downloads: dict[str, Download], here: str) -> list[str]:
    files = "".join(
        f'<tr><td><a href="{esc(ctx.link(downloads[k].path, here))}" download>{esc(downloads[k].name)}</a></td>'
        f"<td>{esc(t(lang, 'file.' + k))}</td>"
        f'<td data-bytes="{downloads[k].n_bytes}">{size_label(downloads[k].n_bytes)}</td></tr>'
        for k in ("zip", "xlsx", "datapackage")
    )
    head = [t(lang, k) for k in ("col.file", "col.contents", "col.size")]
    rows = []
    for res in ctx.pkg.descriptor["resources"]:
        d = downloads[f"csv:{res['name']}"]
        n_rows = len(ctx.pkg.frames[res["name"]])
        rows.append(
            f'<tr><td><a href="{esc(ctx.link(d.path, here))}">{esc(d.name)}</a></td>'
            f"<td>{esc(in_lang(lang, res['description']))}</td>"
            f'<td data-resource="{esc(res["name"])}" data-rows="{n_rows}">{lang.number(str(n_rows))}</td>'
            f'<td data-bytes="{d.n_bytes}">{size_label(d.n_bytes)}</td>'
            f"<td>{esc(update_label(ctx.updates[res['name']], lang))}</td></tr>"
        )
    res_head = [t(lang, k) for k in ("col.table", "col.description", "col.rows", "col.size", "col.updated")]
    lic = ctx.pkg.descriptor["licenses"][0]
    fields = ", ".join(f"`{f}`" for f in TIDY_FIELDS)
    return [
        f"## {t(lang, 'downloads')} {{#downloads}}\n",
        _table(head, files, t(lang, "downloads")),
        f"### {t(lang, 'tables')} {{#tables}}\n",
        t(lang, "tables.all", version=ctx.version, licence=lic["title"]) + "\n",
        _table(res_head, "".join(rows), t(lang, "tables")),
        t(lang, "stable", latest=LATEST, versioned=ctx.versioned, version=ctx.version)
        + _past(ctx, lang)
        + "\n",
        t(lang, "per_target", path=LATEST + "targets/<indicator_id>.csv") + " " + fields + "\n",
    ]


def _past(ctx: Context, lang: Lang) -> str:
    """A list of earlier versions' files ('Earlier versions:' and one link per item), or nothing."""
    if not ctx.past:
        return ""
    items = "".join(
        f"- [v{md_escape(v)} {name}]({relative(f'data/v{v}/{name}', DATA_PAGE)})\n"
        for v in ctx.past
        for name in ("datapackage.json", "hubei-quality.zip")
    )
    return f"\n\n{t(lang, 'past')}\n\n{items}"


def _table(head: list[str], body: str, label: str) -> str:
    """A named table that takes keyboard focus: on a narrow screen Material puts it in a sideways
    scrolling wrapper, and a focused table can be scrolled with the arrow keys."""
    cells = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    return (
        f'<table tabindex="0" aria-label="{esc(label)}"><thead><tr>{cells}</tr></thead>'
        f"<tbody>{body}</tbody></table>\n"
    )


def _api(ctx: Context, lang: Lang, here: str) -> list[str]:
    example = next(
        (i for i in ctx.pkg.indicators if ctx.pkg.observations_of(i.indicator_id)), ctx.pkg.indicators[0]
    ).indicator_id
    eps = [
        ("index.json", "ep.index", "index.json"),
        ("targets.json", "ep.targets", "targets.json"),
        ("targets/{indicator_id}.json", "ep.target", f"targets/{example}.json"),
        ("sections.json", "ep.sections", "sections.json"),
        ("sources.json", "ep.sources", "sources.json"),
    ]
    rows = "".join(
        f"<tr><td><code>{esc(API + ep)}</code></td><td>{esc(t(lang, key))}</td>"
        f'<td><a href="{esc(ctx.link(API + ex, here))}">{esc(ex)}</a></td></tr>'
        for ep, key, ex in eps
    )
    head = [t(lang, k) for k in ("col.endpoint", "col.contents", "col.example")]
    targets_url = snippet_url(ctx, API + "targets.json")
    one_url = snippet_url(ctx, f"{API}targets/{example}.json")
    return [
        f"## {t(lang, 'api')} {{#api}}\n",
        t(lang, "api.text") + "\n",
        _table(head, rows, t(lang, "api")),
        code("bash", f'curl -s "{targets_url}"\ncurl -s "{one_url}"'),
        code(
            "python",
            "import json, urllib.request\n"
            f'targets = json.load(urllib.request.urlopen("{targets_url}"))["targets"]',
        ),
    ]


def _snippets(ctx: Context, lang: Lang) -> list[str]:
    csv_url = snippet_url(ctx, LATEST + "data/observations.csv")
    pkg_url = snippet_url(ctx, LATEST + "datapackage.json")
    zip_url = snippet_url(ctx, LATEST + "hubei-quality.zip")
    return [
        f"## {t(lang, 'snippets')} {{#snippets}}\n",
        "### pandas\n",
        code("python", f'import pandas as pd\ndf = pd.read_csv("{csv_url}", dtype={{"period": str}})'),
        "### frictionless\n",
        t(lang, "snip.frictionless") + "\n",
        code("bash", f'frictionless validate "{pkg_url}"'),
        code(
            "python",
            "from frictionless import Package\n"
            f'package = Package("{pkg_url}")\nrows = package.get_resource("observations").read_rows()',
        ),
        "### R\n",
        code("r", f'observations <- readr::read_csv("{csv_url}", col_types = readr::cols(period = "c"))'),
        "### curl\n",
        code("bash", f'curl -LO "{zip_url}"\ncurl -s "{pkg_url}"'),
    ]


def _cite(ctx: Context, lang: Lang) -> list[str]:
    url = snippet_url(ctx, DATA_PAGE)
    return [
        f"## {t(lang, 'cite')} {{#cite}}\n",
        "### GB/T 7714\n",
        code("text", gbt7714(ctx, lang, url)),
        "### BibTeX\n",
        code("bibtex", bibtex(ctx, url)),
        t(lang, "cite.note", today=ctx.today) + "\n",
    ]


def _metadata(lang: Lang) -> list[str]:
    return [
        f"## {t(lang, 'metadata')} {{#metadata}}\n",
        t(lang, "meta.text") + "\n",
        f"- [{CATALOG}]({relative(CATALOG, DATA_PAGE)})\n",
    ]


def breakable(text: str) -> str:
    """Escaped code text with line-break opportunities (<wbr>) after brackets, so a narrow screen
    wraps a long pattern instead of scrolling its table sideways."""
    return re.sub(r"([\])|*?$])", r"\1<wbr>", esc(text))


def constraints_text(lang: Lang, field: dict) -> str:
    """A field's constraints as short HTML: 'required · unique · minimum 1 · …'."""
    out = []
    for key, value in field.get("constraints", {}).items():
        if f"c.{key}" not in T:
            raise ValueError(f"field {field['name']}: no label for constraint {key!r}")
        label = t(lang, f"c.{key}")
        if value is True:
            out.append(esc(label))
        elif key == "enum":
            out.append(f"{esc(label)} " + ", ".join(f"<code>{esc(v)}</code>" for v in value))
        elif key == "pattern":
            out.append(f"{esc(label)} <code>{breakable(value)}</code>")
        else:
            out.append(f"{esc(label)} {esc(value)}")
    if "format" in field:
        out.append(f"{esc(t(lang, 'c.format'))} <code>{esc(field['format'])}</code>")
    return " · ".join(out)


def _schema(ctx: Context, lang: Lang, downloads: dict[str, Download]) -> list[str]:
    out = [f"## {t(lang, 'schema')} {{#schema}}\n", t(lang, "schema.text") + "\n"]
    lic = ctx.pkg.descriptor["licenses"][0]
    head = [t(lang, k) for k in ("col.field", "col.type", "col.description", "col.constraints")]
    for res in ctx.pkg.descriptor["resources"]:
        schema = res["schema"]
        rows = "".join(
            f"<tr><td><code>{esc(f['name'])}</code></td><td>{esc(f['type'])}</td>"
            f"<td>{esc(in_lang(lang, f['description']))}</td><td>{constraints_text(lang, f)}</td></tr>"
            for f in schema["fields"]
        )
        d = downloads[f"csv:{res['name']}"]
        facts = [
            f"`{d.name}`",
            f"{t(lang, 'col.rows')} {lang.number(str(len(ctx.pkg.frames[res['name']])))}",
            f"{t(lang, 'col.updated')} {update_label(ctx.updates[res['name']], lang)}",
            f"{t(lang, 'col.version')} {ctx.version}",
            f"{t(lang, 'col.licence')} {lic['title']}",
        ]
        keys = f"{t(lang, 'primary_key')}: " + ", ".join(f"`{k}`" for k in schema["primaryKey"])
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            keys += f" · {t(lang, 'foreign_key')}: `{fk['fields']}` → `{ref['resource']}.{ref['fields']}`"
        out += [
            f"### {md_escape(in_lang(lang, res['title'], title=True))} (`{res['name']}`) {{#table-{res['name']}}}\n",
            md_escape(in_lang(lang, res["description"])) + "\n",
            " · ".join(facts) + "\n",
            keys + "\n",
            _table(head, rows, in_lang(lang, res["title"], title=True)),
        ]
    return out


def target_block(ctx: Context, ind: Indicator, lang: Lang, page: str) -> str:
    """Markdown for a target page (`page` is its folder, e.g. 'targets/<id>/'): snippets and JSON-LD.

    The site's target pages show their own download links (CSV, SVG, PNG); this adds the code to
    fetch the same data and the page's schema.org Dataset.
    """
    csv_path = f"{LATEST}targets/{ind.indicator_id}.csv"
    csv_url = snippet_url(ctx, csv_path)
    api_url = snippet_url(ctx, f"{API}targets/{ind.indicator_id}.json")
    data = target_dataset(ctx, ind, lang, csv_path, page)
    return "\n".join(
        [
            f"\n### {t(lang, 'target.get')}\n",
            code("python", f'import pandas as pd; df = pd.read_csv("{csv_url}", dtype={{"period": str}})'),
            code("r", f'df <- readr::read_csv("{csv_url}", col_types = readr::cols(period = "c"))'),
            code("bash", f'curl -s "{api_url}"'),
            script_tag(data) + "\n",
        ]
    )
