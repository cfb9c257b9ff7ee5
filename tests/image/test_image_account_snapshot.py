#!/usr/bin/python3
"""logs.review's comparison of the account files with the previous audit's snapshot, on real
Debian 12 and 13 images: accounts and groups changed between two audits with the image's own
useradd, usermod, userdel, passwd, chpasswd, chage, groupadd, groupdel, gpasswd — and one
account added by hand, as an editor would, which no tool logs. The oracle is the image itself:
its getent passwd/shadow/group/gshadow and passwd -S read before each audit; what changed
between those readings is what kensa must report, no more and no less. No hash may appear in
any file kensa writes. Exit 77 when no image can be built here."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

ID = "logs.review"

# kensa's wording of each kind of change (the start of a finding's detail)
KINDS = {
    "account created since": "user+",
    "account removed since": "user-",
    "UID changed since": "uid",
    "primary group changed since": "gid",
    "home directory changed since": "home",
    "login shell changed since": "shell",
    "password state changed since": "pwstate",
    "password changed since": "password",
    "password's last-change day changed since": "lastchg",
    "account expiry changed since": "expire",
    "group created since": "group+",
    "group removed since": "group-",
    "group's GID changed since": "ggid",
    "members added to the group since": "members+",
    "members removed from the group since": "members-",
}


def getent(root, db):
    out = di.chroot(root, ["/usr/bin/getent", db]).stdout
    return [line.split(":") for line in out.splitlines() if line]


def oracle(root):
    """The image's own view of its accounts and groups."""
    users = {f[0]: {"uid": f[2], "gid": f[3], "home": f[5], "shell": f[6]}
             for f in getent(root, "passwd")}
    for f in getent(root, "shadow"):
        if f[0] in users:
            users[f[0]].update(hash=f[1].lstrip("!"), lastchg=f[2], expire=f[7])
    # passwd -S: P usable, L locked, NP no password (shadow's own judgement)
    for line in di.chroot(root, ["/usr/bin/passwd", "-S", "-a"]).stdout.splitlines():
        f = line.split()
        if f and f[0] in users:
            users[f[0]]["status"] = f[1]
    groups = {f[0]: {"gid": f[2], "members": set(filter(None, f[3].split(",")))}
              for f in getent(root, "group")}
    for f in getent(root, "gshadow"):
        if f[0] in groups:
            groups[f[0]]["members"] |= set(filter(None, f[3].split(",")))
    return users, groups


def expected_changes(before, after):
    (ub, gb), (ua, ga) = before, after
    want = set()
    for name in ub.keys() - ua.keys():
        want.add((name, "user-"))
    for name in ua.keys() - ub.keys():
        want.add((name, "user+"))
    for name in ub.keys() & ua.keys():
        a, b = ub[name], ua[name]
        for key, kind in (("uid", "uid"), ("gid", "gid"), ("home", "home"), ("shell", "shell"),
                          ("status", "pwstate"), ("expire", "expire")):
            if a.get(key) != b.get(key):
                want.add((name, kind))
        if a.get("hash") and b.get("hash") and a["hash"] != b["hash"]:
            want.add((name, "password"))
        elif a.get("lastchg") != b.get("lastchg"):
            want.add((name, "lastchg"))
    for name in gb.keys() - ga.keys():
        want.add((name, "group-"))
    for name in ga.keys() - gb.keys():
        want.add((name, "group+"))
    for name in gb.keys() & ga.keys():
        a, b = gb[name], ga[name]
        if a["gid"] != b["gid"]:
            want.add((name, "ggid"))
        if b["members"] - a["members"]:
            want.add((name, "members+"))
        if a["members"] - b["members"]:
            want.add((name, "members-"))
    return want


def audit(root, rdir, prof):
    code, out, err = kt.kensa("audit", "--root", root, "--only", ID, "--lang", "en",
                              "--profile", prof, "--report-dir", rdir, "--quiet")
    assert code in (0, 2), err
    latest = max(glob.glob(os.path.join(rdir, "kensa-*.json")), key=os.path.getmtime)
    rep = json.load(open(latest))
    kt.validate_schema(rep)
    return out, kt.result(rep, ID)


def reported_changes(res):
    got = set()
    for f in res["findings"]:
        for start, kind in KINDS.items():
            if f["detail"].startswith(start):
                got.add((f["subject"], kind))
    return got


