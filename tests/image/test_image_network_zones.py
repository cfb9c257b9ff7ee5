#!/usr/bin/python3
"""Real-image tests for network.access_control's subtle cases, with the image's own tools as the
oracles. firewalld: the bindings are made with the image's firewall-offline-cmd
(--add-interface, --add-source, --set-target, --set-default-zone) and its answers
(--get-zone-of-interface, --get-zone-of-source, --zone=Z --get-target, --list-all-zones) are
what kensa's evidence must say. iptables-persistent: the image's iptables-restore, run in a
throwaway network namespace, says whether a rules file with user chains loads at all, and the
kernel, once it is loaded there, whether a new connection no rule allows gets in. nftables:
nft -c -f says whether a configuration with includes inside blocks and define'd policies
loads. NetworkManager: its own nmcli --offline
writes the keyfile whose zone= kensa must follow. Runs on bookworm and trixie; exit 77 when no
image can be had. firewalld needs netbase (/etc/protocols) to load its own configuration, as on
any real Debian host."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

CHECK = "network.access_control"


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


def firewall_fails(r):
    return [f for f in r["findings"] if f["severity"] == "fail" and f["subject"] == "firewall"]


def fwcmd(root, *args, check=True):
    r = di.chroot(root, ["/usr/bin/firewall-offline-cmd", *args], check=False)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def zones_with_bindings(root):
    """--list-all-zones: {zone: (target, interfaces, sources)} for zones with a binding."""
    out = fwcmd(root, "--list-all-zones").stdout
    zones, name, fields = {}, None, {}

    def flush():
        if name and (fields.get("interfaces") or fields.get("sources")):
            zones[name] = (fields.get("target", ""), fields.get("interfaces", "").split(),
                           fields.get("sources", "").split())
    for line in out.splitlines():
        if line and not line[0].isspace():
            flush()
            name, fields = line.split()[0], {}
        elif ":" in line:
            k, _, v = line.strip().partition(":")
            fields[k.strip()] = v.strip()
    flush()
    return zones


def kensa_zones(r):
    """kensa's evidence "zone Z: target T, interfaces: ...; sources: ..." as the same mapping."""
    zones = {}
    for e in r["evidence"]:
        v = e["value"]
        if v.startswith("zone ") and ", interfaces: " in v:
            name, _, rest = v[5:].partition(": target ")
            target, _, rest = rest.partition(", interfaces: ")
            ifaces, _, sources = rest.partition("; sources: ")
            zones[name] = (target, [] if ifaces == "-" else ifaces.split(", "),
                           [] if sources == "-" else sources.split(", "))
    return zones


def agree(root, r):
    oracle = zones_with_bindings(root)
    mine = kensa_zones(r)
    assert mine == oracle, (mine, oracle)


