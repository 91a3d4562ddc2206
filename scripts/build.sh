#!/usr/bin/env bash
# Configures and builds Engram into build/ (BUILD_DIR to change). Extra arguments go to cmake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
jobs="${JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >"${build}.configure.log" 2>&1 || {
  cat "${build}.configure.log"; exit 1; }
grep -E "CUDA backend" "${build}.configure.log" || true
cmake --build "$build" -j "$jobs" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
