#!/usr/bin/python3
"""Real-image tests for auth.lockout and auth.two_factor, with the image's own tools as the oracle:
pam_faillock is configured in common-auth the ways pam_faillock(8) shows (and the ways it is
commonly got wrong), then the image's own PAM is asked to authenticate through the sshd service
(pamtester, run as root the way sshd runs): three wrong passwords, then the right one. PAM
either refuses the right password (the account locked) or lets it in; kensa's verdict for the
same stack must say the same. For SSH two-factor, the image's `sshd -T` says which
AuthenticationMethods apply. Runs on bookworm and trixie. Exit 77 when no image can be had."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

# pamtester drives the image's libpam; openssh-server gives the sshd service and sshd -T.
# cracklib-runtime: pam_pwquality refuses every password without its dictionary (passwd agrees)
EXTRA = ["cracklib-runtime", "libpam-pwquality", "openssh-server", "pamtester"]
USER, RIGHT = "alice", "Right-Pass-7x"
DENY = 3

STOCK_HEAD = "# kensa test: common-auth\n"
# pam_unix's nodelay in the hand-written stacks: its 2-second failure delay only slows the test
# (libpam sleeps for the longest delay any module asked for); it does not change the control
# flow. The pam-auth-update case keeps Debian's own lines, delay included.
# pam_faillock(8), first example: authfail/authsucc around pam_unix, no preauth.
FAILLOCK_AUTHSUCC = STOCK_HEAD + """\
auth\t[success=1 default=bad]\tpam_unix.so nullok nodelay
auth\t[default=die]\tpam_faillock.so authfail
auth\tsufficient\tpam_faillock.so authsucc
auth\trequired\tpam_deny.so
"""
# pam_faillock(8), second example: preauth, pam_unix sufficient, authfail, and the account line.
FAILLOCK_PREAUTH = STOCK_HEAD + """\
auth\trequisite\tpam_faillock.so preauth
auth\tsufficient\tpam_unix.so nullok nodelay
auth\t[default=die]\tpam_faillock.so authfail
auth\trequired\tpam_deny.so
"""
# Debian's stock block with the authfail line after its requisite pam_deny (the jump widened so
# the right password still reaches authsucc): a wrong password ends the stack at pam_deny before
# authfail ever runs.
FAILLOCK_AFTER_DENY = STOCK_HEAD + """\
auth\t[success=2 default=ignore]\tpam_unix.so nullok nodelay
auth\trequisite\tpam_deny.so
auth\t[default=die]\tpam_faillock.so authfail
auth\tsufficient\tpam_faillock.so authsucc
auth\trequired\tpam_permit.so
"""
# preauth placed after a sufficient pam_unix: failures are recorded, but the right password is
# a sufficient success that never reaches the check.
FAILLOCK_AFTER_SUFFICIENT = STOCK_HEAD + """\
auth\tsufficient\tpam_unix.so nullok nodelay
auth\trequired\tpam_faillock.so preauth
auth\t[default=die]\tpam_faillock.so authfail
auth\trequired\tpam_deny.so
"""
STOCK = STOCK_HEAD + """\
auth\t[success=1 default=ignore]\tpam_unix.so nullok nodelay
auth\trequisite\tpam_deny.so
auth\trequired\tpam_permit.so
"""
ACCOUNT_FAILLOCK = """\
account\trequired\tpam_faillock.so
account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so
account\trequisite\tpam_deny.so
account\trequired\tpam_permit.so
"""


def audit(root, *checks, profile=None):
    args = ["audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF, "--lang", "en",
            "--only", ",".join(checks)]
    if profile:
        args += ["--profile", profile]
    code, out, err = kt.kensa(*args)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return {r["id"]: r for r in rep["results"]}, rep


def pam_authenticate(root, password):
    """The image's libpam, through the sshd service: True when it accepts."""
    r = di.chroot(root, ["pamtester", "sshd", USER, "authenticate"], input=password + "\n",
                  check=False)
    return r.returncode == 0


def pam_locks(root):
    """PAM as the oracle: DENY wrong passwords, then the right one. True when PAM refuses it."""
    for name in os.listdir(os.path.join(root, "run", "faillock")):
        os.unlink(os.path.join(root, "run", "faillock", name))
    # a stack that refuses the right password from a clean count proves nothing about locking
    assert pam_authenticate(root, RIGHT), "the right password is refused before any failure"
    for _ in range(DENY):
        assert not pam_authenticate(root, "wrong-guess"), "a wrong password was accepted"
    return not pam_authenticate(root, RIGHT)


