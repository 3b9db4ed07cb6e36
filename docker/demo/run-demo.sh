#!/usr/bin/env bash
# `make run`: a fresh demo database with one zone of every kind, then vouchd in the foreground.
# Usage: run-demo.sh VOUCHD_BINARY STATE_DIR DNS_ADDR:PORT HTTP_ADDR:PORT
set -euo pipefail
bin=$1 dir=$2 dns=$3 http=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
db="$dir/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db"
"$bin" import --db "$db" --kind vbr "$here/vouch.example.zone"
"$bin" import --db "$db" --kind dnsbl-ip4 "$here/bl.example.zone" "$here/wl.example.zone"
"$bin" import --db "$db" --kind dnsbl-ip6 "$here/bl6.example.zone"
"$bin" import --db "$db" --kind dnsbl-domain "$here/dbl.example.zone"
token=$("$bin" token create --db "$db" --role admin --label demo-admin 2>/dev/null)
fbl1=$("$bin" token create --db "$db" --role reporter --label demo-fbl-1 2>/dev/null)
fbl2=$("$bin" token create --db "$db" --role reporter --label demo-fbl-2 2>/dev/null)
host=${dns%:*} port=${dns##*:}
host=${host#[}; host=${host%]}

"$bin" serve --db "$db" --dns "$dns" --http "$http" --threads 2 &
server=$!
trap 'kill -TERM $server 2>/dev/null' INT TERM
api() { curl -sf -H "Authorization: Bearer $token" "$@"; }
for _ in $(seq 100); do
  api "http://$http/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { wait $server; exit 1; }
  sleep 0.1
done
# Reputation: the demo's DNSxL zones list what two trusted feedback loops complain about.
policy='{"bands":[{"min_rate":0,"code":"127.0.0.2","reason":"spam source"},
                  {"min_rate":0.2,"code":"127.0.0.3","reason":"heavy spam source"}],
         "txt":"{identity}: {reason} (vouchd demo)"}'
for zone in bl.example bl6.example dbl.example; do
  api -X PUT -d "$policy" "http://$http/api/v1/zones/$zone/policy" >/dev/null
done
for id in $(api "http://$http/api/v1/tokens" | python3 -c \
    'import json,sys; print(" ".join(str(t["id"]) for t in json.load(sys.stdin)["items"] if t["label"].startswith("demo-fbl")))'); do
  api -X PATCH -d '{"trust":1}' "http://$http/api/v1/tokens/$id" >/dev/null
done

cat <<TXT

vouchd demo: database $db
  DNS (UDP and TCP) on $dns. Try:
    dig @$host -p $port sender.example._vouch.vouch.example TXT    # a VBR vouch (RFC 5518)
    dig @$host -p $port nobody.example._vouch.vouch.example TXT    # NXDOMAIN with the SOA
    dig @$host -p $port 2.0.0.127.bl.example A                     # RFC 5782 test point
    dig @$host -p $port 99.2.0.192.bl.example TXT                  # inside a listed /24
    dig @$host -p $port test.dbl.example A                         # domain list test entry
    dig @$host -p $port +tcp sender.example._vouch.vouch.example TXT
  REST API on http://$http with the admin token
    $token
  Try:
    curl -H "Authorization: Bearer $token" http://$http/api/v1/zones/vouch.example/vouches
    curl -X PUT -H "Authorization: Bearer $token" -d '{"categories":["transaction"]}' \\
         http://$http/api/v1/zones/vouch.example/vouches/new.example
    dig @$host -p $port new.example._vouch.vouch.example TXT      # served at once
  Feedback: two trusted feedback loops complain about 203.0.113.9, the engine lists it:
    for t in $fbl1 $fbl2; do
      curl -H "Authorization: Bearer \$t" -H 'Content-Type: application/json' \\
           -d "{\"type\":\"complaint\",\"ip\":\"203.0.113.9\",\"count\":30,\"at\":\$(date +%s)}" \\
           http://$http/api/v1/reports
    done
    curl -X POST -H "Authorization: Bearer $token" -d '' http://$http/api/v1/reputation:sweep
    dig @$host -p $port 9.113.0.203.bl.example TXT                # listed by reputation
    curl -H "Authorization: Bearer $token" http://$http/api/v1/reputation/203.0.113.9
  A class-of-service zone (no master-file form, so made with the API):
    curl -X POST -H "Authorization: Bearer $token" http://$http/api/v1/zones -d \\
      '{"apex":"cos.example","kind":"cos","soa":{"mname":"ns1.cos.example","rname":"hostmaster.cos.example"},
        "ns":["ns.provider.example"],"default_class":{"codes":["127.0.0.1"],"txt":"unknown sender"}}'
    curl -X PUT -H "Authorization: Bearer $token" -d '{"codes":["127.0.1.3"],"txt":"trusted"}' \\
         http://$http/api/v1/zones/cos.example/listings/2001:db8:1::%2F48
    dig @$host -p $port 9.2.0.192.cos.example TXT                  # the default class
  Export a zone:  $bin export --db $db --zone bl.example
  Stop with Ctrl-C.

TXT
wait $server || wait $server
