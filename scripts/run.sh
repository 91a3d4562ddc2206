#!/usr/bin/env bash
# Installs dependencies, builds, and runs a model. With no arguments: the polychronization network
# for 10 s of simulated time, spikes to out/polychronization.h5. Arguments replace that command line,
# e.g. scripts/run.sh run izhikevich2003 --duration 5s --set n=10000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
BUILD_TARGET=engram "$root/scripts/build.sh" >/dev/null
cd "$root"
if (($#)); then
  exec "${BUILD_DIR:-$root/build}/apps/engram" "$@"
fi
exec "${BUILD_DIR:-$root/build}/apps/engram" run polychronization --duration 10s --out out/polychronization.h5
