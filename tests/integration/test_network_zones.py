#!/usr/bin/python3
"""network.access_control where the OS's behaviour is subtle: firewalld zones other than the
default zone (interface and source bindings in zone files, the zone a NetworkManager keyfile or an
ifcfg file names), iptables-persistent's jumps to user chains, nftables includes inside blocks and
policy $variables. Real images with the OS tools as oracles:
tests/image/test_image_network_zones.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

CHECK = "network.access_control"


def run(root, *extra):
    _, rep = audit_json(root, "--only", CHECK, *extra)
    validate_schema(rep)
    return result(rep, CHECK)


def details(r, severity=None):
    return [f["detail"] for f in r["findings"] if severity is None or f["severity"] == severity]


def evidence(r):
    return " | ".join(e["value"] for e in with_shared_evidence(r)["evidence"])


def firewall_fails(r):
    return [d for d in details(r, "fail") if d.startswith("no host firewall")]


ZONES = "/etc/firewalld/zones/"
NM = "/etc/NetworkManager/system-connections/eth0.nmconnection"


def read(root, rel):
    with open(os.path.join(root, rel.lstrip("/"))) as f:
        return f.read()


def test_firewalld_bound_zones_are_evidence_and_a_narrow_trusted_source_is_info():
    root = scratch_root("netacl-firewalld")
    r = run(root)
    assert not firewall_fails(r), r
    ev = evidence(r)
    assert "zone public: target default, 3 services, 0 ports, 0 sources, 1 rich rules" in ev, ev
    assert "zone internal: target default, interfaces: eth1; sources: -" in ev, ev
    assert "zone trusted: target ACCEPT, interfaces: -; sources: 192.0.2.10/32" in ev, ev
    assert "zone trusted has target ACCEPT: every connection from 192.0.2.10/32 is accepted" in \
        details(r, "info"), r
    assert "firewalld: inbound default deny for IPv4 and IPv6, started at boot" in ev, ev


def test_firewalld_trusted_zone_on_an_interface_fails():
    root = scratch_root("netacl-firewalld")
    trusted = read(root, ZONES + "trusted.xml")
    write(root, ZONES + "trusted.xml", trusted.replace('  <source', '  <interface name="eth0"/>\n  <source'))
    r = run(root)
    assert r["status"] == "fail" and firewall_fails(r), r
    assert "zone trusted has target ACCEPT and takes every inbound connection on eth0: the default " \
        "zone does not apply there" in details(r, "warn"), r
    # the loopback interface is accepted whatever its zone: binding it changes nothing
    write(root, ZONES + "trusted.xml", trusted.replace('  <source', '  <interface name="lo"/>\n  <source'))
    assert not firewall_fails(run(root))
    # /etc replaces /usr/lib for a zone: a trusted zone given another target is not open
    write(root, ZONES + "trusted.xml", trusted.replace('target="ACCEPT"', 'target="%%REJECT%%"')
          .replace('  <source', '  <interface name="eth0"/>\n  <source'))
    r = run(root)
    assert not firewall_fails(r) and not details(r, "warn"), r
    assert "zone trusted: target %%REJECT%%, interfaces: eth0" in evidence(r), r


def test_firewalld_trusted_source_everyone_fails():
    root = scratch_root("netacl-firewalld")
    trusted = read(root, ZONES + "trusted.xml")
    write(root, ZONES + "trusted.xml", trusted.replace("192.0.2.10/32", "0.0.0.0/0"))
    r = run(root)
    assert r["status"] == "fail" and firewall_fails(r), r
    assert any("takes every inbound connection on 0.0.0.0/0" in d for d in details(r, "warn")), r
    # ::/0 opens IPv6 only: IPv4 is still denied by default, IPv6 is the warning
    write(root, ZONES + "trusted.xml", trusted.replace("192.0.2.10/32", "::/0"))
    r = run(root)
    assert not firewall_fails(r), r
    assert any(d.startswith("inbound IPv6 is not denied by default") for d in details(r, "warn")), r


def test_firewalld_zone_named_by_networkmanager_and_ifcfg():
    root = scratch_root("netacl-firewalld")
    conn = read(root, NM)
    write(root, NM, conn.replace("timestamp=1764720000\n", "timestamp=1764720000\nzone=trusted\n"), 0o600)
    r = run(root)
    assert r["status"] == "fail" and firewall_fails(r), r
    ev = evidence(r)
    assert "line 8: connection eth0 (device eth0) in zone trusted" in ev, ev
    assert "interfaces: eth0 (NetworkManager); sources: 192.0.2.10/32" in ev, ev
    # a zone firewalld does not have
    write(root, NM, conn.replace("[ethernet]", "zone=nosuch\n\n[ethernet]"), 0o600)
    r = run(root)
    assert "names zone nosuch, which firewalld does not have: firewalld refuses to put the device " \
        "in it" in details(r, "warn"), r
    # RHEL's ifcfg-rh file: ZONE=
    write(root, NM, conn, 0o600)
    write(root, "/etc/sysconfig/network-scripts/ifcfg-eth2",
          'TYPE=Ethernet\nBOOTPROTO=none\nNAME=eth2\nDEVICE=eth2\nONBOOT=yes\nZONE=trusted\n')
    r = run(root)
    assert r["status"] == "fail" and firewall_fails(r), r
    assert "line 6: connection eth2 (device eth2) in zone trusted" in evidence(r), r
    # an empty ZONE= is the default zone
    write(root, "/etc/sysconfig/network-scripts/ifcfg-eth2",
          'TYPE=Ethernet\nBOOTPROTO=none\nNAME=eth2\nDEVICE=eth2\nONBOOT=yes\nZONE=\n')
    assert not firewall_fails(run(root))


WANTS = "/etc/systemd/system/multi-user.target.wants/"


def iptables_root():
    root = scratch_root("netacl-nftables")
    os.unlink(os.path.join(root, "etc/nftables.conf"))
    os.makedirs(os.path.join(root, WANTS.lstrip("/")), exist_ok=True)
    os.symlink("/lib/systemd/system/netfilter-persistent.service",
               os.path.join(root, WANTS.lstrip("/"), "netfilter-persistent.service"))
    return root


# what iptables-save writes for a policy-ACCEPT host whose rules live in a user chain
CHAIN_V4 = ("# Generated by iptables-save v1.8.9 (nf_tables) on Thu Dec  3 04:00:00 2026\n*filter\n"
            ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:MYCHAIN - [0:0]\n"
            "-A INPUT -i lo -j ACCEPT\n-A INPUT -j MYCHAIN\n"
            "-A MYCHAIN -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            "-A MYCHAIN -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n"
            "-A MYCHAIN -j DROP\nCOMMIT\n# Completed on Thu Dec  3 04:00:00 2026\n")


def test_iptables_jump_to_a_chain_ending_in_drop_is_a_default_deny():
    root = iptables_root()
    write(root, "/etc/iptables/rules.v4", CHAIN_V4)
    write(root, "/etc/iptables/rules.v6", CHAIN_V4.replace("192.0.2.0/24", "2001:db8::/32"))
    r = run(root)
    assert r["status"] == "pass" and "iptables-persistent" in r["reason"], r
    assert "line 8: INPUT jumps to MYCHAIN, whose rule on line 11 drops or rejects every packet " \
        "that reaches it" in evidence(r), r
    # a RETURN before the DROP: the packet goes back to INPUT and its ACCEPT policy
    write(root, "/etc/iptables/rules.v4", CHAIN_V4.replace("-A MYCHAIN -j DROP", "-A MYCHAIN -j RETURN\n"
                                                          "-A MYCHAIN -j DROP"))
    r = run(root)
    assert r["status"] == "fail" and firewall_fails(r), r
    # a conditional jump decides nothing
    write(root, "/etc/iptables/rules.v4", CHAIN_V4.replace("-A INPUT -j MYCHAIN", "-A INPUT -p tcp -j MYCHAIN"))
    assert run(root)["status"] == "fail"
    # an unconditional ACCEPT before the jump: the DROP policy and the chain never apply
    write(root, "/etc/iptables/rules.v4", CHAIN_V4.replace(":INPUT ACCEPT", ":INPUT DROP")
          .replace("-A INPUT -i lo -j ACCEPT", "-A INPUT -j ACCEPT"))
    r = run(root)
    assert r["status"] == "fail", r
    assert "line 7: every packet no earlier rule took is accepted (unconditional ACCEPT in INPUT)" in \
        evidence(r), r


def test_nftables_include_inside_a_block_and_policy_variable():
    root = scratch_root("netacl-nftables")
    # the input chain comes from a file included inside the table block
    write(root, "/etc/nftables.conf", '#!/usr/sbin/nft -f\n\nflush ruleset\n\ndefine pol = "drop"\n\n'
          'table inet filter {\n\tinclude "/etc/nftables.d/*.nft"\n}\n')
    write(root, "/etc/nftables.d/10-ssh.nft", "chain input {\n\ttype filter hook input priority 0; "
          "policy $pol;\n\tiif lo accept\n\tct state established,related accept\n"
          "\tip saddr 192.0.2.0/24 tcp dport 22 accept\n}\n")
    r = run(root)
    assert r["status"] == "pass" and "nftables" in r["reason"], r
    assert "line 2: table inet filter chain input (hook input) policy drop" in evidence(r), r
    # rules included inside the chain
    write(root, "/etc/nftables.conf", '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n'
          '\tchain input {\n\t\ttype filter hook input priority 0;\n\t\tinclude "/etc/nftables.d/*.nft"\n'
          '\t}\n}\n')
    write(root, "/etc/nftables.d/10-ssh.nft", "iif lo accept\nip saddr 192.0.2.0/24 tcp dport 22 accept\n"
          "counter drop\n")
    r = run(root)
    assert r["status"] == "pass", r
    assert "line 3: table inet filter chain input (hook input) drops every packet" in evidence(r), r
    # define pol = drop (unquoted) is a syntax error for nft: nothing is loaded
    write(root, "/etc/nftables.conf", '#!/usr/sbin/nft -f\n\ndefine pol = drop\ntable inet filter {\n'
          '\tchain input {\n\t\ttype filter hook input priority 0; policy $pol;\n\t}\n}\n')
    r = run(root)
    assert r["status"] == "fail", r
    assert any("nft refuses this configuration (a verdict as a define value" in d for d in details(r)), r


if __name__ == "__main__":
    run_tests(globals())
