"""The static JSON API under `api/v1/`: index, targets, one file per target, sections, sources.

Every document carries `api_version`, `data_version` (datapackage.json's version) and the licence.
Links inside the API are relative references (RFC 3986), resolved against the URL of the document
they appear in, so the API works wherever the site is served. Numbers are JSON numbers equal to the
package's values; `quoted_value` keeps each figure exactly as its source printed it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from build_scripts.load.package import Indicator, Observation, Package, Series, Source
from build_scripts.portal.common import API, Context, relative
from build_scripts.progress.assess import Assessment

API_VERSION = "v1"


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number of the same value (int when whole); refuses any precision loss."""
    if value is None:
        return None
    if value == value.to_integral_value() and "." not in str(value) and "E" not in str(value):
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written as a JSON number without rounding")
    return as_float


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


def write(docs_dir: Path, docs: dict[str, dict]) -> None:
    """Write the documents as UTF-8 JSON (pretty-printed: they are read by people too)."""
    for path, doc in docs.items():
        dest = docs_dir / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _envelope(ctx: Context) -> dict:
    lic = ctx.pkg.descriptor["licenses"][0]
    return {
        "api_version": API_VERSION,
        "data_version": ctx.version,
        "assessed_on": ctx.today.isoformat(),
        "license": {"name": lic["name"], "title": lic["title"], "url": lic["path"]},
    }


def index_document(ctx: Context) -> dict:
    """The entry point: versions and the list of endpoints."""
    here = API
    endpoints = [
        ("targets.json", "Every target with its status and latest value. 全部目标及其状态、最新值。"),
        (
            "targets/{indicator_id}.json",
            "One target: metadata, quote, series, observations with sources, status. 单个目标的全部信息。",
        ),
        ("sections.json", "The ten sections with their measures and targets. 十个部分及其条目、目标。"),
        ("sources.json", "Every source an observation is taken from. 全部来源。"),
    ]
    return {
        **_envelope(ctx),
        "endpoints": [{"href": href, "description": text} for href, text in endpoints],
        "datapackage": relative("data/latest/datapackage.json", here),
        "datapackage_this_version": relative(f"{ctx.versioned}datapackage.json", here),
        "versions": [
            {"version": v, "datapackage": relative(f"data/v{v}/datapackage.json", here)}
            for v in [ctx.version, *ctx.past]
        ],
        "documentation": relative("data/", here),
    }


def _unit(pkg: Package, unit_id: str | None) -> dict | None:
    if unit_id is None:
        return None
    u = pkg.units[unit_id]
    return {"unit_id": u.unit_id, "label_zh": u.label_zh, "label_en": u.label_en}


def _latest(a: Assessment) -> dict | None:
    if a.latest is None:
        return None
    o = a.latest
    return {
        "series_id": a.series_id,
        "period": o.period,
        "value": number(o.value),
        "quoted_value": o.quoted_value,
        "value_status": o.status,
        "source_id": o.source_id,
    }


def status_block(a: Assessment) -> dict:
    """A target's assessment: status, the rule that decided, latest deciding figure and gap."""
    block = {
        "status": str(a.status),
        "reason": a.reason,
        "provisional": a.provisional,
        "series_id": a.series_id,
        "latest": _latest(a),
        "gap": number(a.gap),
        "baseline_period": a.baseline.period if a.baseline else None,
    }
    if a.years:
        block["years"] = [
            {"year": y.year, "met": y.met, "period": y.observation.period if y.observation else None}
            for y in a.years
        ]
    return block


def _target_fields(pkg: Package, ind: Indicator) -> dict:
    return {
        "indicator_id": ind.indicator_id,
        "section_id": ind.section_id,
        "measure_id": ind.measure_id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "kind": ind.kind,
        "unit": _unit(pkg, ind.unit_id),
        "comparator": ind.comparator,
        "target_value": number(ind.target_value),
        "target_value_max": number(ind.target_value_max),
        "periodicity": ind.periodicity,
        "target_year": ind.target_year,
        "direction": ind.direction,
    }


