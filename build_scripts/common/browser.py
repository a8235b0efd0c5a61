"""The one headless Chromium the tests and the benchmark drive: Debian's package, same flags.

Playwright adds `--headless` itself (`HEADLESS_FLAGS` are for launchers that do not, such as
Lighthouse's chrome-launcher). Keeping the flags here means a page measured by `make bench` and a page
checked by `make test` run in the same browser set-up.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's `chromium` package; installed by install_system_deps.sh
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
HEADLESS_FLAGS = ["--headless=new", *FLAGS]
