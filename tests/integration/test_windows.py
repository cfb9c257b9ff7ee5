#!/usr/bin/env python3
"""Windows (issue 7): the same check ids on --platform windows, from a registry as Cygwin shows it
(proc/registry, raw value bytes) and a vendor's captures (kensa-capture/), built at test time by
tests/helpers/make_windows_root.py; and live audits through the fake secedit/net/powershell of
tests/helpers/fake-windows, which tests/data/profiles/windows-fixture.ini points [windows] at."""
import datetime
import json
import os
import re
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

PROFILE = os.path.join(SOURCE_ROOT, "tests", "data", "profiles", "windows-fixture.ini")
WINDOWS_IDS = {"accounts.stale", "media.usb_storage", "password.policy", "password.max_age",
               "password.history", "logs.retention", "services.unneeded", "updates.pending",
               "auth.lockout", "auth.two_factor", "accounts.privileged", "remote.access",
               "host.inventory", "backup.evidence", "network.access_control", "os.supported",
               "antimalware.active", "logs.review"}
HKLM = "HKEY_LOCAL_MACHINE"


def win_root(scenario):
    root = scratch_root()
    mw.build(scenario, root)
    return root


def audit_win(root, *ids, extra=()):
    args = ["--platform", "windows"]
    if ids:
        args += ["--only", ",".join(ids)]
    _, rep = audit_json(root, *args, *extra)
    return rep


def one(root, check_id, *extra):
    return result(audit_win(root, check_id, extra=extra), check_id)


def details(r, subject=None, severity=None):
    return [f["detail"] for f in r["findings"]
            if subject in (None, f["subject"]) and severity in (None, f["severity"])]


def evidence(r):
    out = [f"{e.get('source')}: {e.get('value')}" for e in r["evidence"]]
    out += [f"{e.get('source')}: {e.get('value')}" for f in r["findings"] for e in f["evidence"]]
    return " | ".join(out)


def rm_capture(root, name):
    p = os.path.join(root, "kensa-capture", name)
    if os.path.isdir(p):
        shutil.rmtree(p)
    else:
        os.remove(p)


# ---- the registry of checks ---------------------------------------------------------------------

def test_list_has_one_row_per_id_with_both_platforms():
    code, out, err = kensa("list", "--format", "json")
    assert code == 0, err
    checks = json.loads(out)["checks"]
    ids = [c["id"] for c in checks]
    assert len(ids) == len(set(ids)), ids
    plat = {c["id"]: c["platforms"] for c in checks}
    for i in WINDOWS_IDS:
        assert plat[i] == ["linux", "windows"], (i, plat[i])
    assert plat["password.hash"] == ["linux"], plat
    code, out, _ = kensa("list")
    assert sum(1 for l in out.splitlines() if l.startswith("accounts.stale ")) == 1, out
    assert "linux,windows" in out


def test_platform_windows_runs_the_windows_entries_only():
    root = win_root("windows-default")
    rep = audit_win(root)
    assert {r["id"] for r in rep["results"]} == WINDOWS_IDS, [r["id"] for r in rep["results"]]
    assert rep["host"]["platform"] == "windows"
    validate_schema(rep)
    # the same root as Linux is no Linux root: refused, never a report of nothing found
    code, _, err = kensa("audit", "--root", root, "--platform", "linux", "--only",
                         "media.usb_storage")
    assert code == 1 and "not a root file system" in err, (code, err)
    assert "it holds Windows captures: add --platform windows" in err, err
    # items are answered from the Windows results; Linux-only ids did not run
    items = {i["id"]: i for i in rep["items"]}
    assert items["2-9"]["answer"] == "no", items["2-9"]


# ---- accounts.stale ---------------------------------------------------------------------------

def test_accounts_default_from_get_localuser():
    r = one(win_root("windows-default"), "accounts.stale")
    assert r["status"] == "fail", r
    assert subjects(r, "fail") == ["Administrator", "hanako", "taro"], r["findings"]
    assert subjects(r, "warn") == ["uketsuke"], r["findings"]
    assert "RID 500" in details(r, "Administrator")[0]
    assert "no logon for 200 days" in details(r, "taro")[0]
    assert "password set 120 days ago" in details(r, "hanako")[0]
    assert "get-localuser.csv" in evidence(r) and "line 2" in evidence(r)


def test_accounts_hardened_pass():
    r = one(win_root("windows-hardened"), "accounts.stale")
    assert r["status"] == "pass", r
    assert r["reason"] == "2 of 4 local accounts are enabled", r["reason"]


