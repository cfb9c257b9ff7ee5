#!/usr/bin/env python3
"""Hostile and broken input in the audited root: special files where a config belongs, huge
sparse login records, binary garbage, invalid UTF-8, unreadable files. Each case must end in a
per-check error or a warn finding with file:line, finish in seconds with bounded memory, keep
the JSON valid and never turn into a wrong pass. Both resolvers (openat2 and the walk) run."""
import json
import os
import random
import shutil
import socket
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403
import kensatest  # noqa: E402
from test_confinement import MODES, fast_profile, run_kensa  # noqa: E402


def _sanitized():
    """Whether the binary under test was built with ASan (its shadow memory and quarantine cost
    tens of MiB and slow every call): the bounds below then get headroom."""
    with open(KENSA, "rb") as f:
        return b"__asan_init" in f.read()


SLACK = 4 if _sanitized() else 1
FAST_S = 5.0 * SLACK        # a whole audit of any hostile root finishes in this
MAX_RSS_KIB = 50 * 1024 * SLACK
UTMP = 384          # glibc's struct utmp on Linux, as write-login-records --sizes prints


def hostile(root, *args, env=None, timeout=60):
    return run_kensa("audit", "--root", root, "--profile", fast_profile(), "--as-of", AS_OF,
                     "--lang", "en", *args, env=env, timeout=timeout)


def special_roots():
    """(what, root, the file it breaks) with a non-regular file where a config belongs."""
    out = []
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/passwd"))
    os.mkfifo(os.path.join(root, "etc/passwd"))
    out.append(("FIFO /etc/passwd", root, "/etc/passwd"))
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/shadow"))
    os.mkfifo(os.path.join(root, "etc/shadow"))
    out.append(("FIFO /etc/shadow", root, "/etc/shadow"))
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/shadow"))
    os.makedirs(os.path.join(root, "etc/shadow"))
    out.append(("directory /etc/shadow", root, "/etc/shadow"))
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/passwd"))
    s = socket.socket(socket.AF_UNIX)
    s.bind(os.path.join(root, "etc/passwd"))
    s.close()
    out.append(("socket /etc/passwd", root, "/etc/passwd"))
    return out


def device_root():
    """etc/passwd -> /dev/zero, which resolves inside the root to ROOT/dev/zero: a real char
    device there needs mknod (root). None when that is not possible here."""
    root = scratch_root("accounts-debian12")
    os.makedirs(os.path.join(root, "dev"))
    try:
        os.mknod(os.path.join(root, "dev/zero"), stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except OSError as e:
        print(f"note: device case skipped: mknod: {e.strerror} (needs root)")
        return None
    os.unlink(os.path.join(root, "etc/passwd"))
    os.symlink("/dev/zero", os.path.join(root, "etc/passwd"))
    return root


def test_special_files_become_a_per_check_error():
    cases = special_roots()
    dev = device_root()
    if dev:
        cases.append(("char device via /etc/passwd -> /dev/zero", dev, "/etc/passwd"))
    for mode, env in MODES:
        for what, root, path in cases:
            code, out, err, secs, _ = hostile(root, "--format", "json", env=env, timeout=30)
            assert secs < FAST_S, f"{mode}, {what}: took {secs:.1f}s"
            assert code in (0, 2), (mode, what, code, err)
            rep = json.loads(out)
            validate_schema(rep)
            r = result(rep, "accounts.stale")
            assert r["status"] == "error", (mode, what, r)
            assert path in r["reason"] and "not a regular file" in r["reason"], (mode, what, r)
            # the audit went on: every check has a result, and the exit status reflects them
            n_checks = sum(1 for c in json.loads(run_kensa("list", "--format", "json")[1])["checks"]
                           if "linux" in c["platforms"])
            assert len(rep["results"]) == n_checks, (mode, what)
            fails = any(x["status"] == "fail" for x in rep["results"])
            assert code == (2 if fails else 0), (mode, what, code)


def test_special_file_as_wtmp_is_evidence_not_a_hang():
    for mode, env in MODES:
        root = scratch_root("accounts-debian12")
        os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
        os.mkfifo(os.path.join(root, "var/log/wtmp"))
        os.makedirs(os.path.join(root, "var/log/wtmp.1"))
        code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "accounts.stale",
                                          env=env, timeout=30)
        assert secs < FAST_S, secs
        rep = json.loads(out)
        r = result(rep, "accounts.stale")
        ev = {(e["source"], e["value"]) for e in r["evidence"]}
        assert ("/var/log/wtmp", "not read: not a regular file") in ev, (mode, ev)
        assert ("/var/log/wtmp.1", "not read: not a regular file") in ev, (mode, ev)


