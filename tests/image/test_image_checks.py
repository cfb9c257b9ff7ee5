#!/usr/bin/python3
"""Real Debian 12 image tests for the checks beyond accounts: conditions are planted the way an
administrator would (the image's own apt, tools and configuration files) in a clone of the cached
debootstrap image, then `kensa audit --root IMG` must see them. Exit 77 when no image can be
built here (not root, no debootstrap, no mirror)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402


# One extra image for every test that needs packages beyond minbase: each variant is a separate
# debootstrap (about a minute), so they share one.
EXTRA = ["libpam-pwquality", "logrotate", "rsyslog"]


def audit(root, *checks):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", ",".join(checks))
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return {r["id"]: kt.with_shared_evidence(r) for r in rep["results"]}


def write(root, path, text):
    kt.write(root, path, text, 0o644)


def test_usb_storage_untouched_fails_then_install_false_passes_then_blacklist_warns():
    with di.cloned() as root:
        r = audit(root, "media.usb_storage")["media.usb_storage"]
        assert r["status"] == "fail", r
        assert {"usb_storage", "uas"} <= set(kt.subjects(r, "fail")), r["findings"]
        write(root, "/etc/modprobe.d/usb-storage.conf",
              "install usb-storage /bin/false\ninstall uas /bin/false\n"
              "blacklist usb-storage\nblacklist uas\n")
        r = audit(root, "media.usb_storage")["media.usb_storage"]
        assert r["status"] == "pass", r
        ev = [e for f in r["findings"] for e in f["evidence"]]  # with the shared ones (audit())
        assert any(e["source"] == "/etc/modprobe.d/usb-storage.conf" and "install" in e["value"] for e in ev), ev
        write(root, "/etc/modprobe.d/usb-storage.conf", "blacklist usb-storage\nblacklist uas\n")
        r = audit(root, "media.usb_storage")["media.usb_storage"]
        assert r["status"] == "warn", r


def test_password_policy_and_history_untouched_fail():
    with di.cloned() as root:
        rs = audit(root, "password.policy", "password.history")
        assert rs["password.policy"]["status"] == "fail", rs["password.policy"]
        assert rs["password.history"]["status"] == "fail", rs["password.history"]


# libpam-pwquality with the cracklib dictionary it needs (debootstrap installs no Recommends: the
# EXTRA image has no cracklib-runtime, and there pam_pwquality refuses every password).
PWQ = ["cracklib-runtime", "libpam-pwquality"]


def test_password_policy_and_history_pass_with_pwquality_and_pwhistory():
    with di.cloned(extra_packages=PWQ) as root:
        cp = open(os.path.join(root, "etc/pam.d/common-password")).read()
        assert "pam_pwquality.so" in cp, "libpam-pwquality's pam-auth-update profile is not active"
        # Before the site's settings, the stock pwquality (minlen 8, no class required) fails.
        assert audit(root, "password.policy")["password.policy"]["status"] == "fail"
        write(root, "/etc/security/pwquality.conf",
              "# site policy\nminlen = 12\ndcredit = -1\nlcredit = -1\nocredit = -1\n")
        lines = cp.splitlines(True)
        at = next(i for i, l in enumerate(lines) if "pam_pwquality.so" in l) + 1
        lines.insert(at, "password\trequired\t\t\tpam_pwhistory.so remember=5 use_authtok\n")
        write(root, "/etc/pam.d/common-password", "".join(lines))
        rs = audit(root, "password.policy", "password.history")
        assert rs["password.policy"]["status"] == "pass", rs["password.policy"]
        assert rs["password.history"]["status"] == "pass", rs["password.history"]
        ev = json.dumps(rs["password.policy"])
        assert "/etc/security/pwquality.conf" in ev, ev


def install_unpacked(root, package):
    """Unpack Debian's real package into the image (its postinst cannot run in a bare chroot:
    it needs a running D-Bus), then enable its units with the image's own deb-systemd-helper,
    which creates exactly the links its postinst would."""
    tmp = kt.scratch_root()
    p = subprocess.run(["apt-get", "download", package], cwd=tmp, capture_output=True, text=True)
    if p.returncode != 0:
        raise kt.Skip(f"apt-get download {package} failed: {p.stderr.strip()[:200]}")
    deb = [f for f in os.listdir(tmp) if f.endswith(".deb")][0]
    subprocess.run(["dpkg-deb", "-x", os.path.join(tmp, deb), root], check=True)


def systemctl(verb, root, *units):
    tool = di.host_tool("systemctl")
    if not tool:
        raise kt.Skip("systemctl is missing on this host (apt-get install systemd)")
    subprocess.run([tool, "--root=" + root, "--no-reload", verb, *units], check=True,
                   capture_output=True)


def test_services_minbase_passes_and_avahi_fails_until_masked():
    with di.cloned() as root:
        r = audit(root, "services.unneeded")["services.unneeded"]
        assert r["status"] == "pass", r
        install_unpacked(root, "avahi-daemon")
        # minbase lacks systemd and deb-systemd-helper: the host's systemctl writes the links
        # into the image as `systemctl enable` would on the machine itself.
        systemctl("enable", root, "avahi-daemon.service", "avahi-daemon.socket")
        assert os.path.islink(os.path.join(root, "etc/systemd/system/multi-user.target.wants/avahi-daemon.service"))
        r = audit(root, "services.unneeded")["services.unneeded"]
        assert r["status"] == "fail", r
        assert "avahi-daemon" in kt.subjects(r, "fail"), r["findings"]
        ev = json.dumps(r["findings"])
        assert "multi-user.target.wants/avahi-daemon.service" in ev, ev
        systemctl("mask", root, "avahi-daemon.service", "avahi-daemon.socket")
        r = audit(root, "services.unneeded")["services.unneeded"]
        assert "avahi-daemon" not in kt.subjects(r, "fail"), r["findings"]


def test_logs_stock_rsyslog_logrotate_retention_days():
    with di.cloned(extra_packages=EXTRA) as root:
        rs = audit(root, "logs.collection", "logs.retention", "logs.time_sync")
        assert rs["logs.collection"]["status"] == "pass", rs["logs.collection"]
        assert "/var/log/auth.log" in json.dumps(rs["logs.collection"]["evidence"])
        ret = rs["logs.retention"]
        assert ret["status"] == "fail", ret
        auth = [f for f in ret["findings"] if f["subject"] == "/var/log/auth.log"][0]
        assert auth["detail"].startswith("kept 28 days (weekly × rotate 4"), auth
        assert rs["logs.time_sync"]["status"] == "fail"  # minbase has no time daemon
        di.chroot(root, ["sed", "-i", "s/^\trotate 4$/\trotate 52/", "/etc/logrotate.d/rsyslog"])
        ret = audit(root, "logs.retention")["logs.retention"]
        auth = [f for f in ret["findings"] if f["subject"] == "/var/log/auth.log"][0]
        assert auth["detail"].startswith("kept 364 days (weekly × rotate 52"), auth


SSHD = ["libpam-pwquality", "openssh-server", "pamtester"]  # a variant other tests build too


def test_sshd_include_recursion_matches_sshd():
    """The image's own sshd is the oracle: an Include that includes itself again makes `sshd -t`
    stop with "Too many recursive configuration includes"; the same Include repeated outside
    itself is fine. kensa must say the first and not the second, in bounded time."""
    with di.cloned(extra_packages=SSHD) as root:
        os.makedirs(os.path.join(root, "run/sshd"), exist_ok=True)
        base = open(os.path.join(root, "etc/ssh/sshd_config")).read()
        assert "Include /etc/ssh/sshd_config.d/*.conf" in base, base[:400]
        for i in range(3):
            write(root, f"/etc/ssh/sshd_config.d/{i:02d}.conf",
                  "Include /etc/ssh/sshd_config.d/*.conf\nAuthenticationMethods publickey,password\n")
        p = di.chroot(root, ["/usr/sbin/sshd", "-t"], check=False)
        assert p.returncode != 0 and "Too many recursive configuration includes" in p.stderr, p
        r = audit(root, "password.max_age")["password.max_age"]
        rec = [f for f in r["findings"] if "Too many recursive configuration includes" in f["detail"]]
        assert len(rec) == 1 and rec[0]["severity"] == "warn", r["findings"]
        for i in range(3):
            write(root, f"/etc/ssh/sshd_config.d/{i:02d}.conf",
                  "AuthenticationMethods publickey,password\n")
        write(root, "/etc/ssh/sshd_config", base + "\nInclude /etc/ssh/sshd_config.d/*.conf\n")
        p = di.chroot(root, ["/usr/sbin/sshd", "-t"], check=False)
        assert p.returncode == 0, p
        r = audit(root, "password.max_age")["password.max_age"]
        assert not any("recursive" in f["detail"] for f in r["findings"]), r["findings"]
        assert "/etc/ssh/sshd_config.d/00.conf:1" in r["reason"], r["reason"]


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)  # bookworm and trixie; skipped where unavailable
