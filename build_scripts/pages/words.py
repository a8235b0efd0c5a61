"""UI strings of the reader-facing pages that are not in `common/i18n.py` (same shape: zh-Hans, English).

Kept beside the page builders that use them; zh-Hant is converted from the Simplified text as
everywhere else. An unknown key raises.
"""

from __future__ import annotations

from build_scripts.common.i18n import Lang

WORDS: dict[str, tuple[str, str]] = {
    "home.lead": (
        "《湖北省质量强省建设纲要》（2023年）的每一项目标，走到了哪里：状态、最新数据及来源。",
        "Where Hubei stands on each target of its 2023 Quality Strong Province outline: status, latest "
        "figures and their sources.",
    ),
    "home.counts_note": ("点击数字查看目标名单。", "Each count links to the list of its targets."),
    "home.about": (
        "关于本站：谁在维护、数据从哪里来、怎样参与",
        "About: who runs this site, where the data come from, how to help",
    ),
    "unverified": ("（来源待核实）", " (source unverified)"),
    "home.unverified": ("其中{n}项来源待核实", "{n} of them source unverified"),
    "host_warning.unsafe_ads": (
        "警示：该转载网站含有赌博或色情广告，网址仅作文字记录，不提供链接",
        "Warning: this re-hosting site carries gambling or pornographic ads; its address is given as text, "
        "not as a link",
    ),
    "host_warning.altered_text": (
        "警示：该转载网站改动过正文字词，网址仅作文字记录，不提供链接",
        "Warning: this re-hosting site alters the text it copies; its address is given as text, not as a link",
    ),
    "status_lists": ("按状态列出全部目标", "Every target by status"),
    "status_lists.none": ("（无）", "(none)"),
    "by_section": ("逐部分的数据情况", "Reporting status section by section"),
    "card.no_official": ("考核口径暂无数据", "No official figure yet"),
    "card.related": ("另有{n}个相关数据", "{n} related figures"),
    "card.related.one": ("另有{n}个相关数据", "{n} related figure"),
    "card.evidence": ("已记录{n}个相关数据", "{n} related figures recorded"),
    "card.evidence.one": ("已记录{n}个相关数据", "{n} related figure recorded"),
    "card.no_evidence": ("尚未记录任何证据", "No evidence recorded yet"),
    "card.stands": ("现状", "Where it stands"),
    "reporting.counts": ("考核口径{a}个 · 其他{b}个 · 最新{p}", "official {a} · other {b} · latest {p}"),
    "qualitative_evidence": (
        "这是定性目标，不作数值评估。下面的数据表列出我们记录的{n}个相关数据，仅供参考。",
        "This is a qualitative target: it gets no numeric verdict. The data table below lists the {n} "
        "related figures we hold, as context only.",
    ),
    "qualitative_evidence.one": (
        "这是定性目标，不作数值评估。下面的数据表列出我们记录的{n}个相关数据，仅供参考。",
        "This is a qualitative target: it gets no numeric verdict. The data table below lists the one "
        "related figure we hold, as context only.",
    ),
    "qualitative_none": (
        "这是定性目标，不作数值评估。我们尚未记录任何相关证据；欢迎通过本页底部的链接提供有出处的数据。",
        "This is a qualitative target: it gets no numeric verdict. We have recorded no evidence for it yet; "
        "sourced figures are welcome through the link at the foot of this page.",
    ),
    "chart.hint.touch": (
        "轻点图表即可加载交互版本，再轻点任一数据点附近即可查看它的数值与来源。",
        "Tap the chart to load the interactive version, then tap near a point for its value and source.",
    ),
    "chart.hint.mouse": (
        "指向或聚焦图表即可加载交互版本，再把鼠标指向任一数据点附近即可查看它的数值与来源。",
        "Point at or focus the chart to load the interactive version, then move the pointer near a point "
        "for its value and source.",
    ),
    "chart.in_table": (
        "每个数值及其来源也都列在下面的数据表中。",
        "Every figure and its source is also in the data table below.",
    ),
    "chart.long_run": ("更早的数据（全部年份）", "Earlier figures (all years)"),
    "about.title": ("关于本站", "About this site"),
    "about.description": (
        "谁在维护本站、数据怎样进入本站、怎样报告错误或提供数据。",
        "Who runs this site, how data get in, and how to report an error or contribute a figure.",
    ),
}


def w(lang: Lang, key: str, **params: object) -> str:
    """A string of this module in the page's language."""
    if key not in WORDS:
        raise KeyError(f"no page string {key!r}")
    if params.get("n") == 1 and f"{key}.one" in WORDS:  # English nouns agree: "1 related figure"
        key = f"{key}.one"
    zh, en = WORDS[key]
    return (en if lang.is_en else lang.zh(zh)).format(**params)
