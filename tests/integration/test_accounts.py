#!/usr/bin/env python3
"""accounts.stale (item 2-5) on the Debian 12 fixture root, with login records written at test
time in glibc's own layout."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403


def planted_root():
    root = scratch_root("accounts-debian12")
    os.chmod(os.path.join(root, "etc/shadow"), 0o640)
    write_login(root, "alice", 1000, day_epoch(200))             # stale: 200 days
    write_login(root, "carol", 1002, day_epoch(100), lastlog=False)  # old in wtmp ...
    write_login(root, "carol", 1002, day_epoch(3), wtmp=False)    # ... recent in lastlog
    write_login(root, "dave", 1003, day_epoch(400))              # locked + nologin: no finding
    return root


def test_stale_findings_match_the_planted_accounts():
    code, rep = audit_json(planted_root(), "--only", "accounts.stale", expect_exit=2)
    r = result(rep, "accounts.stale")
    assert r["status"] == "fail", r
    assert r["items"] == ["2-5"]
    fails = subjects(r, "fail")
    assert fails == ["alice", "bob", "frank", "hank", "ivan", "postgres", "toor"], fails
    assert subjects(r, "warn") == ["erin", "kim"], subjects(r, "warn")
    for quiet in ("root", "carol", "dave", "gina", "daemon", "nobody", "sync"):
        assert quiet not in subjects(r), quiet


def test_finding_details_and_evidence():
    _, rep = audit_json(planted_root(), "--only", "accounts.stale")
    r = result(rep, "accounts.stale")
    by = {}
    for f in r["findings"]:
        by.setdefault(f["subject"], []).append(f)
    alice = by["alice"][0]
    assert "200 days" in alice["detail"], alice
    assert any(e["source"] in ("/var/log/wtmp", "/var/log/lastlog") and "192.0.2.10" in e["value"] for e in alice["evidence"]), alice
    bob = by["bob"][0]
    assert "never logged in" in bob["detail"] and "2025-01-01" in str(bob["evidence"]), bob
    frank = by["frank"][0]
    assert any("authorized_keys" in (e["source"] or "") for e in frank["evidence"]), frank
    assert any("UID 0" in f["detail"] for f in by["toor"]), by["toor"]
    assert any("UID 1007" in f["detail"] for f in by["hank"]), by["hank"]
    assert "system account" in by["postgres"][0]["detail"]
    assert "expired on 2025-01-01" in by["erin"][0]["detail"]
    sources = {e["source"] for e in r["evidence"]}
    assert {"/etc/passwd", "/etc/login.defs", "/var/log/lastlog", "/var/log/wtmp"} <= sources, sources


def test_lastlog_alone_keeps_an_account_fresh():
    root = planted_root()
    os.unlink(os.path.join(root, "var/log/wtmp"))
    _, rep = audit_json(root, "--only", "accounts.stale")
    r = result(rep, "accounts.stale")
    assert "carol" not in subjects(r)
    assert "alice" in subjects(r, "fail")


def test_rotated_wtmp_is_read():
    root = scratch_root("accounts-debian12")
    write_login(root, "bob", 1001, day_epoch(5), lastlog=False, wtmp_name="wtmp.1")
    _, rep = audit_json(root, "--only", "accounts.stale")
    assert "bob" not in subjects(result(rep, "accounts.stale"))


def test_rotated_wtmpdb_is_read_and_a_fresh_empty_one_is_no_warning():
    """Debian 13: logrotate moves /var/log/wtmp.db to wtmp.db.1 once a year and creates an
    empty wtmp.db ("create"): last year's logins are in wtmp.db.1, and the empty file is a
    database with no login yet, not a refused one."""
    import sqlite3
    root = scratch_root("accounts-debian12")
    os.makedirs(os.path.join(root, "var/lib/wtmpdb"))
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    os.symlink("../../log/wtmp.db", os.path.join(root, "var/lib/wtmpdb/wtmp.db"))
    open(os.path.join(root, "var/log/wtmp.db"), "w").close()
    con = sqlite3.connect(os.path.join(root, "var/log/wtmp.db.1"))
    # wtmpdb's own table (lib/sqlite.c, 0.73.0)
    con.executescript("CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, "
                      "User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, "
                      "RemoteHost TEXT, Service TEXT) STRICT;")
    con.execute("INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost,Service) VALUES(3,?,?,?,?,?)",
                ("bob", day_epoch(5) * 1000000, "pts/0", "192.0.2.5", "sshd"))
    con.commit()
    con.close()
    _, rep = audit_json(root, "--only", "accounts.stale")
    r = result(rep, "accounts.stale")
    assert "bob" not in subjects(r)
    ev = [(e.get("source"), e.get("value")) for e in r["evidence"]]
    assert ("/var/log/wtmp.db.1", "1 login records of local accounts") in ev, ev
    assert ("/var/lib/wtmpdb/wtmp.db", "empty: no login records yet (a new file, as logrotate "
            "creates one)") in ev, ev
    assert not any("wtmp.db" in (f["subject"] or "") for f in r["findings"]), r["findings"]


def test_profile_threshold_changes_verdict():
    root = planted_root()
    prof = write(scratch_root(), "site.ini", "include = server\n[accounts]\nstale_days = 365\n")
    _, rep = audit_json(root, "--only", "accounts.stale", "--profile", prof)
    assert "alice" not in subjects(result(rep, "accounts.stale"))
    assert rep["profile"]["name"] == "site"


def test_as_of_moves_today():
    root = planted_root()
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--only",
                           "accounts.stale", "--as-of", "2026-06-01")
    import json
    r = result(json.loads(out), "accounts.stale")
    assert "alice" not in subjects(r)  # the login was only ~25 days before that date


def test_missing_shadow_is_an_error_not_a_pass():
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/passwd"))
    code, rep = audit_json(root, "--only", "accounts.stale")
    r = result(rep, "accounts.stale")
    assert r["status"] == "error" and "/etc/passwd" in r["reason"], r
    assert code == 0  # an error is not a failed check; it is reported as such


def test_malformed_lines_are_reported():
    root = scratch_root("accounts-debian12")
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        f.write("broken:x:notanumber:1::/:/bin/sh\n+@netgroup::::::\n")
    with open(os.path.join(root, "etc/shadow"), "a") as f:
        f.write("alice:!:99999999999999999999:0:::::\n")
    _, rep = audit_json(root, "--only", "accounts.stale")
    r = result(rep, "accounts.stale")
    warn = [f for f in r["findings"] if f["subject"] == "/etc/passwd"]
    assert warn and "malformed" in warn[0]["detail"], r["findings"]
    assert any("NIS" in e["value"] for e in r["evidence"])


def test_schema_validates():
    _, rep = audit_json(planted_root())
    validate_schema(rep)



def test_identical_hashes_grouped_in_file_order():
    """password.history's shared-hash finding: one finding per group of accounts with the same
    hash, named in /etc/shadow order, with each account's line; 3,000 accounts sharing one hash
    make one finding (the grouping is a sort, not a quadratic scan)."""
    root = scratch_root("accounts-debian12")
    h1 = "$y$j9T$sharedsaltsharedsalt$" + "A" * 43
    h2 = "$6$othersalt$" + "B" * 86
    extra = [("zed", h1), ("amy", h2), ("mia", h1), ("bea", h2), ("kai", h1)]
    extra += [(f"crowd{i:04d}", "$5$crowd$" + "C" * 43) for i in range(3000)]
    with open(os.path.join(root, "etc/passwd"), "a") as p, open(os.path.join(root, "etc/shadow"), "a") as s:
        for n, (name, h) in enumerate(extra):
            p.write(f"{name}:x:{5000 + n}:{5000 + n}::/home/{name}:/bin/bash\n")
            s.write(f"{name}:{h}:20000:0:99999:7:::\n")
    shadow_lines = open(os.path.join(root, "etc/shadow")).read().splitlines()
    line_of = {l.split(":")[0]: i + 1 for i, l in enumerate(shadow_lines)}
    _, rep = audit_json(root, "--only", "password.history")
    r = result(rep, "password.history")
    shared = [f for f in r["findings"] if "identical password hash" in f["detail"]]
    by = {f["subject"].split(", ")[0]: f for f in shared}
    assert set(by) == {"zed", "amy", "crowd0000"}, sorted(by)
    assert by["zed"]["subject"] == "zed, mia, kai" and by["zed"]["detail"].startswith("3 accounts"), by["zed"]
    assert by["amy"]["subject"] == "amy, bea", by["amy"]
    assert [e["value"] for e in by["zed"]["evidence"]] == [
        f"line {line_of[n]}: {n}" for n in ("zed", "mia", "kai")], by["zed"]["evidence"]
    crowd = by["crowd0000"]
    assert crowd["subject"] == ", ".join(f"crowd{i:04d}" for i in range(3000))
    assert crowd["detail"].startswith("3000 accounts") and len(crowd["evidence"]) == 3000
    assert h1 not in json.dumps(rep) and h2 not in json.dumps(rep)


if __name__ == "__main__":
    run_tests(globals())
