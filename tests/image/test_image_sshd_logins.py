#!/usr/bin/python3
"""logs.review against the image's real sshd (bookworm and trixie; issue #24): the image's own
/usr/sbin/sshd runs chrooted in a clone on 127.0.0.1 with the image's own configuration (UsePAM
yes, PermitRootLogin prohibit-password, MaxAuthTries 6; KbdInteractiveAuthentication turned on, as
PAM-based two-factor set-ups have it) and logs through syslog(3) to the image's /dev/log, where
syslog_standin.Syslog stands in for the syslog daemon and writes /var/log/auth.log as the release's
rsyslog would (bookworm's traditional format, trixie's RFC 3339). Trixie's default install has no
rsyslog and keeps sshd's messages in the journal: there the same datagrams are reviewed twice, from
the auth.log, then, with it removed, from a real journal file that systemd's own
systemd-journal-remote (the build host's) writes from them.

The image's own ssh client drives it (SSH_ASKPASS with SSH_ASKPASS_REQUIRE=force gives the
passwords), each scenario from its own loopback source address (-b 127.0.0.N): wrong passwords for
an existing user, for root (a real sshd logs "Failed password for root" even where root may not log
in with a password), for an unknown user, a connection that runs into MaxAuthTries,
keyboard-interactive answers through PAM for an existing and an unknown user, then a successful
publickey login and a successful password login after a burst. The oracle is what the test did:
kensa's failed logins per (account, source) must equal the passwords the client was made to give,
never the number of sshd's lines about them (sshd and pam_unix write several per attempt), and the
burst and after-a-burst findings must appear exactly for the sources whose attempts reach the
profile's threshold. Exit 77 when no image can be built here."""
import json
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402
from syslog_standin import Syslog  # noqa: E402

ID = "logs.review"
# the variant the image suite already caches (python3 is not used here)
PACKAGES = ["openssh-server", "python3"]
JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote"
MACHINE = "5e1f0c2b9a8d4e6f8a7b6c5d4e3f2a1b"
BURST = 5  # [logs] review_burst_failures of the test's site profile
GOOD = "Correct-Horse-9-bob"
ASKPASS = "/usr/local/bin/kensa-test-askpass"

# (source, account, passwords given on each connection): every password but GOOD is wrong. A
# source under the threshold whose lines reach it tells a parser that counts lines, not tries;
# 127.0.0.8 reaches it only when every password for an unknown account counts. The last two
# answer keyboard-interactive prompts through PAM (the way of PAM-based two-factor set-ups).
KBD = "keyboard-interactive"
SCENARIOS = [
    ("127.0.0.2", "bob", [["wrong-1", "wrong-2", "wrong-3", "wrong-4"]]),  # 4 (5 lines): none
    ("127.0.0.3", "root", [["wrong-1", "wrong-2", "wrong-3"]]),            # 3: no burst
    ("127.0.0.4", "nosuch", [["wrong-1", "wrong-2"], ["wrong-3", "wrong-4"]]),  # 4: no burst
    ("127.0.0.5", "bob", [["w-%d" % i for i in range(1, 7)]]),             # 6 = MaxAuthTries: burst
    ("127.0.0.6", "bob", [["w-1", "w-2", "w-3"], ["w-4", "w-5", GOOD]]),   # 5: burst, then in
    ("127.0.0.8", "admin", [["a-1", "a-2", "a-3"], ["a-4", "a-5", "a-6"]]),  # 6 unknown: burst
    ("127.0.0.10", "bob", [["k-%d" % i for i in range(1, 7)]], KBD),       # 6: burst
    ("127.0.0.11", "ghost", [["k-1", "k-2", "k-3"]], KBD),                 # 3 unknown: none
]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pids_in(root):
    """Processes whose root directory is the clone (sshd's listener and its per-connection
    children, which leave the listener's session)."""
    real = os.path.realpath(root)
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                r = os.readlink("/proc/%s/root" % entry)
            except OSError:
                continue
            if r == real or r.startswith(real + "/"):
                found.append(int(entry))
    return found


def stop_sshd(root, proc):
    if proc.poll() is None:
        proc.terminate()
    for sig in (15, 9):
        pids = pids_in(root)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while pids and time.monotonic() < deadline:
            time.sleep(0.1)
            pids = pids_in(root)
    proc.wait(timeout=10)


