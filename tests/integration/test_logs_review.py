#!/usr/bin/env python3
"""logs.review (9の心得 rule 5) on tests/roots/logs-review-debian12 (a Debian 12 auth.log in the
exact formats sshd, pam_unix, sudo and shadow write) and on roots planted from it: rotated and
gzip copies with their modification times, Debian 13's RFC 3339 lines, btmp, a journal-only
host, malformed and truncated files, the period since the previous report in --report-dir and
sshd sources new since then; no log line, command argument or hash in any output."""
import gzip
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import (AS_OF, AS_OF_EPOCH, Skip, audit_json, kensa, result,  # noqa: E402
                       run_tests, scratch_root, validate_schema, write, write_login)

ID = "logs.review"
DAY = 86400
FIXTURE = "logs-review-debian12"


def audit(root, *extra):
    _, rep = audit_json(root, "--only", ID, *extra)
    validate_schema(rep)
    return result(rep, ID)


def profile(root, text):
    path = os.path.join(os.path.dirname(root), "site.ini")
    with open(path, "w") as f:
        f.write("include = server\n\n" + text)
    return path


def finds(res, severity=None):
    return [(f["subject"], f["detail"]) for f in res["findings"]
            if severity in (None, f["severity"])]


def evidence(res):
    return [(e.get("source"), e.get("value")) for e in res.get("evidence", [])]


def set_mtime(root, path, days_before):
    t = AS_OF_EPOCH - days_before * DAY
    os.utime(os.path.join(root, path.lstrip("/")), (t, t))


def gz(root, path, text, days_before):
    full = os.path.join(root, path.lstrip("/"))
    with gzip.GzipFile(full, "wb", mtime=0) as f:
        f.write(text.encode())
    set_mtime(root, path, days_before)


def test_stock_fixture_findings():
    res = audit(scratch_root(FIXTURE))
    assert res["status"] == "warn", res
    assert res["guideline"] == ["9の心得 ⑤"], res["guideline"]
    warn = finds(res, "warn")
    subjects = [s for s, _ in warn]
    burst = [d for s, d in warn if s == "203.0.113.7"]
    assert burst and "bursts of 10 or more failed logins within 10 minutes: 1" in burst[0], warn
    # "Invalid user" counts the connection; its "Failed ... for invalid user" is not counted
    # again, and pam_unix(sshd:auth) lines never: 7 Failed for root/alice + 3 invalid users
    assert "failed logins in all: 10" in burst[0], burst
    assert "accounts tried: admin, root, alice, oracle, test" in burst[0], burst
    assert ("alice@203.0.113.7", ) == tuple(s for s, d in warn if "after a burst" in d), warn
    assert any(s == "root@local" and d.startswith("direct root logins: 1 (login;") for s, d in warn)
    for what in ("user created: 1", "group created: 1", "added to a group (sudo): 1",
                 "password changed: 1"):
        assert any(s == "bob" and d.startswith(what) for s, d in warn), (what, warn)
    assert any(s == "bob" and d.startswith("sudo refused: 1 (as root: cat;") for s, d in warn)
    info = finds(res, "info")
    # sudo by whom, with the command's name only
    assert ("admin1", "sudo as root: 4 (apt, useradd, usermod, passwd; first "
            "2026-11-21T08:31:10+09:00, last 2026-11-21T08:33:00+09:00)") in info, info
    assert any(s == "admin1" and d.startswith("su to root: 1") for s, d in info)
    assert ("alice@203.0.113.7", "failed logins: 5 (first 2026-11-20T09:58:14+09:00, "
            "last 2026-11-20T09:58:29+09:00)") in info, info
    ev = evidence(res)
    assert ("/var/log/auth.log", "40 lines from 2026-11-20T09:55:01+09:00 to "
            "2026-11-22T10:00:00+09:00") in ev, ev
    assert ("sshd", "203.0.113.7 192.0.2.10") in ev, ev
    # no administrators set: logins of others are listed, not judged
    assert not any(s.startswith("admin1@") for s in subjects)


def test_never_a_log_line_or_argument():
    root = scratch_root(FIXTURE)
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only", ID,
                           "--format", "json")
    for secret in ("cat /etc/shadow", "-aG sudo", "SHA256:2k3J", "ROOT LOGIN", "TTY=pts", "port 40110"):
        assert secret not in out, secret


