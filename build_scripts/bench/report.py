"""`make bench`: build speed, page weight and Lighthouse scores against the project's budgets.

A benchmark, not a test: it prints a Markdown report to stdout and writes every figure (and every
single run) as JSON to `bench-results/` (git-ignored). Each figure is the median of several runs.

What it measures, all in a throw-away copy of the repository (the real data and `site/` are never
touched; see `bench_build`):

1. clean build (no cache, no output), split by the stages the pipeline prints; warm rebuild after
   one observation changes (a different one each run, final → provisional); validation time (the
   CLI, interpreter start included);
2. per page type and language: bytes transferred with gzip (served by `gzip_server`), requests, JS
   and CSS bytes, in Chromium until the network is idle, then again after reaching for a chart
   (which lazy-loads the vega runtime); see `bench_browser`;
3. Lighthouse 12.2.3 mobile scores (performance, accessibility, best practices, SEO) with LCP and
   TBT, the audits that cost points and where the main thread went, for home, section, target and
   data pages (`--lh-pages all` adds methodology and reporting);
4. a scale run: the same clean build on a SYNTHETIC package with 10× the targets, built in the copy
   and deleted afterwards, never published.

The report also goes to bench-results/latest.json. On a 2-core machine a full run takes ~12 minutes.

Usage: python -m build_scripts.bench [--runs 3] [--lh-runs 3] [--lh-pages home,section,target,data|all]
       [--scale 10] [--skip-lighthouse] [--skip-scale] [--skip-build]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from build_scripts import paths
from build_scripts.bench import browser, build
from build_scripts.common.browser import CHROMIUM
from build_scripts.common.http_server import serve

KIB = 1024
BUDGET = {
    "clean_build_s": 20.0,
    "warm_build_s": 5.0,
    "validate_s": 2.0,
    "page_kib": 120.0,
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
LANG_PREFIX = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
PAGE_KINDS = ("home", "section", "target", "methodology", "reporting", "data")


def log(message: str) -> None:
    """Progress on stderr, so stdout stays the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    """How a budget reads in the table."""
    return "met" if ok else "**MISSED**"


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
    """Clean builds, warm rebuilds and validation, `runs` times each."""
    clean, warm, edits = [], [], []
    for i in range(runs):
        build.clean_outputs(repo)
        log(f"clean build {i + 1}/{runs}")
        clean.append(build.run_pipeline(repo))
    for i in range(runs):
        edits.append(build.perturb_observation(repo / "datapackages" / "hubei-quality", i + 1))
        log(f"warm rebuild {i + 1}/{runs} (changed observation {edits[-1]})")
        warm.append(build.run_pipeline(repo))
    validate = []
    for i in range(runs):
        log(f"validate {i + 1}/{runs}")
        validate.append(build.time_validate(repo, repo / "datapackages" / "hubei-quality"))
    stage_names = list(dict.fromkeys(n for r in clean for n in r.stages))  # in the pipeline's order
    return {
        "clean": [asdict(r) for r in clean],
        "warm": [asdict(r) for r in warm],
        "warm_edits": edits,
        "validate": validate,
        "median": {
            "clean_s": median([r.wall for r in clean]),
            "warm_s": median([r.wall for r in warm]),
            "validate_s": median(validate),
            "clean_stages_s": {n: median([r.stages[n] for r in clean if n in r.stages]) for n in stage_names},
            "warm_stages_s": {n: median([r.stages[n] for r in warm if n in r.stages]) for n in stage_names},
        },
    }


def count_pages(site: Path) -> dict[str, int]:
    """How many HTML pages and chart SVGs the build produced."""
    return {
        "html_pages": sum(1 for _ in site.rglob("*.html")),
        "chart_svgs": sum(1 for _ in (site / "charts").rglob("*.svg")) if (site / "charts").is_dir() else 0,
    }


def bench_scale(repo: Path, factor: int) -> dict:
    """One clean build of a synthetic package with `factor`× the targets, in the work tree."""
    package = repo / "datapackages" / "hubei-quality"
    sizes = build.make_scale_package(package, factor)
    log(f"scale run: synthetic package with {sizes['targets']} targets; validating")
    validate_s = build.time_validate(repo, package)
    build.clean_outputs(repo)
    log("scale run: clean build")
    run = build.run_pipeline(repo)
    return {
        "factor": factor,
        **sizes,
        "validate_s": validate_s,
        "clean": asdict(run),
        **count_pages(repo / "site"),
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
        "node": version(["node", "--version"]),
        "git_head": version(["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"]),
    }


