#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the Catch2 tests and the Python module's pytest
# suite and examples (python.pytest, python.examples). Without a GPU, gpu.all reports "skipped" and
# gpu.emulated runs the GPU tests against the host emulation of the CUDA kernels.
#
# --sanitize: a separate build (build-sanitize/, CUDA off) with AddressSanitizer and UBSan
# (float-cast-overflow included, any finding fatal), running the tests of everything that reads
# files and command lines: the fuzz corpus, snapshots, the CLI, streams.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
if [ "${1:-}" = "--sanitize" ]; then
  shift
  export BUILD_DIR="${BUILD_DIR:-$root/build-sanitize}" BUILD_TARGET=engram_tests
  "$root/scripts/build.sh" -DENGRAM_TESTS=ON -DENGRAM_SANITIZE=ON -DENGRAM_CUDA=OFF -DCMAKE_BUILD_TYPE=Sanitize "$@"
  cd "$BUILD_DIR"
  # allocator_may_return_null: malloc fails for an absurd size as it does without ASan (HDF5 asks
  # for what a damaged header declares before checking it, and reports the failure).
  export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1"
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
  ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 900
  exit
fi
# ENGRAM_PYTHON=ON, ENGRAM_MPI=ON: the Python module with its pytest suite (python.*) and the
# distributed runs under mpirun (mpi.*) are part of every run.
"$root/scripts/build.sh" -DENGRAM_TESTS=ON -DENGRAM_PYTHON=ON -DENGRAM_MPI=ON "$@"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 600
