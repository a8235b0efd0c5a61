"""Careless and hostile inputs (issue 12, classes 1–9; issue 11 item 7): each one located, never a crash.

Each named case edits a copy of the valid mini package (tests/fixtures/valid-mini plus the real
datapackage.json) the way a maintainer or an attacker would, and expects the located problem
(file, spreadsheet row, column letter, code) with its Chinese and English words. Links and FIFOs
cannot be committed as fixtures, so they are made here. Every case, and every folder of
tests/fixtures/bad/, also goes through the command line and the REPORT=github path: exit 1, no
traceback, a located message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import opencc
import openpyxl
import pytest

from build_scripts import paths
from build_scripts.maintainer import pr_report
from build_scripts.maintainer.diff_data.render import has_entry
from build_scripts.portal import feed
from build_scripts.portal.xlsx import numeric_cell
from build_scripts.validate.cells import number_issue
from build_scripts.validate.package import main, validate_package

TODAY = date(2026, 11, 26)
VALID = paths.FIXTURES / "valid-mini"
BAD = paths.FIXTURES / "bad"
OBS_ROW2 = "mfg-product-pass-rate-hubei,2022,93.58,93.58,"
SRC_URL = "https://ctdsbepaper.hubeidaily.net/pc/content/202309/06/content_241571.html"
TARGET = "mfg-product-pass-rate,1,2,制造业产品质量合格率,Manufacturing product quality pass rate,numeric,percent,ge,95,,"

Mutation = Callable[[Path], None]


def edit(name: str, old: str, new: str) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def encode(name: str, codec: str, traditional: bool = False) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes((opencc.OpenCC("s2t").convert(text) if traditional else text).encode(codec))

    return apply


def link(name: str, target: Callable[[Path], Path]) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / name
        dest = target(pkg)
        if path.is_dir():
            shutil.copytree(path, dest, dirs_exist_ok=True)
            shutil.rmtree(path)
        else:
            if not dest.exists():
                shutil.copy(path, dest)
            path.unlink()
        path.symlink_to(dest)

    return apply


def outside_copy(name: str) -> Callable[[Path], Path]:
    return lambda pkg: pkg.parent / f"outside-{name.replace('/', '-')}"


def fifo(name: str) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return apply


def descriptor(
    change: Callable[[dict], None] | None = None, text: Callable[[str], str] | None = None
) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        if change:
            data = json.loads(path.read_text(encoding="utf-8"))
            change(data)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        if text:
            path.write_text(text(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def resource(name: str, change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda d: change(next(r for r in d["resources"] if r["name"] == name))


def raw(name: str, make: Callable[[str], bytes]) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        path.write_bytes(make(path.read_text(encoding="utf-8")))

    return apply


def changelog(data: bytes) -> Mutation:
    """The package's CHANGELOG.md (beside datapackage.json) with these bytes."""
    return lambda pkg: (pkg / "CHANGELOG.md").write_bytes(data)


LOG = "# 数据更新日志 / Data changelog\n\n"
REVISION = "mfg-product-pass-rate-hubei,2023-04-31,hubeidaily-2023-09-06-quality-whitepaper,93.5,93.58,2024-01-05,correction,typo\n"
OBS, SRC, IND, UNITS, GEO, REV, DESC = (
    "observations.csv",
    "sources.csv",
    "indicators.csv",
    "units.csv",
    "geographies.csv",
    "revisions.csv",
    "datapackage.json",
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


def make_package(tmp_path: Path, mutate: Mutation | None = None, overlay: Path | None = None) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(VALID, package)
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    for file in overlay.iterdir() if overlay else []:
        shutil.copy(file, package / "data" / file.name)
    if mutate:
        mutate(package)
    return package


def test_valid_mini_is_valid(tmp_path: Path) -> None:
    assert validate_package(make_package(tmp_path), today=TODAY) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_located_and_explained(case: str, tmp_path: Path) -> None:
    mutate, (file, row, letter, code) = CASES[case]
    problems = validate_package(make_package(tmp_path, mutate), today=TODAY)
    found = [p for p in problems if p.code == code]
    assert found, [(p.file, p.row, p.code) for p in problems]
    first = found[0]
    assert (first.file.rsplit("/", 1)[-1], first.row, first.column_letter) == (file, row, letter)
    for text in (first.message_zh, first.fix_zh):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    for text in (first.message_en, first.fix_en):
        assert any(c.isascii() and c.isalpha() for c in text), text


@pytest.mark.parametrize("dash", ["–", "—", "-"])
def test_a_release_heading_may_use_any_dash_and_the_feed_reads_it(dash: str, tmp_path: Path) -> None:
    text = LOG + f"## [3.1.0] {dash} 2026-12-01\n\n更正 / corrected\n\n### 表结构 / Schema\n\n无 / none\n"
    assert validate_package(make_package(tmp_path, changelog(text.encode())), today=TODAY) == []
    (release,) = feed.releases(text)
    assert (release.version, release.day, release.line) == ("3.1.0", date(2026, 12, 1), 3)
    assert release.text == "更正 / corrected\n\n### 表结构 / Schema\n\n无 / none"
    assert has_entry(text, "3.1.0") and not has_entry(text, "3.1")


def test_a_unit_range_fault_is_said_once_on_units_csv(tmp_path: Path) -> None:
    problems = validate_package(make_package(tmp_path, CASES["unit-maximum-below-minimum"][0]), today=TODAY)
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in problems] == [(UNITS, "unit-bounds-reversed")]