def test_firewalld_zones_bound_with_firewall_offline_cmd():
    with di.cloned(extra_packages=["firewalld", "netbase"]) as root:
        assert fwcmd(root, "--get-default-zone").stdout.strip() == "public"
        assert fwcmd(root, "--zone=public", "--get-target").stdout.strip() == "default"
        r = audit(root)
        assert r["status"] == "pass" and "zone public: target default" in texts(r), r
        agree(root, r)
        # trusted (target ACCEPT, shipped in /usr/lib) on eth0: everything on eth0 is accepted
        fwcmd(root, "--zone=trusted", "--add-interface=eth0")
        assert fwcmd(root, "--get-zone-of-interface=eth0").stdout.strip() == "trusted"
        assert fwcmd(root, "--zone=trusted", "--get-target").stdout.strip() == "ACCEPT"
        assert os.path.exists(os.path.join(root, "etc/firewalld/zones/trusted.xml"))
        r = audit(root)
        assert r["status"] == "fail" and firewall_fails(r), r
        assert "zone trusted has target ACCEPT and takes every inbound connection on eth0: the " \
            "default zone does not apply there" in texts(r), r
        agree(root, r)
        # moved to a source of one network: an allow list of sources, information only
        fwcmd(root, "--zone=trusted", "--remove-interface=eth0")
        fwcmd(root, "--zone=trusted", "--add-source=192.0.2.0/24")
        assert fwcmd(root, "--get-zone-of-source=192.0.2.0/24").stdout.strip() == "trusted"
        r = audit(root)
        assert r["status"] == "pass" and not firewall_fails(r), r
        assert "zone trusted has target ACCEPT: every connection from 192.0.2.0/24 is accepted" in \
            texts(r), r
        agree(root, r)
        # internal on eth1 given target ACCEPT: the /etc copy replaces the shipped zone
        fwcmd(root, "--zone=internal", "--add-interface=eth1")
        fwcmd(root, "--zone=internal", "--set-target=ACCEPT")
        assert fwcmd(root, "--zone=internal", "--get-target").stdout.strip() == "ACCEPT"
        r = audit(root)
        assert r["status"] == "fail" and "zone internal has target ACCEPT" in texts(r), r
        agree(root, r)
        fwcmd(root, "--zone=internal", "--set-target=%%REJECT%%")
        assert fwcmd(root, "--zone=internal", "--get-target").stdout.strip() == "%%REJECT%%"
        r = audit(root)
        assert r["status"] == "pass", r
        agree(root, r)
        # the default zone itself: trusted
        fwcmd(root, "--set-default-zone=trusted")
        assert fwcmd(root, "--get-default-zone").stdout.strip() == "trusted"
        r = audit(root)
        assert r["status"] == "fail" and "zone trusted: target ACCEPT" in texts(r), r


def test_firewalld_zone_of_a_networkmanager_connection():
    # NetworkManager's own nmcli --offline writes the keyfile (what "nmcli connection add" would
    # store in /etc/NetworkManager/system-connections); NetworkManager hands firewalld its zone
    with di.cloned(extra_packages=["firewalld", "netbase", "network-manager"]) as root:
        path = "/etc/NetworkManager/system-connections/uplink.nmconnection"
        for zone, status in (("trusted", "fail"), ("internal", "pass"), ("", "pass")):
            args = ["/usr/bin/nmcli", "--offline", "connection", "add", "type", "ethernet",
                    "con-name", "uplink", "ifname", "eth0"]
            if zone:
                args += ["connection.zone", zone]
            keyfile = di.chroot(root, args).stdout
            assert ("zone=" + zone in keyfile) == bool(zone), keyfile
            kt.write(root, path, keyfile, 0o600)
            r = audit(root)
            assert r["status"] == status, (zone, r)
            if zone:
                assert "connection uplink (device eth0) in zone " + zone in texts(r), r
                assert kensa_zones(r)[zone][1] == ["eth0 (NetworkManager)"], r
            if zone == "trusted":
                assert "zone trusted has target ACCEPT and takes every inbound connection on eth0 " \
                    "(NetworkManager)" in texts(r), r
                assert fwcmd(root, "--zone=trusted", "--get-target").stdout.strip() == "ACCEPT"


# what iptables-save writes for a policy-ACCEPT host whose rules live in a user chain (no
# "-i lo -j ACCEPT": the kernel oracle below connects over the loopback interface)
CHAIN_V4 = ("# Generated by iptables-save v1.8.9 (nf_tables) on Thu Dec  3 04:00:00 2026\n*filter\n"
            ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:MYCHAIN - [0:0]\n"
            "-A INPUT -j MYCHAIN\n"
            "-A MYCHAIN -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            "-A MYCHAIN -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n"
            "-A MYCHAIN -j DROP\nCOMMIT\n# Completed on Thu Dec  3 04:00:00 2026\n")