def fmt_s(value: float | None) -> str:
    """Seconds for the table."""
    return "—" if value is None else f"{value:.2f} s"


def fmt_kib(value: float | None) -> str:
    """KiB for the table."""
    return "—" if value is None else f"{value / KIB:.1f} KiB"


def report(results: dict) -> str:
    """The Markdown report."""
    lines = [
        "# Benchmark",
        "",
        f"Machine: {results['env']['cpus']} CPUs, load average at start "
        f"{', '.join(f'{x:.2f}' for x in results['env']['loadavg_at_start'])} (at end: "
        f"{', '.join(f'{x:.2f}' for x in results['env']['loadavg_at_end'])}); {results['env']['chromium']}; "
        f"git {results['env']['git_head']}; {results['env']['date_utc']}. Each figure is the median of "
        f"{results['runs']} runs (page weight: {results['weight_runs']}, Lighthouse: {results['lh_runs']}).",
        "",
    ]
    if "builds" in results:
        lines += build_section(results["builds"], results.get("scale"), results.get("site_counts", {}))
    if "pages" in results:
        lines += page_section(results["pages"]["pages"])
    lines += ["", "Budgets missed: " + (", ".join(results["missed"]) if results["missed"] else "none"), ""]
    for part, error in results["errors"].items():
        lines += [
            f"**The {part} part of the bench FAILED**: `{error.splitlines()[0][:300]}` (full text in the JSON).",
            "",
        ]
    return "\n".join(lines)


def build_section(builds: dict, scale: dict | None, counts: dict) -> list[str]:
    """Build, warm rebuild, validation and scale tables."""
    m = builds["median"]
    lines = ["## Build time", "", "| Figure | Median | Runs | Budget |", "|---|---|---|---|"]
    for name, value in m["clean_stages_s"].items():
        warm = m["warm_stages_s"].get(name)
        lines.append(f"| clean build · stage `{name}` | {fmt_s(value)} (warm: {fmt_s(warm)}) | | |")
    lines.append(
        "| ↳ `draw` starts the chart drawing on 2 worker processes; it runs during `portal`, `pages` and "
        "`mkdocs`; `charts` is the wait for what is left, plus copying the images | | | |"
    )
    clean_runs = ", ".join(f"{r['wall']:.1f}" for r in builds["clean"])
    warm_runs = ", ".join(f"{r['wall']:.1f}" for r in builds["warm"])
    val_runs = ", ".join(f"{v:.2f}" for v in builds["validate"])
    lines += [
        f"| **clean build** (no cache, no output) | {fmt_s(m['clean_s'])} | {clean_runs} | "
        f"≤ {BUDGET['clean_build_s']:.0f} s {verdict(m['clean_s'] <= BUDGET['clean_build_s'])} |",
        f"| **warm rebuild** (one observation changed) | {fmt_s(m['warm_s'])} | {warm_runs} | "
        f"≤ {BUDGET['warm_build_s']:.0f} s {verdict(m['warm_s'] <= BUDGET['warm_build_s'])} |",
        f"| **validate** (`python -m build_scripts.validate`, wall) | {fmt_s(m['validate_s'])} | {val_runs} | "
        f"≤ {BUDGET['validate_s']:.0f} s {verdict(m['validate_s'] <= BUDGET['validate_s'])} |",
        "",
        f"Site: {counts.get('html_pages', '?')} HTML pages, {counts.get('chart_svgs', '?')} chart SVGs.",
        "",
    ]
    if scale:
        base_targets = scale["targets"] // scale["factor"]
        per_base = m["clean_s"] / base_targets
        per_scale = scale["clean"]["wall"] / scale["targets"]
        lines += [
            f"## Scale run (SYNTHETIC package, {scale['factor']}× the targets, built in a temp copy and deleted)",
            "",
            "| Package | Targets | Series | Observations | HTML pages | Chart SVGs | Validate | Clean build | "
            "Per target |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| real | {base_targets} | | | {counts.get('html_pages', '?')} | {counts.get('chart_svgs', '?')} | "
            f"{fmt_s(m['validate_s'])} | {fmt_s(m['clean_s'])} | {per_base * 1000:.0f} ms |",
            f"| synthetic ×{scale['factor']} | {scale['targets']} | {scale['series']} | {scale['observations']} | "
            f"{scale['html_pages']} | {scale['chart_svgs']} | {fmt_s(scale['validate_s'])} | "
            f"{fmt_s(scale['clean']['wall'])} | {per_scale * 1000:.0f} ms |",
            "",
            "Stages of the scale build: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in scale["clean"]["stages"].items())
            + ".",
            f"Growth: ×{scale['clean']['wall'] / m['clean_s']:.1f} time for ×{scale['factor']} targets "
            "(1 run; the real build's figure is the median above).",
            "",
        ]
    return lines


