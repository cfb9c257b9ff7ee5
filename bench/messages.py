#!/usr/bin/env python3
"""The cost of message identities (issue 17 item 8): audit time, peak memory and JSON size of
one 10,000-account root (gen_root.py) with two kensa binaries, e.g. one built before identities
and one after; and `kensa report --lang ja` of the saved report. Not a test.

    bench/messages.py --before /tmp/base/build/src/kensa --after build/src/kensa [--runs 7]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def audit(kensa, root, out, extra, runs, env):
    times, rss = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", kensa, "audit", "--root", root,
                            "--format", "json", "--as-of", "2026-11-25", "--output", out, *extra],
                           capture_output=True, text=True, env=env)
        times.append((time.perf_counter() - t0) * 1000)
        if p.returncode not in (0, 2):
            sys.exit(f"{kensa} failed: {p.stderr}")
        rss.append(int(p.stderr.strip().splitlines()[-1]))
    return statistics.median(times), max(rss), os.path.getsize(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--accounts", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="kensa-bench-msg-")
    root = os.path.join(tmp, "root")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_root.py"), "--accounts",
                    str(a.accounts), root], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, LANG="C", LC_ALL="C")  # the monthly job's locale
    out = os.path.join(tmp, "r.json")
    for label, extra, runs in (("without password.defaults", ["--skip", "password.defaults"], a.runs),
                               ("all checks", [], 1)):
        for name, kensa in (("before", a.before), ("after", a.after)):
            ms, rss, size = audit(kensa, root, out, extra, runs, env)
            print(f"{label:26s} {name:6s} median {ms:8.0f} ms  peak RSS {rss:6d} KiB  "
                  f"JSON {size:9d} bytes  ({runs} runs)")
            if name == "after" and runs > 1:
                t0 = time.perf_counter()
                subprocess.run([kensa, "report", out, "--lang", "ja"], check=True,
                               stdout=subprocess.DEVNULL, env=env)
                print(f"{'':26s} report --lang ja of it: {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
