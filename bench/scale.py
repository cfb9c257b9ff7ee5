#!/usr/bin/env python3
"""Scale series for kensa alone: time and peak memory against the number of accounts, wtmp
records and unit files, with the fitted growth. Not a test: run it by hand or from run.sh.

    bench/scale.py [--kensa build/src/kensa] [--quick]
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(kensa, root, runs, extra):
    """Median wall time (ms) over runs, and max RSS (KiB) from /usr/bin/time -v."""
    argv = [kensa, "audit", "--root", root, "--format", "json", "--as-of", "2026-11-25", *extra]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - t0) * 1000)
        if p.returncode not in (0, 2):
            sys.exit(f"kensa failed: {p.stderr.decode()}")
    p = subprocess.run(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    rss = next(int(l.split()[-1]) for l in p.stderr.splitlines() if "Maximum resident" in l)
    return statistics.median(times), rss


def fit(xs, ys):
    """Least-squares line y = a + b x, its R², and the log-log slope (1 = linear)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1
    lx = [math.log(x) for x in xs[-2:]]
    ly = [math.log(max(y, 1e-9)) for y in ys[-2:]]
    slope = (ly[1] - ly[0]) / (lx[1] - lx[0])
    return a, b, 1 - ss_res / ss_tot, slope


def series(kensa, name, sizes, gen_args, runs, extra):
    rows = []
    for size in sizes:
        tmp = tempfile.mkdtemp(prefix="kensa-bench-")
        root = os.path.join(tmp, "root")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_root.py"), root, *gen_args(size)],
                       check=True)
        ms, rss = measure(kensa, root, runs, extra)
        rows.append((size, ms, rss))
        shutil.rmtree(tmp)
        print(f"  {name:9} {size:>10,}  {ms:9.1f} ms  {rss / 1024:7.1f} MiB", flush=True)
    a, b, r2, slope = fit([r[0] for r in rows], [r[1] for r in rows])
    _, bm, _, mslope = fit([r[0] for r in rows], [r[2] for r in rows])
    print(f"  {name}: time ≈ {a:.1f} ms + {b * 1000:.3f} µs × n (R² {r2:.3f}, log-log slope "
          f"{slope:.2f}); memory slope {bm:.4f} KiB per unit (log-log {mslope:.2f})")
    return {"series": name, "rows": rows, "fit_ms": [a, b], "r2": r2, "loglog_slope": slope,
            "mem_loglog_slope": mslope}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kensa", default=os.path.join(HERE, "..", "build", "src", "kensa"))
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one run each")
    ap.add_argument("--json", help="write the measurements here")
    a = ap.parse_args()
    runs = 1 if a.quick else 5
    acc = [10, 1000, 10000] if a.quick else [10, 1000, 10000, 100000]
    wt = [10000, 100000, 1000000] if a.quick else [10000, 100000, 1000000, 10000000]
    un = [100, 1000, 10000] if a.quick else [100, 1000, 10000]
    skip = ["--skip", "password.defaults"]
    print("kensa scale series (median wall time, peak RSS)")
    out = [
        series(a.kensa, "accounts", acc, lambda n: ["--accounts", str(n)], runs, skip),
        series(a.kensa, "wtmp", wt, lambda n: ["--accounts", "100", "--wtmp", str(n)], runs,
               ["--only", "accounts.stale"]),
        series(a.kensa, "units", un, lambda n: ["--accounts", "10", "--units", str(n)], runs, skip),
    ]
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
