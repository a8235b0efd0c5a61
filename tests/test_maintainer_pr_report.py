"""GitHub annotations and the job summary, from hand-built Problems.

The Problems are built here, not produced by the validator, so each case shows one formatting rule.
Files written to tmp_path hold placeholder cells (a, b, c…), not data.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.maintainer.csv_lines import Location, cell_starts, letter_index, locate
from build_scripts.maintainer.pr_report import (
    MAX_TABLE_ROWS,
    annotation,
    escape_data,
    escape_property,
    relative_to_repo,
    summary,
)
from build_scripts.validate.problems import CATALOGUE, Problem

HEADER = "| 文件 / File | 行 / Row | 列 / Column | 值 / Value | 问题 | Problem | 如何修改 | How to fix |"


def make(file: str = "data/t.csv", row: int | None = 2, column: str | None = "b", letter: str | None = "B",
         value: str | None = "x", code: str = "demo") -> Problem:  # fmt: skip
    return Problem(file, row, column, letter, value, code, "错了。", "Wrong.", "改正。", "Fix it.")


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_property("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d"


def test_annotation_exact_text(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a,b,c\nab,cd,ef\n", encoding="utf-8")
    line = annotation(make(value="1,5%"), locate(make(), tmp_path))
    assert line == (
        "::error file=data/t.csv,line=2,col=4,title=t.csv 第 2 行 B 列 b / t.csv row 2 column B (b)::"
        "值 / value: 1,5%25%0A问题：错了。%0A修改：改正。%0AProblem: Wrong.%0AFix: Fix it.%0A[demo]"
    )


def test_message_cannot_start_a_new_workflow_command() -> None:
    line = annotation(make(value="x\n::add-mask::y"), Location(2, 1))
    assert line.count("\n") == 0 and "%0A::add-mask::y" in line


def test_file_level_problem_has_no_line_or_column() -> None:
    line = annotation(make(row=None, column=None, letter=None, value=None), Location(None, None))
    assert line == (
        "::error file=data/t.csv,title=t.csv / t.csv::问题：错了。%0A修改：改正。%0AProblem: Wrong.%0AFix: Fix it.%0A[demo]"
    )


def test_properties_with_commas_and_colons_are_escaped() -> None:
    line = annotation(make(file="data/a,b:c.csv", row=3, column="x,y", letter="C"), Location(3, 7))
    assert line.startswith(
        "::error file=data/a%2Cb%3Ac.csv,line=3,col=7,title=a%2Cb%3Ac.csv 第 3 行 C 列 x%2Cy"
    )


def test_rows_map_to_lines_past_quoted_line_breaks(tmp_path: Path) -> None:
    text = 'a,b,c\n"one\ntwo",x,"say ""hi"", ok"\nlast,"p,q",r\n'
    assert cell_starts(text) == [
        [(1, 1), (1, 3), (1, 5)],
        [(2, 1), (3, 6), (3, 8)],
        [(4, 1), (4, 6), (4, 12)],
    ]
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    assert locate(make(file="t.csv", row=3, letter="C"), tmp_path) == Location(4, 12)
    assert locate(make(file="t.csv", row=2, letter=None), tmp_path) == Location(2, None)


def test_quote_inside_an_unquoted_cell_is_literal() -> None:
    assert cell_starts('a"b,c\n') == [[(1, 1), (1, 5)]]


def test_non_csv_and_unreadable_files_keep_the_row_as_line(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text("{\n}\n", encoding="utf-8")
    assert locate(make(file="datapackage.json", row=2), tmp_path) == Location(2, None)
    (tmp_path / "gbk.csv").write_bytes("甲,乙\n丙,丁\n".encode("gbk"))
    assert locate(make(file="gbk.csv", row=2, letter="B"), tmp_path) == Location(2, None)
    assert locate(make(file="missing.csv", row=5), tmp_path) == Location(5, None)


def test_letter_index() -> None:
    assert [letter_index(x) for x in ("A", "C", "Z", "AA", "AB")] == [0, 2, 25, 26, 27]
    with pytest.raises(ValueError, match="not a column letter"):
        letter_index("c")


def test_summary_passing() -> None:
    assert (
        summary([])
        == "## 数据校验 / Data validation\n\n✅ 数据校验通过，没有发现问题。 / Data validation passed: no problems found.\n"
    )


def test_summary_table_exact() -> None:
    text = summary(
        [make(value="98.5%"), make(row=None, column=None, letter=None, value=None, file="data/u.csv")]
    )
    assert text == (
        "## 数据校验 / Data validation\n\n"
        "❌ 发现 2 个问题，涉及 2 个文件。请逐行修改后再次提交；行号按电子表格计算（表头为第 1 行）。 / 2 problem(s) "
        "in 2 file(s). Fix each one and push again; rows are counted as a spreadsheet shows them (header = row 1).\n"
        "\n"
        f"{HEADER}\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| data/t\\.csv | 2 | B b | <code>98\\.5%</code> | 错了。 | Wrong\\. | 改正。 | Fix it\\. |\n"
        "| data/u\\.csv |  |  |  | 错了。 | Wrong\\. | 改正。 | Fix it\\. |\n"
    )


def test_summary_escapes_untrusted_values() -> None:
    text = summary([make(value="<img src=x onerror=alert(1)>|`", code="demo"), make(value="")])
    row = text.splitlines()[-2]
    assert "<code>&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\`</code>" in row
    assert not re.search(r"(?<!\\)<img", text)  # the tag is escaped, so it shows as text
    assert len(re.findall(r"(?<!\\)\|", row)) == 9  # the pipe in the value did not add a column
    assert "（空）/ (empty)" in text.splitlines()[-1]


def test_summary_lists_at_most_max_rows() -> None:
    text = summary([make(row=n) for n in range(2, MAX_TABLE_ROWS + 7)])
    assert text.count("| data/t\\.csv |") == MAX_TABLE_ROWS
    assert "另有 5 个问题未列出" in text and "5 more not shown" in text


def test_problem_paths_become_relative_to_the_repository(tmp_path: Path) -> None:
    absolute = make(file=str(tmp_path / "datapackages" / "p" / "data" / "t.csv"))
    assert relative_to_repo(absolute, tmp_path).file == "datapackages/p/data/t.csv"
    inside = make(file="datapackages/hubei-quality/data/t.csv")
    assert relative_to_repo(inside, paths.ROOT) == inside


def test_cli_reads_validator_json_and_writes_the_summary_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg" / "data").mkdir(parents=True)
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    (repo / "pkg" / "data" / "t.csv").write_text("a,b\nc,d\n", encoding="utf-8")
    problems = tmp_path / "problems.json"
    problems.write_text(
        json.dumps([asdict(make(file=str(repo / "pkg" / "data" / "t.csv")))]), encoding="utf-8"
    )
    summary_file = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary_file), "PATH": "/usr/bin:/bin"}
    command = [
        sys.executable,
        "-m",
        "build_scripts.maintainer.pr_report",
        "--problems",
        str(problems),
        str(repo / "pkg"),
    ]
    run = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stdout.startswith("::error file=pkg/data/t.csv,line=2,col=3,title=t.csv 第 2 行 B 列 b")
    assert summary_file.read_text(encoding="utf-8").startswith(
        "## 数据校验 / Data validation\n\n❌ 发现 1 个问题"
    )
    problems.write_text("[]", encoding="utf-8")
    run = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, env=env)
    assert (run.returncode, run.stdout) == (0, "")
    assert summary_file.read_text(encoding="utf-8").endswith(
        "✅ 数据校验通过，没有发现问题。 / Data validation passed: no problems found.\n"
    )


def test_contributing_names_only_real_problem_codes() -> None:
    text = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"\[([a-z]+(?:-[a-z0-9]+)+)\]", text))
    known = set(CATALOGUE) | {"silent-revision", "revision-mismatch", "revision-log-edited"}
    assert codes, "CONTRIBUTING.md should show the [code] of the common problems"
    assert codes <= known, f"unknown problem codes in CONTRIBUTING.md: {sorted(codes - known)}"


def test_a_revision_check_that_cannot_run_fails_the_step(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    problems = tmp_path / "problems.json"
    problems.write_text("[]", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "build_scripts.maintainer.pr_report",
        "--problems",
        str(problems),
        "--base",
        "origin/gone",
    ]
    run = subprocess.run([*command, str(repo / "pkg")], cwd=paths.ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout.startswith(
        "::error title=修订检查 / revision check::修订检查未能进行 / the revision check could not run"
    )
    assert "❌ 修订检查未能进行" in run.stdout  # no GITHUB_STEP_SUMMARY: the summary goes to stdout


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_scripts.maintainer.pr_report",
            "--problems",
            "-",
            str(tmp_path / "pkg"),
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        input="[]",
    )
    assert (run.returncode, run.stdout) == (1, "")
    assert "is not inside a git repository" in run.stderr and "Traceback" not in run.stderr
