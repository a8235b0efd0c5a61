"""`make bench`, preview part: what a maintainer waits for in `make preview` after saving one change.

The incremental build of `measure` starts a new process for every build (`make site` again): it pays
the interpreter's start, the imports, Altair's import and vl-convert's JS engine every time. In `make
preview` (build_scripts/preview.py) the builds run in one long-lived process, so a save pays only
the work the change makes. Here the preview runs in the bench's clone (port 0: a free one); each
round changes one more observation (`build.perturb_observation`, as the incremental builds do) and
times, from the moment the file is written, until the preview's long-poll (`/__preview__/wait`,
the one the open page's reload script waits on) announces the new build: the watcher's polling and
settling, the validation and the build, all included. The build's own time (its "✓ … in N s" line)
is kept beside it. A round whose build fails or never comes fails this part of the bench.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from build_scripts import paths
from build_scripts.bench import build
from build_scripts.bench.measure import log

READY = re.compile(r"^Preview at (http://127\.0\.0\.1:\d+/) ")
BUILT = re.compile(r"^✓ \d+ pages in .+ in (\d+(?:\.\d+)?) s$")
START_S = 600.0  # the first build of the preview (a clean clone's: every chart drawn) and the server
ROUND_S = 120.0  # one rebuild, announced


class Output:
    """The preview's output lines, read on a thread as they come."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, pattern: re.Pattern[str], after: int, seconds: float) -> re.Match[str]:
        """The first line from index `after` on that matches `pattern`; RuntimeError after `seconds`."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while True:
                for line in self.lines[after:]:
                    found = pattern.match(line)
                    if found:
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():  # out of time, or the preview has ended
                    tail = "\n".join(self.lines[-40:])
                    raise RuntimeError(f"the preview printed no line like {pattern.pattern!r}:\n{tail}")
                self.changed.wait(min(left, 1.0))


def announced(url: str, since: int, seconds: float) -> int:
    """The preview's build number once it differs from `since` (the long-poll answers after at most
    25 s without news: asked again until `seconds` have passed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}__preview__/wait?since={since}", timeout=60) as answer:
            version = json.loads(answer.read())["version"]
        if version != since:
            return version
    raise RuntimeError(f"the preview announced no new build within {seconds:.0f} s")


def bench_preview(repo: Path, rounds: int) -> dict:
    """`python -m build_scripts.preview` in the clone; `rounds` saves of one changed observation each."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env = {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env |= {"PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}  # each line as printed, in UTF-8
    command = [build.python(), "-m", "build_scripts.preview", "--port", "0"]
    proc = subprocess.Popen(
        command,
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        output = Output(proc)
        url = output.wait_for(READY, 0, START_S)[1]
        version = announced(url, -1, ROUND_S)
        runs = []
        for _ in range(rounds):
            after = len(output.lines)
            edit = build.perturb_observation(repo / paths.PACKAGE.relative_to(paths.ROOT), 1)
            saved = time.perf_counter()
            version = announced(url, version, ROUND_S)
            waited = time.perf_counter() - saved
            built = output.wait_for(BUILT, after, ROUND_S)  # a failed build prints no such line
            stages = build.parse_stages("\n".join(output.lines[after:]))
            runs.append(
                {"edit": edit, "save_to_reload_s": waited, "build_s": float(built[1]), "stages": stages}
            )
            log(f"preview rebuild: {waited:.2f} s from the save to the reload ({edit})")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {"runs": runs}


def medians(part: dict) -> tuple[float, float]:
    """The median seconds from a save to the reload, and of the builds themselves."""
    runs = part["runs"]
    if not runs:
        raise ValueError("the preview part has no rounds")
    return (
        statistics.median(r["save_to_reload_s"] for r in runs),
        statistics.median(r["build_s"] for r in runs),
    )


def report_lines(part: dict, clean_s: float | None, limit_s: float, limit_ratio: float) -> list[str]:
    """The preview's rows for the report: each round, the medians, and the rebuild budgets (the
    incremental build's: ≤ `limit_s` and ≤ `limit_ratio` × the clean build of the same bench)."""
    waited, built = medians(part)
    ratio = f"{waited / clean_s:.2f}×" if clean_s else "—"
    ok_ratio = bool(clean_s) and waited / clean_s <= limit_ratio
    return [
        "## Preview rebuild (`make preview`, one observation changed and saved)",
        "",
        f"From the save to the open page's reload signal: median **{waited:.2f} s** "
        f"(≤ {limit_s:.0f} s {'met' if waited <= limit_s else '**MISSED**'}; {ratio} the clean build, "
        f"≤ {limit_ratio}× {'met' if ok_ratio else '**MISSED**'}); the builds themselves {built:.2f} s "
        "(the rest: the watcher's polling and settling, and the validation). Each round: "
        + "; ".join(f"{r['save_to_reload_s']:.2f} s ({r['edit']})" for r in part["runs"])
        + ".",
        "",
    ]


def missed(part: dict, clean_s: float | None, limit_s: float, limit_ratio: float) -> list[str]:
    """The rebuild budgets the preview missed, for the summary line."""
    waited, _ = medians(part)
    out = [f"preview_rebuild_s ({waited:.2f})"] if waited > limit_s else []
    if clean_s and waited / clean_s > limit_ratio:
        out.append(f"preview_ratio ({waited / clean_s:.2f})")
    return out
