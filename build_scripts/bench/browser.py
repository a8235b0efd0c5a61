"""Benchmark, browser half: page weight measured in Chromium, and Lighthouse mobile scores.

Page weight is measured the way Lighthouse's "total byte weight" counts it: every response's
encoded (on-the-wire, gzip) length including headers, from Chromium's DevTools protocol, until the
network is idle, on a fresh browser context (empty cache) with Lighthouse's mobile viewport. On pages
with a chart the reader then reaches for it (pointer over it, focus, tap) and the bytes are counted
again once the network is idle, which shows what the lazily loaded vega runtime costs.

Lighthouse 12.2.3 (pinned in package.json) runs from the repository's node_modules through its node
API, so one Chromium serves every run (a run takes ~6 s instead of ~15 s with the CLI).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from build_scripts.common.browser import CHROMIUM, FLAGS, HEADLESS_FLAGS

# Lighthouse 12's mobile emulation (moto g power): the same viewport, so lazy content matches.
MOBILE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
# A chart the reader can reach for (docs/assets/js/charts.js): `.tt-chart[data-spec]`, whose
# `data-state` becomes "live" once vega has rendered it (or "failed").
CHART_SELECTOR = ".tt-chart[data-spec]"
CHART_DONE = '.tt-chart[data-state="live"], .tt-chart[data-state="failed"]'
CHART_LIVE = '.tt-chart[data-state="live"]'
LH_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

LH_DRIVER = r"""
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
const [urls, runs, flags] = [JSON.parse(process.argv[2]), Number(process.argv[3]), JSON.parse(process.argv[4])];
const chrome = await chromeLauncher.launch({chromePath: process.env.CHROME_PATH, chromeFlags: flags,
                                            logLevel: 'silent'});
const lost = (lhr, cat) => lhr.categories[cat].auditRefs
  .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
  .map((ref) => ({id: ref.id, score: lhr.audits[ref.id].score, weight: ref.weight,
                  title: lhr.audits[ref.id].title,
                  items: (lhr.audits[ref.id].details?.items ?? []).slice(0, 5).map((it) =>
                    it.node?.selector ?? it.node?.snippet ?? it.url ?? it.source?.url ?? null)}));
try {
  for (const url of urls) {
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error',
                                            disableFullPageScreenshot: true});
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, v]) => [k, v.score]));
      const lostPoints = Object.fromEntries(Object.keys(lhr.categories).map((k) => [k, lost(lhr, k)]));
      const num = (id) => lhr.audits[id]?.numericValue ?? null;
      process.stdout.write(JSON.stringify({
        url, run, scores, lost: lostPoints, lighthouseVersion: lhr.lighthouseVersion,
        formFactor: lhr.configSettings.formFactor, throttling: lhr.configSettings.throttlingMethod,
        benchmarkIndex: lhr.environment.benchmarkIndex,
        lcp_ms: num('largest-contentful-paint'), tbt_ms: num('total-blocking-time'),
        fcp_ms: num('first-contentful-paint'), cls: num('cumulative-layout-shift'),
        total_bytes: num('total-byte-weight'), dom_elements: num('dom-size'),
        main_thread: Object.fromEntries((lhr.audits['mainthread-work-breakdown']?.details?.items ?? [])
          .map((it) => [it.group, Math.round(it.duration)])),
        bootup: (lhr.audits['bootup-time']?.details?.items ?? []).slice(0, 4)
          .map((it) => ({url: it.url, ms: Math.round(it.total)})),
        long_tasks: (lhr.audits['long-tasks']?.details?.items ?? []).slice(0, 4)
          .map((it) => ({url: it.url, ms: Math.round(it.duration)})),
        warnings: lhr.runWarnings,
      }) + '\n');
    }
  }
} finally {
  await chrome.kill();
}
"""


@dataclass
class Weight:
    """Bytes and requests of one page load, as Chromium's network layer saw them."""

    transferred: int = 0  # encoded bytes incl. headers (what Lighthouse's total-byte-weight sums)
    requests: int = 0
    failed: int = 0
    js: int = 0  # transferred bytes of scripts
    css: int = 0  # transferred bytes of stylesheets
    js_decoded: int = 0
    css_decoded: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    off_origin: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


