"""Pages stage: write every generated Markdown page, in zh-Hans, zh-Hant and English, into the docs dir.

Pages: home (`index`, home.py), the ten sections (`sections/<n>`, lists.py), one page per target
(`targets/<id>`, target.py), reporting status (lists.py), methodology, about and search. File names follow mkdocs-static-i18n's suffix
structure: `page.md` (zh-Hans, served at /), `page.zh-Hant.md`, `page.en.md`. zh-Hant is written
by us from the Simplified text with OpenCC s2tw (see `i18n.py`), not by a MkDocs hook. Hand-written
prose (home introduction, methodology) lives in `docs/text/<name>.<zh|en>.md`.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from build_scripts import paths
from build_scripts.common.i18n import LANGS, Lang
from build_scripts.pages import target as page_target
from build_scripts.pages.examples import examples
from build_scripts.pages.home import home
from build_scripts.pages.lists import reporting, section
from build_scripts.pages.parts import Site, environment, front_matter, section_page, source_file, target_page
from build_scripts.pages.words import w
from build_scripts.progress.summaries import summary
from build_scripts.validate.encoding import detect


def run(site: Site, docs_dir: Path, langs: tuple[str, ...] = LANGS) -> list[Path]:
    """Write every page in every language; returns the files written."""
    env = environment()
    for code in langs:
        for ind in site.pkg.indicators:
            site.summaries[(code, ind.indicator_id)] = summary(
                Lang(code), site.pkg, ind, site.assessments[ind.indicator_id]
            )
    written = []
    for code in langs:
        lang = Lang(code)
        pages = {
            "": ("home.md.j2", home(site, lang, hand_written(site, lang, "home"))),
            "reporting/": ("reporting.md.j2", reporting(site, lang)),
            "about/": ("about.md.j2", about(site, lang)),
            "methodology/": ("methodology.md.j2", methodology(site, lang)),
            "search/": ("search.md.j2", search(lang)),
        }
        for s in site.pkg.sections:
            pages[section_page(s.section_id)] = ("section.md.j2", section(site, lang, s.section_id))
        for ind in site.pkg.indicators:
            pages[target_page(ind.indicator_id)] = ("target.md.j2", page_target.context(site, lang, ind))
        for page, (template, ctx) in pages.items():
            path = source_file(docs_dir, page, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(env.get_template(template).render(**ctx), encoding="utf-8")
            written.append(path)
    return written


LOOKS_LIKE = {  # the validator's findings (validate/encoding.py) → the encoding named to the maintainer
    "encoding-gbk": "GBK/GB18030",
    "encoding-big5": "Big5",
    "encoding-utf16": "UTF-16",
    "encoding-utf16-nobom": "UTF-16",
    "encoding-ambiguous": "GBK/GB18030 / Big5",
}


class ProseError(Exception):
    """A hand-written text that cannot be read as UTF-8; the message names it and the fix (zh + en)."""


def hand_written(site: Site, lang: Lang, name: str) -> Markup:
    """Trusted Markdown from docs/text/<name>.<zh|en>.md (zh-Hant converted from zh)."""
    text = read_prose(site.text_dir / f"{name}.{'en' if lang.is_en else 'zh'}.md")
    return Markup(lang.zh(text) if not lang.is_en else text)


def read_prose(path: Path) -> str:
    """A hand-written Markdown file's text. Editors on Windows save UTF-8 with a byte-order mark (it is
    dropped: it would turn a first `## ` heading into text) or in the legacy encoding (refused, saying
    which it looks like, with where and how to fix it)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        looks = LOOKS_LIKE.get(detect(raw).code)
        zh_like, en_like = (f"（看起来是 {looks}）", f" (it looks like {looks})") if looks else ("", "")
        shown = path.relative_to(paths.ROOT) if paths.ROOT in path.parents else path
        raise ProseError(
            f"{shown} 第 {line} 行不是 UTF-8 文本{zh_like}：请用 UTF-8 编码另存（记事本：另存为 → 编码选 "
            f"UTF-8） / {shown} is not UTF-8 text at line {line}{en_like}: save it as UTF-8 (Notepad: "
            "Save As → Encoding: UTF-8)"
        ) from None


def _t(lang: Lang, **keys: str) -> dict[str, str]:
    return {name: lang.t(key) for name, key in keys.items()}


def methodology(site: Site, lang: Lang) -> dict:
    """The hand-written rules plus worked examples taken from the real assessments."""
    desc = (
        "How each target's status is computed from the data, with worked examples."
        if lang.is_en
        else lang.zh("每个目标的状态如何由数据算出，并以实际数据举例说明。")
    )
    return {
        "front": {"title": front_matter(lang.t("methodology.title")), "description": front_matter(desc)},
        "t": _t(lang, examples="methodology.examples"),
        "text": hand_written(site, lang, "methodology"),
        "examples": examples(site, lang, "methodology/"),
    }


def search(lang: Lang) -> dict:
    """The search page (pagefind, one index per language)."""
    return {
        "front": {
            "title": front_matter(lang.t("search.title")),
            "description": front_matter(lang.t("search.description")),
        },
        "t": _t(
            lang,
            none="search.none",
            loading="search.loading",
            label="search.label",
            button="search.button",
            noscript="search.noscript",
        ),
    }


def about(site: Site, lang: Lang) -> dict:
    """Who runs the site, how data get in, how to contribute (hand-written, docs/text/about.*.md)."""
    return {
        "front": {
            "title": front_matter(w(lang, "about.title")),
            "description": front_matter(w(lang, "about.description")),
        },
        "text": hand_written(site, lang, "about"),
    }
