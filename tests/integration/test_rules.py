#!/usr/bin/python3
"""The nine rules' checks (issue #24): os.supported on Debian 11, 12 and 13 roots (os-release and
debian_version as Debian ships them) and on Windows captures, judged as of fixed dates against the
shipped support-lifecycle data; how the reports label a nine-rules reference."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kensatest as kt  # noqa: E402

OS = "os.supported"

# /usr/lib/os-release as the base-files package of each release writes it
OS_RELEASE = {
    11: ('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\n'
         'VERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n'
         'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
         'BUG_REPORT_URL="https://bugs.debian.org/"\n', "11.11\n"),
    12: ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
         'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
         'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
         'BUG_REPORT_URL="https://bugs.debian.org/"\n', "12.12\n"),
    13: ('PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\n'
         'VERSION="13 (trixie)"\nVERSION_CODENAME=trixie\nDEBIAN_VERSION_FULL=13.2\nID=debian\n'
         'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
         'BUG_REPORT_URL="https://bugs.debian.org/"\n', "13.2\n"),
}


def debian_root(release, link=True):
    """os-release in /usr/lib with /etc/os-release a relative link to it, as base-files does."""
    root = kt.scratch_root()
    text, version = OS_RELEASE[release]
    kt.write(root, "/usr/lib/os-release", text)
    if link:
        os.makedirs(os.path.join(root, "etc"), exist_ok=True)
        os.symlink("../usr/lib/os-release", os.path.join(root, "etc/os-release"))
    kt.write(root, "/etc/debian_version", version)
    return root


def bare_root():
    """A root file system without a usable os-release (kensa wants etc/passwd then)."""
    root = kt.scratch_root()
    kt.write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    return root


def judge(root, as_of, *args):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", as_of,
                              "--lang", "en", "--only", OS, *args)
    assert code in (0, 2), (code, err)
    return kt.result(json.loads(out), OS)


def details(r):
    return " | ".join(f["detail"] for f in r.get("findings", []))


def test_debian11_lts_then_ended():
    root = debian_root(11)
    r = judge(root, "2024-08-14")           # the last day of regular support
    assert r["status"] == "pass", r
    assert "until 2024-08-14" in r["reason"] and "2026-08-31" in r["reason"], r
    r = judge(root, "2025-06-01")           # LTS: still updated, an info finding says so
    assert r["status"] == "pass", r
    assert "regular security support ended on 2024-08-14" in details(r), r
    r = judge(root, "2026-05-01")           # within 180 days of the LTS end
    assert r["status"] == "warn", r
    assert "LTS/extended support ends on 2026-08-31 (122 days" in details(r), r
    r = judge(root, "2026-09-01")           # the day after
    assert r["status"] == "fail", r
    assert "LTS/extended support ended on 2026-08-31" in details(r), r
    assert any("Debian 11" in f["subject"] for f in r["findings"]), r


def test_debian12_as_of_audit_dates():
    root = debian_root(12)
    assert judge(root, "2026-06-10")["status"] == "pass"
    r = judge(root, "2026-12-03")
    assert r["status"] == "pass" and "LTS/extended support continues until 2028-06-30" in details(r), r
    assert judge(root, "2028-01-02")["status"] == "pass"      # 180 days before: not yet a warning
    assert judge(root, "2028-01-03")["status"] == "warn"
    assert judge(root, "2028-07-01")["status"] == "fail"
    # the evidence names the release file, the data file, the source and that a date is unverified
    ev = json.dumps(r)
    assert "ID=debian VERSION_ID=12" in ev and "os-lifecycle.ini" in ev, ev
    assert "https://wiki.debian.org/LTS" in ev and "not confirmed by a first-hand source" in ev, ev


def test_debian13_regular_support():
    root = debian_root(13)
    r = judge(root, "2026-12-03")
    assert r["status"] == "pass" and "until 2028-08-09" in r["reason"], r
    assert judge(root, "2030-07-01")["status"] == "fail"


def test_warn_days_from_the_profile():
    root = debian_root(12)
    prof = os.path.join(kt.scratch_root(), "site.ini")
    with open(prof, "w") as f:
        f.write("include = server\n[updates]\nos_support_warn_days = 0\n")
    assert judge(root, "2028-06-30", "--profile", prof)["status"] == "pass"
    assert judge(root, "2028-06-30")["status"] == "warn"


def test_os_release_in_etc_only_and_usr_lib_only():
    root = debian_root(12, link=False)      # /usr/lib/os-release alone
    assert judge(root, "2026-12-03")["status"] == "pass"
    root = kt.scratch_root()
    kt.write(root, "/etc/os-release", OS_RELEASE[13][0])
    assert judge(root, "2026-12-03")["status"] == "pass"


def test_unknown_release_is_an_error_never_a_guess():
    root = bare_root()
    kt.write(root, "/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 14 (forky)"\nVERSION_ID="14"\nID=debian\n')
    r = judge(root, "2026-12-03")
    assert r["status"] == "error" and "debian 14 is not in the support-lifecycle data" in r["reason"], r
    # testing/unstable: no VERSION_ID, debian_version names the codename
    root = bare_root()
    kt.write(root, "/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux forky/sid"\nNAME="Debian GNU/Linux"\n'
             'VERSION_CODENAME=forky\nID=debian\n')
    kt.write(root, "/etc/debian_version", "forky/sid\n")
    r = judge(root, "2026-12-03")
    assert r["status"] == "error" and "testing or unstable" in r["reason"], r
    root = bare_root()
    r = judge(root, "2026-12-03")
    assert r["status"] == "error" and "no os-release file" in r["reason"], r
    root = bare_root()
    kt.write(root, "/etc/os-release", "ID=debian\nVERSION_ID=\"twelve\"\n")
    assert judge(root, "2026-12-03")["status"] == "error"
    root = bare_root()
    kt.write(root, "/etc/os-release", b"ID=debian\0\nVERSION_ID=12\n")
    assert judge(root, "2026-12-03")["status"] == "error"


def test_os_release_link_resolves_inside_the_root():
    """An absolute link /etc/os-release -> /usr/lib/os-release means the root's file, never the
    auditing host's (this host has one: a followed link would pass)."""
    root = bare_root()
    os.symlink("/usr/lib/os-release", os.path.join(root, "etc/os-release"))
    r = judge(root, "2026-12-03")
    assert r["status"] == "error" and "no os-release file" in r["reason"], r
    root = bare_root()
    # ".." stops at the root: the link names itself there
    os.symlink("../../../../../../etc/os-release", os.path.join(root, "etc/os-release"))
    r = judge(root, "2026-12-03")
    assert r["status"] == "error" and "cannot be read" in r["reason"], r


