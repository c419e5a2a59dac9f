#!/bin/sh
# Makes TorchSharp's libLibTorchSharp.so load on systems whose libstdc++ is older than GCC 13 (e.g. Debian 12):
# it requires std::ios_base_library_init() at GLIBCXX_3.4.32, the only symbol it needs from that version.
# For every libLibTorchSharp.so under the given output folder: build the shim that defines the symbol, clear the
# symbol's version, make the version requirement weak, and add the shim as a needed library (found via $ORIGIN).
# Does nothing when the system libstdc++ already has GLIBCXX_3.4.32. Idempotent.
# Usage: patch-libtorchsharp.sh <native-source-dir> <output-dir> <tool-dir>
set -eu
src="$1"; out="$2"; tools="$3"
[ "$(uname -s)" = Linux ] || exit 0

stdcxx=""
for c in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
  if [ -e "$c" ]; then stdcxx="$c"; break; fi
done
if [ -z "$stdcxx" ]; then echo "patch-libtorchsharp: no libstdc++.so.6 found; leaving TorchSharp unpatched" >&2; exit 0; fi
if grep -aq 'GLIBCXX_3\.4\.32' "$stdcxx"; then exit 0; fi

targets=$(find "$out" -name libLibTorchSharp.so -type f 2>/dev/null || true)
[ -n "$targets" ] || exit 0

for tool in patchelf g++; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error BFN001: TorchSharp needs '$tool' to be patched for this system's libstdc++ (no GLIBCXX_3.4.32). Install it: apt-get install -y patchelf g++ (see .ci/neural-deps.sh)." >&2
    exit 1
  fi
done

mkdir -p "$tools"
if [ ! -x "$tools/mark_version_weak" ] || [ "$src/mark_version_weak.cpp" -nt "$tools/mark_version_weak" ]; then
  g++ -O2 -o "$tools/mark_version_weak.tmp" "$src/mark_version_weak.cpp"
  mv -f "$tools/mark_version_weak.tmp" "$tools/mark_version_weak"
fi
if [ ! -f "$tools/libiosinit_shim.so" ] || [ "$src/iosinit_shim.cpp" -nt "$tools/libiosinit_shim.so" ]; then
  g++ -O2 -shared -fPIC -o "$tools/libiosinit_shim.so.tmp" "$src/iosinit_shim.cpp"
  mv -f "$tools/libiosinit_shim.so.tmp" "$tools/libiosinit_shim.so"
fi

# Files are replaced by rename, never rewritten in place: a process running from this folder maps them, and
# truncating a mapped library discards even its relocated private pages (a 30-minute training run crashed at exit,
# ip 0x1120 = the shim's unrelocated destructor, after a build rewrote the shim under it with cp -f).
for lib in $targets; do
  dir=$(dirname "$lib")
  if ! cmp -s "$tools/libiosinit_shim.so" "$dir/libiosinit_shim.so"; then
    cp -f "$tools/libiosinit_shim.so" "$dir/.libiosinit_shim.so.tmp"
    mv -f "$dir/.libiosinit_shim.so.tmp" "$dir/libiosinit_shim.so"
  fi
  if patchelf --print-needed "$lib" | grep -qx 'libiosinit_shim.so'; then continue; fi
  tmp="$dir/.libLibTorchSharp.so.tmp"
  cp -f "$lib" "$tmp"
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$tmp"
  "$tools/mark_version_weak" "$tmp" GLIBCXX_3.4.32 || [ $? -eq 3 ]
  patchelf --add-needed libiosinit_shim.so "$tmp"
  mv -f "$tmp" "$lib"
  echo "patch-libtorchsharp: patched $lib for $stdcxx (no GLIBCXX_3.4.32)"
done
