"""`make bench`, reporting half: the Markdown report and the budgets (see `measure` for the figures).

Budgets (issue 10): clean build ≤ 10 s; incremental build (and the preview's rebuild after a save) ≤ 5 s
and ≤ 0.3× the clean build of the same run; validation ≤ 2 s; every page ≤ 120 KiB transferred;
Lighthouse perf ≥ 95, the others 100; `.ci/run` on a fresh clone ≤ 5 min, pytest ≤ 150 s (`ci`).
"""

from __future__ import annotations

from build_scripts.bench import browser, ci, preview

KIB = 1024
BUDGET = {
    "clean_build_s": 10.0,
    "incremental_build_s": 5.0,
    "incremental_ratio": 0.3,
    "validate_s": 2.0,
    "page_kib": 120.0,
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
REBUILD = (BUDGET["incremental_build_s"], BUDGET["incremental_ratio"])  # the preview's rebuild too
BUILD_KINDS = {
    "cold": "cold build (no output, no cache: a fresh clone)",
    "clean": "clean build (no output, no page cache; chart caches kept)",
    "incremental": "incremental build (one observation changed)",
}


def _clean_s(results: dict) -> float | None:
    """The clean build's median wall time in this bench, if it ran."""
    return results["builds"]["median"]["clean"]["wall_s"] if "builds" in results else None


def verdict(ok: bool) -> str:
    """How a budget reads in the table."""
    return "met" if ok else "**MISSED**"


def fmt_s(value: float | None) -> str:
    """Seconds for the table."""
    return "—" if value is None else f"{value:.2f} s"


def fmt_kib(value: float | None) -> str:
    """KiB for the table."""
    return "—" if value is None else f"{value / KIB:.1f} KiB"


def report(results: dict) -> str:
    """The Markdown report."""
    env = results["env"]
    lines = [
        "# Benchmark",
        "",
        f"Machine: {env['cpus']} CPUs, load average at start {', '.join(f'{x:.2f}' for x in env['loadavg_at_start'])}"
        f" (at end: {', '.join(f'{x:.2f}' for x in env['loadavg_at_end'])}); {env['chromium']}; git "
        f"{env['git_head']}; {env['date_utc']}. Each figure is the median of {results['runs']} runs (page "
        f"weight: {results['weight_runs']}, Lighthouse: {results['lh_runs']}).",
        "",
    ]
    if "builds" in results:
        lines += build_section(results["builds"], results.get("site_counts", {}))
    if results.get("preview"):
        lines += preview.report_lines(results["preview"], _clean_s(results), *REBUILD)
    if results.get("scale"):
        lines += scale_section(results["scale"], results.get("builds"), results.get("site_counts", {}))
    if results.get("ci"):
        lines += ci.report_lines(results["ci"])
    if "pages" in results:
        lines += page_section(results["pages"]["pages"])
    lines += ["", "Budgets missed: " + (", ".join(results["missed"]) if results["missed"] else "none"), ""]
    for part, error in results["errors"].items():
        lines += [
            f"**The {part} part of the bench FAILED**: `{error.splitlines()[0][:300]}` (full text in the JSON).",
            "",
        ]
    return "\n".join(lines)


def build_section(builds: dict, counts: dict) -> list[str]:
    """Cold, clean and incremental builds (wall and CPU), their stages, and validation."""
    m = builds["median"]
    ratio = m["incremental"]["wall_s"] / m["clean"]["wall_s"]
    budgets = {
        "cold": "",
        "clean": f"≤ {BUDGET['clean_build_s']:.0f} s {verdict(m['clean']['wall_s'] <= BUDGET['clean_build_s'])}",
        "incremental": (
            f"≤ {BUDGET['incremental_build_s']:.0f} s {verdict(m['incremental']['wall_s'] <= BUDGET['incremental_build_s'])}"
            f"; ≤ {BUDGET['incremental_ratio']}× clean: {ratio:.2f}× {verdict(ratio <= BUDGET['incremental_ratio'])}"
        ),
    }
    lines = [
        "## Build time",
        "",
        "| Build | Wall (median) | CPU (median) | Wall of each run | Budget |",
        "|---|---|---|---|---|",
    ]
    for kind, label in BUILD_KINDS.items():
        walls = ", ".join(f"{r['wall']:.1f}" for r in builds[kind])
        lines.append(
            f"| **{label}** | {fmt_s(m[kind]['wall_s'])} | {fmt_s(m[kind]['cpu_s'])} | {walls} | {budgets[kind]} |"
        )
    val_runs = ", ".join(f"{v:.2f}" for v in builds["validate"])
    lines.append(
        f"| validate (`python -m build_scripts.validate`) | {fmt_s(m['validate_s'])} | | {val_runs} | "
        f"≤ {BUDGET['validate_s']:.0f} s {verdict(m['validate_s'] <= BUDGET['validate_s'])} |"
    )
    lines += ["", "| Stage (wall) | " + " | ".join(BUILD_KINDS) + " |", "|---|---|---|---|"]
    for name in m["cold"]["stages_s"]:
        lines.append(
            f"| `{name}` | " + " | ".join(fmt_s(m[k]["stages_s"].get(name)) for k in BUILD_KINDS) + " |"
        )
    lines += [
        "",
        "`charts` reads or compiles the specs and starts the drawing (on 2 worker processes; when few charts "
        "are new, specs and images both in a forked copy of the build); it runs during `portal`, `pages` and "
        "`mkdocs`, and `mkdocs` includes the wait for what is left and the writing of the images beside the output "
        "(while MkDocs' processes run). `portal-files` is the wait for the data page, `portal-rest` for the "
        "portal's other files (written while MkDocs runs); `move-in` moves both into the site. "
        "Incremental edits: " + "; ".join(builds["edits"]) + ".",
        "",
        f"Site: {counts.get('html_pages', '?')} HTML pages, {counts.get('chart_svgs', '?')} chart SVGs.",
        "",
    ]
    return lines


def scale_section(scale: dict, builds: dict | None, counts: dict) -> list[str]:
    """The synthetic ×N package beside the real one, per target, to see whether time grows linearly."""
    n, factor = scale["targets"], scale["factor"]
    base = n // factor
    lines = [
        f"## Scale (SYNTHETIC package, {factor}× the targets, generated in a temp clone and deleted)",
        "",
        f"{n} targets, {scale['series']} series, {scale['observations']} observations; {scale['html_pages']} HTML "
        f"pages, {scale['chart_svgs']} chart SVGs; validation {fmt_s(scale['validate_s'])}.",
        "",
        "| Build | Real: wall / CPU | ×N: wall / CPU | CPU per target, real → ×N | Growth of CPU for ×N targets |",
        "|---|---|---|---|---|",
    ]
    for kind, label in BUILD_KINDS.items():
        big = scale[kind]
        real = builds["median"][kind] if builds else None
        real_cells = f"{fmt_s(real['wall_s'])} / {fmt_s(real['cpu_s'])}" if real else "—"
        per = f"{real['cpu_s'] / base * 1000:.0f} → {big['cpu'] / n * 1000:.0f} ms" if real else "—"
        growth = f"×{big['cpu'] / real['cpu_s']:.1f}" if real and real["cpu_s"] else "—"
        lines.append(
            f"| {label} | {real_cells} | {fmt_s(big['wall'])} / {fmt_s(big['cpu'])} | {per} | {growth} |"
        )
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in scale["clean"]["stages"].items())
    return [*lines, "", f"Stages of the ×{factor} clean build: {stages}.", ""]


