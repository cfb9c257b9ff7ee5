#!/usr/bin/python3
"""The Debian package in Debian 12 and 13 images, with each image's own apt: install
($KENSA_DEB, its dependencies fetched from the mirror), audit, the timer is installed but not
enabled (`systemctl --root IMG is-enabled`), then `apt-get purge` leaves nothing of kensa behind
but the reports the administrator keeps in /var/lib/kensa/reports (debian/README.Debian).
Run by .ci/package after it builds the package; exit 77 when there is no package or no image."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

DEB = os.environ.get("KENSA_DEB", "")
# What apt and dpkg themselves change on any install and purge: their state, caches and logs.
PACKAGING_STATE = ("/var/lib/dpkg/", "/var/lib/apt/", "/var/cache/", "/var/log/",
                   "/etc/ld.so.cache", "/var/lib/systemd/deb-systemd-helper-")


def deb():
    if not DEB or not os.path.isfile(DEB):
        raise kt.Skip("KENSA_DEB names no package (run by .ci/package)")
    return DEB


def tree(root):
    """Every path in the image (files, links, directories), as seen from inside it."""
    out = set()
    for d, dirs, files in os.walk(root):
        rel = "/" + os.path.relpath(d, root) if d != root else "/"
        for n in dirs + files:
            out.add(os.path.join(rel, n))
    return out


def apt(root, *args):
    return di.chroot(root, ["apt-get", "-y", "-o", "Dpkg::Use-Pty=0", *args])


def installed_files(root, pkg):
    r = di.chroot(root, ["dpkg", "-L", pkg], check=False)
    return [l for l in r.stdout.splitlines() if l.startswith("/")]


def one_suite(suite):
    with di.cloned(suite=suite) as root:
        # the image's resolv.conf names a documentation address: apt needs the host's resolver
        shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))
        apt(root, "update")
        before = tree(root)
        shutil.copy(deb(), os.path.join(root, "tmp/kensa.deb"))
        apt(root, "install", "--no-install-recommends", "/tmp/kensa.deb")
        os.unlink(os.path.join(root, "tmp/kensa.deb"))
        files = installed_files(root, "kensa")
        for want in ("/usr/sbin/kensa", "/usr/share/man/man8/kensa.8.gz",
                     "/usr/share/kensa/profiles/server.ini",
                     "/usr/share/kensa/profiles/checklists/mhlw-r7.ini",
                     "/usr/share/locale/ja/LC_MESSAGES/kensa.mo",
                     "/usr/share/doc/kensa/examples/cron/kensa"):
            assert want in files, f"{suite}: the package has no {want}"
        assert any(f.endswith("/systemd/system/kensa-audit.timer") for f in files), files
        assert any(f.endswith("/systemd/system/kensa-audit.service") for f in files), files
        deps = set()
        for line in di.chroot(root, ["dpkg-query", "-W", "-f", "${Package}\n"]).stdout.split():
            deps.add(line)

        # the installed kensa audits the image as a live host, from the installed data
        r = di.chroot(root, ["kensa", "audit", "--format", "json", "--lang", "en"], check=False)
        assert r.returncode in (0, 2), f"{suite}: kensa audit: {r.returncode} {r.stderr}"
        rep = json.loads(r.stdout)
        kt.validate_schema(rep)
        assert rep["profile"]["files"] == ["/usr/share/kensa/profiles/server.ini"], rep["profile"]
        r = di.chroot(root, ["kensa", "--version"])
        assert "build: dynamic" in r.stdout, r.stdout
        # not enabled, not started: a monthly audit is the administrator's decision
        sc = subprocess.run([di.host_tool("systemctl") or "systemctl", "--root", root,
                             "is-enabled", "kensa-audit.timer"], capture_output=True, text=True)
        assert sc.stdout.strip() == "disabled", (sc.returncode, sc.stdout, sc.stderr)
        assert not os.path.lexists(os.path.join(
            root, "etc/systemd/system/timers.target.wants/kensa-audit.timer"))
        assert os.path.isfile(os.path.join(root, "usr/share/doc/kensa/examples/cron/kensa"))
        assert not os.path.exists(os.path.join(root, "etc/cron.d/kensa")), "cron job active"
        # what the timer's service runs: reports the administrator keeps
        r = di.chroot(root, ["kensa", "audit", "--report-dir", "/var/lib/kensa/reports",
                             "--quiet"], check=False)
        assert r.returncode in (0, 2), r.stderr
        reports = sorted(os.listdir(os.path.join(root, "var/lib/kensa/reports")))
        assert any(n.endswith(".json") for n in reports), reports

        apt(root, "purge", "kensa")
        r = di.chroot(root, ["dpkg-query", "-W", "-f", "${Status}", "kensa"], check=False)
        assert "installed" not in r.stdout or "not-installed" in r.stdout, r.stdout
        for f in files:
            if f.startswith(("/usr/share/kensa", "/usr/sbin/kensa", "/usr/share/doc/kensa")) \
                    or "kensa" in os.path.basename(f):
                assert not os.path.lexists(root + f), f"{suite}: purge left {f}"
        # everything new since before the install: the dependencies apt pulled in, apt's and
        # dpkg's own state, and the kept reports -- nothing else
        dep_files = set()
        for pkg in deps:
            dep_files.update(installed_files(root, pkg))
        left = sorted(p for p in tree(root) - before
                      if p not in dep_files and not p.startswith(PACKAGING_STATE)
                      and p not in ("/var/lib/kensa", "/var/lib/kensa/reports")
                      and not p.startswith("/var/lib/kensa/reports/"))
        assert not left, f"{suite}: purge left {left}"
        assert sorted(os.listdir(os.path.join(root, "var/lib/kensa/reports"))) == reports
        # with no reports, nothing at all is left
        shutil.rmtree(os.path.join(root, "var/lib/kensa/reports"))
        shutil.copy(deb(), os.path.join(root, "tmp/kensa.deb"))
        apt(root, "install", "--no-install-recommends", "/tmp/kensa.deb")
        os.unlink(os.path.join(root, "tmp/kensa.deb"))
        os.makedirs(os.path.join(root, "var/lib/kensa/reports"), mode=0o700)
        apt(root, "purge", "kensa")
        assert not os.path.lexists(os.path.join(root, "var/lib/kensa")), "empty /var/lib/kensa left"


def make_tests():
    tests = {}
    for suite in di.suites():
        def t(suite=suite):
            deb()
            if os.geteuid() != 0:
                raise kt.Skip("the Debian image test needs root (debootstrap, chroot)")
            if not di._is_current(di.base_path((), suite)):
                reason = di._preflight(suite)
                if reason:
                    raise kt.Skip(reason)
            one_suite(suite)
        tests[f"test_package_install_audit_timer_disabled_purge[{suite}]"] = t
    return tests


if __name__ == "__main__":
    kt.run_tests(make_tests())
