#!/usr/bin/env python3
"""logs.review reads Debian 13's wtmpdb (/var/lib/wtmpdb/wtmp.db and the wtmp_YYYYMMDD.db copies
`wtmpdb rotate` makes): USER_PROCESS rows whose Login falls in the period. Without an auth log or
journal they feed the login tallies (root logins, non-administrators, sshd sources); with logs
that cover them they are evidence only; rows earlier than the logs' first event are a warning
(the logs of that stretch are gone) and are reviewed from wtmp.db. Hostile databases (a view, a
generated column, not a database, a symlink out of the root) are refused per source, in bounded
time. Fixtures use wtmpdb's own CREATE TABLE statement."""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import (AS_OF_EPOCH, audit_json, result, run_tests,  # noqa: E402
                       scratch_root, validate_schema)

ID = "logs.review"
DAY = 86400
FIXTURE = "logs-review-debian12"
DB = "/var/lib/wtmpdb/wtmp.db"
# https://github.com/thkukuk/wtmpdb/blob/main/lib/sqlite.c (create_table(), the same in 0.73.0,
# Debian 13's version); Type values from include/wtmpdb.h
WTMPDB_TABLE = ("CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT "
                "NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) "
                "STRICT;")
BOOT_TIME, USER_PROCESS = 1, 3
HANG_S = 60


def usec(epoch):
    return int(epoch * 1000000)


def make_db(root, path, rows, mtime_days_before=None, schema=WTMPDB_TABLE):
    """rows: (type, user, login epoch, logout epoch or None, tty, rhost, service), inserted as
    libwtmpdb's add_entry() does (INSERT, then UPDATE Logout at the session's end)."""
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    con = sqlite3.connect(full)
    con.executescript(schema)
    for typ, user, login, logout, tty, rhost, service in rows:
        cur = con.execute("INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost,Service) "
                          "VALUES(?,?,?,?,?,?);", (typ, user, usec(login), tty, rhost, service))
        if logout is not None:
            con.execute("UPDATE wtmp SET Logout = ? WHERE ID = ?", (usec(logout), cur.lastrowid))
    con.commit()
    con.close()
    if mtime_days_before is not None:
        t = AS_OF_EPOCH - mtime_days_before * DAY
        os.utime(full, (t, t))


def audit(root, *extra):
    _, rep = audit_json(root, "--only", ID, *extra)
    validate_schema(rep)
    return result(rep, ID)


def finds(res, severity=None):
    return [(f["subject"], f["detail"]) for f in res["findings"]
            if severity in (None, f["severity"])]


def evidence(res):
    return [(e.get("source"), e.get("value")) for e in res.get("evidence", [])]


def profile(root, text):
    path = os.path.join(os.path.dirname(root), "site.ini")
    with open(path, "w") as f:
        f.write("include = server\n\n" + text)
    return path


def no_logs_root():
    """A Debian 13 host with neither rsyslog nor a journal on disk: wtmp.db is all there is."""
    root = scratch_root(FIXTURE)
    os.remove(os.path.join(root, "var/log/auth.log"))
    return root


# 2026-11-20T00:55:01Z: the fixture's auth.log begins then (09:55:01+09:00)
LOGS_FIRST = AS_OF_EPOCH - 5 * DAY + 55 * 60 + 1  # 2026-11-20T00:55:01Z


def stock_rows():
    return [
        (BOOT_TIME, "reboot", AS_OF_EPOCH - 3 * DAY, None, "~", "6.12.48+deb13-amd64", None),
        # a local root login on the console, closed
        (USER_PROCESS, "root", AS_OF_EPOCH - 2 * DAY + 3600, AS_OF_EPOCH - 2 * DAY + 3700, "tty1",
         None, "login"),
        # alice over ssh, still logged in (Logout NULL)
        (USER_PROCESS, "alice", AS_OF_EPOCH - DAY + 7200.25, None, "ssh:notty", "192.0.2.7",
         "sshd"),
        # bob two months ago: before the period
        (USER_PROCESS, "bob", AS_OF_EPOCH - 60 * DAY, AS_OF_EPOCH - 60 * DAY + 60, "pts/0",
         "198.51.100.20", "sshd"),
        # a remote host on a service that is not sshd: a login, not an sshd source
        (USER_PROCESS, "carol", AS_OF_EPOCH - DAY + 9000, None, "pts/3", "203.0.113.50",
         "remote"),
        # after the audit's moment: not in the period
        (USER_PROCESS, "dave", AS_OF_EPOCH + 2 * DAY, None, "pts/1", "192.0.2.99", "sshd"),
    ]