def page_section(pages: dict) -> list[str]:
    """Page weight and Lighthouse tables, then the audits that cost points."""
    lines = [
        "## Page weight (Chromium, gzip, mobile viewport, fresh cache, until network idle)",
        "",
        "| Page | Lang | Path | Transferred | Requests | JS | CSS | After reaching for the chart | "
        "Budget ≤ 120 KiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in pages.values():
        w, a = p["on_load"], p["after_chart"]
        after = (
            (
                f"{fmt_kib(a['transferred'])}, {a['requests']:.0f} req, JS {fmt_kib(a['js'])}"
                f"{'' if all(p['chart_rendered']) else ' (chart did NOT render)'}"
            )
            if a
            else "no chart"
        )
        lines.append(
            f"| {p['kind']} | {p['lang']} | `{p['path']}` | {fmt_kib(w['transferred'])} | {w['requests']:.0f} | "
            f"{fmt_kib(w['js'])} ({fmt_kib(w['js_decoded'])} raw) | {fmt_kib(w['css'])} ({fmt_kib(w['css_decoded'])} raw) "
            f"| {after} | {verdict(w['transferred'] <= BUDGET['page_kib'] * KIB)} |"
        )
    errors = {p["path"]: p["console_errors"] for p in pages.values() if p["console_errors"]}
    if errors:
        lines += ["", "Console errors seen: " + "; ".join(f"`{k}`: {v}" for k, v in errors.items())]
    if not any(p["lighthouse"] for p in pages.values()):
        return [*lines, ""]
    lines += [
        "",
        "## Lighthouse 12.2.3, mobile (simulated throttling)",
        "",
        "| Page | Lang | Perf | A11y | Best pr. | SEO | LCP | TBT | Total bytes (LH) | Budgets |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in pages.values():
        lh = p["lighthouse"]
        if not lh:
            continue
        ok = all(lh[c] is not None and lh[c] >= BUDGET[c] for c in browser.LH_CATEGORIES)
        lines.append(
            f"| {p['kind']} | {p['lang']} | {lh['performance']} | {lh['accessibility']} | {lh['best-practices']} | "
            f"{lh['seo']} | {lh['lcp_ms'] / 1000:.2f} s | {lh['tbt_ms']:.0f} ms | {fmt_kib(lh['total_bytes'])} | "
            f"{verdict(ok)} |"
        )
    slow = [
        p
        for p in pages.values()
        if p["lighthouse"]
        and p["lighthouse"]["performance"] is not None
        and p["lighthouse"]["performance"] < BUDGET["performance"]
    ]
    if slow:
        lines += [
            "",
            "Where the main thread goes on pages under the performance budget (Lighthouse's "
            "mainthread-work-breakdown, median ms; long tasks of the run with the highest TBT):",
            "",
        ]
    for p in slow:
        lh = p["lighthouse"]
        groups = ", ".join(
            f"{g} {v:.0f}" for g, v in sorted(lh["main_thread_ms"].items(), key=lambda kv: -kv[1])[:5]
        )
        tasks = ", ".join(
            f"{t['url'].rsplit('/', 1)[-1] or t['url']} {t['ms']} ms" for t in lh["worst_run"]["long_tasks"]
        )
        lines.append(
            f"- {p['kind']}/{p['lang']}: TBT {lh['tbt_ms']:.0f} ms; DOM {lh['dom_elements']:.0f} elements; "
            f"{groups}; long tasks: {tasks or 'none'}"
        )
    lines += [
        "",
        f"Budgets: perf ≥ {BUDGET['performance']}, a11y {BUDGET['accessibility']}, best practices "
        f"{BUDGET['best-practices']}, SEO {BUDGET['seo']}.",
        "",
        "Audits that cost points (any run):",
        "",
    ]
    lost = {}
    for p in pages.values():
        for a in (p["lighthouse"] or {}).get("lost", []):
            key = (a["category"], a["id"])
            entry = lost.setdefault(key, {**a, "pages": []})
            entry["pages"].append(f"{p['kind']}/{p['lang']}")
    if not lost:
        lines.append("- none")
    for (cat, audit_id), a in sorted(lost.items()):
        items = ", ".join(f"`{i}`" for i in a["items"] if i) or "—"
        lines.append(
            f"- {cat} · `{audit_id}` ({a['title']}), score {a['score']}, weight {a['weight']}: "
            f"pages {', '.join(a['pages'])}; e.g. {items}"
        )
    return [*lines, ""]


def missed_budgets(results: dict) -> list[str]:
    """Names of the budgets missed, for the summary line and the exit status."""
    missed = []
    if "builds" in results:
        m = results["builds"]["median"]
        for key, name in (
            ("clean_s", "clean_build_s"),
            ("warm_s", "warm_build_s"),
            ("validate_s", "validate_s"),
        ):
            if m[key] > BUDGET[name]:
                missed.append(f"{name} ({m[key]:.2f} s)")
    for p in results.get("pages", {}).get("pages", {}).values():
        if p["on_load"]["transferred"] > BUDGET["page_kib"] * KIB:
            missed.append(f"weight {p['kind']}/{p['lang']} ({p['on_load']['transferred'] / KIB:.1f} KiB)")
        lh = p["lighthouse"] or {}
        missed += [
            f"lighthouse {c} {p['kind']}/{p['lang']} ({lh[c]})"
            for c in browser.LH_CATEGORIES
            if c in lh and (lh[c] is None or lh[c] < BUDGET[c])
        ]
    return missed


def attempt(results: dict, key: str, step: Callable[[], dict]) -> None:
    """Run one part of the bench; a failure is recorded (and reported) instead of losing the other parts."""
    try:
        results[key] = step()
    except Exception as err:
        log(f"{key} FAILED: {err}")
        results["errors"][key] = f"{type(err).__name__}: {err}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 even when budgets are missed (it reports, it does not gate), 1 if a
    part of it failed to run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per build and page-weight figure (median)")
    parser.add_argument(
        "--weight-runs", type=int, default=1, help="page-weight runs (bytes are deterministic; median)"
    )
    parser.add_argument("--lh-runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--lh-pages",
        default="home,section,target,data",
        help="page types Lighthouse runs on (comma-separated; 'all' adds methodology and reporting)",
    )
    parser.add_argument("--scale", type=int, default=10, help="factor of targets in the synthetic scale run")
    parser.add_argument("--skip-build", action="store_true", help="only one clean build (for the pages)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args(argv)
    lh_kinds = PAGE_KINDS if args.lh_pages == "all" else tuple(args.lh_pages.split(","))
    if args.skip_lighthouse:
        lh_kinds = ()
    if set(lh_kinds) - set(PAGE_KINDS):
        parser.error(
            f"--lh-pages: unknown page types {sorted(set(lh_kinds) - set(PAGE_KINDS))}; known: {PAGE_KINDS}"
        )
    started = time.perf_counter()
    results: dict = {
        "env": environment(),
        "runs": args.runs,
        "weight_runs": args.weight_runs,
        "lh_runs": args.lh_runs,
        "budgets": BUDGET,
        "errors": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        log(f"copying the repository to {tmp}")
        repo = build.make_worktree(Path(tmp))
        if args.skip_build:
            build.clean_outputs(repo)
            build.run_pipeline(repo)
        else:
            results["builds"] = bench_builds(repo, args.runs)
        site = repo / "site"
        results["site_counts"] = count_pages(site)
        pages = pick_pages(site)
        attempt(
            results, "pages", lambda: bench_pages(repo, site, pages, args.weight_runs, args.lh_runs, lh_kinds)
        )
        if not args.skip_scale:
            attempt(results, "scale", lambda: bench_scale(repo, args.scale))
    results["env"]["loadavg_at_end"] = os.getloadavg()
    results["missed"] = missed_budgets(results)
    results["bench_seconds"] = time.perf_counter() - started
    paths.BENCH_RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = paths.BENCH_RESULTS / f"bench-{stamp}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    (paths.BENCH_RESULTS / "latest.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    print(report(results))
    print(f"JSON: {out.relative_to(paths.ROOT)} · bench took {results['bench_seconds'] / 60:.1f} min")
    return 1 if results["errors"] else 0
