"""`make preview`: build, serve on 127.0.0.1:8000, and rebuild on every save; the open page reloads itself.

It watches `datapackages/`, `docs/`, the page templates and `mkdocs.yml` (polling their files'
modification times and sizes five times a second, 3 ms a look: no dependency, works on every
filesystem; a change is built once nothing has moved for SETTLE_S). On a change it
validates the package and rebuilds at the same time (the validator in a process of its own, as `make
site` runs it; incrementally: see pipeline.py). Problems are shown as a banner on top of every page
served as soon as the validator has them, and printed in the terminal, located and in both languages,
as `make validate` prints them; the build stops and the previous site stays up. A failed build is a
banner too.

The reloading lives in this server only: each HTML page is sent with the banner (if any) and one
same-origin script, `/__preview__/reload.js`, which long-polls `/__preview__/wait` and reloads the page
when a new build or new problems are ready. Nothing is written into `site/`, so nothing of it can reach
a published build, and nothing is requested from any other origin (the pages' CSP allows 'self').

Usage: python -m build_scripts.preview [--port 8000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import threading
import urllib.parse
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import paths, pipeline
from build_scripts.charts import pending
from build_scripts.common import http_server, templates
from build_scripts.common.dates import build_today
from build_scripts.common.oneshot import OneShot
from build_scripts.failure import Terminated, failure_message

WATCHED = (
    paths.DATAPACKAGES,
    paths.DOCS,
    paths.ROOT / "build_scripts" / "pages" / "templates",
    paths.MKDOCS_YML,
)
POLL_S = 0.2
SETTLE_S = 0.3  # an editor (Excel, WPS) may write a file in steps, or several files: wait for quiet
WAIT_S = 25.0  # a long-poll answers after this long even without news (proxies drop idle requests)
ASSETS = Path(__file__).resolve().parent / "site" / "preview"
TEMPLATES = templates.environment(ASSETS)


@dataclass
class State:
    """What the open pages need to know: a version that changes with every build or problem, and the
    banner text (empty when the last build succeeded)."""

    version: int = 0
    banner: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, banner: str) -> None:
        with self.changed:
            self.version += 1
            self.banner = banner
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout)
            return self.version


def snapshot(roots: tuple[Path, ...] = WATCHED) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file."""
    found = {}
    for root in roots:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            with contextlib.suppress(FileNotFoundError):  # removed while we looked
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def rebuild(state: State, package_dir: Path, target: Path) -> None:
    """Validate and build at the same time (the validator in a process of its own, as in `make site`);
    publish the outcome: the validator's problems (or its failure) as a banner as soon as it has them,
    which also stops the build at its next stage, or else the build's outcome (a banner if it failed)."""
    try:
        today = build_today()  # each rebuild is one build: one date, for the validator and every stage
    except Exception as err:  # e.g. a bad SOURCE_DATE_EPOCH: say so on the page, keep watching
        line = failure_message(err, "validate", target)
        print(line, flush=True)
        state.publish(line)
        return
    verdict: Future[list] = Future()
    checking = OneShot(pipeline.validate, package_dir, today, start="fork")
    waiting = threading.Thread(target=_publish_problems, args=(checking, verdict, state, target))
    waiting.start()
    timer = pipeline.Timer(check=lambda: _stop_if_invalid(verdict, timer))
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(Tee(log)):
            code = pipeline.build_validated(package_dir, target, today, timer, verdict.result)
    finally:
        waiting.join()
        checking.stop()
    if verdict.exception() is None and not verdict.result():  # else its banner is already up
        failed = [line for line in log.getvalue().splitlines() if line.startswith("✗")]
        state.publish("\n".join(failed) if code else "")


class DataInvalid(Exception):
    """The validator found problems while the build ran: the build stops (nothing is swapped in)."""


