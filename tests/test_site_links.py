"""No broken internal link or anchor anywhere in the built site, checked offline two ways.

1. Our own crawler reads every HTML file of `site/` and resolves every internal `href`/`src`
   (pages, assets, downloads) to a file, and every `#fragment` to an `id` (or `name`) on the target
   page. It also refuses root-absolute links (`/…`), which break under a GitHub Pages project
   sub-path, except in 404.html (served at any depth; the deploy build sets SITE_URL for it).
2. LinkChecker 10.6.0 (PyPI, pinned in pyproject.toml) crawls the site served over HTTP on
   127.0.0.1 under a sub-path (`/repo/`, as on a GitHub Pages project site) and must report no
   broken link. External URLs are not fetched (offline).

And `mkdocs build --strict` is what the pipeline runs (the MkDocs API with strict=True), with
MkDocs' link and anchor validation set to warn, which strict turns into a failed build: the
pipeline's own MkDocs step, given the generated docs plus a broken link and anchor, fails.
"""

from __future__ import annotations

import csv
import html.parser
import inspect
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pytest
import yaml

from build_scripts import paths, pipeline
from build_scripts.common.http_server import serve

LINK_ATTRS = {
    "a": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "form": ("action",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # scheme: or protocol-relative


class PageScan(html.parser.HTMLParser):
    """Collects the ids/names and outgoing links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag.attr, url)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        for key in ("id", "name") if tag in {"a", "map"} else ("id",):
            if key in values:
                self.ids.add(values[key])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        for attr in LINK_ATTRS.get(tag, ()):
            if attr not in values:
                continue
            urls = (
                [part.strip().split()[0] for part in values[attr].split(",") if part.strip()]
                if attr == "srcset"
                else [values[attr]]
            )
            self.links += [(f"{tag}.{attr}", u) for u in urls]

    handle_startendtag = handle_starttag


def scan(path: Path) -> PageScan:
    """The ids and links of one HTML file."""
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file an internal URL on `page` points at (directory → index.html) and its fragment."""
    parts = urllib.parse.urlsplit(url)
    target_path = urllib.parse.unquote(parts.path)
    target = page.parent / target_path if target_path else page
    target = Path(*(target.resolve().parts)) if target.exists() else target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, urllib.parse.unquote(parts.fragment)


def crawl(site: Path) -> tuple[list[str], int]:
    """Every broken internal link or anchor in `site` (human-readable), and how many links were checked."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    scans = {p: scan(p) for p in pages}
    problems: list[str] = []
    checked = 0
    for page, found in scans.items():
        rel = page.relative_to(site).as_posix()
        if found.base is not None:
            problems.append(f"{rel}: <base href={found.base!r}> changes how every link resolves")
        for where, url in found.links:
            if url.startswith("#") and url == "#":
                continue
            if EXTERNAL.match(url):
                if url.lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(f"{rel}: {where} has an executable URL {url!r}")
                continue
            checked += 1
            if url.startswith("/") and rel != "404.html":
                problems.append(f"{rel}: {where}={url!r} is root-absolute (breaks under a sub-path)")
                continue
            # 404.html is served at any depth, so MkDocs links it from the site root (see SITE_URL below)
            target, fragment = resolve(
                site, site / "index.html" if url.startswith("/") else page, url.lstrip("/")
            )
            if not target.is_relative_to(site):
                problems.append(f"{rel}: {where}={url!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{rel}: {where}={url!r} → missing {target.relative_to(site).as_posix()}")
            elif fragment and target.suffix == ".html":
                ids = scans[target].ids if target in scans else scan(target).ids
                if fragment not in ids:
                    problems.append(
                        f"{rel}: {where}={url!r} → no id {fragment!r} in {target.relative_to(site)}"
                    )
    return problems, checked


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The built site (the session build from conftest)."""
    return built_site


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    problems, checked = crawl(site)
    assert checked > 1000, f"only {checked} internal links found: is the site built?"
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:60])


