#!/usr/bin/env bash
# Debian packages the build and tests need: a CJK font for the pre-rendered charts, and
# Chromium (the browser and its headless shell) for the browser tests. Installs them when run as root;
# otherwise prints the command.
set -euo pipefail
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
need=()
installed fonts-noto-cjk || need+=(fonts-noto-cjk)
if [ "${1:-}" = "--with-browser" ]; then
  # Debian's chromium package, or a browser already at /usr/bin/chromium (e.g. on GitHub's runners)
  [ -x /usr/bin/chromium ] || installed chromium || need+=(chromium)
  # Chromium's headless shell, for the browser tests (~40 % less CPU a page): Debian's package, on
  # Debian; elsewhere (GitHub's Ubuntu runners) the tests run in the full browser (common/browser.py)
  if [ -x /usr/bin/chromium-headless-shell ] || installed chromium-headless-shell; then
    :
  elif grep -qx 'ID=debian' /etc/os-release 2>/dev/null; then
    need+=(chromium-headless-shell)
  else
    echo "Note: not Debian, so chromium-headless-shell is not installed; the browser tests will run in /usr/bin/chromium (slower)."
  fi
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "Missing Debian packages: ${need[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