def test_rhel_minor_version_uses_the_major():
    root = kt.scratch_root("logs-rhel9")
    r = judge(root, "2026-12-03")
    assert r["status"] == "pass" and "Red Hat Enterprise Linux 9" in r["reason"], r


def test_ubuntu_lts_by_full_version_and_no_interim_guess():
    root = bare_root()
    kt.write(root, "/etc/os-release", 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\n'
             'VERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n')
    r = judge(root, "2026-06-01")
    assert r["status"] == "pass" and "Ubuntu 22.04 LTS" in r["reason"], r
    assert judge(root, "2027-06-01")["status"] == "fail"
    root = bare_root()
    kt.write(root, "/etc/os-release", 'PRETTY_NAME="Ubuntu 22.10"\nVERSION_ID="22.10"\nID=ubuntu\n')
    r = judge(root, "2026-12-03")
    assert r["status"] == "error", r


def test_malformed_site_data_is_an_error():
    root = debian_root(12)
    d = kt.scratch_root()
    data = os.path.join(d, "lifecycle.ini")
    with open(data, "w") as f:
        f.write("[debian 12]\nname = Debian 12\nregular_end = 2026-02-30\n")
    prof = os.path.join(d, "site.ini")
    with open(prof, "w") as f:
        f.write("include = server\n[updates]\nos_lifecycle = " + data + "\n")
    r = judge(root, "2026-12-03", "--profile", prof)
    assert r["status"] == "error" and "lifecycle.ini:3" in r["reason"], r


def test_nine_rules_reference_reads_as_its_own_label():
    root = debian_root(11)
    code, out, err = kt.kensa("audit", "--root", root, "--only", OS, "--as-of", "2026-12-03",
                              "--lang", "ja")
    assert "9の心得 ⑥、9の心得 ⑧" in out, out
    assert "ガイドライン: 9の心得" not in out, out
    assert "== この版のチェックリストにない要求事項（ガイドライン・9の心得） ==" in out, out
    code, out, err = kt.kensa("audit", "--root", root, "--only", OS, "--as-of", "2026-12-03",
                              "--lang", "en", "--format", "csv")
    assert '"9の心得 ⑥, 9の心得 ⑧"' in out and "nine rules" in out, out
    code, out, err = kt.kensa("audit", "--root", root, "--only", OS, "--as-of", "2026-12-03",
                              "--lang", "ja", "--format", "html")
    assert '<p class="guideline">9の心得 ⑧' in out, out[-3000:]
    rep = json.loads(kt.kensa("audit", "--root", root, "--only", OS, "--as-of", "2026-12-03",
                              "--format", "json")[1])
    assert kt.result(rep, OS)["guideline"] == ["9の心得 ⑥", "9の心得 ⑧"]


