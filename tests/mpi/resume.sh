#!/usr/bin/env bash
# Exact resume across a change of rank count: half a run on 4 ranks, a snapshot, the other half
# on 2 ranks and on 1; both end in the snapshot of the uninterrupted single-process run.
# resume.sh ENGRAM MODEL HALF [--set k=v ...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
model="$2" half="$3"
shift 3
"$engram" run "$model" --duration "$half" --snapshot "$work/half1.h5" --quiet --threads 1 "$@"
"$engram" resume "$work/half1.h5" --duration "$half" --snapshot "$work/whole1.h5" --quiet --threads 1
mpi 4 run "$model" --duration "$half" --snapshot "$work/half4.h5" "$@" >/dev/null
same "$work/half1.h5" "$work/half4.h5"
mpi 2 resume "$work/half4.h5" --duration "$half" --snapshot "$work/whole2.h5" >/dev/null
same "$work/whole1.h5" "$work/whole2.h5"
"$engram" resume "$work/half4.h5" --duration "$half" --snapshot "$work/whole1b.h5" --quiet --threads 1
same "$work/whole1.h5" "$work/whole1b.h5"
# and from one process to 4 ranks
mpi 4 resume "$work/half1.h5" --duration "$half" --snapshot "$work/whole4.h5" >/dev/null
same "$work/whole1.h5" "$work/whole4.h5"
