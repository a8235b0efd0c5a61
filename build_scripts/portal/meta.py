"""Machine-readable metadata and citations: schema.org Dataset JSON-LD, GB/T 7714, BibTeX.

The DCAT catalogue is in `dcat.py`. Each Dataset block has an `@id` shared by the page's three
language copies (the zh page's URL + `#dataset`), the page's own `inLanguage`, and names only facts
the package states: the outline and the sources as `citation`, each series' definition (口径) as
`measurementTechnique`, the target's unit in `variableMeasured`.

JSON-LD goes into pages as `<script type="application/ld+json">`, which browsers do not execute (so
the site's CSP does not need its hash); `script_tag` escapes `<`, `>` and `&` as JSON `\\u` escapes,
so no data text can close the element early. URLs are absolute when `site_url` is configured and
relative to the page (or catalog file) otherwise — JSON-LD resolves relative IRIs against the
document's URL.
"""

from __future__ import annotations

import json
import re

from build_scripts.common.i18n import HTML_LANG, Lang
from build_scripts.common.periods import parse_period
from build_scripts.common.urls import page_dir
from build_scripts.load.package import Indicator, Source
from build_scripts.portal.common import DATA_PAGE, Context, split_bilingual, split_title
from build_scripts.portal.files import Download
from build_scripts.progress.summaries import axis_unit

SCHEMA_ORG = "https://schema.org"
OUTLINE = {"@type": "CreativeWork", "name": "湖北省质量强省建设纲要", "inLanguage": "zh-Hans"}


def script_tag(data: dict) -> str:
    """A one-line `<script type="application/ld+json">` element that cannot be broken out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


def hubei_place(ctx: Context) -> dict:
    """schema.org Place for Hubei, from the package's geographies."""
    if "hubei" not in ctx.pkg.geographies:
        raise ValueError("the package has no 'hubei' geography for spatialCoverage")
    geo = ctx.pkg.geographies["hubei"]
    return {"@type": "Place", "name": geo.name_zh, "alternateName": geo.name_en}


def temporal_coverage(periods: list[str]) -> str | None:
    """ISO 8601 interval of the observed periods ('2015/2025'), None with no observation."""
    if not periods:
        return None
    parsed = [parse_period(p) for p in periods]
    first, last = min(parsed, key=lambda p: p.start), max(parsed, key=lambda p: p.end)
    return f"{first.text}/{last.text}" if first.text != last.text else first.text


def _creator(ctx: Context) -> list[dict]:
    authors = [c for c in ctx.pkg.descriptor["contributors"] if c.get("role") == "author"]
    if not authors:
        raise ValueError("datapackage.json names no contributor with role 'author'")
    return [{"@type": "Organization", "name": c["title"]} for c in authors]


def _common(ctx: Context, lang: Lang, here: str) -> dict:
    desc = ctx.pkg.descriptor
    out = {
        "license": desc["licenses"][0]["path"],
        "creator": _creator(ctx),
        "publisher": _creator(ctx),
        "version": ctx.version,
        "datePublished": desc["created"][:10],
        "isAccessibleForFree": True,
        "spatialCoverage": hubei_place(ctx),
        "inLanguage": HTML_LANG[lang.code],
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": split_title(desc["title"])[0] if lang.is_en else lang.zh(split_title(desc["title"])[1]),
            "url": ctx.link("", here, absolute=True),
        },
    }
    if ctx.package_update.known:
        out["dateModified"] = ctx.package_update.day.isoformat()
    return out


def _distribution(ctx: Context, d: Download, from_dir: str, fmt: str) -> dict:
    return {
        "@type": "DataDownload",
        "name": d.name,
        "encodingFormat": d.mediatype,
        "contentSize": f"{d.n_bytes} B",
        "contentUrl": ctx.link(d.path, from_dir, absolute=True),
        "description": fmt,
    }


def package_dataset(ctx: Context, lang: Lang, downloads: dict[str, Download], from_dir: str) -> dict:
    """The whole package as a schema.org Dataset (for the data page in `lang`, read from `from_dir`)."""
    desc = ctx.pkg.descriptor
    title_en, title_zh = split_title(desc["title"])
    text_en, text_zh = split_bilingual(desc["description"])
    labels = {
        "zip": "Frictionless data package (zip)",
        "xlsx": "Excel workbook, one sheet per table",
        "datapackage": "Frictionless datapackage.json (schema and metadata)",
    }
    dists = [_distribution(ctx, downloads[k], from_dir, v) for k, v in labels.items()]
    dists += [
        _distribution(ctx, d, from_dir, f"CSV: {k.removeprefix('csv:')}")
        for k, d in downloads.items()
        if k.startswith("csv:")
    ]
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "@id": ctx.link(DATA_PAGE, from_dir, absolute=True) + "#dataset",
        "identifier": desc["name"],
        "name": title_en if lang.is_en else lang.zh(title_zh),
        "alternateName": lang.zh(title_zh) if lang.is_en else title_en,
        "description": text_en if lang.is_en else f"{lang.zh(text_zh)} {text_en}",
        "url": ctx.link(page_dir(lang.code, DATA_PAGE), from_dir, absolute=True),
        "keywords": desc["keywords"],
        **_common(ctx, lang, from_dir),
        "variableMeasured": [_variable(ctx, i, lang) for i in ctx.pkg.indicators],
        "measurementTechnique": _technique(lang),
        "citation": [OUTLINE],
        "distribution": dists,
    }
    coverage = temporal_coverage([o.period for o in ctx.pkg.observations])
    if coverage:
        data["temporalCoverage"] = coverage
    return data


