#!/usr/bin/python3
"""Real-image tests for the evidence checks, with the image's own tools as oracles: the real
borgmatic, cron, openssh-server, xrdp, openvpn, wireguard-tools and restic packages installed by
apt; `systemctl is-enabled` (the image's, or the host's with --root where the minbase image has no systemd) says which units start, and kensa must say the
same; the image's crontab(1) installs a per-user crontab in the real spool format and refuses a
line that kensa's crontab parser must refuse too; `wg genkey` makes a real WireGuard key that
must never reach a report; `dpkg-query` gives the versions kensa shows. Runs on bookworm and
trixie. Exit 77 when no image can be had."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

EXTRA = ["borgmatic", "cron", "openssh-server", "openvpn", "restic", "wireguard-tools", "xrdp"]


def audit(root, check):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", check)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.with_shared_evidence(kt.result(rep, check)), out


def ev_text(f):
    return "\n".join(f"{e.get('source')}: {e['value']}" for e in f["evidence"])


def systemctl_argv(root):
    """The image's systemctl in the chroot when it has one (trixie's minbase has systemd),
    else the host's systemctl --root (bookworm's minbase has none): both read the unit files."""
    if os.path.exists(os.path.join(root, "usr/bin/systemctl")) or os.path.exists(os.path.join(root, "bin/systemctl")):
        return ["chroot", root, "systemctl"]
    tool = di.host_tool("systemctl")
    if not tool:
        raise kt.Skip("no systemctl in the image nor on the host to be the oracle")
    return [tool, "--root=" + root]


def is_enabled(root, unit):
    r = subprocess.run(systemctl_argv(root) + ["is-enabled", unit], capture_output=True,
                       text=True, env=di.CHROOT_ENV)
    return r.stdout.strip()


def systemctl(root, *args):
    r = subprocess.run(systemctl_argv(root) + list(args), capture_output=True, text=True,
                       env=di.CHROOT_ENV)
    assert r.returncode == 0, (args, r.stderr)


def test_backup_timer_and_crontab_as_the_image_has_them():
    with di.cloned(extra_packages=EXTRA) as root:
        assert is_enabled(root, "borgmatic.timer") == "enabled"
        r, _ = audit(root, "backup.evidence")
        assert r["status"] == "manual", r
        borg = [f for f in r["findings"] if f["subject"] == "borgmatic"]
        assert len(borg) == 1 and borg[0]["detail"].startswith("systemd timer borgmatic.timer ("), r
        assert "/usr/bin/borgmatic" in ev_text(borg[0]), borg
        # dpkg's own timer copies its database to /var/backups: not a backup job
        assert "dpkg-db-backup" not in json.dumps(r), r
        # the image's crontab(1) writes the spool file (with its three header lines)
        tab = "MAILTO=root\n0 3 * * * RESTIC_PASSWORD=Image-Secret-9 /usr/bin/restic -r /srv/repo backup /srv/data\n"
        di.chroot(root, ["crontab", "-u", "root", "-"], input=tab)
        spool = open(os.path.join(root, "var/spool/cron/crontabs/root")).read().splitlines()
        line = next(i for i, l in enumerate(spool, 1) if "restic" in l)
        systemctl(root, "disable", "borgmatic.timer")
        assert is_enabled(root, "borgmatic.timer") == "disabled"
        r, out = audit(root, "backup.evidence")
        restic = [f for f in r["findings"] if f["subject"] == "restic"]
        assert len(restic) == 1, r
        assert restic[0]["detail"] == 'cron runs it on the schedule "0 3 * * *" as root', restic
        assert f"/var/spool/cron/crontabs/root: line {line}: RESTIC_PASSWORD=*** /usr/bin/restic" in ev_text(restic[0]), restic
        assert "Image-Secret-9" not in out
        borg = next(f for f in r["findings"] if f["subject"] == "borgmatic")
        assert "is disabled, so borgmatic.service does not run on its own" in borg["detail"], borg
        assert "cron 1" in r["reason"] and "systemd timers 0" in r["reason"], r["reason"]
        # crontab(1) refuses a minute of 61; kensa's parser, reading the same line in
        # /etc/cron.d (which crontab(1) never checks), skips it as cron does
        bad = "61 * * * * root /usr/bin/rsync -a /srv/ /mnt/\n"
        p = subprocess.run(["chroot", root, "crontab", "-u", "root", "-"], input=bad.replace(" root", ""),
                           capture_output=True, text=True, env=di.CHROOT_ENV)
        assert p.returncode != 0 and "bad minute" in p.stderr, (p.returncode, p.stderr)
        kt.write(root, "/etc/cron.d/bad", bad, 0o644)
        r, _ = audit(root, "backup.evidence")
        assert not [f for f in r["findings"] if f["subject"] == "rsync"], r
        assert "/etc/cron.d/bad: line 1: bad minute" in "\n".join(
            f"{e.get('source')}: {e['value']}" for e in r["evidence"]), r["evidence"]


def test_remote_channels_as_systemctl_and_dpkg_see_them():
    with di.cloned(extra_packages=EXTRA) as root:
        key = di.chroot(root, ["wg", "genkey"]).stdout.strip()
        assert len(key) == 44, key
        kt.write(root, "/etc/wireguard/wg0.conf",
                 "[Interface]\nAddress = 10.9.0.2/24\nPrivateKey = %s\n\n[Peer]\n"
                 "PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n"
                 "Endpoint = gw.vendor.example:51820\nAllowedIPs = 10.9.0.0/24\n" % key, 0o600)
        systemctl(root, "enable", "wg-quick@wg0.service")
        kt.write(root, "/etc/openvpn/client/vendor.conf",
                 "client\ndev tun\nremote rm.vendor.example 1194 udp\n<key>\nsecret\n</key>\n", 0o600)
        systemctl(root, "enable", "openvpn-client@vendor.service")
        r, out = audit(root, "remote.access")
        assert key not in out
        assert r["status"] == "manual", r
        by = {f["subject"]: f for f in r["findings"]}
        assert set(by) == {"sshd", "xrdp", "OpenVPN", "WireGuard"}, by.keys()
        for unit, channel in (("ssh.service", "sshd"), ("xrdp.service", "xrdp"),
                              ("xrdp-sesman.service", "xrdp"),
                              ("wg-quick@wg0.service", "WireGuard"),
                              ("openvpn-client@vendor.service", "OpenVPN")):
            state = is_enabled(root, unit)
            ev = ev_text(by[channel])
            if state == "enabled":
                assert f"{unit} starts at boot (enabled)" in ev, (unit, ev)
            else:
                assert f"{unit} does not start at boot ({state})" in ev, (unit, state, ev)
        for pkg, channel in (("openssh-server", "sshd"), ("xrdp", "xrdp"), ("openvpn", "OpenVPN"),
                             ("wireguard-tools", "WireGuard")):
            version = di.chroot(root, ["dpkg-query", "-W", "-f", "${Version}", pkg]).stdout.strip()
            assert f"package {pkg} {version} installed" in ev_text(by[channel]), (pkg, version)
        assert "connects to gw.vendor.example:51820" in ev_text(by["WireGuard"])
        assert "connects to rm.vendor.example 1194 udp" in ev_text(by["OpenVPN"])
        assert all(by[c]["detail"].startswith("set to start") for c in by), r["findings"]


def test_inventory_row_against_the_image():
    with di.cloned(extra_packages=EXTRA) as root:
        r, out = audit(root, "host.inventory")
        inv = json.loads(out)["inventory"]
        assert r["status"] == "manual", r
        assert inv["hostname"] == open(os.path.join(root, "etc/hostname")).read().strip()
        osr = dict(l.split("=", 1) for l in open(os.path.join(root, "etc/os-release")).read().splitlines() if "=" in l)
        assert inv["os"] == osr["PRETTY_NAME"].strip('"') and inv["os_version"] == osr["VERSION_ID"].strip('"'), inv
        # dpkg's own count of installed packages (status "installed" or half-way, as kensa counts)
        listed = di.chroot(root, ["dpkg-query", "-W", "-f", "${db:Status-Status}\\n"]).stdout.split()
        present = [s for s in listed if s not in ("not-installed", "config-files")]
        assert inv["packages"] == str(len(present)), (inv["packages"], len(present))
        mid = open(os.path.join(root, "etc/machine-id")).read().strip() if os.path.exists(os.path.join(root, "etc/machine-id")) else ""
        assert inv["machine_id"] == (mid or None), (inv["machine_id"], mid)
        assert inv["addresses"] is None and inv["dmi_serial"] is None, inv


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
