#!/usr/bin/env python3
"""The evidence checks (backup.evidence for 3-2, remote.access for 2-2, host.inventory for 2-1)
on the Debian 12 fixture root evidence-debian12: what each finds, that the row stays a person's
answer with the question beside the evidence in every format, and that no secret in a
command line or a VPN configuration reaches a report."""
import json
import os
import shutil
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

FIXTURE = "evidence-debian12"
SECRETS = ("Hosp1tal-Restic-2025", "Pacs-Sync-77",
           # WireGuard keys and the OpenVPN inline key of the fixture
           "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
           "/UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=", "KensaTestVendorPrivateKeyMaterial")


def audit(root, check, *extra):
    _, rep = audit_json(root, "--only", check, *extra)
    return rep, with_shared_evidence(result(rep, check))


def ev_text(f):
    return "\n".join(f"{e.get('source')}: {e['value']}" for e in f["evidence"])


def item(rep, item_id):
    return next(i for i in rep["items"] if i["id"] == item_id)


def test_backup_jobs_of_the_fixture():
    root = scratch_root(FIXTURE)
    os.utime(os.path.join(root, "var/lib/bacula/bacula-fd.9102.state"), (1764472320, 1764472320))
    rep, r = audit(root, "backup.evidence")
    validate_schema(rep)
    assert r["status"] == "manual", r
    assert r["items"] == ["3-2"], r["items"]
    assert "5 scheduled backup job(s) (cron 3, run-parts scripts 1, systemd timers 1), 1 backup agent(s)" in r["reason"], r["reason"]
    assert "cannot be seen from this host" in r["reason"], r["reason"]
    assert all(f["severity"] == "info" for f in r["findings"]), r["findings"]
    assert subjects(r) == ["Bacula", "borgmatic", "restic", "rsync", "weekly-backup.sh"], subjects(r)
    by = {}
    for f in r["findings"]:
        by.setdefault(f["subject"], []).append(f)
    restic = by["restic"]
    assert [f["detail"] for f in restic] == [
        'cron runs it on the schedule "30 2 * * mon-sat" as root',
        'cron runs it on the schedule "0 4 * * sun" as root'], restic
    assert "/etc/cron.d/restic-emr: line 4: RESTIC_PASSWORD=*** /usr/bin/restic backup /srv/emr --quiet" in ev_text(restic[0])
    # the password file is a path, not a secret
    assert "--password-file /root/.restic-pass" in ev_text(restic[1]), ev_text(restic[1])
    rsync = by["rsync"][0]
    assert rsync["detail"] == "cron runs this script every week (run-parts)", rsync
    ev = ev_text(rsync)
    assert "/etc/cron.weekly/rsync-images: line 5:" in ev and "rsync://pacs:***@backup.example/pacs/" in ev, ev
    assert "line 4" not in ev, "a commented-out line is no job: " + ev
    borg = by["borgmatic"][0]
    assert borg["detail"] == "systemd timer borgmatic.timer (daily) starts borgmatic.service", borg
    assert "/usr/bin/borgmatic --verbosity -2" in ev_text(borg)
    assert by["weekly-backup.sh"][0]["detail"] == 'cron runs it on the schedule "15 23 * * 5" as root'
    assert "starts at boot" in by["Bacula"][0]["detail"]
    ev = "\n".join(f"{e.get('source')}: {e['value']}" for e in r["evidence"])
    assert "/etc/cron.d/restic-emr: line 7: bad minute (1 line(s) that cron skips)" in ev, ev
    assert "/var/lib/bacula/bacula-fd.9102.state: Bacula: last written 2025-11-30T03:12:00Z" in ev, ev
    # not jobs: dpkg's own database copy, /var/backups in the passwd script, a .dpkg-old file
    text = str(r)
    for absent in ("dpkg-db-backup", "/var/backups", "/mnt/old", "e2scrub"):
        assert absent not in text, absent
    row = item(rep, "3-2")
    assert row["status"] == "manual" and row["answer"] == "unchecked", row
    assert row["hint"].startswith("Check backups, their isolation from the network"), row


def test_backup_without_jobs_is_still_a_question():
    root = scratch_root(FIXTURE)
    for d in ("etc/cron.d", "etc/cron.weekly", "var/spool", "etc/systemd", "lib/systemd", "var/lib/bacula"):
        shutil.rmtree(os.path.join(root, d))
    os.unlink(os.path.join(root, "etc/crontab"))
    rep, r = audit(root, "backup.evidence")
    assert r["status"] == "manual" and not r["findings"], r
    assert r["reason"].startswith("no backup job is scheduled on this host"), r["reason"]


