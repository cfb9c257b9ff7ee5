#!/usr/bin/python3
"""updates.pending on real Debian images (bookworm and trixie): the image's sources.list gains the
security archive and the image's own apt-get update fetches the lists; kensa must name exactly the
security updates that the image's own `apt list --upgradable` (the oracle) names, then pass after
the image's own `apt-get upgrade`. A planted older version (dpkg status of the upgraded clone set
back to the main archive's version) keeps the test meaningful on a day when the security archive
has nothing pending for minbase. Exit 77 when no image or no mirror can be had."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

ID = "updates.pending"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"


def audit(root):
    # No --as-of: the lists were fetched just now, so "now" is the day to judge their age by.
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--only", ID)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.result(rep, ID)


def apt_upgradable(root):
    """{package: (candidate version, [suites])} from the image's own apt."""
    r = di.chroot(root, ["apt", "list", "--upgradable"])
    out = {}
    for line in r.stdout.splitlines():
        m = re.match(r"^([^/\s]+)/(\S+) (\S+) (\S+) \[upgradable from: ([^\]]+)\]", line)
        if m:
            out[m.group(1)] = (m.group(3), m.group(2).split(","), m.group(5))
    return out


def add_security_and_update(root):
    suite = di.SUITE
    # The image's resolv.conf points at a documentation address (debian_image._normalize): the
    # clone borrows the host's so its own apt can reach the mirror.
    with open("/etc/resolv.conf") as f:
        kt.write(root, "/etc/resolv.conf", f.read())
    with open(os.path.join(root, "etc/apt/sources.list"), "a") as f:
        f.write(f"deb {SECURITY_MIRROR} {suite}-security main\n")
    r = di.chroot(root, ["apt-get", "update"], check=False)
    if r.returncode != 0 or "Err:" in r.stdout:
        raise kt.Skip(f"apt-get update in the image failed: {(r.stdout + r.stderr)[-300:]}")


def by_severity(r, sev):
    return {f["subject"]: f["detail"] for f in r["findings"] if f["severity"] == sev}


def assert_agrees_with_apt(root, r):
    apt = apt_upgradable(root)
    apt_security = {n for n, (_, suites, _) in apt.items() if any(s.endswith("-security") for s in suites)}
    fails = by_severity(r, "fail")
    infos = by_severity(r, "info")
    # Every package apt would upgrade from the security archive fails, with apt's versions ...
    for n in apt_security:
        assert n in fails, (n, apt[n], fails)
        cand, _, installed = apt[n]
        assert cand in fails[n] and installed in fails[n], (n, apt[n], fails[n])
    # ... and kensa names no package that apt would not upgrade.
    assert set(fails) | set(infos) == set(apt), (sorted(fails), sorted(infos), apt)
    return apt_security


def test_pending_security_updates_match_apt_then_pass_after_upgrade():
    with di.cloned() as root:
        r = audit(root)
        # minbase's sources.list names only the main suite: no security archive is known.
        assert not by_severity(r, "fail"), r
        add_security_and_update(root)
        r = audit(root)
        apt_security = assert_agrees_with_apt(root, r)
        if apt_security:
            assert r["status"] == "fail", r
            di.log("pending security updates named by apt and kensa: " + ", ".join(sorted(apt_security)))
        else:
            di.log("the security archive has nothing pending for minbase today")
        sec_list = [e for e in r["evidence"] if "-security_main_binary-" in (e["source"] or "")]
        assert sec_list and "security archive" in sec_list[0]["value"], r["evidence"]

        up = di.chroot(root, ["apt-get", "upgrade", "-y"], check=False)
        assert up.returncode == 0, up.stdout[-2000:] + up.stderr[-2000:]
        assert not apt_upgradable(root)
        r = audit(root)
        assert r["status"] == "pass", r

        # Plant: set one package back to the main archive's version in the dpkg status, as if
        # it had not been upgraded; apt and kensa must both see the security update again.
        status_path = os.path.join(root, "var/lib/dpkg/status")
        lists = os.path.join(root, "var/lib/apt/lists")
        sec_file = [f for f in os.listdir(lists) if f.endswith("-security_main_binary-amd64_Packages")][0]
        main_file = [f for f in os.listdir(lists) if f.endswith(f"_dists_{di.SUITE}_main_binary-amd64_Packages")][0]

        def versions(path):
            out, name = {}, None
            with open(path, errors="replace") as f:
                for line in f:
                    if line.startswith("Package: "):
                        name = line[9:].strip()
                    elif line.startswith("Version: ") and name:
                        out.setdefault(name, line[9:].strip())
            return out
        sec_v, main_v = versions(os.path.join(lists, sec_file)), versions(os.path.join(lists, main_file))
        with open(status_path) as f:
            status = f.read()
        stanzas = status.split("\n\n")
        planted = None
        for i, st in enumerate(stanzas):
            m = re.search(r"^Package: (\S+)$", st, re.M)
            v = re.search(r"^Version: (\S+)$", st, re.M)
            if m and v and m.group(1) in sec_v and m.group(1) in main_v and \
                    sec_v[m.group(1)] == v.group(1) and main_v[m.group(1)] != v.group(1):
                planted = (m.group(1), main_v[m.group(1)], v.group(1))
                stanzas[i] = st.replace("Version: " + v.group(1), "Version: " + main_v[m.group(1)])
                break
        if planted is None:
            raise kt.Skip("no installed package has a security version newer than main's")
        with open(status_path, "w") as f:
            f.write("\n\n".join(stanzas))
        r = audit(root)
        apt_security = assert_agrees_with_apt(root, r)
        assert planted[0] in apt_security, (planted, apt_upgradable(root))
        assert r["status"] == "fail", r
        d = by_severity(r, "fail")[planted[0]]
        assert planted[1] in d and planted[2] in d, (planted, d)


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