def test_administrators_judge_logins_and_sudo():
    root = scratch_root(FIXTURE)
    res = audit(root, "--profile", profile(root, "[logs]\nreview_administrators = admin1\n"))
    warn = finds(res, "warn")
    assert any(s == "alice@203.0.113.7" and d.startswith(
        "logins by an account that is not an expected administrator: 1 (password;")
        for s, d in warn), warn
    assert not any(s.startswith("admin1") for s, _ in warn), warn
    # [accounts] admins is the default list
    res = audit(root, "--profile", profile(root, "[accounts]\nadmins = admin1, alice\n"))
    assert not any(s.startswith(("alice@", "admin1")) and "not an expected" in d
                   for s, d in finds(res, "warn"))


def test_quiet_period_passes():
    root = scratch_root(FIXTURE)
    write(root, "/var/log/auth.log",
          "Nov 21 08:30:00 kensa-srv sshd[3001]: Accepted publickey for admin1 from 192.0.2.10 "
          "port 51234 ssh2: ED25519 SHA256:2k3Jb0mA4kZl7iDq6a7V0o1cH6bXbq2y0u3nqL5m8xE\n"
          "Nov 21 08:31:10 kensa-srv sudo:   admin1 : TTY=pts/0 ; PWD=/home/admin1 ; USER=root ; "
          "COMMAND=/usr/bin/apt update\n"
          "Nov 22 01:00:00 kensa-srv sshd[3101]: Failed password for admin1 from 192.0.2.10 port "
          "51234 ssh2\n")
    res = audit(root, "--profile", profile(root, "[logs]\nreview_administrators = admin1\n"))
    assert res["status"] == "pass", res
    assert res["reason"].startswith("reviewed: no burst"), res["reason"]


def test_rotated_and_gzip_copies_oldest_first():
    root = scratch_root(FIXTURE)
    # a burst that straddles two files: 6 failures in auth.log.2.gz, 4 in auth.log.1
    old = "".join(f"Nov 10 23:59:{50 + i:02d} kensa-srv sshd[9{i}]: Failed password for root from "
                  f"198.51.100.9 port 4000{i} ssh2\n" for i in range(6))
    gz(root, "/var/log/auth.log.2.gz", old, 14)
    new = "".join(f"Nov 11 00:00:{i:02d} kensa-srv sshd[8{i}]: Failed password for root from "
                  f"198.51.100.9 port 4100{i} ssh2\n" for i in range(4))
    write(root, "/var/log/auth.log.1", new)
    set_mtime(root, "/var/log/auth.log.1", 7)
    # last written long before the period: not read (its lines would be a burst)
    gz(root, "/var/log/auth.log.3.gz", old.replace("Nov 10", "Sep 10") * 3, 70)
    # a RHEL-style dated copy in the period is read too
    write(root, "/var/log/auth.log-20261115",
          "Nov 15 12:00:00 kensa-srv useradd[5]: new user: name=carol, UID=1003, GID=1003, "
          "home=/home/carol, shell=/bin/bash, from=/dev/pts/0\n")
    res = audit(root)
    warn = finds(res, "warn")
    assert any(s == "198.51.100.9" and "failed logins in all: 10;" in d for s, d in warn), warn
    assert any(s == "carol" and d.startswith("user created: 1") for s, d in warn), warn
    ev = evidence(res)
    assert ("/var/log/auth.log.2.gz", "6 lines from 2026-11-10T23:59:50+09:00 to "
            "2026-11-10T23:59:55+09:00 (gzip)") in ev, ev
    assert (None, "/var/log/auth.log: 1 rotated copies last written before the period, not read") in ev, ev
    assert not any(s == "/var/log/auth.log.3.gz" for s, _ in ev)


def test_year_of_a_rotated_copy_from_its_mtime():
    # a copy rotated a year ago holds "Nov 25" lines of 2025: with a year-long period they are
    # read, and dated 2025, not this November (the audit's own day)
    root = scratch_root(FIXTURE)
    gz(root, "/var/log/auth.log.52.gz",
       "Nov 25 12:00:00 kensa-srv groupadd[2]: new group: name=lastyear, GID=1011\n", 364)
    res = audit(root, "--profile", profile(root, "[logs]\nreview_days = 366\n"))
    assert any(s == "lastyear" and "first 2025-11-25T12:00:00+09:00" in d
               for s, d in finds(res, "warn")), finds(res, "warn")


