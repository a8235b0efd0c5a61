"""The one rendering path: a Jinja environment with autoescape for every template.

Every generated page (the stages' templates in `pages/templates/` and `portal/templates/`) is rendered
through an environment made here, so escaping, strictness about undefined names and whitespace
handling are the same everywhere. Stages add their own filters.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def environment(folder: Path) -> jinja2.Environment:
    """Jinja2 for the templates in `folder`: autoescape on, undefined names fail loudly."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
