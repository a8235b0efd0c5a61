"""A JSON Schema (draft 2020-12) for each endpoint of the static API, published at `api/v1/schema/`.

Each API document names its schema in `$schema`; the tests validate every published document
against the published schema, so a renamed or added field must be declared here first. Objects
are closed (`additionalProperties: false`): a field outside the vocabulary fails the build's tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts.portal.common import API

DRAFT = "https://json-schema.org/draft/2020-12/schema"
STR = {"type": "string"}
OPT_STR = {"type": ["string", "null"]}
NUM = {"type": ["number", "null"]}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
URL = {"type": "string", "format": "uri-reference"}
DATE = {"type": ["string", "null"], "format": "date"}


def obj(props: dict, optional: tuple[str, ...] = ()) -> dict:
    """A closed object: every property required unless named in `optional`."""
    return {
        "type": "object",
        "properties": props,
        "required": [k for k in props if k not in optional],
        "additionalProperties": False,
    }


def array(items: dict) -> dict:
    """An array of `items`."""
    return {"type": "array", "items": items}


def lang_map() -> dict:
    """{'zh': url, 'zh-Hant': url, 'en': url} (some may be missing for charts)."""
    return {
        "type": "object",
        "propertyNames": {"enum": ["zh", "zh-Hant", "en"]},
        "additionalProperties": URL,
    }


ENVELOPE = {
    "$schema": URL,
    "api_version": {"const": "v1"},
    "data_version": STR,
    "assessed_on": {"type": "string", "format": "date"},
    "license": obj({"name": STR, "title": STR, "url": URL}),
}
UNIT = {"unit_id": OPT_STR, "unit_label_zh": OPT_STR, "unit_label_en": OPT_STR}
TARGET = {
    "indicator_id": STR,
    "section_id": INT,
    "measure_id": INT,
    "name_zh": STR,
    "name_en": STR,
    "kind": STR,
    **UNIT,
    "comparator": STR,
    "target_value": NUM,
    "target_value_max": NUM,
    "periodicity": STR,
    "target_year": {"type": ["integer", "null"]},
    "direction": STR,
}
LATEST = {
    "oneOf": [
        {"type": "null"},
        obj(
            {
                "series_id": STR,
                "period": STR,
                "value": {"type": "number"},
                "quoted_value": STR,
                "status": STR,
                "source_id": STR,
            }
        ),
    ]
}
SOURCE = {
    "source_id": STR,
    "title": STR,
    "publisher": STR,
    "url": URL,
    "published_date": DATE,
    "accessed_date": DATE,
    "grade": {"enum": ["official", "press", "copy"]},
    "original_publisher": OPT_STR,
    "original_title": OPT_STR,
    "original_date": OPT_STR,
    "host_warning": OPT_STR,
    "note": OPT_STR,
}
OBSERVATION = obj(
    {
        "period": STR,
        "period_approximate": BOOL,
        "value": {"type": "number"},
        "quoted_value": STR,
        "status": STR,
        "quote": STR,
        "note": OPT_STR,
        **{("source_id" if k == "source_id" else f"source_{k}"): v for k, v in SOURCE.items()},
    }
)
SERIES = obj(
    {
        "series_id": STR,
        "series_role": STR,
        "series_definition_zh": STR,
        "series_definition_en": STR,
        "series_note_zh": OPT_STR,
        "series_note_en": OPT_STR,
        "geography_id": STR,
        "geography_name_zh": STR,
        "geography_name_en": STR,
        "geography_level": STR,
        **UNIT,
        "observations": array(OBSERVATION),
    }
)
ASSESSMENT = obj(
    {
        "status": STR,
        "certainty": STR,
        "reason": STR,
        "provisional": BOOL,
        "series_id": OPT_STR,
        "latest": LATEST,
        "gap": NUM,
        "baseline_period": OPT_STR,
        "years": array(obj({"year": INT, "met": {"type": ["boolean", "null"]}, "period": OPT_STR})),
    },
    optional=("years",),
)
TITLED = {"numeral_zh": STR, "title_zh": STR, "title_en": STR}


def schemas() -> dict[str, dict]:
    """Every endpoint's schema, keyed by endpoint name."""
    index = {
        "endpoints": array(obj({"href": URL, "description": STR, "schema": URL})),
        "feed": URL,
        "datapackage": URL,
        "datapackage_this_version": URL,
        "versions": array(obj({"version": STR, "datapackage": URL})),
        "documentation": URL,
    }
    targets_row = {
        **TARGET,
        "status": STR,
        "certainty": STR,
        "provisional": BOOL,
        "latest": LATEST,
        "href": URL,
        "csv": URL,
        "page": URL,
    }
    target = {
        **TARGET,
        "quote_zh": STR,
        "quote_en": STR,
        "note_zh": OPT_STR,
        "note_en": OPT_STR,
        "section": obj({"section_id": INT, **TITLED}),
        "measure": obj({"measure_id": INT, **TITLED}),
    }
    links = obj(
        {"csv": URL, "page": lang_map(), "chart_svg": lang_map(), "chart_png": lang_map()},
        optional=("chart_svg", "chart_png"),
    )
    measure = obj({"measure_id": INT, **TITLED, "target_ids": array(STR)})
    section = {
        "section_id": INT,
        **TITLED,
        "status_counts": {"type": "object", "additionalProperties": INT},
        "measures": array(measure),
        "page": URL,
    }
    bodies = {
        "index": index,
        "targets": {"count": INT, "targets": array(obj(targets_row))},
        "target": {
            "target": obj(target),
            "status": ASSESSMENT,
            "series": array(SERIES),
            "links": links,
        },
        "sections": {"sections": array(obj(section))},
        "sources": {"count": INT, "sources": array(obj({**SOURCE, "target_ids": array(STR)}))},
    }
    return {
        name: {"$schema": DRAFT, "title": f"api/v1 {name}", **obj({**ENVELOPE, **body})}
        for name, body in bodies.items()
    }


def write(into: Path) -> list[str]:
    """Write every schema under `api/v1/schema/`; returns their paths from the site root."""

    out = []
    for name, schema in schemas().items():
        path = f"{API}schema/{name}.schema.json"
        (into / path).parent.mkdir(parents=True, exist_ok=True)
        (into / path).write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.append(path)
    return out