def targets_document(ctx: Context) -> dict:
    """Every target with status and latest value, and where its own document and CSV are."""
    here = API
    rows = []
    for ind in ctx.pkg.indicators:
        a = ctx.assessments[ind.indicator_id]
        rows.append(
            {
                **_target_fields(ctx.pkg, ind),
                "status": str(a.status),
                "provisional": a.provisional,
                "latest": _latest(a),
                "href": f"targets/{ind.indicator_id}.json",
                "csv": relative(f"data/latest/targets/{ind.indicator_id}.csv", here),
                "page": relative(f"targets/{ind.indicator_id}/", here),
            }
        )
    return {**_envelope(ctx), "count": len(rows), "targets": rows}


def source_fields(src: Source) -> dict:
    """A source as JSON."""
    return {
        "source_id": src.source_id,
        "title": src.title,
        "publisher": src.publisher,
        "url": src.url,
        "published_date": src.published_date.isoformat() if src.published_date else None,
        "accessed_date": src.accessed_date.isoformat() if src.accessed_date else None,
        "grade": src.grade,
        "original_publisher": src.original_publisher,
        "original_title": src.original_title,
        "original_date": src.original_date,
        "host_warning": src.host_warning,
        "note": src.note,
    }


def _observation(pkg: Package, o: Observation) -> dict:
    return {
        "period": o.period,
        "value": number(o.value),
        "quoted_value": o.quoted_value,
        "status": o.status,
        "quote": o.quote,
        "note": o.note,
        "source": source_fields(pkg.sources[o.source_id]),
    }


def _series(pkg: Package, s: Series) -> dict:
    geo = pkg.geographies[s.geography_id]
    return {
        "series_id": s.series_id,
        "role": s.role,
        "geography": {
            "geography_id": geo.geography_id,
            "name_zh": geo.name_zh,
            "name_en": geo.name_en,
            "level": geo.level,
        },
        "unit": _unit(pkg, s.unit_id),
        "definition_zh": s.definition_zh,
        "definition_en": s.definition_en,
        "note_zh": s.note_zh,
        "note_en": s.note_en,
        "observations": [_observation(pkg, o) for o in pkg.observations if o.series_id == s.series_id],
    }


def target_document(ctx: Context, ind: Indicator, charts: dict[tuple[str, str], str]) -> dict:
    """One target: metadata, the outline's quote, every series with its observations and sources, status."""
    here = f"{API}targets/"
    pkg = ctx.pkg
    section = next(s for s in pkg.sections if s.section_id == ind.section_id)
    measure = next(m for m in pkg.measures if m.measure_id == ind.measure_id)
    links = {
        "csv": relative(f"data/latest/targets/{ind.indicator_id}.csv", here),
        "page": {
            lang: relative(f"{prefix}targets/{ind.indicator_id}/", here)
            for lang, prefix in (("zh", ""), ("zh-Hant", "zh-Hant/"), ("en", "en/"))
        },
    }
    svgs = {lang: path for (lang, ind_id), path in charts.items() if ind_id == ind.indicator_id}
    if svgs:
        links["chart_svg"] = {lang: relative(p, here) for lang, p in sorted(svgs.items())}
        links["chart_png"] = {
            lang: relative(p.removesuffix(".svg") + ".png", here) for lang, p in sorted(svgs.items())
        }
    return {
        **_envelope(ctx),
        "target": {
            **_target_fields(pkg, ind),
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
        "status": status_block(ctx.assessments[ind.indicator_id]),
        "series": [_series(pkg, s) for s in pkg.series_of(ind.indicator_id)],
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
                "page": relative(f"sections/{sec.section_id}/", API),
            }
        )
    return {**_envelope(ctx), "sections": out}


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
        **_envelope(ctx),
        "count": len(pkg.sources),
        "sources": [
            {**source_fields(s), "target_ids": used.get(s.source_id, [])} for s in pkg.sources.values()
        ],
    }