def test_huge_sparse_wtmp_and_lastlog_stay_fast_and_small():
    """An 8 GiB sparse wtmp (with real records before and after the hole) and a lastlog sized
    for UID 4294967294 (1.2 TiB sparse)."""
    for mode, env in MODES:
        root = scratch_root("accounts-debian12")
        with open(os.path.join(root, "etc/passwd"), "a") as f:
            f.write("maxuid:x:4294967294:4294967294::/home/maxuid:/bin/bash\n")
        with open(os.path.join(root, "etc/shadow"), "a") as f:
            f.write("maxuid:$y$j9T$salt$hashhashhashhashhashhashhashhashhashhash:20000:0:99999:7:::\n")
        write_login(root, "alice", 1000, day_epoch(200))
        write_login(root, "maxuid", 4294967294, day_epoch(1))
        wtmp = os.path.join(root, "var/log/wtmp")
        records = (8 << 30) // UTMP + 1
        os.truncate(wtmp, records * UTMP)             # a hole of ~8 GiB of EMPTY records
        write_login(root, "alice", 1000, day_epoch(2), lastlog=False)  # after the hole
        lastlog = os.path.join(root, "var/log/lastlog")
        assert os.stat(lastlog).st_size > 1 << 40 and os.stat(wtmp).st_size > 8 << 30
        code, out, err, secs, rss = hostile(root, "--format", "json", "--only", "accounts.stale",
                                            env=env, timeout=120)
        assert code in (0, 2), err
        assert secs < FAST_S, f"{mode}: {secs:.1f}s for a sparse 8 GiB wtmp"
        assert rss < MAX_RSS_KIB, f"{mode}: max RSS {rss} KiB"
        r = result(json.loads(out), "accounts.stale")
        # the record after the hole was read: alice logged in 2 days ago, so she is not stale
        assert "alice" not in subjects(r), (mode, [f for f in r["findings"] if f["subject"] == "alice"])
        # maxuid's login was found at offset 4294967294 * 292 of the 1.2 TiB lastlog
        maxuid = [f["detail"] for f in r["findings"] if f["subject"] == "maxuid"]
        assert not any("never" in d for d in maxuid), (mode, maxuid)
        assert any(e["source"] == "/var/log/lastlog" and e["value"].startswith("2 accounts")
                   for e in r["evidence"]), r["evidence"]
        assert any(e["source"] == "/var/log/wtmp" and e["value"].startswith(f"{records + 1} records")
                   for e in r["evidence"]), r["evidence"]


def test_huge_regular_files_are_refused_not_read():
    root = scratch_root("accounts-debian12")
    os.truncate(os.path.join(root, "etc/passwd"), 3 << 30)  # a sparse 3 GiB passwd
    for mode, env in MODES:
        code, out, err, secs, rss = hostile(root, "--format", "json", env=env)
        assert code in (0, 2), err
        assert secs < FAST_S and rss < MAX_RSS_KIB, (mode, secs, rss)
        r = result(json.loads(out), "accounts.stale")
        assert r["status"] == "error" and "larger than" in r["reason"], (mode, r)


GARBAGE_SEED = 20261125