def test_accounts_guest_enabled_and_exempt_list():
    root = win_root("windows-hardened")
    users = [dict(u) for u in mw.HARDENED_USERS]
    users[1]["enabled"] = True
    users.append({"name": "vendor", "enabled": True, "last_logon": mw.days_ago(365),
                  "pwset": mw.days_ago(400), "sid": mw.SID % 1010})
    mw.capture(root, "get-localuser.csv", mw.localuser_csv(users))
    r = one(root, "accounts.stale")
    assert subjects(r, "fail") == ["Guest", "vendor"], r["findings"]
    assert "RID 501" in details(r, "Guest")[0]
    prof = os.path.join(os.path.dirname(root), "site.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[accounts]\nexempt = VENDOR\n")
    r = one(root, "accounts.stale", "--profile", prof)
    assert subjects(r, "fail") == ["Guest"], r["findings"]  # names compare without case


def test_accounts_net_user_fallback_japanese():
    root = win_root("windows-default")
    rm_capture(root, "get-localuser.csv")
    mw.net_user_captures(root, mw.DEFAULT_USERS, "ja")
    r = one(root, "accounts.stale")
    assert r["status"] == "fail", r
    # Administrator found by name (net user has no SID; secedit names it), ja-JP dates parsed
    assert subjects(r, "fail") == ["Administrator", "hanako", "taro"], r["findings"]
    assert subjects(r, "warn") == ["uketsuke"], r["findings"]
    ev = evidence(r)
    assert "Get-LocalUser not used" in ev and "net-user.txt" in ev, ev
    assert "Administrator is 'Administrator'" in ev, ev
    assert "2026/05/09" in ev, ev  # the raw ja-JP date as evidence


def test_accounts_net_user_fallback_english_renamed_admin():
    root = win_root("windows-default")
    rm_capture(root, "get-localuser.csv")
    users = [dict(u) for u in mw.DEFAULT_USERS]
    users[0]["name"] = "clinicroot"  # renamed built-in Administrator
    mw.net_user_captures(root, users, "en")
    mw.capture(root, "secedit.inf", mw.secedit_inf(0, 0, 0, 42, 0, admin="clinicroot"))
    r = one(root, "accounts.stale")
    assert "RID 500" in details(r, "clinicroot")[0], r["findings"]
    assert "no logon for 200 days" in details(r, "taro")[0], r["findings"]


def net_user_root(users, lang, intl=True, tz=None):
    """windows-default (a captured hive: ControlSet001) with net user captures only."""
    root = win_root("windows-default")
    rm_capture(root, "get-localuser.csv")
    if tz:
        mw.timezone(root, "ControlSet001", tz)
    mw.net_user_captures(root, users, lang, intl=intl)
    return root


def with_user(name, **changes):
    users = [dict(u) for u in mw.DEFAULT_USERS]
    for u in users:
        if u["name"] == name:
            u.update(changes)
    return users


END_OF_AS_OF = mw.AS_OF + datetime.timedelta(seconds=86399)  # --as-of judges the end of the day


def test_net_user_dates_follow_the_pcs_short_date_format():
    """issue 15, item 9: en-GB prints day first; 09/05/2026 is 9 May, not 5 September."""
    root = net_user_root(mw.DEFAULT_USERS, "en-GB")
    assert "09/05/2026" in open(os.path.join(root, "kensa-capture/net-user/taro.txt")).read()
    r = one(root, "accounts.stale")
    assert subjects(r, "fail") == ["Administrator", "hanako", "taro"], r["findings"]
    assert "no logon for 200 days" in details(r, "taro")[0], r["findings"]
    assert "password set 120 days ago" in details(r, "hanako")[0], r["findings"]  # 28/07/2026
    assert "short date format 'dd/MM/yyyy': net user dates are read day first" in evidence(r)
    # no International settings captured: 09/05/2026 cannot be read, 28/07/2026 can
    root = net_user_root(mw.DEFAULT_USERS, "en-GB", intl=False)
    r = one(root, "accounts.stale")
    assert subjects(r, "fail") == ["Administrator", "hanako"], r["findings"]
    assert "could each be the month" in details(r, "taro")[0], r["findings"]
    assert "not judged" in details(r, "taro")[0]
    assert "short date format is unknown" in evidence(r), evidence(r)
    # the default profile's settings (HKU\.DEFAULT) say it when the user's are not captured
    mw.international(root, "en-GB", hive="HKEY_USERS\\.DEFAULT")
    r = one(root, "accounts.stale")
    assert "no logon for 200 days" in details(r, "taro")[0], r["findings"]
    # ja-JP (yyyy/MM/dd) and en-US (M/d/yyyy) as before
    for lang in ("ja", "en"):
        r = one(net_user_root(mw.DEFAULT_USERS, lang), "accounts.stale")
        assert subjects(r, "fail") == ["Administrator", "hanako", "taro"], (lang, r["findings"])
    # Windows 10 puts LEFT-TO-RIGHT MARKs before each date field: kept in a UTF-16 capture
    # (PowerShell's Out-File), '?' in one redirected in the OEM code page
    root = net_user_root(mw.DEFAULT_USERS, "en")
    for name in ("taro", "hanako"):
        path = os.path.join(root, "kensa-capture/net-user", name + ".txt")
        text = open(path, encoding="ascii").read()
        marked = re.sub(r"(?<= )(\d+)/(\d+)/(\d{4})", "\u200e\\1/\u200e\\2/\u200e\\3", text)
        assert marked != text
        with open(path, "wb") as f:
            if name == "taro":
                f.write(b"\xff\xfe" + marked.encode("utf-16-le"))
            else:
                f.write(marked.replace("\u200e", "?").encode("ascii"))
    r = one(root, "accounts.stale")
    assert "no logon for 200 days" in details(r, "taro")[0], r["findings"]
    assert "password set 120 days ago" in details(r, "hanako")[0], r["findings"]