def test_tables_are_bounded():
    root = scratch_root(FIXTURE)
    lines = []
    for n in range(3000):  # 3 000 sources, one failure each: past the 2 048 kept
        lines.append(f"Nov 23 0{n // 1000}:{(n // 60) % 16:02d}:{n % 60:02d} kensa-srv sshd[{n}]: "
                     f"Failed password for u{n} from 10.{n // 250}.{n % 250}.1 port 1 ssh2\n")
    for k in range(25):  # 25 bursts: 20 listed and "and 5 more"
        for i in range(10):
            lines.append(f"Nov 24 10:{k:02d}:{i:02d} kensa-srv sshd[{k}]: Failed password for "
                         f"root from 198.18.0.{k} port 1 ssh2\n")
    write(root, "/var/log/auth.log", "".join(lines))
    res = audit(root)
    warn = finds(res, "warn")
    bursts = [s for s, d in warn if d.startswith("bursts of")]
    # the 3 000 quiet sources filled the burst table first: they were let go, the bursts seen
    assert len(bursts) == 20, bursts
    assert any(v.endswith("sources with no burst let go from the burst table to make room")
               for _, v in evidence(res)), evidence(res)
    assert ("failed logins", "and 5 more not listed") in warn, warn
    info = finds(res, "info")
    # the per-account table, full of single tries, lets them go: the repeated guesses that came
    # later are the ones listed (25 of 10 each: 20 shown); 512 single tries arrived before the
    # first sweep and were counted only
    failures = [(s, d) for s, d in info if d.startswith("failed logins:")]
    assert len(failures) == 20, failures
    assert all(s.startswith("root@198.18.0.") and d.startswith("failed logins: 10 ")
               for s, d in failures), failures
    assert ("failed logins", "and 445 more not listed") in info, [x for x in info if "more" in x[1]]
    assert ("failed logins", "512 more events whose account or source did not fit the table") in info
    assert (None, "failed logins: 2048 accounts and sources with a single event let go from the "
            "table to make room") in evidence(res), evidence(res)


def test_lines_before_the_period_do_not_count():
    root = scratch_root(FIXTURE)
    write(root, "/var/log/auth.log",
          "Oct  1 10:00:00 kensa-srv useradd[1]: new user: name=old, UID=1009, GID=1009, "
          "home=/home/old, shell=/bin/bash, from=/dev/pts/0\n"
          "Nov 24 10:00:00 kensa-srv groupadd[2]: new group: name=devs, GID=1010\n")
    res = audit(root)
    subjects = [s for s, _ in finds(res, "warn")]
    assert subjects == ["devs"], subjects


def test_debian13_rfc3339_and_sshd_session():
    root = scratch_root(FIXTURE)
    lines = "".join(f"2026-11-23T03:0{i // 6}:{(i % 6) * 9:02d}.{i:06d}+09:00 kensa-srv "
                    f"sshd-session[70{i:02d}]: Failed password for root from 2001:db8::66 port "
                    f"5{i:04d} ssh2\n" for i in range(12))
    lines += ("2026-11-23T03:03:00.000001+09:00 kensa-srv sshd-session[7100]: Accepted password "
              "for root from 2001:db8::66 port 59999 ssh2\n")
    write(root, "/var/log/auth.log", lines)
    res = audit(root)
    warn = finds(res, "warn")
    assert any(s == "2001:db8::66" and "failed logins in all: 12" in d for s, d in warn), warn
    assert any(s == "root@2001:db8::66" and "after a burst" in d for s, d in warn), warn
    assert any(s == "root@2001:db8::66" and d.startswith("direct root logins: 1 (password;")
               for s, d in warn), warn


