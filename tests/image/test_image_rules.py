#!/usr/bin/python3
"""The nine rules' checks on real Debian images (bookworm and trixie; os.supported also on the
cached bullseye image): os.supported reads the os-release that the image's base-files installed and
is judged as of fixed dates; antimalware.active on an image where the image's own apt installed
clamav, clamav-daemon and clamav-freshclam (their postinst enable the units) with the image's own
`systemctl is-enabled` as the oracle. freshclam cannot download here, so the daily database is a
ClamAV-VDB header written by the test. Exit 77 when no image can be had."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402
import test_rules as tr  # noqa: E402

CLAM = ("clamav", "clamav-daemon", "clamav-freshclam", "systemd")
# per suite: (major version, a day in regular support, a day past all support)
DATES = {"bookworm": ("12", "2026-06-10", "2028-07-01"),
         "trixie": ("13", "2026-12-03", "2030-07-01")}


def judge(root, check, as_of, *args):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--lang", "en",
                              "--as-of", as_of, "--only", check, *args)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return kt.result(rep, check)


def test_os_supported_on_the_image_os_release():
    major, supported, ended = DATES[di.SUITE]
    with di.cloned() as root:
        # the oracle: the image's own debian_version names the same release
        ver = di.chroot(root, ["cat", "/etc/debian_version"]).stdout.strip()
        assert ver.split(".")[0] == major, ver
        r = judge(root, tr.OS, supported)
        assert r["status"] == "pass", r
        assert "ID=debian VERSION_ID=%s" % major in json.dumps(r), r
        r = judge(root, tr.OS, ended)
        assert r["status"] == "fail" and "LTS/extended support ended" in tr.details(r), r


def test_os_supported_on_bullseye():
    """Debian 11 as debootstrap installs it: LTS until 2026-08-31."""
    if not di._is_current(di.base_path((), "bullseye")) and di._preflight("bullseye"):
        raise kt.Skip("no bullseye image")
    if di.SUITE != "bookworm":
        raise kt.Skip("runs once (bullseye is not a suite of its own)")
    with di.cloned(suite="bullseye") as root:
        assert judge(root, tr.OS, "2025-06-01")["status"] == "pass"
        assert judge(root, tr.OS, "2026-05-01")["status"] == "warn"
        r = judge(root, tr.OS, "2026-09-01")
        assert r["status"] == "fail" and "2026-08-31" in tr.details(r), r


def enabled(root, unit):
    p = di.chroot(root, ["systemctl", "is-enabled", unit], check=False)
    return p.stdout.strip()


def agrees(root, r):
    """kensa's unit states are what the image's own systemctl says."""
    ev = json.dumps(r)
    for unit in ("clamav-daemon.service", "clamav-freshclam.service"):
        state = enabled(root, unit)
        assert "%s: %s" % (unit, state) in ev, (unit, state, ev)
    return {u: enabled(root, u) for u in ("clamav-daemon.service", "clamav-freshclam.service")}


def test_clamav_packages():
    with di.cloned(extra_packages=CLAM) as root:
        db = os.path.join(root, "var/lib/clamav")
        have_db = any(os.path.exists(os.path.join(db, f)) for f in ("daily.cvd", "daily.cld"))
        if not have_db:
            # nothing downloaded: kensa must say the database is missing
            r = judge(root, tr.AM, kt.AS_OF, "--profile", "terminal")
            assert r["status"] == "fail" and "no ClamAV daily database" in tr.details(r), r
        with open(os.path.join(db, "daily.cvd"), "wb") as f:
            f.write(tr.cvd_header(kt.AS_OF_EPOCH - 86400))
        # as the packages left it (bookworm's postinst enables clamav-daemon, trixie's
        # clamav-freshclam): pass exactly when the image's systemctl says both are enabled
        r = judge(root, tr.AM, kt.AS_OF, "--profile", "terminal")
        states = agrees(root, r)
        both = all(v == "enabled" for v in states.values())
        assert (r["status"] == "pass") == both, (states, r)
        # the image's own systemctl enables both: pass
        di.chroot(root, ["systemctl", "enable", "clamav-daemon.service", "clamav-freshclam.service"])
        r = judge(root, tr.AM, kt.AS_OF, "--profile", "terminal")
        agrees(root, r)
        assert r["status"] == "pass", r
        assert "version 27833" in json.dumps(r), r
        # the freshclam.conf the package's postinst wrote names the database directory
        conf = os.path.join(root, "etc/clamav/freshclam.conf")
        if os.path.exists(conf):
            with open(conf) as f:
                if "DatabaseDirectory /var/lib/clamav" in f.read():
                    assert "DatabaseDirectory /var/lib/clamav" in json.dumps(r), r
        # ... and disables the updater, then the scanner: kensa must notice each
        di.chroot(root, ["systemctl", "disable", "clamav-freshclam.service"])
        r = judge(root, tr.AM, kt.AS_OF, "--profile", "terminal")
        agrees(root, r)
        assert r["status"] == "fail" and "clamav-freshclam" in tr.details(r), r
        di.chroot(root, ["systemctl", "disable", "clamav-daemon.service"])
        r = judge(root, tr.AM, kt.AS_OF, "--profile", "terminal")
        agrees(root, r)
        assert r["status"] == "fail" and "scanner daemon is not enabled" in tr.details(r), r
        # enabled again, a month later: the signatures are stale
        di.chroot(root, ["systemctl", "enable", "clamav-daemon.service", "clamav-freshclam.service"])
        r = judge(root, tr.AM, "2026-12-25", "--profile", "terminal")
        assert r["status"] == "fail" and "days old (limit 7 days)" in tr.details(r), r

if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
