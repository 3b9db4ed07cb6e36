#!/usr/bin/python3
"""Feedback reports for the ingest benchmark (bench/ingest-bench.sh): distinct, realistic ARF
reports (varied source addresses, signing domains, dates and Message-IDs) as a maildir and mbox
files, and gzipped DMARC aggregate reports whose records total at least --dmarc-records.
Deterministic (fixed seed): the same arguments write the same bytes.

Usage: gen_ingest.py OUT_DIR [--arf N] [--dmarc-records N] [--records-per-report N]"""
import argparse
import gzip
import os
import random

ARF = """From: fbl@{reporter}
To: fbl-reports@vouch.example
Subject: FW: {subject}
Date: {date}
Message-ID: <arf-{n}@{reporter}>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
    boundary="=_arf_{n}"

--=_arf_{n}
Content-Type: text/plain; charset="us-ascii"

A recipient marked a message from {ip} as spam.

--=_arf_{n}
Content-Type: message/feedback-report

Feedback-Type: {ftype}
User-Agent: ExampleFBL/2.1
Version: 1
Original-Mail-From: <bounce-{n}@{domain}>
Original-Rcpt-To: <user{rcpt}@{reporter}>
Arrival-Date: {date}
Reporting-MTA: dns; mx{mx}.{reporter}
Source-IP: {ip}
Incidents: 1
Authentication-Results: mx.{reporter}; dkim=pass header.d={domain}; spf=pass smtp.mailfrom={domain}
Reported-Domain: {domain}

--=_arf_{n}
Content-Type: message/rfc822

Return-Path: <bounce-{n}@{domain}>
Received: from mail.{domain} ([{ip}]) by mx{mx}.{reporter} with ESMTPS; {date}
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s2024;
    h=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;
    b=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==
From: "News" <news@{domain}>
To: user{rcpt}@{reporter}
Subject: {subject}
Date: {date}
Message-ID: <m-{n}@{domain}>
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"

{body}

--=_arf_{n}--
"""

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SUBJECTS = ("Your June statement", "Limited offer", "Weekly digest", "Account notice",
            "New arrivals", "Your order has shipped", "Last chance")
REPORTERS = ("mbp.example", "fbl.mail.example", "feedback.isp.example", "cfl.webmail.example")


def ip4(rng):
    return "%d.%d.%d.%d" % (rng.choice((192, 198, 203, 185, 45, 91)), rng.randrange(256),
                            rng.randrange(256), rng.randrange(1, 255))


def ip6(rng):
    return "2001:db8:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536), rng.randrange(1, 65536))


def rfc5322_date(t):
    import time
    g = time.gmtime(t)
    return "%s, %02d %s %d %02d:%02d:%02d +0000" % (DAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1],
                                                   g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)


def asctime(t):
    import time
    g = time.gmtime(t)
    return "%s %s %2d %02d:%02d:%02d %d" % (DAYS[g.tm_wday], MONTHS[g.tm_mon - 1], g.tm_mday,
                                            g.tm_hour, g.tm_min, g.tm_sec, g.tm_year)


def arf_report(rng, n):
    t = 1717200000 + rng.randrange(90 * 86400)
    domain = "sender%d.example" % rng.randrange(5000)
    ip = ip6(rng) if rng.random() < 0.15 else ip4(rng)
    body = "\n".join("Line %d of a newsletter that someone did not want after all." % i
                     for i in range(rng.randrange(5, 40)))
    text = ARF.format(n=n, reporter=rng.choice(REPORTERS), subject=rng.choice(SUBJECTS),
                      date=rfc5322_date(t), ip=ip, domain=domain, rcpt=rng.randrange(10**6),
                      mx=rng.randrange(1, 9), body=body,
                      ftype="abuse" if rng.random() < 0.95 else "fraud")
    return t, text.replace("\n", "\r\n")


def write_arf(out, count, rng):
    """Half as a maildir (one file per report), half as mbox files of 1,000 messages."""
    maildir = os.path.join(out, "arf", "Maildir")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    in_maildir = count // 2
    for n in range(in_maildir):
        _, text = arf_report(rng, n)
        sub = "cur" if n % 4 else "new"
        with open(os.path.join(maildir, sub, "%d.M%dP1.bench:2,S" % (1717200000 + n, n)), "w",
                  newline="") as f:
            f.write(text)
    n = in_maildir
    box = 0
    while n < count:
        with open(os.path.join(out, "arf", "fbl-%03d.mbox" % box), "w", newline="") as f:
            for _ in range(min(1000, count - n)):
                t, text = arf_report(rng, n)
                f.write("From fbl@mbp.example %s\n" % asctime(t))
                f.write(text.replace("\r\nFrom ", "\r\n>From "))
                f.write("\n")
                n += 1
        box += 1


RECORD = """  <record>
    <row>
      <source_ip>{ip}</source_ip>
      <count>{count}</count>
      <policy_evaluated>
        <disposition>{disp}</disposition>
        <dkim>{dkim}</dkim>
        <spf>{spf}</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>{domain}</header_from>
      <envelope_from>{domain}</envelope_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>{domain}</domain>
        <selector>s{sel}</selector>
        <result>{dkim}</result>
      </dkim>
      <spf>
        <domain>{domain}</domain>
        <scope>mfrom</scope>
        <result>{spf}</result>
      </spf>
    </auth_results>
  </record>
"""


def dmarc_report(rng, n, records):
    begin = 1717200000 + (n % 90) * 86400
    org = rng.choice(("google.example", "yahoo.example", "outlook.example", "mail.example"))
    domain = "sender%d.example" % rng.randrange(5000)
    parts = ["""<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>%s</org_name>
    <email>noreply-dmarc@%s</email>
    <report_id>bench-%d</report_id>
    <date_range>
      <begin>%d</begin>
      <end>%d</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>%s</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>none</p>
    <sp>none</sp>
    <pct>100</pct>
  </policy_published>
""" % (org, org, n, begin, begin + 86399, domain)]
    for _ in range(records):
        ok = rng.random() < 0.8
        parts.append(RECORD.format(ip=ip6(rng) if rng.random() < 0.1 else ip4(rng),
                                   count=rng.randrange(1, 5000), disp="none" if ok else "quarantine",
                                   dkim="pass" if ok else "fail",
                                   spf="pass" if ok or rng.random() < 0.5 else "fail",
                                   domain=domain, sel=rng.randrange(10)))
    parts.append("</feedback>\n")
    return "".join(parts)


def write_dmarc(out, total, per_report, rng):
    folder = os.path.join(out, "dmarc")
    os.makedirs(folder, exist_ok=True)
    n = 0
    written = 0
    while written < total:
        records = min(per_report, total - written)
        xml = dmarc_report(rng, n, records)
        name = "%s!sender.example!%d!bench-%d.xml.gz" % ("receiver", 1717200000 + n, n)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(gzip.compress(xml.encode(), compresslevel=6, mtime=0))
        written += records
        n += 1
    return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--arf", type=int, default=20000)
    p.add_argument("--dmarc-records", type=int, default=1000000)
    p.add_argument("--records-per-report", type=int, default=1000)
    a = p.parse_args()
    rng = random.Random(5)
    write_arf(a.out, a.arf, rng)
    reports = write_dmarc(a.out, a.dmarc_records, a.records_per_report, rng)
    print("gen_ingest: %d ARF reports, %d DMARC reports with %d records in %s"
          % (a.arf, reports, a.dmarc_records, a.out))


if __name__ == "__main__":
    main()
