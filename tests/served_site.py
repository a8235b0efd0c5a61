"""The real site built with SITE_URL set to the local server that serves it, and what test_portal_clients
reads it with: plain HTTP, the frictionless CLI, pyshacl on the DCAT catalogue, pyld on the JSON-LD, and
the snippets of the data pages."""

from __future__ import annotations

import functools
import html
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from build_scripts import paths
from build_scripts.common.dates import build_today
from build_scripts.load.package import load_package
from build_scripts.pipeline import Timer, build_site

REFERENCE = paths.TESTS / "reference"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


HTML_LANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


SNIPPET_RE = re.compile(r'<pre><code class="language-(python|bash)">(.*?)</code></pre>', re.DOTALL)


EPOCH = "1796083200"  # 2026-12-01T00:00:00Z, a fixed build date for the two builds


@dataclass(frozen=True)
class Served:
    """A built site and the URL it is served at (which is also its SITE_URL)."""

    root: Path
    url: str


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build_with_site_url(pkg, out: Path, site_url: str) -> None:
    """One full build of the real package with SITE_URL and SOURCE_DATE_EPOCH set."""
    saved = {k: os.environ.get(k) for k in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    os.environ.update(SITE_URL=site_url, SOURCE_DATE_EPOCH=EPOCH)
    try:
        build_site(pkg, out / "site", out / "docs", build_today(), Timer(quiet=True))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def fetch(url: str) -> bytes:
    """A 200 response body over HTTP (anything else raises)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200, url
        return response.read()


def frictionless_json(target: str) -> dict:
    """`frictionless validate --json <target>`, its report parsed."""
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", target], capture_output=True, text=True, timeout=600
    )
    return json.loads(done.stdout)


def shacl_results(catalog: bytes, shapes: str) -> list[tuple[str, str, str]]:
    """pyshacl (no inference) on the catalogue: (severity, path, message) of every result."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    data = Graph().parse(data=catalog, format="json-ld")
    shape_graph = Graph().parse(REFERENCE / "dcat-ap-3.0.1" / shapes, format="turtle")
    _, report, _ = validate(data, shacl_graph=shape_graph, inference="none")
    return sorted(
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.subjects(object=SH.ValidationResult)
    )


def schemaorg_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader that serves the schema.org context from tests/reference/ and refuses the rest."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"JSON-LD context {url} is not available offline")
    document = json.loads((REFERENCE / "schemaorg" / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


def jsonld_blocks(served: Served, page: str) -> list[dict]:
    text = fetch(served.url + page).decode("utf-8")
    assert f'<html lang="{HTML_LANG[lang_of(page)]}"' in text, page
    return [json.loads(b) for b in JSONLD_RE.findall(text)]


def lang_of(page: str) -> str:
    return next((code for code in ("zh-Hant", "en") if page.startswith(code + "/")), "zh")


def absolute_urls(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("url", "contentUrl", "@id") and isinstance(value, str):
                yield value
            else:
                yield from absolute_urls(value)
    elif isinstance(data, list):
        for item in data:
            yield from absolute_urls(item)


def snippets(served: Served, page: str) -> list[tuple[str, str]]:
    text = fetch(served.url + page).decode("utf-8")
    return [(kind, html.unescape(code)) for kind, code in SNIPPET_RE.findall(text)]


def page_html(md: Path) -> Path:
    """Where MkDocs writes a page (use_directory_urls): a/index.md → a/index.html, a/b.md → a/b/index.html."""
    return md.parent / "index.html" if md.stem == "index" else md.parent / md.stem / "index.html"


@contextmanager
def served_site(base: Path) -> Iterator[Served]:
    """The real package built into `base/site` with SITE_URL = the local server that then serves it."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(base / "site"))
    )
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_with_site_url(load_package(paths.PACKAGE), base, url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(base / "site", url)
    finally:
        server.shutdown()
        server.server_close()