def prepare(root):
    # the host name in /etc/hosts as on a real system: PAM and sshd -T look it up, and the
    # image's resolver is unreachable
    import socket
    kt.write(root, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n" % socket.gethostname(), 0o644)
    di.useradd(root, USER, "-m")
    di.chpasswd(root, USER, RIGHT)
    os.makedirs(os.path.join(root, "run", "faillock"), exist_ok=True)
    # within the server profile's limits (at most 10 failures, locked >= 900 s, window >= 900 s)
    kt.write(root, "/etc/security/faillock.conf",
             "# site policy\ndeny = %d\nunlock_time = 900\nfail_interval = 900\n" % DENY, 0o644)
    assert pam_authenticate(root, RIGHT), "the right password does not log in before the test"


def sshd_finding(res):
    return [f for f in res["findings"] if f["subject"] == "sshd"]


def test_lockout_pam_is_the_oracle():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        cases = [
            ("pam_faillock(8) authfail/authsucc", FAILLOCK_AUTHSUCC, None, True, None),
            ("pam_faillock(8) preauth + sufficient pam_unix", FAILLOCK_PREAUTH, ACCOUNT_FAILLOCK,
             True, None),
            ("authfail after Debian's requisite pam_deny", FAILLOCK_AFTER_DENY, None, False,
             "never run after a wrong password"),
            ("preauth after a sufficient pam_unix", FAILLOCK_AFTER_SUFFICIENT, None, False,
             "a locked account still logs in"),
            ("pam_faillock only in the account stack", STOCK, ACCOUNT_FAILLOCK, False,
             "only in the account stack"),
            ("no pam_faillock", STOCK, None, False, "no pam_faillock"),
        ]
        stock_account = open(os.path.join(root, "etc/pam.d/common-account")).read()
        for name, auth, account, expect_lock, why in cases:
            kt.write(root, "/etc/pam.d/common-auth", auth, 0o644)
            kt.write(root, "/etc/pam.d/common-account", account or stock_account, 0o644)
            locked = pam_locks(root)
            assert locked == expect_lock, f"{name}: PAM locked={locked}, expected {expect_lock}"
            res = audit(root, "auth.lockout")[0]["auth.lockout"]
            ssh = sshd_finding(res)
            kensa_locks = not any(f["severity"] == "fail" for f in ssh)
            assert kensa_locks == locked, f"{name}: PAM locked={locked}, kensa: {res}"
            if locked:
                assert res["status"] == "pass", f"{name}: {res}"
                ev = json.dumps(res["evidence"])
                assert "/etc/security/faillock.conf:2" in ev, ev  # deny = 3 from the file
            else:
                assert res["status"] == "fail", f"{name}: {res}"
                assert why in ssh[0]["detail"], f"{name}: {ssh[0]['detail']}"


# The Debian wiki's recipe: two local pam-configs profiles, merged into common-auth by the image's
# own pam-auth-update (which computes the jumps: pam_unix gets success=3 and the right password
# skips authsucc, so a success never resets the count).
PAM_CONFIGS = {
    "faillock": "Name: Enforce failed login attempt counter\nDefault: no\nPriority: 0\n"
                "Auth-Type: Primary\nAuth:\n\t[default=die]\tpam_faillock.so authfail\n"
                "\tsufficient\tpam_faillock.so authsucc\n",
    "faillock_notify": "Name: Notify on failed login attempts\nDefault: no\nPriority: 1024\n"
                       "Auth-Type: Primary\nAuth:\n\trequisite\tpam_faillock.so preauth\n",
}


def test_lockout_debian_pam_auth_update_profiles():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        for name, text in PAM_CONFIGS.items():
            kt.write(root, "/usr/share/pam-configs/" + name, text, 0o644)
        di.chroot(root, ["pam-auth-update", "--enable", "faillock", "faillock_notify"])
        common = open(os.path.join(root, "etc/pam.d/common-auth")).read()
        assert "pam_faillock.so preauth" in common and "pam_faillock.so authfail" in common, common
        assert pam_locks(root), "the Debian recipe must lock"
        res = audit(root, "auth.lockout")[0]["auth.lockout"]
        assert res["status"] == "pass", res
        # what PAM does and kensa says: the right password jumps over authsucc
        assert any(f["subject"] == "sshd" and f["severity"] == "info" and "does not reset" in
                   f["detail"] for f in res["findings"]), res
        # disabling the profiles with the same tool: no lock, and kensa says so
        di.chroot(root, ["pam-auth-update", "--disable", "faillock", "faillock_notify"])
        assert not pam_locks(root)
        res = audit(root, "auth.lockout")[0]["auth.lockout"]
        assert res["status"] == "fail" and "no pam_faillock" in sshd_finding(res)[0]["detail"], res


def test_lockout_arguments_override_faillock_conf_and_profile_limits():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        # deny=20 on the authfail/authsucc lines overrides the file's deny = 3 (args win)
        kt.write(root, "/etc/pam.d/common-auth", FAILLOCK_AUTHSUCC.replace(
            "authfail", "authfail deny=20").replace("authsucc", "authsucc deny=20"), 0o644)
        assert not pam_locks(root), "deny=20 must not lock after 3 failures"
        res = audit(root, "auth.lockout")[0]["auth.lockout"]
        d = " ".join(f["detail"] for f in sshd_finding(res))
        assert res["status"] == "fail" and "after 20 failed logins" in d and "at most 10" in d, res
        # unlock_time below the profile's 900 s fails, "never" (0) passes
        kt.write(root, "/etc/pam.d/common-auth", FAILLOCK_AUTHSUCC, 0o644)
        kt.write(root, "/etc/security/faillock.conf", "deny = 3\nunlock_time = 60\n", 0o644)
        res = audit(root, "auth.lockout")[0]["auth.lockout"]
        assert res["status"] == "fail" and any("unlocks after 60 seconds" in f["detail"]
                                               for f in res["findings"]), res
        kt.write(root, "/etc/security/faillock.conf", "deny = 3\nunlock_time = never\n", 0o644)
        assert pam_locks(root), "unlock_time = never must lock"
        res = audit(root, "auth.lockout")[0]["auth.lockout"]
        assert res["status"] == "pass", res


def sshd_T(root):
    os.makedirs(os.path.join(root, "run", "sshd"), exist_ok=True)
    r = di.chroot(root, ["/usr/sbin/sshd", "-T"])
    return {l.split(" ", 1)[0]: l.split(" ", 1)[1] for l in r.stdout.splitlines() if " " in l}


def test_two_factor_sshd_T_is_the_oracle_and_console_stays_single():
    with di.cloned(extra_packages=EXTRA) as root:
        assert sshd_T(root)["authenticationmethods"] == "any"
        res, rep = audit(root, "auth.two_factor")
        r = res["auth.two_factor"]
        assert r["status"] == "manual", r
        assert set(kt.subjects(r)) == {"sshd", "login"}, r
        row = next(i for i in rep["items"] if i["id"] == "2-10")
        assert row["answer"] == "unchecked", row
        # an Include'd drop-in, as Debian's sshd_config reads /etc/ssh/sshd_config.d/*.conf
        kt.write(root, "/etc/ssh/sshd_config.d/10-2fa.conf",
                 "AuthenticationMethods publickey,password\n", 0o644)
        assert sshd_T(root)["authenticationmethods"] == "publickey,password"
        r = audit(root, "auth.two_factor")[0]["auth.two_factor"]
        assert r["status"] == "manual" and kt.subjects(r) == ["login"], r
        assert "sshd: second factor required" in json.dumps(r["evidence"]), r
        # the plan by FY2027 is a person's answer: the site file decides the row
        site = os.path.join(os.path.dirname(root), "site.ini")
        with open(site, "w") as f:
            f.write("[site]\nname = test clinic\n\n[answer 2-10]\nanswer = yes\nby = 情報担当\n"
                    "date = 2026-11-01\nnote = 令和9年度に導入予定\n")
        code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of",
                                  kt.AS_OF, "--lang", "en", "--only", "auth.two_factor",
                                  "--site", site)
        assert code in (0, 2), err
        row = next(i for i in json.loads(out)["items"] if i["id"] == "2-10")
        assert row["answer"] == "yes", row


