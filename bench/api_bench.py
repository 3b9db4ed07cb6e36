#!/usr/bin/python3
"""The live data path measured over real HTTP and DNS (issue 4): API edit -> answer visible over
DNS, API writes per second (single PUTs from 1 and 4 clients, bulk NDJSON imports) against a
running `vouchd serve`. Standard library only; run by bench/api-latency.sh, which starts vouchd.

Prints a table and writes the Markdown report given by --report."""
import argparse
import http.client
import json
import multiprocessing
import os
import platform
import socket
import statistics
import struct
import sys
import time


def category_token(n):
    """A category no vouch has yet: lower-case letters only (the API's rule)."""
    out = "x"
    while True:
        out += chr(ord("a") + n % 26)
        n //= 26
        if n == 0:
            return out


def txt_query(qname, qid):
    """A DNS query for TXT, no EDNS: header, question."""
    wire = b"".join(bytes([len(l)]) + l.encode() for l in qname.rstrip(".").split(".")) + b"\0"
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + wire + struct.pack("!HH", 16, 1)


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Api:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closes it."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body, ctype="application/json"):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": ctype}
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                res = self.conn.getresponse()
                return res.status, res.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def put_vouch(self, zone, domain, categories):
        body = json.dumps({"categories": categories})
        return self.request("PUT", "/api/v1/zones/%s/vouches/%s" % (zone, domain), body)


def edit_visible(args, domains, label):
    """Sequential PUTs, each followed by DNS queries until the new TXT is answered."""
    api = Api(args.http, args.token)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect(("127.0.0.1", args.dns))
    sock.settimeout(2)
    visible, put_only, polls = [], [], 0
    for i, domain in enumerate(domains):
        cat = category_token(args.seq + i)
        want = bytes([len(cat)]) + cat.encode()
        query = txt_query("%s._vouch.%s" % (domain, args.zone), i & 0xFFFF)
        t0 = time.perf_counter()
        status, body = api.put_vouch(args.zone, domain, [cat])
        t1 = time.perf_counter()
        if status not in (200, 201):
            sys.exit("PUT %s: %d %s" % (domain, status, body[:200]))
        while True:
            sock.send(query)
            reply = sock.recv(4096)
            polls += 1
            if want in reply[12:]:
                break
            if time.perf_counter() - t0 > 5:
                sys.exit("edit of %s not visible over DNS after 5 s" % domain)
        t2 = time.perf_counter()
        visible.append((t2 - t0) * 1000)
        put_only.append((t1 - t0) * 1000)
    args.seq += len(domains)
    return {"label": label, "n": len(domains), "polls": polls, "visible": visible, "put": put_only}


def _writer(port, token, zone, domains, first_cat, seconds, out):
    api = Api(port, token)
    lat, n = [], 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        d = domains[n % len(domains)]
        t0 = time.perf_counter()
        status, body = api.put_vouch(zone, d, [category_token(first_cat + n)])
        lat.append((time.perf_counter() - t0) * 1000)
        if status not in (200, 201):
            out.put(("error", "PUT %s: %d %s" % (d, status, body[:200])))
            return
        n += 1
    out.put(("ok", n, lat))


def sustained(args, domains, clients):
    """Single PUTs from `clients` processes (one connection each) for args.seconds."""
    q = multiprocessing.Queue()
    share = len(domains) // clients
    procs = [multiprocessing.Process(target=_writer, args=(
        args.http, args.token, args.zone, domains[k * share:(k + 1) * share],
        args.seq + k * 1000000, args.seconds, q)) for k in range(clients)]
    args.seq += clients * 1000000
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    for r in results:
        if r[0] != "ok":
            sys.exit(r[1])
    total = sum(r[1] for r in results)
    lat = [x for r in results for x in r[2]]
    return {"clients": clients, "writes": total, "per_s": total / args.seconds, "wall": wall,
            "p50": percentile(lat, 50), "p99": percentile(lat, 99), "max": max(lat)}


def bulk(args, domains, lines, reps):
    """POST vouches:import batches of `lines` NDJSON lines; None when the route is missing."""
    api = Api(args.http, args.token)
    path = "/api/v1/zones/%s/vouches:import" % args.zone
    out = []
    for r in range(reps):
        batch = domains[r * lines:(r + 1) * lines]
        body = "".join(json.dumps({"domain": d, "categories": [category_token(args.seq + i)],
                                   "ttl": 3600, "note": "bench"}) + "\n"
                       for i, d in enumerate(batch)).encode()
        args.seq += len(batch)
        t0 = time.perf_counter()
        status, reply = api.request("POST", path, body, "application/x-ndjson")
        dt = time.perf_counter() - t0
        if status in (404, 405):
            return None
        if status not in (200, 201):
            sys.exit("bulk import of %d lines: %d %s" % (lines, status, reply[:300]))
        count = json.loads(reply).get("count")
        if count != len(batch):
            sys.exit("bulk import: count %r, expected %d" % (count, len(batch)))
        out.append({"seconds": dt, "per_s": len(batch) / dt})
    return out


def probe_bulk(args, domain):
    api = Api(args.http, args.token)
    line = json.dumps({"domain": domain, "categories": ["all"], "ttl": 3600, "note": "probe"})
    status, _ = api.request("POST", "/api/v1/zones/%s/vouches:import" % args.zone,
                            (line + "\n").encode(), "application/x-ndjson")
    return status not in (404, 405)


