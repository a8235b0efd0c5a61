"""The headless Chromium the tests and the benchmark drive: Debian's packages, same flags.

Two builds of the same Chromium (same version, same Blink and V8), from the same Debian source:

- `CHROMIUM` (package `chromium`): the full browser in its headless mode. `make bench` (Lighthouse,
  page weight) measures pages in it, as a reader's browser loads them, and the tests that tap a
  touch screen run in it (see `HEADLESS_SHELL`).
- `HEADLESS_SHELL` (package `chromium-headless-shell`, Chromium's own headless build, the one
  Playwright drives by default): every other browser test. It loads a page of this site for ~40 %
  less CPU (measured 2026-12-01: 108 page loads, 53 → 32 busy CPU-s; with axe on each, 42 → 31),
  and the tests are CPU-bound on two cores. It differs in one way that matters here: after a tap
  on an emulated touch screen it sends a `mouseout` that the full browser, emulating the same
  phone, does not, which hides the tooltip the tap has just shown; touch tests therefore use `CHROMIUM`.

`tour_browser()` is the shell where it is installed (install_system_deps.sh installs Debian's
package on Debian), else the full browser (elsewhere, e.g. on GitHub's Ubuntu runners); the test
run's header says which. Playwright adds `--headless` itself (`HEADLESS_FLAGS` are for launchers
that do not, such as Lighthouse's chrome-launcher); both builds get the same `FLAGS`.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's `chromium` package; installed by install_system_deps.sh
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")  # Debian's `chromium-headless-shell`
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


def tour_browser() -> Path:
    """The Chromium build the browser tests (all but the touch ones) run in: the headless shell when
    it is installed, else the full browser."""
    return HEADLESS_SHELL if HEADLESS_SHELL.exists() else CHROMIUM
