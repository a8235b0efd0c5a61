"""Security of the built site: Content-Security-Policy, escaping of data text, and safe builds.

- Every HTML page carries one CSP `<meta>` before any script or stylesheet: no `'unsafe-eval'`, no
  `'unsafe-inline'` scripts, no third-party origin or wildcard in any directive, `object-src 'none'`,
  a restricted `base-uri`, and every inline script is allowed by its SHA-256 hash (and nothing else
  inline runs: no `on…=` handler attributes, no `javascript:` URLs).
- In Chromium, every page type in all three languages loads, and its chart becomes interactive,
  without a single CSP violation (`securitypolicyviolation` events and console reports).

Data text escaped in the site: test_site_security_hostile.py; a failed build leaves the previous
site intact: test_site_security_builds.py.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from build_scripts.common.i18n import URL_PREFIX
from tests.conftest import BuiltSite
from tests.site_tour import csp_pages, real_visits
from tests.watched_page import go, watched_page

LANGS = URL_PREFIX  # language → the prefix of its pages' URLs

CSP_KEYWORDS = {"'self'", "'none'", "'strict-dynamic'", "'report-sample'", "'wasm-unsafe-eval'"}
FORBIDDEN = {"'unsafe-eval'", "'unsafe-hashes'", "*"}
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


class HeadScan(html.parser.HTMLParser):
    """The CSP metas, their position, inline scripts and event-handler attributes of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.order: list[str] = []  # tag names in document order, CSP meta as "csp"
        self.csp: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self._script: dict[str, str] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp.append(a.get("content", ""))
            self.order.append("csp")
        else:
            self.order.append(tag)
        self.handlers += [f"<{tag} {k}=…>" for k in a if k.startswith("on")]
        self.js_urls += [
            f"<{tag} {k}={v!r}>"
            for k, v in a.items()
            if v.strip().lower().startswith(("javascript:", "vbscript:"))
        ]
        if tag == "script" and "src" not in a:
            self._script, self._buffer = a, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._script.get("type", "").lower() in EXECUTABLE_TYPES:
                self.inline_scripts.append("".join(self._buffer))
            self._script = None


def scan(page: Path) -> HeadScan:
    """The security-relevant parts of one page."""
    s = HeadScan()
    s.feed(page.read_text(encoding="utf-8"))
    s.close()
    return s


def directives(policy: str) -> dict[str, list[str]]:
    """A CSP string as {directive: [source expressions]}."""
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            name = words[0].lower()
            if name in out:  # a browser ignores a repeated directive
                out.setdefault("(repeated)", []).append(name)
            else:
                out[name] = words[1:]
    return out


def sha256(script: str) -> str:
    """The CSP hash source of an inline script's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy_problems(policy: str, inline_scripts: list[str]) -> list[str]:
    """Everything wrong with one page's policy."""
    d = directives(policy)
    problems = [f"directive {n} repeated (the browser ignores the repeat)" for n in d.pop("(repeated)", [])]
    script_src = d.get("script-src", d.get("default-src"))
    if d.get("default-src") not in (["'none'"], ["'self'"]):
        problems.append(f"default-src is {d.get('default-src')}, expected 'none' or 'self'")
    if script_src is None:
        problems.append("no script-src or default-src")
    if d.get("object-src", d.get("default-src")) != ["'none'"]:
        problems.append("object-src must be 'none'")
    if d.get("base-uri") not in (["'self'"], ["'none'"]):
        problems.append(f"base-uri is {d.get('base-uri')}, expected 'self' or 'none'")
    for name, sources in d.items():
        for src in sources:
            low = src.lower()
            if low in FORBIDDEN or "*" in low:
                problems.append(f"{name} allows {src}")
            elif low == "'unsafe-inline'" and name in (
                "script-src",
                "default-src",
                "script-src-elem",
                "script-src-attr",
            ):
                problems.append(f"{name} allows 'unsafe-inline'")
            elif (low == "'wasm-unsafe-eval'" and name != "script-src") or (
                low in ("data:", "blob:") and name in ("script-src", "default-src", "object-src", "base-uri")
            ):
                problems.append(f"{name} allows {src}")
            elif not (
                low in CSP_KEYWORDS
                or low == "'unsafe-inline'"
                or low in ("data:", "blob:")
                or re.fullmatch(r"'sha(256|384|512)-[A-Za-z0-9+/=]+'", src)
            ):
                problems.append(f"{name} allows {src!r}: a third-party origin or an unknown source")
    allowed = set(script_src or [])
    for script in inline_scripts:
        if sha256(script) not in allowed:
            problems.append(f"inline script not allowed by hash: {script.strip()[:80]!r}")
    return problems


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The session build (conftest)."""
    return built_site


def html_pages(site: Path) -> list[Path]:
    """Every HTML file of the built site."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} HTML files in {site}"
    return pages


