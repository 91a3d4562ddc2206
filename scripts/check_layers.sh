#!/usr/bin/env bash
# The include rules of docs/architecture.md ("Layout"): dependencies point down the layers, and
# the CUDA-free folders include no CUDA. Prints each include that breaks a rule; exits 1 if any.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
status=0
# rule FOLDER PATTERN WHY: no file under FOLDER may include a path matching PATTERN
rule() {
  local found
  found=$(grep -rnE "^#include [<\"]($2)" "$1" --include='*.hpp' --include='*.cpp' --include='*.cu' --include='*.cuh' || true)
  if [ -n "$found" ]; then
    printf '%s must not include %s (%s):\n%s\n' "$1" "$2" "$3" "$found"
    status=1
  fi
}
rule engine 'kernels/|host/|apps/|cuda|cub/' "the engine depends on nothing of ours"
rule kernels 'host/|apps/' "kernels sit below host and apps"
rule host 'apps/|kernels/' "host needs nothing of kernels or apps"
for below in engine kernels host apps; do
  rule "$below" 'python/' "the Python module sits on top: nothing below includes it"
done
for free in kernels/common kernels/driver kernels/simt; do
  rule "$free" 'kernels/cpu/|kernels/cuda/|cuda_runtime|cuda\.h|cub/|thrust/' "CUDA-free, shared by every backend"
done
rule kernels/cpu 'kernels/cuda/|kernels/simt/' "the CPU backend does not reach into the CUDA backend"
[ "$status" = 0 ] && echo "layers: every include points down"
exit "$status"