def _publish_problems(checking: OneShot, verdict: Future, state: State, target: Path) -> None:
    """Wait for the validator; its problems (or its own failure) go on the page at once, and into
    `verdict` for the build (which prints them in the terminal as `make validate` does)."""
    from build_scripts.validate.package import format_text

    try:
        found = checking.result()
    except Exception as err:  # the validator itself failed: nothing is published either
        verdict.set_exception(err)
        state.publish(failure_message(err, "validate", target))
        return
    verdict.set_result(found)
    if found:
        state.publish(format_text(found))


def _stop_if_invalid(verdict: Future, timer: pipeline.Timer) -> None:
    """Called as each stage starts: stop the build once the validator has found problems (once: the
    build's own wait for the validator, a stage too, must then run)."""
    if verdict.done() and (verdict.exception() is not None or verdict.result()):
        timer.check = None
        raise DataInvalid("the validator found problems")


class Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy."""

    def __init__(self, copy: io.StringIO) -> None:
        self.copy, self.terminal = copy, sys.stdout

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.terminal.write(text)

    def flush(self) -> None:
        self.terminal.flush()


def watch(state: State, package_dir: Path, target: Path, stop: threading.Event) -> None:
    """Rebuild whenever a watched file changes (after the writes settle), until `stop`."""
    seen = snapshot()
    while not stop.wait(POLL_S):
        now = snapshot()
        if now == seen:
            continue
        while not stop.wait(SETTLE_S):  # until nothing moves
            settled = snapshot()
            if settled == now:
                break
            now = settled
        changed = sorted(set(now.items()) ^ set(seen.items()))
        names = sorted({Path(p).name for p, _ in changed})
        print(f"\n↻ changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
        seen = now
        rebuild(state, package_dir, target)


def preview_handler(state: State) -> type[http_server.StaticHandler]:
    """The static handler plus the reload script, the long-poll and the banner."""

    class PreviewHandler(http_server.StaticHandler):
        def route(self) -> bool:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/__preview__/reload.js":
                self._send(200, "text/javascript; charset=utf-8", (ASSETS / "reload.js").read_bytes())
            elif url.path == "/__preview__/wait":
                since = urllib.parse.parse_qs(url.query).get("since", ["-1"])[0]
                version = state.wait(int(since) if since.lstrip("-").isdigit() else -1, WAIT_S)
                self._send(200, "application/json", json.dumps({"version": version}).encode())
            else:
                return False
            return True

        def transform_html(self, body: bytes) -> bytes:
            extra = TEMPLATES.get_template("inject.html.j2").render(
                banner=state.banner, version=state.version
            )
            page = body.decode("utf-8")
            at = page.rfind("</body>")
            return (page[:at] + extra + page[at:] if at >= 0 else page + extra).encode("utf-8")

        cache_control = "no-store"  # a reload must fetch the new build, styles and charts included

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return PreviewHandler


def main(argv: list[str] | None = None) -> int:
    """Build, serve and watch until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--package", type=Path, default=paths.PACKAGE)
    args = parser.parse_args(argv)
    try:
        return serve_and_watch(args.package.resolve(), args.port)
    except (KeyboardInterrupt, Terminated):  # Ctrl-C, or SIGTERM during a build
        return 0


def serve_and_watch(package_dir: Path, port: int) -> int:
    """The first build, then the server and the watcher (builds run here, in the main thread)."""
    state, target, stop = State(), paths.SITE, threading.Event()
    pending.preload()  # every rebuild's forked chart process (charts/pending.py) starts with Altair imported
    rebuild(state, package_dir, target)
    if not (target / "index.html").is_file():
        print(
            f"✗ no site to serve in {target}: fix the problems above and run make preview again", flush=True
        )
        return 1
    with http_server.serve(target, port, use_gzip=False, base=preview_handler(state)) as url:
        print(
            f"Preview at {url} · watching datapackages/, docs/, templates, mkdocs.yml · Ctrl-C stops",
            flush=True,
        )
        watch(state, package_dir, target, stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
