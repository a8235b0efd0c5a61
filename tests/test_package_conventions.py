"""Conventions over the real package: quoted targets, sourced observations, the ledger fully transcribed."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest

from build_scripts import paths
from build_scripts.validate.package import validate_package
from build_scripts.validate.rules import fold, outline_folded


def rows(name: str) -> list[dict[str, str]]:
    with (paths.PACKAGE_DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_package_validates() -> None:
    assert validate_package() == []


def test_frictionless_cli_itself_accepts_the_package() -> None:
    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(cli), "validate", str(paths.PACKAGE_DESCRIPTOR)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "INVALID" not in done.stdout


def test_every_target_is_quoted_and_found_in_the_outline() -> None:
    outline = outline_folded(paths.OUTLINE_ORIGINAL)
    indicators = rows("indicators")
    assert len(indicators) >= 77
    for row in indicators:
        assert row["quote_zh"], row["indicator_id"]
        assert fold(row["quote_zh"]) in outline, row["indicator_id"]


# A number as the outline writes it (600, 98.5, 2.42亿, 10万) and as its English writes it (600, 98.5,
# 242 million, 100,000): compared by value, so a mistranslated figure fails and a written-out unit passes.
ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?")
EN_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (million|billion))?")
SCALE = {"": 1, "万": 10**4, "亿": 10**8, "million": 10**6, "billion": 10**9}


def numbers_zh(text: str) -> set[Decimal]:
    return {Decimal(n) * SCALE[scale] for n, scale in ZH_NUMBER.findall(text)}


def numbers_en(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", "")) * SCALE[scale] for n, scale in EN_NUMBER.findall(text)}


def test_number_matching_reads_chinese_and_english_figures() -> None:
    assert numbers_zh("均达到600件以上") == {600} <= numbers_en("each reach 600 or more")
    assert numbers_zh("1—2家、2.42亿平方米、10万张") == numbers_en("1–2, 242 million square metres, 100,000")
    assert not numbers_zh("有效地理标志总量达到600件以上") <= numbers_en("will reach 60 or more")


def test_every_quote_has_an_english_rendering_with_the_same_numbers() -> None:
    """quote_en is our translation of quote_zh: non-empty, and every figure of the Chinese quote
    (each digit sequence, read with its 万/亿) is in the English, so a mistranslated number fails."""
    for row in rows("indicators"):
        english = row["quote_en"]
        assert english and english == english.strip(), row["indicator_id"]
        missing = numbers_zh(row["quote_zh"]) - numbers_en(english)
        assert not missing, (
            f"{row['indicator_id']}: {sorted(missing)} of {row['quote_zh']!r} not in {english!r}"
        )


def test_every_section_is_in_the_outline_text_and_has_measures() -> None:
    sections = {r["section_id"] for r in rows("sections")}
    assert sections == {str(n) for n in range(1, 11)}
    assert {r["section_id"] for r in rows("measures")} == sections
    assert {r["section_id"] for r in rows("outline_text") if r["section_id"]} == sections
    assert all(r["text_en"].strip() for r in rows("outline_text"))


def test_every_observation_is_sourced_with_its_number_in_the_quote() -> None:
    sources = {r["source_id"]: r for r in rows("sources")}
    for obs in rows("observations"):
        source = sources[obs["source_id"]]
        assert source["url"].startswith(("http://", "https://")) and source["publisher"]
        assert obs["quoted_value"] in obs["quote"]


def test_every_series_is_used_or_is_a_declared_gap() -> None:
    used = {o["series_id"] for o in rows("observations")}
    for series in rows("series"):
        assert series["series_id"] in used or series["role"] == "official", series["series_id"]


def test_numeric_targets_have_exactly_one_official_series() -> None:
    officials = Counter(s["indicator_id"] for s in rows("series") if s["role"] == "official")
    for indicator in rows("indicators"):
        if indicator["kind"] == "numeric":
            assert officials[indicator["indicator_id"]] == 1, indicator["indicator_id"]


LEDGERS = ("observations-ledger.csv", "observations-ledger-3.csv")


def ledger_rows() -> list[tuple[str, int, dict[str, str]]]:
    """(ledger file, spreadsheet row number, row) for every row of every research ledger."""
    found = []
    for name in LEDGERS:
        with (paths.DATAPACKAGES / "research" / name).open(encoding="utf-8", newline="") as handle:
            found += [(name, row_no, row) for row_no, row in enumerate(csv.DictReader(handle), start=2)]
    return found


def left_out() -> dict[tuple[str, int], str]:
    """The ledger rows not transcribed, each with its reason (datapackages/research/ledger-left-out.csv)."""
    with (paths.DATAPACKAGES / "research" / "ledger-left-out.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        return {(r["ledger"], int(r["row"])): r["reason"] for r in csv.DictReader(handle)}


def transcriptions(entry: dict[str, str]) -> list[dict[str, str]]:
    """Observations carrying a ledger row: same page, its quote (or the quote's sentence), its value."""
    sources = {r["source_id"]: r["url"] for r in rows("sources")}
    return [
        o
        for o in rows("observations")
        if sources[o["source_id"]] == entry["source_url"]
        and (entry["quote"] in o["quote"] or o["quote"] in entry["quote"])
        and (
            o["quoted_value"] == entry["value"]
            or o["quoted_value"] in entry["value"]
            or entry["value"] in o["quoted_value"]
            or Decimal(o["value"]) == _number(entry["value"])
        )
    ]


def _number(text: str) -> Decimal | None:
    return Decimal(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None


@pytest.mark.parametrize(("ledger", "row_no", "entry"), ledger_rows(), ids=lambda v: str(v)[:20])
def test_every_ledger_row_is_transcribed_or_left_out_with_a_reason(
    ledger: str, row_no: int, entry: dict[str, str]
) -> None:
    reasons = left_out()
    found = transcriptions(entry)
    if (ledger, row_no) in reasons:
        assert not found, f"{ledger} row {row_no} is listed as left out but is transcribed"
        assert len(reasons[(ledger, row_no)]) > 20
    else:
        assert found, f"{ledger} row {row_no} is neither transcribed nor listed as left out"


def test_no_ai_summary_is_a_source() -> None:
    for source in rows("sources"):
        host = urlparse(source["url"]).hostname or ""
        assert not host.endswith("reportify.cn"), source["source_id"]
        assert not re.search(r"AI\s*摘要|AI[- ]generated|AI summary", source["publisher"] + source["note"]), (
            source
        )


def test_every_source_is_graded_and_every_copy_names_its_original() -> None:
    for source in rows("sources"):
        assert source["grade"] in ("official", "press", "copy"), source["source_id"]
        if source["grade"] == "copy":
            assert source["original_publisher"] and source["original_title"], source["source_id"]


def test_no_status_resting_only_on_copies_is_shown_as_certain() -> None:
    from build_scripts.load.package import load_package
    from build_scripts.progress.assess import Certainty, Status, assess_all

    pkg = load_package(paths.PACKAGE)
    verdicts = assess_all(pkg.indicators, pkg.series, pkg.observations, date(2026, 11, 30))
    judged = [a for a in verdicts.values() if a.status not in (Status.AWAITING_DATA, Status.QUALITATIVE)]
    assert judged
    for a in judged:
        needs_copy = all(any(o.grade == "copy" for o in way) for way in a.support)
        assert a.certainty == (Certainty.UNVERIFIED if needs_copy else Certainty.CONFIRMED), a.indicator_id
    # national-laboratories rests on one copy of a Xinhua report: achieved, but not confirmed
    assert (verdicts["national-laboratories"].status, verdicts["national-laboratories"].certainty) == (
        Status.ACHIEVED,
        Certainty.UNVERIFIED,
    )


def test_public_notes_carry_no_maintainer_to_dos() -> None:
    for name, columns in (
        ("sources", ("note", "publisher")),
        ("observations", ("note",)),
        ("series", ("note_zh", "note_en")),
    ):
        for row in rows(name):
            for column in columns:
                assert not re.search(r"需核实|发布前|verify against", row[column] or "", re.IGNORECASE), (
                    name,
                    row,
                )


# Hosts that re-publish other outlets' articles (observations-notes.md §1 and -2025.md §4).
AGGREGATOR_HOSTS = (
    "kuai5.com",
    "steelx2.com",
    "alphaseek.cn",
    "chacewang.com",
    "amyb.cn",
    "vzkoo.com",
    "itiger.com",
    "reportify.cn",
    "xsbk.net",
    "163.com",
    "rexun.cn",
    "ij7.cn",
    "cdgtw.net",
    "chinalianxun.cn",
    "kexinzhongxin.com",
    "ctycw.com",
    "shayuweb.com",
    "cnwn.com.cn",
    "gangyiku.com",
    "hgzhip.cn",
    "zunyi.net",
)


def test_aggregators_and_mirrors_are_graded_copy() -> None:
    flagged = 0
    for source in rows("sources"):
        host = urlparse(source["url"]).hostname or ""
        if host.endswith(AGGREGATOR_HOSTS):
            assert source["grade"] == "copy", source["source_id"]
            flagged += 1
    assert flagged >= 20