class NetworkLog:
    """Collects DevTools Network events of one page into a `Weight`."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = origin
        self.types: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.decoded: dict[str, int] = {}
        self.encoded: dict[str, int] = {}
        self.failed: set[str] = set()
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.send("Network.enable")

    def _sent(self, ev: dict) -> None:
        self.urls[ev["requestId"]] = ev["request"]["url"]
        self.types.setdefault(ev["requestId"], ev.get("type", "Other"))

    def _response(self, ev: dict) -> None:
        self.types[ev["requestId"]] = ev.get("type", "Other")

    def _data(self, ev: dict) -> None:
        self.decoded[ev["requestId"]] = self.decoded.get(ev["requestId"], 0) + ev["dataLength"]

    def _finished(self, ev: dict) -> None:
        self.encoded[ev["requestId"]] = int(ev["encodedDataLength"])

    def _failed(self, ev: dict) -> None:
        self.failed.add(ev["requestId"])

    def weight(self) -> Weight:
        """The totals so far."""
        w = Weight()
        for rid, url in self.urls.items():
            if url.startswith("data:"):
                continue
            w.requests += 1
            w.urls.append(url)
            if not url.startswith(self.origin):
                w.off_origin.append(url)
            if rid in self.failed:
                w.failed += 1
            kind = self.types.get(rid, "Other")
            size = self.encoded.get(rid, 0)
            w.transferred += size
            w.by_type[kind] = w.by_type.get(kind, 0) + size
            if kind == "Script":
                w.js += size
                w.js_decoded += self.decoded.get(rid, 0)
            elif kind == "Stylesheet":
                w.css += size
                w.css_decoded += self.decoded.get(rid, 0)
        return w


@dataclass
class PageWeight:
    """Weight of one page on load and, if it has a chart, after the reader reaches for the chart."""

    url: str
    on_load: Weight
    after_chart: Weight | None
    chart_rendered: bool | None
    console_errors: list[str]


def measure_page(browser: Browser, url: str, origin: str) -> PageWeight:
    """Load `url` on a fresh mobile context, count bytes until network idle, then interact with a chart."""
    context = browser.new_context(**MOBILE)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        log = NetworkLog(page, origin)
        response = page.goto(url, wait_until="networkidle")
        if response is None or response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status if response else 'no response'}")
        on_load = log.weight()
        chart = page.locator(CHART_SELECTOR).first
        if chart.count() == 0:
            return PageWeight(url, on_load, None, None, errors)
        chart.scroll_into_view_if_needed()
        chart.hover()
        chart.focus()
        chart.tap()
        page.wait_for_selector(CHART_DONE, timeout=30_000)
        page.wait_for_load_state("networkidle")
        rendered = page.locator(CHART_LIVE).count() > 0
        return PageWeight(url, on_load, log.weight(), rendered, errors)
    finally:
        context.close()


def measure_weights(urls: list[str], origin: str, runs: int) -> dict[str, list[PageWeight]]:
    """Every URL measured `runs` times in one Chromium."""
    out: dict[str, list[PageWeight]] = {u: [] for u in urls}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for _ in range(runs):
                for url in urls:
                    out[url].append(measure_page(browser, url, origin))
        finally:
            browser.close()
    return out


def median_weight(samples: list[Weight]) -> dict:
    """Field-wise median of numeric figures; lists and maps from the first sample."""
    first = asdict(samples[0])
    for key, value in first.items():
        if isinstance(value, int):
            first[key] = statistics.median(getattr(s, key) for s in samples)
    return first


def run_lighthouse(repo: Path, urls: list[str], runs: int) -> list[dict]:
    """Lighthouse mobile (default config: simulated throttling) `runs` times per URL; one dict per run."""
    lh_pkg = repo / "node_modules" / "lighthouse" / "package.json"
    version = json.loads(lh_pkg.read_text(encoding="utf-8"))["version"]
    if version != "12.2.3":
        raise RuntimeError(f"node_modules has lighthouse {version}, package.json pins 12.2.3: run `npm ci`")
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", dir=repo, prefix=".bench-lh-", delete=False) as f:
        f.write(LH_DRIVER)
        driver = Path(f.name)
    try:
        proc = subprocess.run(
            ["node", str(driver), json.dumps(urls), str(runs), json.dumps(HEADLESS_FLAGS)],
            cwd=repo,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        driver.unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def summarize_lighthouse(results: list[dict]) -> dict[str, dict]:
    """Median scores and timings per URL, with the audits that cost points in any run."""
    out: dict[str, dict] = {}
    for url in dict.fromkeys(r["url"] for r in results):
        runs = [r for r in results if r["url"] == url]
        summary: dict = {"runs": len(runs)}
        for cat in LH_CATEGORIES:
            values = [r["scores"][cat] for r in runs if r["scores"].get(cat) is not None]
            summary[cat] = round(statistics.median(values) * 100) if values else None
            summary[f"{cat}_all"] = [
                None if r["scores"][cat] is None else round(r["scores"][cat] * 100) for r in runs
            ]
        for key in ("lcp_ms", "tbt_ms", "fcp_ms", "cls", "total_bytes", "benchmarkIndex", "dom_elements"):
            values = [r[key] for r in runs if r[key] is not None]
            summary[key] = statistics.median(values) if values else None
        lost: dict[str, dict] = {}
        for r in runs:
            for cat, audits in r["lost"].items():
                for a in audits:
                    entry = lost.setdefault(f"{cat}:{a['id']}", {**a, "category": cat, "runs": 0})
                    entry["runs"] += 1
        summary["lost"] = sorted(lost.values(), key=lambda a: (a["category"], -a["weight"]))
        summary["warnings"] = sorted({w for r in runs for w in r["warnings"]})
        groups = {g for r in runs for g in r["main_thread"]}
        summary["main_thread_ms"] = {
            g: statistics.median(r["main_thread"].get(g, 0) for r in runs) for g in groups
        }
        worst = max(runs, key=lambda r: r["tbt_ms"] or 0)
        summary["worst_run"] = {
            "tbt_ms": worst["tbt_ms"],
            "bootup": worst["bootup"],
            "long_tasks": worst["long_tasks"],
        }
        out[url] = summary
    return out
