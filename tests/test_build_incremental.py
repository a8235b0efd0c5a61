"""An incremental build gives the same `site/` as a clean one, and really is incremental.

In a throw-away copy of the repository (tests/repo_copy.py): change one observation and build (this
fills `.cache/`), change another observation, build again (incremental: MkDocs' pages and the hardening come from `.cache/` where
their inputs did not change), then delete the page caches and the outputs and build once more (clean).
The two sites must be byte-identical, except for what the portal cannot yet make reproducible:

- the xlsx workbooks (`data/*/hubei-quality.xlsx`): openpyxl writes the time of writing into
  `docProps/core.xml`; every other member of the workbook must be identical;
- the pages and the catalogue that state a workbook's size in bytes (the data page in three languages,
  `data/catalog.jsonld`): identical once that exact number is masked.

`sitemap.xml` carries the build date; both builds run on the same day. Both builds keep the chart
caches (specs and images, content-addressed): tests/test_charts_cache.py checks that a cached chart
is the one its data make now.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.repo_copy import (
    build_env,
    built,
    change_one_observation,
    make_mini_repo,
    make_repo,
    pipeline_command,
)

PAGE_CACHES = ("mkdocs", "harden", "jinja")
XLSX_TIME = "docProps/core.xml"
SIZE_PAGES = ("data/index.html", "zh-Hant/data/index.html", "en/data/index.html", "data/catalog.jsonld")
REUSED_RE = re.compile(r"reused from \.cache/: (\d+) of (\d+) MkDocs steps, (\d+) of (\d+) hardened pages")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, real_build) -> dict:
    """First build, incremental build after one change, clean build of the same change (after the
    session's build, whose `.cache/` the copy starts from)."""
    tmp = tmp_path_factory.mktemp("incremental")
    repo = make_repo(tmp)
    # The first edit of a session makes the data uncommitted, which dates every page "today" (a change
    # of every page); the second edit is the one a maintainer waits for, again and again.
    change_one_observation(repo)
    built(repo)
    shutil.copytree(repo / "site", tmp / "first")
    changed = change_one_observation(repo)
    incremental_log = built(repo)
    shutil.copytree(repo / "site", tmp / "incremental")
    for name in PAGE_CACHES:
        shutil.rmtree(repo / ".cache" / name)
    for name in ("site", "build"):
        shutil.rmtree(repo / name)
    clean_log = built(repo)
    return {
        "first": tmp / "first",
        "incremental": tmp / "incremental",
        "clean": repo / "site",
        "changed": changed,
        "incremental_log": incremental_log,
        "clean_log": clean_log,
    }


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def xlsx_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != XLSX_TIME}


def masked(root: Path, rel: str) -> str:
    """The file's text with the byte size of each workbook of this site masked."""
    text = (root / rel).read_text(encoding="utf-8")
    for book in sorted(root.glob("data/*/hubei-quality.xlsx")):
        size = str(book.stat().st_size)
        text = re.sub(rf"(?<!\d){size}(?!\d)", "<xlsx-bytes>", text)
    return text


def test_incremental_build_is_byte_identical_to_a_clean_build(builds: dict) -> None:
    inc, clean = builds["incremental"], builds["clean"]
    assert files_of(inc) == files_of(clean), "the two builds wrote different files"
    different = []
    for rel in sorted(files_of(inc)):
        if filecmp.cmp(inc / rel, clean / rel, shallow=False):
            continue
        if rel.endswith(".xlsx") and xlsx_members(inc / rel) == xlsx_members(clean / rel):
            continue
        if rel in SIZE_PAGES and masked(inc, rel) == masked(clean, rel):
            continue
        different.append(rel)
    assert different == [], f"incremental and clean builds differ in {different}"


def test_the_incremental_build_reused_the_cache_and_redid_what_changed(builds: dict) -> None:
    reused = REUSED_RE.search(builds["incremental_log"])
    assert reused, f"the build did not report its cache use:\n{builds['incremental_log'][-2000:]}"
    hits, steps, hardened_hits, pages = map(int, reused.groups())
    # render + page for each page MkDocs renders; 404.html is hardened too, but Material renders it
    # outside the per-page steps
    assert steps == 2 * (pages - 1) and pages > 280, reused[0]
    assert 0 < steps - hits < steps // 10, f"expected a few MkDocs steps redone, not all or none: {reused[0]}"
    assert 0 < pages - hardened_hits < pages // 10, reused[0]
    # the changed target's chart, in three languages, was compiled and drawn by a forked copy of the
    # build while the pages were built (charts/pending.py): the site above is the same as a clean one's
    assert "3 new charts: compiled and drawn by a forked process meanwhile" in builds["incremental_log"], (
        builds["incremental_log"][-2000:]
    )
    cold = REUSED_RE.search(builds["clean_log"])
    assert cold and cold[1] == "0" and cold[3] == "0", f"the clean build reused something: {cold and cold[0]}"


def test_the_change_reached_the_site(builds: dict) -> None:
    first, inc = builds["first"], builds["incremental"]
    csv = "data/latest/data/observations.csv"
    assert (first / csv).read_bytes() != (inc / csv).read_bytes(), "the changed observation is not in the CSV"
    changed_pages = [
        rel
        for rel in sorted(files_of(inc) & files_of(first))
        if rel.startswith("targets/")
        and rel.endswith(".html")
        and (first / rel).read_bytes() != (inc / rel).read_bytes()
    ]
    assert changed_pages, f"no target page changed after {builds['changed']}"


def test_a_value_mkdocs_yml_reads_from_the_environment_is_not_taken_from_the_cache(
    tmp_path: Path, mini_caches: Path
) -> None:
    """mkdocs.yml reads REPO_URL (and SITE_URL) with `!ENV`: the same text gives other pages when the
    environment differs, so a page cached under one repository must not be served under another (a
    fork's "report an error" links, on every page, would open another repository's issue form)."""
    repo = make_mini_repo(tmp_path, mini_caches)
    first, second = "https://example.org/first/tracker", "https://example.org/second/tracker"
    for url in (first, second):
        done = subprocess.run(
            pipeline_command(), cwd=repo, env={**build_env(), "REPO_URL": url}, capture_output=True, text=True
        )
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    pages = sorted((repo / "site").rglob("*.html"))
    stale = [p.relative_to(repo).as_posix() for p in pages if second not in p.read_text(encoding="utf-8")]
    assert stale == [], (
        f"{len(stale)} of {len(pages)} pages do not link the repository built for: {stale[:3]}"
    )
