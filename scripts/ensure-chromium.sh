#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser/), which drive it with
# playwright-core: no browser is ever downloaded, so the one the system's packages install is the one used.
# Installs it with apt-get when missing and this user may; otherwise says how, and leaves the decision to the tests
# (which fail naming it) so that `npm run demo`, which needs no browser, still starts.
set -uo pipefail

chromium=/usr/bin/chromium
[ -x "$chromium" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium is not at $chromium (the browser tests need it); installing Debian's package"
  # fonts-liberation: a recommended package, without which a bare machine draws text as boxes.
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation; }
  if ! (install || (apt-get update && install)); then
    echo "warning: apt-get could not install chromium; the browser tests will fail until $chromium exists" >&2
  fi
else
  cat >&2 <<MSG
warning: Chromium is not at $chromium, and this user cannot install it (needs root and apt-get).
The browser tests (test/browser/) will fail until it is there. On Debian or Ubuntu:
  sudo apt-get install chromium
MSG
fi
exit 0