def test_crawler_catches_broken_links_and_anchors(tmp_path: Path) -> None:
    """The crawler is not vacuous: each kind of fault in a tiny site is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a id="top" href="a/">ok</a><a href="a/#here">ok</a><a href="#top">ok</a>'
        '<a href="missing/">x</a><a href="a/#nowhere">x</a><a href="/abs/">x</a><img src="img.svg">'
        '<a href="javascript:alert(1)">x</a><a href="https://example.org/">external, not fetched</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">h</h2><a href="../index.html#top">ok</a>', "utf-8"
    )
    problems, checked = crawl(tmp_path)
    assert checked == 8
    text = "\n".join(problems)
    assert len(problems) == 5, text
    for needle in ("missing/", "'nowhere'", "root-absolute", "img.svg", "executable URL"):
        assert needle in text


LINKCHECKER_RC = """\
[checking]
threads=4
timeout=30
# our own server sends a `LinkChecker` header, which lets this rate apply to it (default: ~3 requests/s)
maxrequestspersecond=1000
[filtering]
checkextern=0
"""


def test_linkchecker_finds_no_broken_link(site: Path) -> None:
    """LinkChecker over HTTP, the site mounted under /repo/ as on GitHub Pages; external URLs not fetched.

    Anchors are checked by the crawler above for every link: LinkChecker's AnchorCheck plugin finds the
    same (0 missing on the real site) but takes ~2 minutes instead of ~15 s, so it is not switched on here.
    """
    exe = Path(sys.executable).with_name("linkchecker")
    if not exe.exists():
        pytest.fail("linkchecker is not installed in .venv: `make install` (pyproject.toml [test] extra)")
    # LinkChecker run as root drops to `nobody`, so its config must be world-readable (not in tmp_path).
    folder = Path(tempfile.mkdtemp(prefix="linkchecker-"))
    try:
        folder.chmod(0o755)
        config = folder / "linkcheckerrc"
        config.write_text(LINKCHECKER_RC, encoding="utf-8")
        config.chmod(0o644)
        with serve(site, prefix="/repo/", extra_headers={"LinkChecker": "local test server"}) as base:
            proc = subprocess.run(
                [str(exe), "--config", str(config), "--no-status", "--verbose", "-o", "csv/utf-8", base],
                capture_output=True,
                text=True,
                check=False,
                timeout=900,
            )
    finally:
        shutil.rmtree(folder)
    lines = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    records = list(csv.DictReader(lines, delimiter=";"))
    assert records, f"no LinkChecker output (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    local = [r for r in records if r["url"].startswith(base)]
    bad = [r for r in records if r["valid"] != "True"]
    report = "\n".join(
        f"{r['parentname']} → {r['urlname']}: {r['result']} {r['warningstring']}" for r in bad[:60]
    )
    assert len(local) > 300, f"LinkChecker checked only {len(local)} local URLs"
    assert not bad, f"{len(bad)} broken link(s):\n{report}"
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_404_page_links_work_where_it_is_published() -> None:
    """404.html is served at any depth, so its links are root-absolute; on a sub-path host that only
    works when the deploy build sets SITE_URL (MkDocs then prefixes them with the sub-path)."""
    deploy = paths.ROOT / ".github" / "workflows" / "deploy.yml"
    workflow = yaml.safe_load(deploy.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    builds = [step for step in steps if "make site" in step.get("run", "")]
    assert builds, "deploy.yml has no `make site` step"
    assert all("SITE_URL" in step.get("env", {}) for step in builds), "deploy.yml builds without SITE_URL"


def test_pipeline_runs_mkdocs_build_strict() -> None:
    """The pipeline builds with strict=True, and mkdocs.yml validates links and anchors as warnings."""
    source = inspect.getsource(inspect.getmodule(pipeline.mkdocs_build))  # the config its processes load
    assert "strict=True" in source, "pipeline.mkdocs_build does not build with strict=True (= --strict)"
    config = yaml.load(paths.MKDOCS_YML.read_text(encoding="utf-8"), Loader=StrictLoader)
    assert config.get("strict") is True, "mkdocs.yml should say strict: true (also for a plain mkdocs build)"
    validation = config.get("validation", {})
    for key in ("omitted_files", "absolute_links", "unrecognized_links", "anchors"):
        assert validation.get(key) == "warn", f"mkdocs.yml validation.{key} must be warn (strict fails on it)"


def test_strict_build_fails_on_a_broken_link_and_anchor(
    fixture_build, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The pipeline's MkDocs step, on generated docs plus one broken link and anchor, fails.

    The docs are those the pipeline generated for the FIXTURE package (every page type, three
    languages, 19 pages each): the same MkDocs configuration and strictness as the real site's 285
    pages, at a fraction of the build time.
    """
    if not (fixture_build.root / "index.html").is_file():
        pytest.fail(f"the session's fixture build has no index.html in {fixture_build.root}")
    docs = tmp_path / "docs"
    shutil.copytree(fixture_build.docs, docs)
    page = docs / "methodology.md"
    assert page.is_file(), f"expected {page}"
    broken = "\n\n[broken](no-such-page.md) [anchor](#no-such-anchor)\n"
    page.write_text(page.read_text(encoding="utf-8") + broken, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(pipeline.BuildError):
        pipeline.mkdocs_build(docs, tmp_path / "out")
    warnings = "\n".join(r.getMessage() for r in caplog.records)
    assert "no-such-page.md" in warnings, warnings[-2000:]
    assert "no-such-anchor" in warnings, warnings[-2000:]


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' `!ENV [NAME, default]` tags as their default."""


StrictLoader.add_constructor(
    "!ENV",
    lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None,
)
