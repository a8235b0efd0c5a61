"""Edits of a copy of the valid mini package (tests/fixtures/valid-mini plus the real datapackage.json),
the way a maintainer or an attacker would make them: the building blocks of tests/hostile_cases.py.
Links and FIFOs cannot be committed as fixtures, so they are made here.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import opencc

from build_scripts import paths

TODAY = date(2026, 11, 26)
VALID = paths.FIXTURES / "valid-mini"
BAD = paths.FIXTURES / "bad"
OBS_ROW2 = "mfg-product-pass-rate-hubei,2022,93.58,93.58,"
SRC_URL = "https://ctdsbepaper.hubeidaily.net/pc/content/202309/06/content_241571.html"
TARGET = "mfg-product-pass-rate,1,2,制造业产品质量合格率,Manufacturing product quality pass rate,numeric,percent,ge,95,,"

Mutation = Callable[[Path], None]


def edit(name: str, old: str, new: str) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def encode(name: str, codec: str, traditional: bool = False) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes((opencc.OpenCC("s2t").convert(text) if traditional else text).encode(codec))

    return apply


def link(name: str, target: Callable[[Path], Path]) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / name
        dest = target(pkg)
        if path.is_dir():
            shutil.copytree(path, dest, dirs_exist_ok=True)
            shutil.rmtree(path)
        else:
            if not dest.exists():
                shutil.copy(path, dest)
            path.unlink()
        path.symlink_to(dest)

    return apply


def outside_copy(name: str) -> Callable[[Path], Path]:
    return lambda pkg: pkg.parent / f"outside-{name.replace('/', '-')}"


def fifo(name: str) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return apply


def descriptor(
    change: Callable[[dict], None] | None = None, text: Callable[[str], str] | None = None
) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        if change:
            data = json.loads(path.read_text(encoding="utf-8"))
            change(data)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        if text:
            path.write_text(text(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def resource(name: str, change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda d: change(next(r for r in d["resources"] if r["name"] == name))


def raw(name: str, make: Callable[[str], bytes]) -> Mutation:
    def apply(pkg: Path) -> None:
        path = pkg / "data" / name
        path.write_bytes(make(path.read_text(encoding="utf-8")))

    return apply


def changelog(data: bytes) -> Mutation:
    """The package's CHANGELOG.md (beside datapackage.json) with these bytes."""
    return lambda pkg: (pkg / "CHANGELOG.md").write_bytes(data)


LOG = "# 数据更新日志 / Data changelog\n\n"
REVISION = "mfg-product-pass-rate-hubei,2023-04-31,hubeidaily-2023-09-06-quality-whitepaper,93.5,93.58,2024-01-05,correction,typo\n"
OBS, SRC, IND, UNITS, GEO, REV, DESC = (
    "observations.csv",
    "sources.csv",
    "indicators.csv",
    "units.csv",
    "geographies.csv",
    "revisions.csv",
    "datapackage.json",
)


def make_package(tmp_path: Path, mutate: Mutation | None = None, overlay: Path | None = None) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(VALID, package)
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    for file in overlay.iterdir() if overlay else []:
        shutil.copy(file, package / "data" / file.name)
    if mutate:
        mutate(package)
    return package
