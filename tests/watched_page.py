"""A page that records what should not happen: console errors and Content-Security-Policy reports, page
errors, requests to another origin, failed requests (4xx/5xx, or failed for any reason but the browser's
own cancelling), CSP violation events and dialogs. Used by test_site_browser, test_site_security and
their shared tours (tests/site_tour.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`));
"""


@dataclass
class Watch:
    """What a page did: console errors, requests, failed requests, CSP violations, dialogs."""

    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def off_origin(self) -> list[str]:
        """Requests to anything but the local server (data: URLs are not requests)."""
        return [u for u in self.requests if not u.startswith(self.origin) and not u.startswith("data:")]

    def problems(self, page: Page) -> list[str]:
        """Everything that should not have happened on the page so far."""
        csp = page.evaluate("window.__csp || []")
        return (
            [f"console: {e}" for e in self.errors]
            + [f"off-origin: {u}" for u in self.off_origin()]
            + [f"failed: {u}" for u in self.failed]
            + [f"csp: {c}" for c in csp]
            + [f"dialog: {d}" for d in self.dialogs]
        )

    def clear(self) -> None:
        """Forget what the last page did (its CSP events go with its document)."""
        for seen in (self.errors, self.requests, self.failed, self.dialogs):
            seen.clear()


@contextmanager
def watched_page(browser: Browser, base: str, **context_args) -> Iterator[tuple[Page, Watch]]:
    """A fresh page with every listener attached."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    parts = urlsplit(base)
    watch = Watch(f"{parts.scheme}://{parts.netloc}/")
    page.add_init_script(WATCH_CSP)
    page.on(
        "console",
        lambda m: (
            watch.errors.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    page.on("request", lambda r: watch.requests.append(r.url))
    # A request the browser cancels itself because the tour moved on (a favicon still loading after the
    # load event) is net::ERR_ABORTED: not a fault of the page. A missing file is a 4xx response (below),
    # a blocked one a CSP report; every other failure is recorded with its reason.
    page.on(
        "requestfailed",
        lambda r: watch.failed.append(f"{r.url} ({r.failure})") if r.failure != "net::ERR_ABORTED" else None,
    )
    page.on("response", lambda r: watch.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    try:
        yield page, watch
    finally:
        context.close()


def go(page: Page, url: str) -> None:
    """Load a page up to its load event; it must answer 200."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
