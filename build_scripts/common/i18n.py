"""The three languages of the site: UI strings, number/period/unit wording, and zh-Hans → zh-Hant.

zh-Hant text is produced from the Simplified text with OpenCC `s2tw` (character conversion with
Taiwan variants, no vocabulary swaps, so quoted policy wording stays the document's own: 質量, not
品質). Where s2tw departs from the outline as received (`source/outline.zh-Hant.txt`),
`HANT_OVERRIDES` corrects it after conversion. Source text (quotes, source titles, publishers as
printed) is never converted: it is shown exactly as published and marked with the script it is
printed in (`source_lang`), so screen readers and fonts treat it as such.

Every UI string is written once in Simplified Chinese and once in English; `Lang.t(key)` returns it
in the page's language. An unknown key raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import opencc

from build_scripts.common.english import grouped
from build_scripts.common.text_lang import source_lang, split_note, zh_runs

LANGS = ("zh", "zh-Hant", "en")
HTML_LANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
URL_PREFIX = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
FILE_SUFFIX = {"zh": "", "zh-Hant": ".zh-Hant", "en": ".en"}

# s2tw output → what the outline as received writes (applied after conversion, longest first).
# Only real differences of usage: the received text also keeps machine-conversion leftovers such as
# 制造, 示范, 关于 (see source/PROOFREADING.md), which standard Traditional writes 製造, 示範, 關於,
# as s2tw does; those are not copied.
HANT_OVERRIDES: dict[str, str] = {
    "製度": "制度",  # 协调制度 is segmented 协/调制/度 by s2tw (協調製度); the outline: 協調制度
    "標杆": "標桿",  # 质量标杆: the outline writes 標桿 (5 times)
    "發佈": "發布",  # 定期发布: the outline writes 發布
    # 咸宁 (Xianning, a city) is 咸寧, which s2tw keeps; but s2tw turns an already converted 咸寧 into
    # 鹹寧, so without this, converting twice (or checking a page with s2tw) would change the name.
    "鹹寧": "咸寧",
}

UI: dict[str, tuple[str, str]] = {
    # statuses
    "status.achieved": ("已实现", "Achieved"),
    "status.on_track": ("进展顺利", "On track"),
    "status.lagging": ("进度滞后", "Lagging"),
    "status.missed": ("未实现", "Missed"),
    "status.awaiting_data": ("等待数据", "Awaiting data"),
    "status.qualitative": ("定性目标", "Qualitative"),
    "provisional": ("初值", "provisional"),
    # series roles
    "role.official": ("考核口径", "official series"),
    "role.predecessor": ("前身口径", "predecessor measure"),
    "role.proxy": ("相关指标", "proxy"),
    "role.comparison": ("对比", "comparison"),
    "role.component": ("分项", "component"),
    # periodicity
    "periodicity.by_target_year": ("到目标年达到", "level to reach by the target year"),
    "periodicity.per_year": ("每年", "every year"),
    "periodicity.cumulative": ("累计", "cumulative total"),
    "periodicity.unspecified": ("未规定期限", "no period stated"),
    # page furniture
    "home.title": ("湖北质量强省目标追踪", "Hubei Quality Province Target Tracker"),
    "sections.title": ("纲要十个部分", "The ten sections"),
    "section": ("部分", "Section"),
    "measure": ("条目", "Measure"),
    "measures": ("条目", "Measures"),
    "targets": ("目标", "Targets"),
    "target": ("目标", "Target"),
    "full_text": ("纲要原文", "Text of the outline"),
    "full_text.en_note": ("", "English translation by this project, not an official text."),
    "no_numeric_target": (
        "本部分没有量化目标；以下是它的工作部署。",
        "This section sets no numeric target; its commitments are below.",
    ),
    "latest": ("最新值", "Latest value"),
    "target_value": ("目标值", "Target"),
    "status": ("状态", "Status"),
    "details": ("详情", "Details"),
    "no_data": ("暂无数据", "No data yet"),
    "no_data_panel": (
        "尚未找到这个目标的任何公开数据，因此没有图表。欢迎提供有出处的数据。",
        "No public figure for this target has been found yet, so there is no chart. "
        "Sourced figures are welcome.",
    ),
    "qualitative_panel": (
        "这是定性目标，不作数值评估；下面列出我们掌握的证据。",
        "This is a qualitative target: it gets no numeric verdict. The evidence we hold is below.",
    ),
    "chart": ("图表", "Chart"),
    "chart.interactive": ("交互式图表", "Interactive chart"),
    "chart.hollow": (
        "空心点为初值，可能修订。",
        "Hollow points are provisional figures that may be revised.",
    ),
    "chart.target": ("目标", "target"),
    "chart.other_units": (
        "单位不同的口径未画入图表，只列在数据表中。",
        "Series in other units are not drawn; they are listed in the data table.",
    ),
    "chart.none": (
        "这些数据的单位各不相同，无法画在同一张图上，请看下面的数据表。",
        "These figures are in different units and cannot share one chart: see the data table below.",
    ),
    "summary": ("概要", "Summary"),
    "data_table": ("数据表", "Data table"),
    "col.series": ("口径", "Series"),
    "col.period": ("时期", "Period"),
    "col.value": ("数值", "Value"),
    "col.status": ("性质", "Status"),
    "col.source": ("来源", "Source"),
    "col.publisher": ("发布者", "Publisher"),
    "col.date": ("发布日期", "Published"),
    "col.quote": ("原文引文", "Quote"),
    "col.tier": ("证据等级", "Evidence grade"),
    "grade.official": ("发布机关网站", "publishing agency's own page"),
    "grade.press": ("新闻机构网站", "news organisation's own page"),
    "grade.copy": ("第三方网站转载（来源待核实）", "copy on a third-party site (source unverified)"),
    "final": ("终值", "final"),
    "outline_quote": ("纲要原文", "What the outline says"),
    "outline_quote.link": ("在第{n}部分中阅读", "Read it in section {n}"),
    "outline_quote.translation": ("本站译文", "Our translation"),
    "definitions": ("口径与说明", "Definitions and caveats"),
    "target_note": ("关于目标的说明", "About the target"),
    "download": ("下载", "Download"),
    "download.csv": ("本目标数据（CSV）", "This target's data (CSV)"),
    "download.svg": ("图表（SVG）", "Chart (SVG)"),
    "download.png": ("图表（PNG）", "Chart (PNG)"),
    "updated": ("数据最后更新", "Data last updated"),
    "updated.git": ("（数据文件最近一次提交）", "(latest commit to the data files)"),
    "updated.uncommitted": (
        "数据文件有未提交的修改（本地构建）",
        "the data files have uncommitted changes (local build)",
    ),
    "version": ("数据版本", "Data version"),
    "per_year.table": ("逐年判断", "Year by year"),
    "per_year.met": ("达到", "met"),
    "per_year.short": ("未达到", "short"),
    "per_year.none": ("无数据", "no data"),
    "col.year": ("年份", "Year"),
    "col.verdict": ("判断", "Verdict"),
    "home.status_counts": ("目标状态", "Where the targets stand"),
    "home.sections": ("十个部分", "The ten sections"),
    "home.updates": ("最近的数据", "Latest data"),
    "home.coverage": ("数据覆盖", "Data coverage"),
    "home.more": ("全部目标的数据情况", "Reporting status of every target"),
    "home.targets_n": ("{n} 个目标", "{n} targets"),
    "home.targets_n.one": ("{n} 个目标", "{n} target"),
    "home.no_targets": ("无量化目标", "no numeric target"),
    "methodology.title": ("方法说明", "Methodology"),
    "methodology.examples": ("用真实数据举例", "Worked examples from the data"),
    "reporting.title": ("数据情况", "Reporting status"),
    "reporting.with_data": ("有考核口径数据", "With official data"),
    "reporting.awaiting": ("等待数据", "Awaiting data"),
    "reporting.qualitative": ("定性", "Qualitative"),
    "reporting.numeric": ("量化目标", "Numeric targets"),
    "reporting.official_obs": ("考核口径数据", "Official figures"),
    "reporting.other_obs": ("其他口径数据", "Other figures"),
    "reporting.latest_period": ("最新时期", "Latest period"),
    "search.title": ("搜索", "Search"),
    "search.label": ("搜索本站", "Search this site"),
    "search.description": (
        "按关键词搜索纲要的目标、各部分原文和方法说明（只搜索本语言的页面）。",
        "Search the outline's targets, section texts and methodology by keyword (pages in this language only).",
    ),
    "search.button": ("搜索", "Search"),
    "search.noscript": ("搜索需要启用 JavaScript。", "Search needs JavaScript."),
    "search.none": ("没有找到结果。", "No results."),
    "search.loading": ("正在搜索…", "Searching…"),
    "all_sections": ("全部部分", "All sections"),
    "gap.pp": ("个百分点", "percentage points"),
}


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


@cache  # a build converts the same names and labels thousands of times
def to_hant(text: str) -> str:
    """Simplified → Traditional (Taiwan standard characters, no phrase swaps), plus our overrides."""
    out = _converter().convert(text)
    for wrong, right in sorted(HANT_OVERRIDES.items(), key=lambda kv: -len(kv[0])):
        out = out.replace(wrong, right)
    return out


@dataclass(frozen=True)
class Lang:
    """One of the site's languages, with the helpers a page needs."""

    code: str

    def __post_init__(self) -> None:
        if self.code not in LANGS:
            raise ValueError(f"unknown language {self.code!r}")

    @property
    def is_en(self) -> bool:
        """True for English."""
        return self.code == "en"

    def zh(self, text: str) -> str:
        """Chinese data text in this page's script (zh-Hant converted); use `pick` when English exists."""
        return to_hant(text) if self.code == "zh-Hant" else text

    def pick(self, zh: str | None, en: str | None) -> str | None:
        """The English text on English pages, else the Chinese one in this page's script."""
        if self.is_en:
            return en
        return None if zh is None else self.zh(zh)

    def note(self, text: str | None) -> tuple[str, str] | None:
        """A bilingual data note in this page's language, with the language it is in: the half in
        this language when the note has it, else the other half as it is (marked by its language)."""
        if not text:
            return None
        zh, en = split_note(text)
        if self.is_en:
            return (en, "en") if en else (zh, source_lang(zh))
        if zh:
            return self.zh(zh), HTML_LANG[self.code]
        return en, "en"

    def runs(self, text: str | None) -> list[tuple[str, str | None]]:
        """Text as runs for a template: on English pages each Chinese term quoted in the text is its
        own run with its language ("the outline says “", ("每年", "zh-Hans"), "” (each year)"), so
        it can be marked; elsewhere one run. None or '' gives no run."""
        if not text:
            return []
        return zh_runs(text) if self.is_en else [(text, None)]

    def t(self, key: str, **params: object) -> str:
        """A UI string in this language."""
        if key not in UI:
            raise KeyError(f"no UI string {key!r}")
        if params.get("n") == 1 and f"{key}.one" in UI:  # English nouns agree: "1 target"
            key = f"{key}.one"
        zh, en = UI[key]
        return (en if self.is_en else self.zh(zh)).format(**params)

    def period(self, text: str, approximate: bool = False) -> str:
        """'2024' → 2024年 / 2024; '2024-05' → 2024年5月 / May 2024; a day likewise. A period the source
        did not print exactly (`approximate`, from the data's period_precision) says so: 约2025年12月 /
        approx. Dec 2025."""
        parts = [int(p) for p in text.split("-")]
        if self.is_en:
            months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            words = [str(parts[0])] if len(parts) == 1 else [months[parts[1] - 1], str(parts[0])]
            return ("approx. " if approximate else "") + " ".join(
                ([str(parts[2])] if len(parts) == 3 else []) + words
            )
        shown = "".join(f"{n}{u}" for n, u in zip(parts, ("年", "月", "日"), strict=False))
        return self.zh("约") + shown if approximate else shown

    def number(self, value: Decimal | str) -> str:
        """A number as printed in the data, with thousands separators in English only; never rounded."""
        text = format(value, "f") if isinstance(value, Decimal) else value
        return grouped(text) if self.is_en else text