def test_guideline7_13_without_second_factor_and_lockout():
    with di.cloned(extra_packages=EXTRA) as root:
        prepare(root)
        kt.write(root, "/etc/pam.d/common-auth", FAILLOCK_PREAUTH, 0o644)
        assert pam_locks(root)
        kt.write(root, "/etc/security/pwquality.conf", "minlen = 8\ndcredit = -1\nlcredit = -1\n",
                 0o644)
        checks = ("password.policy", "password.max_age", "auth.lockout")
        res = audit(root, *checks, profile="guideline7")[0]
        pol = res["password.policy"]
        assert pol["status"] == "fail", pol
        assert any("at least 13" in f["detail"] for f in pol["findings"]), pol
        assert "minimum length 13 applies, not 8" in json.dumps(pol["evidence"]), pol
        kt.write(root, "/etc/security/pwquality.conf", "minlen = 13\ndcredit = -1\nlcredit = -1\n",
                 0o644)
        # reuse prohibited: pam_pwhistory after pwquality, as Debian's common-password orders it
        cp = open(os.path.join(root, "etc/pam.d/common-password")).read().splitlines(True)
        at = next(i for i, l in enumerate(cp) if "pam_pwquality.so" in l) + 1
        cp.insert(at, "password\trequired\t\t\tpam_pwhistory.so remember=5 use_authtok\n")
        kt.write(root, "/etc/pam.d/common-password", "".join(cp), 0o644)
        checks += ("password.history", "password.hash")
        res, rep = audit(root, *checks, profile="guideline7")
        for c in checks:
            assert res[c]["status"] == "pass", res[c]
        assert "require_periodic_change = no" in res["password.max_age"]["reason"]
        # auth.lockout has no row in R7: it is listed as a guideline requirement, not dropped
        lock = res["auth.lockout"]
        assert lock["items"] == [] and lock["guideline"] == ["7.0 14-⑥"], lock


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
