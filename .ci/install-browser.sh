#!/usr/bin/env bash
# Installs Debian's Chromium for the docs site's browser test (apps/docs/test/browser.test.ts).
# The test drives it with playwright-core; no browser is downloaded by npm. Skips when present.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version 2>/dev/null || true
