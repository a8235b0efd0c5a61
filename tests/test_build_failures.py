"""A failed or killed build leaves `site/` as it was, says why in one line, and cleans up after itself.

Real builds in a throw-away copy of the repository whose package is the small valid one
(tests/repo_copy.make_mini_repo: every stage runs, on 55 pages), real signals:
- a failure that is not one of the project's own errors (here a Jinja syntax error in the theme
  override, as a maintainer editing docs/overrides/ could make) prints "✗ build failed: <stage>:
  <what>; site/ unchanged" and no traceback, exits 1, writes the traceback to build/build-failure.log;
- a failure of the portal's files written while MkDocs runs is reported as the portal's (a bad
  CHANGELOG heading, which the validator explains; an injected error);
- a hand-written text saved in a Windows encoding is named, with the fix, in both languages;
- SIGTERM (a cancelled CI job) stops the build, which removes its own temporary folders;
- after SIGKILL the temporary folders stay behind, and the next build removes them, but not those of
  a build that is still running.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.bench.build import perturb_observation
from build_scripts.pages.build import ProseError, read_prose
from tests.repo_copy import build_env, built, make_mini_repo, pipeline_command, run_build

OVERRIDE = Path("docs/overrides/main.html")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, mini_caches: Path) -> Path:
    """A mini copy of the repository, built once: its site/ is the site a failed build must leave as
    it was."""
    repo = make_mini_repo(tmp_path_factory.mktemp("failures"), mini_caches)
    built(repo)
    return repo


def digest(site: Path) -> str:
    """One hash of every file's path and bytes."""
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def temporary_folders(repo: Path) -> list[str]:
    """The build's temporary folders in the copy: site.tmp-*, site.old-*, build/docs.tmp-*."""
    found = [*repo.glob("site.tmp-*"), *repo.glob("site.old-*"), *(repo / "build").glob("docs.tmp-*")]
    return sorted(p.relative_to(repo).as_posix() for p in found)


