#!/usr/bin/env python3
"""password.defaults throughput: hashes per second per method, 1 thread vs all CPUs.

Builds a root with K accounts whose passwords are strong random strings (so every candidate is
tried), hashes made with libxcrypt at run time, and times `--only password.defaults` with
`[password] defaults_threads` set to 1 and to 0 (all CPUs). Not a test."""
import ctypes
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KENSA = os.environ.get("KENSA_BIN", os.path.join(HERE, "..", "build", "src", "kensa"))
ACCOUNTS = 4


def crypt_fn():
    lib = ctypes.CDLL("libcrypt.so.1")
    lib.crypt_gensalt.restype = ctypes.c_char_p
    lib.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    lib.crypt.restype = ctypes.c_char_p
    lib.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    return lambda pw, prefix: lib.crypt(pw.encode(), lib.crypt_gensalt(prefix, 0, os.urandom(32), 32)).decode()


def candidates():
    n = 0
    for line in open(os.path.join(HERE, "..", "profiles", "default-passwords.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            n += 1
    return n + 7  # the name variants and the host name


def run(root, threads):
    prof = os.path.join(root, "..", f"t{threads}.ini")
    with open(prof, "w") as f:
        f.write(f"include = server\n[password]\ndefaults_threads = {threads}\ndefaults_budget_seconds = 600\n")
    t0 = time.perf_counter()
    p = subprocess.run([KENSA, "audit", "--root", root, "--only", "password.defaults", "--format",
                        "json", "--profile", prof, "--as-of", "2026-11-25"], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    r = json.loads(p.stdout)["results"][0]
    assert r["status"] == "pass", r
    return dt


def main():
    crypt = crypt_fn()
    per = candidates()
    print(f"password.defaults: {ACCOUNTS} accounts x {per} candidates, {os.cpu_count()} CPUs")
    for name, prefix in (("yescrypt", b"$y$"), ("sha512crypt", b"$6$")):
        tmp = tempfile.mkdtemp(prefix="kensa-rate-")
        root = os.path.join(tmp, "root")
        os.makedirs(os.path.join(root, "etc"))
        with open(os.path.join(root, "etc/passwd"), "w") as p, open(os.path.join(root, "etc/shadow"), "w") as s:
            p.write("root:x:0:0:root:/root:/bin/bash\n")
            s.write("root:*:20000:0:99999:7:::\n")
            for i in range(ACCOUNTS):
                p.write(f"u{i}:x:{1000 + i}:{1000 + i}::/home/u{i}:/bin/bash\n")
                s.write(f"u{i}:{crypt(secrets.token_urlsafe(18), prefix)}:20700:0:99999:7:::\n")
        one = run(root, 1)
        alln = run(root, 0)
        hashes = ACCOUNTS * per
        print(f"  {name:12} 1 thread {hashes / one:8.1f} hashes/s   all CPUs {hashes / alln:8.1f} hashes/s"
              f"   speed-up {one / alln:.2f}x")
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
