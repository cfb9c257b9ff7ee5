#!/usr/bin/python3
"""network.access_control (2-⑬) on fixture roots: the four host firewalls' files and whether
their service starts at boot, IPv4 and IPv6, nft's all-or-nothing loading, and sshd's effective
configuration (Include, first value wins, Match blocks). Real images with nft -c and sshd -T as
oracles: tests/image/test_image_network.py."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "helpers"))
from kensatest import *  # noqa: E402,F403
import make_windows_root as mw  # noqa: E402

CHECK = "network.access_control"
WANTS = "/etc/systemd/system/multi-user.target.wants/"


def run(root, *extra):
    _, rep = audit_json(root, "--only", CHECK, *extra)
    validate_schema(rep)
    return result(rep, CHECK), rep


def details(r, severity=None):
    return [f["detail"] for f in r["findings"] if severity is None or f["severity"] == severity]


def evidence(r):
    return " | ".join(e["value"] for e in with_shared_evidence(r)["evidence"])


def no_nftables(root):
    os.unlink(os.path.join(root, "etc/nftables.conf"))


def enable(root, unit, target="multi-user.target"):
    link = os.path.join(root, "etc/systemd/system", target + ".wants", unit)
    os.makedirs(os.path.dirname(link), exist_ok=True)
    os.symlink("/lib/systemd/system/" + unit, link)


def profile(root, text):
    path = os.path.join(os.path.dirname(root), "p.ini")
    with open(path, "w") as f:
        f.write("include = server\n[network]\n" + text)
    return path


def test_nftables_workstation_example_with_include_passes_and_row_is_yes():
    r, rep = run(scratch_root("netacl-nftables"))
    assert r["status"] == "pass", r
    assert r["reason"] == "inbound connections denied by default by nftables (IPv4 and IPv6)", r
    ev = evidence(r)
    assert "line 23: table inet filter chain input (hook input) drops every packet" in ev, ev
    assert "/etc/nftables.d/10-ssh.nft" in [e["source"] for e in r["evidence"]], r
    assert "nftables.service: enabled (via /etc/systemd/system/sysinit.target.wants/" in ev, ev
    # sshd: the drop-in's values, and the Match block's as conditional information
    assert "line 2: PasswordAuthentication no" in ev and "line 3: AllowGroups sshusers" in ev, ev
    info = details(r, "info")
    assert info == ['PermitRootLogin prohibit-password for connections matching "Match Address '
                    '192.0.2.10" only'], info
    row = next(i for i in rep["items"] if i["id"] == "2-13")
    assert row["answer"] == "yes", row


def test_nftables_not_enabled_or_accepting_or_refused_is_no_firewall():
    root = scratch_root("netacl-nftables")
    os.unlink(os.path.join(root, "etc/systemd/system/sysinit.target.wants/nftables.service"))
    r, rep = run(root)
    assert r["status"] == "fail", r
    assert "but is not started at boot" in " ".join(details(r, "info")), r
    assert next(i for i in rep["items"] if i["id"] == "2-13")["answer"] == "no"
    # Debian's stock nftables.conf: an input chain without policy drop
    root = scratch_root("netacl-nftables")
    write(root, "/etc/nftables.conf", "#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n"
          "\tchain input {\n\t\ttype filter hook input priority filter;\n\t}\n}\n")
    r, _ = run(root)
    assert r["status"] == "fail" and "policy accept, no final drop or reject" in evidence(r), r
    # a conditional drop is not a default deny; "flush ruleset" after a table forgets it
    write(root, "/etc/nftables.conf", "table inet filter {\n chain input {\n"
          "  type filter hook input priority 0; policy drop;\n }\n}\nflush ruleset\n"
          "table inet filter {\n chain input {\n  type filter hook input priority 0;\n"
          "  tcp dport 23 drop\n  ip saddr { 10.0.0.0/8,\n 192.0.2.0/24 } counter reject\n }\n}\n")
    r, _ = run(root)
    assert r["status"] == "fail", r
    # one missing brace: nft -f refuses the file and loads nothing
    conf = open(os.path.join(ROOTS, "netacl-nftables/etc/nftables.conf")).read()
    write(root, "/etc/nftables.conf", conf.replace("\t\tcounter drop\n\t}\n", "\t\tcounter drop\n"))
    r, _ = run(root)
    assert r["status"] == "fail", r
    assert any("nft refuses this configuration (a block is not closed" in d for d in details(r)), r
    # an include that does not exist stops nft too
    write(root, "/etc/nftables.conf", conf.replace('"/etc/nftables.d/*.nft"', '"/etc/missing.nft"'))
    r, _ = run(root)
    assert any("included file not found" in d for d in details(r)), r


def test_ipv4_only_table_warns_unless_the_profile_allows_it():
    root = scratch_root("netacl-nftables")
    write(root, "/etc/nftables.conf", "#!/usr/sbin/nft -f\nflush ruleset\nadd table ip filter\n"
          "add chain ip filter input { type filter hook input priority 0 ; policy drop ; }\n"
          "add rule ip filter input ct state established,related accept\n")
    r, _ = run(root)
    assert r["status"] == "warn", r
    assert details(r, "warn") == ["inbound IPv6 is not denied by default (nftables): IPv6 "
                                  "connections bypass the IPv4 rules"], r
    r, _ = run(root, "--profile", profile(root, "require_ipv6_filtering = false\n"))
    assert r["status"] == "pass", r


def test_iptables_persistent_rules_v4_and_v6():
    root = scratch_root("netacl-nftables")
    no_nftables(root)
    enable(root, "netfilter-persistent.service")
    write(root, "/etc/iptables/rules.v4", "# Generated by iptables-save v1.8.9 (nf_tables)\n*filter\n"
          ":INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
          "-A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n"
          "-A INPUT -m comment --comment \"default deny\" -j REJECT --reject-with icmp-host-prohibited\n"
          "COMMIT\n# Completed\n")
    r, _ = run(root)
    assert r["status"] == "warn", r  # no rules.v6
    assert "line 9: INPUT ends with an unconditional DROP or REJECT" in evidence(r), r
    write(root, "/etc/iptables/rules.v6", "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
          ":OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n")
    r, _ = run(root)
    assert r["status"] == "pass" and "iptables-persistent" in r["reason"], r
    write(root, "/etc/iptables/rules.v6", "*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT \"\n")
    r, _ = run(root)
    assert r["status"] == "warn", r
    assert any("iptables-restore refuses this file (unterminated quote)" in d for d in details(r)), r


def test_ufw_needs_enabled_yes_and_a_drop_policy():
    root = scratch_root("netacl-nftables")
    no_nftables(root)
    enable(root, "ufw.service")
    write(root, "/etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\n#\n\n# Set to yes to start on boot. If "
          "setting this remotely, be sure to add a rule\n# to allow your remote connection before "
          "starting ufw. Eg: 'ufw allow 22/tcp'\nENABLED=no\n\n# Please use the 'ufw' command to "
          "set the loglevel. Eg: 'ufw logging medium'.\n# See 'man ufw' for details.\nLOGLEVEL=low\n")
    write(root, "/etc/default/ufw", "# /etc/default/ufw\n#\n\n# Set to yes to apply rules to support "
          "IPv6 (no means only IPv6 on loopback\n# accepted). You will need to 'disable' and then "
          "'enable' the firewall for\n# the changes to take affect.\nIPV6=yes\n\n# Set the default "
          "input policy to ACCEPT, DROP, or REJECT. Please note that if\n# you change this you "
          "will most likely want to adjust your rules.\nDEFAULT_INPUT_POLICY=\"DROP\"\n")
    r, _ = run(root)
    assert r["status"] == "fail" and "line 6: ENABLED=no" in evidence(r), r
    conf = open(os.path.join(root, "etc/ufw/ufw.conf")).read()
    write(root, "/etc/ufw/ufw.conf", conf.replace("ENABLED=no", "ENABLED=yes"))
    write(root, "/etc/ufw/user.rules", "*filter\n### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 "
          "any 192.0.2.0/24 in\n-A ufw-user-input -p tcp --dport 22 -s 192.0.2.0/24 -j ACCEPT\n"
          "\n### END RULES ###\nCOMMIT\n")
    r, _ = run(root)
    assert r["status"] == "pass", r
    assert "1 ufw rules (IPv4), 0 (IPv6)" in evidence(r), r
    dflt = open(os.path.join(root, "etc/default/ufw")).read()
    write(root, "/etc/default/ufw", dflt.replace("IPV6=yes", "IPV6=no"))
    assert run(root)[0]["status"] == "warn"
    write(root, "/etc/default/ufw", dflt.replace('"DROP"', '"ACCEPT"'))
    assert run(root)[0]["status"] == "fail"


def test_firewalld_default_zone_target():
    root = scratch_root("netacl-nftables")
    no_nftables(root)
    enable(root, "firewalld.service")
    write(root, "/etc/firewalld/firewalld.conf", "# firewalld config file\n\n# default zone\n"
          "# The default zone used if an empty zone string is used.\n# Default: public\n"
          "DefaultZone=internal\n")
    internal = ('<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <short>Internal</short>\n'
                '  <!-- <zone target="ACCEPT"> in a comment is not the zone -->\n'
                '  <service name="ssh"/>\n  <service name="mdns"/>\n  <forward/>\n</zone>\n')
    write(root, "/usr/lib/firewalld/zones/internal.xml", internal)
    r, _ = run(root)
    assert r["status"] == "pass", r
    assert "zone internal: target default, 2 services" in evidence(r), r
    write(root, "/etc/firewalld/zones/internal.xml", internal.replace("<zone>", '<zone target="ACCEPT">'))
    r, _ = run(root)
    assert r["status"] == "fail", r


def test_sshd_first_value_wins_root_login_and_passwords():
    root = scratch_root("netacl-nftables")
    # the drop-in is read where the Include stands: its PasswordAuthentication no comes first
    with open(os.path.join(root, "etc/ssh/sshd_config"), "a") as f:
        f.write("PasswordAuthentication yes\nPermitRootLogin yes\n")
    r, _ = run(root)
    assert r["status"] == "fail", r
    assert details(r, "fail") == ["root may log in over SSH with a password (PermitRootLogin yes)"], r
    assert "passwords are accepted" not in " ".join(details(r)), r
    r, _ = run(root, "--profile", profile(root, "root_login_yes = warn\n"))
    assert r["status"] == "warn", r
    write(root, "/etc/ssh/sshd_config.d/10-site.conf", "AllowUsers admin@192.0.2.0/24\n")
    r, _ = run(root, "--profile", profile(root, "root_login_yes = info\n"))
    assert r["status"] == "warn", r  # PasswordAuthentication yes now decides
    assert "AllowUsers names the source addresses" in evidence(r), r
    r, _ = run(root, "--profile", profile(root, "root_login_yes = maybe\n"))
    assert r["status"] == "error" and "root_login_yes = maybe" in r["reason"], r


def test_tcp_wrappers_are_evidence_only():
    root = scratch_root("netacl-nftables")
    write(root, "/etc/hosts.deny", "# /etc/hosts.deny\nALL: ALL\n")
    r, _ = run(root)
    assert r["status"] == "pass", r
    assert "line 2: ALL: ALL (TCP wrappers" in evidence(r), r


def test_japanese_report():
    root = scratch_root("netacl-nftables")
    no_nftables(root)
    code, out, err = kensa("audit", "--root", root, "--only", CHECK, "--lang", "ja", "--as-of", AS_OF)
    assert code == 2, err
    assert "受信接続を既定で拒否するホストファイアウォールがありません" in out, out


def win(scenario="windows-default"):
    root = scratch_root()
    mw.build(scenario, root)
    cs = "ControlSet001" if scenario == "windows-default" else "CurrentControlSet"
    return root, cs


def test_windows_firewall_profiles_service_and_policy():
    root, cs = win()
    r, rep = run(root, "--platform", "windows")
    assert r["status"] == "pass", r
    assert "DomainProfile\\DefaultInboundAction not set (Windows' default: block)" in evidence(r), r
    assert next(i for i in rep["items"] if i["id"] == "2-13")["answer"] == "yes"
    fw = mw.FIREWALL.format(cs=cs)
    mw.reg(root, fw + "\\PublicProfile", "EnableFirewall", mw.dword(0))
    mw.reg(root, fw + "\\StandardProfile", "DefaultInboundAction", mw.dword(0))
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "fail", r
    assert sorted(f["subject"] for f in r["findings"]) == ["Private", "Public"], r
    assert r["reason"] == "profiles that do not block inbound connections by default: Private, Public", r
    # Group Policy wins over the local settings
    pol = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"
    mw.reg(root, pol + "\\PublicProfile", "EnableFirewall", mw.dword(1))
    mw.reg(root, pol + "\\PrivateProfile", "DefaultInboundAction", mw.dword(1))
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "pass" and "(Group Policy)" in evidence(r), r
    mw.service(root, cs, "MpsSvc", 4)
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "fail" and [f["subject"] for f in r["findings"]] == ["MpsSvc"], r


def test_windows_remote_desktop_nla_and_port():
    root, cs = win("windows-hardened")
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "pass", r
    assert "Remote Desktop is enabled on TCP port 13389" in evidence(r), r
    rdp = mw.TERMINAL_SERVER.format(cs=cs) + "\\WinStations\\RDP-Tcp"
    mw.reg(root, rdp, "UserAuthentication", mw.dword(0))
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "warn", r
    assert r["findings"][0]["subject"] == "Remote Desktop", r
    assert "Network Level Authentication is not required" in r["findings"][0]["detail"], r
    # the policy's NLA setting wins
    mw.reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services",
           "UserAuthentication", mw.dword(1))
    assert run(root, "--platform", "windows")[0]["status"] == "pass"
    # a malformed value is a warning, never a pass
    mw.reg(root, mw.FIREWALL.format(cs=cs) + "\\DomainProfile", "EnableFirewall", b"yes")
    r, _ = run(root, "--platform", "windows")
    assert r["status"] == "warn" and r["findings"][0]["subject"] == "DomainProfile\\EnableFirewall", r


def test_live_audit_says_whether_the_loaded_ruleset_was_read():
    """A live audit runs /usr/sbin/nft -j list ruleset before the sandbox when nft exists; the
    answer (read, no nft, no privilege) is evidence either way, never an error."""
    code, out, err = kensa("audit", "--only", CHECK, "--format", "json", "--lang", "en")
    assert code in (0, 2), err
    r = result(json.loads(out), CHECK)
    assert r["status"] != "error", r
    assert "loaded ruleset" in evidence(r), r


if __name__ == "__main__":
    run_tests(globals())