def test_changes_made_by_the_images_own_tools_and_by_hand():
    with di.cloned() as root:
        for name in ("alice", "bob", "carol", "dave", "frank"):
            di.useradd(root, name, "-m", "-s", "/bin/bash")
            di.chpasswd(root, name, "Kensa-image-pw-%s-1" % name)
        di.groupadd(root, "olds")
        di.chroot(root, ["/usr/sbin/usermod", "-aG", "olds", "frank"])
        d = os.path.dirname(root)
        rdir = os.path.join(d, "reports")
        prof = os.path.join(d, "site.ini")
        with open(prof, "w") as f:
            f.write("include = server\n\n[reports]\ntime_zone = UTC\n")

        before = oracle(root)
        _, res = audit(root, rdir, prof)
        assert any("no earlier account snapshot" in (e.get("value") or "")
                   for e in res["evidence"]), res["evidence"]
        assert reported_changes(res) == set(), res["findings"]

        # the image's own tools ...
        di.useradd(root, "eve", "-m", "-s", "/bin/bash")
        di.chroot(root, ["/usr/sbin/usermod", "-aG", "sudo", "eve"])
        di.chroot(root, ["/usr/bin/passwd", "-l", "alice"])
        di.chroot(root, ["/usr/sbin/usermod", "-o", "-u", "0", "bob"])
        di.chroot(root, ["/usr/bin/chage", "-E", "2030-01-01", "-d", "0", "carol"])
        di.chroot(root, ["/usr/sbin/usermod", "-g", "users", "carol"])
        di.chpasswd(root, "dave", "Kensa-image-pw-dave-2")
        di.chroot(root, ["/usr/sbin/usermod", "-d", "/srv/dave", "dave"])
        di.chroot(root, ["/usr/sbin/userdel", "frank"])
        di.groupadd(root, "staff2")
        di.chroot(root, ["/usr/bin/gpasswd", "-a", "carol", "staff2"])
        di.chroot(root, ["/usr/sbin/usermod", "-s", "/bin/sh", "daemon"])
        # ... and by hand, which nothing logs: a second root with no password
        with open(os.path.join(root, "etc/passwd"), "a") as f:
            f.write("toor:x:0:0::/root:/bin/bash\n")
        with open(os.path.join(root, "etc/shadow"), "a") as f:
            f.write("toor::20400:0:99999:7:::\n")
        after = oracle(root)
        want = expected_changes(before, after)
        # the planted conditions are all in the oracle's view (the test is not vacuous)
        for must in (("eve", "user+"), ("sudo", "members+"), ("alice", "pwstate"),
                     ("bob", "uid"), ("carol", "expire"), ("carol", "lastchg"),
                     ("carol", "gid"), ("dave", "password"), ("dave", "home"),
                     ("frank", "user-"), ("frank", "group-"), ("olds", "members-"),
                     ("staff2", "group+"), ("daemon", "shell"), ("toor", "user+")):
            assert must in want, (must, sorted(want))

        out, res = audit(root, rdir, prof)
        got = reported_changes(res)
        assert got == want, ("missing", sorted(want - got), "extra", sorted(got - want))
        sev = {(f["subject"], f["detail"].split(" since")[0]): f["severity"]
               for f in res["findings"]}
        assert sev[("toor", "account created")] == "warn", sev
        assert sev[("bob", "UID changed")] == "warn", sev
        assert sev[("alice", "password state changed")] == "info", sev  # locked
        assert sev[("dave", "password changed")] == "info", sev
        assert sev[("sudo", "members added to the group")] == "warn", sev
        assert "toor: account created since" in out, out  # the cron mail names it
        ev = [e.get("value") or "" for e in res["evidence"]]
        assert any(v.startswith("compared with their state at the previous report (")
                   for v in ev), ev
        # nothing of a hash in what kensa keeps or reports
        hashes = [u["hash"] for u in list(before[0].values()) + list(after[0].values())
                  if len(u.get("hash", "")) > 20]
        assert len(hashes) >= 6, hashes
        for path in glob.glob(os.path.join(rdir, "*")):
            data = open(path, errors="replace").read()
            for h in hashes:
                assert h not in data and h.split("$")[-1] not in data, path

        # a third audit with nothing changed: nothing to report
        _, res = audit(root, rdir, prof)
        assert reported_changes(res) == set(), res["findings"]


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
