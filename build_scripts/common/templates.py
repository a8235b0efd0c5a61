"""The one rendering path: a Jinja environment with autoescape for every template.

Every generated page (the stages' templates in `pages/templates/` and `portal/templates/`) is rendered
through an environment made here, so escaping, strictness about undefined names and whitespace
handling are the same everywhere. Stages add their own filters.

Compiled templates are kept in `.cache/jinja-templates/` (Jinja's own bytecode cache, keyed by the
template's name and a checksum of its source): a build compiles only the templates that changed.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from build_scripts import paths

BYTECODE = paths.CACHE / "jinja-templates"


def environment(folder: Path) -> jinja2.Environment:
    """Jinja2 for the templates in `folder`: autoescape on, undefined names fail loudly."""
    BYTECODE.mkdir(parents=True, exist_ok=True)
    return jinja2.Environment(
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(BYTECODE)),
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
