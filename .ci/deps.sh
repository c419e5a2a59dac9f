#!/usr/bin/env bash
# Installs the Debian packages BundleForge needs, only where missing (idempotent; apt needs root or sudo).
#   .ci/deps.sh        building and running (what `./run demo` and every other CLI command need): g++ and patchelf,
#                      with which the build makes the libtorch shim on systems whose libstdc++ lacks GLIBCXX_3.4.32
#                      (Debian 12; see src/BundleForge.Neural/native and .ci/neural-deps.sh). Nothing else.
#   .ci/deps.sh test   the above, plus what only the test suite needs (`./run test`, .ci/run): python3 (the plain
#                      "N passed, N failed" line) and chromium (the dashboard's end-to-end tests drive Debian's browser
#                      at /usr/bin/chromium through Playwright; Playwright's own browser download is never used) and
#                      postgresql (the cluster tests, tests/BundleForge.Cluster.Tests, start their own server from
#                      /usr/lib/postgresql/*/bin in a temporary folder; as root they run it as the `postgres` account
#                      the package creates, since PostgreSQL refuses to run as root. The package's own cluster service
#                      is not needed and is left as the package sets it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-run}"
case "$mode" in
  run|test) ;;
  *) echo ".ci/deps.sh: unknown mode '$mode' (use: run, test)" >&2; exit 2 ;;
esac

apt_install() {
  SUDO=""; if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  echo ".ci/deps.sh: installing $* (apt)" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

sh "$here/neural-deps.sh"
if [ "$mode" = test ]; then
  missing=()
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
fi
