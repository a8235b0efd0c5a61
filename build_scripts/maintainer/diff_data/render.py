"""Say what a DataDiff does, in Chinese and English, as Markdown (job summary) or plain text.

Everything taken from the data is untrusted (it comes from the pull request), so in Markdown its
punctuation is backslash-escaped: it shows literally and cannot open a link, a table cell or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_scripts.maintainer.diff_data.compare import SEMVER, DataDiff, RowChange

SAFE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`\\]+")
MD_SPECIAL = {c: "\\" + c for c in "\\`*_[]<>|~#&"}  # backslash escapes: valid for ASCII punctuation
SHORT = 40  # longer fields are reported as "edited", not quoted old → new
SHOWN = ("indicators", "series", "observations", "sources", "revisions")
BUMP_WORDS = {  # (Chinese, English)
    "patch": ("修订号（patch：更正数据或说明）", "patch (corrections)"),
    "minor": ("次版本号（minor：新增数据）", "minor (new data)"),
    "major": ("主版本号（major：表结构变化）", "major (schema change)"),
}


def md_escape(text: str) -> str:
    """Text that shows literally inside Markdown and HTML, including a table cell."""
    return "".join(MD_SPECIAL.get(c, c) for c in text).replace("\r", "").replace("\n", "<br>")


@dataclass
class Writer:
    """Builds the same report as Markdown or as plain text."""

    markdown: bool
    lines: list[str] = field(default_factory=list)

    def t(self, text: str) -> str:
        """Data text, escaped when writing Markdown."""
        return md_escape(text) if self.markdown else text

    def code(self, text: str) -> str:
        """An id or a value, set apart as code."""
        return f"<code>{md_escape(text)}</code>" if self.markdown else text

    def link(self, url: str) -> str:
        """A source address: a link only when it is a plain http(s) URL."""
        return f"<{url}>" if self.markdown and SAFE_URL.fullmatch(url) else self.t(url)

    def heading(self, level: int, text: str) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines += (
            ["#" * level + " " + text, ""] if self.markdown else [text, ("=" if level <= 2 else "-") * 40]
        )

    def item(self, text: str, depth: int = 0) -> None:
        self.lines.append("  " * depth + "- " + text)

    def para(self, text: str) -> None:
        if self.markdown and self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n") + "\n"


def render(diff: DataDiff, fmt: str = "text") -> str:
    """The diff in words a reviewer reads; `fmt` is "markdown" or "text"."""
    if fmt not in ("markdown", "text"):
        raise ValueError(f"unknown format {fmt!r}")
    w = Writer(markdown=fmt == "markdown")
    w.heading(2, "数据变更 / Data changes")
    w.para(f"基准 / base: {w.code(diff.base.label)} → 本次修改 / this change: {w.code(diff.head.label)}")
    if not diff.base.exists:
        w.para(
            "基准版本中没有这个数据包：全部内容都是新增的（首次发布）。 / "
            "The package does not exist at the base: everything is new (first publication)."
        )
    _version(w, diff)
    if not any(diff.tables.values()) and not diff.schema_changes and not diff.metadata_changed:
        w.para("数据没有变化。 / No data changes.")
        return w.text()
    if diff.metadata_changed:
        w.para(
            "说明性元数据（datapackage.json 中的标题、描述等）有修改。 / Descriptive metadata in "
            "datapackage.json (titles, descriptions…) changed."
        )
    for section in (_schema, _indicators, _series, _observations, _sources, _revisions, _others):
        section(w, diff)
    return w.text()


def _version(w: Writer, diff: DataDiff) -> None:
    old, new = diff.base.version, diff.head.version
    needed, actual = diff.needed_bump(), diff.actual_bump()
    if not diff.base.exists or old == new:
        w.para(f"版本 / version: {w.code(new or '?')}" + ("（未改 / unchanged）" if diff.base.exists else ""))
    else:
        w.para(f"版本 / version: {w.code(old or '?')} → {w.code(new or '?')}")
    if needed != "none":
        zh, en = BUMP_WORDS[needed]
        w.para(f"这次修改需要升级{zh}。 / This change calls for a {en} version bump.")
    if actual == "invalid":
        w.para(
            "⚠ version 必须是 X.Y.Z 并且只能升高，升级的部分之后归零。 / "
            "“version” must be X.Y.Z, may only go up, and the parts after the bumped one restart at 0."
        )
    elif needed != "none" and actual != needed:
        want = suggest(old, needed)
        w.para(
            f"⚠ 请把 datapackage.json 的 version 改为 {w.code(want)}，并在 CHANGELOG.md 中写一条记录。 / Set "
            f"“version” in datapackage.json to {w.code(want)} and add a CHANGELOG.md entry."
        )
    if new and (not diff.base.exists or old != new) and not has_entry(diff.head.changelog, new):
        w.para(f"⚠ CHANGELOG.md 中没有 {w.code(new)} 的条目。 / CHANGELOG.md has no entry for {w.code(new)}.")


def suggest(old: str | None, bump: str) -> str:
    """The version after applying `bump` to `old` (X.Y.Z)."""
    match = SEMVER.fullmatch(old or "")
    if not match:
        return "X.Y.Z"
    major, minor, patch = map(int, match.groups())
    return {
        "major": f"{major + 1}.0.0",
        "minor": f"{major}.{minor + 1}.0",
        "patch": f"{major}.{minor}.{patch + 1}",
        "none": f"{major}.{minor}.{patch}",
    }[bump]


def has_entry(changelog: str | None, version: str) -> bool:
    """Whether the changelog has a heading for `version` (e.g. "## [1.1.0] – 2027-03-01")."""
    pattern = rf"^#+\s*\[?v?{re.escape(version)}\]?(\s|$)"
    return changelog is not None and re.search(pattern, changelog, re.MULTILINE) is not None


def _schema(w: Writer, diff: DataDiff) -> None:
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


def _names(row: dict[str, str], zh: str = "name_zh", en: str = "name_en") -> str:
    return " / ".join(x for x in (row.get(zh, ""), row.get(en, "")) if x)


def _fields(w: Writer, change: RowChange) -> str:
    parts = []
    for name in change.fields:
        old, new = change.old[name], change.new[name]
        if len(old) <= SHORT and len(new) <= SHORT:
            parts.append(f"{w.code(name)}: {w.code(old or '∅')} → {w.code(new or '∅')}")
        else:
            parts.append(f"{w.code(name)} 已修改 / edited")
    return "；".join(parts)


def _lookup(diff: DataDiff, name: str) -> dict[tuple[str, ...], dict[str, str]]:
    """Rows of a resource from both sides, the working tree winning."""
    base, head = diff.base.tables.get(name), diff.head.tables.get(name)
    return {**(base.rows if base else {}), **(head.rows if head else {})}


def _indicators(w: Writer, diff: DataDiff) -> None:
    d = diff.tables.get("indicators")
    if not d:
        return
    w.heading(3, "目标 / Targets")
    for row in d.added:
        w.item(f"新增 / added: {w.code(row['indicator_id'])} {w.t(_names(row))}")
    for ch in d.changed:
        w.item(f"修改 / changed: {w.code(ch.key[0])} {w.t(_names(ch.new))} — {_fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['indicator_id'])} {w.t(_names(row))}")


def _series(w: Writer, diff: DataDiff) -> None:
    d = diff.tables.get("series")
    if not d:
        return
    places = _lookup(diff, "geographies")
    w.heading(3, "口径 / Series")
    for row in d.added:
        place = _names(places.get((row.get("geography_id", ""),), {})) or row.get("geography_id", "")
        w.item(
            f"新增 / added: {w.code(row['series_id'])}"
            f"（目标 / target {w.code(row.get('indicator_id', ''))}，{w.t(place)}，"
            f"{w.t(row.get('role', ''))}）: "
            f"{w.t(_names(row, 'definition_zh', 'definition_en'))}"
        )
    for ch in d.changed:
        w.item(f"修改 / changed: {w.code(ch.key[0])} — {_fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['series_id'])}")


def _revision_note(w: Writer, diff: DataDiff, key: tuple[str, ...]) -> str:
    d = diff.tables.get("revisions")
    for row in d.added if d else []:
        if (row["series_id"], row["period"], row["source_id"]) == key:
            return f"修订记录 / revision: {w.t(row['revision_type'])} — {w.t(row['reason'])}"
    return "⚠ revisions.csv 中没有修订记录 / no revision row in revisions.csv"


def _observations(w: Writer, diff: DataDiff) -> None:
    d = diff.tables.get("observations")
    if not d:
        return
    series, indicators = _lookup(diff, "series"), _lookup(diff, "indicators")
    units, places = _lookup(diff, "units"), _lookup(diff, "geographies")
    groups: dict[str, dict[str, list[str]]] = {}

    def unit(series_id: str) -> str:
        return units.get((series.get((series_id,), {}).get("unit_id", ""),), {}).get("label_zh", "")

    def add(series_id: str, line: str) -> None:
        indicator = series.get((series_id,), {}).get("indicator_id", "?")
        groups.setdefault(indicator, {}).setdefault(series_id, []).append(line)

    for row in d.added:
        s = row["series_id"]
        add(
            s,
            f"新增 / added: {w.t(row['period'])} = {w.code(row['value'])} {w.t(unit(s))}（来源 / source "
            f"{w.code(row['source_id'])}，{w.t(row.get('status', ''))}）",
        )
    for ch in d.changed:
        s, period, source = ch.key
        if "value" in ch.fields:
            rest = RowChange(ch.key, ch.old, ch.new, tuple(f for f in ch.fields if f != "value"))
            extra = f"；{_fields(w, rest)}" if rest.fields else ""
            add(
                s,
                f"修改 / changed: {w.t(period)}: {w.code(ch.old['value'])} → {w.code(ch.new['value'])} "
                f"{w.t(unit(s))}（来源 / source {w.code(source)}）{extra} — "
                f"{_revision_note(w, diff, ch.key)}",
            )
        else:
            add(
                s,
                f"更新说明 / details edited: {w.t(period)}（来源 / source {w.code(source)}）: "
                f"{_fields(w, ch)}",
            )
    for row in d.removed:
        s, key = row["series_id"], (row["series_id"], row["period"], row["source_id"])
        add(
            s,
            f"删除 / removed: {w.t(row['period'])} = {w.code(row['value'])} {w.t(unit(s))}（来源 / source "
            f"{w.code(row['source_id'])}）— {_revision_note(w, diff, key)}",
        )
    w.heading(3, "观测值 / Observations")
    for indicator_id, by_series in groups.items():
        w.item(f"目标 / target {w.code(indicator_id)} {w.t(_names(indicators.get((indicator_id,), {})))}")
        for series_id, lines in by_series.items():
            row = series.get((series_id,), {})
            place = _names(places.get((row.get("geography_id", ""),), {})) or row.get("geography_id", "?")
            w.item(f"口径 / series {w.code(series_id)}（{w.t(place)}，{w.t(row.get('role', '?'))}）", 1)
            for line in lines:
                w.item(line, 2)


def _sources(w: Writer, diff: DataDiff) -> None:
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
        w.item(f"修改 / changed: {w.code(ch.key[0])} — {_fields(w, ch)}")
    for row in d.removed:
        w.item(f"删除 / removed: {w.code(row['source_id'])} {w.t(row.get('title', ''))}")


def _revisions(w: Writer, diff: DataDiff) -> None:
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


def _others(w: Writer, diff: DataDiff) -> None:
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
            w.item(f"{w.code(' '.join(ch.key))}: {_fields(w, ch)}", 1)
