#!/usr/bin/env bash
# Soak test: 24 simulated hours of polychronization (STDP) with periodic snapshots and every
# stream (spikes, weights, topology metrics), its resident memory (VmRSS of /proc/<pid>/status)
# sampled while it runs. Prints one JSON object; docs/benchmarks.md has a result.
#   SOAK_DURATION (24h)  SOAK_SAMPLE_S (10)  SOAK_DIR (out/soak)  ENGRAM_BIN (build/apps/engram)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${ENGRAM_BIN:-$root/build/apps/engram}"
duration="${SOAK_DURATION:-24h}"
interval="${SOAK_SAMPLE_S:-10}"
dir="${SOAK_DIR:-$root/out/soak}"
mkdir -p "$dir"
args=(run polychronization --backend cpu --threads 1 --duration "$duration"
      --out "$dir/run.h5" --snapshot "$dir/brain.h5" --snapshot-every 1h
      --record-weights exc_exc --weights-every 10min --metrics-every 1h)
"$bin" "${args[@]}" >"$dir/summary.txt" 2>"$dir/log.txt" &
pid=$!
start=$(date +%s.%N)
: >"$dir/rss.tsv"
# One sample: wall seconds, percent of the run done (from the progress line), VmRSS in kB.
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  done_pct=$(grep -o '\[ *[0-9.]*%\]' "$dir/log.txt" 2>/dev/null | tail -1 | tr -d '[]% ' || true)
  now=$(date +%s.%N)
  [ -n "$rss" ] && awk -v a="$now" -v b="$start" -v p="${done_pct:-0}" -v r="$rss" 'BEGIN { printf "%.1f\t%s\t%s\n", a - b, p, r }' >>"$dir/rss.tsv"
  sleep "$interval"
done
rc=0
wait "$pid" || rc=$?
python3 - "$dir" "$rc" "$duration" "${args[*]}" <<'PY'
import json, sys
d, rc, duration, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [tuple(float(x) for x in line.split("\t")) for line in open(f"{d}/rss.tsv") if line.strip()]
# Warm-up: the first tenth of the run (network built, files open, first snapshot and metrics).
after = [r for r in rows if r[1] >= 10.0]
summary = open(f"{d}/summary.txt").read()
out = {
    "command": "engram " + command,
    "exit_code": rc,
    "samples": len(rows),
    "wall_s": rows[-1][0] if rows else 0,
    "rss_kb_first": rows[0][2] if rows else None,
    "rss_kb_max": max((r[2] for r in rows), default=None),
    "rss_kb_after_warmup_min": min((r[2] for r in after), default=None),
    "rss_kb_after_warmup_max": max((r[2] for r in after), default=None),
    "rss_kb_at_10pct": next((r[2] for r in rows if r[1] >= 10.0), None),
    "rss_kb_last": rows[-1][2] if rows else None,
    "rss": [[round(r[0], 1), r[1], int(r[2])] for r in rows],
    "summary": summary.strip().splitlines(),
}
print(json.dumps(out))
PY
exit "$rc"