def garbage_roots():
    rng = random.Random(GARBAGE_SEED)
    roots = []
    root = scratch_root("accounts-debian12")
    blob = bytes(rng.randrange(256) for _ in range(64 * 1024))
    write(root, "etc/passwd", blob)
    write(root, "etc/shadow", blob[::-1])
    write(root, "etc/login.defs", blob[1000:9000])
    write(root, "var/log/wtmp", blob + blob[:100])     # not a whole number of records
    write(root, "var/log/lastlog", blob)
    roots.append(("binary garbage", root))

    root = scratch_root("accounts-debian12")
    src = os.path.join(root, "etc")
    with open(os.path.join(src, "passwd"), "rb") as f:
        passwd = f.read()
    bad = (passwd.replace(b"\n", b"\r\n")                           # CRLF line ends
           + b"m\xfcller:x:1100:1100:M\xfcller \xff\xfe\x1b[31mred\x07:/home/m:/bin/bash\n"
           + b"nul\x00byte:x:1101:1101::/home/n:/bin/bash\n"
           + b"long:x:1102:1102:" + b"A" * 200000 + b":/home/l:/bin/bash\n"
           + b"neg:x:-1:1103::/home/neg:/bin/bash\n"
           + b"big:x:99999999999999999999:1::/:/bin/bash\n"
           + b"short:x:1\n")
    write(root, "etc/passwd", bad)
    with open(os.path.join(src, "shadow"), "ab") as f:
        f.write(b"m\xfcller:$6$salt$abcdefghijklmnop:20000:0:99999:7:::\n"
                b"long:$6$x$y:-5:0:99999:7:::\n"
                b"neg:$6$x$y:99999999999999999999:0:99999:7:::\n"
                b"big:$6$x$y:20000:-9223372036854775809:99999:7:::\n"
                b"hank:$6$x$y:20000:0:1e5:7:::\n"
                b"ivan:$6$x$y:20000:0:0x10:7:::\n"
                b"\xff\xfe\xfd\n")
    write(root, "etc/login.defs", b"UID_MIN\t\xff\xfe\r\nUID_MAX 99999999999999999999999\r\n"
          + b"PASS_MAX_DAYS " + b"9" * 5000 + b"\n\x00\x00\x00")
    # a wtmp record with invalid UTF-8 and terminal escapes in its host, and a truncated one
    write_login(root, "alice", 1000, day_epoch(5), host="h\xe9\x1b]0;pwned\x07")
    with open(os.path.join(root, "var/log/wtmp"), "ab") as f:
        f.write(b"\x07\x00" + b"\xff" * 100)
    roots.append(("broken text", root))
    return roots


def test_garbage_gives_valid_json_and_no_wrong_pass():
    for mode, env in MODES:
        for what, root in garbage_roots():
            code, out, err, secs, rss = hostile(root, "--format", "json", env=env)
            assert code in (0, 2), (mode, what, code, err)
            assert secs < FAST_S and rss < MAX_RSS_KIB, (mode, what, secs, rss)
            text = out.decode("utf-8")                      # strict UTF-8
            rep = json.loads(text)
            validate_schema(rep)
            r = result(rep, "accounts.stale")
            if what == "binary garbage":
                # nothing parses: no account can be judged, so no pass
                assert r["status"] != "pass", (mode, r)
            else:
                assert r["status"] == "fail", (mode, r["status"])
                warned = {(f["subject"], f["detail"]) for f in r["findings"] if f["severity"] == "warn"}
                lines = " ".join(d for s, d in warned if s in ("/etc/passwd", "/etc/shadow"))
                for expect in ("line too long", "UID is not a number", "not 7 colon-separated",
                               "not a valid number"):
                    assert expect in lines, (mode, expect, sorted(warned))
                assert "m?ller" in text or "m\u00fcller" not in text, "invalid UTF-8 passed through"
            code, out, err, _, _ = hostile(root, env=env)
            assert code in (0, 2), (mode, what, err)
            assert b"\x1b" not in out and b"\x07" not in out, f"{mode}, {what}: control bytes in text"


def _nobody_can_enter(path):
    p = os.path.abspath(path)
    while p != "/":
        st = os.stat(p)
        os.chmod(p, stat.S_IMODE(st.st_mode) | 0o055)
        p = os.path.dirname(p)


def test_unreadable_file_is_an_error_saying_run_as_root():
    root = scratch_root("accounts-debian12")
    os.chmod(os.path.join(root, "etc/shadow"), 0o000)
    os.chmod(os.path.join(root, "etc/passwd"), 0o644)
    extra = {}
    if os.geteuid() == 0:
        _nobody_can_enter(os.path.join(root, "etc"))
        argv, extra = unprivileged_kensa()
    else:
        argv = [KENSA]
    for mode, env in MODES:
        e = dict(os.environ, NO_COLOR="1", **env)
        e.update(extra)
        p = subprocess.run(argv + ["audit", "--root", root, "--format", "json", "--as-of", AS_OF,
                                   "--lang", "en", "--only", "accounts.stale"],
                           capture_output=True, env=e, timeout=60, cwd="/")
        assert p.returncode in (0, 2), (mode, p.returncode, p.stderr)
        r = result(json.loads(p.stdout), "accounts.stale")
        assert r["status"] == "error", (mode, r)
        assert "/etc/shadow" in r["reason"] and "run as root" in r["reason"], (mode, r["reason"])


