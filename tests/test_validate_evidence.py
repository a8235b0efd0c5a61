"""Table-driven tests of the evidence rules (build_scripts/validate/evidence.py) on synthetic rows.

Each case is one sources.csv row (only the cells that matter) and the problem codes it must raise.
The ids and addresses are obviously synthetic; the rules are also run over the real package by
tests/test_datapackage_conventions.py (the package validates).
"""

from __future__ import annotations

import pytest

from build_scripts.validate.evidence import check_evidence

BASE = {
    "source_id": "synthetic-source",
    "title": "合成标题",
    "publisher": "合成出版方",
    "url": "https://example.org/synthetic/a",
    "published_date": "2025-01-15",
    "published_date_precision": "exact",
    "grade": "press",
    "note": "",
    "original_publisher": "",
    "original_title": "",
    "original_date": "",
}

SOURCE_CASES = [
    ("a press page", {}, []),
    ("an AI-summary host", {"url": "https://reportify.cn/news/1"}, ["ai-summary-source"]),
    ("a sub-domain of an AI-summary host", {"url": "https://m.reportify.cn/x"}, ["ai-summary-source"]),
    ("self-described AI summary", {"publisher": "某站(AI摘要,原文某报)"}, ["ai-summary-source"]),
    ("a copy without its original", {"grade": "copy"}, ["copy-without-original"]),
    (
        "a copy naming its original",
        {"grade": "copy", "original_publisher": "合成日报", "original_title": "合成原题"},
        [],
    ),
    ("a date without its precision", {"published_date_precision": ""}, ["date-precision-mismatch"]),
    ("a precision without a date", {"published_date": ""}, ["date-precision-mismatch"]),
    ("no date, no precision", {"published_date": "", "published_date_precision": ""}, []),
    ("a to-do in the public note", {"note": "年份系推断，需核实。"}, ["todo-in-public-note"]),
    (
        "an English to-do in the public note",
        {"note": "Verify against the original."},
        ["todo-in-public-note"],
    ),
]


@pytest.mark.parametrize(("cells", "codes"), [pytest.param(c[1], c[2], id=c[0]) for c in SOURCE_CASES])
def test_source_rules(cells: dict[str, str], codes: list[str]) -> None:
    row = {**BASE, **cells}
    found = [p for p in check_evidence({"sources": ("sources.csv", [row])})]
    assert [p.code for p in found] == codes
    assert all(p.row == 2 and p.message_zh and p.message_en and p.fix_zh and p.fix_en for p in found)


OBS_CASES = [
    ("an exact period", {"period_precision": "exact", "note": ""}, []),
    ("an inferred period explained", {"period_precision": "approximate", "note": "按来源发布日期记"}, []),
    (
        "an inferred period unexplained",
        {"period_precision": "approximate", "note": ""},
        ["approximate-without-note"],
    ),
    (
        "a to-do in the note",
        {"period_precision": "exact", "note": "发布前需对照原文核实"},
        ["todo-in-public-note"],
    ),
]


@pytest.mark.parametrize(("cells", "codes"), [pytest.param(c[1], c[2], id=c[0]) for c in OBS_CASES])
def test_observation_rules(cells: dict[str, str], codes: list[str]) -> None:
    row = {"series_id": "synthetic-series", "period": "2025-09", **cells}
    found = list(check_evidence({"observations": ("observations.csv", [row])}))
    assert [(p.code, p.column) for p in found] == [(c, "note") for c in codes]
