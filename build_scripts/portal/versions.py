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
from build_scripts.common.dates import git_last_update, run_git
from build_scripts.portal.common import PACKAGE_BASENAME
from build_scripts.portal.files import resource_path, write_zip


def past_versions(package_dir: Path, current: str, root: Path = paths.ROOT) -> dict[str, str]:
    """Every earlier version → the last commit that had it, newest version first."""
    git_last_update(package_dir, root)  # refuses a path outside the repository and a shallow clone
    rel = package_dir.resolve().relative_to(root.resolve()).as_posix()
    found: dict[str, str] = {}
    for commit in run_git(root, "log", "--format=%H", "--", rel).split():
        listed = run_git(root, "ls-tree", "--name-only", commit, f"{rel}/datapackage.json").strip()
        if not listed:
            continue
        version = json.loads(run_git(root, "show", f"{commit}:{rel}/datapackage.json"))["version"]
        if not isinstance(version, str) or "/" in version or version.startswith("."):
            raise ValueError(f"datapackage.json at {commit[:10]} has an unusable version {version!r}")
        if version != current and version not in found:
            found[version] = commit
    return found


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
