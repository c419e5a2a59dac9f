#!/usr/bin/env bash
# Installs the system packages BundleForge needs, only where missing (idempotent; needs root or sudo for apt).
set -euo pipefail
missing=()
for tool in python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else echo "error: please install: ${missing[*]}" >&2; exit 2; fi
fi
