"""Which language a piece of text is in: the script source text is printed in, the two halves of a
bilingual data note, and the Chinese terms quoted inside English text.

Used by `i18n.Lang` so that pages mark text in another language with its `lang` (screen readers
and fonts then treat it as such) and show each note in the page's language.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# The English labels some notes begin with, which say what the Chinese after them is about.
_NOTE_PREFIX = re.compile(r"\s*\bperiod (?:qualifier|approximate):\s*")
_HALVES = re.compile(r"\s?/\s")  # "中文 / English"; the data sometimes has no space before the slash
_SEPARATOR = re.compile(r"[;；]\s*")  # "…English; 中文…": where one pair ends and the next begins
_CJK = re.compile(r"[\u3400-\u9fff]")
# A Chinese term quoted inside English text: ideographs with the CJK punctuation, digits and
# symbols between or around them ("到2025年", "1—2家", "主要农产品加工转化率达到80%").
_ZH_CHARS = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef—…·"
_ZH_PIECE = f"[{_ZH_CHARS}]|[0-9]+(?:\\.[0-9]+)?%?"
_ZH_RUN = re.compile(f"(?:{_ZH_PIECE})*?[\u3400-\u9fff](?:{_ZH_PIECE})*")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def source_lang(text: str) -> str:
    """The script source text is printed in: 'ko' with Hangul, 'ja' with kana, 'zh-Hant' when it
    has Traditional characters and no Simplified ones, 'en' when it has no Chinese at all, else
    'zh-Hans'."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if not _CJK.search(text):
        return "en"
    if _converter("s2t").convert(text) == text and _converter("t2s").convert(text) != text:
        return "zh-Hant"
    return "zh-Hans"


def _zh_start(middle: str) -> tuple[int, int] | None:
    """In "English; 中文", the span of the separator after which the text is mostly Chinese."""
    for sep in _SEPARATOR.finditer(middle):
        segment = _SEPARATOR.split(middle[sep.end() :], maxsplit=1)[0]
        if len(_CJK.findall(segment)) > len(re.findall(r"[A-Za-z]", segment)):
            return sep.start(), sep.end()
    return None


def split_note(text: str) -> tuple[str | None, str | None]:
    """A bilingual note, "中文 / English" (or several such pairs joined by ';'), as (zh, en).

    A note with no pair is Chinese when it has Chinese characters, else English; the missing half is
    None. English labels such as "period qualifier:" are dropped from the Chinese half.
    """
    pieces = _HALVES.split(text.strip())
    if len(pieces) == 1:
        return (text.strip(), None) if _CJK.search(text) else (None, text.strip())
    zh, en = [pieces[0]], []
    for middle in pieces[1:-1]:
        cut = _zh_start(middle)
        if cut is None:
            raise ValueError(f"cannot tell where the English ends and the Chinese starts in {text!r}")
        en.append(middle[: cut[0]])
        zh.append(middle[cut[1] :])
    en.append(pieces[-1])
    zh = [_SEPARATOR.sub("；", _NOTE_PREFIX.sub("", z)) for z in zh]
    return "；".join(z.strip() for z in zh), "; ".join(e.strip() for e in en)


def zh_runs(text: str) -> list[tuple[str, str | None]]:
    """English text as runs, each Chinese term quoted in it a run of its own with its language:
    'says “每年”' → [('says “', None), ('每年', 'zh-Hans'), ('”', None)]."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for found in _ZH_RUN.finditer(text):
        if found.start() > pos:
            out.append((text[pos : found.start()], None))
        out.append((found.group(0), source_lang(found.group(0))))
        pos = found.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out
