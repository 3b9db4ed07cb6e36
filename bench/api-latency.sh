#!/usr/bin/env bash
# The live data path over real HTTP and DNS (issue 4): a vbr zone of N vouches (1,000,000 by
# default) imported, `vouchd serve` started on free loopback ports, then bench/api_bench.py
# measures edit -> visible over DNS, sustained single PUTs (1 and 4 clients) and bulk NDJSON
# imports, prints a table and writes bench/API-RESULTS.md.
# Usage: bench/api-latency.sh VOUCHD_BINARY
# Environment: N (vouches), EDITS (per run, 1000), REPS (3), SECONDS_PER_RUN (10), OUT (work
# directory; default bench-results/api-<date>-N<N>), DATA (zone file cache directory),
# REPORT (default bench/API-RESULTS.md), PYTHON (/usr/bin/python3).
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000000}
python=${PYTHON:-/usr/bin/python3}
out=${OUT:-$root/bench-results/api-$(date +%Y%m%d-%H%M%S)-N$N}
data=${DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vouchd-bench/api-N$N}
report=${REPORT:-$root/bench/API-RESULTS.md}
mkdir -p "$out" "$data"
zone=$data/vouch.bench.zone

if [ ! -s "$zone" ]; then
  echo "api-bench: writing $N vouches to $zone"
  "$python" - "$N" > "$zone.tmp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
out.write("$ORIGIN vouch.bench.\n$TTL 3600\n")
out.write("@ IN SOA ns1.vouch.bench. hostmaster.vouch.bench. 1 3600 600 604800 300\n")
out.write("@ IN NS ns1.vouch.bench.\n")
cats = ("all", "transaction", "list", "transaction list")
out.writelines('d%d.example._vouch IN TXT "%s"\n' % (i, cats[i % 4]) for i in range(n))
PY
  mv "$zone.tmp" "$zone"
fi

db=$out/vouchd.db
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
start=$(date +%s.%N)
"$bin" import --db "$db" --kind vbr "$zone" >/dev/null
echo "api-bench: imported $N vouches in $(echo "$(date +%s.%N) - $start" | bc) s"
token=$("$bin" token create --db "$db" --role certifier --label api-bench)

# The server in its own process group, stopped on any exit.
setsid "$bin" serve --db "$db" --dns 127.0.0.1:0 --http 127.0.0.1:0 \
  >"$out/serve.out" 2>"$out/serve.log" &
server=$!
trap 'kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1200); do  # the readiness line, within 120 s (a 1 M zone loads in seconds)
  grep -q '^vouchd: ready' "$out/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
  sleep 0.1
done
grep -q '^vouchd: ready' "$out/serve.out" || { echo "api-bench: vouchd not ready" >&2; exit 1; }
dns_port=$(sed -n 's/^vouchd: listening dns-udp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out/serve.out")
http_port=$(sed -n 's/^vouchd: listening http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out/serve.out")
[ -n "$dns_port" ] && [ -n "$http_port" ] || { cat "$out/serve.out" >&2; exit 1; }

"$python" "$root/bench/api_bench.py" --dns "$dns_port" --http "$http_port" --token "$token" \
  --zone vouch.bench --domains "$N" --edits "${EDITS:-1000}" --reps "${REPS:-3}" \
  --seconds "${SECONDS_PER_RUN:-10}" --report "$report" \
  --note "vouchd: \`$bin\`; zone of $N vouches; work directory \`${out#$root/}\`; compactions during the run: see \`serve.log\` (zone_compacted lines)."
echo "api-bench: compactions: $(grep -c zone_compacted "$out/serve.log" || true)"
echo "api-bench: wrote ${report#$root/}"