def test_wtmpdb_alone_feeds_the_review():
    root = no_logs_root()
    make_db(root, DB, stock_rows())
    res = audit(root)
    warn, info = finds(res, "warn"), finds(res, "info")
    assert any(s == "root@local" and d.startswith("direct root logins: 1 (login; first "
                                                  "2026-11-23T10:00:00+09:00")
               for s, d in warn), warn
    # no administrators set: listed, not judged
    assert any(s == "alice@192.0.2.7" and d.startswith("logins: 1 (sshd; first "
                                                       "2026-11-24T11:00:00+09:00")
               for s, d in info), info
    assert any(s == "carol@203.0.113.50" and d.startswith("logins: 1 (remote;") for s, d in info)
    subjects = [s for s, _ in warn + info]
    assert not any(s.startswith(("bob@", "dave@", "reboot@")) for s in subjects), subjects
    ev = evidence(res)
    assert (DB, "3 login records in the period (reviewed from here)") in ev, ev
    # the sshd sources: sshd sessions only (carol's "remote" service is not one)
    assert ("sshd", "192.0.2.7") in ev, ev
    # wtmp.db is not an authentication log: the missing logs are still an error
    assert res["status"] == "error", res["status"]


def test_administrators_judge_wtmpdb_logins():
    root = no_logs_root()
    make_db(root, DB, stock_rows())
    res = audit(root, "--profile", profile(root, "[logs]\nreview_administrators = admin1\n"))
    warn = finds(res, "warn")
    assert any(s == "alice@192.0.2.7" and d.startswith(
        "logins by an account that is not an expected administrator: 1 (sshd;")
        for s, d in warn), warn
    res = audit(root, "--profile", profile(root, "[logs]\nreview_administrators = alice, carol\n"))
    assert not any(s.startswith(("alice@", "carol@")) for s, _ in finds(res, "warn"))


def test_logs_covering_the_period_are_not_counted_twice():
    root = scratch_root(FIXTURE)
    base = audit(root)
    # the auth log's own sessions, as wtmp.db records them too
    make_db(root, DB, [
        (USER_PROCESS, "alice", LOGS_FIRST + 3600, None, "ssh:notty", "203.0.113.7", "sshd"),
        (USER_PROCESS, "root", LOGS_FIRST + 7200, None, "tty1", None, "login"),
    ])
    res = audit(root)
    assert finds(res) == finds(base), (finds(res), finds(base))
    ev = evidence(res)
    assert any(s == DB and v.startswith("2 login records in the period; the logs read have ")
               and v.endswith(" logins") for s, v in ev), ev


def test_logins_before_the_logs_begin_are_a_warning():
    root = scratch_root(FIXTURE)
    make_db(root, DB, [
        # 10 and 8 days ago: in the period, before auth.log's first line (logs rotated away)
        (USER_PROCESS, "mallory", AS_OF_EPOCH - 10 * DAY, None, "ssh:notty", "198.51.100.4",
         "sshd"),
        (USER_PROCESS, "root", AS_OF_EPOCH - 8 * DAY, None, "tty2", None, "login"),
        # covered by the log: not fed, not in the gap
        (USER_PROCESS, "alice", LOGS_FIRST + 3600, None, "ssh:notty", "203.0.113.7", "sshd"),
        # within the slack before the first line: its log line is the first one
        (USER_PROCESS, "erin", LOGS_FIRST - 30, None, "ssh:notty", "192.0.2.30", "sshd"),
    ])
    res = audit(root)
    warn = finds(res, "warn")
    gap = [d for s, d in warn if s == DB]
    assert gap == ["2 logins from 2026-11-15T09:00:00+09:00 to 2026-11-17T09:00:00+09:00 are "
                   "recorded here but not in the authentication logs, which begin later "
                   "(2026-11-20T09:55:01+09:00): the logs of that stretch are missing (rotated "
                   "away or deleted); these logins are reviewed from here"], warn
    # merged with the auth log's own root login on the console
    assert any(s == "root@local" and d.startswith("direct root logins: 2 (login; first "
                                                  "2026-11-17T09:00:00+09:00") for s, d in warn), warn
    assert any(s == "mallory@198.51.100.4" for s, _ in finds(res, "info")), finds(res, "info")
    assert not any(s.startswith("erin@") for s, _ in finds(res)), finds(res)
    src = [v for s, v in evidence(res) if s == "sshd"]
    assert src and "198.51.100.4" in src[0].split() and "192.0.2.30" not in src[0], src
    assert any(s == DB and v.startswith("4 login records in the period; the logs read have ")
               for s, v in evidence(res)), evidence(res)


