#!/usr/bin/python3
"""updates.pending (item 2-6): kensa's dpkg version order held against dpkg --compare-versions on
real versions from a real Packages file, and the check on small roots planted here (dpkg status,
sources, lists and Release files laid out as apt writes them)."""
import concurrent.futures
import glob
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kensatest as kt  # noqa: E402

VERCMP = os.environ.get("KENSA_DPKG_VERCMP", "build/tests/dpkg-vercmp")
ID = "updates.pending"
LISTS = "/var/lib/apt/lists"


# ---- the version order against dpkg -------------------------------------------------------

def _packages_texts():
    """Texts of real Packages files: this machine's apt lists (plain, or decompressed by apt's
    own apt-helper whatever apt compressed them with), else the cached Debian images' lists."""
    out = []
    for f in sorted(glob.glob("/var/lib/apt/lists/*_Packages")):
        with open(f, errors="replace") as fh:
            out.append((f, fh.read()))
    helper = "/usr/lib/apt/apt-helper"
    if not out and os.access(helper, os.X_OK):
        for f in sorted(glob.glob("/var/lib/apt/lists/*_Packages.*")):
            p = subprocess.run([helper, "cat-file", f], capture_output=True, text=True, errors="replace")
            if p.returncode == 0 and p.stdout:
                out.append((f, p.stdout))
    if not out:
        cache = os.environ.get("KENSA_IMAGE_CACHE") or "/var/tmp/kensa-image-cache"
        for f in sorted(glob.glob(cache + "/*/var/lib/apt/lists/*_Packages")):
            with open(f, errors="replace") as fh:
                out.append((f, fh.read()))
    return out


def _dpkg_says(a, rel, b):
    op = {"<": "lt", "=": "eq", ">": "gt"}[rel]
    return subprocess.run(["dpkg", "--compare-versions", a, op, b]).returncode == 0


