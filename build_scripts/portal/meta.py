"""Machine-readable metadata and citations: schema.org Dataset JSON-LD, a DCAT catalog, GB/T 7714, BibTeX.

JSON-LD goes into pages as `<script type="application/ld+json">`, which browsers do not execute (so
the site's CSP does not need its hash); `script_tag` escapes `<`, `>` and `&` as JSON `\\u` escapes,
so no data text can close the element early. URLs are absolute when `site_url` is configured and
relative to the page (or catalog file) otherwise — JSON-LD resolves relative IRIs against the
document's URL.
"""

from __future__ import annotations

import json
import re

from build_scripts.common.i18n import Lang
from build_scripts.common.urls import page_dir
from build_scripts.load.package import Indicator
from build_scripts.portal.common import CATALOG, DATA_PAGE, Context, split_bilingual, split_title
from build_scripts.portal.files import Download
from build_scripts.progress.assess import parse_period

SCHEMA_ORG = "https://schema.org"
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IN_LANGUAGE = ["zh-Hans", "en"]


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


def _common(ctx: Context) -> dict:
    lic = ctx.pkg.descriptor["licenses"][0]
    out = {
        "license": lic["path"],
        "creator": _creator(ctx),
        "version": ctx.version,
        "isAccessibleForFree": True,
        "spatialCoverage": hubei_place(ctx),
        "inLanguage": IN_LANGUAGE,
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
    periods = [o.period for o in ctx.pkg.observations]
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "@id": ctx.link(DATA_PAGE, from_dir, absolute=True) + "#dataset",
        "name": title_en if lang.is_en else lang.zh(title_zh),
        "alternateName": lang.zh(title_zh) if lang.is_en else title_en,
        "description": text_en if lang.is_en else f"{lang.zh(text_zh)} {text_en}",
        "url": ctx.link(DATA_PAGE, from_dir, absolute=True),
        "keywords": desc["keywords"],
        **_common(ctx),
        "distribution": dists,
    }
    coverage = temporal_coverage(periods)
    if coverage:
        data["temporalCoverage"] = coverage
    return data


def target_dataset(ctx: Context, ind: Indicator, lang: Lang, csv_path: str, page: str) -> dict:
    """One target's data as a schema.org Dataset that is part of the package's Dataset."""
    here = page_dir(lang.code, page)
    data_page = ctx.link(DATA_PAGE, here, absolute=True)
    api = f"api/v1/targets/{ind.indicator_id}.json"
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "name": ind.name_en if lang.is_en else lang.zh(ind.name_zh),
        "alternateName": lang.zh(ind.name_zh) if lang.is_en else ind.name_en,
        "description": _target_description(ind, lang),
        "url": ctx.link(here, here, absolute=True),
        "isPartOf": {"@type": "Dataset", "@id": data_page + "#dataset", "url": data_page},
        **_common(ctx),
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
    coverage = temporal_coverage([o.period for o in ctx.pkg.observations_of(ind.indicator_id)])
    if coverage:
        data["temporalCoverage"] = coverage
    return data


def _target_description(ind: Indicator, lang: Lang) -> str:
    if lang.is_en:
        return (
            f"Observed values for a target of the Hubei quality outline (2023), which states: {ind.quote_zh}"
        )
    return lang.zh(f"《湖北省质量强省建设纲要》目标的观测数据。纲要原文：{ind.quote_zh}")


def dcat_catalog(ctx: Context, downloads: dict[str, Download]) -> dict:
    """A DCAT catalog (JSON-LD) with the package as one dcat:Dataset and each file as a distribution."""
    here = CATALOG.rsplit("/", 1)[0] + "/"
    desc = ctx.pkg.descriptor
    title_en, title_zh = split_title(desc["title"])
    text_en, text_zh = split_bilingual(desc["description"])
    lic = desc["licenses"][0]["path"]

    def dist(d: Download, title: str) -> dict:
        url = ctx.link(d.path, here, absolute=True)
        return {
            "@type": "dcat:Distribution",
            "dct:title": title,
            "dcat:downloadURL": {"@id": url},
            "dcat:accessURL": {"@id": url},
            "dcat:mediaType": d.mediatype,
            "dcat:byteSize": {"@value": str(d.n_bytes), "@type": "xsd:nonNegativeInteger"},
            "dct:license": {"@id": lic},
        }

    dists = [
        dist(downloads[k], t)
        for k, t in (
            ("zip", "Data package (zip)"),
            ("xlsx", "Excel workbook"),
            ("datapackage", "datapackage.json"),
        )
    ]
    dists += [dist(d, f"{k.removeprefix('csv:')}.csv") for k, d in downloads.items() if k.startswith("csv:")]
    dataset = {
        "@id": ctx.link(DATA_PAGE, here, absolute=True) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": desc["name"],
        "dct:title": [{"@value": title_zh, "@language": "zh-Hans"}, {"@value": title_en, "@language": "en"}],
        "dct:description": [
            {"@value": text_zh, "@language": "zh-Hans"},
            {"@value": text_en, "@language": "en"},
        ],
        "dcat:keyword": desc["keywords"],
        "dct:license": {"@id": lic},
        "dct:creator": [{"@type": "foaf:Organization", "foaf:name": c["name"]} for c in _creator(ctx)],
        "dcat:version": ctx.version,
        "dct:spatial": {"@type": "dct:Location", "dct:title": hubei_place(ctx)["name"]},
        "dcat:landingPage": {"@id": ctx.link(DATA_PAGE, here, absolute=True)},
        "dcat:distribution": dists,
    }
    coverage = temporal_coverage([o.period for o in ctx.pkg.observations])
    if coverage:
        start, _, end = coverage.partition("/")
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": start,
            "dcat:endDate": end or start,
        }
    if ctx.package_update.known:
        dataset["dct:modified"] = {"@value": ctx.package_update.day.isoformat(), "@type": "xsd:date"}
    api = {
        "@type": "dcat:DataService",
        "dct:title": "Static JSON API v1 / 静态 JSON 接口",
        "dcat:endpointURL": {"@id": ctx.link("api/v1/index.json", here, absolute=True)},
        "dcat:endpointDescription": {"@id": ctx.link(DATA_PAGE, here, absolute=True) + "#api"},
        "dcat:servesDataset": {"@id": dataset["@id"]},
        "dct:license": {"@id": lic},
    }
    return {
        "@context": DCAT_CONTEXT,
        "@id": ctx.link(CATALOG, here, absolute=True),
        "@type": "dcat:Catalog",
        "dct:title": title_en,
        "dct:license": {"@id": lic},
        "dcat:dataset": [dataset],
        "dcat:service": [api],
    }


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
        "title": _bib(f"{title_en} / {title_zh}"),
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