def test_net_user_times_are_the_pcs_local_time():
    """issue 15, item 10: 91 days and 3 hours ago in Tokyo time is stale (limit 90); read as
    UTC it would be 90 days and 18 hours."""
    last = END_OF_AS_OF - datetime.timedelta(days=91, hours=3)
    root = net_user_root(with_user("taro", last_logon=last), "ja")
    r = one(root, "accounts.stale")
    assert "no logon for 91 days" in details(r, "taro")[0], r["findings"]
    assert "time zone Tokyo Standard Time: Bias = -540 minutes (UTC+9:00)" in evidence(r), evidence(r)
    # British summer time: 30 minutes past 91 days, written in BST (UTC+1)
    last = END_OF_AS_OF - datetime.timedelta(days=91, minutes=30)
    root = net_user_root(with_user("taro", last_logon=last), "en-GB", tz="GMT Standard Time")
    assert "27/08/2026 00:29:59" in open(os.path.join(root, "kensa-capture/net-user/taro.txt")).read()
    r = one(root, "accounts.stale")
    assert "no logon for 91 days" in details(r, "taro")[0], r["findings"]
    assert "with daylight saving time" in evidence(r), evidence(r)
    # no time zone captured: dated accounts are not judged, never read as UTC
    shutil.rmtree(os.path.join(root, "proc/registry/HKEY_LOCAL_MACHINE/SYSTEM/ControlSet001/"
                               "Control/TimeZoneInformation"))
    r = one(root, "accounts.stale")
    assert "time zone is unknown" in details(r, "taro")[0], r["findings"]
    assert subjects(r, "fail") == ["Administrator"], r["findings"]  # RID 500 needs no date
    assert "the PC's time zone is unknown" in evidence(r), evidence(r)
    # the hardened PC, all accounts dated: nothing judged by date, so no pass
    root = win_root("windows-hardened")
    rm_capture(root, "get-localuser.csv")
    mw.net_user_captures(root, mw.HARDENED_USERS, "ja")
    shutil.rmtree(os.path.join(root, "proc/registry/HKEY_LOCAL_MACHINE/SYSTEM/CurrentControlSet/"
                               "Control/TimeZoneInformation"))
    r = one(root, "accounts.stale")
    assert r["status"] == "error", r
    assert "2 of 4 local accounts cannot be read or dated" in r["reason"], r["reason"]


def test_accounts_malformed_capture_is_an_error_not_a_pass():
    root = win_root("windows-hardened")
    mw.capture(root, "get-localuser.csv", b'"Name","Enabled"\r\n"x","True"\r\n')
    r = one(root, "accounts.stale")
    assert r["status"] == "error", r
    assert "lacks Name, Enabled or SID" in evidence(r) or "net-user.txt" in r["reason"], r


