#!/usr/bin/env python3
"""The cost of logs.review's account snapshot (issue #24): a root of N accounts (gen_root.py),
audited with --report-dir twice (--only logs.review), 1 % of the accounts changed by hand in
between; the second audit's wall time and peak memory, the snapshot's size, the changes found.
Not a test.

    bench/account_snapshot.py [--kensa build/src/kensa] [--accounts 10000 100000]
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def audit(kensa, root, rdir, as_of):
    t0 = time.perf_counter()
    where = ["--report-dir", rdir, "--quiet"] if rdir else ["--format", "json", "--output",
                                                            os.devnull]
    p = subprocess.run(["/usr/bin/time", "-f", "%M", kensa, "audit", "--root", root, "--only",
                        "logs.review", "--as-of", as_of, *where],
                       capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    if p.returncode not in (0, 2):
        sys.exit(f"kensa failed: {p.stderr}")
    return wall, int(p.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kensa", default=os.path.join(HERE, "..", "build", "src", "kensa"))
    ap.add_argument("--accounts", type=int, nargs="+", default=[10000, 100000])
    a = ap.parse_args()
    for n in a.accounts:
        d = tempfile.mkdtemp(prefix="kensa-bench-")
        try:
            root, rdir = os.path.join(d, "root"), os.path.join(d, "reports")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_root.py"), "--accounts",
                            str(n), root], check=True, capture_output=True)
            w0, m0 = audit(a.kensa, root, None, "2026-11-20")  # no report directory: no snapshot
            w1, m1 = audit(a.kensa, root, rdir, "2026-11-20")
            path = os.path.join(root, "etc/passwd")
            lines = open(path).read().splitlines(True)
            for i in range(1, len(lines), 100):  # 1 %: a shell changed by hand
                f = lines[i].rstrip("\n").split(":")
                f[6] = "/bin/sh" if f[6] != "/bin/sh" else "/bin/bash"
                lines[i] = ":".join(f) + "\n"
            open(path, "w").write("".join(lines))
            w2, m2 = audit(a.kensa, root, rdir, "2026-11-27")
            snap = glob.glob(os.path.join(rdir, "kensa-accounts-*.snapshot"))[0]
            latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
            res = [r for r in json.load(open(latest))["results"] if r["id"] == "logs.review"][0]
            ev = [e["value"] for e in res["evidence"]
                  if (e.get("value") or "").startswith("compared with")]
            print(f"{n} accounts: without --report-dir {w0:.0f} ms / {m0 / 1024:.1f} MiB; first audit {w1:.0f} ms / {m1 / 1024:.1f} MiB, second "
                  f"{w2:.0f} ms / {m2 / 1024:.1f} MiB; snapshot {os.path.getsize(snap) / 1e6:.2f} MB;"
                  f" {ev[0] if ev else '?'}")
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
