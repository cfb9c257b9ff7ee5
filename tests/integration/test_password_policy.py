#!/usr/bin/env python3
"""password.policy / password.max_age (item 2-7) and password.history (item 2-8) on Debian 12 and
RHEL 9 PAM layouts: what passwd really enforces, with findings citing file:line."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

PWQ_D = "/etc/security/pwquality.conf.d"


def run(root, check, *extra):
    _, rep = audit_json(root, "--only", check, *extra)
    return result(rep, check)


def details(res, severity=None):
    return [f["detail"] for f in res["findings"] if severity in (None, f["severity"])]


def all_values(res):
    vals = [e["value"] for e in res["evidence"]]
    for f in res["findings"]:
        vals += [e["value"] for e in f["evidence"]]
        vals += [res["evidence"][i]["value"] for i in f.get("evidence_refs", [])]
    return vals


def cited(res, text):
    return any(text in v for v in all_values(res))


# ---- password.policy ----

def test_shared_evidence_is_shown_once_and_findings_point_to_it():
    # three class findings rest on the same ten pwquality defaults: printed once, not three times
    root = scratch_root("pam-debian12-pwquality")
    res = run(root, "password.policy")
    fails = [f for f in res["findings"] if f["severity"] == "fail"]
    assert len(fails) == 3, details(res)
    values = [e["value"] for e in res["evidence"]]
    for f in fails:
        refs = f["evidence_refs"]
        assert refs and f["evidence"] == [], f
        cited_values = [values[i] for i in refs]
        assert any("dcredit = 0 (libpwquality default)" in v for v in cited_values), cited_values
    assert sum("dcredit = 0 (libpwquality default)" in v for v in values) == 1, values
    for lang in ("en", "ja"):
        code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only",
                               "password.policy", "--lang", lang)
        assert out.count("dcredit = 0") == 1, out
        import re
        ranges = re.findall(r"E\d+–E\d+", out)  # the ten defaults, one range named by each finding
        assert len(ranges) == 3 and len(set(ranges)) == 1, out
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only",
                           "password.policy", "--format", "html")
    assert out.count("dcredit = 0") == 1 and "<b>E4</b>" in out
    # SARIF results stand alone: each still carries all of its evidence
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--only",
                           "password.policy", "--format", "sarif")
    sarif = json.loads(out)
    fails = [x for x in sarif["runs"][0]["results"] if x["level"] == "error"]
    assert all(any("dcredit = 0" in e["value"] for e in x["properties"]["evidence"]) for x in fails)

def test_debian_without_pwquality_fails_on_pam_unix_minimum():
    r = run(scratch_root("pam-debian12-unix"), "password.policy")
    assert r["status"] == "fail", r
    assert r["items"] == ["2-7"]
    d = " ".join(details(r, "fail"))
    assert "6-character password is accepted" in d, d
    for cls in ("letters", "digits", "symbols"):
        assert f"without {cls}" in d, (cls, d)
    assert cited(r, "/etc/pam.d/common-password:25"), all_values(r)


def test_debian_pwquality_defaults_length_ok_classes_missing():
    r = run(scratch_root("pam-debian12-pwquality"), "password.policy")
    assert r["status"] == "fail", r
    d = " ".join(details(r, "fail"))
    assert "character password is accepted" not in d, d   # minlen 8 by default
    assert "without digits" in d and "without symbols" in d and "without letters" in d, d
    assert cited(r, "minlen = 8 (libpwquality default)"), all_values(r)


def test_site_dropin_requiring_classes_passes_and_is_cited():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "# site rule\nminlen = 10\ndcredit = -1\nocredit = -1\nlcredit = -1\n")
    r = run(root, "password.policy")
    assert r["status"] == "pass", (r["status"], details(r))
    assert "10 characters" in r["reason"], r["reason"]
    assert cited(r, PWQ_D + "/50-site.conf:2 minlen = 10"), all_values(r)
    assert cited(r, PWQ_D + "/50-site.conf:3 dcredit = -1"), all_values(r)


def test_main_file_overrides_dropins_and_dropins_apply_in_name_order():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/10-first.conf", "minlen = 14\n")
    write(root, PWQ_D + "/90-last.conf", "minlen = 12\n")
    r = run(root, "password.policy")
    assert cited(r, PWQ_D + "/90-last.conf:1 minlen = 12"), all_values(r)
    # pwquality.conf is read after the drop-ins: its value wins
    with open(os.path.join(root, "etc/security/pwquality.conf"), "a") as f:
        f.write("minlen = 7\n")
    r = run(root, "password.policy")
    assert any("/etc/security/pwquality.conf:" in v and "minlen = 7" in v for v in all_values(r)), all_values(r)
    assert "7-character password is accepted" in " ".join(details(r, "fail")), details(r)


def test_positive_credits_shorten_the_minimum():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 11\ndcredit = 1\nucredit = 1\nocredit = 1\nlcredit = 1\n")
    r = run(root, "password.policy")
    assert r["status"] == "fail"
    # 11 - 4 credits: "aB3$xyz" (7 characters, all four classes) is accepted
    assert "7-character password is accepted" in " ".join(details(r, "fail")), details(r)
    # with minlen 9 the credits would allow 5, but pam_unix (use_authtok) still wants 6
    write(root, PWQ_D + "/50-site.conf", "minlen = 9\ndcredit = 1\nucredit = 1\nocredit = 1\nlcredit = 1\n")
    r = run(root, "password.policy")
    assert "6-character password is accepted" in " ".join(details(r, "fail")), details(r)


def test_module_arguments_override_the_config_file():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 14\nminclass = 4\n")
    path = os.path.join(root, "etc/pam.d/common-password")
    text = open(path).read().replace("pam_pwquality.so retry=3", "pam_pwquality.so retry=3 minlen=6 minclass=1")
    write(root, "/etc/pam.d/common-password", text)
    r = run(root, "password.policy")
    assert r["status"] == "fail"
    assert "6-character password is accepted" in " ".join(details(r, "fail")), details(r)
    assert cited(r, "/etc/pam.d/common-password:25 minlen=6"), all_values(r)


def test_unix_before_pwquality_bypasses_it():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 12\nminclass = 4\n")
    path = os.path.join(root, "etc/pam.d/common-password")
    orig = open(path).read()
    lines = orig.splitlines(True)
    q = next(i for i, l in enumerate(lines) if "pam_pwquality.so" in l)
    u = next(i for i, l in enumerate(lines) if "pam_unix.so" in l)
    lines[q], lines[u] = lines[u], lines[q]
    # pam_unix's success=1 now lands on pam_deny, and its failure reaches pam_deny too: the
    # first pass (PAM_PRELIM_CHECK) fails on every path, so nothing is ever stored
    write(root, "/etc/pam.d/common-password", "".join(lines))
    r = run(root, "password.policy")
    assert r["status"] == "fail", r
    assert any("no password can be changed" in d for d in details(r, "fail")), details(r)
    # Debian's pam_unix (no use_authtok) as "required" before pam_pwquality: it prompts and
    # stores the password itself, pam_pwquality judges it afterwards
    write(root, "/etc/pam.d/common-password",
          "password required pam_unix.so obscure yescrypt\n"
          "password requisite pam_pwquality.so retry=3\n"
          "password required pam_permit.so\n")
    r = run(root, "password.policy")
    assert r["status"] == "fail", r
    late = [f for f in r["findings"] if f["subject"] == "pam_pwquality.so" and "already stored" in f["detail"]]
    assert late and late[0]["severity"] == "warn", r["findings"]
    assert "6-character password is accepted" in " ".join(details(r, "fail")), details(r)
    # Debian's own pam_unix line (no use_authtok) with success=2 jumps over pam_pwquality and
    # pam_deny: what it stored was never judged
    plain = "".join(lines).replace("obscure use_authtok try_first_pass", "obscure try_first_pass")
    text = plain.replace("[success=1 default=ignore]", "[success=2 default=ignore]")
    write(root, "/etc/pam.d/common-password", text)
    r = run(root, "password.policy")
    assert r["status"] == "fail", r
    skipped = [f for f in r["findings"] if f["subject"] == "pam_pwquality.so" and ("skipped" in f["detail"] or "already stored" in f["detail"])]
    assert skipped and skipped[0]["severity"] == "warn", r["findings"]


def test_enforcing_zero_only_warns():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 12\nminclass = 4\nenforcing = 0\n")
    r = run(root, "password.policy")
    assert r["status"] == "fail"
    assert any("only warns" in d for d in details(r, "warn")), details(r)


def test_malformed_dropin_stops_libpwquality_reading():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/10-broken.conf", "minlen = 12\nminclass = four\n")
    write(root, PWQ_D + "/50-site.conf", "minclass = 4\n")
    r = run(root, "password.policy")
    warns = [f for f in r["findings"] if f["severity"] == "warn" and f["subject"].endswith("10-broken.conf")]
    assert warns and "line 2" in warns[0]["detail"], r["findings"]
    # minlen = 12 (line 1) applied, minclass = 4 from the later file did not
    assert cited(r, "10-broken.conf:1 minlen = 12"), all_values(r)
    assert r["status"] == "fail" and "without digits" in " ".join(details(r, "fail"))


def test_rhel9_authselect_minclass_passes():
    root = scratch_root("pam-rhel9-authselect")
    r = run(root, "password.policy")
    assert r["status"] == "fail", r
    assert cited(r, "/etc/pam.d/system-auth:13"), all_values(r)
    with open(os.path.join(root, "etc/security/pwquality.conf"), "a") as f:
        f.write("minclass = 4\n")
    r = run(root, "password.policy")
    assert r["status"] == "pass", details(r)
    assert any("/etc/security/pwquality.conf:" in v and "minclass = 4" in v for v in all_values(r))


def test_usr_lib_pam_d_only_layout():
    r = run(scratch_root("pam-usrlib-only"), "password.policy")
    assert r["status"] == "pass", details(r)
    assert "12 characters" in r["reason"], r["reason"]
    assert cited(r, "/usr/lib/pam.d/common-password:2 minlen=12"), all_values(r)


def test_include_loop_and_missing_include_are_reported():
    root = scratch_root("pam-debian12-pwquality")
    write(root, "/etc/pam.d/passwd", "@include common-password\npassword include loop-a\n")
    write(root, "/etc/pam.d/loop-a", "password include loop-b\n")
    write(root, "/etc/pam.d/loop-b", "password include loop-a\npassword include no-such-file\n")
    r = run(root, "password.policy")
    w = " ".join(details(r, "warn"))
    assert "maximum level of inclusions" in w, w
    assert "'no-such-file', which does not exist" in w, w
    assert any(f["subject"] == "/etc/pam.d/loop-b" and any("line 2" in e["value"] for e in f["evidence"])
               for f in r["findings"]), r["findings"]


def test_malformed_pam_lines_do_not_crash():
    root = scratch_root("pam-debian12-pwquality")
    write(root, "/etc/pam.d/common-password",
          "password [success=1 bogus] pam_unix.so\npassword\n\x00\xff junk [[[\npassword requisite pam_pwquality.so \\\n")
    r = run(root, "password.policy")
    assert r["status"] in ("fail", "warn"), r
    assert any("continuation" in d for d in details(r, "warn")), details(r)


# ---- password.max_age ----

def test_max_age_fails_per_account_and_login_defs():
    r = run(scratch_root("pam-debian12-unix"), "password.max_age")
    assert r["status"] == "fail", r
    assert subjects(r, "fail") == ["/etc/login.defs", "alice", "carol"], subjects(r, "fail")
    alice = [f for f in r["findings"] if f["subject"] == "alice"][0]
    assert any(e["source"] == "/etc/shadow" and "line 9" in e["value"] for e in alice["evidence"]), alice
    assert cited(r, "line 165: PASS_MAX_DAYS 99999")
    assert r["reason"].startswith("new accounts' passwords are not made to expire within 60 days"), r["reason"]


def test_max_age_reason_names_login_defs_when_no_account_fails():
    """A fresh image: no account can log in, PASS_MAX_DAYS 99999 fails. The reason said "0 of 0
    accounts exceed 60 days" beside a fail; it must say what fails."""
    root = scratch_root("pam-debian12-unix")
    shadow = open(os.path.join(root, "etc/shadow")).read().splitlines(True)
    write(root, "/etc/shadow", "".join(l.split(":", 1)[0] + ":*:" + l.split(":", 2)[2] if l.strip() else l
                                       for l in shadow), 0o640)
    r = run(root, "password.max_age")
    assert r["status"] == "fail" and subjects(r, "fail") == ["/etc/login.defs"], r
    assert "PASS_MAX_DAYS" in r["reason"] and "0 of 0" in r["reason"], r["reason"]


