#!/usr/bin/python3
"""Real-image tests for network.access_control, with the image's own tools as the oracles: the
image's `sshd -T` says which PermitRootLogin, PasswordAuthentication, AllowUsers/AllowGroups and
ListenAddress sshd really uses (Include drop-ins, first value wins, Match blocks only with -C), and
`nft -c -f /etc/nftables.conf` says whether nft would load the file at all (-c checks without
committing anything: it needs no change to the host's ruleset). The nftables unit is enabled the
way its package's maintainer scripts would, with the image's deb-systemd-helper. ufw's own
command writes its policy and rules, iptables-restore --test says whether rules.v4 loads, and
firewalld's shipped zones are read as Debian installs them. Runs on bookworm and trixie. Exit 77
when no image can be had."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

EXTRA = ["nftables", "openssh-server"]
CHECK = "network.access_control"
EXAMPLE = "/usr/share/doc/nftables/examples/workstation.nft"


def audit(root):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", CHECK)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.with_shared_evidence(next(r for r in rep["results"] if r["id"] == CHECK))


def texts(r):
    out = [e["value"] for e in r["evidence"]]
    for f in r["findings"]:
        out.append(f["detail"])
        out += [e["value"] for e in f.get("evidence", [])]
    return " | ".join(out)


def sshd_T(root, *conn):
    os.makedirs(os.path.join(root, "run", "sshd"), exist_ok=True)
    argv = ["/usr/sbin/sshd", "-T", "-f", "/etc/ssh/sshd_config"]
    if conn:
        argv += ["-C", ",".join(conn)]
    r = di.chroot(root, argv)
    values = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(" ")
        values.setdefault(k, []).append(v)
    return values


def prepare(root):
    import socket
    kt.write(root, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n" % socket.gethostname(), 0o644)


def nft_loads(root):
    return di.chroot(root, ["/usr/sbin/nft", "-c", "-f", "/etc/nftables.conf"], check=False).returncode == 0


def test_sshd_T_is_the_oracle_for_the_sshd_settings():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        t = sshd_T(root)
        # Debian's stock configuration: passwords accepted (the default), root by key only
        assert t["passwordauthentication"] == ["yes"], t
        assert t["permitrootlogin"][0] in ("without-password", "prohibit-password"), t
        r = audit(root)
        assert "passwords are accepted over SSH (PasswordAuthentication not set" in texts(r), r
        assert "PermitRootLogin not set (sshd's default: prohibit-password)" in texts(r), r
        # a drop-in read at the Include (top of Debian's file) wins over the main file's values
        kt.write(root, "/etc/ssh/sshd_config.d/10-site.conf",
                 "PasswordAuthentication no\nPermitRootLogin yes\nAllowUsers alice admin@192.0.2.0/24\n"
                 "AllowGroups sshusers\nListenAddress 127.0.0.1\n\nMatch User bob\n"
                 "\tPasswordAuthentication yes\n", 0o644)
        with open(os.path.join(root, "etc/ssh/sshd_config"), "a") as f:
            f.write("PasswordAuthentication yes\nPermitRootLogin no\nAllowUsers carol\n")
        t = sshd_T(root)
        assert t["passwordauthentication"] == ["no"] and t["permitrootlogin"] == ["yes"], t
        # AllowUsers adds up across lines (sshd appends; first-wins does not apply)
        assert set(t["allowusers"]) == {"alice", "admin@192.0.2.0/24", "carol"}, t
        assert t["listenaddress"] == ["127.0.0.1:22"], t
        r = audit(root)
        assert r["status"] == "fail", r
        fails = [f for f in r["findings"] if f["severity"] == "fail"]
        assert [f["subject"] for f in fails] == ["firewall", "sshd"], r
        assert fails[1]["detail"] == "root may log in over SSH with a password (PermitRootLogin yes)"
        all_text = texts(r)
        assert "passwords are accepted" not in all_text.split("Match User bob")[0], r
        assert "line 2: PermitRootLogin yes" in all_text and "line 1: PasswordAuthentication no" in all_text
        for user in t["allowusers"]:
            assert "AllowUsers " in all_text and user in all_text, (user, all_text)
        assert "line 5: ListenAddress 127.0.0.1" in all_text, r
        # the Match block: sshd -T applies it only for a matching connection; kensa lists it as such
        bob = sshd_T(root, "user=bob", "host=client", "addr=192.0.2.9")
        assert bob["passwordauthentication"] == ["yes"], bob
        assert 'PasswordAuthentication yes for connections matching "Match User bob" only' in all_text, r


def test_nft_c_is_the_oracle_for_loading_and_the_default_deny():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        # Debian's stock file loads, and accepts everything
        assert nft_loads(root)
        r = audit(root)
        assert r["status"] == "fail" and "policy accept, no final drop or reject" in texts(r), r
        # Debian's workstation example ends in "counter drop": nft loads it, kensa sees the deny,
        # but the unit is not enabled yet
        with open(os.path.join(root, EXAMPLE.lstrip("/"))) as f:
            example = f.read()
        kt.write(root, "/etc/nftables.conf", example + '\ninclude "/etc/nftables.d/*.nft"\n', 0o755)
        kt.write(root, "/etc/nftables.d/10-ssh.nft",
                 "insert rule inet filter input ip saddr 192.0.2.0/24 tcp dport 22 accept\n", 0o644)
        assert nft_loads(root)
        r = audit(root)
        assert r["status"] == "fail" and "but is not started at boot" in texts(r), r
        # as nftables' postinst would (the helper refuses to run outside a maintainer script)
        di.chroot(root, ["/usr/bin/env", "DPKG_MAINTSCRIPT_PACKAGE=nftables",
                         "DPKG_MAINTSCRIPT_NAME=postinst", "/usr/bin/deb-systemd-helper", "enable",
                         "nftables.service"])
        link = os.path.join(root, "etc/systemd/system/sysinit.target.wants/nftables.service")
        if not os.path.lexists(link):
            # trixie's helper only records the state (/var/lib/systemd/deb-systemd-helper-enabled)
            # and leaves the link to systemctl, which a minbase image lacks: make the link
            # `systemctl enable` makes, to the unit where the package installed it
            unit = next(p for p in ("/usr/lib/systemd/system/nftables.service",
                                    "/lib/systemd/system/nftables.service")
                        if os.path.exists(os.path.join(root, p.lstrip("/"))))
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(unit, link)
        r = audit(root)
        assert "nftables: inbound default deny for IPv4 and IPv6, started at boot" in texts(r), r
        assert r["findings"] and all(f["subject"] == "sshd" for f in r["findings"]), r
        # what nft refuses, kensa says nft refuses (and counts nothing of it)
        broken = {
            "missing brace": example.replace("\t\tcounter drop\n\t}\n", "\t\tcounter drop\n"),
            "unknown chain": example + "add rule inet filter nosuchchain drop\n",
            "missing include": example + 'include "/etc/nftables.d/none.nft"\n',
        }
        for what, text in broken.items():
            kt.write(root, "/etc/nftables.conf", text, 0o755)
            assert not nft_loads(root), what
            r = audit(root)
            assert "nft refuses this configuration" in texts(r), (what, r)
            assert r["status"] == "fail", (what, r)


def test_ufw_iptables_persistent_and_firewalld_as_their_packages_leave_them():
    # ufw: the package enables ufw.service but ships ENABLED=no; its own command writes the policy
    with di.cloned(extra_packages=["ufw"]) as root:
        r = audit(root)
        assert r["status"] == "fail" and "ENABLED=no" in texts(r), r
        di.chroot(root, ["/usr/sbin/ufw", "default", "deny", "incoming"])
        di.chroot(root, ["/usr/sbin/ufw", "allow", "from", "192.0.2.0/24", "to", "any", "port", "22",
                         "proto", "tcp"])
        conf = os.path.join(root, "etc/ufw/ufw.conf")
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:  # what "ufw enable" writes before it loads the rules
            f.write(text.replace("ENABLED=no", "ENABLED=yes"))
        r = audit(root)
        assert r["status"] == "pass" and "ufw" in r["reason"], r
        # an IPv4 source: ufw writes the rule to user.rules only
        assert "1 ufw rules (IPv4), 0 (IPv6)" in texts(r), r
    # iptables-persistent: iptables-restore --test is the oracle for what it would load
    with di.cloned(extra_packages=["iptables-persistent"]) as root:
        r = audit(root)
        assert r["status"] == "fail", r
        good = ("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                "-A INPUT -i lo -j ACCEPT\n-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n"
                "COMMIT\n")
        for name, text, loads in (("good", good, True),
                                  ("quote", good.replace("-j ACCEPT\nCOMMIT", '-j ACCEPT "\nCOMMIT'), False),
                                  ("no commit", good.replace("COMMIT\n", ""), False)):
            for rules in ("rules.v4", "rules.v6"):
                kt.write(root, "/etc/iptables/" + rules, text.replace("192.0.2.0/24", "192.0.2.0/24"
                         if rules == "rules.v4" else "2001:db8::/32"), 0o640)
            ok = di.chroot(root, ["/usr/sbin/iptables-restore", "--test", "/etc/iptables/rules.v4"],
                           check=False).returncode == 0
            assert ok == loads, name
            r = audit(root)
            assert (r["status"] == "pass") == loads, (name, r)
            assert ("iptables-restore refuses this file" in texts(r)) == (not loads), (name, r)
    # firewalld: Debian enables it with the public zone (target default: rejects the rest)
    with di.cloned(extra_packages=["firewalld"]) as root:
        r = audit(root)
        assert r["status"] == "pass" and "zone public: target default" in texts(r), r
        zone = os.path.join(root, "usr/lib/firewalld/zones/trusted.xml")
        with open(os.path.join(root, "etc/firewalld/firewalld.conf")) as f:
            conf = f.read()
        kt.write(root, "/etc/firewalld/firewalld.conf",
                 conf.replace("DefaultZone=public", "DefaultZone=trusted"), 0o644)
        assert 'target="ACCEPT"' in open(zone).read()
        r = audit(root)
        assert r["status"] == "fail" and "zone trusted: target ACCEPT" in texts(r), r


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
