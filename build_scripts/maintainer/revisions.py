"""No silent revisions: a changed or removed published value must carry a row in revisions.csv.

"Published" means present at the base git ref (the main branch). Compared with the working tree,
every observation whose value changed, and every observation removed, needs a row added to
revisions.csv with the same series_id, period and source_id, the old value and the new one (empty
for a removal). The revision log itself is append-only: a published revision row may not be edited
or deleted. Each breach is a located, bilingual Problem like the validator's.

Run it through the validator: `make validate BASE=origin/main` (python -m build_scripts.validate --base REF).
"""

from __future__ import annotations

from pathlib import Path

from build_scripts import paths
from build_scripts.maintainer.diff_data import (
    DataDiff,
    RowChange,
    Table,
    compare,
    number,
    read_base,
    read_worktree,
)
from build_scripts.validate.problems import Problem, column_letter, show

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
    what_zh = f"口径 {series_id}、{period} 年/期、来源 {source_id}"
    what_en = f"series {series_id}, period {period}, source {source_id}"
    row_zh = (
        f"series_id={series_id}，period={period}，source_id={source_id}，old_value={old}，"
        f"new_value={'（留空）' if new is None else new}，revised_on=（今天，YYYY-MM-DD），"
    )
    row_en = (
        f"series_id={series_id}, period={period}, source_id={source_id}, old_value={old}, "
        f"new_value={'(empty)' if new is None else new}, revised_on=(today, YYYY-MM-DD), "
    )
    rel = head_obs.rel if head_obs else "observations.csv"
    if new is None:
        return Problem(
            file=rel,
            row=None,
            column=None,
            column_letter=None,
            value=show(old),
            code="silent-revision",
            message_zh=f"删除了已发布的观测值（{what_zh}，原值 {old}），但 revisions.csv 中没有删除记录。",
            message_en=f"A published value was removed ({what_en}, value {old}) "
            "without a row in revisions.csv.",
            fix_zh=f"若确需删除，在 revisions.csv 增加一行：{row_zh}"
            "revision_type=removal，reason=（删除理由）；"
            "若是误删，请恢复该行。",
            fix_en=f"If the removal is intended, add a row to revisions.csv: {row_en}revision_type=removal, "
            "reason=(why); if it was a mistake, restore the row.",
        )
    row = head_obs.row_numbers.get(key) if head_obs else None
    letter = column_letter(head_obs.fields.index("value")) if head_obs else None
    return Problem(
        file=rel,
        row=row,
        column="value",
        column_letter=letter,
        value=show(new),
        code="silent-revision",
        message_zh=f"已发布的数值被修改（{old} → {new}，{what_zh}），但 revisions.csv 中没有相应的修订记录。",
        message_en=f"A published value was changed ({old} → {new}; {what_en}) without a matching row in "
        "revisions.csv.",
        fix_zh=f"若修改是对的，在 revisions.csv 增加一行：{row_zh}"
        "revision_type=correction 或 provisional_to_final，"
        f"reason=（原因及新来源）；若是误改，请恢复原值 {old}。",
        fix_en=f"If the change is right, add a row to revisions.csv: {row_en}revision_type=correction or "
        f"provisional_to_final, reason=(why, with the new source); if it was a mistake, restore {old}.",
    )


def _mismatch(head_rev: Table, row: dict[str, str], old: str, new: str | None) -> Problem:
    key = _rev_key(row)
    wrong = "old_value" if number(row["old_value"]) != number(old) else "new_value"
    want = old if wrong == "old_value" else ("" if new is None else new)
    shown_new = "（空）" if new is None else new
    return Problem(
        file=head_rev.rel,
        row=head_rev.row_numbers.get(key),
        column=wrong,
        column_letter=column_letter(head_rev.fields.index(wrong)),
        value=show(row[wrong]),
        code="revision-mismatch",
        message_zh=f"修订记录与数据不符：记录写的是 {row['old_value']} → {row['new_value'] or '（空）'}，"
        f"而数据实际从 {old} 改为 {shown_new}。",
        message_en=f"The revision row says {row['old_value']} → {row['new_value'] or '(empty)'}, "
        "but the data "
        f"changed from {old} to {'(empty)' if new is None else new}.",
        fix_zh=f"把 {wrong} 改为 {want or '（留空）'}。",
        fix_en=f"Set {wrong} to {want or '(empty)'}.",
    )


def _log_edited(
    head_rev: Table | None, base_rev: Table, key: tuple[str, ...], change: RowChange | None
) -> Problem:
    rel = head_rev.rel if head_rev else base_rev.rel
    row = head_rev.row_numbers.get(key) if head_rev and change else None
    what = "修改" if change else "删除"
    return Problem(
        file=rel,
        row=row,
        column=None,
        column_letter=None,
        value=show(" ".join(key)),
        code="revision-log-edited",
        message_zh=f"{what}了已发布的修订记录（{' '.join(key)}）；修订记录只能追加，不能改动。",
        message_en=f"A published revision row ({' '.join(key)}) was {'edited' if change else 'removed'}; the "
        "revision log is append-only.",
        fix_zh="恢复这一行的原样；如需更正，另加一行新的修订记录。",
        fix_en="Restore the row as it was; to correct it, add a new revision row.",
    )
