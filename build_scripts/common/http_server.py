"""A small static file server for `site/` that compresses like GitHub Pages does.

`python -m http.server` sends every file uncompressed, which overstates page weight several times over;
GitHub Pages gzips text responses. This server gzips text types (HTML, CSS, JS, JSON, SVG, XML, text)
when the client sends `Accept-Encoding: gzip`, sends `Content-Length`, `Vary` and Pages' 10-minute
`Cache-Control`, serves `index.html` for directories (redirecting `dir` to `dir/`), answers unknown
paths with the site's own `404.html` and status 404, and can mount the site under a sub-path (as a
GitHub Pages project site `/<repo>/`), so tests prove that no link assumes the site sits at `/`.
It binds to 127.0.0.1 only.

Usage: python -m build_scripts.common.http_server [--dir site] [--port 8000] [--prefix /repo/] [--no-gzip]

In Python: `with serve(paths.SITE) as base_url: ...` (port 0 picks a free port).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from build_scripts import paths

HOST = "127.0.0.1"
GZIP_LEVEL = 6  # the common web-server default; the exact level Pages' CDN uses is not documented
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends
CONTENT_TYPES = {
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
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
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
COMPRESSIBLE = {
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".jsonld",
    ".webmanifest",
    ".map",
    ".svg",
    ".xml",
    ".txt",
    ".csv",
    ".md",
}


def content_type(path: Path) -> str:
    """The Content-Type for a file; unknown extensions fail loudly rather than guess."""
    suffix = path.suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise KeyError(f"gzip_server: no content type known for {path.name!r}; add it to CONTENT_TYPES")
    return CONTENT_TYPES[suffix]


def make_handler(
    root: Path, prefix: str = "/", use_gzip: bool = True, extra_headers: dict[str, str] | None = None
) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler class serving `root` under URL path `prefix` (which starts and ends with "/").

    `extra_headers` are sent with every file; e.g. a `LinkChecker` header, which lets LinkChecker lift
    its politeness limit (~3 requests per second per host) on a server that is ours.
    """
    extra = dict(extra_headers or {})
    root = root.resolve()
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    cache: dict[tuple[Path, int, int], bytes] = {}
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "gzip_server"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: benchmarks and tests read their own figures."""

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def _serve(self, send_body: bool) -> None:
            url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            if url_path + "/" == prefix:
                return self._redirect(prefix)
            if not url_path.startswith(prefix):
                return self._not_found(send_body)
            file = (root / url_path[len(prefix) :]).resolve()
            if not file.is_relative_to(root):
                return self._not_found(send_body)
            if file.is_dir():
                if not url_path.endswith("/"):
                    return self._redirect(urllib.parse.quote(url_path) + "/")
                file = file / "index.html"
            if not file.is_file():
                return self._not_found(send_body)
            self._send_file(file, 200, send_body)

        def _redirect(self, location: str) -> None:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _not_found(self, send_body: bool) -> None:
            page = root / "404.html"
            if page.is_file():
                return self._send_file(page, 404, send_body)
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", "9")
            self.end_headers()
            if send_body:
                self.wfile.write(b"not found")

        def _send_file(self, file: Path, status: int, send_body: bool) -> None:
            try:
                ctype = content_type(file)
            except KeyError as err:
                return self._server_error(str(err), send_body)
            body = file.read_bytes()
            encoded = False
            accepts = self.headers.get("Accept-Encoding", "")
            if use_gzip and file.suffix.lower() in COMPRESSIBLE and "gzip" in accepts:
                stat = file.stat()
                key = (file, stat.st_mtime_ns, stat.st_size)
                with lock:
                    packed = cache.get(key)
                if packed is None:
                    packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
                    with lock:
                        cache[key] = packed
                body, encoded = packed, True
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", CACHE_CONTROL)
            if use_gzip and file.suffix.lower() in COMPRESSIBLE:
                self.send_header("Vary", "Accept-Encoding")
            if encoded:
                self.send_header("Content-Encoding", "gzip")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def _server_error(self, message: str, send_body: bool) -> None:
            body = message.encode()
            self.send_response(500)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return Handler


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
) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 in a background thread; yields the base URL (ending in `prefix`)."""
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"no index.html in {root}: build the site first")
    server = QuietServer((HOST, port), make_handler(root, prefix, use_gzip, extra_headers))
    thread = threading.Thread(target=server.serve_forever, name="gzip_server", daemon=True)
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
