#!/usr/bin/env python3
"""updates.pending against a full apt list set: this machine's own bookworm main, -updates and
-security Packages lists (decompressed by apt's apt-helper whatever apt stored them as), laid out
in a scratch root as apt writes them uncompressed, with a dpkg status of N installed packages
drawn from the lists. Prints the check's own duration_ms, wall time and peak RSS per N: the lists
are the same size in every row, so the memory that grows is the installed set's. Not a test.

    bench/apt_lists.py [--kensa build/src/kensa] [--runs 5]
"""
import argparse
import glob
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HELPER = "/usr/lib/apt/apt-helper"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kensa", default="build/src/kensa")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    srcs = sorted(glob.glob("/var/lib/apt/lists/*_Packages*"))
    if not srcs:
        sys.exit("no apt lists on this machine")
    tmp = tempfile.mkdtemp(prefix="kensa-bench-apt-")
    root = os.path.join(tmp, "root")
    lists = os.path.join(root, "var/lib/apt/lists")
    os.makedirs(lists)
    names, total_bytes, stanzas = {}, 0, 0
    sources = set()
    for f in srcs:
        base = os.path.basename(f)
        plain = base.rsplit("_Packages", 1)[0] + "_Packages"
        text = subprocess.run([HELPER, "cat-file", f], capture_output=True, text=True,
                              errors="replace", check=True).stdout
        with open(os.path.join(lists, plain), "w") as out:
            out.write(text)
        total_bytes += len(text.encode())
        name = ver = arch = None
        for line in text.splitlines():
            if line.startswith("Package: "):
                name = line[9:]
            elif line.startswith("Version: "):
                ver = line[9:]
            elif line.startswith("Architecture: "):
                arch = line[14:]
            elif not line and name:
                stanzas += 1
                names.setdefault(name, (ver, arch))
                name = None
        rel = base.split("_main_binary-")[0]
        for r in (rel + "_InRelease",):
            p = os.path.join("/var/lib/apt/lists", r)
            if os.path.exists(p):
                shutil.copy(p, os.path.join(lists, r))
        host_path = rel.split("_dists_")
        sources.add("deb http://%s %s main\n" % (host_path[0].replace("_", "/"), host_path[1].replace("_", "/")))
    os.makedirs(os.path.join(root, "etc/apt"))
    with open(os.path.join(root, "etc/apt/sources.list"), "w") as f:
        f.writelines(sorted(sources))
    print(f"lists: {len(srcs)} files, {total_bytes / 1e6:.1f} MB, {stanzas} stanzas, "
          f"{len(names)} package names")
    rng = random.Random(6)
    pool = sorted(names)
    os.makedirs(os.path.join(root, "var/lib/dpkg"))
    print("| installed | check duration_ms (median) | wall (median) | peak RSS |")
    print("|---|---|---|---|")
    for n in (100, 1000, 10000, len(pool)):
        chosen = set(rng.sample(pool, min(n, len(pool)))) | {"dpkg"}
        with open(os.path.join(root, "var/lib/dpkg/status"), "w") as f:
            for p in sorted(chosen):
                v, a = names[p]
                f.write(f"Package: {p}\nStatus: install ok installed\nArchitecture: {a}\n"
                        f"Version: {v}\n\n")
        argv = [args.kensa, "audit", "--root", root, "--format", "json", "--only",
                "updates.pending"]
        durs, walls = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            p = subprocess.run(argv, capture_output=True, text=True)
            walls.append((time.perf_counter() - t0) * 1000)
            rep = json.loads(p.stdout)
            durs.append(next(r for r in rep["results"] if r["id"] == "updates.pending")["duration_ms"])
        p = subprocess.run(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        rss = next(int(l.split()[-1]) for l in p.stderr.splitlines() if "Maximum resident" in l)
        print(f"| {len(chosen)} | {statistics.median(durs):.1f} ms | "
              f"{statistics.median(walls):.1f} ms | {rss / 1024:.1f} MiB |")
    if os.environ.get("KEEP"):
        print(root)
    else:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