# --- issue 16: every audit ends in bounded time -------------------------------------------------

HANG_S = 20.0 * SLACK      # a hostile tree that used to hang must finish a whole audit in this


def _add_accounts(root, entries):
    """Append (name, uid, hash) login accounts to passwd and shadow."""
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        for name, uid, _ in entries:
            f.write(f"{name}:x:{uid}:{uid}::/home/{name}:/bin/bash\n")
    with open(os.path.join(root, "etc/shadow"), "a") as f:
        for name, _, h in entries:
            f.write(f"{name}:{h}:20000:0:99999:7:::\n")


def test_defaults_never_starts_a_try_it_cannot_bound():
    """$sha1$4294967295$ and $md5,rounds=4294963199$ make one crypt() run for hours; an unknown
    method has no cost at all to go by. None of them is ever handed to crypt()."""
    root = scratch_root("accounts-debian12")
    _add_accounts(root, [
        ("sha1max", 2001, "$sha1$4294967295$saltsalt$hashhashhashhashhashhashhash"),
        ("md5max", 2002, "$md5,rounds=4294963199$saltsalt$$hashhashhashhashhashhash"),
        ("bsdimax", 2003, "_zzzzsaltJW8FtKdEkNM"),
        ("argon", 2004, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
    ])
    code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "password.defaults",
                                      timeout=HANG_S)
    assert code in (0, 2), err
    assert secs < HANG_S, secs
    r = result(json.loads(out), "password.defaults")
    by = {f["subject"]: f for f in r["findings"]}
    for name in ("sha1max", "md5max"):
        assert by[name]["severity"] == "warn" and "would outlast the 1-second budget" in by[name]["detail"], by[name]
    assert "cannot be estimated" in by["argon"]["detail"], by["argon"]
    # 2^24 DES iterations (~5 s here) cannot fit in one second either
    assert "outlast" in by["bsdimax"]["detail"], by["bsdimax"]
    assert r["status"] == "warn", r


LASTLOG2_TABLE = ("CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, "
                  "RemoteHost TEXT, Service TEXT)")
WTMP_TABLE = ("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, "
              "Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)")
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT 'alice' AS {name}, x AS {time}, 'pts/0' AS TTY, '' AS RemoteHost, 3 AS Type "
           "FROM c WHERE x < 0")


def _sqlite_db(root, path, *statements):
    import sqlite3
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    con = sqlite3.connect(full)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_login_databases_are_data_not_code():
    """lastlog2.db and wtmp.db come from the image. A view over an endless recursive CTE, a
    generated column or a virtual table would run the image's code: each is refused as a
    warning on that source, in bounded time, and a real table next to it is still read."""
    cases = [
        ("lastlog2 view over an endless CTE", "var/lib/lastlog/lastlog2.db",
         ["CREATE VIEW Lastlog2 AS " + ENDLESS.format(name="Name", time="Time")],
         "is a view, not a table"),
        ("wtmpdb view over an endless CTE", "var/lib/wtmpdb/wtmp.db",
         ["CREATE VIEW wtmp AS " + ENDLESS.format(name="User", time="Login")],
         "is a view, not a table"),
        ("wtmpdb with a generated Login", "var/lib/wtmpdb/wtmp.db",
         ["CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT, Start INTEGER, "
          "Login INTEGER AS (Start * 1000000) VIRTUAL, TTY TEXT, RemoteHost TEXT)",
          "INSERT INTO wtmp(Type, User, Start, TTY) VALUES (3, 'alice', 1, 'pts/0')"],
         "is computed, not stored"),
        ("lastlog2 as a virtual table", "var/lib/lastlog/lastlog2.db",
         ["CREATE VIRTUAL TABLE Lastlog2 USING fts5(Name, Time, TTY, RemoteHost)"],
         "virtual table"),
    ]
    for what, path, statements, why in cases:
        root = scratch_root("accounts-debian12")
        try:
            _sqlite_db(root, path, *statements)
        except Exception as e:  # e.g. a Python sqlite3 built without fts5
            print(f"note: {what}: {e}")
            continue
        # the other database is a real one: carol logged in 3 days ago
        if "lastlog2" in path:
            _sqlite_db(root, "var/lib/wtmpdb/wtmp.db", WTMP_TABLE,
                       f"INSERT INTO wtmp(Type, User, Login, TTY) VALUES (3, 'carol', "
                       f"{day_epoch(3) * 1000000}, 'pts/1')")
            good = "/var/lib/wtmpdb/wtmp.db"
        else:
            _sqlite_db(root, "var/lib/lastlog/lastlog2.db", LASTLOG2_TABLE,
                       f"INSERT INTO Lastlog2 VALUES ('carol', {day_epoch(3)}, 'pts/1', '', 'sshd')")
            good = "/var/lib/lastlog/lastlog2.db"
        for mode, env in MODES:
            code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "accounts.stale",
                                              env=env, timeout=HANG_S)
            assert code in (0, 2), (what, err)
            assert secs < HANG_S, (what, secs)
            r = result(json.loads(out), "accounts.stale")
            bad = [f for f in r["findings"] if f["subject"] == "/" + path]
            assert bad and bad[0]["severity"] == "warn" and why in bad[0]["detail"], (what, mode, r["findings"])
            assert ("/" + path, f"not read: {bad[0]['detail'].split('(', 1)[1].split('):')[0]}") in \
                {(e["source"], e["value"]) for e in bad[0]["evidence"]}, bad[0]
            assert any(e["source"] == good and e["value"] == "1 login records of local accounts"
                       for e in r["evidence"]), (what, r["evidence"])
            assert r["status"] != "pass", (what, r["status"])


