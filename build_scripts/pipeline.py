"""Build the site: validate → load → progress → charts → portal → pages → MkDocs → harden → search → swap.

`python -m build_scripts.pipeline` (what `make site` runs); each stage is timed. The data is validated
in a process of its own while the site is built; any problem stops the build (exit 1) before anything
is published. The chart images are drawn while the portal, the pages and MkDocs run (they need only
the charts' paths): on two worker processes, or, when a change makes only a few charts, specs and
images by a forked copy of this process (charts/pending.py); written beside the output while MkDocs
runs. MkDocs builds `--strict` into a temporary folder next to `site/`; the output is hardened (CSP,
link and origin checks), indexed by pagefind, and only then swapped into `site/`.

Incremental: every build is a full build whose slow steps reuse from `.cache/` what they made before
when its inputs are unchanged (chart specs and images, the Excel workbook, MkDocs' Markdown conversion
and page rendering, each page's hardening), keyed by the content of everything the result depends
on: an incremental build gives the same `site/` as a clean one (tests/test_build_incremental.py).

Failures: a build that fails at any stage, for any reason, prints "✗ build failed: <stage>: <what>;
site/ unchanged", exits 1 and leaves the previous `site/` untouched; a failure that is not one of the
project's own errors also writes its traceback to build/build-failure.log. SIGTERM (a cancelled CI
job) removes this build's temporary folders; those of a build killed outright (SIGKILL) are removed by
the next build (site/leftovers.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from build_scripts import paths
from build_scripts.charts import specs as charts
from build_scripts.charts.pending import PendingDrawing, start_charts
from build_scripts.common.dates import BuildDateError, LastUpdate, build_today, git_last_update
from build_scripts.common.files import prune_caches
from build_scripts.common.i18n import LANGS
from build_scripts.common.oneshot import OneShot
from build_scripts.common.timing import Timer
from build_scripts.failure import Terminated, failure_message, raise_terminated
from build_scripts.load.package import Package, load_package
from build_scripts.pages import build as pages
from build_scripts.pages.parts import Site
from build_scripts.portal import build as portal
from build_scripts.portal.common import configured_site_url
from build_scripts.progress.assess import assess_all
from build_scripts.site import leftovers
from build_scripts.site.assemble import assemble_docs, charts_dir, portal_dir, private_docs_dir, swap_into
from build_scripts.site.harden_cache import HardenCache
from build_scripts.site.mkdocs_site import SiteError, mkdocs_build, move_tree
from build_scripts.site.page_cache import PageCache
from build_scripts.site.search import pagefind

__all__ = ["BUILD_DOCS", "BuildError", "Timer", "build_site", "mkdocs_build", "run", "swap_into"]

BUILD_DOCS = paths.BUILD_DOCS


BuildError = SiteError  # a stage of the site failed (the older name)


def generate(
    pkg: Package,
    docs_dir: Path,
    today: date,
    timer: Timer,
    drawing: charts.Drawing | PendingDrawing,
    updated: LastUpdate | None = None,
) -> tuple[Site, OneShot]:
    """The data page and the pages (into the assembled docs dir): what MkDocs needs, with the charts'
    paths (`drawing`: they are still being drawn). The portal's other files are still being written
    into `<docs_dir>.portal` (moved into the site after MkDocs) by the process returned."""
    with timer.stage("progress"):
        assessments = assess_all(pkg.indicators, pkg.series, pkg.observations, today)
    with timer.stage("portal"):  # the context here; the files on forked processes, during `pages`
        svgs = {key: files.svg for key, files in drawing.files.items()}
        ctx = portal.context(pkg, assessments, today)
        writing = OneShot(portal.write_data_page, ctx, docs_dir, portal_dir(docs_dir), start="fork")
    try:
        site = Site(
            pkg,
            assessments,
            drawing.files,
            updated or git_last_update(pkg.directory),
            paths.DOCS / "text",
            target_extra=lambda ind, lang, page: portal.target_block(ctx, ind, lang, page),
        )
        with timer.stage("pages"):
            pages.run(site, docs_dir)
        with timer.stage("portal-files"):  # the wait for the data page, if it is not written yet
            downloads = writing.result()
    except Exception:
        if timer.current != "portal-files":  # the portal comes first in the data flow: its failure first
            portal_failure(writing, timer)
        raise
    finally:
        writing.stop()
    rest = OneShot(portal.write_rest, ctx, portal_dir(docs_dir), svgs, downloads, start="fork")
    return site, rest


def portal_failure(writing: OneShot, timer: Timer) -> None:
    """Wait for a portal writer; raise its failure (as the `portal` stage's), if it failed."""
    try:
        writing.result()
    except Exception:
        timer.current = "portal"
        raise


def build_site(
    pkg: Package,
    out: Path,
    docs_dir: Path,
    today: date,
    timer: Timer,
    updated: LastUpdate | None = None,
    cached: bool = True,
) -> Site:
    """Build the whole site for an already validated (or fixture) package into `out` (must not exist).

    With `cached`, MkDocs' pages and the hardening are reused from `.cache/` where their inputs are
    unchanged (the result is the same bytes); `cached=False` starts both from empty caches. The chart
    and workbook caches (content-addressed like these) are always used.
    """
    with timer.stage("assemble"):
        assemble_docs(docs_dir)
    with tempfile.TemporaryDirectory(prefix="uncached-") as scratch:
        return _build_into(
            pkg, out, docs_dir, today, timer, updated, paths.CACHE if cached else Path(scratch)
        )


def _build_into(
    pkg: Package,
    out: Path,
    docs_dir: Path,
    today: date,
    timer: Timer,
    updated: LastUpdate | None,
    cache_dir: Path,
) -> Site:
    with charts.Workers(pkg) as workers:
        with timer.stage("charts"):  # the specs, and the drawing started (on the workers, or a forked copy)
            drawing = start_charts(pkg, LANGS, paths.CACHE, workers, charts_dir(out))
        if isinstance(drawing, PendingDrawing):
            timer.note(f"{drawing.count} new charts: compiled and drawn by a forked process meanwhile")
        try:
            site, rest = generate(pkg, docs_dir, today, timer, drawing, updated)

            def write_charts() -> None:  # while MkDocs' processes run: a failure here is the charts'
                timer.current = "charts"
                drawing.finish(charts_dir(out))  # waits for the drawing still going on
                timer.current = "mkdocs"

            try:
                with timer.stage("mkdocs"):
                    pages_cache = mkdocs_build(
                        docs_dir, out, PageCache(cache_dir / "mkdocs"), meanwhile=write_charts
                    )
                with timer.stage("portal-rest"):  # the wait for the portal's other files, if not written yet
                    portal_failure(rest, timer)
            except Exception:
                portal_failure(rest, timer)  # the portal comes first in the data flow: its failure first
                raise
            finally:
                rest.stop()
        finally:
            drawing.stop()  # a failed build: the forked copy drawing the charts, if any, ends
        with timer.stage("move-in"):  # the portal's files and the images, written beside the output
            move_tree(portal_dir(docs_dir), out, replace=False)
            move_tree(charts_dir(out), out, replace=False)
    with timer.stage("harden"):
        hardened = HardenCache(cache_dir / "harden")
        hardened.harden_site(out, urlsplit(configured_site_url() or "/").path or "/")
        hardened.save()
    timer.note(
        f"reused from .cache/: {pages_cache.hits} of {pages_cache.hits + pages_cache.misses} MkDocs steps, "
        f"{hardened.hits} of {hardened.hits + hardened.misses} hardened pages"
    )
    with timer.stage("pagefind"):
        pagefind(out)
    return site


def validate(package_dir: Path, today: date) -> list:
    """The validator's problems on `today` (imported here so a missing validator fails loudly)."""
    from build_scripts.validate.package import validate_package

    return validate_package(package_dir, today=today)


def run(package_dir: Path = paths.PACKAGE, target: Path = paths.SITE, today: date | None = None) -> int:
    """The whole pipeline; 0 on success, 1 on invalid data or a failed build (site/ kept).

    The validator runs in a process of its own while the site is built (two cores: the validation
    costs no wall time); nothing is swapped into `target` before it has found the data valid.
    `today` (default: the day the build starts, `build_today`) is decided once here and passed to
    every stage, the validator included.
    """
    timer, today = Timer(), today or build_today()
    print(f"Building the site from {package_dir} (today = {today})")
    # forked before any chart is drawn (vl-convert's engine not started yet): it starts with the modules
    # this process has already imported, instead of importing them again
    checking = OneShot(validate, package_dir, today, start="fork")
    try:
        return build_validated(package_dir, target, today, timer, checking.result)
    finally:
        checking.stop()


def build_validated(
    package_dir: Path, target: Path, today: date, timer: Timer, problems: Callable[[], list] | None = None
) -> int:
    """Load and build the package, and swap it into `target` once `problems()` (the validator's, when
    it still runs) is empty; 0 on success, 1 on invalid data or a failure (site/ unchanged)."""
    started = time.perf_counter()
    for path in leftovers.remove_stale(target, BUILD_DOCS):
        print(f"  removed {path.name}, left behind by a build that was killed")
    out, docs = target.with_name(f"{target.name}.tmp-{os.getpid()}"), private_docs_dir()
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        with timer.stage("load"):
            pkg = load_package(package_dir)
        build_site(pkg, out, docs, today, timer)
        if problems and _invalid(problems, timer, target):
            return 1
        timer.current = "swap"
        swap_into(out, target)
        swap_into(docs, BUILD_DOCS)
    except Terminated as err:
        print(failure_message(err, timer.current, target), flush=True)
        raise
    except Exception as err:  # every failure is reported the same way, and site/ is kept
        stage = timer.current
        if not (problems and _invalid(problems, timer, target)):  # invalid data explains a crash best
            print(failure_message(err, stage, target), flush=True)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        for leftover in (out, charts_dir(out), docs, portal_dir(docs)):
            if leftover.exists():
                shutil.rmtree(leftover)
    if target == paths.SITE:
        prune_caches(paths.CACHE)
    n_pages = len(list(target.rglob("*.html")))
    print(f"✓ {n_pages} pages in {target} in {time.perf_counter() - started:.1f} s")
    return 0


def _invalid(problems: Callable[[], list], timer: Timer, target: Path) -> bool:
    """Wait for the validator; print its problems, or its own failure (True), or nothing (False)."""
    with timer.stage("validate"):  # the wait for the validator, after the build
        try:
            found = problems()
        except Exception as err:  # the validator itself failed: nothing is published either
            print(failure_message(err, "validate", target), flush=True)
            return True
    if found:
        from build_scripts.validate.package import format_text

        print(format_text(found))
        print(
            "✗ 数据未通过校验，未发布网站 / the data is invalid: the site was not published (site/ unchanged)"
        )
    return bool(found)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=paths.PACKAGE)
    parser.add_argument("--site", type=Path, default=paths.SITE)
    args = parser.parse_args(argv)
    try:
        today = build_today()
    except BuildDateError as err:
        print(f"✗ {err}")
        return 1
    try:
        return run(args.package.resolve(), args.site.resolve(), today)
    except Terminated:  # already reported, temporary folders removed
        return 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    if sys.getprofile() is None and sys.gettrace() is None:  # no profiler or coverage to write out
        # everything is written, closed and joined: skip the interpreter's teardown of the build's
        # objects, 0.35-0.45 s (measured) before the shell gets its prompt back
        os._exit(code)
    sys.exit(code)