# ---- antimalware.active (Linux) ----------------------------------------------------------------

AM = "antimalware.active"
CLAMAV_UNITS = {
    # the unit files as Debian 12's clamav-daemon / clamav-freshclam packages install them
    "clamav-daemon.service": "[Unit]\nDescription=Clam AntiVirus userspace daemon\n"
                             "Requires=clamav-daemon.socket\n\n[Service]\n"
                             "ExecStart=/usr/sbin/clamd --foreground=true\n\n[Install]\n"
                             "WantedBy=multi-user.target\nAlso=clamav-daemon.socket\n",
    "clamav-freshclam.service": "[Unit]\nDescription=ClamAV virus database updater\n\n[Service]\n"
                                "ExecStart=/usr/bin/freshclam -d --foreground=true\n\n[Install]\n"
                                "WantedBy=multi-user.target\n",
}


def cvd_header(built, version=27833, sigs=2071234):
    """A daily.cvd header as ClamAV's sigtool writes it: 512 bytes, space-padded, then the
    gzip'd tar the header describes (a stand-in: kensa reads the header only)."""
    import datetime
    import hashlib
    d = datetime.datetime.fromtimestamp(built, datetime.timezone.utc)
    when = d.strftime("%d %b %Y %H-%M +0000")
    md5 = hashlib.md5(str(built).encode()).hexdigest()
    head = "ClamAV-VDB:%s:%d:%d:90:%s:%s:raynman:%d" % (when, version, sigs, md5, "A" * 86, built)
    return head.encode().ljust(512, b" ") + b"\x1f\x8b\x08\x00" + b"\0" * 60


def clam_root(daemon=True, freshclam=True, db_age_days=1, db="daily.cvd"):
    root = debian_root(12)
    for unit, text in CLAMAV_UNITS.items():
        kt.write(root, "/lib/systemd/system/" + unit, text)
        on = daemon if unit.startswith("clamav-daemon") else freshclam
        if on:
            wants = os.path.join(root, "etc/systemd/system/multi-user.target.wants")
            os.makedirs(wants, exist_ok=True)
            os.symlink("/lib/systemd/system/" + unit, os.path.join(wants, unit))
    if db_age_days is not None:
        kt.write(root, "/var/lib/clamav/" + db, cvd_header(kt.AS_OF_EPOCH - db_age_days * 86400))
    return root


def am(root, *args, profile=None):
    extra = ["--profile", profile] if profile else []
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", AM, *extra, *args)
    assert code in (0, 2), (code, err)
    return kt.result(json.loads(out), AM)


def test_clamav_enabled_with_fresh_signatures_passes():
    r = am(clam_root())
    assert r["status"] == "pass" and "scanner daemon is enabled" in r["reason"], r
    ev = json.dumps(r)
    assert "version 27833, 2071234 signatures" in ev and "clamav-freshclam.service: enabled" in ev, ev
    assert am(clam_root(db="daily.cld"), profile="terminal")["status"] == "pass"


def test_clamav_old_signatures_or_no_updater():
    r = am(clam_root(db_age_days=30), profile="terminal")
    assert r["status"] == "fail" and "30 days old (limit 7 days)" in details(r), r
    r = am(clam_root(db_age_days=30))            # server: not required, still a warning
    assert r["status"] == "warn", r
    r = am(clam_root(freshclam=False), profile="terminal")
    assert r["status"] == "fail" and "clamav-freshclam" in details(r), r
    r = am(clam_root(db_age_days=None), profile="terminal")
    assert r["status"] == "fail" and "no ClamAV daily database" in details(r), r


def test_clamav_daemon_disabled():
    r = am(clam_root(daemon=False), profile="terminal")
    assert r["status"] == "fail" and "scanner daemon is not enabled" in details(r), r
    r = am(clam_root(daemon=False))
    assert r["status"] == "pass", r             # server: information only