# Run inside the namespace after the load: a TCP listener on 127.0.0.1 and a connection to it
# from 127.0.0.1, which no rule of the file allows: "open" when the kernel let the SYN in.
PROBE = r"""
import socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 2222)); srv.listen(1)
c = socket.socket(); c.settimeout(1.5)
try:
    c.connect(("127.0.0.1", 2222)); print("open")
except OSError:
    print("closed")
"""


def kernel_lets_in(root, load):
    """Load with the image's command (chroot ROOT LOAD) in a throwaway network namespace, then
    try a new TCP connection over loopback that no rule allows: "open" or "closed"."""
    unshare, ip = di.host_tool("unshare"), di.host_tool("ip")
    if not unshare or not ip:
        di.skip("no unshare or ip")
    script = "%s link set lo up && chroot %s %s && %s -c '%s'" % (
        ip, root, load, sys.executable, PROBE.replace("'", "'\\''"))
    r = subprocess.run([unshare, "--net", "/bin/sh", "-c", script], capture_output=True, text=True,
                       env=di.CHROOT_ENV)
    assert r.returncode == 0, (load, r.stderr)
    return r.stdout.strip()


def restores(root, prog, rules):
    """Does the image's iptables-restore load the file? --test is not enough with the nf_tables
    backend (Debian's default): it accepts a jump to a chain that does not exist, which the real
    load refuses ("Chain 'mychain' does not exist"). So the file is really loaded, into a
    throwaway network namespace (unshare --net): the host's ruleset is never touched."""
    unshare = di.host_tool("unshare")
    if not unshare:
        di.skip("no unshare")
    r = subprocess.run([unshare, "--net", "chroot", root, "/usr/sbin/" + prog, rules],
                       capture_output=True, text=True, env=di.CHROOT_ENV)
    return r.returncode == 0


def test_iptables_restore_and_user_chains():
    with di.cloned(extra_packages=["iptables-persistent"]) as root:
        cases = (
            ("jump to a chain ending in DROP", CHAIN_V4, True, "pass"),
            ("RETURN before the DROP", CHAIN_V4.replace("-A MYCHAIN -j DROP",
                                                        "-A MYCHAIN -j RETURN\n-A MYCHAIN -j DROP"), True, "fail"),
            ("goto a chain ending in REJECT", CHAIN_V4.replace("-A INPUT -j MYCHAIN", "-A INPUT -g MYCHAIN")
             .replace("-j DROP", "-j REJECT --reject-with icmp-port-unreachable"), True, "pass"),
            ("jump for UDP only", CHAIN_V4.replace("-A INPUT -j MYCHAIN", "-A INPUT -p udp -j MYCHAIN"),
             True, "fail"),
            ("ACCEPT before the DROP policy", CHAIN_V4.replace(":INPUT ACCEPT", ":INPUT DROP")
             .replace("-A INPUT -j MYCHAIN", "-A INPUT -j ACCEPT\n-A INPUT -j MYCHAIN"), True, "fail"),
            ("DROP policy after a chain that returns", CHAIN_V4.replace(":INPUT ACCEPT", ":INPUT DROP")
             .replace("-A MYCHAIN -j DROP", "-A MYCHAIN -j RETURN"), True, "pass"),
            ("undeclared chain", CHAIN_V4.replace(":MYCHAIN - [0:0]\n", "").replace("MYCHAIN", "mychain"),
             False, "fail"),
            ("undeclared upper-case chain", CHAIN_V4.replace(":MYCHAIN - [0:0]\n", ""), False, "fail"),
            ("a loop of conditional jumps", CHAIN_V4.replace("-A MYCHAIN -j DROP",
                                                             "-A MYCHAIN -p udp -j MYCHAIN\n-A MYCHAIN -j DROP"),
             False, "fail"),
        )
        for name, text, loads, status in cases:
            kt.write(root, "/etc/iptables/rules.v4", text, 0o640)
            kt.write(root, "/etc/iptables/rules.v6", text.replace("192.0.2.0/24", "2001:db8::/32")
                     .replace("icmp-port-unreachable", "icmp6-port-unreachable"), 0o640)
            ok4 = restores(root, "iptables-restore", "/etc/iptables/rules.v4")
            ok6 = restores(root, "ip6tables-restore", "/etc/iptables/rules.v6")
            assert ok4 == loads and ok6 == loads, (name, ok4, ok6)
            # the kernel's own answer: a file that denies by default lets no new connection in
            if loads:
                seen = kernel_lets_in(root, "/usr/sbin/iptables-restore /etc/iptables/rules.v4")
                assert seen == ("closed" if status == "pass" else "open"), (name, seen)
            r = audit(root)
            assert r["status"] == status, (name, r)
            assert ("iptables-restore refuses this file" in texts(r)) == (not loads), (name, r)


