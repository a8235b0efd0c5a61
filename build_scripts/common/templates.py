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
from build_scripts.common.files import touch

BYTECODE = paths.CACHE / "jinja-templates"


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates under `.cache/`, each marked used when loaded (`common/files.touch`),
    so the daily pruning keeps the templates builds still use."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        touch(Path(self._get_cache_filename(bucket)))
        super().load_bytecode(bucket)


def environment(folder: Path) -> jinja2.Environment:
    """Jinja2 for the templates in `folder`: autoescape on, undefined names fail loudly."""
    BYTECODE.mkdir(parents=True, exist_ok=True)
    return jinja2.Environment(
        bytecode_cache=BytecodeCache(str(BYTECODE)),
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
