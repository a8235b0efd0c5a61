"""Shared by the browser tests: load a page up to its load event, let the theme settle, run axe-core.

Why the load event and not Playwright's `networkidle`: every script, stylesheet and image a page needs is
in its HTML, and the site fetches nothing later on its own (vega waits for the reader, pagefind for a
query); `networkidle` only adds 500 ms of silence to every load. A check that needs more waits for its
own element or condition.

axe-core (node_modules, pinned in package.json) is added as an init script (DevTools protocol), so the
page's own Content-Security-Policy stays in force while axe runs. One axe run costs 1-8 s of CPU on
this site (color-contrast is most of it), so a tour runs it once per page per (viewport, scheme).
"""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page

from build_scripts import paths

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
TRANSITIONS_DONE = (
    "() => document.getAnimations().filter(a => a instanceof CSSTransition)"
    ".every(a => a.playState === 'finished')"
)
AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def axe_context(browser: Browser, **context_args: object) -> BrowserContext:
    """A fresh context with axe available in every document it opens."""
    context = browser.new_context(**context_args)
    context.add_init_script(path=str(AXE))
    return context


def load(page: Page, url: str) -> None:
    """Go to `url` up to its load event (status 200), then wait until the theme's colour transitions end.

    The theme animates colours (nav links: 125 ms) when the palette is applied: a check (axe above all)
    must read the colours the reader sees, not a frame halfway from light to dark.
    """
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_function(TRANSITIONS_DONE)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page (every rule axe runs by default), trimmed to what a report needs."""
    return page.evaluate(AXE_RUN)


def describe(violations: list[dict]) -> str:
    """One readable block per violation: rule id, impact, elements."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [
            f"    {n['target']}: {n['summary'].splitlines()[-1].strip() if n['summary'] else ''}"
            for n in v["nodes"]
        ]
    return "\n".join(lines)


# Visible text under 12 CSS px (Lighthouse's "legible font sizes"); the search box's placeholder
# and hidden text (display: none, visibility: hidden, clipped screen-reader text) do not count.
SMALL_TEXT = """() => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim(), el = node.parentElement;
    if (!text || !el.getClientRects().length) continue;
    const css = getComputedStyle(el), box = el.getBoundingClientRect();
    if (css.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
    if (parseFloat(css.fontSize) < 12) out.push(`${el.tagName}.${el.className} ${css.fontSize}: ${text.slice(0, 40)}`);
  }
  return out.slice(0, 10);
}"""