def test_logins_with_an_empty_auth_log_are_a_warning():
    root = scratch_root(FIXTURE)
    with open(os.path.join(root, "var/log/auth.log"), "w"):
        pass  # truncated: every line of the period is gone
    make_db(root, DB, [(USER_PROCESS, "mallory", AS_OF_EPOCH - 3 * DAY, None, "ssh:notty",
                        "198.51.100.4", "sshd")])
    res = audit(root)
    assert (DB, "1 logins from 2026-11-22T09:00:00+09:00 to 2026-11-22T09:00:00+09:00 are recorded "
            "here but the authentication logs read hold no event at all: the logs are missing "
            "(rotated away or deleted); these logins are reviewed from here") in finds(res, "warn"), \
        finds(res)
    assert any(s == "mallory@198.51.100.4" for s, _ in finds(res)), finds(res)


def test_rotated_copies():
    root = no_logs_root()
    make_db(root, DB, [(USER_PROCESS, "alice", AS_OF_EPOCH - DAY, None, "pts/0", "192.0.2.7",
                        "sshd")])
    # rotated 5 days ago: rows of 12 days ago, in the period
    make_db(root, "/var/lib/wtmpdb/wtmp_20261109.db",
            [(USER_PROCESS, "frank", AS_OF_EPOCH - 12 * DAY, AS_OF_EPOCH - 12 * DAY + 5,
              "pts/1", "192.0.2.8", "sshd")], mtime_days_before=5)
    # rotated 90 days ago: all its rows are older than the period, the file is not opened
    make_db(root, "/var/lib/wtmpdb/wtmp_20260801.db",
            [(USER_PROCESS, "gina", AS_OF_EPOCH - 20 * DAY, None, "pts/1", "192.0.2.9",
              "sshd")], mtime_days_before=90)
    # not a name wtmpdb gives: never read
    make_db(root, "/var/lib/wtmpdb/wtmp_backup.db",
            [(USER_PROCESS, "henry", AS_OF_EPOCH - DAY, None, "pts/1", "192.0.2.10", "sshd")])
    res = audit(root)
    subjects = [s for s, _ in finds(res)]
    assert "frank@192.0.2.8" in subjects and "alice@192.0.2.7" in subjects, subjects
    assert not any(s.startswith(("gina@", "henry@")) for s in subjects), subjects
    ev = evidence(res)
    assert ("/var/lib/wtmpdb/wtmp_20261109.db",
            "1 login records in the period (reviewed from here)") in ev, ev
    assert (None, "wtmp.db: 1 rotated copies last written before the period, not read") in ev, ev
    sources = [v for s, v in ev if s == "sshd"][0].split()
    assert sorted(sources) == ["192.0.2.7", "192.0.2.8"], sources