def start_sshd(root, port):
    os.makedirs(os.path.join(root, "run/sshd"), mode=0o755, exist_ok=True)
    di.chroot(root, ["ssh-keygen", "-A"])
    argv = [di.host_tool("chroot") or "chroot", root, "/usr/sbin/sshd", "-D", "-p", str(port),
            "-o", "ListenAddress=127.0.0.1", "-o", "PidFile=none",
            "-o", "KbdInteractiveAuthentication=yes"]
    err = open(os.path.join(os.path.dirname(root), "sshd.stderr"), "w")
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT,
                         env=di.CHROOT_ENV, start_new_session=True)
    err.close()
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return p
        except OSError:
            if p.poll() is not None:
                break
            time.sleep(0.1)
    stop_sshd(root, p)
    raise RuntimeError("sshd did not start: %s"
                       % open(os.path.join(os.path.dirname(root), "sshd.stderr")).read()[-800:])


def ssh(root, port, source, user, passwords=None, key=None, method="password"):
    """The image's own ssh client from source: the passwords in turn through SSH_ASKPASS (one
    prompt each, by method), or the key. Returns the exit status (0: logged in and ran true)."""
    env = dict(di.CHROOT_ENV)
    argv = ["ssh", "-p", str(port), "-b", source, "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
    if key:
        argv += ["-o", "PreferredAuthentications=publickey", "-o", "IdentitiesOnly=yes",
                 "-o", "BatchMode=yes", "-i", key]
    else:
        answers = os.path.join(root, "tmp/kensa-answers")
        with open(answers, "w") as f:
            f.write("".join(p + "\n" for p in passwords))
        env.update(SSH_ASKPASS=ASKPASS, SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
        argv += ["-o", "PreferredAuthentications=" + method, "-o", "PubkeyAuthentication=no",
                 "-o", "NumberOfPasswordPrompts=%d" % len(passwords)]
    argv += ["%s@127.0.0.1" % user, "true"]
    r = subprocess.run([di.host_tool("chroot") or "chroot", root] + argv, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    return r.returncode


def prepare(root):
    di.useradd(root, "bob", "-m", "-s", "/bin/bash")
    di.chpasswd(root, "bob", GOOD)
    # pam_unix waits 2 s after each refused password (pam_fail_delay); the lines it and sshd
    # log are the same with "nodelay", and the test runs in a minute instead of several
    path = os.path.join(root, "etc/pam.d/common-auth")
    text = open(path).read()
    assert "pam_unix.so nullok\n" in text, text
    with open(path, "w") as f:
        f.write(text.replace("pam_unix.so nullok\n", "pam_unix.so nullok nodelay\n"))
    # the askpass program: each call answers the next line of /tmp/kensa-answers
    di.write_file(root, ASKPASS,
                  "#!/bin/sh\n"
                  "n=$(cat /tmp/kensa-answers.n 2>/dev/null || echo 0)\n"
                  "n=$((n + 1))\n"
                  "echo \"$n\" > /tmp/kensa-answers.n\n"
                  "sed -n \"${n}p\" /tmp/kensa-answers\n", mode=0o755)
    di.chroot(root, ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "/root/bob-key"])
    os.makedirs(os.path.join(root, "home/bob/.ssh"), mode=0o700, exist_ok=True)
    pub = open(os.path.join(root, "root/bob-key.pub")).read()
    uid, gid = di.uid_of(root, "bob"), int(di.passwd_entry(root, "bob")[3])
    di.write_file(root, "/home/bob/.ssh/authorized_keys", pub, mode=0o600, uid=uid, gid=gid)
    os.chown(os.path.join(root, "home/bob/.ssh"), uid, gid)


def drive(root):
    """Run the scenarios against the real sshd; returns (attempts per (account, source),
    logins [(account, source, method)], wrong passwords per method, the Syslog)."""
    prepare(root)
    port = free_port()
    log = Syslog(root, di.SUITE)
    attempts, logins, tries = {}, [], {}
    sshd = None
    try:
        sshd = start_sshd(root, port)
        for source, user, connections, *method in SCENARIOS:
            method = method[0] if method else "password"
            for passwords in connections:
                try:
                    os.remove(os.path.join(root, "tmp/kensa-answers.n"))
                except FileNotFoundError:
                    pass
                rc = ssh(root, port, source, user, passwords, method=method)
                wrong = [p for p in passwords if p != GOOD]
                attempts[(user, source)] = attempts.get((user, source), 0) + len(wrong)
                tries[method] = tries.get(method, 0) + len(wrong)
                assert (rc == 0) == (GOOD in passwords), (source, user, rc)
                if rc == 0:
                    logins.append((user, source, method))
        rc = ssh(root, port, "127.0.0.7", "bob", key="/root/bob-key")
        assert rc == 0, rc
        logins.append(("bob", "127.0.0.7", "publickey"))
        time.sleep(1)  # sshd's last lines of the closed connections
    finally:
        if sshd:
            stop_sshd(root, sshd)
        log.close()
    return attempts, logins, tries, log


def journal_export(entries):
    """systemd's journal export format for the captured syslog messages, as journald stores a
    syslog message (_TRANSPORT=syslog)."""
    out = []
    for n, (t, facility, ident, pid, msg) in enumerate(entries):
        fields = [("__REALTIME_TIMESTAMP", str(int(t * 1000000))),
                  ("__MONOTONIC_TIMESTAMP", str(n + 1)), ("_BOOT_ID", MACHINE),
                  ("_MACHINE_ID", MACHINE), ("_HOSTNAME", "kensa-trixie"),
                  ("_TRANSPORT", "syslog"), ("SYSLOG_FACILITY", str(facility)),
                  ("SYSLOG_IDENTIFIER", ident)]
        if pid:
            fields += [("SYSLOG_PID", pid), ("_PID", pid)]
        fields.append(("MESSAGE", msg))
        out.append("".join("%s=%s\n" % kv for kv in fields) + "\n")
    return "".join(out)


def write_journal(root, entries):
    if not os.access(JOURNAL_REMOTE, os.X_OK):
        raise kt.Skip("systemd-journal-remote is not installed (package systemd-journal-remote)")
    d = os.path.join(root, "var/log/journal", MACHINE)
    os.makedirs(d, exist_ok=True)
    export = os.path.join(os.path.dirname(root), "sshd.export")
    with open(export, "w") as f:
        f.write(journal_export(entries))
    path = os.path.join(d, "system.journal")
    subprocess.run([JOURNAL_REMOTE, "-o", path, export], check=True, capture_output=True)
    return path


def sshd_lines(entries):
    return [msg for _, _, ident, _, msg in entries if ident in ("sshd", "sshd-session", "sshd-auth")]


def audit(root, attempts, logins, log_source, dump):
    """kensa's review of the clone, judged against what the test did."""
    prof = os.path.join(os.path.dirname(root), "site.ini")
    with open(prof, "w") as f:
        f.write("include = server\n\n[reports]\ntime_zone = UTC\n\n[logs]\n"
                "review_burst_failures = %d\nreview_burst_minutes = 10\n"
                "review_administrators = admin1\n" % BURST)
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--only", ID, "--profile", prof)
    assert code in (0, 2), err
    rep = json.loads(out)
    kt.validate_schema(rep)
    r = kt.result(rep, ID)
    finds = [(f["severity"], f["subject"], f["detail"]) for f in r["findings"]]
    ev = [(e.get("source"), e.get("value")) for e in r["evidence"]]
    ctx = (log_source, finds, ev, dump)
    assert r["status"] == "warn", ctx
    # what was reviewed: the auth log, or the journal when there is none
    assert any(s == log_source and v for s, v in ev), ctx
    if log_source == "/var/log/auth.log":
        assert not any((s or "").endswith(".journal") for s, _ in ev), ctx
    else:
        assert not any(s == "/var/log/auth.log" for s, _ in ev), ctx

    def detail(subject, start):
        got = [d for _, s, d in finds if s == subject and d.startswith(start)]
        assert len(got) <= 1, (subject, start, ctx)
        return got[0] if got else None

    # failed logins per (account, source): the passwords given, not sshd's lines
    for (user, source), n in attempts.items():
        d = detail("%s@%s" % (user, source), "failed logins: ")
        assert d and d.startswith("failed logins: %d (" % n), (user, source, n, d, ctx)
    # a burst exactly where a source's attempts reach the threshold
    per_source = {}
    for (user, source), n in attempts.items():
        per_source[source] = per_source.get(source, 0) + n
    for source, n in per_source.items():
        d = detail(source, "bursts of ")
        if n >= BURST:
            assert d and d.startswith("bursts of %d or more failed logins within 10 minutes: 1 "
                                      % BURST), (source, n, ctx)
            assert "failed logins in all: %d;" % n in d, (source, n, d)
        else:
            assert d is None, (source, n, d, ctx)
    # the password login after 127.0.0.6's burst, and only that one
    after = [s for _, s, d in finds if d.startswith("successful logins after a burst")]
    assert after == ["bob@127.0.0.6"], (after, ctx)
    # root's attempts are findings; root never got in
    assert detail("root@127.0.0.3", "failed logins: 3 ("), ctx
    assert not any(s.startswith("root@") and "root login" in d for _, s, d in finds), ctx
    # the accepted logins, each with its method: bob is not among the administrators
    for user, source, method in logins:
        d = detail("%s@%s" % (user, source), "logins by an account that is not an expected")
        assert d and ": 1 (%s;" % method in d, (user, source, method, d, ctx)


def audit_btmp(root, attempts, dump):
    """With no auth log and no journal, the failed logins come from sshd's btmp records: one
    per password given, however many records sshd wrote."""
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--only", ID)
    assert code in (0, 2), err
    r = kt.result(json.loads(out), ID)
    finds = {f["subject"]: f["detail"] for f in r["findings"]
             if f["detail"].startswith("failed logins: ")}
    ev = [(e.get("source"), e.get("value") or "") for e in r["evidence"]]
    total = sum(attempts.values())
    assert ("/var/log/btmp", "%d failed logins in the period (reviewed from here)" % total) \
        in ev, (ev, attempts)
    for (user, source), n in attempts.items():
        d = finds.get("%s@%s" % (user, source), "")
        assert d.startswith("failed logins: %d (" % n), (user, source, n, d, finds, dump)


def test_real_sshd_failures_and_logins():
    with di.cloned(extra_packages=PACKAGES) as root:
        attempts, logins, tries, log = drive(root)
        lines = sshd_lines(log.entries)
        dump = "\n".join("%s[%s]: %s" % (e[2], e[3], e[4]) for e in log.entries)
        if os.environ.get("KENSA_TEST_DUMP"):
            print(dump)
        # sshd's own account of the passwords given: one "Failed password" line each, one
        # "error: PAM: Authentication failure" per keyboard-interactive answer ...
        failed = sum(1 for m in lines if m.startswith("Failed password for "))
        assert failed == tries["password"], (tries, dump)
        pam = sum(1 for m in lines if m.startswith("error: PAM: Authentication failure for "))
        assert pam == tries[KBD], (tries, dump)
        # ... which writes "Failed keyboard-interactive/pam" for an existing account only from
        # the 4th try (MaxAuthTries / 2) on
        assert sum(1 for m in lines if m.startswith("Failed keyboard-interactive/pam for bob ")) \
            == 3, dump
        failed += pam
        # ... among many more lines about them (pam_unix, "Invalid user", "PAM N more
        # authentication failures", MaxAuthTries, "Connection closed by ...")
        assert len(log.entries) > 2 * failed, dump
        assert any("maximum authentication attempts exceeded" in m for m in lines), dump
        for name, connections in (("nosuch", 2), ("admin", 2), ("ghost", 1)):
            assert sum(1 for m in lines if m.startswith("Invalid user %s from " % name)) \
                == connections, dump
        auth_log = os.path.join(root, "var/log/auth.log")
        if di.SUITE == "bookworm":
            # rsyslog's traditional format, as Debian 12 writes it
            audit(root, attempts, logins, "/var/log/auth.log", dump)
            # ... and without it, btmp: bookworm's sshd writes a record per failed try and one
            # more when a connection names an unknown account (trixie's writes none)
            os.remove(auth_log)
            audit_btmp(root, attempts, dump)
        else:
            # Debian 13 with rsyslog installed: its RFC 3339 auth.log ...
            audit(root, attempts, logins, "/var/log/auth.log", dump)
            # ... and as installed, without rsyslog: the journal alone
            os.remove(auth_log)
            path = write_journal(root, log.entries)
            audit(root, attempts, logins, "/" + os.path.relpath(path, root), dump)


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
