"""Each language in its own words.

- zh-Hant: every piece of visible text on a zh-Hant page that is ours (not inside an element marked
  as another language or as verbatim source text) is unchanged by `to_hant` (OpenCC s2tw plus
  `HANT_OVERRIDES`): nothing Simplified is left. The overrides follow the outline as received.
- Verbatim source text (quotes, source titles, publishers as printed) is never converted and carries
  the language it is printed in.
- English: amounts in English magnitudes (no "10k items", no "2.42 100 million m²"), nouns that agree
  with their number; Chinese pages carry no English prose.
The site-wide checks read the real site built once per session (`built_site`); the wording
helpers' own tests are in test_pages_wording.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from build_scripts import paths
from build_scripts.common.i18n import Lang, source_lang, to_hant
from build_scripts.load.package import Package

# Elements whose text is not language text: code and machine-readable snippets are copied as-is.
NOT_TEXT = {"script", "style", "template", "code", "pre"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
OUTLINE_HANT = paths.PACKAGE / "source" / "outline.zh-Hant.txt"


# --- the built site -------------------------------------------------------------------------------


def own_text(el: lxml_html.HtmlElement, page_lang: str, inherited: str) -> Iterator[str]:
    """The text of `el` in the page's language: not inside an element in another language, not
    inside verbatim source text, not code; including the attributes a reader or screen reader gets."""
    here = el.get("lang", inherited)
    if el.tag not in NOT_TEXT and "data-verbatim" not in el.attrib:
        if here == page_lang:
            if el.text:
                yield el.text
            yield from (el.get(a) for a in ATTRIBUTES if el.get(a))
        for child in el:
            if isinstance(child.tag, str):
                yield from own_text(child, page_lang, here)
    if el.tail and inherited == page_lang:
        yield el.tail


def pages(root: Path, lang: str) -> list[tuple[str, lxml_html.HtmlElement]]:
    """Every HTML page of one language, parsed, with its path."""
    found = []
    for path in sorted(root.rglob("*.html")):
        doc = lxml_html.fromstring(path.read_bytes())
        if doc.get("lang") == lang:
            found.append((str(path.relative_to(root)), doc))
    assert found, f"no {lang} page in {root}"
    return found


def test_zh_hant_pages_have_no_simplified_text_of_ours(built_site: Path) -> None:
    problems = []
    for rel, doc in pages(built_site, "zh-Hant"):
        for text in own_text(doc, "zh-Hant", "zh-Hant"):
            text = text.strip()
            if text and to_hant(text) != text:
                problems.append(f"{rel}: {text[:80]!r} → {to_hant(text)[:80]!r}")
    assert not problems, f"{len(problems)} texts change under s2tw:\n" + "\n".join(problems[:20])


def test_zh_hant_pages_have_no_simplified_sentence_words(built_site: Path) -> None:
    """The defects once seen: Simplified 为/约 in generated sentences, s2tw's 標杆/發佈/協調製度."""
    for rel, doc in pages(built_site, "zh-Hant"):
        text = "".join(own_text(doc, "zh-Hant", "zh-Hant"))
        for word in ("年为", "约为", "標杆", "發佈", "協調製度"):
            assert word not in text, f"{rel}: {word}"


def test_verbatim_text_carries_its_language(built_site: Path) -> None:
    """Quotes and source text are marked, on every page, with the language they are printed in."""
    seen = 0
    for lang in ("zh-Hans", "zh-Hant", "en"):
        for rel, doc in pages(built_site, lang):
            for el in doc.iter("q"):
                text = el.text_content()
                assert el.get("lang") == source_lang(text), (
                    f"{rel}: quote {text[:40]!r} marked {el.get('lang')}"
                )
            for el in doc.xpath("//*[@data-verbatim]"):
                seen += 1
                text = el.text_content()
                assert el.get("lang") == source_lang(text), f"{rel}: {text[:40]!r} marked {el.get('lang')}"
    assert seen > 100


