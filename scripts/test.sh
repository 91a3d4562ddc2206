#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test. Without a GPU, gpu.all reports "skipped" and
# gpu.emulated runs the GPU tests against the host emulation of the CUDA kernels.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" -DENGRAM_TESTS=ON "$@"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 600