def test_max_age_13_character_exception():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 13\n")
    r = run(root, "password.max_age")
    assert r["status"] == "pass", details(r)
    assert "13" in r["reason"] and "exception" in r["reason"], r["reason"]
    # 12 is not enough
    write(root, PWQ_D + "/50-site.conf", "minlen = 12\n")
    assert run(root, "password.max_age")["status"] == "fail"


def test_max_age_two_factor_exception_from_sshd_dropin():
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config.d/50-mfa.conf",
          "# second factor for everyone\nAuthenticationMethods publickey,keyboard-interactive\n")
    r = run(root, "password.max_age")
    assert r["status"] == "pass", details(r)
    assert "two-factor" in r["reason"], r["reason"]
    assert "/etc/ssh/sshd_config.d/50-mfa.conf:2" in r["reason"], r["reason"]
    # sshd takes the first value: an earlier-sorting drop-in decides
    write(root, "/etc/ssh/sshd_config.d/10-any.conf", "AuthenticationMethods any\n")
    assert run(root, "password.max_age")["status"] == "fail"


def test_max_age_pam_second_factor_needs_to_be_unskippable():
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/ssh/sshd_config.d/50-pam.conf", "PubkeyAuthentication no\nKbdInteractiveAuthentication yes\n")
    sshd = open(os.path.join(root, "etc/pam.d/sshd")).read()
    write(root, "/etc/pam.d/sshd", sshd.replace("@include common-auth",
          "@include common-auth\nauth required pam_google_authenticator.so nullok", 1))
    r = run(root, "password.max_age")
    assert r["status"] == "fail", r        # nullok: users without a secret get in
    assert any(f["subject"] == "pam_google_authenticator.so" for f in r["findings"]), r["findings"]
    write(root, "/etc/pam.d/sshd", sshd.replace("@include common-auth",
          "@include common-auth\nauth required pam_google_authenticator.so", 1))
    r = run(root, "password.max_age")
    assert r["status"] == "pass", details(r)
    assert "pam_google_authenticator.so" in r["reason"], r["reason"]


