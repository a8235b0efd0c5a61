"""Build the site: validate → load → progress → charts → portal → pages → MkDocs → harden → search → swap.

The chart images are drawn on two worker processes while the portal, the pages and MkDocs run
(they need only the charts' specs and paths); the images are copied into the output after MkDocs.

`python -m build_scripts.pipeline` (what `make site` runs). The data is validated first and the build
stops (exit 1) on any problem. MkDocs builds `--strict` into a temporary folder next to `site/`; the
output is hardened (CSP, link and origin checks) and indexed by pagefind, and only then swapped into
`site/`. A build that fails at any stage leaves the previous `site/` untouched. The time of each
stage is printed.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from build_scripts import paths
from build_scripts.charts import specs as charts
from build_scripts.charts.fonts import ChartFontError
from build_scripts.common.i18n import LANGS
from build_scripts.load.package import Package, load_package
from build_scripts.pages import build as pages
from build_scripts.pages.parts import Site, Updated
from build_scripts.portal import build as portal
from build_scripts.portal.common import GitDateError, configured_site_url, git_last_update
from build_scripts.progress.assess import assess_all
from build_scripts.site import harden

BUILD_DOCS = paths.BUILD_DOCS
NODE_MODULES = paths.ROOT / "node_modules"
VEGA_FILES = ("vega/build/vega.min.js", "vega-embed/build/vega-embed.min.js")
NOT_COPIED = ("overrides", "text")
MATERIAL_JS = (
    Path("assets") / "javascripts"
)  # the theme's scripts, unused (see build_site)  # docs/ parts that are templates or prose, not site files


class BuildError(Exception):
    """A stage failed; the message says which and why."""


@dataclass
class Timer:
    """Wall time of each stage, printed as it finishes."""

    stages: dict[str, float] = field(default_factory=dict)
    quiet: bool = False

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage."""
        start = time.perf_counter()
        yield
        self.stages[name] = time.perf_counter() - start
        if not self.quiet:
            print(f"  {name:<10} {self.stages[name]:6.2f} s", flush=True)


def assemble_docs(docs_dir: Path) -> None:
    """A fresh docs dir: the committed static parts of docs/ plus the vendored vega runtime."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    shutil.copytree(paths.DOCS, docs_dir, ignore=lambda d, names: NOT_COPIED if Path(d) == paths.DOCS else [])
    vendor = docs_dir / "assets" / "vega"
    vendor.mkdir(parents=True)
    for rel in VEGA_FILES:
        src = NODE_MODULES / rel
        if not src.is_file():
            raise BuildError(f"{src} is missing: run `npm ci` (make install) first")
        shutil.copy2(src, vendor / src.name)


def data_updated(pkg: Package) -> Updated:
    """When the package's files last changed, from git (the build runs in a git clone)."""
    found = git_last_update(pkg.directory)
    return Updated(found.day, found.uncommitted)


def generate(
    pkg: Package,
    docs_dir: Path,
    today: date,
    timer: Timer,
    workers: charts.Workers,
    updated: Updated | None = None,
) -> tuple[Site, charts.Drawing]:
    """Chart specs, portal files and pages into an assembled docs dir; the charts are still being drawn."""
    with timer.stage("progress"):
        assessments = assess_all(pkg.indicators, pkg.series, pkg.observations, today)
    with timer.stage("specs"):
        specs = charts.build_specs(pkg, LANGS, paths.CACHE / "chart-specs", workers)
    with timer.stage("draw"):  # starts the drawing on the workers (or draws here when few are new)
        drawing = charts.start_drawing(specs, paths.CACHE / "charts", workers)
    with timer.stage("portal"):
        svgs = {key: files.svg for key, files in drawing.files.items()}
        ctx = portal.run(docs_dir, pkg, assessments, today, svgs)
    site = Site(
        pkg,
        assessments,
        drawing.files,
        updated or data_updated(pkg),
        paths.DOCS / "text",
        target_extra=lambda ind, lang, page: portal.target_block(ctx, ind, lang, page),
    )
    with timer.stage("pages"):
        pages.run(site, docs_dir)
    return site, drawing


