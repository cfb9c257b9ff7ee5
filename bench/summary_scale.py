#!/usr/bin/env python3
"""kensa summary at scale: N host reports made from real ones (kensa audits of the fixture roots),
each with its own host name and a varying share of failing and unchecked rows, then one
`kensa summary --format json` over the directory. Prints wall time and peak RSS per N.

    bench/summary_scale.py --kensa build/src/kensa --counts 100,1000,10000
"""
import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOTS = os.path.join(os.path.dirname(HERE), "tests", "roots")
SOURCES = ["accounts-debian12", "pam-debian12-pwquality", "logs-debian-stock", "services-debian", "usb-debian12"]


def base_reports(kensa):
    out = []
    for name in SOURCES:
        p = subprocess.run([kensa, "audit", "--root", os.path.join(ROOTS, name), "--format", "json",
                            "--as-of", "2026-11-25", "--skip", "password.defaults"],
                           capture_output=True, text=True)
        out.append(json.loads(p.stdout))
    return out


def make_reports(bases, n, d):
    rng = random.Random(n)
    answers = ["yes", "no", "unchecked", "not_applicable"]
    for i in range(n):
        rep = json.loads(json.dumps(bases[i % len(bases)]))
        rep["host"]["hostname"] = "host-%05d" % i
        for item in rep["items"]:
            if item["checks"] and rng.random() < 0.1:
                item["answer"] = rng.choice(answers)
        with open(os.path.join(d, "r%05d.json" % i), "w") as f:
            json.dump(rep, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kensa", default="build/src/kensa")
    ap.add_argument("--counts", default="100,1000,10000")
    a = ap.parse_args()
    bases = base_reports(a.kensa)
    size = len(json.dumps(bases[0]))
    print("base report size: %d bytes (the accounts-debian12 audit)" % size)
    print("| reports | wall (s) | user CPU (s) | peak RSS (MiB) | output (bytes) |")
    print("|---|---|---|---|---|")
    for n in [int(x) for x in a.counts.split(",")]:
        d = tempfile.mkdtemp(prefix="kensa-summary-bench-")
        try:
            make_reports(bases, n, d)
            t0 = time.monotonic()
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M %U", a.kensa, "summary", "--format", "json",
                                  "--as-of", "2026-12-01", d], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = p.communicate()
            wall = time.monotonic() - t0
            if p.returncode not in (0, 2):
                sys.exit("kensa summary failed: " + err.decode()[-500:])
            rss_kib, user = err.decode().strip().splitlines()[-1].split()
            print("| %d | %.2f | %.2f | %.1f | %d |" % (n, wall, float(user), int(rss_kib) / 1024, len(out)))
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    main()
