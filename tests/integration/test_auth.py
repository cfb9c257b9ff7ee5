#!/usr/bin/python3
"""auth.lockout and auth.two_factor on Windows captures (secedit, net accounts, the registry),
the guideline-7.0 profile's 8-or-13 rule on Windows, and the report's "Guideline requirements
beyond this edition" section in every format. The Linux side is proved on real images
(tests/image/test_image_auth.py, PAM as the oracle) and in tests/unit/test_auth.c."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "helpers"))
from kensatest import *  # noqa: E402,F403
import make_windows_root as mw  # noqa: E402

HKLM = "HKEY_LOCAL_MACHINE"
SYSTEM_POLICY = HKLM + "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System"
PROVIDERS = HKLM + "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers"


def win_root():
    root = scratch_root()
    mw.build("windows-default", root)
    return root


def secedit(root, min_len=8, **lockout):
    """The default capture with the [System Access] lockout lines replaced."""
    text = mw.secedit_inf(min_len, 1, 24, 42, 1).decode("utf-16-le").lstrip("\ufeff")
    lines = [f"{k} = {v}" for k, v in lockout.items()]
    text = text.replace("LockoutBadCount = 0", "\r\n".join(lines) if lines else "LockoutBadCount = 0")
    mw.capture(root, "secedit.inf", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))


def one(root, check_id, *extra):
    _, rep = audit_json(root, "--platform", "windows", "--only", check_id, *extra)
    validate_schema(rep)
    return result(rep, check_id)


def test_sshd_max_auth_tries_is_evidence_never_a_lockout():
    """MaxAuthTries ends one SSH connection after N failures; the next starts afresh, so it is
    evidence only: with it and no pam_faillock, auth.lockout still fails."""
    root = scratch_root("pam-debian12-pwquality")
    write(root, "/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\n")
    write(root, "/etc/ssh/sshd_config.d/10-tries.conf", "MaxAuthTries 3\n")
    _, rep = audit_json(root, "--only", "auth.lockout")
    r = result(rep, "auth.lockout")
    ev = [e for e in r["evidence"] if "MaxAuthTries" in e["value"]]
    assert ev and ev[0]["value"].startswith("/etc/ssh/sshd_config.d/10-tries.conf:1: MaxAuthTries 3"), r["evidence"]
    assert "not a lockout" in ev[0]["value"], ev
    assert r["status"] == "fail", r
    write(root, "/etc/ssh/sshd_config.d/10-tries.conf", "")
    r = result(audit_json(root, "--only", "auth.lockout")[1], "auth.lockout")
    assert any("MaxAuthTries not set (sshd's default: 6)" in e["value"] for e in r["evidence"]), r


def test_windows_lockout_threshold_zero_never_locks():
    root = win_root()
    r = one(root, "auth.lockout")
    assert r["status"] == "fail", r
    assert "never locked" in r["findings"][0]["detail"], r


def test_windows_lockout_within_limits_and_outside():
    root = win_root()
    secedit(root, LockoutBadCount=5, LockoutDuration=30, ResetLockoutCount=30)
    r = one(root, "auth.lockout")
    assert r["status"] == "pass" and "5 failed logins for 30 minutes" in r["reason"], r
    secedit(root, LockoutBadCount=50, LockoutDuration=5, ResetLockoutCount=1)
    r = one(root, "auth.lockout")
    d = " ".join(f["detail"] for f in r["findings"])
    assert r["status"] == "fail", r
    assert "after 50 failed logins" in d and "after 5 minutes" in d and "over 1 minutes" in d, d
    # -1: until an administrator unlocks
    secedit(root, LockoutBadCount=5, LockoutDuration=-1, ResetLockoutCount=30)
    r = one(root, "auth.lockout")
    assert r["status"] == "pass" and "administrator" in r["reason"], r


def test_windows_lockout_from_net_accounts():
    root = win_root()
    os.remove(os.path.join(root, "kensa-capture", "secedit.inf"))
    text = mw.net_accounts("en", 8, 42, 24).decode("ascii").replace(
        "Lockout threshold:                                    Never",
        "Lockout threshold:                                    5")
    mw.capture(root, "net-accounts.txt", text.encode("ascii"))
    r = one(root, "auth.lockout")
    assert r["status"] == "pass", r
    assert "line 6: 5 (LockoutBadCount)" in json.dumps(r["evidence"]), r
    mw.capture(root, "net-accounts.txt", mw.net_accounts("ja", 8, 42, 24))
    r = one(root, "auth.lockout")
    assert r["status"] == "fail", r


def test_windows_two_factor_manual_then_smart_card_then_fail_profile():
    root = win_root()
    # a third-party credential provider is evidence, not a second factor
    mw.reg(root, PROVIDERS + "\\{12345678-1234-1234-1234-123456789ABC}", "", mw.sz("Duo Credential Provider"))
    mw.reg(root, PROVIDERS + "\\{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}", "", mw.sz("PasswordProvider"))
    r = one(root, "auth.two_factor")
    assert r["status"] == "manual", r
    ev = json.dumps(r["evidence"], ensure_ascii=False)
    assert "Duo Credential Provider" in ev and "PasswordProvider" not in ev, ev
    _, rep = audit_json(root, "--platform", "windows", "--only", "auth.two_factor")
    row = next(i for i in rep["items"] if i["id"] == "2-10")
    assert row["answer"] == "unchecked", row
    prof = os.path.join(root, "strict.ini")
    with open(prof, "w") as f:
        f.write("include = server\n[auth]\ntwo_factor_missing = fail\n")
    r = one(root, "auth.two_factor", "--profile", prof)
    assert r["status"] == "fail", r
    mw.reg(root, SYSTEM_POLICY, "ScForceOption", mw.dword(1))
    r = one(root, "auth.two_factor")
    assert r["status"] == "pass", r


def test_item_2_10_takes_the_site_answer_only_when_the_check_says_manual():
    root = win_root()
    site = os.path.join(scratch_root(), "site.ini")
    with open(site, "w") as f:
        f.write("[site]\nname = test\n\n[answer 2-10]\nanswer = no\nby = 事務長\n"
                "date = 2026-11-20\ntarget_date = 2027-03-31\n")
    _, rep = audit_json(root, "--platform", "windows", "--only", "auth.two_factor", "--site", site)
    row = next(i for i in rep["items"] if i["id"] == "2-10")
    assert row["answer"] == "no" and row["manual_answer"]["target_date"] == "2027-03-31", row
    assert row["checks"] == ["auth.two_factor"], row
    # a full second factor: the check answers, the person's "no" is not used
    mw.reg(root, SYSTEM_POLICY, "ScForceOption", mw.dword(1))
    _, rep = audit_json(root, "--platform", "windows", "--only", "auth.two_factor", "--site", site)
    row = next(i for i in rep["items"] if i["id"] == "2-10")
    assert row["answer"] == "yes", row
    # rows answered by checks alone still refuse a hand answer
    with open(site, "w") as f:
        f.write("[site]\nname = test\n\n[answer 2-9]\nanswer = yes\nby = x\ndate = 2026-11-20\n")
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--site", site,
                           "--as-of", AS_OF)
    assert code == 1 and "answered by checks" in err, (code, err)


def test_windows_guideline7_length_8_or_13():
    root = win_root()
    secedit(root, min_len=8, LockoutBadCount=5, LockoutDuration=30, ResetLockoutCount=30)
    r = one(root, "password.policy", "--profile", "guideline7")
    assert r["status"] == "fail", r
    assert any("13" in f["detail"] for f in r["findings"]), r
    assert "minimum length 13 applies, not 8" in json.dumps(r["evidence"]), r
    mw.reg(root, SYSTEM_POLICY, "ScForceOption", mw.dword(1))
    r = one(root, "password.policy", "--profile", "guideline7")
    assert not any("13" in f["detail"] for f in r["findings"]), r
    assert "minimum length 8 applies" in json.dumps(r["evidence"]), r


def test_guideline7_terminal_profile_is_terminal_with_the_same_rules():
    root = win_root()
    _, rep = audit_json(root, "--platform", "windows", "--only", "password.policy",
                        "--profile", "guideline7-terminal")
    assert rep["checklist"]["device_class"] == "terminal", rep["checklist"]
    r = result(rep, "password.policy")
    assert "minimum length 13 applies, not 8" in json.dumps(r["evidence"]), r


def test_unmapped_check_listed_as_guideline_requirement_in_every_format():
    root = win_root()
    _, rep = audit_json(root, "--platform", "windows", "--only", "auth.lockout")
    r = result(rep, "auth.lockout")
    assert r["items"] == [] and r["guideline"] == ["7.0 14-⑥"], r
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "auth.lockout", "--lang", "en", "--as-of", AS_OF)
    assert "== Guideline requirements beyond this edition ==" in out and "7.0 14-⑥" in out, out
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "auth.lockout", "--lang", "ja", "--as-of", AS_OF, "--format", "html")
    assert "7.0 14-⑥" in out, out[-2000:]
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "auth.lockout", "--lang", "en", "--as-of", AS_OF, "--format", "csv")
    assert any(l.startswith('"7.0 14-⑥","Accounts are locked') for l in out.splitlines()), out
    sarif = os.path.join(scratch_root(), "out.sarif")
    code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--only",
                           "auth.lockout", "--lang", "en", "--as-of", AS_OF, "--output",
                           "sarif:" + sarif)
    assert "guideline/7.0 14-⑥" in open(sarif, encoding="utf-8").read()
    # a mapped check carries no "guideline"
    _, rep = audit_json(root, "--platform", "windows", "--only", "password.history")
    assert "guideline" not in result(rep, "password.history"), rep


if __name__ == "__main__":
    run_tests(globals())
