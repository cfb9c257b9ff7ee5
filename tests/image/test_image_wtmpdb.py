#!/usr/bin/python3
"""logs.review reads the login records Debian 13's wtmpdb writes, on a real trixie image with
wtmpdb, libpam-wtmpdb and pamtester: sessions opened through the image's own PAM stack
(pam-auth-update puts pam_wtmpdb.so in common-session), an sshd session recorded as Debian's
sshd records it (through the image's libwtmpdb0: pam_wtmpdb skips sshd there, skip_if=sshd),
and a copy made by the image's `wtmpdb rotate`. The oracle is the image's own `wtmpdb last -j`
over every database file: the accounts and hosts it lists are the logins kensa reports, and
only sshd's host is an sshd source. On bookworm (no wtmpdb) nothing about wtmp.db appears.
Exit 77 when no image can be built here."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

ID = "logs.review"
PACKAGES = ["wtmpdb", "libpam-wtmpdb", "pamtester", "python3"]  # python3: ctypes for sshd_record


def audit(root):
    prof = os.path.join(os.path.dirname(root), "site.ini")
    with open(prof, "w") as f:
        f.write("include = server\n\n[reports]\ntime_zone = UTC\n\n[logs]\n"
                "review_administrators = admin1\n")
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--only", ID, "--profile", prof)
    assert code in (0, 2), err
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.result(rep, ID), out


def pam_session(root, service, user, *items, close=True):
    argv = ["pamtester"]
    for item in items:
        argv += ["-I", item]
    argv += [service, user, "open_session"] + (["close_session"] if close else [])
    di.chroot(root, argv)


# Run by the image's own python3 inside the chroot: the image's libwtmpdb0 needs the image's
# glibc. argv: user, host.
SSHD_RECORD = """
import ctypes, sys
lib = ctypes.CDLL("libwtmpdb.so.0")
lib.logwtmpdb.restype = ctypes.c_int64
lib.logwtmpdb.argtypes = [ctypes.c_char_p] * 5 + [ctypes.POINTER(ctypes.c_char_p)]
err = ctypes.c_char_p()
# db_path NULL: the path Debian's library is built with (/var/log/wtmp.db)
rc = lib.logwtmpdb(None, b"ssh:notty", sys.argv[1].encode(), sys.argv[2].encode(), b"sshd",
                   ctypes.byref(err))
sys.exit(0 if rc >= 0 else "logwtmpdb: %s" % err.value)
"""


def sshd_record(root, user, host):
    """What Debian's sshd (built with wtmpdb) does at a session's start: logwtmpdb() of the
    image's libwtmpdb0 with Service "sshd"."""
    di.chroot(root, ["python3", "-c", SSHD_RECORD, user, host])


def oracle(root):
    """{database path in the image: [(user, host or "")]} from `wtmpdb last -j -f FILE`."""
    out = {}
    files = sorted(glob.glob(os.path.join(root, "var/log/wtmp*.db")))
    for full in files:
        path = "/" + os.path.relpath(full, root)
        p = di.chroot(root, ["wtmpdb", "last", "-j", "-f", path])
        entries = json.loads(p.stdout)["entries"]
        out[path] = [(e["user"], e["hostname"]) for e in entries if e["user"] != "reboot"]
    return out