def test_an_encoding_fault_is_blamed_on_its_own_file_only(tmp_path: Path) -> None:
    problems = validate_package(make_package(tmp_path, encode(SRC, "gb18030")), today=TODAY)
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in problems] == [(SRC, "encoding-gbk")]


def test_a_link_is_never_read(tmp_path: Path) -> None:
    problems = validate_package(
        make_package(tmp_path, CASES["symlink-data-csv-to-etc-passwd"][0]), today=TODAY
    )
    assert not any("root:" in (p.value or "") + p.message_en for p in problems)


ALL_INPUTS = [("case", name) for name in sorted(CASES)] + [("folder", p.name) for p in sorted(BAD.iterdir())]


@pytest.mark.parametrize(("kind", "name"), ALL_INPUTS)
def test_cli_and_github_report_exit_1_with_a_located_message(
    kind: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = (
        make_package(tmp_path, CASES[name][0])
        if kind == "case"
        else make_package(tmp_path, overlay=BAD / name)
    )
    assert main([str(package)]) == 1
    text = capsys.readouterr().out
    assert "Traceback" not in text and "✗ " in text and "Problem: " in text and "问题: " in text
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    shutil.copytree(paths.PACKAGE / "source", package / "source")  # pr_report reads the package's own outline
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert pr_report.main([str(package)]) == 1
    report = capsys.readouterr().out
    assert "Traceback" not in report
    assert any(line.startswith("::error file=") and "title=" in line for line in report.splitlines())


@pytest.mark.parametrize(
    "value",
    [
        "95",
        "93.58",
        "0.000123456789012345",
        "123456789012345",
        "1234567890123456",
        "95.000000000000014",
        "-0.5",
    ],
)
def test_the_validator_accepts_exactly_the_numbers_the_xlsx_writer_keeps(value: str) -> None:
    cell = openpyxl.Workbook().active["A1"]
    try:
        numeric_cell(cell, value)
        written = True
    except ValueError:
        written = False
    assert (number_issue(value) is None) == written


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


@pytest.mark.parametrize("case", sorted(EXACT))
def test_exact_words(case: str, tmp_path: Path) -> None:
    mutate, (*_, code) = CASES[case]
    problems = validate_package(make_package(tmp_path, mutate), today=TODAY)
    found = next(p for p in problems if p.code == code)
    assert (found.message_zh, found.message_en) == EXACT[case]


def test_a_linked_folder_is_one_problem_and_a_fifo_is_not_also_missing(tmp_path: Path) -> None:
    linked = validate_package(make_package(tmp_path / "a", CASES["symlink-data-folder"][0]), today=TODAY)
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in linked] == [("data", "symlink")]
    piped = validate_package(make_package(tmp_path / "b", CASES["fifo-as-observations"][0]), today=TODAY)
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in piped] == [(OBS, "special-file")]


def test_a_cell_longer_than_the_csv_modules_limit_is_one_located_problem(tmp_path: Path) -> None:
    problems = validate_package(make_package(tmp_path, CASES["cell-over-csv-field-limit"][0]), today=TODAY)
    assert [(p.file.rsplit("/", 1)[-1], p.row, p.column_letter, p.code) for p in problems] == [
        (OBS, 2, "H", "too-long")
    ]