@dataclass(frozen=True)
class Head:
    """What `HeadScan` found in one page (picklable, so xdist workers can share it)."""

    order: list[str]
    csp: list[str]
    inline_scripts: list[str]
    handlers: list[str]
    js_urls: list[str]


@pytest.fixture(scope="module")
def heads(site: Path, once) -> dict[str, Head]:
    """Every HTML page of the site, parsed once per test run for the static checks below."""

    def parse_all(_folder: Path) -> dict[str, Head]:
        found = {}
        for page in html_pages(site):
            s = scan(page)
            found[page.relative_to(site).as_posix()] = Head(
                s.order, s.csp, s.inline_scripts, s.handlers, s.js_urls
            )
        return found

    return once("security-heads", parse_all)


def test_every_page_has_a_strict_csp_meta_first(heads: dict[str, Head]) -> None:
    problems = []
    for rel, found in heads.items():
        if len(found.csp) != 1:
            problems.append(f"{rel}: {len(found.csp)} CSP meta tags")
            continue
        first = found.order.index("csp")
        early = [t for t in found.order[:first] if t in ("script", "link", "style", "img", "iframe", "base")]
        if early:
            problems.append(f"{rel}: CSP meta comes after {early}")
        problems += [f"{rel}: {p}" for p in policy_problems(found.csp[0], found.inline_scripts)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_no_inline_handlers_or_script_urls(heads: dict[str, Head]) -> None:
    problems = []
    for rel, found in heads.items():
        problems += [f"{rel}: {h}" for h in found.handlers + found.js_urls]
    assert not problems, "\n".join(problems[:40])


def test_policy_checker_is_not_vacuous() -> None:
    good = (
        "default-src 'none'; script-src 'self' " + sha256("a()") + "; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'"
    )
    assert policy_problems(good, ["a()"]) == []
    assert any("hash" in p for p in policy_problems(good, ["b()"]))
    for old, new in (
        ("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        ("script-src 'self'", "script-src 'self' https://cdn.example.org"),
        ("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        ("script-src 'self'", "script-src data:"),
        ("img-src 'self' data:", "img-src *"),
        ("form-action 'none'", "connect-src https:"),
        ("object-src 'none'", "object-src 'self'"),
        ("base-uri 'self'", "base-uri https://example.org"),
    ):
        assert old in good
        assert policy_problems(good.replace(old, new), ["a()"]), new


# --- In the browser: no CSP violation anywhere (the tour is shared with test_site_browser) --------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_no_csp_violation_in_the_browser(
    browser: Browser, real_server: str, real_build: BuiltSite, once, lang: str
) -> None:
    """Every page type loads, its chart turns interactive and search runs, all under the page's CSP."""
    seen = real_visits(once, browser, real_server, real_build, lang)
    pages = csp_pages(real_build.root)
    problems = [f"{LANGS[lang]}{rel}: {v}" for rel in [*pages, "search?q="] for v in seen[rel].problems]
    live = sum(seen[rel].live for rel in pages)
    assert live >= 3, f"only {live} charts became interactive"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_a_csp_violation_would_be_caught(browser: Browser, real_server: str) -> None:
    """The watcher is not deaf: an inline script injected into a served page is blocked and reported."""
    with watched_page(browser, real_server) as (page, watch):
        go(page, real_server)
        page.evaluate("""() => { const s = document.createElement('script');
                                s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
        page.wait_for_function("() => window.__csp.length > 0", timeout=5_000)  # the report is an event
        assert page.evaluate("window.__ran") is None
        assert any("script-src" in v for v in watch.problems(page)), watch.problems(page)


# --- Data text is escaped wherever it lands (FIXTURE package with hostile strings) --------------------
