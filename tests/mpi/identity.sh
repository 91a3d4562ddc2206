#!/usr/bin/env bash
# A model run in one process and on 2, 3 and 4 ranks: the same spike file and the same final
# snapshot, bit for bit.  identity.sh ENGRAM MODEL DURATION [--set k=v ...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
model="$2" duration="$3"
shift 3
"$engram" run "$model" --duration "$duration" --out "$work/out1.h5" --snapshot "$work/snap1.h5" --quiet --threads 1 "$@"
for n in 2 3 4; do  # 3: blocks with odd edges (noise pairs straddle them)
  mpi "$n" run "$model" --duration "$duration" --out "$work/out$n.h5" --snapshot "$work/snap$n.h5" "$@" | grep -E "^(spikes|ranks)"
  same "$work/out1.h5" "$work/out$n.h5"
  same "$work/snap1.h5" "$work/snap$n.h5"
done
