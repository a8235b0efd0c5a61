"""`make bench CI_RUN=1` reads pytest's own summary line for the pytest budget (build_scripts/bench/ci.py)."""

from __future__ import annotations

from build_scripts.bench.ci import missed, pytest_summary, report_lines


def test_the_summary_is_pytests_last_line_whatever_else_it_counts() -> None:
    output = (
        "tests/test_x.py::test_y 12 passed in 3.00s is not a summary\n"
        "=========== 1 failed, 1158 passed, 3 warnings in 341.89s (0:05:41) ===========\n"
        "WARNING: something printed after pytest\n"
    )
    assert pytest_summary(output) == {"passed": 1158, "seconds": 341.89}
    assert pytest_summary("================= 1159 passed in 99.5s =================") == {
        "passed": 1159,
        "seconds": 99.5,
    }
    assert pytest_summary("no tests ran") is None


def test_both_budgets_are_reported_and_listed_when_missed() -> None:
    slow = {"wall_s": 372.4, "returncode": 0, "pytest": {"passed": 1159, "seconds": 338.18}}
    assert missed(slow) == ["ci_run_s (372.40)", "pytest_s (338.18)"]
    text = "\n".join(report_lines(slow))
    assert "372.40 s (≤ 300 s **MISSED**)" in text and "338.18 s (≤ 150 s **MISSED**)" in text
    quick = {"wall_s": 290.0, "returncode": 0, "pytest": {"passed": 1159, "seconds": 140.0}}
    assert missed(quick) == []
    assert missed({"wall_s": 290.0, "returncode": 1, "pytest": None}) == ["pytest_s (no summary)"]