def test_max_age_not_required_by_profile():
    root = scratch_root("pam-debian12-unix")
    prof = write(root + "-profile", "/site.ini", "include = server\n\n[password]\nrequire_periodic_change = no\n")
    r = run(root, "password.max_age", "--profile", prof)
    assert r["status"] == "pass", r
    assert "require_periodic_change" in r["reason"]


# ---- password.history ----

def test_history_missing_and_copied_hashes_named_without_hash():
    _, rep = audit_json(scratch_root("pam-debian12-unix"), "--only", "password.history")
    r = result(rep, "password.history")
    assert r["status"] == "fail" and r["items"] == ["2-8"], r
    assert "passwd" in subjects(r, "fail")
    assert "bob, carol" in subjects(r, "fail"), subjects(r)
    text = json.dumps(rep)
    assert "$y$j9T$" not in text, "a hash reached the report"


def test_history_rhel_pwhistory_default_and_conf():
    root = scratch_root("pam-rhel9-authselect")
    r = run(root, "password.history")
    assert r["status"] == "pass", details(r)
    assert "10" in r["reason"], r["reason"]
    conf = os.path.join(root, "etc/security/pwhistory.conf")
    line = len(open(conf).read().splitlines()) + 1
    with open(conf, "a") as f:
        f.write("remember = 3\n")
    r = run(root, "password.history")
    assert r["status"] == "fail", r
    assert cited(r, f"/etc/security/pwhistory.conf:{line} remember = 3"), all_values(r)
    # a module argument overrides the file
    for name in ("system-auth",):
        p = os.path.join(root, "etc/authselect", name)
        text = open(p).read().replace("pam_pwhistory.so use_authtok", "pam_pwhistory.so use_authtok remember=24 enforce_for_root")
        with open(p, "w") as f:
            f.write(text)
    r = run(root, "password.history")
    assert r["status"] == "pass", details(r)
    assert "24" in r["reason"] and "pam_pwhistory" not in " ".join(subjects(r, "info")), r