def test_a_simplified_quote_stays_simplified_on_zh_hant_pages(built_site: Path, pkg: Package) -> None:
    obs = next(
        o for o in pkg.observations if source_lang(o.quote) == "zh-Hans" and to_hant(o.quote) != o.quote
    )
    ind = next(s.indicator_id for s in pkg.series if s.series_id == obs.series_id)
    html = (built_site / "zh-Hant" / "targets" / ind / "index.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(html)
    quotes = [q.text_content() for q in doc.iter("q") if q.get("lang") == "zh-Hans"]
    assert obs.quote in quotes


def test_english_pages_use_english_magnitudes(built_site: Path) -> None:
    """No '10k', no '2.42 100 million m²': checked over the whole HTML, chart specs included."""
    stacking = re.compile(r"\b10k\b|\d\s+(?:100 million|10,000|10k)\s+[a-zm]")
    for rel, _doc in pages(built_site, "en"):
        html = (built_site / rel).read_text(encoding="utf-8")
        found = stacking.search(html)
        assert found is None, f"{rel}: …{html[max(0, found.start() - 60) : found.end() + 20]}…"


def test_english_pages_have_no_disagreeing_plurals(built_site: Path, pkg: Package) -> None:
    nouns = {u.label_en.split(" (")[0].split(" ")[-1] for u in pkg.units.values()}
    plurals = sorted(n for n in nouns if n.endswith("s"))
    pattern = re.compile(
        r"(?<![\d.,])\b1 (?:(?!million|billion)[a-z]+ )?(?:" + "|".join(map(re.escape, plurals)) + r")\b"
    )
    for rel, doc in pages(built_site, "en"):
        text = " ".join(own_text(doc, "en", "en"))
        found = pattern.search(text)
        assert found is None, f"{rel}: {found.group(0)!r}"
        assert "figure(s)" not in text, rel


def any_text(el: lxml_html.HtmlElement) -> Iterator[str]:
    """All text of `el` whatever its language, except verbatim source text and code."""
    if el.tag not in NOT_TEXT and "data-verbatim" not in el.attrib:
        if el.text:
            yield el.text
        for child in el:
            if isinstance(child.tag, str):
                yield from any_text(child)
    if el.tail:
        yield el.tail


def test_chinese_pages_carry_no_english_prose(built_site: Path) -> None:
    """Four English words in a row outside verbatim source text is English prose, even if marked
    `lang="en"`: a note with no Chinese half would be shown so, and must be translated instead."""
    prose = re.compile(r"[A-Za-z]{2,}(?:[,;:'’()]*\s+[A-Za-z]{2,}){3,}")
    for lang in ("zh-Hans", "zh-Hant"):
        for rel, doc in pages(built_site, lang):
            for text in any_text(doc.find("body")):
                found = prose.search(text)
                assert found is None, f"{rel}: {found.group(0)!r} in {text[:80]!r}"


def test_chinese_terms_in_english_text_are_runs_of_their_own() -> None:
    assert Lang("en").runs("The outline says “每年” (each year); 1—2家.") == [
        ("The outline says “", None),
        ("每年", "zh-Hans"),
        ("” (each year); ", None),
        ("1—2家", "zh-Hans"),
        (".", None),
    ]
    assert Lang("zh").runs("纲要写“每年”") == [("纲要写“每年”", None)]
    assert Lang("en").runs(None) == []


def test_chinese_terms_in_english_notes_carry_their_language(built_site: Path) -> None:
    """On English target pages, notes and definitions mark every Chinese term they quote."""
    checked = 0
    for rel, doc in pages(built_site, "en"):
        if not rel.startswith("en/targets/"):
            continue
        for block in doc.xpath("//div[contains(@class, 'tt-defs')] | //td/span[contains(@class, 'tt-meta')]"):
            for text in own_text(block, "en", "en"):
                checked += 1
                assert not re.search(r"[\u3400-\u9fff]", text), f"{rel}: unmarked Chinese in {text[:80]!r}"
    assert checked > 100


def test_own_text_leaves_out_other_languages_verbatim_text_and_code() -> None:
    """The page checks above read only our own text: proved on a small page with one of each."""
    doc = lxml_html.fromstring(
        '<html lang="zh-Hant"><body><p title="标题">质量<q lang="zh-Hans" data-verbatim>原文引文</q>'
        '为止<span lang="en">English</span><code>code_id</code></p><img alt="图表"></body></html>'
    )
    texts = [t for t in own_text(doc, "zh-Hant", "zh-Hant") if t.strip()]
    assert sorted(texts) == sorted(["标题", "质量", "为止", "图表"])
    assert all(to_hant(t) != t for t in texts)  # each would be reported as Simplified


def test_an_approximate_period_says_so_in_each_language() -> None:
    """A period the source did not print exactly (period_precision=approximate) is never shown as exact."""
    zh, hant, en = (Lang(code) for code in ("zh", "zh-Hant", "en"))
    assert zh.period("2025-12", approximate=True) == "约2025年12月"
    assert hant.period("2025-12", approximate=True) == "約2025年12月"
    assert en.period("2025-12", approximate=True) == "approx. Dec 2025"
    assert en.period("2025-12") == "Dec 2025"