def target_dataset(ctx: Context, ind: Indicator, lang: Lang, csv_path: str, page: str) -> dict:
    """One target's data as a schema.org Dataset that is part of the package's Dataset."""
    here = page_dir(lang.code, page)
    data_page = ctx.link(DATA_PAGE, here, absolute=True)
    api = f"api/v1/targets/{ind.indicator_id}.json"
    series = ctx.pkg.series_of(ind.indicator_id)
    observations = ctx.pkg.observations_of(ind.indicator_id)
    cited = sorted({o.source_id for o in observations})
    name = ind.name_en if lang.is_en else lang.zh(ind.name_zh)
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "@id": ctx.link(page, here, absolute=True) + "#dataset",
        "identifier": f"{ctx.pkg.descriptor['name']}/{ind.indicator_id}",
        "name": name,
        "alternateName": lang.zh(ind.name_zh) if lang.is_en else ind.name_en,
        "description": _target_description(ind, lang),
        "url": ctx.link(here, here, absolute=True),
        "keywords": [name, *ctx.pkg.descriptor["keywords"]],
        "isPartOf": {"@type": "Dataset", "@id": data_page + "#dataset", "url": data_page},
        **_common(ctx, lang, here),
        "variableMeasured": _variable(ctx, ind, lang),
        "measurementTechnique": [s.definition_en if lang.is_en else lang.zh(s.definition_zh) for s in series]
        or _technique(lang),
        "citation": [OUTLINE, *(_source(ctx.pkg.sources[sid]) for sid in cited)],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "name": csv_path.rsplit("/", 1)[1],
                "contentUrl": ctx.link(csv_path, here, absolute=True),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "name": f"{ind.indicator_id}.json",
                "contentUrl": ctx.link(api, here, absolute=True),
            },
        ],
    }
    coverage = temporal_coverage([o.period for o in observations])
    if coverage:
        data["temporalCoverage"] = coverage
    return data


def _variable(ctx: Context, ind: Indicator, lang: Lang) -> dict:
    """A target as a schema.org PropertyValue: its name and, when it has one, its unit."""
    out = {"@type": "PropertyValue", "name": ind.name_en if lang.is_en else lang.zh(ind.name_zh)}
    if ind.unit_id is not None:  # the unit as the page's language writes it ('items (× 10,000)', '万件')
        out["unitText"] = axis_unit(lang, ctx.pkg, ind.unit_id)
    return out


def _technique(lang: Lang) -> str:
    """How the values were obtained (the project's method, stated on the methodology page)."""
    if lang.is_en:
        return (
            "Values transcribed verbatim from public sources, each with its source, quote and "
            "statistical definition; nothing estimated, interpolated or filled in."
        )
    return lang.zh("数值逐字摘自公开来源，每个数值附来源、原文和统计口径；不估算、不插值、不补齐。")


def _source(src: Source) -> dict:
    """A source as a schema.org CreativeWork."""
    out = {"@type": "CreativeWork", "name": src.title, "url": src.url, "publisher": src.publisher}
    if src.published_date:
        out["datePublished"] = src.published_date.isoformat()
    return out


def _target_description(ind: Indicator, lang: Lang) -> str:
    if lang.is_en:
        return (
            f"Observed values, each with its source, quote and statistical definition, for the target "
            f"\u201c{ind.name_en}\u201d of the Hubei quality outline (2023), which states (our "
            f"translation): {ind.quote_en}"
        )
    return lang.zh(
        f"《湖北省质量强省建设纲要》（2023年）目标“{ind.name_zh}”的观测数据，每个数值附来源、原文和统计口径。"
        f"纲要原文：{ind.quote_zh}"
    )


def gbt7714(ctx: Context, lang: Lang, url: str) -> str:
    """GB/T 7714-2015 reference of the data set ([DS/OL]: online data set), with version and access date."""
    title_en, title_zh = split_title(ctx.pkg.descriptor["title"])
    author = _creator(ctx)[0]["name"]
    updated = f"({ctx.package_update.day.isoformat()})" if ctx.package_update.known else ""
    if lang.is_en:
        return (
            f"{author}. {title_en}: version {ctx.version}[DS/OL]. {updated}[{ctx.today.isoformat()}]. {url}."
        )
    return f"{author}. {lang.zh(title_zh)}：{lang.zh('版本')} {ctx.version}[DS/OL]. {updated}[{ctx.today.isoformat()}]. {url}."


def bibtex(ctx: Context, url: str) -> str:
    """A BibTeX @misc entry (biblatex reads its version and urldate fields)."""
    title_en, title_zh = split_title(ctx.pkg.descriptor["title"])
    year = (ctx.package_update.day if ctx.package_update.known else ctx.today).year
    key = re.sub(r"[^a-z0-9]+", "-", f"{ctx.pkg.descriptor['name']}-{ctx.version}")
    fields = {
        "author": "{" + _bib(_creator(ctx)[0]["name"]) + "}",
        "title": "{" + _bib(f"{title_en} / {title_zh}") + "}",  # braces: styles keep its capitals
        "year": str(year),
        "version": ctx.version,
        "url": url,
        "urldate": ctx.today.isoformat(),
        "note": _bib(
            f"Data set, version {ctx.version}, licence {ctx.pkg.descriptor['licenses'][0]['title']}"
        ),
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "&%$#_{}"},
}


def _bib(text: str) -> str:
    """Escape BibTeX's special characters in free text."""
    return "".join(_BIB_ESCAPES.get(c, c) for c in text)
