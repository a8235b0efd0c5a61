"""Benchmark, build half: clean and warm build times, validation time, and the synthetic scale package.

Nothing here touches the real repository's outputs or data. Builds run in a throw-away clone of the
repository with the working tree's files on top (so "last updated from git" and the earlier versions
work; `.venv` and `node_modules` are symlinked), under a temporary directory that is deleted afterwards. Each warm rebuild turns one
more observation provisional in that copy only. The scale package is the copied package with every target
repeated under clearly synthetic ids (`synthetic-x<k>-…`) and names ("SYNTHETIC …"), built in the
copy and deleted with it; it is never published.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from build_scripts import paths

LINKED = (".venv", "node_modules")
CHART_CACHES = ("chart-specs", "charts")  # content-addressed chart specs and images (charts/specs.py)
# build_scripts/pipeline.py prints one line per finished stage: two spaces, name, wall seconds, CPU seconds
# of the pipeline's own process ("  charts       7.05 s  (cpu  0.31 s)").
STAGE_LINE = re.compile(r"^  (?P<name>[a-z][\w-]*)\s+(?P<sec>\d+\.\d+) s(?:  \(cpu\s+\d+\.\d+ s\))?$")


@dataclass
class BuildRun:
    """One pipeline run: wall-clock and CPU seconds (the build's processes: the pipeline, its chart
    workers, pagefind) and the stage times the pipeline reported. CPU time is the steadier figure on a
    shared machine: it does not count the time spent waiting for a core."""

    wall: float
    stages: dict[str, float]
    cpu: float = 0.0


def git(*args: str) -> str:
    """Run git; fail loudly."""
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def make_worktree(parent: Path) -> Path:
    """A clone of the repository in `parent/repo` (its history: the portal dates files and lists earlier
    versions from git), on branch main with no remote, with the working tree's files on top
    (uncommitted changes included, deleted files deleted); `.venv` and `node_modules` are linked.
    Nothing is shared with the real working tree."""
    repo = parent / "repo"
    git("clone", "--quiet", "--no-checkout", str(paths.ROOT), str(repo))
    head = git("-C", str(paths.ROOT), "rev-parse", "HEAD").strip()
    git("-C", str(repo), "checkout", "--quiet", "-B", "main", head)
    git("-C", str(repo), "remote", "remove", "origin")
    listed = git("-C", str(paths.ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for rel in filter(None, listed.split("\0")):
        src, dest = paths.ROOT / rel, repo / rel
        if src.is_file() and not src.is_symlink():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
        elif not src.exists():  # deleted in the working tree: deleted in the copy too
            dest.unlink(missing_ok=True)
    for name in LINKED:
        if not (paths.ROOT / name).exists():
            raise FileNotFoundError(f"{paths.ROOT / name} is missing: run `make install` first")
        (repo / name).symlink_to(paths.ROOT / name)
    return repo


def clean_outputs(repo: Path, keep: tuple[str, ...] = ()) -> None:
    """Delete every build output and every cache in the work tree but the caches named in `keep`
    (folders of `.cache/`, e.g. CHART_CACHES)."""
    for rel in ("site", "build"):
        shutil.rmtree(repo / rel, ignore_errors=True)
    for stray in repo.glob("site.*"):
        shutil.rmtree(stray, ignore_errors=True)
    if (repo / ".cache").is_dir():
        for cache in (repo / ".cache").iterdir():
            if cache.name not in keep:
                shutil.rmtree(cache, ignore_errors=True)


def python() -> str:
    """The interpreter of the repository's virtual environment (the one running the bench)."""
    venv = paths.ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run_pipeline(repo: Path, extra: list[str] | None = None) -> BuildRun:
    """Run `python -m build_scripts.pipeline` in the work tree; fail loudly if the build fails."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env = {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    before = children_cpu()
    wall, proc = timed([python(), "-m", "build_scripts.pipeline", *(extra or [])], repo, env)
    if proc.returncode != 0:
        raise RuntimeError(
            f"pipeline failed in {repo} ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    run = BuildRun(wall, parse_stages(proc.stdout + "\n" + proc.stderr), children_cpu() - before)
    print(f"[bench] build: wall {run.wall:.1f} s, cpu {run.cpu:.1f} s", file=sys.stderr, flush=True)
    return run


def children_cpu() -> float:
    """User + system CPU seconds of this process's finished children (and theirs, once waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command to the end (output captured) and return its wall-clock seconds with the result."""
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc


