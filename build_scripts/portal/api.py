"""The static JSON API under `api/v1/`: index, targets, one file per target, sections, sources.

Every document carries `api_version`, `data_version` (datapackage.json's version), the licence and
`$schema`, the JSON Schema it conforms to (`api/v1/schema/<endpoint>.schema.json`, see
`api_schema.py`). Links inside the API are absolute when the build has a site URL (`SITE_URL`), else
relative references (RFC 3986) resolved against the URL of the document they appear in. Field names are the
vocabulary of `api_fields.py`, shared with the per-target CSVs and the workbook.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts.load.package import Indicator
from build_scripts.portal.api_fields import (
    assessment_fields,
    latest_fields,
    series_fields,
    source_fields,
    target_fields,
)
from build_scripts.portal.common import API, FEED, Context

API_VERSION = "v1"


def documents(ctx: Context, charts: dict[tuple[str, str], str]) -> dict[str, dict]:
    """Every API document keyed by its path from the site root.

    `charts` maps (language, indicator id) to the chart SVG path (from the site root) where one exists.
    """
    docs = {
        f"{API}targets/{i.indicator_id}.json": target_document(ctx, i, charts) for i in ctx.pkg.indicators
    }
    docs[f"{API}targets.json"] = targets_document(ctx)
    docs[f"{API}sections.json"] = sections_document(ctx)
    docs[f"{API}sources.json"] = sources_document(ctx)
    docs[f"{API}index.json"] = index_document(ctx)
    return docs


def write(into: Path, docs: dict[str, dict]) -> None:
    """Write the documents as UTF-8 JSON (pretty-printed: they are read by people too)."""
    for path, doc in docs.items():
        dest = into / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def schema_path(endpoint: str) -> str:
    """Where the JSON Schema of an endpoint ('targets', 'target', …) is, from the site root."""
    return f"{API}schema/{endpoint}.schema.json"


def _envelope(ctx: Context, endpoint: str, here: str) -> dict:
    lic = ctx.pkg.descriptor["licenses"][0]
    return {
        "$schema": ctx.link(schema_path(endpoint), here, absolute=True),
        "api_version": API_VERSION,
        "data_version": ctx.version,
        "assessed_on": ctx.today.isoformat(),
        "license": {"name": lic["name"], "title": lic["title"], "url": lic["path"]},
    }


def index_document(ctx: Context) -> dict:
    """The entry point: versions and the list of endpoints."""
    here = API
    endpoints = [
        ("index", "index.json", "This document: versions and endpoints. 入口：版本与接口列表。"),
        (
            "targets",
            "targets.json",
            "Every target with its status and latest value. 全部目标及其状态、最新值。",
        ),
        (
            "target",
            "targets/{indicator_id}.json",
            "One target: metadata, quote, series, observations with sources, status. 单个目标的全部信息。",
        ),
        (
            "sections",
            "sections.json",
            "The ten sections with their measures and targets. 十个部分及其条目、目标。",
        ),
        ("sources", "sources.json", "Every source an observation is taken from. 全部来源。"),
    ]
    return {
        **_envelope(ctx, "index", here),
        "endpoints": [
            {
                "href": href,
                "description": text,
                "schema": ctx.link(schema_path(name), here, absolute=True),
            }
            for name, href, text in endpoints
        ],
        "feed": ctx.link(FEED, here, absolute=True),
        "datapackage": ctx.link("data/latest/datapackage.json", here, absolute=True),
        "datapackage_this_version": ctx.link(f"{ctx.versioned}datapackage.json", here, absolute=True),
        "versions": [
            {"version": v, "datapackage": ctx.link(f"data/v{v}/datapackage.json", here, absolute=True)}
            for v in [ctx.version, *ctx.past]
        ],
        "documentation": ctx.link("data/", here, absolute=True),
    }


def targets_document(ctx: Context) -> dict:
    """Every target with status and latest value, and where its own document and CSV are."""
    here = API
    rows = []
    for ind in ctx.pkg.indicators:
        a = ctx.assessments[ind.indicator_id]
        rows.append(
            {
                **target_fields(ctx.pkg, ind),
                "status": str(a.status),
                "certainty": str(a.certainty),
                "provisional": a.provisional,
                "latest": latest_fields(a),
                "href": ctx.link(f"{API}targets/{ind.indicator_id}.json", here, absolute=True),
                "csv": ctx.link(f"data/latest/targets/{ind.indicator_id}.csv", here, absolute=True),
                "page": ctx.link(f"targets/{ind.indicator_id}/", here, absolute=True),
            }
        )
    return {**_envelope(ctx, "targets", here), "count": len(rows), "targets": rows}


def target_document(ctx: Context, ind: Indicator, charts: dict[tuple[str, str], str]) -> dict:
    """One target: metadata, the outline's quote, every series with its observations and sources, status."""
    here = f"{API}targets/"
    pkg = ctx.pkg
    section = next(s for s in pkg.sections if s.section_id == ind.section_id)
    measure = next(m for m in pkg.measures if m.measure_id == ind.measure_id)
    links = {
        "csv": ctx.link(f"data/latest/targets/{ind.indicator_id}.csv", here, absolute=True),
        "page": {
            lang: ctx.link(f"{prefix}targets/{ind.indicator_id}/", here, absolute=True)
            for lang, prefix in (("zh", ""), ("zh-Hant", "zh-Hant/"), ("en", "en/"))
        },
    }
    svgs = {lang: path for (lang, ind_id), path in charts.items() if ind_id == ind.indicator_id}
    if svgs:
        links["chart_svg"] = {lang: ctx.link(p, here, absolute=True) for lang, p in sorted(svgs.items())}
        links["chart_png"] = {
            lang: ctx.link(p.removesuffix(".svg") + ".png", here, absolute=True)
            for lang, p in sorted(svgs.items())
        }
    return {
        **_envelope(ctx, "target", here),
        "target": {
            **target_fields(pkg, ind),
            "quote_zh": ind.quote_zh,
            "quote_en": ind.quote_en,
            "note_zh": ind.note_zh,
            "note_en": ind.note_en,
            "section": {
                "section_id": section.section_id,
                "numeral_zh": section.numeral_zh,
                "title_zh": section.title_zh,
                "title_en": section.title_en,
            },
            "measure": {
                "measure_id": measure.measure_id,
                "numeral_zh": measure.numeral_zh,
                "title_zh": measure.title_zh,
                "title_en": measure.title_en,
            },
        },
        "status": assessment_fields(ctx.assessments[ind.indicator_id]),
        "series": [series_fields(pkg, s) for s in pkg.series_of(ind.indicator_id)],
        "links": links,
    }