def test_unknown_accounts_one_count_per_password():
    """A real sshd's lines for unknown accounts (test_image_sshd_logins.py captured them): one
    "Invalid user" line per connection, then one "Failed password for invalid user" per password
    tried. Each password counts once, a connection that tried none counts once, and connections
    that overlap are told apart by sshd's PID."""
    root = scratch_root(FIXTURE)
    h = "Nov 23 03:00:%02d kensa-srv sshd[%d]: "
    lines = [
        (1, 8001, "Invalid user admin from 198.51.100.9 port 40001"),
        (2, 8002, "Invalid user admin from 198.51.100.9 port 40002"),  # gives up: no password
        (2, 8001, "pam_unix(sshd:auth): check pass; user unknown"),
        (2, 8001, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
                  "ruser= rhost=198.51.100.9 "),
        (4, 8001, "Failed password for invalid user admin from 198.51.100.9 port 40001 ssh2"),
        (5, 8002, "Connection closed by invalid user admin 198.51.100.9 port 40002 [preauth]"),
        (6, 8001, "pam_unix(sshd:auth): check pass; user unknown"),
        (8, 8001, "Failed password for invalid user admin from 198.51.100.9 port 40001 ssh2"),
        (10, 8001, "Failed password for invalid user admin from 198.51.100.9 port 40001 ssh2"),
        (11, 8001, "Connection closed by invalid user admin 198.51.100.9 port 40001 [preauth]"),
        (11, 8001, "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
                   "rhost=198.51.100.9 "),
        (12, 8003, "Invalid user oracle from 198.51.100.9 port 40003"),
        (14, 8003, "Failed password for invalid user oracle from 198.51.100.9 port 40003 ssh2"),
    ]
    write(root, "/var/log/auth.log", "".join((h % (t, pid)) + m + "\n" for t, pid, m in lines))
    res = audit(root)
    info = finds(res, "info")
    got = {s: d for s, d in info if d.startswith("failed logins: ")}
    assert got.get("admin@198.51.100.9", "").startswith("failed logins: 4 ("), info
    assert got.get("oracle@198.51.100.9", "").startswith("failed logins: 1 ("), info
    # the same from the journal, paired by its SYSLOG_PID (Debian 13 as installed)
    root = scratch_root(FIXTURE)
    os.remove(os.path.join(root, "var/log/auth.log"))
    t0 = AS_OF_EPOCH - 2 * DAY
    make_journal(root, [(t0 + t, "sshd-session", m, pid) for t, pid, m in lines], True)
    res = audit(root)
    info = finds(res, "info")
    got = {s: d for s, d in info if d.startswith("failed logins: ")}
    assert got.get("admin@198.51.100.9", "").startswith("failed logins: 4 ("), info
    assert got.get("oracle@198.51.100.9", "").startswith("failed logins: 1 ("), info


def test_btmp_when_no_auth_log():
    root = scratch_root(FIXTURE)
    os.remove(os.path.join(root, "var/log/auth.log"))
    for i in range(10):
        write_login(root, "root", 0, AS_OF_EPOCH - 3 * DAY + i * 20, tty="ssh:notty",
                    host="203.0.113.50", lastlog=False, wtmp_name="btmp")
    res = audit(root)
    # btmp alone is not a review of logins: the check says there is no auth log
    assert res["status"] == "error", res
    ev = evidence(res)
    assert ("/var/log/btmp", "10 failed logins in the period (reviewed from here)") in ev, ev
    assert any(s == "203.0.113.50" and "failed logins in all: 10" in d
               for s, d in finds(res, "warn"))


JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote"
MACHINE = "0123456789abcdef0123456789abcdef"


def journal_export(entries):
    """Journal export format (systemd's JOURNAL_EXPORT_FORMATS), one entry per (epoch, ident, msg)."""
    out = []
    for n, (t, ident, msg, *pid) in enumerate(entries):
        pid = pid[0] if pid else 1000 + n
        out.append(f"__REALTIME_TIMESTAMP={t * 1000000}\n__MONOTONIC_TIMESTAMP={n + 1}\n"
                   f"_BOOT_ID={MACHINE}\n_MACHINE_ID={MACHINE}\n_HOSTNAME=kensa-srv\n"
                   f"_TRANSPORT=syslog\nSYSLOG_FACILITY=10\nSYSLOG_IDENTIFIER={ident}\n"
                   f"SYSLOG_PID={pid}\n_PID={pid}\nMESSAGE={msg}\n\n")
    return "".join(out)