def test_debian_layout_and_logrotate_copies():
    """Debian 13 keeps the database in /var/log/wtmp.db (/var/lib/wtmpdb/wtmp.db is a link to
    ../../log/wtmp.db, tmpfiles.d) and rotates it with logrotate (yearly, rotate 4, nocompress):
    the file is read once, under either name, and wtmp.db.1 is read too."""
    root = no_logs_root()
    make_db(root, "/var/log/wtmp.db", stock_rows())
    os.makedirs(os.path.join(root, "var/lib/wtmpdb"))
    os.symlink("../../log/wtmp.db", os.path.join(root, DB.lstrip("/")))
    make_db(root, "/var/log/wtmp.db.1", [(USER_PROCESS, "ivan", AS_OF_EPOCH - 20 * DAY, None,
                                          "pts/4", "192.0.2.40", "sshd")], mtime_days_before=19)
    make_db(root, "/var/log/wtmp.db.2", [(USER_PROCESS, "judy", AS_OF_EPOCH - 400 * DAY, None,
                                          "pts/4", "192.0.2.41", "sshd")], mtime_days_before=390)
    # compressed by a site's logrotate: SQLite cannot read it; written in the period: a warning
    with open(os.path.join(root, "var/log/wtmp.db.3.gz"), "wb") as f:
        f.write(b"\x1f\x8b\x08\x00" + bytes(16))
    res = audit(root)
    ev = evidence(res)
    assert (DB, "3 login records in the period (reviewed from here)") in ev, ev
    assert not any(s == "/var/log/wtmp.db" for s, _ in ev), ev
    assert ("/var/log/wtmp.db.1", "1 login records in the period (reviewed from here)") in ev, ev
    assert (None, "wtmp.db: 1 rotated copies last written before the period, not read") in ev, ev
    subjects = [s for s, _ in finds(res)]
    assert subjects.count("alice@192.0.2.7") == 1 and "ivan@192.0.2.40" in subjects, subjects
    assert any(d.startswith("logins: 1 (sshd;") for s, d in finds(res) if s == "alice@192.0.2.7")
    assert not any(s.startswith("judy@") for s in subjects), subjects
    assert ("/var/log/wtmp.db.3.gz", "compressed: not read (SQLite reads no gzip); the logins it "
            "holds are not reviewed") in finds(res, "warn"), finds(res, "warn")


ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT 3 AS Type, 'alice' AS User, 1795000000000000 + x AS Login, NULL AS Logout, "
           "'pts/0' AS TTY, '192.0.2.66' AS RemoteHost, 'sshd' AS Service FROM c WHERE x < 0")


def hostile_db(root, statements):
    make_db(root, DB, [], schema=";\n".join(statements))


def test_hostile_databases_are_refused():
    # a real, good rotated copy beside each: still read
    cases = [
        ("a view over an endless CTE", lambda r: hostile_db(r, ["CREATE VIEW wtmp AS " + ENDLESS]),
         "wtmp is a view, not a table"),
        ("a generated Login", lambda r: hostile_db(r, [
            "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT, Start INTEGER, "
            "Login INTEGER AS (Start * 1000000) VIRTUAL, Logout INTEGER, TTY TEXT, "
            "RemoteHost TEXT, Service TEXT)",
            "INSERT INTO wtmp(Type, User, Start, TTY) VALUES (3, 'alice', %d, 'pts/0')"
            % (AS_OF_EPOCH - DAY)]), "is computed, not stored"),
        ("not a database", lambda r: open(os.path.join(r, DB.lstrip("/")), "wb").write(
            b"SQLite format 3\x00" + os.urandom(4096)), "not read ("),
        ("an older table without Service", lambda r: hostile_db(r, [
            "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, "
            "Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT)"]),
         "no column wtmp.Service"),
    ]
    for what, plant, why in cases:
        root = no_logs_root()
        os.makedirs(os.path.join(root, "var/lib/wtmpdb"), exist_ok=True)
        plant(root)
        make_db(root, "/var/lib/wtmpdb/wtmp_20261120.db",
                [(USER_PROCESS, "alice", AS_OF_EPOCH - 6 * DAY, None, "pts/0", "192.0.2.7",
                  "sshd")], mtime_days_before=1)
        t0 = time.monotonic()
        res = audit(root)
        assert time.monotonic() - t0 < HANG_S, what
        bad = [d for s, d in finds(res, "warn") if s == DB]
        assert bad and bad[0].startswith("login records not read (") and why in bad[0], \
            (what, finds(res))
        assert "192.0.2.66" not in str(res), what
        assert any(s == "/var/lib/wtmpdb/wtmp_20261120.db" and v.startswith("1 login records")
                   for s, v in evidence(res)), (what, evidence(res))


