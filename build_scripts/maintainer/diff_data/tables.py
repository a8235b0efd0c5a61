"""The report's sections, one per table: what was added, changed and removed, in reviewer's words."""

from __future__ import annotations

from collections.abc import Iterator

from build_scripts.maintainer.diff_data.compare import DataDiff, RowChange, TableDiff
from build_scripts.maintainer.diff_data.writer import Writer, fields, lookup, names

SHOWN = ("indicators", "series", "observations", "sources", "revisions")


def schema(w: Writer, diff: DataDiff) -> None:
    """Resources whose schema was added, removed or changed."""
    if not diff.schema_changes:
        return
    w.heading(3, "表结构 / Schema")
    for name in diff.schema_changes:
        state = (
            "新增 / added"
            if name not in diff.base.schemas
            else "删除 / removed"
            if name not in diff.head.schemas
            else "修改 / changed"
        )
        w.item(f"{state}: {w.code(name)}")


def indicators(w: Writer, diff: DataDiff) -> None:
    """Targets added, changed and removed."""
    d = diff.tables.get("indicators")
    if not d:
        return
    w.heading(3, "目标 / Targets")
    for row in d.added:
        w.item(f"新增 / added: {w.code(row['indicator_id'])} {w.t(names(row))}")
    for ch in d.changed:
        w.item(f"修改 / changed: {w.code(ch.key[0])} {w.t(names(ch.new))} — {fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['indicator_id'])} {w.t(names(row))}")


def series(w: Writer, diff: DataDiff) -> None:
    """Series (口径) added, changed and removed, with their target, place and role."""
    d = diff.tables.get("series")
    if not d:
        return
    places = lookup(diff, "geographies")
    w.heading(3, "口径 / Series")
    for row in d.added:
        place = names(places.get((row.get("geography_id", ""),), {})) or row.get("geography_id", "")
        w.item(
            f"新增 / added: {w.code(row['series_id'])}"
            f"（目标 / target {w.code(row.get('indicator_id', ''))}，{w.t(place)}，"
            f"{w.t(row.get('role', ''))}）: "
            f"{w.t(names(row, 'definition_zh', 'definition_en'))}"
        )
    for ch in d.changed:
        w.item(f"修改 / changed: {w.code(ch.key[0])} — {fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['series_id'])}")


def _revision_note(w: Writer, diff: DataDiff, key: tuple[str, ...]) -> str:
    """The revision row that explains a changed or removed value, or a warning that there is none."""
    d = diff.tables.get("revisions")
    for row in d.added if d else []:
        if (row["series_id"], row["period"], row["source_id"]) == key:
            return f"修订记录 / revision: {w.t(row['revision_type'])} — {w.t(row['reason'])}"
    return "⚠ revisions.csv 中没有修订记录 / no revision row in revisions.csv"


def observations(w: Writer, diff: DataDiff) -> None:
    """Values added, changed (old → new, with the revision row) and removed, per target and series."""
    d = diff.tables.get("observations")
    if not d:
        return
    series, indicators, places = (
        lookup(diff, "series"),
        lookup(diff, "indicators"),
        lookup(diff, "geographies"),
    )
    groups: dict[str, dict[str, list[str]]] = {}
    for series_id, line in _observation_lines(w, diff, d):
        indicator = series.get((series_id,), {}).get("indicator_id", "?")
        groups.setdefault(indicator, {}).setdefault(series_id, []).append(line)
    w.heading(3, "观测值 / Observations")
    for indicator_id, by_series in groups.items():
        w.item(f"目标 / target {w.code(indicator_id)} {w.t(names(indicators.get((indicator_id,), {})))}")
        for series_id, lines in by_series.items():
            row = series.get((series_id,), {})
            place = names(places.get((row.get("geography_id", ""),), {})) or row.get("geography_id", "?")
            w.item(f"口径 / series {w.code(series_id)}（{w.t(place)}，{w.t(row.get('role', '?'))}）", 1)
            for line in lines:
                w.item(line, 2)


