"""An Atom feed of data releases (`data/releases.xml`), one entry per version in the CHANGELOG.

Each `## [version] – YYYY-MM-DD` heading of the package's CHANGELOG.md (read by `common/changelog.py`)
is one entry: its text is the changelog section, its link the version's stable folder. Entry ids are
URNs of the version, so they do not change when the site moves. A heading that does not parse is a
problem the validator reports (and fails the build); a package with no CHANGELOG.md at all (the
small test packages) gets a feed with no entry, and the build says so.
"""

from __future__ import annotations

from build_scripts.common.changelog import releases
from build_scripts.portal.common import DATA_PAGE, FEED, Context, split_title
from build_scripts.portal.render import render


def atom(ctx: Context) -> str:
    """The feed as XML text."""
    here = FEED.rsplit("/", 1)[0] + "/"
    changelog = ctx.pkg.directory / "CHANGELOG.md"
    if changelog.is_file():
        entries = releases(changelog.read_text(encoding="utf-8"))
        if not entries:
            raise ValueError(f"{changelog} has no release entry ('## [version] – YYYY-MM-DD')")
    else:
        print(f"  portal: {changelog} does not exist: the release feed {FEED} has no entry")
        entries = []
    title_en, title_zh = split_title(ctx.pkg.descriptor["title"])
    return render(
        "releases.atom.j2",
        feed_id=f"urn:{ctx.pkg.descriptor['name']}:releases",
        title=f"{title_zh} / {title_en}: releases",
        self_url=ctx.link(FEED, here, absolute=True),
        page_url=ctx.link(DATA_PAGE, here, absolute=True),
        author=ctx.pkg.descriptor["contributors"][0]["title"],
        updated=(entries[0].day.isoformat() if entries else ctx.pkg.descriptor["created"][:10]),
        entries=[
            {
                "id": f"urn:{ctx.pkg.descriptor['name']}:version:{r.version}",
                "title": f"{ctx.pkg.descriptor['name']} {r.version}",
                "updated": r.day.isoformat(),
                "url": ctx.link(f"data/v{r.version}/datapackage.json", here, absolute=True),
                "text": r.text,
            }
            for r in entries
        ],
    )