def test_history_pam_unix_remember_and_bypass():
    root = scratch_root("pam-debian12-pwquality")
    p = "/etc/pam.d/common-password"
    text = open(os.path.join(root, p.lstrip("/"))).read()
    write(root, p, text.replace("pam_unix.so obscure", "pam_unix.so remember=5 obscure"))
    r = run(root, "password.history")
    assert "passwd" not in subjects(r, "fail"), r["findings"]
    # pam_pwhistory that pam_unix's success jumps over does not count
    write(root, p, text.replace("password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt\n",
                                "password\t[success=2 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt\n"
                                "password\trequired\tpam_pwhistory.so remember=9\n"))
    r = run(root, "password.history")
    assert any("runs after pam_unix.so" in d and "already stored" in d for d in details(r, "warn")), details(r)
    assert "passwd" in subjects(r, "fail")
    assert r["reason"], r


def test_schema_valid():
    root = scratch_root("pam-debian12-pwquality")
    _, rep = audit_json(root, "--only", "password.policy,password.max_age,password.history")
    validate_schema(rep)




def test_missing_cracklib_dictionary_refuses_every_password():
    root = scratch_root("pam-debian12-pwquality")
    write(root, PWQ_D + "/50-site.conf", "minlen = 12\nminclass = 4\n")
    assert run(root, "password.policy")["status"] == "pass"
    os.unlink(os.path.join(root, "var/cache/cracklib/cracklib_dict.pwi"))
    for check in ("password.policy", "password.history"):
        r = run(root, check)
        assert r["status"] == "fail", r
        assert "every password change is refused" in r["reason"], r
        assert "/var/cache/cracklib/cracklib_dict.pwi" in r["reason"], r
    # dictcheck = 0: libpwquality never opens the dictionary
    write(root, PWQ_D + "/60-nodict.conf", "dictcheck = 0\n")
    assert run(root, "password.policy")["status"] == "pass"
    # dictpath names another dictionary: that one must exist (.pwd.gz will do)
    write(root, PWQ_D + "/60-nodict.conf", "dictpath = /usr/local/share/dict/site\n")
    r = run(root, "password.policy")
    assert "/usr/local/share/dict/site.pwd" in (r["reason"] or ""), r
    write(root, "/usr/local/share/dict/site.pwd.gz", "")
    write(root, "/usr/local/share/dict/site.pwi", "")
    assert run(root, "password.policy")["status"] == "pass"
    # enforcing = 0: it only warns, so even without a dictionary nothing is refused
    write(root, PWQ_D + "/60-nodict.conf", "enforcing = 0\n")
    r = run(root, "password.policy")
    assert "every password change is refused" not in (r["reason"] or ""), r


