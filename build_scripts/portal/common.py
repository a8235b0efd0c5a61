"""What every part of the open-data portal shares: the build context, URLs and text helpers.

URLs. Every published file has one path from the site root (`data/latest/...`, `api/v1/...`). A
link in a page or file is either *relative* to where it is read from (always works, also under a
sub-path and on a local preview) or *absolute* (`site_url` + path) where a reader copies it out of
the site: snippets, citations, JSON-LD and the DCAT catalog. When `mkdocs.yml` sets no `site_url`,
those are relative too and the data page says so.

Dates. A resource's "last update" comes from git (`common/dates.py`); a file with uncommitted
changes (a local build) has no such date and is reported as such, never guessed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from build_scripts import paths
from build_scripts.common.dates import LastUpdate, cannot_date
from build_scripts.common.i18n import Lang
from build_scripts.common.urls import relative
from build_scripts.load.package import Package
from build_scripts.progress.assess import Assessment

LATEST = "data/latest/"
DATA_PAGE = "data/"
API = "api/v1/"
CATALOG = "data/catalog.jsonld"
FEED = "data/releases.xml"  # Atom; .xml (not .atom) because every static host knows its type
PACKAGE_BASENAME = "hubei-quality"
CJK = "\u3400-\u9fff\uf900-\ufaff"
_BILINGUAL = re.compile(rf"^(?P<en>.*[.)])\s+(?P<zh>[{CJK}（“].*)$", re.DOTALL)


@dataclass(frozen=True)
class Context:
    """Everything the portal stages read: the package, the assessments and how URLs are written."""

    pkg: Package
    assessments: dict[str, Assessment]
    today: date
    site_url: str | None
    updates: dict[str, LastUpdate]
    package_update: LastUpdate
    past: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The data version from datapackage.json."""
        return self.pkg.version

    @property
    def versioned(self) -> str:
        """The stable folder of this version, e.g. `data/v1.0.0/`."""
        return f"data/v{self.version}/"

    def link(self, target: str, from_dir: str, *, absolute: bool = False) -> str:
        """A URL for `target` (a path from the site root) as read from the folder `from_dir`.

        Absolute (`site_url` + path) when asked for and a `site_url` is configured, else relative.
        """
        if absolute and self.site_url:
            return self.site_url + target
        return relative(target, from_dir)


def configured_site_url(mkdocs_yml: Path = paths.MKDOCS_YML) -> str | None:
    """`site_url` from mkdocs.yml (environment variables resolved), with a trailing slash; None if unset."""
    with mkdocs_yml.open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    url = config.get("site_url")
    if not url:
        return None
    if not re.match(r"^https?://[^\s]+$", url):
        raise ValueError(f"{mkdocs_yml}: site_url {url!r} is not an http(s) URL")
    return url if url.endswith("/") else url + "/"


def split_bilingual(text: str) -> tuple[str, str]:
    """'English text. 中文。' (the descriptor's convention) → ('English text.', '中文。'); else raise."""
    match = _BILINGUAL.match(text)
    if not match or ". " in match["zh"]:
        raise ValueError(f"not an 'English. 中文' description: {text!r}")
    return match["en"], match["zh"]


def split_title(text: str) -> tuple[str, str]:
    """'English title / 中文标题' → ('English title', '中文标题'); else raise."""
    parts = text.split(" / ")
    if len(parts) != 2 or not re.search(f"[{CJK}]", parts[1]):
        raise ValueError(f"not an 'English / 中文' title: {text!r}")
    return parts[0], parts[1]


def in_lang(lang: Lang, text: str, *, title: bool = False) -> str:
    """The page language's half of a bilingual descriptor text (zh-Hant converted from Simplified)."""
    en, zh = split_title(text) if title else split_bilingual(text)
    return en if lang.is_en else lang.zh(zh)


def zh_label(description: str) -> str:
    """The short Chinese label of a field: the first clause of its description's Chinese half."""
    return re.split("[，；。]", split_bilingual(description)[1])[0]


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(str(text), quote=True)


def size_label(n_bytes: int) -> str:
    """A file size for people: bytes below 1 KiB, else KiB or MiB with one decimal."""
    if n_bytes < 1024:
        return f"{n_bytes} B"
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.1f} KiB"
    return f"{n_bytes / 1024 / 1024:.1f} MiB"


def update_label(update: LastUpdate, lang: Lang) -> str:
    """'2026-11-26', or a note that the file has uncommitted changes (local build)."""
    if update.known:
        return update.day.isoformat()
    if update.uncommitted:
        return "uncommitted changes (local build)" if lang.is_en else lang.zh("未提交的修改（本地构建）")
    raise cannot_date()