def started_build(repo: Path) -> subprocess.Popen:
    """A build started in the background, returned once it has made its temporary docs folder."""
    proc = subprocess.Popen(
        pipeline_command(),
        cwd=repo,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    docs = repo / "build" / f"docs.tmp-{proc.pid}"
    for _ in range(6000):  # up to 10 minutes on a busy machine; looked for often: the mini build is quick
        if docs.is_dir() or proc.poll() is not None:
            break
        time.sleep(0.1)
    if not docs.is_dir():
        proc.kill()
        pytest.fail(f"the build never made {docs}:\n{proc.communicate()[0][-3000:]}")
    return proc


def failed_build(repo: Path, rel: str, change: Callable[[bytes], bytes]) -> str:
    """The output of a build of the copy with the file `rel` changed (restored after), which must fail."""
    path = repo / rel
    good = path.read_bytes()
    path.write_bytes(change(good))
    try:
        done = run_build(repo)
    finally:
        path.write_bytes(good)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    return output


def failure_line(output: str) -> str:
    """The one line a failed build prints."""
    failed = [line for line in output.splitlines() if line.startswith("✗ build failed:")]
    assert len(failed) == 1, output[-3000:]
    return failed[0]


def test_an_unexpected_error_is_one_line_and_site_is_unchanged(repo: Path) -> None:
    before = digest(repo / "site")
    never_closed = b"\n{% if broken %}\n"
    failed = failure_line(failed_build(repo, OVERRIDE.as_posix(), lambda good: good + never_closed))
    assert failed.startswith("✗ build failed: mkdocs: TemplateSyntaxError: "), failed
    assert failed.endswith("; site/ unchanged"), failed
    assert "build/build-failure.log" in failed, failed
    log = (repo / "build" / "build-failure.log").read_text(encoding="utf-8")
    # the traceback reaches into the language build's own process (site/mkdocs_site.py) and names the template
    assert "Traceback (most recent call last)" in log and "TemplateSyntaxError" in log, log[:2000]
    assert f'{OVERRIDE.as_posix()}", line' in log, log[-2000:]
    assert digest(repo / "site") == before, "site/ changed although the build failed"
    assert temporary_folders(repo) == []


def test_a_bad_changelog_heading_stops_the_build_with_the_validators_located_message(repo: Path) -> None:
    """The release feed cannot read a `## ` line that is not a release; the build fails (in the
    portal, while MkDocs runs) and says what the validator says: file, line, both languages."""
    before = digest(repo / "site")
    changelog = "datapackages/hubei-quality/CHANGELOG.md"
    line = len((repo / changelog).read_text(encoding="utf-8").splitlines()) + 2
    output = failed_build(repo, changelog, lambda good: good + b"\n## Unreleased\n")
    assert f"CHANGELOG.md, row {line}" in output and "## [version] – YYYY-MM-DD" in output, output[-3000:]
    assert "数据未通过校验" in output, output[-3000:]
    assert digest(repo / "site") == before, "site/ changed although the build failed"
    assert temporary_folders(repo) == []


def test_a_text_saved_in_a_windows_encoding_is_named_with_the_fix_and_site_is_unchanged(repo: Path) -> None:
    """docs/text/*.md is edited by hand: saved as GBK (Notepad's "ANSI" on Chinese Windows) the build
    names the file, the line and the encoding, in both languages, instead of a UnicodeDecodeError."""
    before = digest(repo / "site")
    gbk = failed_build(repo, "docs/text/about.zh.md", lambda good: good.decode("utf-8").encode("gb18030"))
    failed = failure_line(gbk)
    assert failed.startswith("✗ build failed: pages: docs/text/about.zh.md 第 1 行不是 UTF-8 文本"), failed
    assert "GBK/GB18030" in failed and "save it as UTF-8" in failed and "traceback" not in failed, failed
    assert digest(repo / "site") == before and temporary_folders(repo) == []


def test_a_text_saved_with_a_byte_order_mark_keeps_its_first_heading(tmp_path: Path) -> None:
    prose = tmp_path / "about.zh.md"
    prose.write_bytes("\ufeff## 谁在维护本站\n\n正文\n".encode())
    assert read_prose(prose) == "## 谁在维护本站\n\n正文\n"
    prose.write_bytes("## 谁在维护本站\n".encode("utf-16"))
    with pytest.raises(ProseError, match=r"第 1 行不是 UTF-8 文本（看起来是 UTF-16）"):
        read_prose(prose)


# The portal's second half, run as in the pipeline, but failing (an unexpected error, e.g. a full disk)
FAILING_PORTAL = """
import sys
from build_scripts import pipeline
from build_scripts.portal import build

def write_rest(*args):
    raise OSError(28, "No space left on device (injected)")

build.write_rest = write_rest
sys.exit(pipeline.main([]))
"""


def test_the_portals_failure_while_mkdocs_runs_is_the_portals_and_site_is_unchanged(repo: Path) -> None:
    """The portal's other files (per-target files, API, feed, catalogue) are written while MkDocs
    runs; their failure is reported as the portal's, with the writer's own traceback in the log."""
    before = digest(repo / "site")
    done = subprocess.run(
        [pipeline_command()[0], "-c", FAILING_PORTAL],
        cwd=repo,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    failed = failure_line(output)
    assert failed.startswith("✗ build failed: portal: OSError: [Errno 28] No space left"), failed
    log = (repo / "build" / "build-failure.log").read_text(encoding="utf-8")
    assert "in write_rest" in log and "(injected)" in log, log[-2000:]  # from the writer's process
    assert digest(repo / "site") == before, "site/ changed although the build failed"
    assert temporary_folders(repo) == []


def test_sigterm_stops_the_build_and_it_removes_its_temporary_folders(repo: Path) -> None:
    before = digest(repo / "site")
    proc = started_build(repo)
    proc.send_signal(signal.SIGTERM)
    output = proc.communicate(timeout=600)[0]
    assert proc.returncode == 1, output[-3000:]
    assert "✗ build failed: " in output and "stopped by SIGTERM; site/ unchanged" in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert temporary_folders(repo) == []
    assert digest(repo / "site") == before


def test_after_sigkill_the_next_build_removes_the_leftovers_of_dead_builds_only(repo: Path) -> None:
    proc = started_build(repo)
    proc.kill()
    proc.wait(timeout=60)  # not communicate(): its orphaned children (validator, chart workers) hold stdout
    proc.stdout.close()
    left = temporary_folders(repo)
    assert f"build/docs.tmp-{proc.pid}" in left, left
    # a language's MkDocs output, as a build killed during MkDocs leaves it
    (repo / f"site.tmp-{proc.pid}.mkdocs-en").mkdir()
    left = temporary_folders(repo)
    alive = subprocess.Popen(["sleep", "600"])  # stands for a build still running beside this one
    try:
        running = [repo / f"site.tmp-{alive.pid}", repo / f"site.tmp-{alive.pid}.mkdocs-en"]
        for folder in running:
            folder.mkdir()
        output = built(repo)
        assert temporary_folders(repo) == sorted(f.name for f in running), temporary_folders(repo)
        for rel in left:
            assert f"removed {Path(rel).name}" in output, output[-3000:]
    finally:
        alive.kill()
        alive.wait()
        for folder in running:
            folder.rmdir()


def test_a_failure_of_the_forked_chart_process_is_the_charts_and_site_is_unchanged(repo: Path) -> None:
    """A changed chart is compiled and drawn by a forked copy of the build (charts/pending.py); what
    fails there (here: cached chart specs that cannot be read) fails the build as the charts'."""
    before = digest(repo / "site")
    cached = {p: p.read_bytes() for p in (repo / ".cache" / "chart-specs").glob("*.vg.json")}
    package = repo / paths.PACKAGE.relative_to(paths.ROOT)
    observations = package / "data" / "observations.csv"
    good = observations.read_bytes()
    assert cached, "the copy's first build cached no chart specs"
    try:
        for path in cached:
            path.write_text("{ not JSON", encoding="utf-8")
        perturb_observation(package, 1)  # one figure turned provisional: its chart is drawn anew
        done = run_build(repo)
    finally:
        observations.write_bytes(good)
        for path, data in cached.items():
            path.write_bytes(data)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output, output[-3000:]
    assert "compiled and drawn by a forked process meanwhile" in output, output[-3000:]
    assert failure_line(output).startswith("✗ build failed: charts: JSONDecodeError: "), output[-3000:]
    assert digest(repo / "site") == before, "site/ changed although the build failed"
    assert temporary_folders(repo) == []
