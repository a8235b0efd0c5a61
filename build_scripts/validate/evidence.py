"""Evidence rules: what may count as a source, how a copy is described, and what the public sees.

- An AI-written summary is not a source: a source on a known AI-summary host, or one whose
  publisher, title or note says it is an AI summary, is rejected (`ai-summary-source`).
- A `copy` (an official or press text read on a third-party host) names its original's publisher
  and title as the copy prints them (`copy-without-original`); its date may be empty only when the
  copy prints none.
- A date or period that the source does not print exactly is marked `approximate`;
  `published_date_precision` is given exactly when there is a `published_date`
  (`date-precision-mismatch`), and an approximate period says in `note` what it was inferred from
  (`approximate-without-note`).
- Public notes are for readers: maintainers' to-dos ("需核实", "发布前…核实", "verify against the
  original") belong in `maintainer_note`, which the site never renders (`todo-in-public-note`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from build_scripts.validate.problems import CATALOGUE, Message, Problem, problem

Table = tuple[str, list[dict[str, str]]]

# Hosts that publish machine-written summaries of news, not the text of any publisher.
AI_SUMMARY_HOSTS = ("reportify.cn",)
AI_SUMMARY_WORDS = re.compile(r"AI\s*摘要|AI\s*总结|AI-generated|AI summary|AI-written", re.IGNORECASE)
TODO_WORDS = re.compile(
    r"需核实|待核实|需对照|须核实|发布前|核实后|TODO|verify (?:it )?against|to verify", re.IGNORECASE
)
PUBLIC_NOTES = {
    "sources": ("note",),
    "observations": ("note",),
    "series": ("note_zh", "note_en"),
    "indicators": ("note_zh", "note_en"),
}

MESSAGES: dict[str, Message] = {
    "ai-summary-source": Message(
        "来源“{value}”是 AI 生成的摘要，不是任何机构或媒体发布的原文。",
        "Source “{value}” is an AI-written summary, not a text published by an agency or outlet.",
        "删除该来源及引用它的观测值（在 revisions.csv 记录删除）；改用原文所在的网页，逐字引用原文。",
        "Remove the source and the observations citing it (record the removal in revisions.csv); cite the "
        "page that carries the original text and quote it verbatim.",
    ),
    "copy-without-original": Message(
        "转载件（grade=copy）“{value}”没有写明原文的{missing}。",
        "Copy (grade=copy) “{value}” does not name its original's {missing_en}.",
        "按转载页所印填写 original_publisher 与 original_title（original_date 仅在转载页未印日期时留空）。",
        "Fill in original_publisher and original_title as the copy prints them (leave original_date "
        "empty only when the copy prints no date).",
    ),
    "date-precision-mismatch": Message(
        "{detail}",
        "{detail_en}",
        "有 published_date 时填写 published_date_precision（页面印有日期为 exact，推断为 approximate）；"
        "没有日期时留空。",
        "With a published_date, set published_date_precision (exact when printed on the page, "
        "approximate when inferred); without a date leave it empty.",
    ),
    "approximate-without-note": Message(
        "数据期 {value} 标为 approximate（推断），但 note 没有说明推断依据。",
        "Period {value} is marked approximate (inferred) but note does not say what it was inferred from.",
        "在 note 中写明来源原文的表述及推断依据（如“原文‘截至目前’，按页面日期记”）。",
        "Say in note what the source prints and how the period was inferred.",
    ),
    "todo-in-public-note": Message(
        "公开说明中有维护者待办事项：“{value}”。",
        "A maintainer's to-do is in a public note: “{value}”.",
        "把待办事项（如“需核实”“发布前核对原文”）移到 maintainer_note 列，网站不显示该列。",
        "Move the to-do (e.g. “verify against the original”) to the maintainer_note column, which the "
        "site never shows.",
    ),
}
if CATALOGUE.keys() & MESSAGES.keys():
    raise RuntimeError(f"message codes defined twice: {sorted(CATALOGUE.keys() & MESSAGES.keys())}")
CATALOGUE.update(MESSAGES)


def check_evidence(tables: dict[str, Table]) -> Iterator[Problem]:
    """Yield every breach of the evidence rules among the resources that could be read."""
    if "sources" in tables:
        yield from check_sources(tables["sources"])
    if "observations" in tables:
        yield from check_periods(tables["observations"])
    for name, columns in PUBLIC_NOTES.items():
        if name in tables:
            yield from check_public_notes(tables[name], columns)


def is_ai_summary(row: dict[str, str]) -> bool:
    """Whether a source row is an AI-written summary (by its host or by what it says of itself)."""
    host = (urlsplit(row.get("url", "")).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in AI_SUMMARY_HOSTS):
        return True
    return any(AI_SUMMARY_WORDS.search(row.get(k) or "") for k in ("publisher", "title", "note"))


def check_sources(table: Table) -> Iterator[Problem]:
    rel, rows = table
    for row_no, row in enumerate(rows, start=2):
        sid = row.get("source_id", "")
        if is_ai_summary(row):
            yield problem("ai-summary-source", rel, row=row_no, column="url", value=sid)
        if row.get("grade") == "copy":
            missing = [k for k in ("original_publisher", "original_title") if not row.get(k)]
            if missing:
                yield problem(
                    "copy-without-original",
                    rel,
                    row=row_no,
                    column=missing[0],
                    value=sid,
                    missing="、".join(
                        {"original_publisher": "发布者", "original_title": "标题"}[k] for k in missing
                    ),
                    missing_en=" and ".join(k.removeprefix("original_") for k in missing),
                )
        has_date, precision = bool(row.get("published_date")), row.get("published_date_precision", "")
        if has_date != bool(precision):
            detail = (
                (
                    "有发布日期但没有填写 published_date_precision。",
                    "published_date is given without its precision.",
                )
                if has_date
                else (
                    "没有发布日期却填写了 published_date_precision。",
                    "published_date_precision is set without a date.",
                )
            )
            yield problem(
                "date-precision-mismatch",
                rel,
                row=row_no,
                column="published_date_precision",
                value=precision,
                detail=detail[0],
                detail_en=detail[1],
            )


def check_periods(table: Table) -> Iterator[Problem]:
    rel, rows = table
    for row_no, row in enumerate(rows, start=2):
        if row.get("period_precision") == "approximate" and not row.get("note"):
            yield problem("approximate-without-note", rel, row=row_no, column="note", value=row.get("period"))


def check_public_notes(table: Table, columns: tuple[str, ...]) -> Iterator[Problem]:
    rel, rows = table
    for row_no, row in enumerate(rows, start=2):
        for column in columns:
            found = TODO_WORDS.search(row.get(column) or "")
            if found:
                text = row[column]
                start = max(0, found.start() - 20)
                yield problem(
                    "todo-in-public-note",
                    rel,
                    row=row_no,
                    column=column,
                    value=text[start : found.end() + 20],
                )
