"""Build the site: validate → load → progress → charts → portal → pages → MkDocs → harden → search → swap.

The chart images are drawn on two worker processes while the portal, the pages and MkDocs run
(they need only the charts' specs and paths); the images are copied into the output after MkDocs.

`python -m build_scripts.pipeline` (what `make site` runs). The data is validated (in a process of its
own, while the site is built) and any problem stops the build (exit 1) before anything is published.
MkDocs builds `--strict` into a temporary folder next to `site/`; the output is hardened (CSP, link and
origin checks) and indexed by pagefind, and only then swapped into `site/`. Each stage is timed.

Incremental: every build is a full build, but the slow steps reuse what they made before from
`.cache/` when their inputs are unchanged: chart specs and images (charts/), the Excel workbook
(portal/xlsx.py), MkDocs' Markdown conversion and page rendering (site/page_cache.py), the hardening
of each page (site/harden_cache.py).
Each cache is keyed by the content of everything its result depends on, so an incremental build gives
the same `site/` as a clean one (tests/test_build_incremental.py).

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
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from build_scripts import paths
from build_scripts.charts import specs as charts
from build_scripts.charts.fonts import ChartFontError
from build_scripts.common.dates import BuildDateError, GitDateError, LastUpdate, build_today, git_last_update
from build_scripts.common.i18n import LANGS
from build_scripts.common.oneshot import OneShot
from build_scripts.common.timing import Timer
from build_scripts.load.package import Package, load_package
from build_scripts.pages import build as pages
from build_scripts.pages.parts import Site
from build_scripts.portal import build as portal
from build_scripts.portal.common import configured_site_url
from build_scripts.progress.assess import assess_all
from build_scripts.site import harden, leftovers
from build_scripts.site.assemble import assemble_docs, portal_dir, private_docs_dir, swap_into
from build_scripts.site.harden_cache import HardenCache
from build_scripts.site.mkdocs_site import SiteError, mkdocs_build, move_tree
from build_scripts.site.page_cache import PageCache
from build_scripts.site.search import pagefind

__all__ = ["BUILD_DOCS", "BuildError", "Timer", "build_site", "mkdocs_build", "run", "swap_into"]

BUILD_DOCS = paths.BUILD_DOCS
FAILURE_LOG = paths.BUILD / "build-failure.log"


BuildError = SiteError  # a stage of the site failed; the message says which and why (the older name)


class Terminated(BaseException):
    """The build received SIGTERM (e.g. a cancelled CI job): like Ctrl-C, it stops whatever runs it."""


OWN_ERRORS = (SiteError, harden.HardenError, GitDateError, ChartFontError, Terminated)


def generate(
    pkg: Package,
    docs_dir: Path,
    today: date,
    timer: Timer,
    workers: charts.Workers,
    updated: LastUpdate | None = None,
) -> tuple[Site, charts.Drawing]:
    """Chart specs, the portal's files (into `<docs_dir>.portal`, moved into the site after MkDocs) and
    the pages (into the assembled docs dir); the charts are still being drawn."""
    with timer.stage("progress"):
        assessments = assess_all(pkg.indicators, pkg.series, pkg.observations, today)
    with timer.stage("specs"):
        specs = charts.build_specs(pkg, LANGS, paths.CACHE / "chart-specs", workers)
    with timer.stage("draw"):  # starts the drawing on the workers (or draws here when few are new)
        drawing = charts.start_drawing(specs, paths.CACHE / "charts", workers)
    with timer.stage("portal"):  # the context here; the files on a forked process, during `pages`
        svgs = {key: files.svg for key, files in drawing.files.items()}
        ctx = portal.context(pkg, assessments, today)
        writing = OneShot(portal.write, ctx, docs_dir, portal_dir(docs_dir), svgs, start="fork")
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
        with timer.stage("portal-files"):  # the wait for the portal's files, if they are not written yet
            writing.result()
    except Exception:
        if timer.current != "portal-files":  # the portal comes first in the data flow: its failure first
            portal_failure(writing, timer)
        raise
    finally:
        writing.stop()
    return site, drawing


def portal_failure(writing: OneShot, timer: Timer) -> None:
    """Raise the portal writer's own failure (as the `portal` stage's), if it failed."""
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
        cache_dir = paths.CACHE if cached else Path(scratch)
        site = _build_into(pkg, out, docs_dir, today, timer, updated, cache_dir)
    return site


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
        site, drawing = generate(pkg, docs_dir, today, timer, workers, updated)
        with timer.stage("mkdocs"):
            pages_cache = mkdocs_build(docs_dir, out, PageCache(cache_dir / "mkdocs"))
            move_tree(portal_dir(docs_dir), out, replace=False)  # the portal's files, as they are
        with timer.stage("charts"):  # waits for the drawing still going on, then copies the images
            drawing.finish(out)
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
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
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
        for leftover in (out, docs, portal_dir(docs)):
            if leftover.exists():
                shutil.rmtree(leftover)
    if target == paths.SITE:
        for cache in (PageCache(), HardenCache()):
            cache.prune()
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


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated("stopped by SIGTERM")


def failure_message(err: BaseException, stage: str, target: Path) -> str:
    """The one line a failed build prints; the traceback of an unexpected error goes to FAILURE_LOG."""
    shown = f"{target.name}/" if target.parent == paths.ROOT else str(target)
    if isinstance(err, OWN_ERRORS):
        what = str(err)
    else:
        what = f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else '(no message)'}"
        what = what if len(what) <= 300 else what[:297] + "…"
        FAILURE_LOG.parent.mkdir(parents=True, exist_ok=True)
        FAILURE_LOG.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
        what += f" (traceback: {FAILURE_LOG.relative_to(paths.ROOT)})"
    return f"✗ build failed: {stage}: {what}; {shown} unchanged"


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
    sys.exit(main())