def test_site_answer_decides_the_row():
    root = scratch_root(FIXTURE)
    site = os.path.join(os.path.dirname(root), "site.ini")
    with open(site, "w") as f:
        f.write("[answer 3-2]\nanswer = yes\nby = Sato\ndate = 2026-11-20\n"
                "note = NAS copy weekly to tape kept off-site; restore tested 2026-10\n")
    _, rep = audit_json(root, "--only", "backup.evidence", "--site", site)
    row = item(rep, "3-2")
    assert row["answer"] == "yes", row


def test_every_format_shows_the_question_and_the_evidence():
    root = scratch_root(FIXTURE)
    for fmt in ("text", "html", "checklist"):
        for lang, question, evidence in (
                ("en", "Check backups, their isolation from the network", "restic"),
                ("ja", "バックアップの取得状況、ネットワークからの隔離", "restic")):
            code, out, err = kensa("audit", "--root", root, "--only", "backup.evidence",
                                   "--format", fmt, "--lang", lang, "--as-of", AS_OF)
            assert code in (0, 2), err
            assert question in out, (fmt, lang, out[-2000:])
            assert evidence in out, (fmt, lang)
            for s in SECRETS:
                assert s not in out, (fmt, s)
    code, out, err = kensa("audit", "--root", root, "--only", "backup.evidence", "--format",
                           "checklist", "--lang", "ja", "--as-of", AS_OF)
    line = next(l for l in out.splitlines() if "バックアップの取得状況" in l)
    assert line.strip().startswith("バックアップの取得状況、ネットワークからの隔離、復旧手順の確認日を確認する: "
                                   "backup.evidence: 手動 (定期実行のバックアップジョブ 5 件"), line


def test_remote_channels_of_the_fixture():
    rep, r = audit(scratch_root(FIXTURE), "remote.access")
    validate_schema(rep)
    assert r["status"] == "manual" and r["items"] == ["2-2"], r
    assert r["reason"] == ("remote maintenance channels found: sshd, xrdp, AnyDesk, OpenVPN, "
                           "WireGuard, strongSwan; confirm each with the vendor: answer item 2-2 "
                           "in the site file"), r["reason"]
    by = {f["subject"]: f for f in r["findings"]}
    assert all(f["severity"] == "info" for f in r["findings"])
    # x11vnc is left as config-files only: not a channel
    assert "VNC" not in by, by.keys()
    assert by["sshd"]["detail"].startswith("set to start"), by["sshd"]
    ev = ev_text(by["sshd"])
    assert "/var/lib/dpkg/status: package openssh-server 1:9.2p1-2+deb12u10 installed" in ev, ev
    assert "ssh.service starts at boot (enabled)" in ev and "ssh.socket does not start at boot (disabled)" in ev, ev
    assert "/etc/xdg/autostart/anydesk.desktop: started with every graphical login (autostart)" in ev_text(by["AnyDesk"])
    ev = ev_text(by["OpenVPN"])
    assert "openvpn-client@vendor.service starts at boot (enabled)" in ev, ev
    assert "/etc/openvpn/client/vendor.conf: line 5: connects to rm.vendor.example 1194" in ev, ev
    assert "/etc/openvpn/client/vendor.conf: line 6: connects to 203.0.113.40 1194" in ev, ev
    assert "inside" not in ev and "BEGIN" not in ev, ev
    assert "openvpn.service starts at boot the /etc/openvpn/*.conf that AUTOSTART names (all)" in ev, ev
    ev = ev_text(by["WireGuard"])
    assert by["WireGuard"]["detail"].startswith("installed or configured, not set to start"), by["WireGuard"]
    assert "/etc/wireguard/wg0.conf: accepts connections on 51820/udp" in ev, ev
    assert "/etc/wireguard/wg0.conf: line 10: connects to wg.vendor.example:51820" in ev, ev
    assert "/etc/ipsec.conf: line 17: connection vendor-site to 198.51.100.7" in ev_text(by["strongSwan"])
    row = item(rep, "2-2")
    assert row["status"] == "manual" and row["hint"].startswith("Confirm with the vendor"), row


