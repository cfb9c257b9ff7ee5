#!/usr/bin/env python3
"""logs.review on Windows against large Security logs: python-evtx's real Security log
(tests/data/evtx/python-evtx-security.evtx, 26 chunks) repeated chunk by chunk up to N chunks
(valid CRC32s, as Windows writes them; 16 384 chunks = 1 GiB, 1.42 M records), in the wevtutil
export of a windows-default root; `kensa audit --only logs.review` run under /usr/bin/time -v:
CPU time, wall time and peak RSS per size.

    bench/evtx_scale.py [KENSA] [CHUNKS...]     (default: build/src/kensa 256 4096 16384)
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(SRC, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402


def big_log(path, n):
    with open(os.path.join(SRC, "tests", "data", "evtx", "python-evtx-security.evtx"), "rb") as f:
        d = f.read()
    chunks = [d[4096 + i * 65536:4096 + (i + 1) * 65536] for i in range((len(d) - 4096) // 65536)]
    chunks = [c for c in chunks if c[:8] == b"ElfChnk\0"]
    hdr = bytearray(d[:4096])
    struct.pack_into("<QQ", hdr, 8, 0, n - 1)
    struct.pack_into("<H", hdr, 42, n & 0xFFFF)
    struct.pack_into("<I", hdr, 124, zlib.crc32(bytes(hdr[:120])))
    with open(path, "wb") as f:
        f.write(hdr)
        for i in range(n):
            f.write(chunks[i % len(chunks)])


def main():
    args = sys.argv[1:]
    kensa = args.pop(0) if args and not args[0].isdigit() else os.path.join(SRC, "build", "src", "kensa")
    sizes = [int(a) for a in args] or [256, 4096, 16384]
    tmp = tempfile.mkdtemp(prefix="kensa-evtx-bench-")
    try:
        root = os.path.join(tmp, "root")
        mw.build("windows-default", root)
        log = os.path.join(root, "kensa-capture", "Security.evtx")
        print("| chunks | file | records | CPU (user+sys) | wall | peak RSS |")
        print("|---|---|---|---|---|---|")
        for n in sizes:
            big_log(log, n)
            p = subprocess.run(["/usr/bin/time", "-v", kensa, "audit", "--root", root, "--platform",
                                "windows", "--only", "logs.review", "--as-of", "2016-07-30",
                                "--format", "json", "--output", os.path.join(tmp, "r.json")],
                               capture_output=True, text=True)
            t = p.stderr
            user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
            sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
            wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
            with open(os.path.join(tmp, "r.json")) as f:
                rec = re.search(r"(\d+) event records in", f.read()).group(1)
            print(f"| {n} | {os.path.getsize(log) / 2**20:.0f} MiB | {rec} | {user + sys_:.2f} s | "
                  f"{wall} | {rss / 1024:.1f} MiB |", flush=True)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
