#!/usr/bin/env bash
# Feedback ingest throughput (issue 5): bench/gen_ingest.py writes ARF reports (maildir + mbox)
# and gzipped DMARC reports once per size; then, REPS times each on a fresh database,
#   (a) `vouchd ingest` of the ARF folder (reports/s) and of the DMARC folder (records/s),
#   (b) POST /api/v1/reports:batch to a running `vouchd serve` (ARF mailboxes of 1,000 messages,
#       zips of DMARC reports),
#   (c) dnsperf against that server's UDP port, idle and while a batch ingest runs;
# prints medians and ratios and writes bench/INGEST-RESULTS.md.
# Usage: bench/ingest-bench.sh VOUCHD_BINARY
# Environment: ARF (20000), DMARC_RECORDS (1000000), RECORDS_PER_REPORT (1000), REPS (3),
# DNS_SECONDS (10), OUT (work directory), DATA (generated reports cache), REPORT
# (bench/INGEST-RESULTS.md), PYTHON (/usr/bin/python3).
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-/usr/bin/python3}
ARF=${ARF:-20000}
DMARC_RECORDS=${DMARC_RECORDS:-1000000}
RPR=${RECORDS_PER_REPORT:-1000}
REPS=${REPS:-3}
DNS_SECONDS=${DNS_SECONDS:-10}
out=${OUT:-$root/bench-results/ingest-$(date +%Y%m%d-%H%M%S)}
data=${DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/vouchd-bench/ingest-A$ARF-D$DMARC_RECORDS-R$RPR}
report=${REPORT:-$root/bench/INGEST-RESULTS.md}
mkdir -p "$out"
command -v dnsperf >/dev/null || { echo "ingest-bench: dnsperf is not installed" >&2; exit 1; }

if [ ! -f "$data/done" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  "$python" "$root/bench/gen_ingest.py" "$data" --arf "$ARF" --dmarc-records "$DMARC_RECORDS" \
    --records-per-report "$RPR"
  touch "$data/done"
fi

fresh_db() {  # fresh_db DIR: a database with a reporter token; prints the token id
  rm -rf "$1" && mkdir -p "$1"
  "$bin" init --db "$1/vouchd.db" >/dev/null 2>&1
  "$bin" token create --db "$1/vouchd.db" --role reporter --label bench >"$1/token" 2>/dev/null
  echo 1
}

seconds_of() {  # the "elapsed" line of an ingest summary
  sed -n 's/^elapsed *\([0-9.]*\) s.*/\1/p' "$1"
}

results=$out/results.tsv
: >"$results"
for rep in $(seq "$REPS"); do
  # (a) the command line, each kind on a fresh database.
  for kind in arf dmarc; do
    dir=$out/cli-$kind-$rep
    id=$(fresh_db "$dir")
    "$bin" ingest --db "$dir/vouchd.db" --reporter "$id" "$data/$kind" >"$dir/summary" 2>"$dir/progress"
    s=$(seconds_of "$dir/summary")
    if [ "$kind" = arf ]; then n=$ARF; else n=$DMARC_RECORDS; fi
    printf 'cli_%s\t%s\t%s\t%s\n' "$kind" "$rep" "$n" "$s" >>"$results"
    echo "ingest-bench: rep $rep cli $kind: $n in $s s"
  done
  # (b) and (c): a server on free loopback ports with a small DNSxL zone to query.
  dir=$out/http-$rep
  fresh_db "$dir" >/dev/null
  "$python" - "$dir/ip4.zone" "$dir/queries" <<'PY'
import sys
zone, queries = open(sys.argv[1], "w"), open(sys.argv[2], "w")
zone.write("$ORIGIN ip4.bench.\n$TTL 300\n@ IN SOA ns1.ip4.bench. hostmaster.ip4.bench. 1 3600 600 604800 300\n@ IN NS ns1.ip4.bench.\n")
for i in range(10000):
    a, b = divmod(i, 250)
    zone.write("%d.%d.0.10 IN A 127.0.0.2\n" % (b + 1, a))
    queries.write("%d.%d.0.10.ip4.bench A\n%d.%d.1.10.ip4.bench A\n" % (b + 1, a, b + 1, a))
PY
  "$bin" import --db "$dir/vouchd.db" --kind dnsbl-ip4 "$dir/ip4.zone" >/dev/null 2>&1
  token=$(cat "$dir/token")
  setsid "$bin" serve --db "$dir/vouchd.db" --dns 127.0.0.1:0 --http 127.0.0.1:0 --threads 1 \
    >"$dir/serve.out" 2>"$dir/serve.log" &
  server=$!
  trap 'kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
  for _ in $(seq 600); do
    grep -q '^vouchd: ready' "$dir/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  dns_port=$(sed -n 's/^vouchd: listening dns-udp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/serve.out")
  http_port=$(sed -n 's/^vouchd: listening http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/serve.out")
  dnsperf_qps() {
    dnsperf -s 127.0.0.1 -p "$dns_port" -d "$dir/queries" -l "$DNS_SECONDS" -c 4 -q 200 \
      >"$1" 2>&1 || true
    sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' "$1"
  }
  idle=$(dnsperf_qps "$dir/dnsperf-idle.txt")
  # The batch ingest in the background (ARF, then DMARC, then ARF again until dnsperf is done).
  "$python" "$root/bench/ingest_http.py" --port "$http_port" --token "$token" --data "$data" \
    --dmarc-records "$DMARC_RECORDS" \
    --min-seconds "$DNS_SECONDS" >"$dir/http.tsv" 2>"$dir/http.log" &
  client=$!
  sleep 1  # dnsperf starts once the ingest is under way
  busy=$(dnsperf_qps "$dir/dnsperf-busy.txt")
  wait "$client"
  kill -TERM -- -"$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  trap - EXIT
  printf 'dns_idle\t%s\t0\t%s\n' "$rep" "$idle" >>"$results"
  printf 'dns_busy\t%s\t0\t%s\n' "$rep" "$busy" >>"$results"
  awk -v rep="$rep" '{print "http_" $1 "\t" rep "\t" $2 "\t" $3}' "$dir/http.tsv" >>"$results"
  echo "ingest-bench: rep $rep dns idle $idle q/s, during ingest $busy q/s"
done

"$python" "$root/bench/ingest_http.py" --summarise "$results" --report "$report" \
  --note "vouchd: \`$bin\`; $ARF ARF reports, $DMARC_RECORDS DMARC records in reports of $RPR; work directory \`${out#$root/}\`."
echo "ingest-bench: wrote ${report#$root/}"
