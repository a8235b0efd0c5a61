"""The portal's download files: byte-identical package copies, a zip, its descriptor, a workbook.

Everything is written twice, under `data/latest/` and under `data/v<version>/`, so a link to a
version keeps pointing at that version's files. The zip is reproducible (sorted entries, fixed
timestamps); `hubei-quality.package.json` beside it describes the same package with every
resource read from inside the zip (`innerpath`), because the frictionless CLI opens a *remote* zip
as one compressed file and checks only its first member. The workbook is in `xlsx.py`, the
per-target files in `targets.py`.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from build_scripts.load.package import Package
from build_scripts.portal.common import LATEST, PACKAGE_BASENAME, Context
from build_scripts.portal.xlsx import ZIP_TIME, write_xlsx

MEDIATYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_DESCRIPTOR = f"{PACKAGE_BASENAME}.package.json"


@dataclass(frozen=True)
class Download:
    """One published file: its path from the site root, size and media type."""

    path: str
    n_bytes: int
    mediatype: str

    @property
    def name(self) -> str:
        """The file name."""
        return PurePosixPath(self.path).name


def publish_package(ctx: Context, into: Path) -> dict[str, Download]:
    """Write the package copies, zip and workbook under v<version>/, then the same files under latest/.

    Returns the latest/ files keyed `datapackage`, `zip`, `xlsx` and `csv:<resource>`.
    """
    versioned = _publish_into(ctx.pkg, into, ctx.versioned, xlsx_date(ctx))
    latest = into / LATEST
    if latest.exists():
        shutil.rmtree(latest)
    shutil.copytree(into / ctx.versioned, latest)
    return {key: _download(into, LATEST + d.path.removeprefix(ctx.versioned)) for key, d in versioned.items()}


def xlsx_date(ctx: Context) -> date:
    """The workbook's date: the package's last commit, else (uncommitted, a local build) its `created`."""
    if ctx.package_update.known:
        return ctx.package_update.day
    return date.fromisoformat(ctx.pkg.descriptor["created"][:10])


def _publish_into(pkg: Package, into: Path, folder: str, stamp: date) -> dict[str, Download]:
    target = into / folder
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    out = {"datapackage": _copy(pkg.directory / "datapackage.json", into, folder + "datapackage.json")}
    for res in pkg.descriptor["resources"]:
        rel = resource_path(res)
        out[f"csv:{res['name']}"] = _copy(pkg.directory / rel, into, folder + rel)
    zip_path = folder + f"{PACKAGE_BASENAME}.zip"
    write_zip(pkg.directory, into / zip_path)
    out["zip"] = _download(into, zip_path)
    (into / folder / ZIP_DESCRIPTOR).write_text(
        json.dumps(zip_descriptor(pkg.descriptor), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    out["zip_descriptor"] = _download(into, folder + ZIP_DESCRIPTOR)
    xlsx_path = folder + f"{PACKAGE_BASENAME}.xlsx"
    write_xlsx(pkg, into / xlsx_path, stamp)
    out["xlsx"] = _download(into, xlsx_path)
    return out


def resource_path(resource: dict) -> str:
    """A resource's relative path, refused if it is not a plain relative path to a file."""
    path = resource["path"]
    if (
        not isinstance(path, str)
        or path.startswith("/")
        or ".." in PurePosixPath(path).parts
        or "://" in path
    ):
        raise ValueError(f"resource {resource['name']}: path {path!r} is not a relative file path")
    return path


def _copy(source: Path, into: Path, dest: str) -> Download:
    (into / dest).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, into / dest)
    return _download(into, dest)


def _download(into: Path, path: str) -> Download:
    suffix = PurePosixPath(path).suffix
    if suffix not in MEDIATYPES:
        raise ValueError(f"no media type for {path}")
    return Download(path, (into / path).stat().st_size, MEDIATYPES[suffix])


def write_zip(package_dir: Path, dest: Path) -> None:
    """Every file of the package folder (hidden files excluded), sorted, with fixed timestamps."""
    files = sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(package_dir).parts)
    )
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(package_dir).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def zip_descriptor(descriptor: dict) -> dict:
    """The package descriptor with every resource read from inside the zip beside it."""
    out = json.loads(json.dumps(descriptor))
    for res in out["resources"]:
        res["innerpath"] = resource_path(res)
        res["path"] = f"{PACKAGE_BASENAME}.zip"
        res["compression"] = "zip"
    return out
