"""No silent revisions: a changed or removed published value must carry a row in revisions.csv.

"Published" means present at the base git ref (the main branch). Compared with the working tree,
every observation whose value changed, and every observation removed, needs a row added to
revisions.csv with the same series_id, period and source_id, the old value and the new one (empty
for a removal). The revision log itself is append-only: a published revision row may not be edited
or deleted. Each breach is a located, bilingual Problem like the validator's.

Run it with the validator: `make validate BASE=origin/main`, which runs
`python -m build_scripts.maintainer.revisions --base REF [PACKAGE_DIR]`: the package is validated,
then compared with REF. (The validator itself knows nothing of git or of this check.)
Exit status: 0 valid, 1 problems found or REF unreadable.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from build_scripts import paths
from build_scripts.common.dates import BuildDateError, build_today
from build_scripts.maintainer.diff_data import (
    DataDiff,
    DiffError,
    RowChange,
    Table,
    compare,
    number,
    read_base,
    read_worktree,
)
from build_scripts.validate.messages import say
from build_scripts.validate.package import print_report, validate_package
from build_scripts.validate.problems import Problem, column_letter, problem

OBS_KEY = ("series_id", "period", "source_id")


def check_revisions(base_ref: str, package_dir: Path = paths.PACKAGE) -> list[Problem]:
    """Problems for every published value changed or removed without a revision row since `base_ref`.

    Raises:
        DiffError: the base ref does not exist or the data cannot be read (the validator says why).
    """
    return revision_problems(compare(read_base(base_ref, package_dir), read_worktree(package_dir)))


def revision_problems(diff: DataDiff) -> list[Problem]:
    """The revision rule applied to a computed diff (pure: no git, no disk)."""
    if not diff.base.exists or "observations" not in diff.base.tables:
        return []  # first publication: nothing was published before
    obs = diff.tables["observations"]
    head_obs = diff.head.tables.get("observations")
    head_rev = diff.head.tables.get("revisions")
    rev_diff = diff.tables.get("revisions")
    added = list(rev_diff.added) if rev_diff else []
    problems: list[Problem] = []
    for change in obs.changed:
        if "value" in change.fields:
            problems += _check_change(
                change.key, change.old["value"], change.new["value"], added, head_obs, head_rev
            )
    for row in obs.removed:
        key = tuple(row[k] for k in OBS_KEY)
        problems += _check_change(key, row["value"], None, added, head_obs, head_rev)
    if rev_diff:
        problems += [
            _log_edited(head_rev, diff.base.tables["revisions"], ch.key, ch) for ch in rev_diff.changed
        ]
        problems += [
            _log_edited(head_rev, diff.base.tables["revisions"], _rev_key(r), None) for r in rev_diff.removed
        ]
    return problems


def _rev_key(row: dict[str, str]) -> tuple[str, ...]:
    return row["series_id"], row["period"], row["source_id"], row["revised_on"]


def _matches(row: dict[str, str], old: str, new: str | None) -> bool:
    if number(row["old_value"]) != number(old) or number(row["old_value"]) is None:
        return False
    if new is None:
        return row["new_value"] == ""
    return row["new_value"] != "" and number(row["new_value"]) == number(new)


def _check_change(
    key: tuple[str, ...],
    old: str,
    new: str | None,
    added: list[dict[str, str]],
    head_obs: Table | None,
    head_rev: Table | None,
) -> list[Problem]:
    candidates = [r for r in added if tuple(r[k] for k in OBS_KEY) == key]
    if any(_matches(r, old, new) for r in candidates):
        return []
    if candidates and head_rev is not None:
        return [_mismatch(head_rev, candidates[0], old, new)]
    return [_silent(head_obs, key, old, new)]


def _silent(head_obs: Table | None, key: tuple[str, ...], old: str, new: str | None) -> Problem:
    series_id, period, source_id = key
    ids = {"series_id": series_id, "period": period, "source_id": source_id, "old": old}
    rel = head_obs.rel if head_obs else "observations.csv"
    if new is None:
        return problem("silent-revision", rel, value=old, message="silent-removal", **ids)
    return problem(
        "silent-revision",
        rel,
        row=head_obs.row_numbers.get(key) if head_obs else None,
        column="value",
        letter=column_letter(head_obs.fields.index("value")) if head_obs else None,
        value=new,
        new=new,
        **ids,
    )


def _mismatch(head_rev: Table, row: dict[str, str], old: str, new: str | None) -> Problem:
    wrong = "old_value" if number(row["old_value"]) != number(old) else "new_value"
    want = old if wrong == "old_value" else ("" if new is None else new)
    return problem(
        "revision-mismatch",
        head_rev.rel,
        row=head_rev.row_numbers.get(_rev_key(row)),
        column=wrong,
        letter=column_letter(head_rev.fields.index(wrong)),
        value=row[wrong],
        row_old=row["old_value"],
        row_new_zh=row["new_value"] or "（空）",
        row_new_en=row["new_value"] or "(empty)",
        old=old,
        new_zh="（空）" if new is None else new,
        new_en="(empty)" if new is None else new,
        wrong=wrong,
        want_zh=want or "（留空）",
        want_en=want or "(empty)",
    )


def _log_edited(
    head_rev: Table | None, base_rev: Table, key: tuple[str, ...], change: RowChange | None
) -> Problem:
    rel = head_rev.rel if head_rev else base_rev.rel
    return problem(
        "revision-log-edited",
        rel,
        row=head_rev.row_numbers.get(key) if head_rev and change else None,
        value=" ".join(key),
        message="revision-log-edited" if change else "revision-log-removed",
        key=" ".join(key),
    )


def main(argv: list[str] | None = None) -> int:
    """Validate the package, then (with --base) reject silent revisions; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=paths.PACKAGE)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--base", help="git ref whose published values must not change silently")
    args = parser.parse_args(argv)
    try:
        start, today = time.perf_counter(), build_today()  # the one day this run validates against
    except BuildDateError as err:
        print(f"✗ {err}")
        return 1
    package_dir = args.package.resolve()
    problems = validate_package(package_dir, today=today)
    note = None
    if args.base:
        try:
            problems += check_revisions(args.base, package_dir)
        except DiffError as err:
            note = say("revision-base-error", base=args.base, detail=err)
    status = print_report(problems, args.format, package_dir, time.perf_counter() - start)
    if note:
        print(f"✗ {note}", file=sys.stderr if args.format == "json" else sys.stdout)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
