#!/usr/bin/env bash
# Bad launches end on every rank with a clear error and exit code 2, never a hang (mpi() gives
# each launch 300 s; ctest's timeout is the backstop): more ranks than neurons, a snapshot of a
# format this Engram does not read, and a subcommand that is not distributed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
expect_error() {  # expect_error PATTERN RANKS ARGS...: mpirun engram ARGS on RANKS ranks
  local pattern="$1" n="$2"; shift 2
  local rc=0
  timeout 300 mpirun --oversubscribe -np "$n" "$engram" "$@" >"$work/log" 2>&1 || rc=$?
  if [ "$rc" -ne 2 ] || ! grep -q "engram: error: rank [0-9] of [0-9]: .*$pattern" "$work/log"; then
    cat "$work/log"; echo "bad_launch: expected exit 2 and '$pattern' (got exit $rc)"; exit 1
  fi
  grep "engram: error" "$work/log" | head -1
}
expect_error "4 ranks for a network of 3 neurons" 4 run stdp_pairing --set range=0 --duration 10ms --quiet
"$engram" run brunel2000 --duration 10ms --snapshot "$work/good.h5" --quiet
/usr/bin/python3 - "$work/good.h5" "$work/future.h5" <<'PY'
import shutil, sys, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    del f.attrs["format_version"]
    f.attrs.create("format_version", 99, dtype="int32")
PY
expect_error "format_version 99 is not supported" 2 resume "$work/future.h5" --duration 10ms --quiet
expect_error "runs in one process" 2 inspect "$work/good.h5"
