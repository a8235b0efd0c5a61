"""Harden the built site: a Content-Security-Policy per page, and checks that fail the build.

For every HTML page:
- the `<html lang>` of Simplified pages becomes `zh-Hans` (the theme writes the bare `zh`);
- root-absolute links (`href="/en/"`, which the i18n plugin writes for the home pages' language
  switcher) are made relative, so the site works under any sub-path. `404.html` is the exception:
  it is served at any depth, so its links stay root-absolute (set `SITE_URL` for a sub-path host);
- a `<meta http-equiv="Content-Security-Policy">` is inserted right after `<meta charset>`, allowing
  scripts only from the site itself plus the SHA-256 hash of each inline script on that page, and
  only of the theme's known inline scripts (KNOWN_SCRIPTS): any other inline script fails the build; `'wasm-unsafe-eval'` (WebAssembly only, never JS `eval`) is added only on
  the search page, where pagefind runs;
- the build fails if a page has an inline event handler (`onclick=…`, `<svg/onload=…>`), a `javascript:`
  URL, an inline script of unknown type, a resource (`src`, stylesheet, icon…) from another origin,
  or a relative link to a file that does not exist in the site.

GitHub Pages cannot send response headers, so the policy travels in a meta element; `frame-ancestors`
and reporting are therefore unavailable (see the reliability notes).
"""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_scripts.common.urls import folder_of, relative
from build_scripts.site import image_sizes

POLICY = (
    "default-src 'none'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
ROOT_ABSOLUTE_RE = re.compile(r"""(?P<attr>\s(?:href|src))=(?P<q>["'])(?P<url>/(?!/)[^"']*)(?P=q)""")
SCRIPT_RE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
DATA_TYPES = {"application/json", "application/ld+json"}
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}
CHARSET = '<meta charset="utf-8">'
# The only inline scripts a page may carry: the theme's own (Material 9.x: storage scope, palette,
# tabbed-content anchor). Any other inline script fails the build instead of being hashed into the
# policy, so text injected through Markdown or data can never run. The scope path varies by depth.
MD_SCOPE = (
    "__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)"
    '=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem('
    'a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
MD_PALETTE = (
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
    '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
    "\"[data-md-color-media='(prefers-color-scheme: light)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
    'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute('
    '"data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),'
    'palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries('
    'palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
)
MD_TABBED = (
    "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))'
)
KNOWN_SCRIPTS = (
    # the scope is "." or "../.." on ordinary pages; the 404 page (built with a site URL) names the
    # site's absolute path instead, e.g. "/" or "/repo/": path characters only (never "//host", another origin)
    re.compile(
        r'__md_scope=new URL\("(?:\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?)",location\),'
        + re.escape(MD_SCOPE)
    ),
    re.compile(re.escape(MD_PALETTE)),
    re.compile(re.escape(MD_TABBED)),
)
TAG_RE = re.compile(
    r"<!--.*?-->|<(?P<raw>script|style)\b(?P<rawattrs>[^>]*)>.*?</(?P=raw)\s*>"
    r"|<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[\s/]+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>",
    re.DOTALL | re.IGNORECASE,
)
ATTR_RE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
# data-spec: a chart's live spec (assets/js/charts.js fetches it), checked like any resource
RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "action", "formaction", "background", "data-spec"}
DECODED = RESOURCE_ATTRS | {"href", "rel", "xlink:href"}  # the only values we read (fast path)
NAVIGATION_RELS = {"canonical", "alternate", "prev", "next"}


class HardenError(Exception):
    """The built site breaks a security or link rule; the message lists every problem."""


class PageScan:
    """Collects the attribute problems and the relative links of one page.

    A small tag scanner (comments and script/style bodies skipped, attributes parsed the way
    html.parser does) instead of html.parser itself, which is ~5x slower on pages with large
    attributes.
    """

    def __init__(self, allow_root_absolute: bool = False) -> None:
        self.allow_root_absolute = allow_root_absolute
        self.problems: list[str] = []
        self.links: list[str] = []

    def feed(self, page: str) -> None:
        """Scan every start tag of the page."""
        for match in TAG_RE.finditer(page):
            tag = match["raw"] or match["tag"]
            if tag is None:
                continue
            attrs = match["rawattrs"] if match["raw"] else match["attrs"]
            pairs = [(k.lower(), v) for k, v in ATTR_RE.findall(attrs or "")]
            pairs = [(k, html.unescape(_unquote(v)) if k in DECODED else "") for k, v in pairs]
            self.handle_starttag(tag.lower(), pairs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> inline event handler (not allowed by the CSP)")
            if name in DECODED and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}> javascript: URL")
        for name in RESOURCE_ATTRS & values.keys():
            for url in _urls(name, values[name]):
                self._resource(tag, name, url)
        if "href" in values:
            rels = set(values.get("rel", "").split())
            if tag == "a" or rels & NAVIGATION_RELS:
                self._navigation(values["href"])
            else:
                self._resource(tag, "href", values["href"])

    def _resource(self, tag: str, name: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return
        if parts.scheme or parts.netloc:
            self.problems.append(f"<{tag} {name}={url!r}> loads from another origin")
        elif url.startswith("/"):
            if not self.allow_root_absolute:
                self.problems.append(f"<{tag} {name}={url!r}> is root-absolute (breaks under a sub-path)")
        else:
            self.links.append(url)

    def _navigation(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "mailto"):
            return
        if parts.scheme or parts.netloc:
            self.problems.append(f"<a href={url!r}> is neither relative nor http(s)")
        elif url.startswith("/"):
            if not self.allow_root_absolute:
                self.problems.append(f"<a href={url!r}> is root-absolute (breaks under a sub-path)")
        else:
            self.links.append(url)


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in ("'", '"') and value[-1:] == value[:1] else value


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value] if value else []


