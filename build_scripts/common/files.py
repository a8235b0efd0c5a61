"""Writing a file that another build may be reading at the same moment (the caches in `.cache/`)."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file beside `path` and a rename, so a concurrent build never reads half a
    file. The temporary name ends in `.<pid>.tmp`: never a cache entry's name."""
    tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
