"""Careless and hostile inputs (issue 12, classes 1–9; issue 11 item 7): each one located, never a crash.

Each named case edits a copy of the valid mini package (tests/fixtures/valid-mini plus the real
datapackage.json) the way a maintainer or an attacker would, and expects the located problem
(file, spreadsheet row, column letter, code) with its Chinese and English words (the cases:
tests/hostile_cases.py, the edits: tests/mutations.py). Every case, and every folder of
tests/fixtures/bad/, also goes through the command line and the REPORT=github path: exit 1, no
traceback, a located message.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from build_scripts import paths
from build_scripts.maintainer import pr_report
from build_scripts.maintainer.diff_data.render import has_entry
from build_scripts.portal import feed
from build_scripts.portal.xlsx import numeric_cell
from build_scripts.validate.cells import number_issue
from build_scripts.validate.package import main, validate_package
from tests.hostile_cases import CASES, EXACT
from tests.mutations import BAD, LOG, OBS, SRC, TODAY, UNITS, changelog, encode, make_package


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