def make_journal(root, entries, compact, name="system.journal"):
    """A real journal file written by systemd's own systemd-journal-remote."""
    if not os.access(JOURNAL_REMOTE, os.X_OK):
        raise Skip("systemd-journal-remote is not installed (package systemd-journal-remote)")
    d = os.path.join(root, "var/log/journal", MACHINE)
    os.makedirs(d, exist_ok=True)
    export = os.path.join(os.path.dirname(root), "entries.export")
    with open(export, "w") as f:
        f.write(journal_export(entries))
    path = os.path.join(d, name)
    env = dict(os.environ, SYSTEMD_JOURNAL_COMPACT="1" if compact else "0")
    subprocess.run([JOURNAL_REMOTE, "-o", path, export], check=True, env=env,
                   capture_output=True)
    return path


def journal_entries_in_trixie_style():
    t0 = AS_OF_EPOCH - 5 * DAY
    e = [(t0 + 5 * i, "sshd-session", f"Failed password for root from 203.0.113.7 port {40000 + i} ssh2")
         for i in range(12)]
    e += [(t0 + 100, "sshd-session", "Accepted password for root from 203.0.113.7 port 40100 ssh2"),
          (t0 + 200, "useradd", "new user: name=bob, UID=1002, GID=1002, home=/home/bob, "
                                "shell=/bin/bash, from=/dev/pts/0"),
          (t0 + 300, "systemd", "Started session-1.scope - Session 1 of User root."),
          (t0 + 400, "sudo", "   admin1 : TTY=pts/0 ; PWD=/home/admin1 ; USER=root ; "
                             "COMMAND=/usr/bin/apt update"),
          (t0 + 500, "kernel", "long " * 400),  # journald compresses fields of 512 bytes or more
          (AS_OF_EPOCH - 60 * DAY, "useradd", "new user: name=old, UID=1003, GID=1003, "
                                              "home=/home/old, shell=/bin/bash, from=none")]
    return sorted(e)


def test_journal_only_host_compact_and_regular():
    for compact in (True, False):
        root = scratch_root(FIXTURE)
        os.remove(os.path.join(root, "var/log/auth.log"))
        path = make_journal(root, journal_entries_in_trixie_style(), compact)
        # the oracle: journalctl reads the same file
        oracle = subprocess.run(["journalctl", "--file", path, "-o", "cat", "--no-pager"],
                                capture_output=True, text=True)
        if oracle.returncode == 0:
            assert oracle.stdout.count("Failed password for root") == 12, oracle.stdout
        res = audit(root)
        assert res["status"] == "warn", res
        warn = finds(res, "warn")
        assert any(s == "203.0.113.7" and "failed logins in all: 12;" in d for s, d in warn), warn
        assert any(s == "root@203.0.113.7" and "after a burst" in d for s, d in warn), warn
        assert any(s == "bob" and d.startswith("user created: 1") for s, d in warn), warn
        assert not any(s == "old" for s, _ in warn), warn  # before the period
        assert ("admin1", "sudo as root: 1 (apt; first 2026-11-20T09:06:40+09:00, last "
                "2026-11-20T09:06:40+09:00)") in finds(res, "info"), finds(res, "info")
        ev = evidence(res)
        rel = "/" + os.path.relpath(path, root)
        # 18 entries, 17 in the period (the 60-day-old one is not handed out)
        assert (rel, "17 entries in the period" + (" (compact format)" if compact else "")) in ev, ev
        # the long kernel line: compressed by journal-remote (zstd by default), now read
        assert any(r == rel and v.startswith("1 compressed fields read (") for r, v in ev), ev