def sections_document(ctx: Context) -> dict:
    """The ten sections, each with its measures and the ids of the targets stated in them."""
    pkg = ctx.pkg
    out = []
    for sec in pkg.sections:
        measures = []
        for m in (m for m in pkg.measures if m.section_id == sec.section_id):
            ids = [i.indicator_id for i in pkg.indicators if i.measure_id == m.measure_id]
            measures.append(
                {
                    "measure_id": m.measure_id,
                    "numeral_zh": m.numeral_zh,
                    "title_zh": m.title_zh,
                    "title_en": m.title_en,
                    "target_ids": ids,
                }
            )
        statuses: dict[str, int] = {}
        for i in (i for i in pkg.indicators if i.section_id == sec.section_id):
            key = str(ctx.assessments[i.indicator_id].status)
            statuses[key] = statuses.get(key, 0) + 1
        out.append(
            {
                "section_id": sec.section_id,
                "numeral_zh": sec.numeral_zh,
                "title_zh": sec.title_zh,
                "title_en": sec.title_en,
                "status_counts": statuses,
                "measures": measures,
                "page": ctx.link(f"sections/{sec.section_id}/", API, absolute=True),
            }
        )
    return {**_envelope(ctx, "sections", API), "sections": out}


def sources_document(ctx: Context) -> dict:
    """Every source, with the targets whose observations cite it."""
    pkg = ctx.pkg
    target_of = {s.series_id: s.indicator_id for s in pkg.series}
    used: dict[str, list[str]] = {}
    for o in pkg.observations:
        ids = used.setdefault(o.source_id, [])
        if target_of[o.series_id] not in ids:
            ids.append(target_of[o.series_id])
    return {
        **_envelope(ctx, "sources", API),
        "count": len(pkg.sources),
        "sources": [
            {**source_fields(s), "target_ids": used.get(s.source_id, [])} for s in pkg.sources.values()
        ],
    }
