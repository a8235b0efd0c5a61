"""The project's one static file server: the standard library's SimpleHTTPRequestHandler, plus what
GitHub Pages does.

`python -m http.server` sends every file uncompressed, which overstates page weight several times over;
GitHub Pages gzips text responses. On top of SimpleHTTPRequestHandler (directory index, `dir` → `dir/`
redirect, Last-Modified / If-Modified-Since) this server:
- gzips text types (HTML, CSS, JS, JSON, SVG, XML, text) when the client sends `Accept-Encoding: gzip`,
  and sends `Vary` and Pages' 10-minute `Cache-Control`;
- answers unknown paths with the site's own `404.html` and status 404;
- sends `Access-Control-Allow-Origin: *` on `api/` and `data/` (what GitHub Pages sends, so another
  site can `fetch` the static API; a host serving the published site must send it too);
- can mount the site under a sub-path (as a GitHub Pages project site `/<repo>/`), so tests prove that
  no link assumes the site sits at `/`;
- refuses (500) a file type it has no Content-Type for, rather than guess;
- binds to 127.0.0.1 only and logs nothing.

`make serve`, `make preview` (a subclass, `build_scripts.site.preview`), the benchmark and the tests all
use it.

Usage: python -m build_scripts.common.http_server [--dir site] [--port 8000] [--prefix /repo/] [--no-gzip]

In Python: `with serve(paths.SITE) as base_url: ...` (port 0 picks a free port).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from build_scripts import paths

HOST = "127.0.0.1"
GZIP_LEVEL = 6  # the common web-server default; the exact level Pages' CDN uses is not documented
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends
CORS_FOLDERS = ("api/", "data/")  # what a client site fetches: the static API and the downloads
TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".yaml": "application/yaml",
    ".cff": "application/yaml",
}
BINARY_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gz": "application/gzip",
    ".wasm": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}
CONTENT_TYPES = {**TEXT_TYPES, **BINARY_TYPES}
COMPRESSIBLE = set(TEXT_TYPES)


class UnknownType(KeyError):
    """A file of a type the server has no Content-Type for."""


def content_type(path: Path) -> str:
    """The Content-Type for a file; unknown extensions fail loudly rather than guess."""
    suffix = path.suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise UnknownType(f"http_server: no content type known for {path.name!r}; add it to CONTENT_TYPES")
    return CONTENT_TYPES[suffix]


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with gzip, a 404 page, CORS on the API and an optional sub-path.

    Configured by `handler_class` (class attributes); subclasses may answer extra paths (`route`) and
    change HTML on its way out (`transform_html`), as the preview server does.
    """

    protocol_version = "HTTP/1.1"
    server_version = "http_server"
    sys_version = ""
    extensions_map: ClassVar[dict[str, str]] = CONTENT_TYPES
    prefix = "/"
    use_gzip = True
    cache_control = CACHE_CONTROL
    extra_headers: ClassVar[dict[str, str]] = {}
    _gzip_cache: ClassVar[dict[tuple[str, int, int], bytes]] = {}
    _gzip_lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: benchmarks and tests read their own figures."""

    def do_GET(self) -> None:
        if not self.route():
            super().do_GET()

    def route(self) -> bool:
        """Answer a path that is not a file of the site; True when answered (none here)."""
        return False

    def transform_html(self, body: bytes) -> bytes:
        """An HTML page on its way out (unchanged here)."""
        return body

    def site_path(self) -> str | None:
        """The request's path inside the site, or None when it is outside the prefix."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def translate_path(self, path: str) -> str:
        inside = self.site_path()
        if inside is None:
            return str(Path(self.directory) / "__outside_the_prefix__")  # no such file: 404
        return super().translate_path("/" + inside)

    def send_head(self) -> io.BytesIO | None:
        """The response head; every body is sent from memory (so it can be gzipped or changed)."""
        if self.prefix != "/" and urllib.parse.urlsplit(self.path).path + "/" == self.prefix:
            return self._redirect(self.prefix)
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the standard 301 to dir/
            file = file / "index.html"
        if not file.resolve().is_relative_to(Path(self.directory).resolve()) or not file.is_file():
            return self._page(Path(self.directory) / "404.html", 404)
        return self._page(file, 200)

    def _page(self, file: Path, status: int) -> io.BytesIO | None:
        if not file.is_file():  # no 404.html (e.g. a build without SITE_URL)
            self.send_error(404, "not found")
            return None
        try:
            ctype = content_type(file)
        except UnknownType as err:
            self.send_error(500, str(err.args[0]))
            return None
        body = file.read_bytes()
        if file.suffix.lower() == ".html":
            body = self.transform_html(body)
        encoded = self._gzipped(file, body) if self._gzip_wanted(file) else None
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(encoded if encoded is not None else body)))
        self.send_header("Cache-Control", self.cache_control)
        if self.use_gzip and file.suffix.lower() in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        if encoded is not None:
            self.send_header("Content-Encoding", "gzip")
        self._common_headers()
        self.end_headers()
        return io.BytesIO(encoded if encoded is not None else body)

    def _common_headers(self) -> None:
        inside = self.site_path() or ""
        if inside.startswith(CORS_FOLDERS):
            self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)

    def _gzip_wanted(self, file: Path) -> bool:
        return (
            self.use_gzip
            and file.suffix.lower() in COMPRESSIBLE
            and "gzip" in self.headers.get("Accept-Encoding", "")
        )

    def _gzipped(self, file: Path, body: bytes) -> bytes:
        """The gzipped body, cached by file, modification time and size (HTML may be transformed: not cached)."""
        if file.suffix.lower() == ".html" and type(self).transform_html is not StaticHandler.transform_html:
            return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        stat = file.stat()
        key = (str(file), stat.st_mtime_ns, stat.st_size)
        with self._gzip_lock:
            packed = self._gzip_cache.get(key)
        if packed is None:
            packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            with self._gzip_lock:
                self._gzip_cache[key] = packed
        return packed

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def handler_class(
    root: Path,
    prefix: str = "/",
    use_gzip: bool = True,
    extra_headers: dict[str, str] | None = None,
    base: type[StaticHandler] = StaticHandler,
) -> functools.partial:
    """A handler serving `root` under URL path `prefix` (which starts and ends with "/").

    `extra_headers` are sent with every file; e.g. a `LinkChecker` header, which lets LinkChecker lift
    its politeness limit (~3 requests per second per host) on a server that is ours.
    """
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    settings = {"prefix": prefix, "use_gzip": use_gzip, "extra_headers": dict(extra_headers or {})}
    configured = type(base.__name__, (base,), {**settings, "_gzip_cache": {}})
    return functools.partial(configured, directory=str(root.resolve()))


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that prints no traceback when a client drops its connection."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """Ignore clients hanging up (browsers and crawlers do); print anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(
    root: Path,
    port: int = 0,
    prefix: str = "/",
    use_gzip: bool = True,
    extra_headers: dict[str, str] | None = None,
    base: type[StaticHandler] = StaticHandler,
) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 in a background thread; yields the base URL (ending in `prefix`)."""
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"no index.html in {root}: build the site first")
    server = QuietServer((HOST, port), handler_class(root, prefix, use_gzip, extra_headers, base))
    thread = threading.Thread(target=server.serve_forever, name="http_server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv: list[str] | None = None) -> int:
    """Serve a built site until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=paths.SITE, help="the built site (default: site/)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="mount the site under this URL path, e.g. /repo/")
    parser.add_argument("--no-gzip", action="store_true", help="send files uncompressed")
    args = parser.parse_args(argv)
    with serve(args.dir, args.port, args.prefix, not args.no_gzip) as url:
        print(
            f"Serving {args.dir} at {url} (gzip {'off' if args.no_gzip else 'on'}); Ctrl-C stops.", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
