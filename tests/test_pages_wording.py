"""The wording helpers, each language in its own words: English amounts in English magnitudes (no
"10k items", no "2.42 100 million m²"), nouns that agree with their number, the zh-Hant overrides
that follow the outline as received, bilingual notes split into their languages, source text
marked with the script it is printed in. The same rules on the built pages: test_pages_language.py."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from build_scripts import paths
from build_scripts.common import english
from build_scripts.common.i18n import HANT_OVERRIDES, Lang, source_lang, split_note, to_hant
from build_scripts.load.package import Package
from build_scripts.progress.summaries import axis_unit, gap_text, with_unit

# Elements whose text is not language text: code and machine-readable snippets are copied as-is.
NOT_TEXT = {"script", "style", "template", "code", "pre"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
OUTLINE_HANT = paths.PACKAGE / "source" / "outline.zh-Hant.txt"


# --- English amounts and plurals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "multiplier", "expected"),
    [
        ("126.82", 10_000, "1.2682 million"),  # 万件: exact, nothing rounded
        ("2.42", 100_000_000, "242 million"),  # 亿平方米
        ("250", 10_000, "2.5 million"),  # 万人次
        ("100", 10_000, "1 million"),
        ("5", 10_000, "50,000"),
        ("0.5", 10_000, "5,000"),
        ("12000", 100_000_000, "1,200 billion"),
        ("117791", 1, "117,791"),
        ("117.8761", 10_000, "1,178,761"),  # printed to the unit: written out, not "1.178761 million"
        ("106.4322", 10_000, "1,064,322"),
    ],
)
def test_magnitude_moves_the_decimal_point_only(value: str, multiplier: int, expected: str) -> None:
    assert english.magnitude(value, multiplier) == expected


def test_grouping_keeps_the_digits_as_written() -> None:
    assert english.grouped("1178761") == "1,178,761"
    assert english.grouped("-1234.50") == "-1,234.50"
    assert Lang("en").number("93.50") == "93.50"
    assert Lang("zh").number("1178761") == "1178761"
    with pytest.raises(ValueError, match="not a plain decimal"):
        english.grouped("1e5")


@pytest.mark.parametrize(
    ("label", "one"),
    [
        ("organisations", "organisation"),
        ("industrial chains", "industrial chain"),
        ("counties (incl. cities and districts)", "county (incl. cities and districts)"),
        ("items (件)", "item (件)"),
        ("points (out of 100)", "point (out of 100)"),
        ("index value (0–100 scale)", "index value (0–100 scale)"),
        ("m²", "m²"),
    ],
)
def test_nouns_agree_with_their_number(label: str, one: str) -> None:
    assert english.agree(label, "1") == one
    assert english.agree(label, Decimal("1.0")) == one
    assert english.agree(label, "2") == label
    assert english.agree(label, "0.5") == label


def test_percent_takes_no_space_and_no_plural() -> None:
    assert english.with_label("93.58", "%", "93.58") == "93.58%"
    assert english.with_label("1", "%", "1") == "1%"
    assert english.with_label("2.73", "% failing", "2.73") == "2.73% failing"


def test_amounts_in_wan_and_yi_are_multiplied_out_in_english(pkg: Package) -> None:
    en, zh, hant = Lang("en"), Lang("zh"), Lang("zh-Hant")
    assert with_unit(en, pkg, "ten-thousand-pieces", "126.82") == "1.2682 million items"
    assert with_unit(en, pkg, "hundred-million-square-metres", "2.42") == "242 million m²"
    assert with_unit(en, pkg, "ten-thousand-person-times", "250") == "2.5 million person-times"
    assert with_unit(zh, pkg, "ten-thousand-pieces", "126.82") == "126.82万件"
    assert with_unit(hant, pkg, "ten-thousand-pieces", "126.82") == "126.82萬件"
    assert axis_unit(en, pkg, "ten-thousand-pieces") == "items (× 10,000)"


def test_counts_agree_in_english(pkg: Package) -> None:
    en = Lang("en")
    assert with_unit(en, pkg, "count-orgs", "1") == "1 organisation"
    assert with_unit(en, pkg, "count-orgs", "10") == "10 organisations"
    assert with_unit(en, pkg, "count-chains", "1") == "1 industrial chain"
    assert gap_text(en, pkg, "percent", Decimal("1")) == "1 percentage point"
    assert gap_text(en, pkg, "percent", Decimal("1.42")) == "1.42 percentage points"


def test_every_unit_reads_as_english_in_english(pkg: Package) -> None:
    """No unit of the package shows a Chinese magnitude or '10k' on English pages."""
    for unit_id in pkg.units:
        for value in ("1", "2.5", "300"):
            shown = with_unit(Lang("en"), pkg, unit_id, value)
            assert not re.search(r"\b10k\b|\d 100 million|[万亿]", shown), (unit_id, shown)


# --- zh-Hant conversion ---------------------------------------------------------------------------


def test_overrides_follow_the_outline_as_received() -> None:
    """Each override writes what the outline as received writes, and never what s2tw wrote."""
    outline = re.sub(r"\s+", "", OUTLINE_HANT.read_text(encoding="utf-8"))
    for wrong, right in HANT_OVERRIDES.items():
        assert right in outline, f"{right} is not in the outline as received"
        assert wrong not in outline, f"{wrong} is in the outline as received"
    assert to_hant("完善协调制度") == "完善協調制度"
    assert to_hant("质量标杆企业") == "質量標桿企業"
    assert to_hant("按年度发布") == "按年度發布"
    assert to_hant("质量强省") == "質量強省"  # s2tw, not s2twp: 质量 is never swapped for 品質


def test_converting_twice_changes_nothing() -> None:
    once = to_hant("咸宁市创建标准化综合试点，协调制度，质量标杆，定期发布，约为")
    assert to_hant(once) == once


# --- notes and source text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "zh", "en"),
    [
        ("截至9月底 / as at end of September", "截至9月底", "as at end of September"),
        (
            "原文1件，按1万件=10000件换算（仅移动小数点）/ moved the point",
            "原文1件，按1万件=10000件换算（仅移动小数点）",
            "moved the point",
        ),
        (
            "原文“甲” / “A”; 数据期按来源日期记录 / period follows the source date",
            "原文“甲”；数据期按来源日期记录",
            "“A”; period follows the source date",
        ),
        (
            "period approximate: 约2025-12; 存量 / a stock; 测试摘要：非原文逐字 / test: not verbatim",
            "约2025-12；存量；测试摘要：非原文逐字",
            "a stock; test: not verbatim",
        ),
        ("只有中文的说明", "只有中文的说明", None),
        ("FIXTURE English only.", None, "FIXTURE English only."),
    ],
)
def test_bilingual_notes_split_into_their_languages(note: str, zh: str | None, en: str | None) -> None:
    assert split_note(note) == (zh, en)


def test_a_note_missing_a_language_is_shown_marked_with_its_own() -> None:
    assert Lang("en").note("只有中文的说明") == ("只有中文的说明", "zh-Hans")
    assert Lang("zh-Hant").note("说明 / note") == ("說明", "zh-Hant")
    assert Lang("zh").note("English only.") == ("English only.", "en")
    assert Lang("zh").note(None) is None


def test_source_text_is_marked_with_the_script_it_is_printed_in() -> None:
    assert source_lang("湖北质量状况白皮书发布") == "zh-Hans"
    assert source_lang("湖北省發明專利擁有量") == "zh-Hant"
    assert source_lang("Fixture Daily") == "en"
    assert source_lang("지식재산권 보호 만족도는 82.36점") == "ko"
    assert source_lang("知的財産の保護") == "ja"
