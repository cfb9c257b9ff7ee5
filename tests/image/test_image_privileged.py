#!/usr/bin/python3
"""accounts.privileged on real Debian images with sudo (bookworm and trixie): accounts made with
the image's own useradd/usermod, sudoers drop-ins checked by the image's own `visudo -c`, and
kensa's administrators held against the image's own sudo: `sudo -l -U USER /usr/bin/id` (exit 0:
sudo lets USER run any command as root) for who can become root, and the `sudo -l -U USER`
listing (NOPASSWD, Defaults !authenticate) for who can do so without a password.
Exit 77 when no image can be built here."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

ID = "accounts.privileged"
SUDO = ["sudo"]
PEOPLE = ["alice", "bob", "carol", "dave", "erin", "vendor"]
DROPINS = {
    "10-bob": "bob ALL=(ALL) NOPASSWD: ALL\n",
    "20-ops": "User_Alias OPS = carol, vendor\nDefaults:carol !authenticate\nOPS ALL = (root) ALL\n",
    "30-dave": "dave ALL=(ALL) !ALL\n",
    "40-erin": "Cmnd_Alias WEB = /usr/bin/systemctl restart nginx\nerin ALL=(root) WEB\n",
    # sudo skips names with a '.' or ending in '~': nobody below becomes root
    "README.txt": "erin ALL=(ALL) NOPASSWD: ALL\n",
    "50-old~": "erin ALL=(ALL) NOPASSWD: ALL\n",
}


def plant(root):
    # sudo looks up the host name it runs on (the build host's, in a chroot): a real system has
    # it in /etc/hosts; without it every `sudo -l` waits for the image's unreachable resolver
    import socket
    di.write_file(root, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n" % socket.gethostname())
    for u in PEOPLE:
        di.useradd(root, u, "-m", "-s", "/bin/bash")
        di.chpasswd(root, u, "Correct-Horse-9-" + u)
    di.usermod(root, "alice", "-aG", "sudo")
    di.usermod(root, "dave", "-aG", "sudo")
    for name, text in DROPINS.items():
        di.write_file(root, "/etc/sudoers.d/" + name, text, mode=0o440)
    r = di.chroot(root, ["visudo", "-c"])
    assert "parsed OK" in r.stdout and "README.txt" not in r.stdout, r.stdout


def sudo_oracle(root, user):
    """(can run any command as root, without a password) according to the image's sudo."""
    any_cmd = di.chroot(root, ["sudo", "-l", "-U", user, "/usr/bin/id"], check=False).returncode == 0
    listing = di.chroot(root, ["sudo", "-l", "-U", user], check=False).stdout
    defaults, _, rules = listing.partition("may run the following commands")
    nopasswd = any_cmd and (re.search(r"\)\s+NOPASSWD:\s+ALL\s*$", rules, re.M) is not None
                            or "!authenticate" in defaults)
    return any_cmd, nopasswd


def audit(root, profile):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--only", ID, "--profile", profile)
    assert code in (0, 2), err
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.result(rep, ID)


def test_administrators_match_sudo_itself():
    with di.cloned(extra_packages=SUDO) as root:
        plant(root)
        prof = os.path.join(os.path.dirname(root), "site.ini")
        with open(prof, "w") as f:
            f.write("include = server\n\n[accounts]\nadmins = alice, vendor\n")
        r = audit(root, prof)
        admins = set(r["reason"].split(": ", 1)[1].split(", "))
        oracle_admins, oracle_nopasswd = {"root"}, set()
        for u in PEOPLE:
            full, nopw = sudo_oracle(root, u)
            if full:
                oracle_admins.add(u)
            if nopw:
                oracle_nopasswd.add(u)
        assert oracle_admins == {"root", "alice", "bob", "carol", "vendor"}, oracle_admins
        assert admins == oracle_admins, (admins, oracle_admins)
        fails = {}
        for f in r["findings"]:
            if f["severity"] == "fail":
                fails.setdefault(f["subject"], []).append(f["detail"])
        nopw = {u for u, ds in fails.items() if any("without a password" in d for d in ds)}
        assert nopw == oracle_nopasswd == {"bob", "carol"}, (nopw, oracle_nopasswd)
        unexpected = {u for u, ds in fails.items() if any("not an expected" in d for d in ds)}
        assert unexpected == {"bob", "carol"}, fails
        assert r["status"] == "fail", r
        # Drop the unexpected grants with the image's own tools: sudo and kensa agree on a pass.
        for name in ("10-bob", "20-ops"):
            os.unlink(os.path.join(root, "etc/sudoers.d", name))
        di.write_file(root, "/etc/sudoers.d/20-ops", "vendor ALL = (root) ALL\n", mode=0o440)
        di.chroot(root, ["visudo", "-c"])
        r = audit(root, prof)
        assert r["status"] == "pass", r
        assert {u for u in PEOPLE if sudo_oracle(root, u)[0]} | {"root"} == \
            set(r["reason"].split(": ", 1)[1].split(", ")), r["reason"]


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
