"""Unit tests of the shared helpers in build_scripts/common/: URLs, Markdown escaping, dates from git.

The escaper is checked with the two real Markdown parsers our text meets: Python-Markdown with the
extensions of mkdocs.yml (the site) and markdown-it-py as CommonMark with GitHub's tables and
strikethrough (pull-request reports). The hostile strings exist only in this file.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt
from mkdocs.utils.yaml import yaml_load

from build_scripts import paths
from build_scripts.common import english
from build_scripts.common.dates import GitDateError, LastUpdate, build_today, git_last_update
from build_scripts.common.text import md_code, md_escape
from build_scripts.common.urls import folder_of, page_dir, relative
from tests.pr_fixture import git

# --- URLs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "from_dir", "expected"),
    [
        ("data/latest/x.csv", "data/", "latest/x.csv"),
        ("data/latest/x.csv", "en/data/", "../../data/latest/x.csv"),
        ("data/", "data/", "./"),
        ("api/v1/targets.json", "api/v1/targets/", "../targets.json"),
        ("targets/a/", "api/v1/", "../../targets/a/"),
        ("data/catalog.jsonld", "", "data/catalog.jsonld"),
        ("", "", "./"),
        ("", "en/targets/a/", "../../../"),
        ("en/", "en/", "./"),
        ("en/sections/1/", "en/targets/a/", "../../sections/1/"),
    ],
)
def test_relative(target: str, from_dir: str, expected: str) -> None:
    assert relative(target, from_dir) == expected


@pytest.mark.parametrize("from_dir", ["data", "data/x.csv", "en/index.html"])
def test_relative_refuses_a_file_as_base_which_also_catches_swapped_arguments(from_dir: str) -> None:
    with pytest.raises(ValueError, match="folder"):
        relative("targets/a/", from_dir)


@pytest.mark.parametrize(
    ("file_path", "expected"),
    [("index.html", ""), ("en/index.html", "en/"), ("en/targets/a/index.html", "en/targets/a/")],
)
def test_folder_of_a_file(file_path: str, expected: str) -> None:
    assert folder_of(file_path) == expected


def test_page_dir_puts_the_language_prefix_first() -> None:
    assert page_dir("zh", "") == ""
    assert page_dir("en", "data/") == "en/data/"
    assert page_dir("zh-Hant", "targets/a/") == "zh-Hant/targets/a/"
    with pytest.raises(KeyError):
        page_dir("fr", "data/")


# --- Markdown escaping ------------------------------------------------------------------------------

HOSTILE = [
    'it\'s "quoted" & <b>bold</b>',
    "[click](javascript:alert(1))",
    "![img](x.png)",
    "<script>alert(1)</script>",
    "<https://example.invalid/x>",
    "a*b* _c_ __d__ `e` \\f",
    "# not a heading {#id}",
    "x{: .class onclick=alert(1)}",
    "1. not a list",
    "- not a list",
    "+ not a list",
    "a | b | c",
    "~~not struck~~",
    "&amp; &#35; &lt; literal entities",
    "'",
    "合成文本（2025）“引号”",
    "a\\\\b",
]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as MkDocs runs it: the extensions listed in mkdocs.yml."""
    with paths.MKDOCS_YML.open(encoding="utf-8") as handle:
        listed = yaml_load(handle)["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in listed]
    configs = {next(iter(e)): next(iter(e.values())) for e in listed if isinstance(e, dict)}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def github_markdown() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shown_text(rendered: str) -> str:
    """What a reader sees: the HTML's text with its entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_shows_literally_on_the_site_and_on_github(text: str) -> None:
    escaped = md_escape(text)
    site = site_markdown().convert(escaped)
    github = github_markdown().render(escaped)
    for rendered in (site, github):
        assert shown_text(rendered) == text
        assert re.fullmatch(r"<p>[^<>]*</p>", rendered.strip()), rendered  # one paragraph, no other tag


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_stays_inside_a_heading_and_a_table_cell(text: str) -> None:
    heading = site_markdown().convert(f"## {md_escape(text)}")
    assert re.fullmatch(r'<h2 id="[^"]*">[^<>]*</h2>', heading), heading
    table = f"| a | b |\n|---|---|\n| {md_escape(text)} | end |\n"
    for rendered in (site_markdown().convert(table), github_markdown().render(table)):
        cells = re.findall(r"<td>(.*?)</td>", rendered)
        assert [shown_text(c) for c in cells] == [text, "end"], rendered


@pytest.mark.parametrize("text", HOSTILE)
def test_a_heading_shows_literally_in_the_table_of_contents_too(text: str) -> None:
    # The site's navigation shows each heading's toc token (HTML); an escape inside an entity
    # (`&\#x27;`) once made it show "Hubei&#x27;s".
    md = site_markdown()
    md.convert(f"### {md_escape(text)}")
    assert html.unescape(md.toc_tokens[0]["name"]) == text


def test_a_line_break_becomes_a_space_or_what_the_caller_asks_for() -> None:
    assert md_escape("a\nb\r\nc\rd") == "a b c d"
    assert md_escape("a\r\n# b", newline="<br>") == "a<br>\\# b"
    rendered = github_markdown().render(md_escape("one\n- two\n\nthree", newline="<br>"))
    assert rendered == "<p>one<br>- two<br><br>three</p>\n"


def test_code_shows_literally_with_a_backtick_inside() -> None:
    rendered = github_markdown().render(md_code("a`b|c\nd"))
    assert rendered == "<p><code>a`b|c<br>d</code></p>\n"


def test_the_pages_md_filter_is_the_one_escaper() -> None:
    from build_scripts.pages.parts import environment

    env = environment()
    assert env.from_string("{{ t | md }}").render(t="<b>[x]</b>") == md_escape("<b>[x]</b>")


# --- dates from git ---------------------------------------------------------------------------------


def test_last_update_comes_from_the_last_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "a.csv").write_text("x\n1\n", encoding="utf-8")
    git(repo, "add", "a.csv")
    git(repo, "commit", "-q", "-m", "one", day="2024-05-06T12:00:00")
    (repo / "a.csv").write_text("x\n2\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "two", day="2024-06-07T12:00:00")
    assert git_last_update(repo / "a.csv", repo) == LastUpdate(date(2024, 6, 7), False)
    assert git_last_update(repo / "a.csv", repo).known
    (repo / "a.csv").write_text("x\n3\n", encoding="utf-8")
    assert git_last_update(repo / "a.csv", repo) == LastUpdate(date(2024, 6, 7), True)
    (repo / "new.csv").write_text("x\n", encoding="utf-8")
    update = git_last_update(repo / "new.csv", repo)
    assert update == LastUpdate(None, True) and not update.known


def test_last_update_refuses_a_file_outside_the_repository_and_a_shallow_clone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "a.csv").write_text("x\n1\n", encoding="utf-8")
    git(repo, "add", "a.csv")
    git(repo, "commit", "-q", "-m", "one", day="2024-05-06T12:00:00")
    with pytest.raises(GitDateError, match="outside the repository"):
        git_last_update(tmp_path / "elsewhere.csv", repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    with pytest.raises(GitDateError, match="shallow"):
        git_last_update(clone / "a.csv", clone)


def test_build_today_is_pinned_by_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01T00:00:00Z
    assert build_today() == date(2025, 12, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_today()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_today() == date.today()


def test_only_build_today_reads_the_clock() -> None:
    """One day per run: each command calls `build_today` once and passes the date on; no stage reads
    the clock itself (the benchmark, which times builds, is not part of one)."""
    readers = {
        path.relative_to(paths.ROOT / "build_scripts").as_posix()
        for path in (paths.ROOT / "build_scripts").rglob("*.py")
        if "bench" not in path.parts
        and re.search(
            r"date\.today\(\)|datetime\.(now|today|utcnow)\(|time\.(localtime|gmtime)\(",
            path.read_text("utf-8"),
        )
    }
    assert readers == {"common/dates.py"}


@pytest.mark.parametrize(
    "command", ["build_scripts.pipeline", "build_scripts.validate", "build_scripts.maintainer.pr_report"]
)
def test_a_bad_source_date_epoch_stops_each_command_with_a_message(command: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "2026-11-30"}
    done = subprocess.run(
        [sys.executable, "-m", command], cwd=paths.ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    assert "SOURCE_DATE_EPOCH='2026-11-30'" in done.stdout + done.stderr
    assert "整数秒数" in done.stdout + done.stderr and "unset it" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        ("万件", "10k items (万件)", (10_000, "items")),
        ("万件", "10,000 pieces", (10_000, "pieces")),
        ("亿平方米", "100 million m²", (100_000_000, "m²")),
        ("万人次", "10k person-times", (10_000, "person-times")),
        ("个", "items", (1, "items")),
        ("万件", "10000", None),
        ("万件", "万件", None),
        ("万件", "10k ", None),
    ],
)
def test_the_english_noun_of_a_unit_or_none(zh: str, en: str, expected: tuple[int, str] | None) -> None:
    """One parser for the build (English amounts) and the validator (units.csv label_en)."""
    assert english.unit_noun(zh, en) == expected
