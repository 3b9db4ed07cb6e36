#!/usr/bin/env bash
# `make run`: a fresh demo database with one zone of every kind, then vouchd in the foreground.
# Usage: run-demo.sh VOUCHD_BINARY STATE_DIR DNS_ADDR:PORT
set -euo pipefail
bin=$1 dir=$2 dns=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
db="$dir/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db"
"$bin" import --db "$db" --kind vbr "$here/vouch.example.zone"
"$bin" import --db "$db" --kind dnsbl-ip4 "$here/bl.example.zone" "$here/wl.example.zone"
"$bin" import --db "$db" --kind dnsbl-ip6 "$here/bl6.example.zone"
"$bin" import --db "$db" --kind dnsbl-domain "$here/dbl.example.zone"
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
  Export a zone:  $bin export --db $db --zone bl.example
  Stop with Ctrl-C.

TXT
exec "$bin" serve --db "$db" --dns "$dns" --threads 2