def test_stack_without_a_writer_stores_nothing():
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/pam.d/passwd", "password required pam_permit.so\n")
    r = run(root, "password.policy")
    assert r["status"] == "fail", r
    assert "no module in the password stack stores one" in r["reason"], r

# ---- hostile PAM trees (issue 16, 4 and 11): bounded work, each file read once ----

PW_CHECKS = "password.policy,password.history,password.max_age"


def timed_audit(root, limit):
    import subprocess
    import time
    t0 = time.monotonic()
    try:
        p = subprocess.run([KENSA, "audit", "--root", root, "--format", "json", "--as-of", AS_OF,
                            "--lang", "en", "--only", PW_CHECKS], capture_output=True, text=True,
                           timeout=limit)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the audit did not end within {limit} s")
    took = time.monotonic() - t0
    assert p.returncode in (0, 2), p.stderr
    return {r["id"]: r for r in json.loads(p.stdout)["results"]}, took


def test_include_fanout_reads_each_file_once():
    root = scratch_root("pam-debian12-unix")
    # a 1 MiB file included 80,000 times (comments only: no handler cap stops the re-reading)
    write(root, "/etc/pam.d/big", ("# " + "x" * 1000 + "\n") * 1040)
    write(root, "/etc/pam.d/passwd", "@include big\n" * 80000 + "password required pam_unix.so\n")
    rs, took = timed_audit(root, 20)
    assert took < 10, took  # the old loader read 80 GB: minutes
    r = rs["password.policy"]
    assert r["status"] == "fail" and "6 characters" in r["reason"], r
    assert [e["source"] for e in r["evidence"]].count("/etc/pam.d/big") <= 1, r["evidence"]


def test_pam_files_beyond_the_budget_are_an_error_not_a_guess():
    root = scratch_root("pam-debian12-unix")
    # nine distinct 1 MiB files: more than the 8 MiB one service may take
    lines = []
    for i in range(9):
        write(root, f"/etc/pam.d/part{i}", ("# " + "y" * 1000 + "\n") * 1040)
        lines.append(f"@include part{i}\n")
    write(root, "/etc/pam.d/passwd", "".join(lines) + "password required pam_unix.so\n")
    rs, _ = timed_audit(root, 20)
    for check in ("password.policy", "password.history"):
        r = rs[check]
        assert r["status"] == "error", r
        assert "bounds" in r["reason"], r
    # and 300 small distinct files: more than 256 files for one service
    lines = []
    for i in range(300):
        write(root, f"/etc/pam.d/small{i}", "# nothing\n")
        lines.append(f"@include small{i}\n")
    write(root, "/etc/pam.d/passwd", "".join(lines) + "password required pam_unix.so\n")
    rs, _ = timed_audit(root, 20)
    assert rs["password.policy"]["status"] == "error", rs["password.policy"]

if __name__ == "__main__":
    run_tests(globals())
