"""MkDocs' docs dir, assembled fresh for each build: the committed static parts of docs/ plus the vendored
vega runtime; the pages stage and the portal's data page then go into it (the portal's other files
into `portal_dir`, beside it). A build's docs dir and output are its own (`private_docs_dir`,
`<site>.tmp-<pid>`) until `swap_into` puts them in place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from build_scripts import paths
from build_scripts.site.mkdocs_site import SiteError

NODE_MODULES = paths.ROOT / "node_modules"
VEGA_FILES = ("vega/build/vega.min.js", "vega-embed/build/vega-embed.min.js")
NOT_COPIED = ("overrides", "text")  # docs/ parts that are templates or prose, not site files


def assemble_docs(docs_dir: Path) -> None:
    """A fresh docs dir: the committed static parts of docs/ plus the vendored vega runtime; and an
    empty `portal_dir` beside it."""
    for folder in (docs_dir, portal_dir(docs_dir)):
        if folder.exists():
            shutil.rmtree(folder)
    portal_dir(docs_dir).mkdir(parents=True)
    shutil.copytree(paths.DOCS, docs_dir, ignore=lambda d, names: NOT_COPIED if Path(d) == paths.DOCS else [])
    vendor = docs_dir / "assets" / "vega"
    vendor.mkdir(parents=True)
    for rel in VEGA_FILES:
        src = NODE_MODULES / rel
        if not src.is_file():
            raise SiteError(f"{src} is missing: run `npm ci` (make install) first")
        shutil.copy2(src, vendor / src.name)


def portal_dir(docs_dir: Path) -> Path:
    """Where the portal writes its files (all but the data page) during a build: beside the docs dir,
    moved into the built site after MkDocs, which never sees them (`mkdocs_site.move_tree`)."""
    return docs_dir.with_name(f"{docs_dir.name}.portal")


def charts_dir(out: Path) -> Path:
    """Where the chart images are written while MkDocs writes the output `out`; moved into it after."""
    return out.with_name(f"{out.name}.charts")


def private_docs_dir() -> Path:
    """A docs dir of this process only (two builds at once, e.g. `make site` and `make test`, must not
    share one); it becomes build/docs when the build succeeds, for inspection and tests."""
    return paths.BUILD_DOCS.with_name(f"{paths.BUILD_DOCS.name}.tmp-{os.getpid()}")


def swap_into(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames on the same filesystem."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