def test_accounts_one_missing_net_user_capture_is_that_accounts_error():
    """issue 15, item 11: one account's capture missing leaves that account unjudged, the
    others are still judged."""
    root = win_root("windows-hardened")
    rm_capture(root, "get-localuser.csv")
    mw.net_user_captures(root, mw.HARDENED_USERS, "en")
    r = one(root, "accounts.stale")
    assert r["status"] == "pass", r
    rm_capture(root, "net-user/clinicadmin.txt")
    r = one(root, "accounts.stale")
    assert r["status"] == "error", r
    assert "1 of 4 local accounts cannot be read or dated" in r["reason"], r["reason"]
    assert subjects(r) == ["clinicadmin"], r["findings"]
    assert "net-user/clinicadmin.txt" in evidence(r), evidence(r)
    # a failing account still fails the check; the unread one is reported beside it
    root = win_root("windows-default")
    rm_capture(root, "get-localuser.csv")
    mw.net_user_captures(root, mw.DEFAULT_USERS, "en")
    mw.capture(root, "net-user/hanako.txt", b"The user name could not be found.\r\n")
    r = one(root, "accounts.stale")
    assert r["status"] == "fail", r
    assert subjects(r, "fail") == ["Administrator", "taro"], r["findings"]
    assert "not judged" in details(r, "hanako")[0], r["findings"]
    assert "layout of `net user NAME`" in evidence(r), evidence(r)


def test_password_max_age_does_not_pass_on_accounts_it_could_not_read():
    root = win_root("windows-hardened")
    # 8 characters, 42 days: no length exception, the policy passes, the accounts decide
    mw.capture(root, "secedit.inf", mw.secedit_inf(8, 1, 24, 42, 1))
    r = one(root, "password.max_age")
    assert r["status"] == "pass", r
    rm_capture(root, "get-localuser.csv")  # and no net user capture either
    r = one(root, "password.max_age")
    assert r["status"] == "error", r
    assert "accounts could not be read" in r["reason"], r["reason"]
    mw.net_user_captures(root, mw.HARDENED_USERS, "en")
    r = one(root, "password.max_age")
    assert r["status"] == "pass", r
    rm_capture(root, "net-user/dr-suzuki.txt")
    r = one(root, "password.max_age")
    assert r["status"] == "error" and "1 account(s) cannot be read" in r["reason"], r
    assert subjects(r) == ["dr-suzuki"], r["findings"]


def test_accounts_without_captures_not_applicable():
    root = win_root("windows-default")
    shutil.rmtree(os.path.join(root, "kensa-capture"))
    r = one(root, "accounts.stale")
    assert r["status"] == "not_applicable", r
    assert "kensa-capture" in r["reason"], r["reason"]


# ---- password.* --------------------------------------------------------------------------------

def test_password_policy_complexity_never_guarantees_digit_or_symbol():
    r = one(win_root("windows-hardened"), "password.policy")
    assert r["status"] == "fail", r
    d = details(r)
    assert len(d) == 2 and "without digits" in d[0] and "without symbols" in d[1], d
    assert "3 of 4 categories" in d[0]
    assert "line 7: PasswordComplexity = 1" in evidence(r)


def test_password_policy_filter_dll_turns_class_failures_into_warnings():
    root = win_root("windows-hardened")
    mw.reg(root, HKLM + "\\SYSTEM\\CurrentControlSet\\Control\\Lsa", "Notification Packages",
           mw.multi_sz(["scecli", "ClinicPwFilter"]))
    r = one(root, "password.policy")
    assert r["status"] == "warn", r
    assert "ClinicPwFilter" in evidence(r)


def test_password_policy_all_classes_profile_letters_only_passes():
    root = win_root("windows-hardened")
    prof = os.path.join(os.path.dirname(root), "letters.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[password]\nrequired_classes = letters\n")
    r = one(root, "password.policy", "--profile", prof)
    assert r["status"] == "pass", r


def test_password_default_policy():
    root = win_root("windows-default")
    r = one(root, "password.policy")
    assert r["status"] == "fail"
    assert any("0 characters are accepted" in d for d in details(r)), details(r)
    r = one(root, "password.history")
    assert r["status"] == "fail" and "last 0 password" in details(r)[0], r
    r = one(root, "password.max_age")
    assert r["status"] == "fail", r
    # the policy's 42 days pass; the Administrator's "password never expires" does not
    assert subjects(r) == ["Administrator"], r["findings"]


def test_password_net_accounts_japanese_cp932():
    root = win_root("windows-default")
    rm_capture(root, "secedit.inf")
    mw.capture(root, "net-accounts.txt", mw.net_accounts("ja", 8, 42, "なし"))
    r = one(root, "password.policy")
    ev = evidence(r)
    assert "secedit export not used" in ev and "net-accounts.txt" in ev, ev
    assert "line 4: 8 (MinimumPasswordLength)" in ev, ev
    assert not any("characters are accepted" in d for d in details(r)), details(r)
    # complexity is unknown from net accounts: a warning, and digits/symbols still fail
    assert any("is unknown" in d for d in details(r, severity="warn")), r["findings"]
    assert r["status"] == "fail"
    r = one(root, "password.history")
    assert r["status"] == "fail" and "line 5: なし" in evidence(r), evidence(r)
    assert "labels are not those" not in evidence(r), evidence(r)  # real ja-JP labels


