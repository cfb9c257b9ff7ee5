#!/usr/bin/env python3
"""Synthetic root generator for kensa's scale benchmarks.

    gen_root.py DIR --accounts N --wtmp M --units U

writes a root whose account, login-record, unit and logrotate counts are N, M and U, in the real
formats (passwd/shadow lines as shadow-utils writes them, lastlog as a sparse file indexed by UID,
wtmp as 384-byte glibc utmp records, systemd unit files with wants-links, logrotate stanzas)."""
import argparse
import os
import random
import struct

UTMP = struct.Struct("<hxxi32s4s32s256shhiii4i20x")  # glibc x86_64 struct utmp, 384 bytes
LASTLOG = struct.Struct("<i32s256s")                 # struct lastlog, 292 bytes
assert UTMP.size == 384 and LASTLOG.size == 292
AS_OF = 1795564800  # 2026-11-25


def write(root, path, text, mode=0o644):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, mode)


def accounts(root, n, rng):
    passwd = ["root:x:0:0:root:/root:/bin/bash\n", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"]
    shadow = ["root:*:20000:0:99999:7:::\n", "daemon:*:20000:0:99999:7:::\n"]
    for i in range(n):
        uid = 1000 + i
        salt = "%016x" % rng.getrandbits(64)
        passwd.append(f"user{i}:x:{uid}:{uid}:User {i},,,:/home/user{i}:/bin/bash\n")
        # well-formed yescrypt strings (not real hashes: the scale series skips password.defaults)
        shadow.append(f"user{i}:$y$j9T${salt}$" + "A" * 43 + f":{20000 + i % 700}:0:99999:7:::\n")
    write(root, "/etc/passwd", "".join(passwd))
    write(root, "/etc/shadow", "".join(shadow), 0o640)
    with open("/etc/login.defs") as f:
        write(root, "/etc/login.defs", f.read())
    # lastlog: every other account has a record, at offset uid * 292 (sparse, like pam_lastlog)
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    with open(os.path.join(root, "var/log/lastlog"), "wb") as f:
        for i in range(0, n, 2):
            f.seek((1000 + i) * LASTLOG.size)
            f.write(LASTLOG.pack(AS_OF - rng.randrange(400) * 86400, b"pts/0", b"192.0.2.1"))


def wtmp(root, m, n, rng):
    with open(os.path.join(root, "var/log/wtmp"), "wb") as f:
        chunk = []
        for k in range(m):
            i = rng.randrange(max(n, 1))
            t = AS_OF - rng.randrange(400 * 86400)
            chunk.append(UTMP.pack(7, 1000 + k % 30000, b"pts/%d" % (k % 50), b"ts/0",
                                   b"user%d" % i, b"192.0.2.%d" % (k % 250), 0, 0, 0, t, 0,
                                   0, 0, 0, 0))
            if len(chunk) == 4096:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))


def units(root, u):
    wants = os.path.join(root, "etc/systemd/system/multi-user.target.wants")
    os.makedirs(wants, exist_ok=True)
    for i in range(u):
        name = f"bench{i}.service"
        write(root, f"/lib/systemd/system/{name}",
              f"[Unit]\nDescription=Benchmark service {i}\n\n[Service]\nExecStart=/usr/bin/true\n\n"
              "[Install]\nWantedBy=multi-user.target\n")
        if i % 2 == 0:
            os.symlink(f"/lib/systemd/system/{name}", os.path.join(wants, name))
        write(root, f"/etc/logrotate.d/bench{i}",
              f"/var/log/bench{i}.log {{\n\tweekly\n\trotate 4\n\tmissingok\n\tcompress\n}}\n")
    write(root, "/etc/logrotate.conf", "weekly\nrotate 4\ncreate\ninclude /etc/logrotate.d\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--accounts", type=int, default=10)
    ap.add_argument("--wtmp", type=int, default=0)
    ap.add_argument("--units", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(42)
    os.makedirs(a.root, exist_ok=True)
    write(a.root, "/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
    write(a.root, "/etc/hostname", "bench\n")
    accounts(a.root, a.accounts, rng)
    wtmp(a.root, a.wtmp, a.accounts, rng)
    units(a.root, a.units)


if __name__ == "__main__":
    main()