def test_journal_corrupt_and_absent():
    root = scratch_root(FIXTURE)
    os.remove(os.path.join(root, "var/log/auth.log"))
    path = make_journal(root, journal_entries_in_trixie_style(), True)
    data = bytearray(open(path, "rb").read())
    # the file cut before its entries: the walk stops with a reason, never a crash
    last = len(data.rstrip(b"\0"))
    open(path, "wb").write(bytes(data[: last - 200]))
    res = audit(root)
    warn = dict(finds(res, "warn"))
    rel = "/" + os.path.relpath(path, root)
    assert "then stopped:" in warn[rel], warn
    # garbage named like a journal: not a journal file
    write(root, rel, b"\x00" * 4096)
    res = audit(root)
    assert dict(finds(res, "warn"))[rel].endswith(
        "then stopped: not a journal file (no LPKSHHRH signature) (the rest of this file is not "
        "reviewed)"), finds(res, "warn")
    # no auth log, no journal: nothing to review
    root = scratch_root(FIXTURE)
    os.remove(os.path.join(root, "var/log/auth.log"))
    res = audit(root)
    assert res["status"] == "error", res
    assert res["reason"].startswith("no authentication log to review"), res["reason"]


def test_malformed_and_truncated_files():
    root = scratch_root(FIXTURE)
    write(root, "/var/log/auth.log.1", b"\x00\xff garbage \x1b[31m\n" * 50 + b"no newline")
    set_mtime(root, "/var/log/auth.log.1", 3)
    full = os.path.join(root, "var/log/auth.log.2.gz")
    with gzip.GzipFile(full, "wb", mtime=0) as f:
        f.write(("Nov 19 10:00:00 kensa-srv groupadd[2]: new group: name=g, GID=1\n" * 5000).encode())
    data = open(full, "rb").read()
    open(full, "wb").write(data[: len(data) // 2])
    set_mtime(root, "/var/log/auth.log.2.gz", 5)
    res = audit(root)
    warn = dict(finds(res, "warn"))
    assert warn["/var/log/auth.log.1"].startswith("none of its 51 lines is a syslog line"), warn
    assert "then stopped:" in warn["/var/log/auth.log.2.gz"], warn
    # what was read before the cut still counts
    assert warn["g"].startswith("group created: "), warn


def test_previous_report_starts_the_period_and_knows_sources():
    root = scratch_root(FIXTURE)
    rdir = os.path.join(os.path.dirname(root), "reports")
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-20", "--only", ID,
                           "--report-dir", rdir, "--lang", "en")
    assert code in (0, 2), err
    with open(os.path.join(root, "var/log/auth.log"), "a") as f:
        f.write("Nov 24 08:30:00 kensa-srv sshd[4001]: Accepted publickey for admin1 from "
                "198.51.100.20 port 51234 ssh2: ED25519 SHA256:2k3Jb0mA4kZl7iDq6a7V0o1cH6bXbq2y0u3nqL5m8xE\n"
                "Nov 24 09:30:00 kensa-srv sshd[4002]: Accepted publickey for admin1 from "
                "192.0.2.10 port 51235 ssh2: ED25519 SHA256:2k3Jb0mA4kZl7iDq6a7V0o1cH6bXbq2y0u3nqL5m8xE\n")
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only", ID,
                           "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    # the cron mail names what is new: the new source, not the burst of the earlier period
    assert "198.51.100.20: sshd logins from a source not seen in the previous report: 1" in out, out
    assert "203.0.113.7" not in out, out
    import glob
    import json
    latest = sorted(glob.glob(os.path.join(rdir, "*.json")))[-1]
    res = result(json.load(open(latest)), ID)
    ev = [e.get("value") for e in res["evidence"]]
    assert any(v.startswith("period: since the previous report (2026-11-20T23:59:59+09:00)")
               for v in ev), ev
    # 192.0.2.10's login of Nov 21 08:30 (+09:00) was inside the first report's period (a pinned
    # --as-of day ends at 23:59:59 UTC): a known source, listed in that report
    assert not any(s == "192.0.2.10" for s, _ in finds(res, "warn"))


# Debian 12's /etc/shadow for the fixture's accounts (yescrypt, as its passwd/chpasswd write)
SHADOW = """root:$y$j9T$Gm1qB3bQ0sZ2Qe7m6nT2N/$kO0mUuZy5l1oVb8x2QbHn0mQ7mHc1r3wA1y8r0n4C.5:20400:0:99999:7:::
daemon:*:19700:0:99999:7:::
sshd:*:19700:0:99999:7:::
alice:$y$j9T$4Kx1yqk8S0e2c3v4b5n6m/$Qm8k1T0r7cY3nA9p2wLzX4vB6sD1fG5hJ7kL9zXcV.8:20400:0:99999:7:::
admin1:$y$j9T$Zp0oI9uY8tR7eW6qA5sD4/$Lk2j3H4g5F6d7S8a9Q0wE1rT2yU3iO4pA5sD6fG7h.1:20400:0:99999:7:::
bob:$y$j9T$Mn1bV2cX3zL4kJ5hG6fD7/$Po9iU8yT7rE6wQ5aS4dF3gH2jK1lZ0xC9vB8nM7q.2:20400:0:99999:7::20800:
"""
NEW_HASH = "$y$j9T$Aa1Bb2Cc3Dd4Ee5Ff6Gg7/$Hh8Ii9Jj0Kk1Ll2Mm3Nn4Oo5Pp6Qq7Rr8Ss9Tt0U.3"


def snapshot_path(rdir):
    import glob
    found = glob.glob(os.path.join(rdir, "kensa-accounts-*.snapshot"))
    assert len(found) == 1, found
    return found[0]


def account_changes(res):
    return sorted((f["severity"], f["subject"], f["detail"]) for f in res["findings"]
                  if " since 2026-11-20T23:59:59+09:00" in f["detail"])


def test_account_files_compared_with_the_previous_snapshot():
    """A hand edit logs nothing: only the files against the previous audit's snapshot show it."""
    import glob
    import json
    import stat
    root = scratch_root(FIXTURE)
    write(root, "etc/shadow", SHADOW, 0o640)
    rdir = os.path.join(os.path.dirname(root), "reports")

    def run(as_of, *extra):
        code, out, err = kensa("audit", "--root", root, "--as-of", as_of, "--only", ID,
                               "--report-dir", rdir, "--lang", "en", "--quiet", *extra)
        assert code in (0, 2), err
        latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
        return out, result(json.load(open(latest)), ID)

    _, res = run("2026-11-20")
    assert any("no earlier account snapshot in the report directory" in (v or "")
               for _, v in evidence(res)), evidence(res)
    snap = snapshot_path(rdir)
    assert stat.S_IMODE(os.stat(snap).st_mode) == 0o600
    text = open(snap).read()
    assert "u bob:1002:1002:/home/bob:/bin/bash:set:20400:20800:" in text, text
    assert "g sudo:27:admin1,bob\n" in text, text
    for line in SHADOW.splitlines():  # no password field, no part of a hash
        pw = line.split(":")[1]
        if len(pw) > 2:
            assert pw not in text and pw.split("$")[-1] not in text

    # by hand, as vipw/vigr or an editor would: nothing of this reaches a log
    passwd = open(os.path.join(root, "etc/passwd")).read()
    passwd = passwd.replace("bob:x:1002:1002::/home/bob:/bin/bash\n", "")
    passwd = passwd.replace("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
                            "daemon:x:1:1:daemon:/usr/sbin:/bin/sh")
    passwd += "toor:x:0:0::/root:/bin/bash\n"
    write(root, "etc/passwd", passwd)
    shadow = SHADOW.replace("bob:", "gone:")  # bob's line no longer has an account
    shadow = shadow.replace("alice:$y$j9T$4Kx1", "alice:!$y$j9T$4Kx1")  # passwd -l
    admin1 = [l for l in SHADOW.splitlines() if l.startswith("admin1:")][0]
    shadow = shadow.replace(admin1, "admin1:%s:20410:0:99999:7:::" % NEW_HASH)
    shadow += "toor::20410:0:99999:7:::\n"
    write(root, "etc/shadow", shadow, 0o640)
    write(root, "etc/group", "root:x:0:\nsudo:x:27:admin1,alice,toor\nalice:x:1000:\n"
                             "admin1:x:1001:\n")

    out, res = run("2026-11-27")
    got = account_changes(res)
    T = "2026-11-20T23:59:59+09:00"
    want = sorted([
        ("info", "admin1", "password changed since %s" % T),
        ("info", "alice", "password state changed since %s: password set → password locked" % T),
        ("warn", "bob", "account removed since %s (it had UID 1002)" % T),
        ("warn", "daemon", "login shell changed since %s: /usr/sbin/nologin → /bin/sh" % T),
        ("warn", "toor", "account created since %s (UID 0, GID 0, shell /bin/bash, "
                         "empty password)" % T),
        ("warn", "bob", "group removed since %s (it had GID 1002)" % T),
        ("warn", "sudo", "members added to the group since %s: alice, toor" % T),
        ("info", "sudo", "members removed from the group since %s: bob" % T),
    ])
    assert got == want, "\n".join(map(str, got))
    ev = [v for s, v in evidence(res) if s == "/etc/passwd, /etc/shadow, /etc/group"]
    assert ev == ["compared with their state at the previous report (%s): 6 accounts, "
                  "4 groups, 7 changes" % T], ev
    # the cron mail names them as new
    assert "toor: account created since" in out, out
    for f in glob.glob(os.path.join(rdir, "*")):
        data = open(f, errors="replace").read()
        assert NEW_HASH not in data and NEW_HASH.split("$")[-1] not in data, f

    # nothing changed since: nothing to report, and the period's snapshot moved on
    _, res = run("2026-11-28")
    assert [f for f in res["findings"] if "since 2026-11-27" in f["detail"]] == [], res
    assert any("0 changes" in (v or "") for _, v in evidence(res)), evidence(res)


def test_account_snapshot_malformed_or_a_link_is_not_trusted():
    import glob
    import json
    root = scratch_root(FIXTURE)
    rdir = os.path.join(os.path.dirname(root), "reports")
    os.makedirs(rdir, mode=0o700)
    target = os.path.join(os.path.dirname(root), "elsewhere")
    with open(target, "w") as f:
        f.write("kensa-account-snapshot 1\n")
    # a link planted in the report directory is neither read nor written through
    os.symlink(target, os.path.join(rdir, "kensa-accounts-kensa-srv.snapshot"))
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-20", "--only", ID,
                           "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    assert "is a symbolic link" in err, err
    snap = snapshot_path(rdir)
    assert os.path.islink(snap) and open(target).read() == "kensa-account-snapshot 1\n"
    latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
    res = result(json.load(open(latest)), ID)
    ev = [v or "" for _, v in evidence(res)]
    assert any("was unreadable" in v for v in ev), ev
    assert any("cannot be kept in the report directory" in v for v in ev), ev
    os.remove(snap)
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-20", "--only", ID,
                           "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    assert not os.path.islink(snap) and os.path.isfile(snap)
    with open(snap, "a") as f:
        f.write("u garbage\n")
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-21", "--only", ID,
                           "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
    res = result(json.load(open(latest)), ID)
    assert any("was malformed" in (v or "") for _, v in evidence(res)), evidence(res)
    assert not [f for f in res["findings"] if " since 2026-11-2" in f["detail"]]


def test_account_changes_in_japanese():
    from test_japanese_only import english_runs
    root = scratch_root(FIXTURE)
    rdir = os.path.join(os.path.dirname(root), "reports")
    code, _, err = kensa("audit", "--root", root, "--as-of", "2026-11-20", "--only", ID,
                         "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        f.write("toor:x:0:0::/root:/bin/bash\n")
    write(root, "etc/group", "root:x:0:\nsudo:x:27:admin1,bob,toor\nalice:x:1000:\n"
                             "admin1:x:1001:\nbob:x:1002:\nstaff:x:50:\n")
    code, _, err = kensa("audit", "--root", root, "--as-of", "2026-11-27", "--only", ID,
                         "--report-dir", rdir, "--lang", "en", "--quiet")
    assert code in (0, 2), err
    import glob
    latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
    # saved in English under cron's locale, shown in Japanese
    code, out, err = kensa("report", latest, "--lang", "ja")
    assert code == 0, err
    lines = [l for l in out.splitlines() if "toor" in l or "staff" in l or "sudo" in l]
    assert len(lines) >= 3, out
    runs = [r for line in lines for r in english_runs(line)]
    assert not runs, runs


def test_japanese_report_has_no_english_sentence():
    from test_japanese_only import english_runs
    root = scratch_root(FIXTURE)
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only", ID, "--lang", "ja")
    assert code in (0, 2), err
    runs = [r for line in out.splitlines() for r in english_runs(line)]
    assert not runs, runs


if __name__ == "__main__":
    run_tests(globals())