def test_net_accounts_lines_out_of_place_are_an_error():
    """issue 15, item 12: the labels real Japanese Windows prints are known; a known label on
    another line than its own (here length and history swapped) is an error, not a misreading."""
    root = win_root("windows-default")
    rm_capture(root, "secedit.inf")
    text = mw.net_accounts("ja", 8, 42, 24).decode("cp932").split("\r\n")
    text[3], text[4] = text[4], text[3]
    mw.capture(root, "net-accounts.txt", "\r\n".join(text).encode("cp932"))
    r = one(root, "password.policy")
    assert r["status"] == "error", r
    assert "is line 5 of net accounts, not line 4" in r["reason"], r["reason"]
    # labels of a language kensa does not know: read by position, and said so
    de = ("Abmeldung erzwingen nach Ablauf der Zeit?:           Nie\r\n"
          "Minimales Kennwortalter (Tage):                      0\r\n"
          "Maximales Kennwortalter (Tage):                      42\r\n"
          "Minimale Kennwortlänge:                              12\r\n"
          "Länge der Kennwortchronik:                           24\r\n"
          "Sperrschwelle:                                       Nie\r\n"
          "Sperrdauer (Minuten):                                30\r\n"
          "Zurücksetzungsdauer des Sperrzählers (Minuten):      30\r\n"
          "Computerrolle:                                       ARBEITSSTATION\r\n"
          "Der Befehl wurde erfolgreich ausgeführt.\r\n\r\n")
    mw.capture(root, "net-accounts.txt", de.encode("cp850"))
    r = one(root, "password.history", "--profile", cp850_profile(root))
    assert "9 of 9 labels are not those of en-US or ja-JP Windows" in evidence(r), evidence(r)
    assert "line 5: 24 (PasswordHistorySize)" in evidence(r), evidence(r)


def cp850_profile(root):
    prof = os.path.join(os.path.dirname(root), "cp850.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[windows]\noem_codepage = CP850\n")
    return prof


def test_password_net_accounts_english_unlimited_and_history():
    root = win_root("windows-default")
    rm_capture(root, "secedit.inf")
    mw.capture(root, "net-accounts.txt", mw.net_accounts("en", 14, "Unlimited", 24, min_age=0))
    r = one(root, "password.max_age")
    assert r["status"] == "pass" and "exception applies" in r["reason"], r
    mw.capture(root, "net-accounts.txt", mw.net_accounts("en", 8, "Unlimited", 24, min_age=0))
    r = one(root, "password.max_age")
    assert any("never expire (maximum age 'Unlimited')" in d for d in details(r)), details(r)
    r = one(root, "password.history")
    assert r["status"] == "warn", r  # 24 remembered, but minimum age 0
    assert "25 times" in details(r)[0], details(r)


def test_password_net_accounts_garbage_is_an_error():
    root = win_root("windows-default")
    rm_capture(root, "secedit.inf")
    mw.capture(root, "net-accounts.txt", b"System error 5 has occurred.\r\n\r\nAccess is denied.\r\n")
    r = one(root, "password.policy")
    assert r["status"] == "error", r


def test_password_max_age_smart_card_required_is_the_exception():
    root = win_root("windows-default")
    mw.reg(root, HKLM + "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System",
           "ScForceOption", mw.dword(1))
    r = one(root, "password.max_age")
    assert r["status"] == "pass" and "smart card" in r["reason"], r
    # Windows Hello for Business merely enabled is not: passwords still log on
    root = win_root("windows-default")
    mw.reg(root, HKLM + "\\SOFTWARE\\Policies\\Microsoft\\PassportForWork", "Enabled", mw.dword(1))
    r = one(root, "password.max_age")
    assert r["status"] == "fail" and "not counted as two-factor" in evidence(r), r


# ---- media.usb_storage ----------------------------------------------------------------------------

def test_usb_default_fails_through_select_current():
    r = one(win_root("windows-default"), "media.usb_storage")
    assert r["status"] == "fail", r
    assert "ControlSet001/Services/USBSTOR/Start" in evidence(r), evidence(r)
    assert subjects(r, "info") == ["NoDriveTypeAutoRun"], r["findings"]


