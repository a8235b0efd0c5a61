"""Typed pandas frames of a loaded package's rows: one pandas dtype per Table Schema type.

No stage of the build needs pandas (0.6 s to import): it is imported inside `typed_frame`, when a
frame is asked for (`Package.frames`, the tests and the notebooks of developers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "date": "datetime64[ns]"}


def typed_frame(rows: list[dict[str, str | None]], fields: list[dict]) -> pd.DataFrame:
    """A frame with one pandas dtype per Table Schema type (pandas is imported here, when needed)."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields], dtype="string")
    for f in fields:
        kind = f.get("type", "string")
        if kind not in PANDAS_DTYPES:
            raise ValueError(f"field {f['name']}: unsupported type {kind!r}")
        if kind == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%d").astype(PANDAS_DTYPES[kind])
        elif kind != "string":
            frame[f["name"]] = pd.to_numeric(frame[f["name"]]).astype(PANDAS_DTYPES[kind])
    return frame
