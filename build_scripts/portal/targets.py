"""Per-target files: a tidy CSV a person can read, its Excel twin, and a data package descriptor.

For every target, under `data/latest/targets/` and `data/v<version>/targets/`:

- `<id>.csv`: one row per observation, ids beside names, unit labels, the series' definition (口径),
  the source's title, publisher and URL and the verbatim quote; sorted by series, then period. Every
  file has the same columns (FIELDS) in the same order, and a target without data has the header
  only: a gap is shown as a gap. UTF-8 without BOM, LF, like the package's CSVs.
- `<id>.excel.csv`: the same bytes after a UTF-8 BOM, so Excel opens it by double-click without
  mojibake (zh-CN Excel reads a BOM-less CSV as GBK).
- `<id>.package.json`: a Frictionless data package describing `<id>.csv` (field types and
  descriptions, licence, the target's name and quote). It is the file's metadata sidecar, and
  `frictionless validate <url>/<id>.package.json` checks the CSV against it (the CLI recognises the
  `.package.json` suffix).

Field names follow the package's own columns; a column taken from a related table is prefixed with
that table's name (`series_role`, `source_title`), except ids, which keep their own names. The
JSON API and the workbook's flat sheet use the same names.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from build_scripts.common.periods import parse_period
from build_scripts.load.package import Indicator, Package
from build_scripts.portal.common import LATEST, Context

BOM = "\ufeff"

# (name, Table Schema type, description "English. 中文。")
FIELDS: list[tuple[str, str, str]] = [
    ("indicator_id", "string", "Target id. 目标编号。"),
    ("name_zh", "string", "Target name in Chinese. 目标名称（中文）。"),
    ("name_en", "string", "Target name in English (our translation). 目标名称（英文，本站翻译）。"),
    ("series_id", "string", "Series id: one statistical definition. 口径编号：一个统计口径。"),
    ("series_role", "string", "The series' role for the target (official, proxy, comparison…). 口径的作用。"),
    ("series_definition_zh", "string", "What the series counts (口径), in Chinese. 口径定义（中文）。"),
    ("series_definition_en", "string", "What the series counts, in English. 口径定义（英文）。"),
    ("geography_id", "string", "Place id. 地区编号。"),
    ("geography_name_zh", "string", "Place name in Chinese. 地区名称（中文）。"),
    ("geography_name_en", "string", "Place name in English. 地区名称（英文）。"),
    ("period", "string", "Period observed: YYYY, YYYY-MM or YYYY-MM-DD. 时期。"),
    (
        "period_approximate",
        "boolean",
        "True when the source does not print the period exactly (inferred; see the package). 时期为推断。",
    ),
    ("value", "number", "The observed value, as published. 观测值。"),
    ("quoted_value", "string", "The value as the source prints it. 原文中数字的写法。"),
    ("unit_id", "string", "Unit id. 单位编号。"),
    ("unit_label_zh", "string", "Unit in Chinese. 单位（中文）。"),
    ("unit_label_en", "string", "Unit in English. 单位（英文）。"),
    ("status", "string", "provisional or final. 初步数或最终数。"),
    ("comparator", "string", "How the target compares (>=, <=, =, range…). 目标的比较方式。"),
    ("target_value", "number", "The target value. 目标值。"),
    ("target_value_max", "number", "Upper end of a target range. 目标区间的上限。"),
    ("target_unit_id", "string", "Unit of the target value. 目标值的单位编号。"),
    ("target_year", "integer", "Year the target is due. 目标年份。"),
    ("source_id", "string", "Source id. 来源编号。"),
    ("source_title", "string", "Title of the source page. 来源标题。"),
    ("source_publisher", "string", "Who published the source. 来源发布者。"),
    ("source_url", "string", "Address of the source page. 来源网址。"),
    ("source_published_date", "date", "When the source was published. 来源发布日期。"),
    ("source_grade", "string", "official, press or copy (read on a third-party host). 来源等级。"),
    ("source_original_publisher", "string", "For a copy: the original's publisher. 转载所注原发布者。"),
    ("source_original_title", "string", "For a copy: the original's title. 转载所注原标题。"),
    ("source_original_date", "string", "For a copy: the original's date, as printed. 转载所注原日期。"),
    ("quote", "string", "The source's sentence that holds the value, verbatim. 含该数值的原文。"),
]
FIELD_NAMES = [name for name, _, _ in FIELDS]


def rows(pkg: Package, ind: Indicator) -> list[dict[str, str]]:
    """One target's observations, one row each, sorted by series id, then period (oldest first)."""
    series = {s.series_id: s for s in pkg.series_of(ind.indicator_id)}
    observations = sorted(
        pkg.observations_of(ind.indicator_id), key=lambda o: (o.series_id, parse_period(o.period).start)
    )
    out = []
    for obs in observations:
        s = series[obs.series_id]
        unit, geo, src = pkg.units[s.unit_id], pkg.geographies[s.geography_id], pkg.sources[obs.source_id]
        out.append(
            {
                "indicator_id": ind.indicator_id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "series_id": s.series_id,
                "series_role": s.role,
                "series_definition_zh": s.definition_zh,
                "series_definition_en": s.definition_en,
                "geography_id": s.geography_id,
                "geography_name_zh": geo.name_zh,
                "geography_name_en": geo.name_en,
                "period": obs.period,
                "period_approximate": "true" if obs.period_approximate else "false",
                "value": obs.value_text,
                "quoted_value": obs.quoted_value,
                "unit_id": s.unit_id,
                "unit_label_zh": unit.label_zh,
                "unit_label_en": unit.label_en,
                "status": obs.status,
                "comparator": ind.comparator,
                "target_value": ind.target_text or "",
                "target_value_max": ind.target_max_text or "",
                "target_unit_id": ind.unit_id or "",
                "target_year": "" if ind.target_year is None else str(ind.target_year),
                "source_id": src.source_id,
                "source_title": src.title,
                "source_publisher": src.publisher,
                "source_url": src.url,
                "source_published_date": src.published_date.isoformat() if src.published_date else "",
                "source_grade": src.grade,
                "source_original_publisher": src.original_publisher or "",
                "source_original_title": src.original_title or "",
                "source_original_date": src.original_date or "",
                "quote": obs.quote,
            }
        )
    return out