def summary(values):
    return {"p50": percentile(values, 50), "p99": percentile(values, 99), "max": max(values)}


def med(rows, key):
    return statistics.median(r[key] for r in rows)


def machine_note():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    return "%s, nproc=%d, %s, load average %s" % (
        platform.node(), os.cpu_count(), cpu or platform.machine(),
        " ".join("%.2f" % x for x in os.getloadavg()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dns", type=int, required=True)
    ap.add_argument("--http", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--zone", required=True)
    ap.add_argument("--domains", type=int, required=True, help="vouches d0..d<N-1>.example")
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--report", required=True)
    ap.add_argument("--note", default="")
    args = ap.parse_args()
    args.seq = 0
    load_start = machine_note()
    # Distinct domains for every phase, spread over the zone (every 7919th: a prime stride).
    stride = 7919 if args.domains > 7919 * 4 else 1
    order = [(k * stride) % args.domains for k in range(args.domains)]
    names = ["d%d.example" % k for k in order]
    cursor = 0

    def take(n):
        nonlocal cursor
        out = [names[(cursor + i) % len(names)] for i in range(n)]
        cursor += n
        return out

    lat = [edit_visible(args, take(args.edits), "rep %d" % (r + 1)) for r in range(args.reps)]
    single = {c: [sustained(args, take(20000), c) for _ in range(args.reps)] for c in (1, 4)}
    after = edit_visible(args, take(args.edits), "after the sustained writes")
    has_bulk = probe_bulk(args, take(1)[0])
    bulk_rows = {}
    if has_bulk:
        for lines in (1000, 10000):
            bulk_rows[lines] = bulk(args, take(lines * args.reps), lines, args.reps)
    report(args, lat, after, single, has_bulk, bulk_rows, load_start)


def fmt(x):
    return "%.2f" % x


def report(args, lat, after, single, has_bulk, bulk_rows, load_start):
    rows = []
    for r in lat + [after]:
        v, p = summary(r["visible"]), summary(r["put"])
        rows.append((r["label"], v, p))
    med_v = {k: statistics.median(s[1][k] for s in rows[:-1]) for k in ("p50", "p99", "max")}
    med_p = {k: statistics.median(s[2][k] for s in rows[:-1]) for k in ("p50", "p99", "max")}
    lines = []
    lines.append("## Edit -> visible over DNS (%d sequential PUTs per run, zone of %s vouches)"
                 % (args.edits, format(args.domains, ",")))
    lines.append("")
    lines.append("| run | visible p50 ms | p99 ms | max ms | PUT p50 ms | p99 ms | max ms |")
    lines.append("|---|---|---|---|---|---|---|")
    for label, v, p in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, fmt(v["p50"]), fmt(v["p99"]), fmt(v["max"]), fmt(p["p50"]), fmt(p["p99"]),
            fmt(p["max"])))
    lines.append("| **median of reps** | **%s** | **%s** | **%s** | %s | %s | %s |" % (
        fmt(med_v["p50"]), fmt(med_v["p99"]), fmt(med_v["max"]), fmt(med_p["p50"]),
        fmt(med_p["p99"]), fmt(med_p["max"])))
    lines.append("")
    lines.append("Target: p99 < 10 ms. %s" % ("met" if med_v["p99"] < 10 else "NOT met"))
    lines.append("")
    lines.append("## Sustained single PUTs (%g s per run, median of %d runs)" % (
        args.seconds, args.reps))
    lines.append("")
    lines.append("| clients | writes/s | PUT p50 ms | p99 ms | max ms |")
    lines.append("|---|---|---|---|---|")
    for c, runs in single.items():
        lines.append("| %d | %.0f | %s | %s | %s |" % (
            c, med(runs, "per_s"), fmt(med(runs, "p50")), fmt(med(runs, "p99")),
            fmt(med(runs, "max"))))
    lines.append("")
    lines.append("## Bulk `POST /api/v1/zones/{zone}/vouches:import` (NDJSON)")
    lines.append("")
    if not has_bulk:
        lines.append("skipped: no bulk route")
    else:
        lines.append("| lines per batch | seconds per batch | vouches/s |")
        lines.append("|---|---|---|")
        for n, runs in bulk_rows.items():
            lines.append("| %s | %.3f | %.0f |" % (format(n, ","), med(runs, "seconds"),
                                                 med(runs, "per_s")))
    lines.append("")
    table = "\n".join(lines)
    print(table)
    with open(args.report, "w") as f:
        f.write("# vouchd live data path: API benchmark\n\n")
        f.write("Produced by `bench/api-latency.sh` (also run by `make bench`) on %s.\n"
                "Client: bench/api_bench.py (Python standard library: one keep-alive HTTP/1.1\n"
                "connection per client, raw UDP DNS queries), on the same machine as vouchd.\n\n"
                % time.strftime("%Y-%m-%d", time.gmtime()))
        f.write("Machine at start: %s\n\nMachine at end: %s\n\n" % (load_start, machine_note()))
        if args.note:
            f.write(args.note + "\n\n")
        f.write(table + "\n")


if __name__ == "__main__":
    main()