def test_symlink_out_of_the_root_is_not_followed():
    """wtmp.db pointing at a database outside the audited root: the root layer resolves the link
    inside the root (where there is none), never the host's file."""
    root = no_logs_root()
    outside = os.path.join(os.path.dirname(root), "host-wtmp.db")
    make_db(os.path.dirname(outside), "/host-wtmp.db",
            [(USER_PROCESS, "intruder", AS_OF_EPOCH - DAY, None, "pts/0", "192.0.2.77", "sshd")])
    os.makedirs(os.path.join(root, "var/lib/wtmpdb"))
    os.symlink(outside, os.path.join(root, DB.lstrip("/")))
    os.symlink("../../../../host-wtmp.db", os.path.join(root, "var/lib/wtmpdb/wtmp_20261120.db"))
    res = audit(root)
    assert "intruder" not in str(res) and "192.0.2.77" not in str(res), res
    # Debian 13's own layout: wtmp.db -> ../../log/wtmp.db, a link inside the root, is read
    os.remove(os.path.join(root, DB.lstrip("/")))
    os.remove(os.path.join(root, "var/lib/wtmpdb/wtmp_20261120.db"))
    make_db(root, "/var/log/wtmp.db", stock_rows())
    os.symlink("../../log/wtmp.db", os.path.join(root, DB.lstrip("/")))
    res = audit(root)
    assert (DB, "3 login records in the period (reviewed from here)") in evidence(res), evidence(res)


def test_a_huge_table_is_streamed_in_bounded_time():
    root = no_logs_root()
    full = os.path.join(root, DB.lstrip("/"))
    os.makedirs(os.path.dirname(full))
    con = sqlite3.connect(full)
    con.execute(WTMPDB_TABLE)
    base = usec(AS_OF_EPOCH - 2 * DAY)
    con.executemany("INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost,Service) "
                    "VALUES(3,?,?,'pts/0',?,'sshd')",
                    ((f"u{i % 5000}", base + i * 1000, f"10.{i % 200}.{i // 200 % 250}.1")
                     for i in range(300000)))
    con.commit()
    con.close()
    t0 = time.monotonic()
    res = audit(root)
    secs = time.monotonic() - t0
    assert secs < HANG_S, secs
    ev = evidence(res)
    assert (DB, "300000 login records in the period (reviewed from here)") in ev, ev
    # the bounded tallies took them: 20 listed, the rest counted
    assert any(d.startswith("and ") and d.endswith(" more not listed") for _, d in finds(res))
    print(f"note: 300 000 rows in {secs:.2f} s")


def test_japanese_report():
    import re
    root = scratch_root(FIXTURE)
    make_db(root, "/var/log/wtmp.db", [(USER_PROCESS, "mallory", AS_OF_EPOCH - 10 * DAY, None,
                                        "ssh:notty", "198.51.100.4", "sshd")])
    os.makedirs(os.path.join(root, "var/lib/wtmpdb"))
    os.symlink("../../log/wtmp.db", os.path.join(root, DB.lstrip("/")))
    make_db(root, "/var/log/wtmp.db.2", [], mtime_days_before=300)
    with open(os.path.join(root, "var/log/wtmp.db.1.gz"), "wb") as f:
        f.write(b"\x1f\x8b\x08\x00" + bytes(16))
    _, rep = audit_json(root, "--only", ID, "--lang", "ja")
    res = result(rep, ID)
    mine = [d for s, d in finds(res) if "wtmp" in s]
    mine += [v for s, v in evidence(res) if s and "wtmp" in s]
    mine += [f["remedy"] for f in res["findings"] if "wtmp" in f["subject"] and f.get("remedy")]
    assert len(mine) >= 4, mine
    for text in mine:
        assert re.search(r"[\u3040-\u30ff]", text), text
        assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", text.replace("logrotate の rotate", "")), text
    assert any("記録されていますが" in t for t in mine), mine
    print("note: %s" % mine)


if __name__ == "__main__":
    run_tests(globals())