def test_usb_hardened_pass_and_policy_variants():
    r = one(win_root("windows-hardened"), "media.usb_storage")
    assert r["status"] == "pass" and "Deny_All" in r["reason"], r
    # Deny_All as the string "1" (REG_SZ), drivers on demand: still denied
    root = win_root("windows-default")
    mw.reg(root, HKLM + "\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices",
           "Deny_All", mw.sz("1"))
    assert one(root, "media.usb_storage")["status"] == "pass"


def test_usb_removable_disk_class_read_and_write():
    root = win_root("windows-default")
    k = HKLM + "\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices\\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}"
    mw.reg(root, k, "Deny_Write", mw.dword(1))
    r = one(root, "media.usb_storage")
    assert r["status"] == "fail" and "can be read" in details(r, "RemovableStorageDevices")[0], r
    mw.reg(root, k, "Deny_Read", mw.dword(1))
    assert one(root, "media.usb_storage")["status"] == "pass"


def test_usb_uaspstor_left_on():
    root = win_root("windows-default")
    mw.service(root, "ControlSet001", "USBSTOR", 4)
    r = one(root, "media.usb_storage")
    assert r["status"] == "fail" and subjects(r, "fail") == ["UASPStor"], r["findings"]
    mw.service(root, "ControlSet001", "UASPStor", 4)
    assert one(root, "media.usb_storage")["status"] == "pass"


def test_usb_select_current_points_elsewhere():
    root = win_root("windows-default")
    mw.reg(root, HKLM + "\\SYSTEM\\Select", "Current", mw.dword(2))  # ControlSet002: no USBSTOR
    r = one(root, "media.usb_storage")
    assert r["status"] == "fail" and "installs itself" in details(r, "USBSTOR")[0], r


def test_usb_case_insensitive_and_autorun_string():
    root = win_root("windows-hardened")
    base = os.path.join(root, "proc/registry/HKEY_LOCAL_MACHINE/SOFTWARE/Microsoft/Windows/CurrentVersion/Policies")
    os.rename(os.path.join(base, "Explorer"), os.path.join(base, "EXPLORER"))
    f = os.path.join(base, "EXPLORER", "NoDriveTypeAutoRun")
    with open(f, "wb") as fh:
        fh.write(b"255\0")  # REG_SZ "255": 4 bytes, like a DWORD
    r = one(root, "media.usb_storage")
    assert "0xff" in evidence(r), evidence(r)


def test_usb_malformed_value_never_passes():
    root = win_root("windows-hardened")
    mw.reg(root, HKLM + "\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR", "Start", b"\x04\x00\x00")
    mw.reg(root, HKLM + "\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices",
           "Deny_All", mw.sz("yes"))
    r = one(root, "media.usb_storage")
    assert r["status"] in ("warn", "fail"), r
    assert "not a number" in " ".join(details(r)), r["findings"]


def test_usb_no_registry_is_an_error():
    root = win_root("windows-default")
    shutil.rmtree(os.path.join(root, "proc"))
    r = one(root, "media.usb_storage")
    assert r["status"] == "error" and "no registry" in r["reason"], r


def test_a_root_without_captures_or_registry_is_refused():
    """An empty or unmounted capture directory: exit 1, never a report (issue 15, item 7)."""
    root = scratch_root()
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "services.unneeded")
    assert code == 1 and out == "", (code, out, err)
    assert err.strip() == (f"kensa: --root {root}: not a root file system (no kensa-capture/ "
                           "and no proc/registry/HKEY_LOCAL_MACHINE/)"), err
    # either half makes it a capture root (winsource.c reads one, winreg.c the other)
    os.makedirs(os.path.join(root, "kensa-capture"))
    code, _, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                         "services.unneeded")
    assert code in (0, 2), err
    os.rmdir(os.path.join(root, "kensa-capture"))
    os.makedirs(os.path.join(root, "proc", "registry", "HKEY_LOCAL_MACHINE"))
    code, _, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                         "services.unneeded")
    assert code in (0, 2), err


# ---- services.unneeded -----------------------------------------------------------------------------

def test_services_without_the_services_key_is_an_error_not_a_pass():
    """issue 15, item 7: a registry copy without SYSTEM\\...\\Services judged nothing."""
    root = win_root("windows-hardened")
    shutil.rmtree(os.path.join(root, "proc/registry/HKEY_LOCAL_MACHINE/SYSTEM/CurrentControlSet/"
                               "Services"))
    r = one(root, "services.unneeded")
    assert r["status"] == "error", r
    assert "the copy lacks the services" in r["reason"], r["reason"]