def sshd_fanout_root(dropins):
    """sshd_config includes sshd_config.d/*.conf and every drop-in includes the directory again:
    sshd itself stops at depth 16 ("Too many recursive configuration includes")."""
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\n")
    for i in range(dropins):
        write(root, f"/etc/ssh/sshd_config.d/{i:02d}.conf",
              f"Include /etc/ssh/sshd_config.d/*.conf\nAuthenticationMethods publickey,password\n")
    return root


def test_sshd_include_fanout_is_sshds_fatal_recursion():
    for dropins in (2, 3, 8):
        root = sshd_fanout_root(dropins)
        for mode, env in MODES:
            code, out, err, secs, rss = hostile(root, "--format", "json", "--only",
                                                "password.max_age", env=env, timeout=HANG_S)
            assert code in (0, 2), (dropins, err)
            assert secs < FAST_S and rss < MAX_RSS_KIB, (dropins, mode, secs, rss)
            r = result(json.loads(out), "password.max_age")
            rec = [f for f in r["findings"] if "Too many recursive configuration includes" in f["detail"]]
            assert len(rec) == 1 and rec[0]["severity"] == "warn", (dropins, r["findings"])
            assert rec[0]["subject"] == "/etc/ssh/sshd_config.d/00.conf", rec[0]
            assert {"source": "/etc/ssh/sshd_config.d/00.conf",
                    "value": "line 1: Include /etc/ssh/sshd_config.d/*.conf"} in \
                [{"source": e["source"], "value": e["value"]} for e in rec[0]["evidence"]], rec[0]
            reads = [e for e in r["evidence"] if e["value"] == "sshd configuration read"]
            # each file once: sshd_config and every drop-in
            assert len(reads) == dropins + 1, (dropins, reads)
            assert r["status"] != "pass", r


def test_sshd_include_visits_are_bounded():
    """Distinct Include targets without recursion: at most 256 sshd files are read, then one
    warning; the first value (in the first file) still decides."""
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config", "AuthenticationMethods publickey,password\n" +
          "".join(f"Include /etc/ssh/sshd_config.d/{i:04d}.conf\n" for i in range(400)))
    for i in range(400):
        write(root, f"/etc/ssh/sshd_config.d/{i:04d}.conf", "PermitRootLogin no\n")
    code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "password.max_age")
    assert code in (0, 2), err
    r = result(json.loads(out), "password.max_age")
    reads = [e for e in r["evidence"] if e["value"] == "sshd configuration read"]
    assert len(reads) == 256, len(reads)
    warn = [f for f in r["findings"] if "reach more than 256 files" in f["detail"]]
    assert len(warn) == 1 and warn[0]["subject"] == "/etc/ssh/sshd_config.d/0255.conf", r["findings"]
    assert "/etc/ssh/sshd_config:1" in r["reason"], r["reason"]


