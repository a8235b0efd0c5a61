"""`make preview` (build_scripts/preview.py) in a throw-away copy of the repository, for real (its
package: the small valid one, tests/repo_copy.make_mini_repo).

The preview builds, serves the site, and on a save validates and rebuilds: a located problem appears
in the terminal and as a banner on the open page, the previous site stays up, and the open page
reloads itself (in Chromium, without any navigation by the test) when a new build is ready. Its
reload script and banner exist only in the preview server's responses: never in `site/`.
"""

from __future__ import annotations

import gzip
import json
import queue
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.repo_copy import build_env, make_mini_repo

START_S = 900  # the first build of the copy, on a busy machine
REBUILD_S = 600
OBSERVATIONS = Path("datapackages/hubei-quality/data/observations.csv")
HOME_TEXT = Path("docs/text/home.zh.md")
MARKER = "__preview__"


class Preview:
    """The preview process, its base URL and its output lines."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        command = [str(repo / ".venv" / "bin" / "python"), "-m", "build_scripts.preview", "--port", "0"]
        self.proc = subprocess.Popen(
            command, cwd=repo, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        started = self.until(lambda line: line.startswith("Preview at "), START_S)
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", started)[0]

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, wanted, timeout: float) -> str:
        """The first new output line that satisfies `wanted`; fails with the output so far after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():  # it exited: no line will come
                    break
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        pytest.fail(
            f"the preview (exit code {self.proc.poll()}) did not say what was expected:\n"
            + "\n".join(self.seen[-80:])
        )

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    def version(self) -> int:
        return int(re.search(r'data-version="(\d+)"', self.get())[1])

    def wait_for_version_after(self, version: int) -> int:
        """Long-poll like the page's script does, until the preview publishes a newer build or problem."""
        for _ in range(REBUILD_S // 25 + 1):
            with urllib.request.urlopen(
                f"{self.url}__preview__/wait?since={version}", timeout=60
            ) as response:
                now = json.load(response)["version"]
            if now != version:
                return now
        pytest.fail("the preview published nothing new:\n" + "\n".join(self.seen[-80:]))


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory, mini_caches: Path) -> Iterator[Preview]:
    # the small valid package in the copy's package folder (tests/repo_copy.make_mini_repo)
    repo = make_mini_repo(tmp_path_factory.mktemp("preview"), mini_caches)
    running = Preview(repo)
    try:
        yield running
    finally:
        running.proc.terminate()
        running.proc.wait(timeout=120)


def edit(path: Path, old: str, new: str) -> str:
    """Replace the first `old` in a file; returns the original text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_pages_carry_the_reload_script_but_site_does_not(preview: Preview) -> None:
    page = preview.get()
    assert re.search(
        r'<script src="/__preview__/reload\.js" data-version="\d+" defer></script>\s*</body>', page
    )
    assert 'id="preview-banner"' not in page
    assert "reload()" in preview.get("__preview__/reload.js")
    on_disk = [
        p for p in (preview.repo / "site").rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()
    ]
    assert on_disk == [], f"preview code reached site/: {on_disk}"


def test_invalid_data_shows_a_located_banner_and_keeps_the_last_site(preview: Preview) -> None:
    csv = preview.repo / OBSERVATIONS
    header, first = csv.read_text(encoding="utf-8").split("\n")[:2]
    column = header.split(",").index("value")
    value = first.split(",")[column]
    letter = "ABCDEFGHIJ"[column]
    before = preview.version()
    original = edit(csv, f"{first}\n", first.replace(f",{value},", f",{value}%,", 1) + "\n")
    try:
        shown = preview.wait_for_version_after(before)
        page = preview.get()
        banner = re.search(r'<div id="preview-banner"[^>]*>(.*?)</div>', page, re.DOTALL)
        assert banner, "no banner on the page after invalid data"
        location = f"observations.csv, row 2, column {letter} (value)"
        assert location in banner[1] and "[number-percent-sign]" in banner[1], banner[1][:2000]
        seen_before = len(preview.seen)
        preview.until(lambda line: "[number-percent-sign]" in line, 60)  # the terminal lists it too
        # the build that ran beside the validator stopped: nothing of the invalid data was published
        preview.until(lambda line: line.startswith("✗ 数据未通过校验"), REBUILD_S)
        assert not any(line.startswith("✓ ") for line in preview.seen[seen_before:])
        assert "<h1" in page, "the last good site is no longer served"
    finally:
        csv.write_text(original, encoding="utf-8")
    preview.until(lambda line: line.startswith("✓ ") or line.startswith("✗ build failed"), REBUILD_S)
    # the build prints its last line before the preview publishes its outcome (the banner cleared)
    preview.wait_for_version_after(shown)
    assert 'id="preview-banner"' not in preview.get()


def test_the_open_page_reloads_itself_after_a_rebuild(preview: Preview, browser) -> None:
    path = preview.repo / HOME_TEXT
    marker = "合成预览测试句（SYNTHETIC preview test sentence）。"
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(preview.url, wait_until="load")
        assert marker not in page.content()
        original = edit(path, "\n", f"\n\n{marker}\n\n")
        try:
            # a locator (Playwright's own script): the page's CSP rightly refuses wait_for_function's eval
            page.get_by_text(marker).wait_for(timeout=REBUILD_S * 1000)
        finally:
            path.write_text(original, encoding="utf-8")
        preview.until(lambda line: line.startswith("✓ ") or line.startswith("✗ build failed"), REBUILD_S)
    finally:
        page.close()
    foreign = [url for url in requests if not url.startswith(preview.url)]
    assert foreign == [], f"requests to other origins: {foreign}"


def test_the_one_server_gzips_sends_cors_on_api_and_data_and_serves_the_404_page(tmp_path: Path) -> None:
    """common/http_server (make serve, make preview, the bench, the tests): what GitHub Pages does."""
    from build_scripts.common.http_server import serve

    files = {
        "index.html": "<!doctype html><title>SYNTHETIC home</title><body>home</body>",
        "404.html": "<!doctype html><title>SYNTHETIC not found</title><body>gone</body>",
        "api/v1/index.json": '{"synthetic": true}',
        "data/latest/synthetic.csv": "id,value\nsynthetic-1,1\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")

    def fetch(url: str, **headers: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    with serve(tmp_path, prefix="/repo/") as base:
        status, headers, _ = fetch(base + "api/v1/index.json")
        assert (status, headers.get("Access-Control-Allow-Origin")) == (200, "*")
        status, headers, _ = fetch(base + "data/latest/synthetic.csv")
        assert (status, headers.get("Access-Control-Allow-Origin")) == (200, "*")
        status, headers, body = fetch(base, **{"Accept-Encoding": "gzip"})
        assert (status, headers.get("Content-Encoding")) == (200, "gzip")
        assert "Access-Control-Allow-Origin" not in headers
        assert gzip.decompress(body).decode() == files["index.html"]
        status, _, body = fetch(base + "no-such-page/")
        assert (status, body.decode()) == (404, files["404.html"])
        status, _, _ = fetch(base.replace("/repo/", "/") + "index.html")  # outside the sub-path
        assert status == 404
