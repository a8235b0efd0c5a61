"""How a failed build is reported: one line naming the stage and what went wrong, `site/` unchanged.

The project's own errors (a stage that failed and says why) are shown as they are; any other error is
shown as its type and first line, with its traceback written to build/build-failure.log.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from build_scripts import paths
from build_scripts.charts.fonts import ChartFontError
from build_scripts.common.dates import GitDateError
from build_scripts.pages.build import ProseError
from build_scripts.site import harden
from build_scripts.site.mkdocs_site import SiteError

FAILURE_LOG = paths.BUILD / "build-failure.log"


class Terminated(BaseException):
    """The build received SIGTERM (e.g. a cancelled CI job): like Ctrl-C, it stops whatever runs it."""


OWN_ERRORS = (SiteError, harden.HardenError, GitDateError, ChartFontError, ProseError, Terminated)


def raise_terminated(signum: int, frame: object) -> None:
    """A SIGTERM handler: the build stops as with Ctrl-C, its temporary folders removed."""
    raise Terminated("stopped by SIGTERM")


def failure_message(err: BaseException, stage: str, target: Path) -> str:
    """The one line a failed build prints; the traceback of an unexpected error goes to FAILURE_LOG."""
    shown = f"{target.name}/" if target.parent == paths.ROOT else str(target)
    if isinstance(err, OWN_ERRORS):
        what = str(err)
    else:
        what = f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else '(no message)'}"
        what = what if len(what) <= 300 else what[:297] + "…"
        FAILURE_LOG.parent.mkdir(parents=True, exist_ok=True)
        FAILURE_LOG.write_text("".join(traceback.format_exception(err)), encoding="utf-8")
        what += f" (traceback: {FAILURE_LOG.relative_to(paths.ROOT)})"
    return f"✗ build failed: {stage}: {what}; {shown} unchanged"
