#!/bin/sh
# Debian packages BundleForge.Neural needs at build time on systems whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12):
# g++ builds the small libiosinit_shim.so and patchelf patches TorchSharp's libLibTorchSharp.so (see
# src/BundleForge.Neural/native/patch-libtorchsharp.sh). Idempotent and non-interactive.
set -eu
if command -v patchelf >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends patchelf g++