def mkdocs_build(docs_dir: Path, site_dir: Path) -> None:
    """MkDocs (Python API) with --strict: any warning aborts."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    log = logging.getLogger("mkdocs")
    if not log.handlers:  # the CLI would print warnings; in-process we must attach a handler ourselves
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("  mkdocs %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort as err:
        raise BuildError(f"mkdocs build --strict failed: {err}") from err
    finally:
        config.plugins.on_shutdown()


def pagefind(site_dir: Path) -> None:
    """Index the built site for search, one index per <html lang>."""
    binary = NODE_MODULES / ".bin" / "pagefind"
    if not binary.exists():
        raise BuildError(f"{binary} is missing: run `npm ci` (make install) first")
    done = subprocess.run([str(binary), "--site", str(site_dir)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"pagefind failed:\n{done.stdout}\n{done.stderr}")


def build_site(
    pkg: Package, out: Path, docs_dir: Path, today: date, timer: Timer, updated: Updated | None = None
) -> Site:
    """Build the whole site for an already validated (or fixture) package into `out` (must not exist)."""
    with timer.stage("assemble"):
        assemble_docs(docs_dir)
    with charts.Workers(pkg) as workers:
        site, drawing = generate(pkg, docs_dir, today, timer, workers, updated)
        with timer.stage("mkdocs"):
            mkdocs_build(docs_dir, out)
            # 404.html is kept in every build (issue 13); it is served at any depth, so its links are
            # root-absolute: on a sub-path host set SITE_URL (the deploy workflow does).
            # Material's own JavaScript (bundle, search workers, lunr: 2.3 MB) is not loaded by any page
            # (docs/overrides/main.html): don't deploy it.
            shutil.rmtree(out / MATERIAL_JS)
        with timer.stage("charts"):  # waits for the drawing still going on, then copies the images
            drawing.finish(out)
    with timer.stage("harden"):
        harden.harden_site(out, urlsplit(configured_site_url() or "/").path or "/")
    with timer.stage("pagefind"):
        pagefind(out)
    return site


def private_docs_dir() -> Path:
    """A docs dir of this process only (two builds at once, e.g. `make site` and `make test`, must not
    share one); it becomes build/docs when the build succeeds, for inspection and tests."""
    return BUILD_DOCS.with_name(f"{BUILD_DOCS.name}.tmp-{os.getpid()}")


def swap_into(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames on the same filesystem."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def validate(package_dir: Path) -> list:
    """The validator's problems (imported here so a missing validator fails loudly)."""
    from build_scripts.validate.package import validate_package

    return validate_package(package_dir)


def run(package_dir: Path = paths.PACKAGE, target: Path = paths.SITE, today: date | None = None) -> int:
    """The whole pipeline; 0 on success, 1 on invalid data or a failed build (site/ kept)."""
    timer, today = Timer(), today or date.today()
    started = time.perf_counter()
    print(f"Building the site from {package_dir} (today = {today})")
    with timer.stage("validate"):
        problems = validate(package_dir)
    if problems:
        from build_scripts.validate.package import format_text

        print(format_text(problems))
        print("✗ 数据未通过校验，未构建网站 / the data is invalid: the site was not built (site/ unchanged)")
        return 1
    with timer.stage("load"):
        pkg = load_package(package_dir)
    out = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    docs = private_docs_dir()
    try:
        build_site(pkg, out, docs, today, timer)
        swap_into(out, target)
        swap_into(docs, BUILD_DOCS)
    except (BuildError, harden.HardenError, GitDateError, ChartFontError) as err:
        print(f"✗ {err}\n✗ build failed: {target} unchanged")
        return 1
    finally:
        for leftover in (out, docs):
            if leftover.exists():
                shutil.rmtree(leftover)
    n_pages = len(list(target.rglob("*.html")))
    print(f"✓ {n_pages} pages in {target} in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=paths.PACKAGE)
    parser.add_argument("--site", type=Path, default=paths.SITE)
    args = parser.parse_args(argv)
    return run(args.package.resolve(), args.site.resolve())


if __name__ == "__main__":
    sys.exit(main())