def nft_loads(root):
    return di.chroot(root, ["/usr/sbin/nft", "-c", "-f", "/etc/nftables.conf"], check=False).returncode == 0


def enable_nftables(root):
    link = os.path.join(root, "etc/systemd/system/sysinit.target.wants/nftables.service")
    unit = next(p for p in ("/usr/lib/systemd/system/nftables.service", "/lib/systemd/system/nftables.service")
                if os.path.exists(os.path.join(root, p.lstrip("/"))))
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if not os.path.lexists(link):
        os.symlink(unit, link)


def test_nft_c_for_includes_in_blocks_and_defines():
    with di.cloned(extra_packages=["nftables", "openssh-server"]) as root:
        enable_nftables(root)
        os.makedirs(os.path.join(root, "etc/nftables.d"), exist_ok=True)
        head = "#!/usr/sbin/nft -f\n\nflush ruleset\n\n"
        # no "iif lo accept": the kernel oracle connects over the loopback interface
        chain = ("chain input {\n\ttype filter hook input priority 0; policy $pol;\n"
                 "\tct state established,related accept\n\tip saddr 192.0.2.0/24 tcp dport 22 accept\n}\n")
        rules = "ip saddr 192.0.2.0/24 tcp dport 22 accept\ncounter drop\n"
        table_inc = 'table inet filter {\n\tinclude "/etc/nftables.d/*.nft"\n}\n'
        chain_inc = ('table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0;\n'
                     '\t\tinclude "/etc/nftables.d/*.nft"\n\t}\n}\n')
        cases = (
            ("chain included in the table", 'define pol = "drop"\n' + table_inc, chain, True, "pass"),
            ("policy accept by variable", 'define pol = "accept"\n' + table_inc, chain, True, "fail"),
            ("rules included in the chain", chain_inc, rules, True, "pass"),
            ("define in the table block", table_inc.replace("{\n", '{\n\tdefine pol = "drop"\n', 1),
             chain, True, "pass"),
            ("unquoted verdict", "define pol = drop\n" + table_inc, chain, False, "fail"),
            ("undefined variable", table_inc, chain, False, "fail"),
            ("redefinition", 'define pol = "drop"\ndefine pol = "accept"\n' + table_inc, chain, False, "fail"),
            ("redefine", 'define pol = "accept"\nredefine pol = "drop"\n' + table_inc, chain, True, "pass"),
        )
        for name, conf, inc, loads, status in cases:
            kt.write(root, "/etc/nftables.conf", head + conf, 0o755)
            kt.write(root, "/etc/nftables.d/10-input.nft", inc, 0o644)
            assert nft_loads(root) == loads, name
            if loads:
                # the kernel's own answer, with the file really loaded in a throwaway namespace
                seen = kernel_lets_in(root, "/usr/sbin/nft -f /etc/nftables.conf")
                assert seen == ("closed" if status == "pass" else "open"), (name, seen)
            r = audit(root)
            fw = "fail" if firewall_fails(r) else "pass"
            assert fw == status, (name, r)
            assert ("nft refuses this configuration" in texts(r)) == (not loads), (name, r)


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
