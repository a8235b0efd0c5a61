"""Earlier versions of the package, republished from git history so their stable URLs keep working.

`data/v<version>/` is a promise: a script or a paper that cites version 1.0.0 must still get it after
1.1.0 is out. The site is rebuilt from scratch each time, so every earlier version is taken from git:
for each version that datapackage.json ever had (other than the current one), the package folder as
of the last commit with that version. Each is published as its own `datapackage.json`, resource
files (byte for byte as committed) and zip; no workbook, since an old schema need not follow the
conventions today's code relies on. A shallow clone is refused (see `git_last_update`).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from build_scripts import paths
from build_scripts.common.dates import GitDateError, git_last_update, run_git
from build_scripts.portal.common import PACKAGE_BASENAME
from build_scripts.portal.files import resource_path, write_zip


def past_versions(package_dir: Path, current: str, root: Path = paths.ROOT) -> dict[str, str]:
    """Every earlier version → the last commit that had it, newest version first."""
    git_last_update(package_dir, root)  # refuses a path outside the repository and a shallow clone
    rel = package_dir.resolve().relative_to(root.resolve()).as_posix()
    commits = run_git(root, "log", "--format=%H", "--", rel).split()
    found: dict[str, str] = {}
    for commit, text in zip(commits, files_at(root, commits, f"{rel}/datapackage.json"), strict=True):
        if text is None:
            continue
        version = json.loads(text)["version"]
        if not isinstance(version, str) or "/" in version or version.startswith("."):
            raise ValueError(f"datapackage.json at {commit[:10]} has an unusable version {version!r}")
        if version != current and version not in found:
            found[version] = commit
    return found


def files_at(root: Path, commits: list[str], path: str) -> list[bytes | None]:
    """The bytes of `path` as of each commit (None where it did not exist), from one `git cat-file
    --batch` for all of them: two git processes per build instead of two per commit of the history."""
    done = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input="".join(f"{commit}:{path}\n" for commit in commits).encode(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitDateError(f"git cat-file --batch failed: {done.stderr.decode(errors='replace')}")
    out, at = [], 0
    for _ in commits:
        end = done.stdout.index(b"\n", at)
        header = done.stdout[at:end].split()
        if header[-1] == b"missing":
            out.append(None)
            at = end + 1
            continue
        size = int(header[2])
        out.append(done.stdout[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the content is followed by a newline
    return out


def publish_past_versions(
    into: Path, package_dir: Path, versions: dict[str, str], root: Path = paths.ROOT
) -> None:
    """Write `data/v<version>/` (datapackage.json, resources, zip) for each (version, commit)."""
    rel = package_dir.resolve().relative_to(root.resolve()).as_posix()
    for version, commit in versions.items():
        with tempfile.TemporaryDirectory() as tmp:
            old = _checkout(root, commit, rel, Path(tmp))
            target = into / f"data/v{version}"
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            shutil.copyfile(old / "datapackage.json", target / "datapackage.json")
            for res in json.loads((old / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
                path = resource_path(res)
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(old / path, target / path)
            write_zip(old, target / f"{PACKAGE_BASENAME}.zip")


def _checkout(root: Path, commit: str, rel: str, dest: Path) -> Path:
    """The package folder as of `commit`, extracted under `dest`."""
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit, rel], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / rel