def parse_stages(output: str) -> dict[str, float]:
    """Stage timings from the pipeline's output (see `STAGE_LINE`)."""
    stages: dict[str, float] = {}
    for line in output.splitlines():
        m = STAGE_LINE.match(line)
        if m:
            stages[m["name"].strip()] = float(m["sec"])
    return stages


def time_validate(repo: Path, package_dir: Path) -> float:
    """Wall-clock seconds of `python -m build_scripts.validate PACKAGE` (interpreter start included)."""
    wall, proc = timed([python(), "-m", "build_scripts.validate", str(package_dir)], repo)
    if proc.returncode != 0:
        raise RuntimeError(
            f"validation failed for {package_dir}:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"
        )
    return wall


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a package CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows back in the package's dialect (comma, minimal quoting, LF)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def perturb_observation(package_dir: Path, round_no: int) -> str:
    """Change one observation in a COPY of the package; returns what changed.

    Round n turns the n-th final observation of a charted (official) series provisional: a real change
    that reaches its target's page, its chart in three languages (a provisional point is drawn hollow,
    so the chart is re-rendered: a state no cache has seen) and the downloads, yet keeps the copy
    valid and alters no number.
    """
    if paths.ROOT in package_dir.resolve().parents:
        raise RuntimeError(f"refusing to edit the real package: {package_dir}")
    _, series = read_csv(package_dir / "data" / "series.csv")
    official = {s["series_id"] for s in series if s["role"] == "official"}
    path = package_dir / "data" / "observations.csv"
    header, rows = read_csv(path)
    candidates = [r for r in rows if r["status"] == "final" and r["series_id"] in official]
    if round_no > len(candidates):
        raise RuntimeError(f"only {len(candidates)} final observations of official series to change")
    row = candidates[round_no - 1]
    row["status"] = "provisional"
    write_csv(path, header, rows)
    return f"{row['series_id']} {row['period']}: status final → provisional"


def make_scale_package(package_dir: Path, factor: int) -> dict[str, int]:
    """Repeat every target `factor` times in a COPY of the package, under clearly synthetic ids.

    Copy k (1…factor-1) of target i gets id `synthetic-x<k>-t<i>` and the name "SYNTHETIC x<k> …";
    its series are repeated with their observations under `synthetic-x<k>-s<j>`. The observation rows
    (values, quotes, sources) are the package's own rows repeated, so nothing is made up; only the ids
    are synthetic, and the package is deleted after the bench.
    """
    if paths.ROOT in package_dir.resolve().parents:
        raise RuntimeError(f"refusing to edit the real package: {package_dir}")
    data = package_dir / "data"
    ind_header, indicators = read_csv(data / "indicators.csv")
    ser_header, series = read_csv(data / "series.csv")
    obs_header, observations = read_csv(data / "observations.csv")
    new_ind, new_ser, new_obs = list(indicators), list(series), list(observations)
    for k in range(1, factor):
        series_ids: dict[str, str] = {}
        for i, ind in enumerate(indicators):
            ind_id = f"synthetic-x{k}-t{i:03d}"
            new_ind.append(
                {
                    **ind,
                    "indicator_id": ind_id,
                    "name_zh": f"合成测试 x{k} {ind['name_zh']}"[:80],
                    "name_en": f"SYNTHETIC x{k} {ind['name_en']}"[:160],
                }
            )
            for s in (s for s in series if s["indicator_id"] == ind["indicator_id"]):
                series_ids[s["series_id"]] = f"synthetic-x{k}-s{len(series_ids):03d}"
                new_ser.append({**s, "series_id": series_ids[s["series_id"]], "indicator_id": ind_id})
        new_obs += [
            {**o, "series_id": series_ids[o["series_id"]]}
            for o in observations
            if o["series_id"] in series_ids
        ]
    write_csv(data / "indicators.csv", ind_header, new_ind)
    write_csv(data / "series.csv", ser_header, new_ser)
    write_csv(data / "observations.csv", obs_header, new_obs)
    descriptor_path = package_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["title"] = (
        f"SYNTHETIC x{factor} scale-benchmark package, not real data / 合成扩容测试数据包（非真实数据）"
    )
    descriptor["description"] = (
        f"SYNTHETIC: every target of the package repeated {factor} times under synthetic ids for a build-time "
        f"benchmark; never published. 合成数据：每个目标以合成编号重复{factor}次，仅用于构建耗时测试，不发布。"
    )
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"targets": len(new_ind), "series": len(new_ser), "observations": len(new_obs)}
