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
host=${dns%:*} port=${dns##*:}
host=${host#[}; host=${host%]}
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
exec "$bin" serve --db "$db" --dns "$dns" --http "$http" --threads 2