def test_remote_openvpn_autostart_none_and_wg_enabled():
    root = scratch_root(FIXTURE)
    write(root, "etc/default/openvpn", 'AUTOSTART="none"\n')
    os.unlink(os.path.join(root, "etc/systemd/system/multi-user.target.wants/openvpn-client@vendor.service"))
    os.symlink("/lib/systemd/system/wg-quick@.service",
               os.path.join(root, "etc/systemd/system/multi-user.target.wants/wg-quick@wg0.service"))
    _, r = audit(root, "remote.access")
    by = {f["subject"]: f for f in r["findings"]}
    assert by["OpenVPN"]["detail"].startswith("installed or configured"), by["OpenVPN"]
    assert 'AUTOSTART="none"' in ev_text(by["OpenVPN"])
    assert by["WireGuard"]["detail"].startswith("set to start"), by["WireGuard"]
    assert "wg-quick@wg0.service starts at boot (enabled)" in ev_text(by["WireGuard"])


def test_remote_nothing_found():
    root = scratch_root()
    write(root, "etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')
    _, r = audit(root, "remote.access")
    assert r["status"] == "manual" and not r["findings"], r
    assert r["reason"].startswith("no remote maintenance channel found on this host"), r


def test_inventory_row_offline():
    root = scratch_root(FIXTURE)
    rep, r = audit(root, "host.inventory")
    validate_schema(rep)
    assert r["status"] == "manual" and r["items"] == ["2-1"], r
    assert r["reason"] == ("this machine's inventory row is in the evidence (host name, OS, "
                           "machine-id, serial number): check that the inventory lists it, and "
                           "answer item 2-1 in the site file"), r["reason"]
    assert "host name: emr-app01" in [e["value"] for e in r["evidence"]], r["evidence"]
    inv = rep["inventory"]
    assert inv == {
        "hostname": "emr-app01", "os": "Debian GNU/Linux 12 (bookworm)", "os_version": "12",
        # the newest in Debian's version order (27 > 18 > 9), not in name order
        "kernel": "6.1.0-27-amd64 (newest in /lib/modules; not running: offline audit)",
        "machine_id": "5f3c9a1e7b2d4c6e8f0a1b2c3d4e5f60", "dmi_vendor": None,
        "dmi_product": None, "dmi_serial": None, "addresses": None, "macs": None,
        "packages": "8", "kensa_version": rep["tool"]["version"]}, inv
    ev = "\n".join(f"{e.get('source')}: {e['value']}" for e in r["evidence"])
    assert "/etc/machine-id: machine-id: 5f3c9a1e7b2d4c6e8f0a1b2c3d4e5f60" in ev, ev
    assert "offline audit: DMI, addresses and MACs belong to the running machine" in ev, ev
    assert item(rep, "2-1")["hint"].startswith("Check that this machine"), item(rep, "2-1")
    # without host.inventory there is no inventory object
    _, rep2 = audit_json(root, "--only", "backup.evidence")
    assert "inventory" not in rep2, rep2.keys()


def test_inventory_csv_and_ledger():
    import csv
    import io
    root = scratch_root(FIXTURE)
    code, raw, err = kensa_bytes("audit", "--root", root, "--only", "host.inventory", "--format",
                                 "inventory", "--as-of", AS_OF)
    assert code == 0, err
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and raw.count(b"\r\n") == 2, raw
    out = raw.decode()
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0] == ["hostname", "os", "os_version", "kernel", "machine_id", "dmi_vendor",
                       "dmi_product", "dmi_serial", "addresses", "macs", "packages",
                       "kensa_version"], rows[0]
    assert len(rows) == 2 and rows[1][0] == "emr-app01" and rows[1][4] == "5f3c9a1e7b2d4c6e8f0a1b2c3d4e5f60", rows
    # a ledger of saved reports: one header, one line per host, in the order given
    saved = []
    for name in ("emr-app01", "=cmd|' /C calc'!A0"):
        write(root, "etc/hostname", name + "\n")
        path = os.path.join(os.path.dirname(root), f"r{len(saved)}.json")
        code, _, err = kensa("audit", "--root", root, "--only", "host.inventory", "--format",
                             "json", "--output", path, "--as-of", AS_OF)
        assert code == 0, err
        saved.append(path)
    code, out, err = kensa("report", "--format", "inventory", *saved)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert [r[0] for r in rows] == ["hostname", "emr-app01", "'=cmd|' /C calc'!A0"], rows
    # the live host, as far as this machine allows
    code, out, err = kensa("audit", "--only", "host.inventory", "--format", "inventory")
    assert code == 0, err
    live = list(csv.reader(io.StringIO(out[1:])))[1]
    assert live[0] == socket.gethostname() and live[3].startswith("Linux "), live


