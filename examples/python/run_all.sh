#!/usr/bin/env bash
# Runs every Python example (ctest's python.examples): run_all.sh PYTHON OUT_DIR, with the module
# on PYTHONPATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${1:-python3}"
out="${2:-out}"
mkdir -p "$out"
"$python" "$here/izhikevich2003_raster.py" "$out"
"$python" "$here/two_armed_bandit.py" "$out"
"$python" "$here/snapshot_weights.py" --out "$out"