def test_wtmpdb_logins_match_the_images_wtmpdb_last():
    if di.SUITE == "bookworm":
        # no wtmpdb in Debian 12: a PAM session leaves no wtmp.db, kensa says nothing of one
        with di.cloned(extra_packages=["pamtester"]) as root:
            pam_session(root, "login", "root", "tty=tty1")
            assert not os.path.lexists(os.path.join(root, "var/lib/wtmpdb/wtmp.db"))
            r, _ = audit(root)
            text = json.dumps(r)  # the check's result (the report names this checkout's path)
            assert "wtmp.db" not in text and "wtmpdb" not in text and "wtmp_" not in text, r
            assert r["status"] == "error", r  # no auth log, no journal, and nothing else
        return
    with di.cloned(extra_packages=PACKAGES) as root:
        session = open(os.path.join(root, "etc/pam.d/common-session")).read()
        assert any(line.split()[:1] == ["session"] and "pam_wtmpdb.so" in line
                   for line in session.splitlines()), session
        di.useradd(root, "alice", "-m", "-s", "/bin/bash")
        di.useradd(root, "bob", "-m", "-s", "/bin/bash")
        # a remote session on a service that is not sshd, closed; then rotated away by the
        # image's own tool into /var/log/wtmp_YYYYMMDD.db
        pam_session(root, "login", "alice", "rhost=198.51.100.3", "tty=pts/2")
        di.chroot(root, ["wtmpdb", "rotate", "-d", "0"])
        # root on the console, still logged in
        pam_session(root, "login", "root", "tty=tty1", close=False)
        # sshd through PAM: pam_wtmpdb skips it (skip_if=sshd), sshd writes its own record
        pam_session(root, "sshd", "bob", "rhost=192.0.2.99", "tty=ssh")
        sshd_record(root, "bob", "192.0.2.7")
        want = oracle(root)
        assert len(want) == 2 and sum(len(v) for v in want.values()) == 3, want
        assert all(h != "192.0.2.99" for v in want.values() for _, h in v), want

        r, out = audit(root)
        ev = {(e.get("source"), e.get("value")) for e in r["evidence"]}
        for path, rows in want.items():
            # /var/log/wtmp.db is reached as /var/lib/wtmpdb/wtmp.db (the upstream name, a
            # link to it on Debian): read once
            shown = "/var/lib/wtmpdb/wtmp.db" if path == "/var/log/wtmp.db" else path
            assert (shown, "%d login records in the period (reviewed from here)" % len(rows)) \
                in ev, (path, ev)
        logins = {f["subject"] for f in r["findings"]
                  if f["detail"].startswith(("logins", "direct root logins"))}
        expect = {"%s@%s" % (u, h or "local") for rows in want.values() for u, h in rows}
        assert logins == expect, (logins, expect)
        print("note: wtmpdb last: %s; kensa: %s" % (want, sorted(logins)))
        warn = {(f["subject"], f["detail"].split(":")[0]) for f in r["findings"]
                if f["severity"] == "warn"}
        assert ("root@local", "direct root logins") in warn, warn
        assert ("bob@192.0.2.7", "logins by an account that is not an expected administrator") \
            in warn, warn
        # the sshd sources: sshd's session only, not login's remote host
        assert ("sshd", "192.0.2.7") in ev, ev


def test_a_login_survives_the_images_own_logrotate():
    """Debian 13 rotates /var/log/wtmp.db with logrotate once a year (create, rotate 4): the
    image's own logrotate moves the database to wtmp.db.1 and leaves an empty file. accounts.stale
    still sees the login there (as it reads wtmp.1), and neither check takes the empty file for a
    refused database."""
    if di.SUITE == "bookworm":
        return  # no wtmpdb in Debian 12
    with di.cloned(extra_packages=PACKAGES + ["logrotate"]) as root:
        di.useradd(root, "carol", "-m", "-s", "/bin/bash")
        di.chpasswd(root, "carol", "Kensa-image-pw-carol-1")
        # an account set up long ago: never logged in, it would be stale past the grace days
        di.chroot(root, ["chage", "-d", "2020-01-01", "carol"])
        pam_session(root, "login", "carol", "tty=tty2")
        di.chroot(root, ["/usr/sbin/logrotate", "-f", "/etc/logrotate.d/wtmpdb"])
        assert os.path.getsize(os.path.join(root, "var/log/wtmp.db")) == 0
        # the oracle: the image's wtmpdb finds carol's login in the rotated copy only
        last = json.loads(di.chroot(root, ["wtmpdb", "last", "-j", "-f",
                                           "/var/log/wtmp.db.1"]).stdout)["entries"]
        assert [e["user"] for e in last if e["user"] != "reboot"] == ["carol"], last

        code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                                  "--only", "accounts.stale,logs.review")
        assert code in (0, 2), err
        rep = json.loads(out)
        stale = kt.result(rep, "accounts.stale")
        assert not any(f["subject"] == "carol" for f in stale["findings"]), stale["findings"]
        ev = {(e.get("source"), e.get("value")) for e in stale["evidence"]}
        assert ("/var/log/wtmp.db.1", "1 login records of local accounts") in ev, ev
        empty = "empty: no login records yet (a new file, as logrotate creates one)"
        assert ("/var/lib/wtmpdb/wtmp.db", empty) in ev, ev
        review = kt.result(rep, ID)
        assert ("/var/lib/wtmpdb/wtmp.db", empty) in {(e.get("source"), e.get("value"))
                                                      for e in review["evidence"]}, review
        for r in (stale, review):
            assert not any("wtmp.db" in f["subject"] and f["severity"] != "info"
                           for f in r["findings"]), r["findings"]


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
