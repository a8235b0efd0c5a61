"""`make bench` (`python -m build_scripts.bench`): build times, page weight and Lighthouse. Not a test.

It prints a Markdown report to stdout and writes every figure (and every single run) as JSON to
`bench-results/` (git-ignored). In a throw-away clone of the repository (the real data and `site/` are
never touched): cold, clean and incremental builds of the real package (`measure`), page weight in
Chromium and Lighthouse on the clean build's site, a SYNTHETIC ×30 package (~2,400 targets: cold, clean
and incremental builds), the rebuild a maintainer waits for in `make preview` after a save (`preview`),
and with `--ci-run` the time of `bash .ci/run` on a fresh clone (slow: it installs everything and runs
every test). On a busy 2-core machine a default run takes ~30 minutes.

Usage: python -m build_scripts.bench [--runs 3] [--lh-runs 3] [--lh-pages home,section,target,data|all]
       [--scale 30] [--skip-lighthouse] [--skip-pages] [--skip-scale] [--skip-build] [--ci-run]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from build_scripts import paths
from build_scripts.bench import build, ci, measure, preview
from build_scripts.bench.report import BUDGET, missed_budgets, report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per build figure (median)")
    parser.add_argument(
        "--weight-runs", type=int, default=1, help="page-weight runs (bytes are deterministic)"
    )
    parser.add_argument("--lh-runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--lh-pages",
        default="home,section,target,data",
        help="page types Lighthouse runs on (comma-separated; 'all' adds methodology and reporting)",
    )
    parser.add_argument("--scale", type=int, default=30, help="factor of targets in the synthetic scale run")
    parser.add_argument("--skip-build", action="store_true", help="only one clean build (for the pages)")
    parser.add_argument("--skip-pages", action="store_true", help="no page weight and no Lighthouse")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument(
        "--ci-run", action="store_true", help="also time `bash .ci/run` on a fresh clone (slow)"
    )
    args = parser.parse_args(argv)
    args.lh_kinds = (
        ()
        if args.skip_lighthouse
        else measure.PAGE_KINDS
        if args.lh_pages == "all"
        else tuple(args.lh_pages.split(","))
    )
    unknown = set(args.lh_kinds) - set(measure.PAGE_KINDS)
    if unknown:
        parser.error(f"--lh-pages: unknown page types {sorted(unknown)}; known: {measure.PAGE_KINDS}")
    return args


def run_parts(args: argparse.Namespace, results: dict, tmp: Path) -> None:
    """Every part of the bench, in a clone under `tmp`; a failed part is recorded, the rest still run."""
    measure.log(f"cloning the repository into {tmp}")
    repo = build.make_worktree(tmp)
    if args.skip_build:
        build.clean_outputs(repo, keep=build.CHART_CACHES)
        build.run_pipeline(repo)
    else:
        measure.attempt(results, "builds", lambda: measure.bench_builds(repo, args.runs))
        # after the builds: the data already carry the session's first edit, as in a preview session
        measure.attempt(results, "preview", lambda: preview.bench_preview(repo, args.runs))
    site = repo / "site"
    if (site / "index.html").is_file():
        results["site_counts"] = measure.count_pages(site)
    if not args.skip_pages:
        pages = measure.pick_pages(site)
        measure.attempt(
            results,
            "pages",
            lambda: measure.bench_pages(repo, site, pages, args.weight_runs, args.lh_runs, args.lh_kinds),
        )
    if not args.skip_scale:
        measure.attempt(results, "scale", lambda: measure.bench_scale(repo, args.scale))
    if args.ci_run:
        measure.attempt(results, "ci", lambda: ci.bench_ci(tmp))


def save(results: dict) -> Path:
    """The results as JSON under bench-results/ (and latest.json)."""
    paths.BENCH_RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = paths.BENCH_RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    (paths.BENCH_RESULTS / "latest.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 even when budgets are missed (it reports, it does not gate), 1 if a
    part of it failed to run."""
    args = parse_args(argv)
    started = time.perf_counter()
    results: dict = {
        "env": measure.environment(),
        "runs": args.runs,
        "weight_runs": args.weight_runs,
        "lh_runs": args.lh_runs,
        "budgets": BUDGET,
        "errors": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        run_parts(args, results, Path(tmp))
    results["env"]["loadavg_at_end"] = os.getloadavg()
    results["missed"] = missed_budgets(results)
    results["bench_seconds"] = time.perf_counter() - started
    out = save(results)
    print(report(results))
    print(f"JSON: {out.relative_to(paths.ROOT)} · bench took {results['bench_seconds'] / 60:.1f} min")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