def test_services_default():
    r = one(win_root("windows-default"), "services.unneeded")
    assert r["status"] == "fail", r
    assert subjects(r, "fail") == ["MapsBroker", "Spooler"], r["findings"]
    assert "(delayed)" in details(r, "MapsBroker")[0]
    assert "PrintNightmare" in details(r, "Spooler")[0]
    assert "SSDPSRV" in subjects(r, "warn") and "RemoteRegistry" not in subjects(r)


def test_services_terminal_profile_keeps_spooler_and_allow():
    root = win_root("windows-default")
    r = one(root, "services.unneeded", "--profile", "terminal")
    assert "Spooler" not in subjects(r), r["findings"]
    prof = os.path.join(os.path.dirname(root), "allow.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[services]\nallow = mapsbroker\n")
    r = one(root, "services.unneeded", "--profile", prof)
    assert subjects(r, "fail") == ["Spooler"], r["findings"]


def test_services_hardened_pass():
    r = one(win_root("windows-hardened"), "services.unneeded")
    assert r["status"] == "pass", r


# ---- logs.retention -------------------------------------------------------------------------------

def test_logs_default():
    r = one(win_root("windows-default"), "logs.retention")
    assert r["status"] == "fail", r
    assert subjects(r, "fail") == ["Application", "Security"], r["findings"]
    ev = evidence(r)
    assert "System: space-bounded: at its rate so far 64.0 MiB keeps about" in ev, ev
    assert "Security.evtx: Security: 0.1 MiB of records, oldest 12 days ago" in ev, ev


def test_logs_hardened_pass_with_policy_strings():
    r = one(win_root("windows-hardened"), "logs.retention")
    assert r["status"] == "pass", r
    ev = evidence(r)
    assert "Security: MaxSize 1024.0 MiB (policy, in KB)" in ev, ev
    assert "System holds 400 days already" in ev, ev


def test_logs_estimate_short_warns_and_do_not_overwrite_warns():
    root = win_root("windows-default")
    cs = "ControlSet001"
    mw.eventlog(root, cs, "Security", max_size=268435456, retention=0)
    logs = os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs")
    # 2 MiB of records in 10 days: 256 MiB lasts ~1280 days -> fine; make it full: 10 days kept
    mw.evtx(os.path.join(logs, "Security.evtx"), [(mw.days_ago(10), mw.days_ago(0))], full=True)
    r = one(root, "logs.retention")
    assert any("keeps about 10 days" in d for d in details(r, "Security")), r["findings"]
    assert "warn" == r["findings"][[f["subject"] for f in r["findings"]].index("Security")]["severity"]
    mw.reg(root, HKLM + "\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog\\Security", "Retention",
           mw.sz("1"))
    r = one(root, "logs.retention")
    assert any("new events are discarded" in d for d in details(r, "Security")), r["findings"]


