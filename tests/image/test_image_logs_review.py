#!/usr/bin/python3
"""logs.review on real Debian images with sudo (bookworm and trixie), with auth.log lines written
by the image's own tools: useradd, usermod, groupadd, chpasswd (pam_unix), sudo and logger send
to the image's /dev/log, as on a running system; this test stands in for rsyslog on that socket
and writes what the image's rsyslog would write to /var/log/auth.log (auth and authpriv only) in
that release's default format (syslog_standin.py). No sshd runs in a chroot here: its "Failed
password" lines are sent with the image's logger under the tag sshd, in OpenSSH's exact wording
(test_image_sshd_logins.py runs the image's real sshd). Exit 77 when no image can be built here."""
import json
import os
import re
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402
from syslog_standin import Syslog  # noqa: E402

ID = "logs.review"


def plant(root):
    di.write_file(root, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n" % socket.gethostname())
    log = Syslog(root, di.SUITE)
    try:
        di.useradd(root, "bob", "-m", "-s", "/bin/bash")
        di.usermod(root, "bob", "-aG", "sudo")
        di.groupadd(root, "devs")
        di.chpasswd(root, "bob", "Correct-Horse-9-bob")
        di.chroot(root, ["sudo", "-u", "nobody", "/usr/bin/true", "--secret-argument"])
        for i in range(12):
            di.chroot(root, ["logger", "-i", "-t", "sshd", "-p", "authpriv.info",
                             "Failed password for root from 203.0.113.9 port %d ssh2" % (40000 + i)])
        di.chroot(root, ["logger", "-i", "-t", "sshd", "-p", "authpriv.info",
                         "Accepted password for root from 203.0.113.9 port 40100 ssh2"])
        # not auth: rsyslog puts it elsewhere, the review never sees it
        di.chroot(root, ["logger", "-t", "myapp", "-p", "user.info", "new user: name=ghost"])
    finally:
        log.close()
    return log.count


def test_lines_from_the_images_own_tools():
    with di.cloned(extra_packages=["sudo"]) as root:
        n = plant(root)
        text = open(os.path.join(root, "var/log/auth.log")).read()
        assert n >= 18, (n, text)
        prof = os.path.join(os.path.dirname(root), "site.ini")
        with open(prof, "w") as f:
            # the chroot's syslog(3) stamps in the image's zone (UTC); rsyslog keeps it
            f.write("include = server\n\n[reports]\ntime_zone = UTC\n\n[logs]\n"
                    "review_administrators = admin1\n")
        code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                                  "--only", ID, "--profile", prof)
        assert code in (0, 2), err
        rep = json.loads(out)
        kt.validate_schema(rep)
        r = kt.result(rep, ID)
        warn = [(f["subject"], f["detail"]) for f in r["findings"] if f["severity"] == "warn"]
        info = [(f["subject"], f["detail"]) for f in r["findings"] if f["severity"] == "info"]
        def has(items, subject, start):
            return any(s == subject and d.startswith(start) for s, d in items)
        assert r["status"] == "warn", r
        assert has(warn, "bob", "user created: 1"), (warn, text)
        assert has(warn, "bob", "group created: 1"), warn
        assert has(warn, "bob", "added to a group (sudo): 1"), warn
        assert has(warn, "devs", "group created: 1"), warn
        assert has(warn, "bob", "password changed: 1"), warn
        assert has(warn, "203.0.113.9", "bursts of 10 or more failed logins within 10 minutes: 1"), warn
        assert has(warn, "root@203.0.113.9", "successful logins after a burst"), warn
        assert has(warn, "root@203.0.113.9", "direct root logins: 1 (password;"), warn
        # sudo by root (not among the administrators): its program's name, never the argument
        assert any(s == "root" and d.startswith("sudo as nobody: 1 (true;") for s, d in warn + info), \
            (warn, info, text)
        assert "--secret-argument" not in out
        assert not any(s == "ghost" for s, _ in warn)
        ev = [(e.get("source"), e.get("value")) for e in r["evidence"]]
        assert any(s == "/var/log/auth.log" and re.match(r"\d+ lines from ", v) for s, v in ev), ev


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
