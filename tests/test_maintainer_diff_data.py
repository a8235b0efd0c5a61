"""The data diff and the revision rule, on a fixture git history built in each test.

The history holds the synthetic package of tests/fixtures/pr-flow/ (see its README); nothing here
reads the real package's rows or the real repository's history.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pr_fixture import PACKAGE_REL, commit, git, new_repo, published, pull_request, write_package

from build_scripts import paths
from build_scripts.maintainer.diff_data import DiffError, compare, read_base, read_worktree, render
from build_scripts.maintainer.diff_data.compare import version_bump
from build_scripts.maintainer.diff_data.render import has_entry, suggest
from build_scripts.maintainer.diff_data.writer import Writer
from build_scripts.maintainer.revisions import check_revisions, revision_problems


def pr_with(tmp_path: Path, *layers: str, version: str = "1.0.0", base: tuple[str, ...] = ()) -> Path:
    """The package in a pull-request clone: `base` layers published on main, `layers` in the working tree."""
    upstream = published(tmp_path, *base)
    clone = pull_request(upstream, tmp_path)
    return write_package(clone, *(base or ("base",)), *layers, version=version)


def diff_text(package: Path, fmt: str = "text") -> str:
    base = git(package, "rev-parse", "--short=7", "origin/main").strip()
    return render(compare(read_base("origin/main", package), read_worktree(package)), fmt).replace(
        base, "BASE"
    )


def test_no_change_says_so(tmp_path: Path) -> None:
    package = pr_with(tmp_path)
    assert diff_text(package) == (
        "数据变更 / Data changes\n"
        "========================================\n"
        "基准 / base: origin/main (BASE) → 本次修改 / this change: working tree\n"
        "版本 / version: 1.0.0（未改 / unchanged）\n"
        "数据没有变化。 / No data changes.\n"
    )
    assert check_revisions("origin/main", package) == []


def test_added_changed_and_new_source_in_words(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "good-edit", version="1.1.0")
    assert diff_text(package) == (
        "数据变更 / Data changes\n"
        "========================================\n"
        "基准 / base: origin/main (BASE) → 本次修改 / this change: working tree\n"
        "版本 / version: 1.0.0 → 1.1.0\n"
        "这次修改需要升级次版本号（minor：新增数据）。 / This change calls for a minor (new data) version bump.\n"
        "\n"
        "观测值 / Observations\n"
        "----------------------------------------\n"
        "- 目标 / target synthetic-pass-rate 合成测试合格率 / Synthetic test pass rate\n"
        "  - 口径 / series synthetic-pass-rate-province（合成省 / Synthetic Province，official）\n"
        "    - 新增 / added: 2025 = 91.2 %（来源 / source synthetic-report-2025，final）\n"
        "    - 修改 / changed: 2024: 90.6 → 90.8 %（来源 / source synthetic-report-2024）；"
        "quoted_value: 90.6 → 90.8；quote: 2024年合成测试合格率初步统计为90.6%。 → "
        "2024年合成测试合格率最终统计为90.8%。；status: provisional → final — 修订记录 / revision: "
        "provisional_to_final — 来源页面更新为最终统计 / the source page now gives the final figure\n"
        "\n"
        "来源 / Sources\n"
        "----------------------------------------\n"
        "- 新增 / added: synthetic-report-2025 合成测试报告 2025（测试用） — 合成测试出版方，2026-01-15，"
        "official: https://example.org/synthetic/report-2025\n"
        "\n"
        "修订记录 / Revisions\n"
        "----------------------------------------\n"
        "- 新增 / added: synthetic-pass-rate-province 2024（来源 / source synthetic-report-2024）: "
        "90.6 → 90.8，provisional_to_final，2026-11-20: 来源页面更新为最终统计 / the source page now gives "
        "the final figure\n"
    )
    assert check_revisions("origin/main", package) == []


def test_targets_and_series_added_or_changed(tmp_path: Path) -> None:
    text = diff_text(pr_with(tmp_path, "target-edit"))
    assert (
        "目标 / Targets\n"
        "----------------------------------------\n"
        "- 新增 / added: synthetic-share 合成测试占比 / Synthetic test share\n"
        "- 修改 / changed: synthetic-pass-rate 合成测试合格率 / Synthetic test pass rate — target_value: 90 → 92\n"
    ) in text
    assert (
        "- 新增 / added: synthetic-pass-rate-nation（目标 / target synthetic-pass-rate，合成国 / Synthetic "
        "Nation，comparison）: 合成测试合格率（全国，测试用口径） / Synthetic test pass rate (nation; test "
        "definition)\n"
    ) in text
    assert "- geographies: 新增 / added 1，修改 / changed 0，删除 / removed 0\n" in text
    assert "⚠ 请把 datapackage.json 的 version 改为 1.1.0" in text


def test_silent_change_is_a_located_problem(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "bad-edit")
    [problem] = check_revisions("origin/main", package)
    assert (
        problem.file,
        problem.row,
        problem.column,
        problem.column_letter,
        problem.value,
        problem.code,
    ) == (
        f"{PACKAGE_REL}/data/observations.csv",
        3,
        "value",
        "C",
        "90.8",
        "silent-revision",
    )
    assert "90.6 → 90.8" in problem.message_zh and "90.6 → 90.8" in problem.message_en
    assert "old_value=90.6" in problem.fix_en and "new_value=90.8" in problem.fix_en
    assert "⚠ revisions.csv 中没有修订记录 / no revision row in revisions.csv" in diff_text(package)


def test_silent_removal_is_a_problem_and_a_recorded_one_is_not(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "removal")
    [problem] = check_revisions("origin/main", package)
    assert (problem.row, problem.column, problem.value, problem.code) == (
        None,
        None,
        "90.1",
        "silent-revision",
    )
    assert "revision_type=removal" in problem.fix_en
    text = diff_text(package)
    assert "- 删除 / removed: 2023 = 90.1 %（来源 / source synthetic-report-2023）— ⚠" in text
    assert "修订号（patch" in text  # a removal is a correction, not new data

    write_package(package.parents[1], "base", "removal", "removal-recorded")
    assert check_revisions("origin/main", package) == []
    assert "修订号（patch" in diff_text(package)  # a revision row is not new data either


def test_revision_row_must_match_the_change(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "good-edit", "revision-mismatch", version="1.1.0")
    [problem] = check_revisions("origin/main", package)
    assert (
        problem.file,
        problem.row,
        problem.column,
        problem.column_letter,
        problem.value,
        problem.code,
    ) == (
        f"{PACKAGE_REL}/data/revisions.csv",
        2,
        "old_value",
        "D",
        "90.5",
        "revision-mismatch",
    )
    assert problem.fix_en == "Set old_value to 90.6."


def test_published_revision_rows_are_append_only(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "revision-log-edited", version="1.1.0", base=("base", "good-edit"))
    [problem] = check_revisions("origin/main", package)
    assert (problem.file, problem.row, problem.code) == (
        f"{PACKAGE_REL}/data/revisions.csv",
        2,
        "revision-log-edited",
    )
    assert "⚠ 修改了已发布的修订记录 / a published revision row was edited" in diff_text(package)


def test_reformatted_number_is_not_a_change(tmp_path: Path) -> None:
    package = pr_with(tmp_path)
    observations = package / "data" / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace(",90.1,", ",90.10,", 1), encoding="utf-8"
    )
    assert "数据没有变化。 / No data changes." in diff_text(package)
    assert check_revisions("origin/main", package) == []


def test_schema_change_calls_for_major(tmp_path: Path) -> None:
    package = pr_with(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][2]["constraints"]["maxLength"] += 1
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    text = diff_text(package)
    assert "这次修改需要升级主版本号（major：表结构变化）" in text
    assert "- 修改 / changed: sections\n" in text
    assert "version 改为 2.0.0" in text


def test_first_publication_has_no_revisions(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo / "README.md").write_text("synthetic test repository\n", encoding="utf-8")
    commit(repo, "Empty start")
    package = write_package(repo, "base")
    text = render(compare(read_base("HEAD", package), read_worktree(package)))
    assert "全部内容都是新增的（首次发布）" in text
    assert "版本 / version: 1.0.0\n" in text and "CHANGELOG.md 中没有" not in text
    assert "- 新增 / added: 2023 = 90.1 %" in text
    assert check_revisions("HEAD", package) == []


def test_unreadable_data_or_missing_base_fail_loudly(tmp_path: Path) -> None:
    package = pr_with(tmp_path)
    with pytest.raises(DiffError, match="fetch-depth: 0"):
        read_base("origin/no-such-branch", package)
    observations = package / "data" / "observations.csv"
    observations.write_bytes(observations.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(DiffError, match="is not UTF-8"):
        read_worktree(package)


def test_cli_appends_markdown_to_the_summary_and_reports_errors(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "good-edit", version="1.1.0")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "build_scripts.maintainer.diff_data",
        "--base",
        "origin/main",
        "--format",
        "markdown",
    ]
    run = subprocess.run(
        [*command, "--append-to", str(summary), str(package)], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert (run.returncode, run.stdout) == (0, "")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n\n## 数据变更 / Data changes\n")
    assert "<https://example.org/synthetic/report-2025>" in text
    (package / "data" / "observations.csv").write_bytes("\ufeffseries_id;period\n".encode())
    bad = subprocess.run([*command, str(package)], cwd=paths.ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "无法生成数据差异 / cannot show the data diff" in bad.stdout
    assert "the header does not match datapackage.json" in bad.stderr


def test_markdown_escapes_untrusted_text_and_keeps_line_breaks() -> None:
    w = Writer(markdown=True)
    assert w.t("<script>|[x](javascript:y)`*_&") == "&lt;script&gt;\\|\\[x\\]\\(javascript:y\\)\\`\\*\\_&amp;"
    assert w.t("a\r\nb") == "a<br>b"
    assert w.code("a`b") == "<code>a\\`b</code>"
    assert w.link("https://example.invalid/x") == "<https://example.invalid/x>"
    assert w.link("javascript:alert(1)") == "javascript:alert\\(1\\)"
    assert Writer(markdown=False).t("<b>") == "<b>"


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        ("1.0.0", "1.0.0", "none"),
        ("1.0.0", "1.0.1", "patch"),
        ("1.0.9", "1.1.0", "minor"),
        ("1.4.2", "2.0.0", "major"),
        ("1.4.2", "1.5.1", "invalid"),
        ("1.4.2", "1.4.1", "invalid"),
        ("1.4.2", "v1.5.0", "invalid"),
    ],
)
def test_version_bump(old: str, new: str, bump: str) -> None:
    assert version_bump(old, new) == bump


def test_suggested_version_and_changelog_entry() -> None:
    assert [suggest("1.4.2", b) for b in ("patch", "minor", "major")] == ["1.4.3", "1.5.0", "2.0.0"]
    assert has_entry("# Log\n\n## [1.5.0] – 2027-01-02\n", "1.5.0")
    assert not has_entry("# Log\n\n## [1.5.01] – 2027-01-02\nmentions 1.5.0\n", "1.5.0")
    assert not has_entry(None, "1.5.0")


def test_revision_rule_is_pure(tmp_path: Path) -> None:
    package = pr_with(tmp_path, "good-edit", version="1.1.0")
    diff = compare(read_base("origin/main", package), read_worktree(package))
    assert revision_problems(diff) == []
    assert diff.needed_bump() == "minor" and diff.actual_bump() == "minor"


def test_real_changelog_has_an_entry_for_the_current_version() -> None:
    descriptor = json.loads(paths.PACKAGE_DESCRIPTOR.read_text(encoding="utf-8"))
    changelog = (paths.PACKAGE / "CHANGELOG.md").read_text(encoding="utf-8")
    assert has_entry(changelog, descriptor["version"]), (
        f"CHANGELOG.md has no entry for {descriptor['version']}"
    )
