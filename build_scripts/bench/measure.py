"""`make bench`, measuring half: builds (cold, clean, incremental, ×30), page weight, Lighthouse, CI.

Every build runs in a throw-away clone of the repository (see `build`); what each figure means:
- **cold**: no output and no cache at all, as on a fresh clone (every chart spec compiled and drawn);
- **clean**: no output (site/, build/) and no page caches, but the chart caches kept (their entries
  are content-addressed chart specs and images, like a package cache): what the 10 s goal means;
- **incremental**: one observation changed since the last build (a different one each run), every
  cache kept: what a maintainer waits for after a save in `make preview` (after the session's first
  edit, which re-dates every page and is built by the clean builds);
- **×N**: the same on a SYNTHETIC package with N× the targets, generated in the clone and deleted.
Wall time and CPU time (the build's own processes) are both kept: on a shared machine the wall time
includes waiting for a core, the CPU time does not.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from build_scripts import paths
from build_scripts.bench import browser, build
from build_scripts.common.browser import CHROMIUM, tour_browser
from build_scripts.common.http_server import serve

LANG_PREFIX = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
PAGE_KINDS = ("home", "section", "target", "methodology", "reporting", "data")
PACKAGE_REL = paths.PACKAGE.relative_to(paths.ROOT)


def log(message: str) -> None:
    """Progress on stderr, so stdout stays the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    """The median, refusing an empty list."""
    if not values:
        raise ValueError("no values to take a median of")
    return statistics.median(values)


def pick_pages(site: Path) -> dict[str, str]:
    """One page per type (path under a language root). Target and section: the heaviest zh HTML."""

    def heaviest(folder: str) -> str:
        candidates = [p for p in (site / folder).glob("*/index.html")]
        if not candidates:
            raise FileNotFoundError(f"no pages under {site / folder}")
        best = max(candidates, key=lambda p: (p.stat().st_size, p.parent.name))
        return f"{folder}/{best.parent.name}/"

    pages = {
        "home": "",
        "section": heaviest("sections"),
        "target": heaviest("targets"),
        "methodology": "methodology/",
        "reporting": "reporting/",
        "data": "data/",
    }
    for lang, prefix in LANG_PREFIX.items():
        for kind, rel in pages.items():
            if not (site / prefix / rel / "index.html").is_file():
                raise FileNotFoundError(f"{lang} {kind} page {prefix}{rel} is not in {site}")
    return pages


def bench_builds(repo: Path, runs: int) -> dict:
    """Cold, clean and incremental builds, `runs` times each, then validation."""
    results: dict[str, list] = {"cold": [], "clean": [], "incremental": [], "edits": []}
    for i in range(runs):
        build.clean_outputs(repo)
        log(f"cold build {i + 1}/{runs}")
        results["cold"].append(build.run_pipeline(repo))
    # The first edit of a session makes the data uncommitted, which dates every page "today": a change
    # of every page, made once. The clean builds build it; each incremental build then follows one more edit.
    results["edits"].append(build.perturb_observation(repo / PACKAGE_REL, 1) + " (before the clean builds)")
    for i in range(runs):
        build.clean_outputs(repo, keep=build.CHART_CACHES)
        log(f"clean build {i + 1}/{runs}")
        results["clean"].append(build.run_pipeline(repo))
    for i in range(runs):
        results["edits"].append(build.perturb_observation(repo / PACKAGE_REL, i + 2))
        log(f"incremental build {i + 1}/{runs} (changed {results['edits'][-1]})")
        results["incremental"].append(build.run_pipeline(repo))
    validate = [build.time_validate(repo, repo / PACKAGE_REL) for _ in range(runs)]
    return summarize(results, validate)


def summarize(results: dict, validate: list[float]) -> dict:
    """Every run, and the medians (wall, CPU, stages) of each kind of build."""
    out: dict = {"edits": results["edits"], "validate": validate, "median": {"validate_s": median(validate)}}
    for kind in ("cold", "clean", "incremental"):
        runs = results[kind]
        out[kind] = [asdict(r) for r in runs]
        stage_names = list(dict.fromkeys(n for r in runs for n in r.stages))  # in the pipeline's order
        out["median"][kind] = {
            "wall_s": median([r.wall for r in runs]),
            "cpu_s": median([r.cpu for r in runs]),
            "stages_s": {n: median([r.stages[n] for r in runs if n in r.stages]) for n in stage_names},
        }
    return out


