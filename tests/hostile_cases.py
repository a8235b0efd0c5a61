"""The careless and hostile inputs of tests/test_validate_hostile.py: each named case (an edit from
tests/mutations.py) with the located problem it must produce; and the exact words of a few.
"""

from __future__ import annotations

from pathlib import Path

from tests.mutations import (
    DESC,
    GEO,
    IND,
    LOG,
    OBS,
    OBS_ROW2,
    REV,
    REVISION,
    SRC,
    SRC_URL,
    TARGET,
    UNITS,
    Mutation,
    changelog,
    descriptor,
    edit,
    encode,
    fifo,
    link,
    outside_copy,
    raw,
    resource,
)

# case → (mutation, (file name, row, column letter, code) of the problem it must produce)
CASES: dict[str, tuple[Mutation, tuple[str, int | None, str | None, str]]] = {
    # 1. links and special files
    "symlink-data-csv-to-copy": (
        link("data/observations.csv", outside_copy("obs.csv")),
        (OBS, None, None, "symlink"),
    ),
    "symlink-data-csv-to-etc-passwd": (
        link("data/sources.csv", lambda _: Path("/etc/passwd")),
        (SRC, None, None, "symlink"),
    ),
    "symlink-data-folder": (link("data", outside_copy("data")), ("data", None, None, "symlink")),
    "symlink-descriptor": (link(DESC, outside_copy(DESC)), (DESC, None, None, "symlink")),
    "fifo-as-observations": (fifo(OBS), (OBS, None, None, "special-file")),
    "fifo-undeclared-extra": (fifo("extra.csv"), ("extra.csv", None, None, "special-file")),
    # 2. realistic slips that used to crash
    "period-impossible-feb-30": (
        edit(OBS, OBS_ROW2, OBS_ROW2.replace(",2022,", ",2022-02-30,")),
        (OBS, 2, "B", "date-impossible"),
    ),
    "revision-period-april-31": (
        lambda p: (p / "data" / REV).open("a").write(REVISION),
        (REV, 2, "B", "date-impossible"),
    ),
    "published-date-feb-29-2023": (
        edit(SRC, ",2023-09-06,", ",2023-02-29,"),
        (SRC, 2, "E", "date-impossible"),
    ),
    "target-max-percent-sign": (
        edit(IND, TARGET, TARGET.replace(",ge,95,,", ",range,95,1%,")),
        (IND, 2, "J", "number-percent-sign"),
    ),
    "target-max-nan": (
        edit(IND, TARGET, TARGET.replace(",ge,95,,", ",range,95,NaN,")),
        (IND, 2, "J", "number-not-finite"),
    ),
    "target-max-liang": (
        edit(IND, TARGET, TARGET.replace(",ge,95,,", ",range,95,两,")),
        (IND, 2, "J", "number-format"),
    ),
    "unit-minimum-nan": (
        edit(UNITS, "percent,%,%,0,100", "percent,%,%,NaN,100"),
        (UNITS, 2, "D", "number-not-finite"),
    ),
    "unit-minimum-ling": (
        edit(UNITS, "percent,%,%,0,100", "percent,%,%,零,100"),
        (UNITS, 2, "D", "number-format"),
    ),
    "resource-not-an-object": (
        descriptor(lambda d: d["resources"].append(42)),
        (DESC, None, None, "resource-shape"),
    ),
    "resource-without-name": (
        descriptor(resource("revisions", lambda r: r.pop("name"))),
        (DESC, None, None, "resource-shape"),
    ),
    "resource-without-schema": (
        descriptor(resource("revisions", lambda r: r.pop("schema"))),
        (DESC, None, None, "resource-shape"),
    ),
    "schema-given-as-path": (
        descriptor(resource("revisions", lambda r: r.update(schema="revisions.schema.json"))),
        (DESC, None, None, "schema-by-path"),
    ),
    "field-without-type": (
        descriptor(resource("units", lambda r: r["schema"]["fields"][1].pop("type"))),
        (DESC, None, None, "field-without-type"),
    ),
    "constraint-maxlength-as-text": (
        descriptor(
            resource("units", lambda r: r["schema"]["fields"][1]["constraints"].update(maxLength="20"))
        ),
        (DESC, None, None, "resource-shape"),
    ),
    "constraint-pattern-not-a-regex": (
        descriptor(
            resource("units", lambda r: r["schema"]["fields"][0]["constraints"].update(pattern="^[a-z(+$"))
        ),
        (DESC, None, None, "resource-shape"),
    ),
    "descriptor-saved-as-gbk": (
        lambda p: (p / DESC).write_bytes((p / DESC).read_text(encoding="utf-8").encode("gb18030")),
        (DESC, None, None, "descriptor-encoding"),
    ),
    "resource-name-duplicated": (
        descriptor(resource("revisions", lambda r: r.update(name="units"))),
        (DESC, None, None, "resource-duplicate-name"),
    ),
    "bom-on-gbk-bytes": (
        raw(OBS, lambda t: b"\xef\xbb\xbf" + t.encode("gb18030")),
        (OBS, 2, None, "encoding-unknown"),
    ),
    "unclosed-quote": (
        raw(OBS, lambda t: t.replace(",final,", ',"final,', 1).encode()),
        (OBS, 2, None, "csv-syntax"),
    ),
    # 3. passes validation, breaks the build
    "float-noise-from-excel": (
        edit(OBS, OBS_ROW2, OBS_ROW2.replace(",93.58,93.58,", ",93.580000000000013,93.58,")),
        (OBS, 2, "C", "number-too-precise"),
    ),
    "sixteen-significant-digits": (
        edit(OBS, OBS_ROW2, OBS_ROW2.replace(",93.58,93.58,", ",9358000000000.001,93.58,")),
        (OBS, 2, "C", "number-too-precise"),
    ),
    # 4. misread encodings
    "encoding-big5-traditional-windows": (
        encode(GEO, "cp950", traditional=True),
        (GEO, None, None, "encoding-big5"),
    ),
    "encoding-gbk-or-big5-ambiguous": (encode(UNITS, "gb18030"), (UNITS, 3, None, "encoding-ambiguous")),
    "encoding-utf16le-without-bom": (encode(OBS, "utf-16-le"), (OBS, None, None, "encoding-utf16-nobom")),
    # 6. URLs
    "url-quote-closes-attribute": (
        edit(SRC, SRC_URL, '"https://example.org/""><script>alert(1)</script>"'),
        (SRC, 2, "D", "url-character"),
    ),
    "url-single-quote-handler": (
        edit(SRC, SRC_URL, "https://example.org/'onmouseover='alert(1)'"),
        (SRC, 2, "D", "url-character"),
    ),
    "url-markdown-javascript": (
        edit(SRC, SRC_URL, "https://example.org/x)](javascript:alert(1))"),
        (SRC, 2, "D", "url-character"),
    ),
    "url-with-space": (edit(SRC, SRC_URL, "https://example.org/a b"), (SRC, 2, "D", "url-character")),
    # 7. slow patterns: the length is checked first
    "note-pathological-html": (
        edit(OBS, '连续三年取得提升",final,', '连续三年取得提升",final,' + "<a" * 50_000),
        (OBS, 2, "H", "too-long"),
    ),
    # 8. silent passes
    "name-with-injected-heading": (
        edit(GEO, "Hubei Province", '"Hubei\n\n# Injected heading"'),
        (GEO, 2, "C", "line-break"),
    ),
    "name-zero-width-inside": (edit(GEO, "湖北省", "湖\u200b北省"), (GEO, 2, "B", "invisible-character")),
    "descriptor-duplicate-key": (
        descriptor(text=lambda t: t.replace('"version"', '"version": "0.0.1",\n  "version"', 1)),
        (DESC, 7, None, "descriptor-duplicate-key"),
    ),
    "target-150-percent": (
        edit(IND, TARGET, TARGET.replace(",ge,95,,", ",ge,150,,")),
        (IND, 2, "I", "target-out-of-range"),
    ),
    # 9. right place, right words
    "unit-maximum-below-minimum": (
        edit(UNITS, "percent,%,%,0,100", "percent,%,%,100,0"),
        (UNITS, 2, "E", "unit-bounds-reversed"),
    ),
    "cell-over-csv-field-limit": (
        edit(OBS, ",final,,exact,\n", ',final,"' + "长" * 140_000 + '",exact,\n'),
        (OBS, 2, "H", "too-long"),
    ),
    "relative-image-link": (
        edit(OBS, '连续三年取得提升",final,', '连续三年取得提升",final,见 ![图](chart.png)'),
        (OBS, 2, "H", "markdown-link"),
    ),
    "bare-cr-line-endings": (
        raw(OBS, lambda t: t.replace("\n", "\r").encode()),
        (OBS, None, None, "line-endings-cr"),
    ),
    # issue 11 item 7
    "target-typo-95-to-59": (
        edit(IND, TARGET, TARGET.replace(",ge,95,,", ",ge,59,,")),
        (IND, 2, "I", "target-not-in-quote"),
    ),
    "period-after-source-published": (
        edit(OBS, OBS_ROW2, OBS_ROW2.replace(",2022,", ",2024,")),
        (OBS, 2, "B", "period-after-published"),
    ),
    # the changelog the release feed reads: each "## " line a release
    "changelog-heading-without-date": (
        changelog((LOG + "## [3.1.0]\n\n更正 / corrected\n").encode()),
        ("CHANGELOG.md", 3, None, "changelog-heading"),
    ),
    "changelog-day-that-does-not-exist": (
        changelog((LOG + "## [3.1.0] – 2026-02-30\n\n更正 / corrected\n").encode()),
        ("CHANGELOG.md", 3, None, "changelog-heading"),
    ),
    "changelog-subheading-with-two-hashes": (
        changelog((LOG + "## [3.1.0] – 2026-12-01\n\n## 更正 / Corrections\n").encode()),
        ("CHANGELOG.md", 5, None, "changelog-heading"),
    ),
    "changelog-without-release": (changelog(LOG.encode()), ("CHANGELOG.md", None, None, "changelog-empty")),
    "changelog-saved-as-gbk": (
        changelog((LOG + "## [3.1.0] – 2026-12-01\n").encode("gb18030")),
        ("CHANGELOG.md", None, None, "changelog-encoding"),
    ),
}