def csv_text(table: list[dict[str, str]]) -> str:
    """Rows as CSV text in the package's dialect (comma, minimal quoting, LF), header always."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELD_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def descriptor(ctx: Context, ind: Indicator) -> dict:
    """The Frictionless data package of one target's CSV (types, descriptions, licence, the quote)."""
    lic = ctx.pkg.descriptor["licenses"][0]
    return {
        "profile": "tabular-data-package",
        "name": f"{ctx.pkg.descriptor['name']}-{ind.indicator_id}",
        "title": f"{ind.name_en} / {ind.name_zh}",
        "description": (
            f"Observations of one target of the Hubei quality outline (2023). The outline states: "
            f"{ind.quote_zh}"
        ),
        "version": ctx.version,
        "licenses": [lic],
        "resources": [
            {
                "name": ind.indicator_id,
                "path": f"{ind.indicator_id}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": n, "type": kind, "description": text} for n, kind, text in FIELDS],
                    "missingValues": [""],
                },
            }
        ],
    }


def publish(ctx: Context, into: Path) -> dict[str, str]:
    """Write the three files of every target under v<version>/ and latest/ (the same bytes, made once);
    returns id → CSV path."""
    folders = (ctx.versioned, LATEST)
    for folder in folders:
        (into / folder / "targets").mkdir(parents=True, exist_ok=True)
    out = {}
    for ind in ctx.pkg.indicators:
        name = ind.indicator_id
        text = csv_text(rows(ctx.pkg, ind))
        files = {
            f"{name}.csv": text,
            f"{name}.excel.csv": BOM + text,
            f"{name}.package.json": json.dumps(descriptor(ctx, ind), ensure_ascii=False, indent=1) + "\n",
        }
        for folder in folders:
            for file_name, content in files.items():
                (into / folder / "targets" / file_name).write_text(content, encoding="utf-8", newline="")
        out[name] = f"{LATEST}targets/{name}.csv"
    return out