def test_version_order_matches_dpkg_on_real_versions():
    if not shutil.which("dpkg"):
        raise kt.Skip("dpkg is not installed: no oracle")
    texts = _packages_texts()
    if not texts:
        raise kt.Skip("no apt Packages list on this machine or in the image cache")
    versions = set()
    for _, text in texts:
        for line in text.splitlines():
            if line.startswith("Version: "):
                versions.add(line[9:].strip())
    assert len(versions) > 5000, (len(versions), [f for f, _ in texts])
    rng = random.Random(19)
    pool = sorted(versions)
    # The hard cases first (tilde, epoch, plus/letters in the revision), then a random sample.
    special = [v for v in pool if "~" in v or ":" in v or "+" in v.rpartition("-")[2]]
    chosen = set(rng.sample(special, min(1500, len(special))))
    chosen |= set(rng.sample(pool, 2500))
    # kensa sorts the sample; dpkg must agree with every neighbouring relation in that order.
    # Both orders are total preorders, so agreeing on all neighbours means agreeing on every
    # one of the ~8 million pairs of the sample.
    p = subprocess.run([VERCMP, "--sort"], input="\n".join(sorted(chosen)) + "\n",
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    ordered = [line.split(" ", 1) for line in p.stdout.splitlines()]
    assert len(ordered) == len(chosen)
    pairs = [(ordered[i - 1][1], rel, v) for i, (rel, v) in enumerate(ordered) if i]
    # And unrelated pairs directly (kensa's relation, asked of dpkg).
    sample = sorted(chosen)
    rand_pairs = [(rng.choice(sample), rng.choice(sample)) for _ in range(1500)]
    q = subprocess.run([VERCMP], input="".join(f"{a} {b}\n" for a, b in rand_pairs),
                       capture_output=True, text=True)
    assert q.returncode == 0, q.stderr
    rels = q.stdout.split()
    assert len(rels) == len(rand_pairs) and "error" not in rels
    pairs += [(a, rel, b) for (a, b), rel in zip(rand_pairs, rels)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        agree = list(ex.map(lambda t: _dpkg_says(*t), pairs))
    wrong = [t for t, ok in zip(pairs, agree) if not ok]
    assert not wrong, f"{len(wrong)} of {len(pairs)} pairs disagree with dpkg, e.g. {wrong[:10]}"
    assert len(pairs) >= 5000, len(pairs)


def test_version_syntax_errors_like_dpkg():
    # What dpkg refuses (exit 2 from --compare-versions), kensa refuses; its warnings pass.
    cases = ["1:", "1.0-", "1 2", "a:1", ":1", "1:-1", "abc", "1.0$", "1:2:3", "1-2-3", "~~", "0"]
    q = subprocess.run([VERCMP], input="".join(f"{c} 1\n" for c in cases), capture_output=True,
                       text=True)
    ours = q.stdout.split()
    for c, rel in zip(cases, ours):
        d = subprocess.run(["dpkg", "--compare-versions", c, "lt", "1"], capture_output=True)
        if d.returncode == 2:
            assert rel == "error", (c, rel)
        else:
            assert rel != "error", (c, rel, d.stderr)
            assert (rel == "<") == (d.returncode == 0), (c, rel)


# ---- the check on planted roots ----------------------------------------------------------

RELEASE = """-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA512

Origin: Debian
Label: {label}
Suite: {suite}
Codename: {codename}
Date: {date}
{extra}Architectures: amd64 arm64 i386
Components: main
Description: Debian
SHA256:
 0123 1 main/binary-amd64/Packages
-----BEGIN PGP SIGNATURE-----

xxx
-----END PGP SIGNATURE-----
"""


def stanza(name, version, arch="amd64", status=None):
    s = f"Package: {name}\n"
    if status:
        s += f"Status: {status}\n"
    s += f"Priority: optional\nArchitecture: {arch}\nVersion: {version}\nDescription: x\n long text\n"
    return s + "\n"


# A --root must look like an OS root (kensa refuses an empty or unmounted one).
DEBIAN_12_OS_RELEASE = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
                        'VERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n')


def plant(root, installed, main, security, main_date="Sat, 22 Nov 2026 09:00:00 UTC",
          sec_date="Mon, 24 Nov 2026 10:00:00 UTC", sources=None):
    kt.write(root, "/usr/lib/os-release", DEBIAN_12_OS_RELEASE)
    kt.write(root, "/var/lib/dpkg/status",
             "".join(stanza(n, v, a, "install ok installed") for n, v, a in installed))
    kt.write(root, "/etc/apt/sources.list", sources if sources is not None else
             "deb http://deb.debian.org/debian bookworm main\n"
             "# a comment\n"
             "deb-src http://deb.debian.org/debian bookworm main\n"
             "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
             "http://deb.debian.org/debian-security bookworm-security main\n")
    base = "deb.debian.org_debian_dists_bookworm"
    sec = "deb.debian.org_debian-security_dists_bookworm-security"
    kt.write(root, f"{LISTS}/{base}_main_binary-amd64_Packages",
             "".join(stanza(n, v, a) for n, v, a in main))
    kt.write(root, f"{LISTS}/{base}_InRelease",
             RELEASE.format(label="Debian", suite="oldstable", codename="bookworm",
                            date=main_date, extra=""))
    kt.write(root, f"{LISTS}/{sec}_main_binary-amd64_Packages",
             "".join(stanza(n, v, a) for n, v, a in security))
    kt.write(root, f"{LISTS}/{sec}_InRelease",
             RELEASE.format(label="Debian-Security", suite="oldstable-security",
                            codename="bookworm-security", date=sec_date, extra=""))


def audit(root, *args):
    _, rep = kt.audit_json(root, "--only", ID, *args)
    return kt.result(rep, ID)


def details(r, severity):
    return {f["subject"]: f["detail"] for f in r["findings"] if f["severity"] == severity}


INSTALLED = [("libc6", "2.36-9+deb12u7", "amd64"), ("openssl", "3.0.14-1~deb12u1", "amd64"),
             ("tzdata", "2024a-0+deb12u1", "all"), ("bash", "5.2.15-2+b7", "amd64"),
             ("dpkg", "1.21.22", "amd64")]
MAIN = [("libc6", "2.36-9+deb12u9", "amd64"), ("libc6", "2.36-9+deb12u9", "i386"),
        ("openssl", "3.0.14-1~deb12u1", "amd64"), ("tzdata", "2024b-0+deb12u1", "all"),
        ("bash", "5.2.15-2+b7", "amd64"), ("dpkg", "1.21.22", "amd64"),
        ("notinstalled", "9.9", "amd64")]
SECURITY = [("openssl", "3.0.15-1~deb12u1", "amd64"), ("bash", "5.2.15-2+b2", "amd64"),
            ("libc6", "2.36-9+deb12u8", "amd64")]


def test_security_update_fails_naming_installed_and_fixed_versions():
    root = kt.scratch_root()
    plant(root, INSTALLED, MAIN, SECURITY)
    r = audit(root)
    assert r["status"] == "fail", r
    fails = details(r, "fail")
    # openssl: 3.0.15-1~deb12u1 from the security archive; libc6's security version is newer
    # than the installed one too (main has an even newer one, but the fix is the point);
    # bash's security version is older (+b2 < +b7): nothing.
    assert sorted(fails) == ["libc6", "openssl"], fails
    assert "3.0.14-1~deb12u1" in fails["openssl"] and "3.0.15-1~deb12u1" in fails["openssl"], fails
    assert "2.36-9+deb12u8" in fails["libc6"], fails
    infos = details(r, "info")
    assert "tzdata" in infos and "2024b-0+deb12u1" in infos["tzdata"], r["findings"]
    assert "notinstalled" not in str(r["findings"])
    ev = {e["source"]: e["value"] for e in r["evidence"]}
    assert any("5 packages installed" in v for v in ev.values()), ev


def test_everything_current_passes_and_deb822_sources_are_followed():
    root = kt.scratch_root()
    cur = [("libc6", "2.36-9+deb12u9", "amd64"), ("openssl", "3.0.15-1~deb12u1", "amd64"),
           ("dpkg", "1.21.22", "amd64")]
    plant(root, cur, MAIN, SECURITY, sources="")
    kt.write(root, "/etc/apt/sources.list.d/debian.sources",
             "Types: deb deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\n"
             "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
             "# security\nTypes: deb\nURIs: http://deb.debian.org/debian-security\n"
             "Suites: bookworm-security\nComponents: main\n")
    r = audit(root)
    assert r["status"] == "pass", r
    # Every stanza of both lists was read through the deb822 file.
    srcs = {e["source"] for e in r["evidence"]}
    assert f"{LISTS}/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages" in srcs, srcs
    # A disabled stanza removes the security list: the fix there no longer counts.
    kt.write(root, "/etc/apt/sources.list.d/debian.sources",
             "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n")
    plant(root, INSTALLED, MAIN, SECURITY, sources="")
    r = audit(root)
    assert "openssl" not in details(r, "fail"), r
    # ... and without a security archive the verdict cannot be a pass.
    assert r["status"] == "warn", r
    assert "no security archive" in details(r, "warn")["/etc/apt/sources.list"], r["findings"]


def test_other_updates_follow_the_profile():
    root = kt.scratch_root()
    cur = [("libc6", "2.36-9+deb12u8", "amd64"), ("openssl", "3.0.15-1~deb12u1", "amd64"),
           ("tzdata", "2024a-0+deb12u1", "all"), ("dpkg", "1.21.22", "amd64")]
    plant(root, cur, MAIN, SECURITY)
    r = audit(root)
    assert r["status"] == "pass", r
    assert {"libc6", "tzdata"} <= set(details(r, "info")), r["findings"]
    tmp = os.path.dirname(root)
    prof = os.path.join(tmp, "warn.ini")
    with open(prof, "w") as f:
        f.write("include = server\n\n[updates]\nmax_list_age_days = 7\nother_updates = warn\n")
    r = audit(root, "--profile", prof)
    assert r["status"] == "warn", r
    assert {"libc6", "tzdata"} <= set(details(r, "warn")), r["findings"]


def test_old_lists_warn_that_pending_updates_cannot_be_known():
    root = kt.scratch_root()
    cur = [("openssl", "3.0.15-1~deb12u1", "amd64"), ("dpkg", "1.21.22", "amd64")]
    # A stable suite's Release changes only at point releases: an old main Date with a fresh
    # security Date is a current apt-get update.
    plant(root, cur, MAIN, SECURITY, main_date="Sat, 11 Jul 2026 10:00:00 UTC")
    r = audit(root)
    assert r["status"] == "pass", r
    # Both old: apt-get update has not run since 1 September.
    plant(root, cur, MAIN, SECURITY, main_date="Sat, 11 Jul 2026 10:00:00 UTC",
          sec_date="Tue, 01 Sep 2026 10:00:00 UTC")
    r = audit(root)
    assert r["status"] == "warn", r
    w = details(r, "warn")
    assert LISTS in w and "cannot be known" in w[LISTS] and "85 days" in w[LISTS], w
    # the result says so too, never "no pending security update"
    assert r["reason"] == "pending security updates cannot be known: the apt lists are older than the profile allows", r["reason"]


def test_compressed_and_missing_lists_are_unknown_not_passed():
    root = kt.scratch_root()
    plant(root, INSTALLED, MAIN, SECURITY)
    sec = f"{LISTS}/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages"
    os.rename(os.path.join(root, sec.lstrip("/")), os.path.join(root, sec.lstrip("/") + ".lz4"))
    r = audit(root)
    assert r["status"] == "warn", r
    w = details(r, "warn")
    assert sec in w and ".lz4" in w[sec] and "cannot be known" in w[sec], w
    os.unlink(os.path.join(root, sec.lstrip("/") + ".lz4"))
    r = audit(root)
    assert r["status"] == "warn" and "absent" in details(r, "warn")[sec], r


def test_security_decided_by_release_label_and_notautomatic_skipped():
    root = kt.scratch_root()
    # A mirror under another name: only the Release file says it is the security archive.
    sources = ("deb http://deb.debian.org/debian bookworm main\n"
               "deb http://mirror.example:8080/deb_sec~x/ stable-sec main\n"
               "deb http://deb.debian.org/debian bookworm-backports main\n")
    plant(root, INSTALLED, MAIN, [], sources=sources)
    name = "mirror.example:8080_deb%5fsec%7ex_dists_stable-sec"
    kt.write(root, f"{LISTS}/{name}_main_binary-amd64_Packages", stanza("openssl", "3.0.15-1~deb12u1"))
    kt.write(root, f"{LISTS}/{name}_Release",
             RELEASE.format(label="Debian-Security", suite="stable-sec", codename="x",
                            date="Mon, 24 Nov 2026 10:00:00 UTC", extra="").split("\n", 3)[3])
    bp = "deb.debian.org_debian_dists_bookworm-backports"
    kt.write(root, f"{LISTS}/{bp}_main_binary-amd64_Packages", stanza("bash", "5.3-1~bpo12+1"))
    kt.write(root, f"{LISTS}/{bp}_InRelease",
             RELEASE.format(label="Debian Backports", suite="bookworm-backports",
                            codename="bookworm-backports", date="Mon, 24 Nov 2026 10:00:00 UTC",
                            extra="NotAutomatic: yes\nButAutomaticUpgrades: yes\n"))
    r = audit(root)
    assert sorted(details(r, "fail")) == ["openssl"], r["findings"]
    assert "bash" not in str(r["findings"]), r["findings"]


def test_unattended_upgrades_evidence():
    root = kt.scratch_root()
    cur = [("openssl", "3.0.15-1~deb12u1", "amd64"), ("dpkg", "1.21.22", "amd64"),
           ("unattended-upgrades", "2.9.1+nmu3", "all")]
    plant(root, cur, MAIN, SECURITY)
    kt.write(root, "/etc/apt/apt.conf.d/20auto-upgrades",
             'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n')
    kt.write(root, "/etc/apt/apt.conf.d/99local.dpkg-old", 'APT::Periodic::Unattended-Upgrade "0";\n')
    kt.write(root, "/lib/systemd/system/apt-daily-upgrade.timer",
             "[Timer]\nOnCalendar=*-*-* 6:00\n[Install]\nWantedBy=timers.target\n")
    os.makedirs(os.path.join(root, "etc/systemd/system/timers.target.wants"))
    os.symlink("/lib/systemd/system/apt-daily-upgrade.timer",
               os.path.join(root, "etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer"))
    r = audit(root)
    assert r["status"] == "pass", r
    ev = {e["source"]: e["value"] for e in r["evidence"]}
    assert ev.get("/etc/apt/apt.conf.d/20auto-upgrades:2", "").startswith(
        'APT::Periodic::Unattended-Upgrade "1"; the unattended-upgrades package is installed'), ev
    assert any("apt-daily-upgrade.timer" in v and "enabled" in v for v in ev.values()), ev


def test_distroless_status_d_and_rpm_and_no_database():
    root = kt.scratch_root()
    plant(root, [], MAIN, SECURITY)
    os.unlink(os.path.join(root, "var/lib/dpkg/status"))
    kt.write(root, "/var/lib/dpkg/status.d/openssl",
             "Package: openssl\nVersion: 3.0.14-1~deb12u1\nArchitecture: amd64\n")
    kt.write(root, "/var/lib/dpkg/status.d/base-files",
             "Package: base-files\nVersion: 12.4+deb12u7\nArchitecture: amd64\n")
    r = audit(root)
    assert sorted(details(r, "fail")) == ["openssl"], r
    rpm = kt.scratch_root()
    kt.write(rpm, "/etc/os-release", 'NAME="Red Hat Enterprise Linux"\nVERSION_ID="9.4"\nID="rhel"\n')
    kt.write(rpm, "/var/lib/rpm/rpmdb.sqlite", "SQLite format 3\0")
    r = audit(rpm)
    assert r["status"] == "not_applicable" and "rpm" in r["reason"], r
    bare = kt.scratch_root()
    kt.write(bare, "/usr/lib/os-release", DEBIAN_12_OS_RELEASE)
    r = audit(bare)
    assert r["status"] == "not_applicable", r


def test_unreadable_status_is_an_error_and_malformed_lists_survive():
    root = kt.scratch_root()
    plant(root, INSTALLED, MAIN, SECURITY)
    sec = f"{LISTS}/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages"
    kt.write(root, sec, "Package: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n\n"
             "garbage without colon\n\nPackage: x\n\n" + "Package: " + "y" * 5000 + "\nVersion: 1\n\n"
             "\0\0\0\n")
    r = audit(root)
    assert "openssl" in details(r, "fail"), r
    assert any("malformed" in d for d in details(r, "warn").values()), r["findings"]
    if os.geteuid() != 0:
        os.chmod(os.path.join(root, "var/lib/dpkg/status"), 0)
        r = audit(root)
        assert r["status"] == "error", r


# ---- Windows: captured Get-HotFix, the Windows Update policy, pending restarts -------------

sys.path.insert(0, os.path.join(kt.SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

AU = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU"


def hotfix_csv(rows):
    out = '"HotFixID","Description","InstalledOn"\r\n'
    out += "".join(f'"{k}","{d}","{w}"\r\n' for k, d, w in rows)
    return b"\xef\xbb\xbf" + out.encode()


def win_audit(root):
    return audit(root, "--platform", "windows")


def test_windows_newest_hotfix_age_policy_and_pending_restart():
    root = kt.scratch_root()
    mw.build("windows-default", root)
    r = win_audit(root)
    # no capture: installed updates cannot be known, never a pass
    assert r["status"] == "warn", r
    assert "get-hotfix.csv" in str(r["findings"]), r["findings"]
    mw.capture(root, "get-hotfix.csv", hotfix_csv([
        ("KB5044273", "Security Update", "2026-10-08T03:12:00.0000000Z"),
        ("KB5043935", "Update", ""),
        ("KB5046613", "Security Update", "2026-11-13T02:00:00.0000000Z")]))
    r = win_audit(root)
    assert r["status"] == "pass", r
    assert "KB5046613" in str(r["evidence"]), r["evidence"]
    # 45 days before --as-of 2026-11-25 is 2026-10-11: an October update alone fails
    mw.capture(root, "get-hotfix.csv", hotfix_csv([
        ("KB5044273", "Security Update", "2026/10/08 3:12:00")]))
    r = win_audit(root)
    assert r["status"] == "fail", r
    f = [f for f in r["findings"] if f["severity"] == "fail"]
    assert f[0]["subject"] == "KB5044273" and "48 days" in f[0]["detail"], f
    mw.capture(root, "get-hotfix.csv", hotfix_csv([
        ("KB5046613", "Security Update", "2026-11-13T02:00:00.0000000Z")]))
    mw.reg(root, AU, "NoAutoUpdate", mw.dword(1))
    mw.mkkey(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
                   "WindowsUpdate\\Auto Update\\RebootRequired")
    r = win_audit(root)
    assert r["status"] == "warn", r
    w = {f["subject"]: f["detail"] for f in r["findings"] if f["severity"] == "warn"}
    assert "NoAutoUpdate" in w and any("reboot needed" in d for d in w.values()), w
    mw.capture(root, "get-hotfix.csv", b"garbage\r\n")
    r = win_audit(root)
    assert any("not Get-HotFix output" in f["detail"] for f in r["findings"]), r


if __name__ == "__main__":
    kt.run_tests(globals())