def test_logs_corrupt_evtx_no_estimate():
    root = win_root("windows-default")
    with open(os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs/System.evtx"), "wb") as f:
        f.write(b"not an evtx file" * 100)
    r = one(root, "logs.retention")
    assert any("cannot be told" in d for d in details(r, "System")), r["findings"]
    assert "no ElfFile header" in evidence(r)


# ---- a key Windows denies: "run elevated" ---------------------------------------------------------

def as_nobody(root, denied, *ids):
    """Audit as an unprivileged user, so that a key directory with mode 000 is really unreadable
    (as a key Windows denies to a non-elevated user shows under Cygwin: EACCES)."""
    import subprocess
    argv, extra = unprivileged_kensa()
    d = root
    while d != "/":  # scratch_root's directories are 0700
        os.chmod(d, os.stat(d).st_mode | 0o055)
        d = os.path.dirname(d)
        if d.startswith(tempfile.gettempdir()) is False:
            break
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames:
            os.chmod(os.path.join(dirpath, n), 0o755)
        for n in filenames:
            os.chmod(os.path.join(dirpath, n), 0o644)
    for d in denied:
        os.chmod(d, 0o000)
    env = dict(os.environ, NO_COLOR="1", **extra)
    p = subprocess.run(argv + ["audit", "--root", root, "--platform", "windows",
                              "--format", "json", "--as-of", AS_OF, "--lang", "en", "--only",
                              ",".join(ids)], capture_output=True, text=True, env=env)
    assert p.returncode in (0, 2), p.stderr
    return json.loads(p.stdout)


def test_denied_keys_are_errors_saying_run_elevated():
    root = win_root("windows-default")
    svc = os.path.join(root, "proc/registry/HKEY_LOCAL_MACHINE/SYSTEM/ControlSet001/Services")
    denied = [os.path.join(svc, "USBSTOR"), os.path.join(svc, "Spooler"),
              os.path.join(svc, "EventLog", "Security")]
    rep = None
    try:
        rep = as_nobody(root, denied, "media.usb_storage", "services.unneeded", "logs.retention")
    finally:
        for d in denied:
            if os.path.exists(d):
                os.chmod(d, 0o755)
    for cid in ("media.usb_storage", "services.unneeded", "logs.retention"):
        r = result(rep, cid)
        assert r["status"] == "error" and "run elevated" in r["reason"], r


# ---- live audits through the fake programs ---------------------------------------------------------

def fake_env(scenario, change=None):
    root = win_root(scenario)
    if change:
        change(root)
    return {"KENSA_FAKE_WINDOWS": os.path.join(root, "kensa-capture")}


def live(env, *ids, profile=PROFILE):
    code, out, err = kensa("audit", "--platform", "windows", "--profile", profile, "--format",
                           "json", "--as-of", AS_OF, "--lang", "en", "--only", ",".join(ids),
                           env=env)
    assert code in (0, 2), (code, err)
    rep = json.loads(out)
    validate_schema(rep)
    return rep


def test_live_secedit_and_powershell():
    rep = live(fake_env("windows-default"), "password.policy", "accounts.stale")
    p = result(rep, "password.policy")
    assert p["status"] == "fail", p
    assert "secedit /export /cfg" in evidence(p) and "/areas SECURITYPOLICY" in evidence(p), evidence(p)
    a = result(rep, "accounts.stale")
    assert subjects(a, "fail") == ["Administrator", "hanako", "taro"], a
    assert "powershell -NoProfile -NonInteractive -EncodedCommand" in evidence(a), evidence(a)
    assert rep["tool"]["sandboxed"] is False, rep["tool"]  # it runs programs: no Landlock


def test_live_fallbacks_net_accounts_and_net_user_cp932():
    def change(root):
        rm_capture(root, "secedit.inf")
        rm_capture(root, "get-localuser.csv")
        mw.capture(root, "net-accounts.txt", mw.net_accounts("ja", 8, 42, 5, min_age=1))
        mw.net_user_captures(root, mw.DEFAULT_USERS, "ja")
    rep = live(fake_env("windows-default", change), "password.history", "accounts.stale")
    h = result(rep, "password.history")
    assert h["status"] == "pass", h
    assert "Access is denied" in evidence(h), evidence(h)  # why secedit was not used
    assert "net accounts" in evidence(h)
    a = result(rep, "accounts.stale")
    # net user prints local times; with no registry to say the PC's time zone (a live audit
    # on Linux through the fake programs), the dated accounts are not judged, never read as UTC
    assert subjects(a, "fail") == ["Administrator"], a
    for name in ("hanako", "taro"):
        assert "time zone is unknown" in details(a, name)[0], a["findings"]
    assert "net user" in evidence(a)


def test_live_timeout_kills_the_program():
    env = fake_env("windows-default")
    env["KENSA_FAKE_HANG"] = "1"
    d = tempfile.mkdtemp()
    prof = os.path.join(d, "t.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[windows]\ncommand_timeout_seconds = 1\n"
                f"secedit = {os.path.dirname(PROFILE)}/../../helpers/fake-windows/secedit\n"
                f"net = {os.path.dirname(PROFILE)}/../../helpers/fake-windows/net\n")
    rep = live(env, "password.policy", profile=prof)
    shutil.rmtree(d)
    p = result(rep, "password.policy")
    assert p["status"] == "error" and "did not finish within 1 s" in p["reason"], p


def test_live_missing_program_is_an_error():
    d = tempfile.mkdtemp()
    prof = os.path.join(d, "m.ini")
    with open(prof, "w") as f:
        f.write(f"include = {PROFILE}\n\n[windows]\nsecedit = /nonexistent/secedit.exe\n"
                "net = /nonexistent/net.exe\npowershell = /nonexistent/powershell.exe\n")
    rep = live(fake_env("windows-default"), "password.policy", "accounts.stale", profile=prof)
    shutil.rmtree(d)
    assert result(rep, "password.policy")["status"] == "error"
    assert result(rep, "accounts.stale")["status"] == "error"
    assert "/nonexistent/net.exe" in result(rep, "accounts.stale")["reason"]


if __name__ == "__main__":
    run_tests(globals())