def _observation_lines(w: Writer, diff: DataDiff, d: TableDiff) -> Iterator[tuple[str, str]]:
    """(series_id, line) for each observation added, changed or removed, in that order."""
    series, units = lookup(diff, "series"), lookup(diff, "units")

    def unit(series_id: str) -> str:
        return w.t(units.get((series.get((series_id,), {}).get("unit_id", ""),), {}).get("label_zh", ""))

    for row in d.added:
        s = row["series_id"]
        yield (
            s,
            (
                f"新增 / added: {w.t(row['period'])} = {w.code(row['value'])} {unit(s)}（来源 / source "
                f"{w.code(row['source_id'])}，{w.t(row.get('status', ''))}）"
            ),
        )
    for ch in d.changed:
        yield ch.key[0], _changed_observation(w, diff, ch, unit(ch.key[0]))
    for row in d.removed:
        s, key = row["series_id"], (row["series_id"], row["period"], row["source_id"])
        yield (
            s,
            (
                f"删除 / removed: {w.t(row['period'])} = {w.code(row['value'])} {unit(s)}（来源 / source "
                f"{w.code(row['source_id'])}）— {_revision_note(w, diff, key)}"
            ),
        )


def _changed_observation(w: Writer, diff: DataDiff, ch: RowChange, unit: str) -> str:
    """A changed value as old → new with its revision row; other edits as the fields changed."""
    _, period, source = ch.key
    if "value" not in ch.fields:
        return f"更新说明 / details edited: {w.t(period)}（来源 / source {w.code(source)}）: {fields(w, ch)}"
    rest = RowChange(ch.key, ch.old, ch.new, tuple(f for f in ch.fields if f != "value"))
    extra = f"；{fields(w, rest)}" if rest.fields else ""
    return (
        f"修改 / changed: {w.t(period)}: {w.code(ch.old['value'])} → {w.code(ch.new['value'])} "
        f"{unit}（来源 / source {w.code(source)}）{extra} — {_revision_note(w, diff, ch.key)}"
    )


def sources(w: Writer, diff: DataDiff) -> None:
    """Sources added (copies flagged), changed and removed."""
    d = diff.tables.get("sources")
    if not d:
        return
    w.heading(3, "来源 / Sources")
    for row in d.added:
        flag = (
            "；⚠ 第三方网站上的转载件，请核对原始出处 / a copy on a third-party host: check the original"
            if row.get("grade") == "copy"
            else ""
        )
        w.item(
            f"新增 / added: {w.code(row['source_id'])} {w.t(row.get('title', ''))} — "
            f"{w.t(row.get('publisher', ''))}，{w.t(row.get('published_date', '') or '无日期 / no date')}，"
            f"{w.t(row.get('grade', ''))}{flag}: {w.link(row.get('url', ''))}"
        )
    for ch in d.changed:
        w.item(f"修改 / changed: {w.code(ch.key[0])} — {fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['source_id'])} {w.t(row.get('title', ''))}")


def revisions(w: Writer, diff: DataDiff) -> None:
    """Revision rows added; a published one edited or removed is flagged."""
    d = diff.tables.get("revisions")
    if not d:
        return
    w.heading(3, "修订记录 / Revisions")
    for row in d.added:
        w.item(
            f"新增 / added: {w.code(row['series_id'])} {w.t(row['period'])}（来源 / source "
            f"{w.code(row['source_id'])}）: {w.code(row['old_value'])} → {w.code(row['new_value'] or '∅')}，"
            f"{w.t(row['revision_type'])}，{w.t(row['revised_on'])}: {w.t(row['reason'])}"
        )
    for ch in d.changed:
        w.item(f"⚠ 修改了已发布的修订记录 / a published revision row was edited: {w.code(' '.join(ch.key))}")
    for row in d.removed:
        w.item(
            f"⚠ 删除了已发布的修订记录 / a published revision row was removed: {w.code(row['series_id'])} "
            f"{w.t(row['period'])}"
        )


def others(w: Writer, diff: DataDiff) -> None:
    """Counts of changes in the other tables, with each changed row's fields."""
    rest = [(name, d) for name, d in diff.tables.items() if name not in SHOWN and d]
    if not rest:
        return
    w.heading(3, "其他表 / Other tables")
    for name, d in rest:
        w.item(
            f"{w.code(name)}: 新增 / added {len(d.added)}，修改 / changed {len(d.changed)}，"
            f"删除 / removed {len(d.removed)}"
        )
        for ch in d.changed:
            w.item(f"{w.code(' '.join(ch.key))}: {fields(w, ch)}", 1)