def test_remote_access_windows():
    root = scratch_root()
    mw.build("windows-hardened", root)
    cs = "CurrentControlSet"
    ts = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server"
    mw.reg(root, ts, "fDenyTSConnections", mw.dword(0))
    mw.reg(root, ts + "\\WinStations\\RDP-Tcp", "UserAuthentication", mw.dword(0))
    mw.reg(root, ts + "\\WinStations\\RDP-Tcp", "PortNumber", mw.dword(3390))
    mw.service(root, cs, "TeamViewer", 2, display="TeamViewer")
    mw.service(root, cs, "OpenVPNService", 3, display="OpenVPNService")
    un = "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
    mw.reg(root, un + "\\TeamViewer", "DisplayName", mw.sz("TeamViewer"))
    mw.reg(root, un + "\\{B5E2D7C8-1F3A-4E6B-9C0D-2A4F6E8B1C3D}", "DisplayName", mw.sz("OpenVPN 2.6.12-I001 amd64"))
    mw.reg(root, un + "\\7-Zip", "DisplayName", mw.sz("7-Zip 23.01 (x64)"))
    _, rep = audit_json(root, "--platform", "windows", "--only", "remote.access")
    validate_schema(rep)
    r = with_shared_evidence(result(rep, "remote.access"))
    assert r["status"] == "manual" and r["items"] == ["2-2"], r
    assert r["reason"].startswith("remote maintenance channels found: Remote Desktop, TeamViewer, OpenVPN;"), r["reason"]
    by = {f["subject"]: f for f in r["findings"]}
    ev = ev_text(by["Remote Desktop"])
    assert "fDenyTSConnections = 0" in ev and "port 3390/tcp" in ev and "Network Level Authentication not required" in ev, ev
    assert by["TeamViewer"]["detail"].startswith("set to start"), by["TeamViewer"]
    assert "service TeamViewer starts with Windows (Start = 2)" in ev_text(by["TeamViewer"])
    assert "installed: TeamViewer" in ev_text(by["TeamViewer"])
    assert by["OpenVPN"]["detail"].startswith("installed or configured"), by["OpenVPN"]
    assert "installed: OpenVPN 2.6.12-I001 amd64" in ev_text(by["OpenVPN"])
    assert "7-Zip" not in json.dumps(r)
    # the same root with Remote Desktop off and nothing else
    mw.reg(root, ts, "fDenyTSConnections", mw.dword(1))
    shutil.rmtree(mw.key_dir(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node"))
    for svc in ("TeamViewer", "OpenVPNService"):
        shutil.rmtree(mw.key_dir(root, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\" + svc))
    _, rep = audit_json(root, "--platform", "windows", "--only", "remote.access")
    r = result(rep, "remote.access")
    assert not r["findings"] and r["reason"].startswith("no remote maintenance channel"), r


def test_inventory_windows():
    root = scratch_root()
    mw.build("windows-hardened", root)
    hk = "HKEY_LOCAL_MACHINE\\"
    mw.reg(root, hk + "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName",
           "ComputerName", mw.sz("CLINIC-PC01"))
    cv = hk + "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
    mw.reg(root, cv, "DisplayVersion", mw.sz("22H2"))
    mw.reg(root, cv, "CurrentBuild", mw.sz("19045"))
    mw.reg(root, cv, "ProductName", mw.sz("Windows 10 Pro"))
    mw.reg(root, hk + "SOFTWARE\\Microsoft\\Cryptography", "MachineGuid",
           mw.sz("0f6e2b1c-5a3d-4e7f-9b8a-1c2d3e4f5a6b"))
    bios = hk + "HARDWARE\\DESCRIPTION\\System\\BIOS"
    mw.reg(root, bios, "SystemManufacturer", mw.sz("FUJITSU"))
    mw.reg(root, bios, "SystemProductName", mw.sz("ESPRIMO D7012"))
    un = hk + "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
    mw.reg(root, un + "\\7-Zip", "DisplayName", mw.sz("7-Zip 23.01 (x64)"))
    mw.mkkey(root, un + "\\KB5005463")  # an update's key without DisplayName: not a program
    mw.reg(root, hk + "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk",
           "DisplayName", mw.sz("AnyDesk"))
    _, rep = audit_json(root, "--platform", "windows", "--only", "host.inventory")
    validate_schema(rep)
    r = result(rep, "host.inventory")
    assert r["status"] == "manual", r
    assert rep["inventory"] == {
        "hostname": "CLINIC-PC01", "os": "Windows 10 Pro", "os_version": "22H2 (build 19045)",
        "kernel": None, "machine_id": "0f6e2b1c-5a3d-4e7f-9b8a-1c2d3e4f5a6b",
        "dmi_vendor": "FUJITSU", "dmi_product": "ESPRIMO D7012", "dmi_serial": None,
        "addresses": None, "macs": None, "packages": "2",
        "kensa_version": rep["tool"]["version"]}, rep["inventory"]


# A task as Task Scheduler 1.2 writes it (Windows 10/11: exported with schtasks /query /xml and
# stored in C:\\Windows\\System32\\Tasks as UTF-16LE with a BOM).
WBADMIN_TASK = """<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Date>2025-04-14T10:12:03</Date>
    <Author>CLINIC-PC01\\admin</Author>
    <URI>\\Clinic\\Nightly EMR backup</URI>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2025-04-14T02:30:00</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>true</DisallowStartIfOnBatteries>
    <Enabled>%s</Enabled>
    <ExecutionTimeLimit>PT72H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>C:\\Windows\\System32\\wbadmin.exe</Command>
      <Arguments>start backup -backupTarget:\\\\nas01\\emr -include:D: -user:backup -password:Nas-Pass-55 -quiet</Arguments>
    </Exec>
  </Actions>
</Task>
"""


def test_backup_evidence_windows():
    root = scratch_root()
    mw.build("windows-hardened", root)
    tasks = os.path.join(root, "Windows/System32/Tasks")
    os.makedirs(os.path.join(tasks, "Clinic"))
    with open(os.path.join(tasks, "Clinic", "Nightly EMR backup"), "wb") as f:
        f.write("\ufeff".encode("utf-16-le") + (WBADMIN_TASK % "true").replace("\n", "\r\n").encode("utf-16-le"))
    with open(os.path.join(tasks, "Clinic", "Old copy"), "wb") as f:
        f.write("\ufeff".encode("utf-16-le") + (WBADMIN_TASK % "false").replace("wbadmin.exe", "robocopy.exe").encode("utf-16-le"))
    with open(os.path.join(tasks, "OneDrive Standalone Update Task"), "wb") as f:
        f.write("\ufeff".encode("utf-16-le") + (WBADMIN_TASK % "true").replace("C:\\Windows\\System32\\wbadmin.exe", "%localappdata%\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe").replace("<Arguments>" + WBADMIN_TASK.split("<Arguments>")[1].split("</Arguments>")[0], "<Arguments>/reporting").encode("utf-16-le"))
    mw.service(root, "CurrentControlSet", "wbengine", 3, display="Block Level Backup Engine Service")
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "backup.evidence", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    assert code == 0, err
    assert "Nas-Pass-55" not in out
    rep = json.loads(out)
    validate_schema(rep)
    r = with_shared_evidence(result(rep, "backup.evidence"))
    assert r["status"] == "manual", r
    assert r["reason"].startswith("1 scheduled backup task(s), 0 backup service(s) starting;"), r["reason"]
    by = {f["subject"]: f for f in r["findings"]}
    assert set(by) == {"Clinic/Nightly EMR backup", "Clinic/Old copy", "Windows Server Backup"}, by.keys()
    night = by["Clinic/Nightly EMR backup"]
    assert night["detail"] == "scheduled task runs wbadmin (CalendarTrigger)", night
    assert "-password:***" in ev_text(night) or "-password:Nas" not in ev_text(night), ev_text(night)
    assert "\\\\nas01\\emr" in ev_text(night), ev_text(night)
    assert by["Clinic/Old copy"]["detail"] == "scheduled task would run robocopy, but it is disabled (CalendarTrigger)"
    assert "does not start with Windows" in by["Windows Server Backup"]["detail"]


def test_no_secret_in_json():
    root = scratch_root(FIXTURE)
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--as-of", AS_OF)
    for s in SECRETS:
        assert s not in out and s not in err, s


if __name__ == "__main__":
    run_tests(globals())