def bench_scale(repo: Path, factor: int) -> dict:
    """A synthetic package with `factor`× the targets: one cold, one clean and one incremental build."""
    package = repo / PACKAGE_REL
    sizes = build.make_scale_package(package, factor)
    log(f"scale ×{factor}: synthetic package with {sizes['targets']} targets; validating")
    validate_s = build.time_validate(repo, package)
    runs: dict[str, build.BuildRun] = {}
    build.clean_outputs(repo)
    log(f"scale ×{factor}: cold build")
    runs["cold"] = build.run_pipeline(repo)
    build.perturb_observation(package, 1)  # the session's first edit (see bench_builds)
    build.clean_outputs(repo, keep=build.CHART_CACHES)
    log(f"scale ×{factor}: clean build")
    runs["clean"] = build.run_pipeline(repo)
    edit = build.perturb_observation(package, 2)
    log(f"scale ×{factor}: incremental build (changed {edit})")
    runs["incremental"] = build.run_pipeline(repo)
    return {
        "factor": factor,
        **sizes,
        "validate_s": validate_s,
        **{kind: asdict(run) for kind, run in runs.items()},
        **count_pages(repo / "site"),
    }


def count_pages(site: Path) -> dict[str, int]:
    """How many HTML pages and chart SVGs the build produced."""
    return {
        "html_pages": sum(1 for _ in site.rglob("*.html")),
        "chart_svgs": sum(1 for _ in (site / "charts").rglob("*.svg")) if (site / "charts").is_dir() else 0,
    }


def bench_pages(
    repo: Path, site: Path, pages: dict[str, str], runs: int, lh_runs: int, lh_kinds: tuple[str, ...]
) -> dict:
    """Page weight in Chromium (median of `runs`) per page type and language, and Lighthouse (median
    of `lh_runs`) for the page types in `lh_kinds`."""
    with serve(site) as base:
        origin = base.rstrip("/")
        urls = {
            (kind, lang): base + prefix + rel
            for kind, rel in pages.items()
            for lang, prefix in LANG_PREFIX.items()
        }
        log(f"page weight: {len(urls)} pages × {runs} runs")
        weights = browser.measure_weights(list(urls.values()), origin, runs)
        lighthouse: dict[str, dict] = {}
        raw_lh: list[dict] = []
        lh_urls = [url for (kind, _), url in urls.items() if kind in lh_kinds]
        if lh_urls and lh_runs > 0:
            log(f"lighthouse: {len(lh_urls)} pages × {lh_runs} runs (~6 s each)")
            raw_lh = browser.run_lighthouse(repo, lh_urls, lh_runs)
            lighthouse = browser.summarize_lighthouse(raw_lh)
    out = {}
    for (kind, lang), url in urls.items():
        samples = weights[url]
        path = url[len(base) :] or "/"
        after = [s.after_chart for s in samples if s.after_chart is not None]
        out[f"{kind}/{lang}"] = {
            "kind": kind,
            "lang": lang,
            "path": path,
            "on_load": browser.median_weight([s.on_load for s in samples]),
            "after_chart": browser.median_weight(after) if after else None,
            "chart_rendered": [s.chart_rendered for s in samples],
            "console_errors": sorted({e for s in samples for e in s.console_errors}),
            "lighthouse": lighthouse.get(url),
        }
    return {"pages": out, "lighthouse_raw": raw_lh}


def environment() -> dict:
    """Machine and tool versions, so figures can be compared across runs."""

    def version(cmd: list[str]) -> str:
        try:
            return (
                subprocess.run(cmd, capture_output=True, text=True, check=False)
                .stdout.strip()
                .splitlines()[-1]
            )
        except (OSError, IndexError):
            return "unknown"

    return {
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "chromium": version([str(CHROMIUM), "--version"]),
        "test_browser": str(tour_browser()),  # what the .ci/run's browser tests ran in
        "node": version(["node", "--version"]),
        "git_head": version(["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"]),
    }


def attempt(results: dict, key: str, step: Callable[[], dict]) -> None:
    """Run one part of the bench; a failure is recorded (and reported) instead of losing the other parts."""
    try:
        results[key] = step()
    except Exception as err:
        log(f"{key} FAILED: {err}")
        results["errors"][key] = f"{type(err).__name__}: {err}"
