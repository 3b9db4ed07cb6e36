#!/usr/bin/env bash
# `make bench`: vouchd beside NSD, Knot, rbldnsd, PowerDNS and BIND on the shared 2.6 M-entry
# dataset (../shared/bench/run-peers), then bench/RESULTS.md from the run's summary; then the
# live data path over the REST API (bench/api-latency.sh -> bench/API-RESULTS.md); then feedback
# ingest throughput (bench/ingest-bench.sh -> bench/INGEST-RESULTS.md).
# Usage: bench/run-bench.sh VOUCHD_BINARY
# BENCH_PARTS chooses the parts: "peers api ingest" (default), or any of them (each also runs
# alone: bench/api-latency.sh VOUCHD_BINARY, bench/ingest-bench.sh VOUCHD_BINARY). Every knob of run-peers passes through the environment
# (N, PEERS, PHASES, TYPES, REPS, ...). The machine must be otherwise idle: the run uses both cores.
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
parts=${BENCH_PARTS:-peers api ingest}
run_more() {
  # Its own N and REPS defaults: the API part's zone is 1 M vouches whatever the peers use.
  if [[ " $parts " == *" api "* ]]; then
    env -u N -u REPS -u OUT ${API_N:+N=$API_N} "$root/bench/api-latency.sh" "$bin"
  fi
  if [[ " $parts " == *" ingest "* ]]; then
    env -u N -u REPS -u OUT "$root/bench/ingest-bench.sh" "$bin"
  fi
}
if [[ " $parts " != *" peers "* ]]; then
  run_more
  exit 0
fi
peers_script=${VOUCHD_PEERS_SCRIPT:-$root/../shared/bench/run-peers}
if [ ! -x "$peers_script" ]; then
  echo "bench: $peers_script not found (the shared benchmark sits beside the project)" >&2
  exit 1
fi
export N=${N:-1000000} REPS=${REPS:-3}
out=${OUT:-$root/bench-results/$(date +%Y%m%d-%H%M%S)-N$N}
export OUT=$out
VOUCHD_BIN=$bin "$peers_script"
summary=$out/summary.md
[ -f "$summary" ] || { echo "bench: no summary at $summary" >&2; exit 1; }
{
  echo "# vouchd benchmark results"
  echo
  echo "Produced by \`make bench\` (bench/run-bench.sh → ../shared/bench/run-peers) on $(date -u +%Y-%m-%d)"
  echo "with N=$N, REPS=$REPS; the raw run is in \`${out#$root/}\`. Ratios compare peers measured in"
  echo "the same run; absolute figures vary from machine to machine."
  echo
  cat "$summary"
} > "$root/bench/RESULTS.md"
echo "bench: wrote bench/RESULTS.md from $summary"
run_more