def page_section(pages: dict) -> list[str]:
    """Page weight and Lighthouse tables, then the audits that cost points."""
    lines = weight_table(pages)
    if not any(p["lighthouse"] for p in pages.values()):
        return [*lines, ""]
    return [*lines, *lighthouse_table(pages), *slow_pages(pages), *lost_audits(pages), ""]


def weight_table(pages: dict) -> list[str]:
    """Bytes, requests, JS and CSS per page type and language, and after reaching for the chart."""
    lines = [
        "## Page weight (Chromium, gzip, mobile viewport, fresh cache, until network idle)",
        "",
        "| Page | Lang | Path | Transferred | Requests | JS | CSS | After reaching for the chart | "
        "Budget ≤ 120 KiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in pages.values():
        w, a = p["on_load"], p["after_chart"]
        after = "no chart"
        if a:
            rendered = "" if all(p["chart_rendered"]) else " (chart did NOT render)"
            after = f"{fmt_kib(a['transferred'])}, {a['requests']:.0f} req, JS {fmt_kib(a['js'])}{rendered}"
        lines.append(
            f"| {p['kind']} | {p['lang']} | `{p['path']}` | {fmt_kib(w['transferred'])} | {w['requests']:.0f} | "
            f"{fmt_kib(w['js'])} ({fmt_kib(w['js_decoded'])} raw) | {fmt_kib(w['css'])} ({fmt_kib(w['css_decoded'])} raw) "
            f"| {after} | {verdict(w['transferred'] <= BUDGET['page_kib'] * KIB)} |"
        )
    errors = {p["path"]: p["console_errors"] for p in pages.values() if p["console_errors"]}
    if errors:
        lines += ["", "Console errors seen: " + "; ".join(f"`{k}`: {v}" for k, v in errors.items())]
    return lines


def lighthouse_table(pages: dict) -> list[str]:
    """Lighthouse scores, LCP, TBT and bytes per page."""
    lines = [
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
    return lines


def slow_pages(pages: dict) -> list[str]:
    """Where the main thread goes on pages under the performance budget."""
    slow = [
        p
        for p in pages.values()
        if p["lighthouse"]
        and p["lighthouse"]["performance"] is not None
        and p["lighthouse"]["performance"] < BUDGET["performance"]
    ]
    if not slow:
        return []
    lines = [
        "",
        "Where the main thread goes on pages under the performance budget (Lighthouse's "
        "mainthread-work-breakdown, median ms; long tasks of the run with the highest TBT):",
        "",
    ]
    for p in slow:
        lh = p["lighthouse"]
        top = sorted(lh["main_thread_ms"].items(), key=lambda kv: -kv[1])[:5]
        groups = ", ".join(f"{g} {v:.0f}" for g, v in top)
        tasks = ", ".join(
            f"{t['url'].rsplit('/', 1)[-1] or t['url']} {t['ms']} ms" for t in lh["worst_run"]["long_tasks"]
        )
        lines.append(
            f"- {p['kind']}/{p['lang']}: TBT {lh['tbt_ms']:.0f} ms; DOM {lh['dom_elements']:.0f} elements; "
            f"{groups}; long tasks: {tasks or 'none'}"
        )
    return lines


def lost_audits(pages: dict) -> list[str]:
    """The Lighthouse audits that cost points on any page, with the pages."""
    lines = [
        "",
        f"Budgets: perf ≥ {BUDGET['performance']}, a11y {BUDGET['accessibility']}, best practices "
        f"{BUDGET['best-practices']}, SEO {BUDGET['seo']}.",
        "",
        "Audits that cost points (any run):",
        "",
    ]
    lost: dict[tuple[str, str], dict] = {}
    for p in pages.values():
        for a in (p["lighthouse"] or {}).get("lost", []):
            entry = lost.setdefault((a["category"], a["id"]), {**a, "pages": []})
            entry["pages"].append(f"{p['kind']}/{p['lang']}")
    if not lost:
        lines.append("- none")
    for (cat, audit_id), a in sorted(lost.items()):
        items = ", ".join(f"`{i}`" for i in a["items"] if i) or "—"
        lines.append(
            f"- {cat} · `{audit_id}` ({a['title']}), score {a['score']}, weight {a['weight']}: "
            f"pages {', '.join(a['pages'])}; e.g. {items}"
        )
    return lines


def missed_budgets(results: dict) -> list[str]:
    """Names of the budgets missed, for the summary line."""
    missed = []
    if "builds" in results:
        m = results["builds"]["median"]
        ratio = m["incremental"]["wall_s"] / m["clean"]["wall_s"]
        checks = (
            ("clean_build_s", m["clean"]["wall_s"], BUDGET["clean_build_s"]),
            ("incremental_build_s", m["incremental"]["wall_s"], BUDGET["incremental_build_s"]),
            ("incremental_ratio", ratio, BUDGET["incremental_ratio"]),
            ("validate_s", m["validate_s"], BUDGET["validate_s"]),
        )
        missed += [f"{name} ({value:.2f})" for name, value, limit in checks if value > limit]
    if results.get("preview"):
        missed += preview.missed(results["preview"], _clean_s(results), *REBUILD)
    if results.get("ci"):
        missed += ci.missed(results["ci"])
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
