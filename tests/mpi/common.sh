# Shared by the distributed-run tests: strict mode, a scratch folder, mpirun that may run as root
# (CI containers) and oversubscribe the cores, and the bit-for-bit HDF5 comparison.
set -euo pipefail
engram="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# One OpenMP thread per rank: ranks x threads never exceeds what the test machine can time-share.
mpi() { local n=$1; shift; timeout 300 mpirun --oversubscribe -np "$n" "$engram" "$@" --threads 1 --quiet; }
same() { /usr/bin/python3 "$root/scripts/compare_h5.py" "$@" --ignore-attribute snapshot_every_steps; }
