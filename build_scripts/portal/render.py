"""The portal's one rendering path: Jinja2 templates in `portal/templates/`, autoescape on.

Data text is HTML/XML-escaped wherever it lands. Where it must sit in Markdown (headings,
paragraphs) the `md` filter also escapes Markdown's punctuation, so `[x](javascript:…)` in a name
stays text; `json` writes a front-matter value; `breakable` lets a long pattern wrap.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_scripts.common import templates
from build_scripts.common.text import md_escape

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """Jinja2 with autoescape for every template, strict about undefined names."""
    env = templates.environment(TEMPLATES)
    env.filters["md"] = lambda text: Markup(md_escape(str(text)))
    env.filters["breakable"] = breakable
    env.filters["json"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    return env


def breakable(text: str) -> Markup:
    """Escaped code text with line-break opportunities (<wbr>) after brackets, so a narrow screen
    wraps a long pattern instead of scrolling its table sideways."""
    return Markup(re.sub(r"([\])|*?$])", r"\1<wbr>", str(Markup.escape(text))))


def render(template: str, **context: object) -> str:
    """Render one template of `portal/templates/`."""
    return environment().get_template(template).render(**context)