def test_database_directory_from_freshclam_conf():
    root = clam_root(db_age_days=None)
    kt.write(root, "/etc/clamav/freshclam.conf", "DatabaseOwner clamav\nDatabaseDirectory /srv/clamav\n")
    kt.write(root, "/srv/clamav/daily.cld", cvd_header(kt.AS_OF_EPOCH - 86400))
    r = am(root, profile="terminal")
    assert r["status"] == "pass", r
    assert "line 2: DatabaseDirectory /srv/clamav" in json.dumps(r), r
    # the default directory is not looked at then
    kt.write(root, "/etc/clamav/freshclam.conf", "DatabaseDirectory /srv/other\n")
    r = am(root, profile="terminal")
    assert r["status"] == "fail" and "no ClamAV daily database" in details(r), r


def test_nothing_installed_required_or_not():
    r = am(debian_root(12), profile="terminal")
    assert r["status"] == "fail" and "no anti-malware software is active" in details(r), r
    r = am(debian_root(12))
    assert r["status"] == "pass" and "does not require it" in details(r), r


def test_edr_agent_counts_and_covers_clamav_gaps():
    root = clam_root(daemon=False)
    kt.write(root, "/lib/systemd/system/mdatp.service",
             "[Unit]\nDescription=Microsoft Defender\n[Service]\nExecStart=/opt/microsoft/mdatp/sbin/wdavdaemon\n"
             "[Install]\nWantedBy=multi-user.target\n")
    os.symlink("/lib/systemd/system/mdatp.service",
               os.path.join(root, "etc/systemd/system/multi-user.target.wants/mdatp.service"))
    r = am(root, profile="terminal")
    assert r["status"] == "pass" and "agent is active" in r["reason"], r
    assert any(f["subject"] == "mdatp.service" for f in r["findings"]), r


def test_malformed_database_header_is_not_a_pass():
    root = clam_root(db_age_days=None)
    kt.write(root, "/var/lib/clamav/daily.cvd", b"ClamAV-VDB:garbage" + b"\xff" * 600)
    r = am(root, profile="terminal")
    assert r["status"] == "fail" and "not a ClamAV database header" in json.dumps(r), r
    root = clam_root(db_age_days=None)
    os.makedirs(os.path.join(root, "var/lib/clamav"), exist_ok=True)
    os.symlink("/etc/passwd", os.path.join(root, "var/lib/clamav/daily.cvd"))
    r = am(root, profile="terminal")
    assert r["status"] == "fail", r


# ---- Windows ----------------------------------------------------------------------------------

