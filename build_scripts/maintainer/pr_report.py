"""Validation problems as GitHub shows them on a pull request: annotations and a job summary.

Each Problem becomes a workflow-command annotation on stdout,
`::error file=<path>,line=<line>,col=<col>,title=<title>::<message>`, which GitHub attaches to that
line of the file in the pull request. `line` and `col` point at the cell in the file as committed
(`csv_lines.py`: a quoted cell spanning lines moves later rows down). All problems also go into a
Markdown table in Chinese and English, appended to the job summary file named by
$GITHUB_STEP_SUMMARY when that variable is set (GitHub shows only a limited number of annotations;
the table is the complete list).

Usage: python -m build_scripts.maintainer.pr_report [--base REF] [--problems FILE.json] [PACKAGE_DIR]
  --base REF       also reject silent revisions of values published at REF (e.g. origin/main)
  --problems FILE  read the Problems from `python -m build_scripts.validate --format json` output
                   ("-" for stdin) instead of running the validator
Exit status: 0 no problems, 1 problems found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from build_scripts import paths
from build_scripts.common.dates import BuildDateError, build_today
from build_scripts.common.text import md_code, md_escape
from build_scripts.maintainer.csv_lines import Location, locate
from build_scripts.maintainer.diff_data import DiffError, repo_root
from build_scripts.maintainer.revisions import check_revisions
from build_scripts.validate.problems import Problem

MAX_TABLE_ROWS = 300
NOTE_TITLE = "修订检查 / revision check"


# --- workflow commands ------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow-command message (GitHub toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (GitHub toolkit `escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def title(problem: Problem) -> str:
    """Short heading of an annotation: file name, row and column, in Chinese and English."""
    name = problem.file.rsplit("/", 1)[-1]
    zh, en = [name], [name]
    if problem.row is not None:
        zh.append(f"第 {problem.row} 行")
        en.append(f"row {problem.row}")
    if problem.column is not None:
        letter = f"{problem.column_letter} " if problem.column_letter else ""
        zh.append(f"{letter}列 {problem.column}")
        en.append(f"column {letter}({problem.column})")
    return f"{' '.join(zh)} / {' '.join(en)}"


def message(problem: Problem) -> str:
    """Body of an annotation: what is wrong and how to fix it, Chinese then English."""
    lines = [
        f"问题：{problem.message_zh}",
        f"修改：{problem.fix_zh}",
        f"Problem: {problem.message_en}",
        f"Fix: {problem.fix_en}",
    ]
    if problem.value is not None:
        lines.insert(0, f"值 / value: {problem.value}")
    lines.append(f"[{problem.code}]")
    return "\n".join(lines)


def annotation(problem: Problem, where: Location) -> str:
    """One `::error …::…` workflow command, escaped as GitHub requires."""
    props = [f"file={escape_property(problem.file)}"]
    if where.line is not None:
        props.append(f"line={where.line}")
    if where.col is not None:
        props.append(f"col={where.col}")
    props.append(f"title={escape_property(title(problem))}")
    return f"::error {','.join(props)}::{escape_data(message(problem))}"


# --- job summary --------------------------------------------------------------------------------------


def _cell(text: str | None) -> str:
    return md_escape(text, newline="<br>") if text else ""


def _value_cell(value: str | None) -> str:
    if value is None:
        return ""
    return md_code(value) if value else "（空）/ (empty)"


def summary(problems: list[Problem], notes: list[str] | None = None) -> str:
    """The Markdown job summary: a verdict and the table of every problem, in Chinese and English."""
    out = ["## 数据校验 / Data validation", ""]
    if not problems:
        out += ["✅ 数据校验通过，没有发现问题。 / Data validation passed: no problems found.", ""]
    else:
        files = len({p.file for p in problems})
        out += [
            f"❌ 发现 {len(problems)} 个问题，涉及 {files} 个文件。请逐行修改后再次提交；"
            "行号按电子表格计算（表头为第 1 行）。 / "
            f"{len(problems)} problem(s) in {files} file(s). Fix each one and push again; rows are counted "
            "as a spreadsheet shows them (header = row 1).",
            "",
            "| 文件 / File | 行 / Row | 列 / Column | 值 / Value | 问题 | Problem | 如何修改 | How to fix |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in problems[:MAX_TABLE_ROWS]:
            column = " ".join(x for x in (p.column_letter, p.column) if x)
            out.append(
                f"| {_cell(p.file)} | {'' if p.row is None else p.row} | {_cell(column)} | "
                f"{_value_cell(p.value)} | {_cell(p.message_zh)} | {_cell(p.message_en)} | "
                f"{_cell(p.fix_zh)} | {_cell(p.fix_en)} |"
            )
        if len(problems) > MAX_TABLE_ROWS:
            rest = len(problems) - MAX_TABLE_ROWS
            out += [
                "",
                f"另有 {rest} 个问题未列出；在本地运行 make validate 查看全部。 / {rest} more not shown; run "
                "make validate locally to see them all.",
            ]
        out.append("")
    for note in notes or []:
        out += [f"❌ {md_escape(note, newline='<br>')}", ""]
    return "\n".join(out)


# --- running ------------------------------------------------------------------------------------------


def load_problems(source: str) -> list[Problem]:
    """Problems from the validator's JSON output (a file path, or "-" for stdin)."""
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    return [Problem(**item) for item in json.loads(text)]


def run_validator(package_dir: Path, today: date) -> list[Problem]:
    """Validate the package on `today`, reading the outline from the package's own `source/` folder."""
    from build_scripts.validate.package import (
        validate_package,  # imported here: the validator loads frictionless
    )

    outline = package_dir / paths.OUTLINE_ORIGINAL.relative_to(paths.PACKAGE)
    return validate_package(package_dir, today=today, outline=outline)


def relative_to_repo(problem: Problem, root: Path) -> Problem:
    """The problem with its file relative to the repository root, as annotations require."""
    path = Path(problem.file)
    if not path.is_absolute():
        path = paths.ROOT / path
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        return problem
    return replace(problem, file=rel)


def report(problems: list[Problem], root: Path, notes: list[str] | None = None) -> tuple[list[str], str]:
    """The annotation lines and the Markdown summary for a list of problems."""
    problems = sorted(
        (relative_to_repo(p, root) for p in problems),
        key=lambda p: (p.file, p.row or 0, p.column_letter or "", p.code),
    )
    lines = [annotation(p, locate(p, root)) for p in problems]
    lines += [f"::error title={escape_property(NOTE_TITLE)}::{escape_data(note)}" for note in notes or []]
    return lines, summary(problems, notes)


def main(argv: list[str] | None = None) -> int:
    """Report the package's problems as annotations and a job summary; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=paths.PACKAGE)
    parser.add_argument("--base", help="git ref of the published data, e.g. origin/main")
    parser.add_argument("--problems", help="validator JSON output to report ('-' for stdin)")
    args = parser.parse_args(argv)
    package_dir = args.package.resolve()
    try:
        root = repo_root(package_dir)
    except DiffError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    try:
        today = build_today()  # the one day this run validates against
    except BuildDateError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    problems = load_problems(args.problems) if args.problems else run_validator(package_dir, today)
    notes: list[str] = []
    if args.base:
        try:
            problems += check_revisions(args.base, package_dir)
        except DiffError as err:
            notes.append(f"修订检查未能进行 / the revision check could not run: {err}")
    lines, text = report(problems, root, notes)
    for line in lines:
        print(line)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        print(text)
    return 1 if problems or notes else 0


if __name__ == "__main__":
    sys.exit(main())
