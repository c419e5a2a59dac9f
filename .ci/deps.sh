#!/usr/bin/env bash
# Installs the system packages BundleForge needs, only where missing (idempotent; apt needs root or sudo):
# python3 (test summary line), chromium (the dashboard's end-to-end tests drive Debian's browser at /usr/bin/chromium
# through Playwright; Playwright's own browser download is never used), and on systems whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12) g++ and patchelf to
# build the libtorch shim (see src/BundleForge.Neural/native and .ci/neural-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v python3 >/dev/null 2>&1; then
  SUDO=""; if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
sh "$here/neural-deps.sh"