def test_sshd_include_arguments_are_bounded():
    """50,000 distinct Include arguments that match nothing: each is looked up in sshd's include
    list, so they are bounded too (4,096), in linear time."""
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config", "AuthenticationMethods publickey,password\n" +
          "".join(f"Include /x/{i}\n" for i in range(50000)))
    for mode, env in MODES:
        code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "password.max_age",
                                          env=env, timeout=HANG_S)
        assert code in (0, 2), err
        assert secs < FAST_S, (mode, secs)
        r = result(json.loads(out), "password.max_age")
        assert any("more than 4096 Include arguments" in f["detail"] for f in r["findings"]), r["findings"]


def test_sshd_include_repeated_outside_itself_reads_once():
    """The same Include twice, not nested: sshd serves the second from its include list; no
    recursion, no second read."""
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config", "Include sshd_config.d/*.conf\nInclude sshd_config.d/*.conf\n"
          "Include sshd_config.d/10-mfa.conf\n")
    write(root, "/etc/ssh/sshd_config.d/10-mfa.conf", "AuthenticationMethods publickey,keyboard-interactive\n")
    code, out, err, secs, _ = hostile(root, "--format", "json", "--only", "password.max_age")
    r = result(json.loads(out), "password.max_age")
    assert not any("recursive" in f["detail"] for f in r["findings"]), r["findings"]
    reads = [e["source"] for e in r["evidence"] if e["value"] == "sshd configuration read"]
    # the glob's expansion once; the explicit path is another selector, read again as sshd does
    assert reads == ["/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/10-mfa.conf",
                     "/etc/ssh/sshd_config.d/10-mfa.conf"], reads
    assert "/etc/ssh/sshd_config.d/10-mfa.conf:1" in r["reason"], r["reason"]


PADDING = ("# a comment line that pads the configuration file out to one megabyte\n" * 15000)[:1000000]


def test_include_amplification_is_read_once_and_bounded():
    """One 1 MB file included 20,000 times: rsyslog, logrotate and syslog-ng used to read (and
    parse) it at every reference, 10-13 s each and more. Each source now reads a file once per audit and stops at its
    byte budget before reading, with an issue saying so."""
    root = scratch_root("logs-debian-stock")
    write(root, "/etc/rsyslog.d/big.conf", PADDING)
    with open(os.path.join(root, "etc/rsyslog.conf"), "a") as f:
        f.write("$IncludeConfig /etc/rsyslog.d/big.conf\n" * 20000)
    write(root, "/etc/logrotate.d/big", PADDING)
    with open(os.path.join(root, "etc/logrotate.conf"), "a") as f:
        f.write("include /etc/logrotate.d/big\n" * 20000)
    for mode, env in MODES:
        code, out, err, secs, rss = hostile(root, "--format", "json", "--only",
                                            "logs.collection,logs.retention", env=env,
                                            timeout=HANG_S)
        assert code in (0, 2), err
        assert secs < FAST_S and rss < MAX_RSS_KIB, (mode, secs, rss)
        rep = json.loads(out)
        col = result(rep, "logs.collection")
        assert any("more than 4 MiB of configuration: the rest is not read" in f["detail"]
                   for f in col["findings"] if f["subject"] == "/etc/rsyslog.conf"), col["findings"]
        ret = result(rep, "logs.retention")
        assert any("more than 4 MiB of configuration: the rest is not read" in f["detail"]
                   for f in ret["findings"]), ret["findings"]
        # the real configuration before the includes was still read
        auth = [f for f in ret["findings"] if f["subject"] == "/var/log/auth.log"]
        assert auth and auth[0]["detail"].startswith("kept 28 days"), ret["findings"]
    # syslog-ng's @include, the same way (its fragment planted into a Debian root, as test_logs does)
    root = scratch_root("logs-debian-stock")
    shutil.copytree(os.path.join(ROOTS, "logs-syslog-ng", "etc"), os.path.join(root, "etc"),
                    dirs_exist_ok=True)
    write(root, "/etc/syslog-ng/big.conf", PADDING)
    with open(os.path.join(root, "etc/syslog-ng/syslog-ng.conf"), "a") as f:
        f.write('@include "/etc/syslog-ng/big.conf"\n' * 20000)
    for mode, env in MODES:
        code, out, err, secs, rss = hostile(root, "--format", "json", "--only", "logs.collection",
                                            env=env, timeout=HANG_S)
        assert code in (0, 2), err
        assert secs < FAST_S and rss < MAX_RSS_KIB, (mode, secs, rss)
        col = result(json.loads(out), "logs.collection")
        assert any("more than 4 MiB of configuration: the rest is not read" in f["detail"]
                   for f in col["findings"]), col["findings"]


def test_shared_home_authorized_keys_counted_once():
    """2,000 login accounts share one home whose authorized_keys is 4 MiB: it is read and its keys
    counted once per audit, not once per account and check."""
    root = scratch_root("accounts-debian12")
    keys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDummyKeyForTheTestOnlyNotARealKey0 user@host\n"
    write(root, "/home/shared/.ssh/authorized_keys", (keys * ((4 << 20) // len(keys)))[:(4 << 20) - 1] + "\n")
    with open(os.path.join(root, "etc/passwd"), "a") as p, open(os.path.join(root, "etc/shadow"), "a") as s:
        for i in range(2000):
            p.write(f"shared{i}:x:{3000 + i}:{3000 + i}::/home/shared:/bin/bash\n")
            s.write(f"shared{i}:!:20000:0:99999:7:::\n")
    for mode, env in MODES:
        code, out, err, secs, rss = hostile(root, "--format", "json", "--only",
                                            "accounts.stale,password.max_age", env=env,
                                            timeout=HANG_S)
        assert code in (0, 2), err
        assert secs < FAST_S, (mode, secs)
        r = with_shared_evidence(result(json.loads(out), "accounts.stale"))
        f = [f for f in r["findings"] if f["subject"] == "shared1999"]
        assert f and any(e["source"] == "/home/shared/.ssh/authorized_keys" and
                         e["value"].startswith(str((4 << 20) // len(keys))) for e in f[0]["evidence"]), f
def test_terminal_escapes_bidi_and_bad_utf8_never_reach_any_output():
    """Issue 16.8: the checklist format printed the host line raw (ESC from /etc/hostname and
    os-release) and kensa diff printed the host name raw to stderr. Every text-like output
    (text, checklist, CSV, diff, stderr) and HTML shows control and bidirectional formatting
    characters as visible marks and invalid UTF-8 as U+FFFD; JSON keeps the exact strings."""
    root = scratch_root("accounts-debian12")
    esc, rlo, lri = "\x1b[31m", "\u202e", "\u2066"
    write(root, "etc/hostname", b"evil\x1b[31mhost\xe2\x80\xaeoh\xff\n")
    write(root, "etc/os-release",
          b'PRETTY_NAME="Deb\x1b]0;pwned\x07ian \xe2\x80\xae21 \xc2\x9b2J \xe2\x81\xa6x\xfe"\n')
    with open(os.path.join(root, "etc/passwd"), "ab") as f:
        f.write("mal\u202etxt:x:1200:1200:G\x1b[2J\u2066ecos\u061c:/home/mal:/bin/bash\n".encode()
                + b"bad\xc3(:x:1201:1201:\x1b[31m\xff\x9b:/home/bad:/bin/bash\n")
    with open(os.path.join(root, "etc/shadow"), "ab") as f:
        f.write("mal\u202etxt:$6$salt$abcdefghijklmnop:20000:0:99999:7:::\n".encode()
                + b"bad\xc3(:$6$salt$abcdefghijklmnop:20000:0:99999:7:::\n")
    forbidden = [b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode(), "\u2066".encode(),
                 "\u061c".encode()]

    def clean(blob, what):
        text = blob.decode("utf-8")  # strict: invalid UTF-8 would raise
        for bad in forbidden:
            assert bad not in blob, f"{what}: {bad!r} reached the output"
        return text

    outdir = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outdir)
    for mode, env in MODES:
        for fmt in ("text", "checklist", "csv", "html"):
            code, out, err, _, _ = hostile(root, "--format", fmt, env=env)
            assert code in (0, 2), (mode, fmt, err)
            text = clean(out, f"{mode}/{fmt}")
            clean(err, f"{mode}/{fmt} stderr")
            assert "\u27e8U+202E\u27e9" in text, (mode, fmt, "the override is not shown as a mark")
            if fmt != "csv":  # the CSV rows carry no host line
                assert "\u27e8U+001B\u27e9" in text, (mode, fmt, "ESC is not shown as a mark")
            if fmt in ("text", "html"):
                assert "\ufffd" in text, (mode, fmt, "invalid UTF-8 is not U+FFFD")
        code, out, err, _, _ = hostile(root, "--format", "json", env=env)
        rep = json.loads(out.decode("utf-8"))  # valid UTF-8
        assert rep["host"]["hostname"] == "evil\x1b[31mhost\u202eoh\ufffd", rep["host"]
        assert rlo in rep["host"]["os"] and lri in rep["host"]["os"] and "\x1b" in rep["host"]["os"]
    # saved reports: kensa report in every format, kensa diff (the host names on stderr)
    code, out, err, _, _ = hostile(root, "--format", "json")
    old = os.path.join(outdir, "old.json")
    with open(old, "wb") as f:
        f.write(out)
    rep = json.loads(out)
    rep["host"]["hostname"] = "other" + esc + rlo + "\x9b"
    new = os.path.join(outdir, "new.json")
    with open(new, "w") as f:
        json.dump(rep, f)
    for fmt in ("text", "checklist", "csv", "html"):
        code, out, err, _, _ = run_kensa("report", "--format", fmt, new)
        assert code == 0, (fmt, err)
        clean(out, f"report/{fmt}")
    for args in ((), ("--format", "json")):
        code, out, err, _, _ = run_kensa("diff", *args, old, new)
        assert code in (0, 2), err
        if args:
            json.loads(out.decode("utf-8"))  # JSON: exact strings, valid UTF-8
        else:
            clean(out, "diff")
        clean(err, f"diff {args} stderr")
        if not args:
            assert b"of host" in err and "\u27e8U+202E\u27e9".encode() in err, err
    # an error on stderr naming a hostile file
    bad = os.path.join(outdir, "x\x1b[31m\u202e.json")
    with open(bad, "w") as f:
        f.write("{")
    code, out, err, _, _ = run_kensa("report", bad)
    assert code == 1, err
    clean(err, "error line")


def test_report_of_a_fifo_is_refused_at_once():
    """Issue 16.9: kensa report FIFO blocked in open() waiting for a writer, before fstat
    could refuse it. Opened non-blocking, it is refused with one line."""
    d = tempfile.mkdtemp(prefix="kensa-fifo-")
    kensatest._cleanup.append(d)
    fifo = os.path.join(d, "r.json")
    os.mkfifo(fifo, 0o600)
    for argv in (("report", fifo), ("diff", fifo, fifo)):
        code, out, err, secs, _ = run_kensa(*argv, timeout=10)
        assert code == 1, (argv, code, err)
        assert b"not a regular file" in err and err.count(b"\n") == 1, (argv, err)
        assert secs < 5, (argv, secs)


def test_oversized_login_defs_is_an_error_never_a_default():
    """Issue 16.9: a login.defs kensa would not read (over its bound) gave the finding "new
    passwords hashed with descrypt" (shadow-utils' default when ENCRYPT_METHOD is absent) and
    "PASS_MAX_DAYS unset". Unread is unknown: both checks are errors that say why."""
    root = scratch_root("accounts-debian12")
    write(root, "etc/login.defs", "ENCRYPT_METHOD SHA512\nPASS_MAX_DAYS 90\n"
          + ("# padding\n" * 220000))
    for mode, env in MODES:
        code, out, err, _, _ = hostile(root, "--format", "json", env=env)
        assert code in (0, 2), (mode, err)
        rep = json.loads(out)
        for cid in ("password.hash", "password.max_age"):
            r = result(rep, cid)
            assert r["status"] == "error", (mode, cid, r["status"], r["reason"])
            assert "/etc/login.defs" in r["reason"] and "larger than" in r["reason"], (mode, r)
            for f in r["findings"]:
                assert f["subject"] != "/etc/login.defs", (mode, cid, f)
        text = json.dumps(result(rep, "password.hash"))
        assert "descrypt" not in text, (mode, "a default was reported as the system's method")


if __name__ == "__main__":
    run_tests(dict(globals()))
