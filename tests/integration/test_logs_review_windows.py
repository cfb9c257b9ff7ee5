#!/usr/bin/env python3
"""logs.review on Windows: the Security log exported with wevtutil (kensa-capture/Security.evtx),
built by tests/helpers/make_windows_root.py from real public samples' chunks (templates as
Windows wrote them, our events added), and a real Security log as published (python-evtx's)."""
import datetime
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

PROFILE = os.path.join(SOURCE_ROOT, "tests", "data", "profiles", "windows-fixture.ini")
DATA = os.path.join(SOURCE_ROOT, "tests", "data", "evtx")
CAPTURE = "kensa-capture/Security.evtx"


def win_root(scenario="windows-default"):
    root = scratch_root()
    mw.build(scenario, root)
    if not os.path.exists(os.path.join(root, CAPTURE)):
        raise Skip("the public .evtx samples are not in this tree (tests/data/evtx/README.md)")
    return root


def review(root, *extra):
    _, rep = audit_json(root, "--platform", "windows", "--only", "logs.review", *extra)
    validate_schema(rep)
    return result(rep, "logs.review")


def profile(root, text):
    p = os.path.join(os.path.dirname(root), "site.ini")
    with open(p, "w") as f:
        f.write(f"include = {PROFILE}\n\n{text}")
    return p


def findings(r, severity=None):
    return [(f["subject"], f["detail"]) for f in r["findings"]
            if severity in (None, f["severity"])]


def evidence_text(r):
    out = [e.get("value") or "" for e in r["evidence"]]
    out += [e.get("value") or "" for f in r["findings"] for e in f["evidence"]]
    return " | ".join(out)


def test_logon_after_a_burst_fails_with_counts_and_times():
    r = review(win_root())
    assert r["status"] == "fail", r
    fails = findings(r, "fail")
    assert fails == [("CLINIC-PC01\\suzuki", fails[0][1])], fails
    assert "2026-11-21T14:06:00Z" in fails[0][1] and "10 minutes" in fails[0][1], fails
    warns = dict(findings(r, "warn"))
    assert "12 failed logons, 1 burst(s) of 10" in warns["CLINIC-PC01\\suzuki"] or any(
        "12 failed logons" in d for s, d in findings(r, "warn") if s == "CLINIC-PC01\\suzuki"), warns
    assert "source of 12 failed logons" in warns["203.0.113.7"], warns
    ev = evidence_text(r)
    assert "2026-11-21T14:00:00Z – 2026-11-21T14:03:40Z" in ev, ev
    # Guest's SID (RID 501) and NETWORK SERVICE added to Administrators
    subjects = [s for s, _ in findings(r, "warn")]
    assert "Builtin\\Administrators <- S-1-5-20" in subjects, subjects
    assert any(s.endswith("-501") for s in subjects), subjects
    # 40 days ago is outside a monthly review
    assert "old" not in " ".join(subjects) and "198.51.100.9" not in ev, ev
    assert "12 failed logon(s)" in r["reason"], r["reason"]
    # counts and times, never whole records: no SubjectLogonId, no process path
    assert "chrome.exe" not in ev and "0x0000000000079e59" not in ev, ev


def test_burst_threshold_and_review_period_come_from_the_profile():
    root = win_root()
    # 13 failures needed: twelve is no burst, the logon after them no longer fails
    r = review(root, "--profile", profile(root, "[logs]\nreview_burst_failures = 13\n"))
    assert not findings(r, "fail"), findings(r)
    assert "0 account(s) with a burst" in r["reason"], r["reason"]
    # a 45-day review sees the failure 40 days ago
    r = review(root, "--profile", profile(root, "[logs]\nreview_days = 45\n"))
    assert "13 failed logon(s)" in r["reason"], r["reason"]
    assert "198.51.100.9" in evidence_text(r)


def test_previous_report_in_report_dir_starts_the_period():
    """With --report-dir the period starts at the host's previous report, as on Linux: the burst
    of 2026-11-21 was reviewed in the report of the 22nd and is not reported again on the 25th."""
    root = win_root()
    rdir = os.path.join(os.path.dirname(root), "reports")
    args = ("audit", "--root", root, "--platform", "windows", "--only", "logs.review",
            "--report-dir", rdir, "--lang", "en")
    code, _, err = kensa(*args, "--as-of", "2026-11-22")
    assert code in (0, 2), err
    code, _, err = kensa(*args, "--as-of", AS_OF)
    assert code in (0, 2), err
    import glob
    import json
    latest = sorted(glob.glob(os.path.join(rdir, "*.json")))[-1]
    r = result(json.load(open(latest)), "logs.review")
    ev = evidence_text(r)
    assert "period: since the previous report (2026-11-22T" in ev, ev
    assert not findings(r, "fail"), findings(r)
    assert "0 failed logon(s)" in r["reason"], r["reason"]
    # without the report directory, the monthly period still holds the burst
    assert review(root)["status"] == "fail"


