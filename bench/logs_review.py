#!/usr/bin/env python3
"""logs.review on a large synthetic auth log: a current /var/log/auth.log of --size-mb (default
1024 MiB) and a year of weekly rotated copies (auth.log.1 plain, auth.log.2.gz ... .52.gz, each
--weekly-mb uncompressed, gzip level 6, modification times one week apart), in the exact Debian 12
line formats (sshd, pam_unix, sudo, useradd). Sources and accounts are many (5 000 attacking
addresses, 400 user names) so the bounded tables overflow as on an exposed host.

Measured per run, from the kernel's accounting of the kensa process (os.wait4): user + system
CPU seconds, wall seconds and peak RSS; and the report's own duration_ms. Two runs: the default
profile (review_days = 31: the rotated copies older than the period are not opened) and
review_days = 366 (every copy, all the gzip decompressed).

Not a test: nothing here runs in meson test. Usage:
    bench/logs_review.py [--kensa build/src/kensa] [--dir /var/tmp/kensa-bench-logs]
                         [--size-mb 1024] [--weekly-mb 20] [--keep]
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time

AS_OF = "2026-11-25"
AS_OF_END = 1795651199  # 2026-11-25T23:59:59Z, kensa's "now" for that --as-of
ZONE = 9 * 3600
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def stamp(t):
    lt = time.gmtime(t + ZONE)
    return f"{MONTHS[lt.tm_mon - 1]} {lt.tm_mday:2d} {lt.tm_hour:02d}:{lt.tm_min:02d}:{lt.tm_sec:02d}"


def lines(start, end, n):
    """n lines spread evenly over [start, end): a realistic mix for an exposed sshd."""
    step = (end - start) / n
    users = [f"user{i}" for i in range(400)]
    for i in range(n):
        t = int(start + i * step)
        s = stamp(t)
        ip = f"203.0.{(i // 7) % 20}.{(i // 140) % 250}"
        k = i % 20
        pid = 10000 + i % 50000
        if i % 50 == 25:  # one persistent guesser: bursts all year
            yield (f"{s} srv sshd[{pid}]: Failed password for root from 198.51.100.77 port "
                   f"{30000 + i % 20000} ssh2\n")
        elif k < 8:
            yield (f"{s} srv sshd[{pid}]: Failed password for {users[i % 400]} from {ip} "
                   f"port {40000 + i % 20000} ssh2\n")
        elif k < 11:
            yield f"{s} srv sshd[{pid}]: Invalid user {users[(i * 7) % 400]}x from {ip} port {40000 + i % 20000}\n"
        elif k < 14:
            yield (f"{s} srv sshd[{pid}]: Connection closed by invalid user x {ip} port "
                   f"{40000 + i % 20000} [preauth]\n")
        elif k < 16:
            yield (f"{s} srv CRON[{pid}]: pam_unix(cron:session): session opened for user root(uid=0) "
                   f"by (uid=0)\n")
        elif k == 16:
            yield (f"{s} srv sshd[{pid}]: Accepted publickey for admin1 from 192.0.2.{i % 40} port "
                   f"{50000 + i % 10000} ssh2: ED25519 SHA256:2k3Jb0mA4kZl7iDq6a7V0o1cH6bXbq2y0u3nqL5m8xE\n")
        elif k == 17:
            yield (f"{s} srv sudo:   admin1 : TTY=pts/0 ; PWD=/home/admin1 ; USER=root ; "
                   f"COMMAND=/usr/bin/systemctl restart nginx\n")
        elif k == 18:
            yield f"{s} srv systemd-logind[410]: New session {i} of user admin1.\n"
        else:
            yield f"{s} srv sshd[{pid}]: Received disconnect from {ip} port 22:11: Bye Bye [preauth]\n"


def write_log(path, start, end, size_mb, compress):
    sample = sum(len(x) for x in lines(start, end, 20000)) / 20000  # bytes a line, this mix
    n = int(size_mb * 1024 * 1024 / sample)
    opener = (lambda p: gzip.open(p, "wb", compresslevel=6)) if compress else (lambda p: open(p, "wb"))
    with opener(path) as f:
        buf = []
        for line in lines(start, end, n):
            buf.append(line)
            if len(buf) >= 20000:
                f.write("".join(buf).encode())
                buf = []
        f.write("".join(buf).encode())
    os.utime(path, (end, end))
    return os.path.getsize(path)


def make_root(d, size_mb, weekly_mb):
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(os.path.join(d, "etc"))
    os.makedirs(os.path.join(d, "var/log"))
    with open(os.path.join(d, "etc/os-release"), "w") as f:
        f.write('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
                'VERSION_ID="12"\nID=debian\n')
    with open(os.path.join(d, "etc/passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\nadmin1:x:1001:1001::/home/admin1:/bin/bash\n")
    week = 7 * 86400
    end = AS_OF_END - 3600
    sizes = {}
    t0 = time.time()
    sizes["auth.log"] = write_log(os.path.join(d, "var/log/auth.log"), end - week, end, size_mb, False)
    for n in range(1, 53):
        hi = end - n * week
        name = f"auth.log.{n}" + ("" if n == 1 else ".gz")
        sizes[name] = write_log(os.path.join(d, "var/log", name), hi - week, hi, weekly_mb, n > 1)
    print(f"generated in {time.time() - t0:.0f} s: auth.log {sizes['auth.log'] / 2**20:.0f} MiB, "
          f"52 rotated copies {sum(v for k, v in sizes.items() if k != 'auth.log') / 2**20:.0f} MiB "
          f"on disk ({weekly_mb} MiB each uncompressed)", flush=True)
    return sizes


def run(kensa, root, profile=None):
    args = [kensa, "audit", "--root", root, "--only", "logs.review", "--format", "json",
            "--as-of", AS_OF, "--lang", "en"]
    if profile:
        args += ["--profile", profile]
    t0 = time.time()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        sys.exit(f"kensa failed ({code}): {err.decode()}")
    res = json.loads(out)["results"][0]
    return {
        "cpu_s": ru.ru_utime + ru.ru_stime, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
        "wall_s": wall, "max_rss_mib": ru.ru_maxrss / 1024, "duration_ms": res["duration_ms"],
        "status": res["status"], "findings": len(res["findings"]),
        "evidence": [e["value"] for e in res["evidence"] if "files read" in e["value"]],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kensa", default="build/src/kensa")
    ap.add_argument("--dir", default="/var/tmp/kensa-bench-logs")
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--weekly-mb", type=float, default=20)
    ap.add_argument("--keep", action="store_true", help="reuse the generated root if present")
    a = ap.parse_args()
    root = os.path.join(a.dir, "root")
    if not (a.keep and os.path.isdir(root)):
        make_root(root, a.size_mb, a.weekly_mb)
    year = os.path.join(a.dir, "year.ini")
    with open(year, "w") as f:
        f.write("include = server\n\n[logs]\nreview_days = 366\n")
    for name, prof in (("review_days = 31 (default)", None), ("review_days = 366", year)):
        r = run(os.path.abspath(a.kensa), root, prof)
        print(f"{name}: CPU {r['cpu_s']:.2f} s (user {r['user_s']:.2f}, sys {r['sys_s']:.2f}), "
              f"wall {r['wall_s']:.2f} s, peak RSS {r['max_rss_mib']:.1f} MiB, check "
              f"{r['duration_ms'] / 1000:.2f} s, {r['status']} with {r['findings']} findings; "
              f"{'; '.join(r['evidence'])}", flush=True)


if __name__ == "__main__":
    main()