# The exact words of a few cases, as a maintainer reads them (zh, en).
EXACT = {
    "symlink-data-csv-to-etc-passwd": (
        "“data/sources.csv”是一个符号链接（指向 /etc/passwd）。数据包中的文件不能是链接：链接可能指向包外的任何文件，"
        "校验与构建会读到不同的内容。",
        "“data/sources.csv” is a symbolic link (to /etc/passwd). Files of the package may not be links: a link can "
        "point at any file outside the package, and what is validated would not be what is published.",
    ),
    "fifo-as-observations": (
        "这不是普通文件，而是FIFO（命名管道）；校验器不会打开它（读取可能永远不返回）。",
        "This is not a regular file but a FIFO (named pipe); the validator does not open it (reading could block forever).",
    ),
    "period-impossible-feb-30": (
        "“2022-02-30”不是真实存在的日期（该月没有这一天）。",
        "“2022-02-30” is not a real date (the month has no such day).",
    ),
    "float-noise-from-excel": (
        "数字有 17 位有效数字，超过 15 位（Excel 的浮点误差，如 95.000000000000014）；下载的 Excel 文件只能保存 15 位。",
        "The number has 17 significant digits, more than 15 (Excel floating-point noise such as 95.000000000000014); "
        "the xlsx download can keep only 15.",
    ),
    "encoding-big5-traditional-windows": (
        "文件编码是 Big5（繁体中文 Windows 版 Excel 默认如此保存），不是 UTF-8。",
        "The file is encoded in Big5 (Excel on Traditional-Chinese Windows saves this way), not UTF-8.",
    ),
    "encoding-gbk-or-big5-ambiguous": (
        "无法确定文件编码：第 3 行附近的字节按 GBK 读是“万件”，按 Big5 读是“勀璃”，两种读法都说得通，不做猜测。",
        "The encoding cannot be told: the bytes near line 3 read as “万件” in GBK and as “勀璃” in Big5; both are "
        "plausible, so no guess is made.",
    ),
    "url-single-quote-handler": (
        "网址含有不允许的字符“'”（引号、尖括号、括号、方括号、空格等会破坏页面和下载文件）。",
        "The address contains the character “'”, which is not allowed (quotes, angle brackets, parentheses, "
        "brackets and spaces break pages and downloads).",
    ),
    "descriptor-duplicate-key": (
        "datapackage.json 中（JSON 路径 /）键“version”写了不止一次；JSON 只会保留最后一个，前面的被悄悄丢弃。",
        "The key “version” is written more than once in datapackage.json (JSON path /); JSON keeps only the last "
        "one and silently drops the others.",
    ),
    "unit-maximum-below-minimum": (
        "单位“percent”的上限 0 小于下限 100。",
        "The unit “percent” has a maximum 0 below its minimum 100.",
    ),
    "relative-image-link": (
        "文本中含有 Markdown 链接或图片语法“](”（包括相对路径的图片链接）。",
        "The text contains Markdown link or image syntax “](” (relative image links included).",
    ),
    "bare-cr-line-endings": (
        "文件使用旧式 Mac 换行符（单独的 CR），不是 LF。",
        "The file uses old Mac line endings (bare CR), not LF.",
    ),
    "target-typo-95-to-59": (
        "目标值 59 没有出现在纲要引文中（引文里的数是：95）。",
        "The target value 59 does not appear in the outline quote (the quote's numbers are: 95).",
    ),
    "period-after-source-published": (
        "观测期 2024 开始于 2024-01-01，晚于来源“hubeidaily-2023-09-06-quality-whitepaper”的发布日期 2023-09-06："
        "来源不可能报告它发布之后的时期。",
        "The period 2024 begins on 2024-01-01, after source “hubeidaily-2023-09-06-quality-whitepaper” was published "
        "(2023-09-06): a source cannot report a period that began after it was published.",
    ),
}