def test_expected_administrators_are_not_listed():
    root = win_root()
    r = review(root, "--profile", profile(root, "[logs]\nreview_administrators = IEUser, suzuki\n"))
    subjects = [s for s, d in findings(r, "warn") if "not an administrator" in d]
    assert subjects == [], findings(r)
    assert "2 logon(s) by administrators" in evidence_text(r)
    # the Administrators group, captured, stands in when the profile names nobody
    mw.capture(root, "net-localgroup/Administrators.txt",
               b"Alias name     Administrators\r\nComment        Administrators have complete and "
               b"unrestricted access to the computer/domain\r\n\r\nMembers\r\n\r\n"
               b"-------------------------------------------------------------------------------\r\n"
               b"Administrator\r\nIEUser\r\nThe command completed successfully.\r\n\r\n")
    r = review(root)
    subjects = [s for s, d in findings(r, "warn") if "not an administrator" in d]
    assert subjects == ["CLINIC-PC01\\suzuki"], findings(r)


def test_real_security_log_as_published():
    root = win_root()
    shutil.copy(os.path.join(DATA, "python-evtx-security.evtx"), os.path.join(root, CAPTURE))
    r = review(root, "--as-of", "2016-07-30")
    assert r["status"] == "warn", r
    ev = evidence_text(r)
    assert "2261 event records in 26 chunks read (0 damaged chunks, 0 unreadable" in ev, ev
    # the log's accounts created and added to groups in July 2016 (python-evtx reads the same)
    subjects = [s for s, _ in findings(r, "warn")]
    assert any(s.startswith("Builtin\\Administrators <- ") for s in subjects), subjects
    assert "0 failed logon(s)" in r["reason"], r["reason"]


def test_computer_accounts_and_service_logons_are_not_people():
    root = win_root()
    when = mw.AS_OF - datetime.timedelta(days=1)
    mw.security_log(os.path.join(root, CAPTURE), [
        mw._logon(4624, when, "FILESRV$", "192.0.2.10"),          # a computer account, network
        mw._logon(4624, when, "tanaka", "-", logon_type=5),       # a service logon
        mw._logon(4624, when, "sato", "192.0.2.11", logon_type=10),  # Remote Desktop: a person
    ])
    r = review(root)
    subjects = [s for s, d in findings(r, "warn") if "not an administrator" in d]
    assert subjects == ["CLINIC-PC01\\sato"], findings(r)
    assert "10 192.0.2.11" in evidence_text(r), evidence_text(r)
    assert r["status"] == "warn", r


def test_no_capture_is_not_applicable_and_garbage_is_an_error():
    root = win_root()
    os.remove(os.path.join(root, CAPTURE))
    os.remove(os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs/Security.evtx"))
    r = review(root)
    assert r["status"] == "not_applicable", r
    assert "wevtutil epl Security" in r["reason"], r
    with open(os.path.join(root, CAPTURE), "wb") as f:
        f.write(b"ElfFile\0" + b"\xff" * 5000)
    r = review(root)
    assert r["status"] == "error" and "CRC32" in r["reason"], r
    # a capture whose every chunk is damaged never passes
    with open(os.path.join(DATA, "CA_4624_4625_LogonType2_LogonProc_chrome.evtx"), "rb") as f:
        data = bytearray(f.read())
    data[4096 + 700] ^= 0xFF
    with open(os.path.join(root, CAPTURE), "wb") as f:
        f.write(data)
    r = review(root)
    assert r["status"] == "error", r
    assert "1 damaged chunks" in evidence_text(r), evidence_text(r)


def test_log_file_on_a_copied_disk_is_read_without_a_capture():
    root = win_root()
    logs = os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs")
    shutil.move(os.path.join(root, CAPTURE), os.path.join(logs, "Security.evtx"))
    r = review(root)
    assert r["status"] == "fail", r
    sources = {e.get("source") for e in r["evidence"]}
    assert "/cygdrive/c/Windows/System32/winevt/Logs/Security.evtx" in sources, sources


if __name__ == "__main__":
    run_tests(globals())
