#!/usr/bin/python3
"""The HTTP half of the ingest benchmark (bench/ingest-bench.sh), standard library only.

Ingest mode: POST /api/v1/reports:batch with the generated ARF reports as mailboxes of 1,000
messages, then the DMARC reports as zips of 50; prints "arf REPORTS SECONDS" and "dmarc RECORDS
SECONDS" for that first pass, then posts again (duplicates) until --min-seconds have passed, so
that a DNS measurement beside it sees ingest load throughout.

Summary mode (--summarise RESULTS.tsv --report FILE): medians and ratios as a table on standard
output and as Markdown in FILE."""
import argparse
import http.client
import io
import json
import os
import platform
import statistics
import sys
import time
import zipfile


def post(conn, token, body, ctype):
    conn.request("POST", "/api/v1/reports:batch", body=body,
                 headers={"Authorization": "Bearer " + token, "Content-Type": ctype})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit("batch failed: %d %s" % (r.status, data[:300]))
    return json.loads(data)


def arf_batches(data):
    """Mailboxes of 1,000 messages: the maildir's files joined, then the mbox files as written."""
    arf = os.path.join(data, "arf")
    files = []
    for sub in ("cur", "new"):
        d = os.path.join(arf, "Maildir", sub)
        files += [os.path.join(d, f) for f in sorted(os.listdir(d))]
    for i in range(0, len(files), 1000):
        box = io.BytesIO()
        for f in files[i:i + 1000]:
            box.write(b"From fbl@mbp.example Sat Jun  1 12:00:00 2024\n")
            box.write(open(f, "rb").read().replace(b"\r\nFrom ", b"\r\n>From "))
            box.write(b"\n")
        yield min(1000, len(files) - i), box.getvalue()
    for f in sorted(os.listdir(arf)):
        if f.endswith(".mbox"):
            body = open(os.path.join(arf, f), "rb").read()
            yield body.count(b"\nFrom fbl@") + 1, body


def dmarc_batches(data, per_zip=50):
    d = os.path.join(data, "dmarc")
    files = sorted(os.listdir(d))
    for i in range(0, len(files), per_zip):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for f in files[i:i + per_zip]:
                z.write(os.path.join(d, f), f)
        yield buf.getvalue()


def ingest(a):
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=600)
    arf = list(arf_batches(a.data))
    dmarc = list(dmarc_batches(a.data))
    start = time.monotonic()
    t = time.monotonic()
    n = 0
    for count, body in arf:
        r = post(conn, a.token, body, "application/mbox")
        n += r["accepted"] + r["duplicates"]
    print("arf\t%d\t%.3f" % (n, time.monotonic() - t), flush=True)
    t = time.monotonic()
    evidence = 0
    for body in dmarc:
        evidence += post(conn, a.token, body, "application/zip")["evidence"]
    print("dmarc\t%d\t%.3f" % (a.dmarc_records, time.monotonic() - t), flush=True)
    print("evidence rows from DMARC: %d" % evidence, file=sys.stderr)
    while time.monotonic() - start < a.min_seconds:  # keep the server busy (duplicates now)
        for _, body in arf:
            post(conn, a.token, body, "application/mbox")
            if time.monotonic() - start >= a.min_seconds:
                break


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d cores, %s %s" % (model, os.cpu_count() or 0, platform.system(),
                                     platform.release())


def summarise(a):
    rows = {}
    for line in open(a.summarise):
        kind, rep, n, v = line.rstrip("\n").split("\t")
        rows.setdefault(kind, []).append((int(n), float(v) if v else float("nan")))
    rate = lambda k: statistics.median(n / s for n, s in rows.get(k, [(0, float("nan"))]))
    qps = lambda k: statistics.median(v for _, v in rows.get(k, [(0, float("nan"))]))
    idle, busy = qps("dns_idle"), qps("dns_busy")
    table = [
        ("vouchd ingest: ARF reports/s", rate("cli_arf"), 5000),
        ("vouchd ingest: DMARC records/s", rate("cli_dmarc"), 100000),
        ("POST /api/v1/reports:batch: ARF reports/s", rate("http_arf"), None),
        ("POST /api/v1/reports:batch: DMARC records/s", rate("http_dmarc"), None),
        ("DNS q/s idle (dnsperf)", idle, None),
        ("DNS q/s during batch ingest", busy, None),
    ]
    lines = ["| measure | median of %d | target | met |" % len(rows.get("dns_idle", [])),
             "|---|---:|---:|---|"]
    for name, v, target in table:
        lines.append("| %s | %s | %s | %s |" % (name, "{:,.0f}".format(v),
                                                 "" if target is None else "≥ {:,}".format(target),
                                                 "" if target is None else ("yes" if v >= target else "no")))
    ratio = busy / idle if idle else float("nan")
    lines.append("| DNS during ingest / idle | %.2f | ≥ 0.90 | %s |" % (ratio, "yes" if ratio >= 0.9 else "no"))
    text = "\n".join(lines)
    print(text)
    with open(a.report, "w") as f:
        f.write("# Ingest benchmark\n\nProduced by `bench/ingest-bench.sh` (run by `make bench`, "
                "BENCH_PARTS=ingest) on %s.\n\nMachine: %s.\n\n%s\n\n%s\n"
                % (time.strftime("%Y-%m-%d", time.gmtime()), machine(), a.note, text))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int)
    p.add_argument("--token")
    p.add_argument("--data")
    p.add_argument("--dmarc-records", type=int, default=0)
    p.add_argument("--min-seconds", type=float, default=0)
    p.add_argument("--summarise")
    p.add_argument("--report")
    p.add_argument("--note", default="")
    a = p.parse_args()
    if a.summarise:
        summarise(a)
    else:
        ingest(a)


if __name__ == "__main__":
    main()
