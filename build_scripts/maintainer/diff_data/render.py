"""Say what a DataDiff does, in Chinese and English, as Markdown (job summary) or plain text.

`render` writes the version check, then one section per table (`tables.py`), with a `Writer`
(`writer.py`) that escapes the untrusted data text for Markdown.
"""

from __future__ import annotations

from build_scripts.common.changelog import headings
from build_scripts.maintainer.diff_data import tables
from build_scripts.maintainer.diff_data.compare import SEMVER, DataDiff
from build_scripts.maintainer.diff_data.writer import Writer

BUMP_WORDS = {  # (Chinese, English)
    "patch": ("修订号（patch：更正数据或说明）", "patch (corrections)"),
    "minor": ("次版本号（minor：新增数据）", "minor (new data)"),
    "major": ("主版本号（major：表结构变化）", "major (schema change)"),
}
SECTIONS = (
    tables.schema,
    tables.indicators,
    tables.series,
    tables.observations,
    tables.sources,
    tables.revisions,
    tables.others,
)


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
    for section in SECTIONS:
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
    """Whether the changelog has a release heading for `version` (e.g. "## [1.1.0] – 2027-03-01"); a
    heading that does not parse is the validator's problem, not an entry."""
    return changelog is not None and any(
        r is not None and r.version == version for _, _, r in headings(changelog)
    )