sys.path.insert(0, os.path.join(kt.SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402


def win(scenario, *ids, profile=None):
    root = kt.scratch_root()
    mw.build(scenario, root)
    return root


def win_audit(root, check, profile=None, as_of=None):
    extra = ["--profile", profile] if profile else []
    code, out, err = kt.kensa("audit", "--root", root, "--platform", "windows", "--format", "json",
                              "--as-of", as_of or kt.AS_OF, "--lang", "en", "--only", check, *extra)
    assert code in (0, 2), (code, err)
    return kt.result(json.loads(out), check)


def test_windows_os_supported_by_build_and_edition():
    r = win_audit(win("windows-default"), OS)              # Windows 10 22H2 Pro, 19045
    assert r["status"] == "fail" and "ended on 2025-10-14" in details(r), r
    assert "CurrentBuild=19045 EditionID=Professional DisplayVersion=22H2" in json.dumps(r), r
    root = win("windows-hardened")                         # Windows 11 24H2 Enterprise, 26100
    r = win_audit(root, OS)
    assert r["status"] == "pass" and "until 2027-10-12" in r["reason"], r
    assert win_audit(root, OS, as_of="2027-06-01")["status"] == "warn"
    # the same build as Home/Pro ends a year earlier; as Server 2025, in 2034
    mw.reg(root, mw.NT_CV, "EditionID", mw.sz("Professional"))
    r = win_audit(root, OS, as_of="2026-10-14")
    assert r["status"] == "fail" and "2026-10-13" in details(r), r
    mw.reg(root, mw.NT_CV, "EditionID", mw.sz("ServerDatacenter"))
    r = win_audit(root, OS, as_of="2030-01-01")
    assert r["status"] == "pass" and "LTS/extended support continues until 2034-11-14" in details(r), r
    mw.reg(root, mw.NT_CV, "EditionID", mw.sz("SomethingNew"))
    r = win_audit(root, OS)
    assert r["status"] == "error" and "not in the support-lifecycle data" in r["reason"], r
    os.unlink(os.path.join(mw.key_dir(root, mw.NT_CV), "CurrentBuild"))
    assert win_audit(root, OS)["status"] == "error"


def test_windows_defender_states():
    root = win("windows-default")
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "pass" and "real-time protection is on" in r["reason"], r
    # signatures 20 days old
    mw.defender(root, mw.days_ago(20))
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "fail" and "20 days old (limit 7 days)" in details(r), r
    assert win_audit(root, AM)["status"] == "warn"        # server: not required
    # real-time protection off by policy; no other product
    mw.defender(root, mw.days_ago(0))
    mw.reg(root, mw.WD_POLICY + "\\Real-Time Protection", "DisableRealtimeMonitoring", mw.dword(1))
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "fail" and "turned off by policy" in details(r), r
    r = win_audit(root, AM)
    assert r["status"] == "pass" and "does not require" in details(r), r
    # a third-party product registered with Security Center and on
    mw.capture(root, "get-antivirusproduct.csv", mw.av_products([
        ("Windows Defender", 393472, "Tue, 24 Nov 2026 21:14:03 GMT"),
        ("ESET Security", 266240, "Tue, 24 Nov 2026 21:15:00 GMT")]))
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "pass" and "ESET Security" in r["reason"], r


def test_windows_passive_mode_and_malformed_captures():
    root = win("windows-hardened")
    mw.defender(root, mw.days_ago(0), passive=1)
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "fail" and "passive mode" in details(r), r
    mw.capture(root, "get-antivirusproduct.csv", b"not,a,csv\r\n1,2,3\r\n")
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "fail" and "not Security Center" in json.dumps(r), r
    root = win("windows-hardened")
    mw.reg(root, mw.WD + "\\Signature Updates", "SignaturesLastUpdated", b"\x01\x02")
    r = win_audit(root, AM, profile="terminal")
    assert r["status"] == "warn" and "cannot be known" in details(r), r


def test_nine_rules_edition():
    """--checklist mhlw-9rules: nine items, the checks on rules 1, 6 and 8, the rest manual; on
    Windows 11 24H2 with Defender on, rule 8 is answered yes."""
    root = win("windows-hardened")
    code, out, err = kt.kensa("audit", "--root", root, "--platform", "windows", "--checklist",
                              "mhlw-9rules", "--as-of", kt.AS_OF, "--format", "json")
    assert code in (0, 2), err
    rep = json.loads(out)
    kt.validate_schema(rep)
    assert rep["checklist"]["edition"] == "mhlw-9rules", rep["checklist"]
    items = {i["label"]: i for i in rep["items"]}
    assert list(items) == ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"], list(items)
    assert items["⑥"]["checks"] == ["updates.pending", "antimalware.active", "os.supported"]
    assert items["⑧"]["checks"] == ["antimalware.active", "os.supported"]
    assert items["⑧"]["answer"] == "yes", items["⑧"]
    assert items["⑤"]["checks"] == ["logs.review"], items["⑤"]
    # rules ③ and ④: the machine's evidence, a person's answer
    assert items["③"]["checks"] == ["backup.evidence"], items["③"]
    assert items["④"]["checks"] == ["network.access_control", "remote.access"], items["④"]
    for label in ("③", "④"):
        assert items[label]["status"] == "manual", items[label]
    for label in ("②", "⑦", "⑨"):
        assert items[label]["checks"] == [] and items[label]["status"] == "manual", items[label]
    # a mapped check carries no nine-rules label in this edition
    assert "guideline" not in kt.result(rep, AM), kt.result(rep, AM)



def test_list_names_the_rule_of_a_check_without_a_row():
    """kensa list: a check the edition has no row for shows the references it answers instead
    (the nine rules' numbers, the guideline's), in text and JSON, never a bare '-'."""
    code, out, err = kt.kensa("list", "--format", "json")
    assert code == 0, err
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    assert checks[OS]["items"] == [] and checks[OS]["guideline"] == ["9の心得 ⑥", "9の心得 ⑧"]
    assert checks["logs.review"]["guideline"] == ["9の心得 ⑤"], checks["logs.review"]
    assert "guideline" not in checks["accounts.stale"], checks["accounts.stale"]
    code, out, err = kt.kensa("list")
    line = next(l for l in out.splitlines() if l.startswith("logs.review "))
    assert "(9の心得 ⑤)" in line, line

if __name__ == "__main__":
    kt.run_tests(globals())
