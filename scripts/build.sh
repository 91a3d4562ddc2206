#!/usr/bin/env bash
# Configures and builds Engram into build/ (BUILD_DIR to change), with cmake's configure output in
# <build>/configure.log. Extra arguments go to cmake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
jobs="${JOBS:-$(nproc)}"
mkdir -p "$build"
log="$build/configure.log"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >"$log" 2>&1 || {
  cat "$log"; exit 1; }
grep -E "CUDA backend" "$log" || true
cmake --build "$build" -j "$jobs" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