def script_hashes(page: str) -> tuple[list[str], list[str]]:
    """CSP hashes of the page's inline scripts, and problems (scripts of unknown type)."""
    hashes, problems = [], []
    for match in SCRIPT_RE.finditer(page):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        found = TYPE_RE.search(attrs)
        kind = found.group(1).lower() if found else ""
        if kind in DATA_TYPES:
            continue
        if kind not in JS_TYPES:
            problems.append(f"inline <script type={kind!r}> of unknown type")
            continue
        if not any(known.fullmatch(match["body"]) for known in KNOWN_SCRIPTS):
            problems.append(f"unknown inline script (only the theme's are allowed): {match['body'][:80]!r}")
            continue
        digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes)), problems


def relativize(page: str, rel_path: str, base_path: str = "/") -> str:
    """Root-absolute href/src (under `base_path`) rewritten relative to the page at `rel_path`."""
    here = folder_of(rel_path)

    def fix(match: re.Match) -> str:
        url = match["url"]
        if not url.startswith(base_path):
            return match[0]
        new = relative(url[len(base_path) :], here)
        return f"{match['attr']}={match['q']}{new}{match['q']}"

    return ROOT_ABSOLUTE_RE.sub(fix, page)


def harden_page(
    page: str, rel_path: str = "index.html", base_path: str = "/"
) -> tuple[str, list[str], list[str]]:
    """The page with its CSP, links and lang fixed, its problems, and its relative links."""
    if rel_path != "404.html":
        page = relativize(page, rel_path, base_path)
    scan = PageScan(allow_root_absolute=rel_path == "404.html")
    scan.feed(page)
    hashes, problems = script_hashes(page)
    if CHARSET not in page:
        problems.append("no <meta charset> to put the CSP after")
    if 'http-equiv="Content-Security-Policy"' in page:
        problems.append("the page already has a CSP meta element")
    extra = hashes + (["'wasm-unsafe-eval'"] if "assets/js/search.js" in page else [])
    policy = POLICY.format(scripts="".join(" " + h for h in extra))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    page = page.replace(CHARSET, CHARSET + meta, 1)
    page = page.replace('<html lang="zh" ', '<html lang="zh-Hans" ', 1)
    return page, scan.problems + problems, scan.links


def _target_exists(files: set[str], page_rel: str, link: str) -> bool:
    """Whether a relative link from the page at `page_rel` names a file (or folder index) of the site."""
    path = unquote(urlsplit(link).path)
    if not path:
        return True
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if target.startswith("../"):
        return False
    return (
        target in files
        or posixpath.join(target, "index.html") in files
        or (target == "." and "index.html" in files)
    )


def site_files(site: Path) -> tuple[set[str], list[str]]:
    """Every file of the site (what relative links are checked against) and its HTML pages, relative."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return files, sorted(f for f in files if f.endswith(".html"))


def harden_pages(
    site: Path, pages: list[str], files: set[str], base_path: str, page_fn: Callable = harden_page
) -> list[str]:
    """Harden these pages of `site` in place; the problems found, each naming its page."""
    problems: list[str] = []
    for rel in pages:
        path = site / rel
        page, unsized = image_sizes.add_sizes(path.read_text(encoding="utf-8"), rel, site)
        text, found, links = page_fn(page, rel, base_path)
        problems += [f"{rel}: {p}" for p in [*unsized, *found]]
        problems += [f"{rel}: broken link {link!r}" for link in links if not _target_exists(files, rel, link)]
        path.write_text(text, encoding="utf-8")
    return problems


def raise_problems(problems: list[str]) -> None:
    """HardenError listing (the first 200 of) the problems, if there are any."""
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:200])
        raise HardenError(f"{len(problems)} problem(s) in the built site:\n{shown}")
