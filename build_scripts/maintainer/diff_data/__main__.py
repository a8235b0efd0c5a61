"""Command line: print (or append to the job summary) what a change does to the data.

Usage: python -m build_scripts.maintainer.diff_data --base REF [--format text|markdown] [--append-to FILE] [PACKAGE_DIR]
Exit status: 0 the diff was written; 1 the base ref does not exist or the data cannot be read
(the validator explains why; the output says so instead of a diff).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts import paths
from build_scripts.common.text import md_escape
from build_scripts.maintainer.diff_data.compare import compare
from build_scripts.maintainer.diff_data.render import render
from build_scripts.maintainer.diff_data.snapshot import DiffError, read_base, read_worktree


def main(argv: list[str] | None = None) -> int:
    """Run the diff; see the module docstring for the arguments."""
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.maintainer.diff_data", description=__doc__.split("\n")[0]
    )
    parser.add_argument("package", nargs="?", type=Path, default=paths.PACKAGE, help="package folder")
    parser.add_argument("--base", required=True, help="git ref of the published data, e.g. origin/main")
    parser.add_argument("--format", choices=["text", "markdown"], default="text")
    parser.add_argument("--append-to", type=Path, help="append to this file (e.g. $GITHUB_STEP_SUMMARY)")
    args = parser.parse_args(argv)
    status = 0
    try:
        out = render(compare(read_base(args.base, args.package), read_worktree(args.package)), args.format)
    except DiffError as err:
        print(f"✗ {err}", file=sys.stderr)
        reason = md_escape(str(err), newline="<br>") if args.format == "markdown" else str(err)
        title = "## 数据变更 / Data changes\n" if args.format == "markdown" else "数据变更 / Data changes\n"
        out, status = f"{title}\n无法生成数据差异 / cannot show the data diff: {reason}\n", 1
    if args.append_to:
        with args.append_to.open("a", encoding="utf-8") as fh:
            fh.write("\n" + out)
    else:
        sys.stdout.write(out)
    return status


if __name__ == "__main__":
    sys.exit(main())
