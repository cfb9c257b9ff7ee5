#!/usr/bin/env python3
"""password.hash and password.defaults (item 2-7) on the Debian 12 hash fixture, with shadow
files of known passwords hashed at test time by tests/helpers/make-hash (libxcrypt's own
crypt_gensalt_rn + crypt_rn)."""
import json
import os
import re
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

MAKE_HASH = os.environ.get("KENSA_MAKE_HASH")
STRONG = "Vq7#tL9!pR2@xW4z-kensa"


def make_hash(password, prefix, count=None):
    if not MAKE_HASH:
        raise Skip("KENSA_MAKE_HASH not set (run through meson test)")
    argv = [MAKE_HASH, password, prefix] + ([str(count)] if count is not None else [])
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


def shadow_line(name, field):
    return f"{name}:{field}:20500:0:99999:7:::\n"


SYSTEM = ["daemon", "bin", "sys", "sync", "man", "lp", "www-data", "backup", "_apt", "nobody"]


def planted_defaults_root(extra=None):
    """Known passwords: alice 'changeme' (list), bob his own name, carol strong, dave locked 'admin',
    erin her name reversed (DES), root the host name; the others locked or disabled."""
    root = scratch_root("hashes-debian12")
    accounts = {
        "root": make_hash("clinic-srv01", "$6$"),
        "alice": make_hash("changeme", "$y$"),
        "bob": make_hash("bob", "$6$"),
        "carol": make_hash(STRONG, "$6$"),
        "dave": "!" + make_hash("admin", "$6$"),
        "erin": make_hash("nire", ""),
    }
    accounts.update(extra or {})
    text = "".join(shadow_line(n, accounts.get(n, "*")) for n in ["root"] + SYSTEM)
    text += "".join(shadow_line(n, "!") for n in ["systemd-network", "messagebus", "sshd", "postgres"])
    text += "".join(shadow_line(n, accounts.get(n, "!")) for n in
                    ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan", "judy", "kim"])
    write(root, "/etc/shadow", text, mode=0o640)
    return root, accounts


# --- password.hash ------------------------------------------------------------------------------

def test_hash_methods_and_costs_of_the_fixture():
    code, rep = audit_json(scratch_root("hashes-debian12"), "--only", "password.hash", expect_exit=2)
    r = result(rep, "password.hash")
    assert r["status"] == "fail", r
    assert r["items"] == ["2-7"], r["items"]
    assert subjects(r, "fail") == ["bob", "carol", "dave", "frank", "gina", "hank", "ivan"], subjects(r, "fail")
    assert subjects(r, "warn") == ["erin"], subjects(r, "warn")
    by = {f["subject"]: f for f in r["findings"]}
    assert "md5crypt" in by["bob"]["detail"] and "legacy" in by["bob"]["detail"]
    assert "descrypt" in by["carol"]["detail"]
    assert "1000 rounds" in by["dave"]["detail"] and "5000 rounds" in by["dave"]["detail"]
    assert "sha256crypt" in by["gina"]["detail"]
    assert "bcrypt-a" in by["hank"]["detail"] and "allowed" in by["hank"]["detail"]
    assert "cost 5" in by["ivan"]["detail"] and "cost 10" in by["ivan"]["detail"]
    assert "empty password" in by["frank"]["detail"]
    assert any("locked" in e["value"] for e in by["erin"]["evidence"]), by["erin"]
    assert {"source": "/etc/shadow", "value": "line 17: md5crypt"} in \
        [{"source": e["source"], "value": e["value"]} for e in by["bob"]["evidence"]]
    ev = {(e["source"], e["value"]) for e in r["evidence"]}
    assert ("/etc/pam.d/common-password",
            "line 25: pam_unix.so sets new passwords with yescrypt, cost factor 5 (option yescrypt)") in ev, ev
    assert ("/etc/login.defs", "new hashes from shadow-utils: sha512crypt, 5000 rounds") in ev, ev


def test_weak_configuration_is_a_finding():
    root = scratch_root("hashes-debian12")
    defs = open(os.path.join(root, "etc/login.defs")).read().replace("ENCRYPT_METHOD SHA512", "ENCRYPT_METHOD MD5")
    write(root, "/etc/login.defs", defs)
    pam = open(os.path.join(root, "etc/pam.d/common-password")).read().replace("obscure yescrypt", "obscure sha512 rounds=2000")
    write(root, "/etc/pam.d/common-password", pam)
    _, rep = audit_json(root, "--only", "password.hash")
    r = result(rep, "password.hash")
    by = {f["subject"]: f for f in r["findings"]}
    assert "md5crypt" in by["/etc/login.defs"]["detail"], by.get("/etc/login.defs")
    f = by["/etc/pam.d/common-password"]
    assert f["severity"] == "fail" and "2000 rounds" in f["detail"], f
    assert any("line 25" in e["value"] for e in f["evidence"]), f


def test_rhel_substack_reaches_pam_unix():
    root = scratch_root("hashes-debian12")
    write(root, "/etc/pam.d/passwd", "#%PAM-1.0\n# This tool only uses the password stack.\n"
          "password   substack     system-auth\n"
          "-password   optional    pam_gnome_keyring.so use_authtok\n"
          "password   substack     postlogin\n")
    write(root, "/etc/pam.d/system-auth",
          "password    requisite                                    pam_pwquality.so local_users_only\n"
          "password    sufficient                                   pam_unix.so sha512 shadow nullok use_authtok\n"
          "password    required                                     pam_deny.so\n")
    _, rep = audit_json(root, "--only", "password.hash")
    r = result(rep, "password.hash")
    assert "/etc/pam.d/system-auth" not in subjects(r)
    assert any(e["source"] == "/etc/pam.d/system-auth" and "sha512crypt, 5000 rounds" in e["value"]
               for e in r["evidence"]), r["evidence"]


def test_rhel9_fixture():
    code, rep = audit_json(scratch_root("hashes-rhel9"), "--only", "password.hash", expect_exit=2)
    r = result(rep, "password.hash")
    assert subjects(r, "fail") == ["vendor"], subjects(r, "fail")
    assert subjects(r, "warn") == ["oldpacs"], subjects(r, "warn")
    assert "nurse01" not in subjects(r) and "sshd" not in subjects(r)
    ev = {(e["source"], e["value"]) for e in r["evidence"]}
    assert ("/etc/pam.d/system-auth",
            "line 21: pam_unix.so sets new passwords with sha512crypt, 5000 rounds (option sha512)") in ev, ev
    assert ("/etc/login.defs", "new hashes from shadow-utils: sha512crypt, 5000 rounds") in ev, ev


def test_profile_allowed_methods_change_the_verdict():
    root = scratch_root("hashes-debian12")
    prof = write(scratch_root(), "site.ini",
                 "include = server\n[password]\nallowed_hash_methods += bcrypt-a\nmin_bcrypt_cost = 5\n")
    _, rep = audit_json(root, "--only", "password.hash", "--profile", prof)
    r = result(rep, "password.hash")
    assert "hank" not in subjects(r) and "ivan" not in subjects(r), subjects(r)
    assert "bob" in subjects(r, "fail")  # legacy whatever the list says


# --- password.defaults --------------------------------------------------------------------------

def test_defaults_find_known_passwords():
    root, _ = planted_defaults_root()
    code, rep = audit_json(root, "--only", "password.defaults", expect_exit=2)
    r = result(rep, "password.defaults")
    assert r["status"] == "fail", r
    assert r["items"] == ["2-7"]
    assert subjects(r, "fail") == ["alice", "bob", "erin", "root"], subjects(r, "fail")
    by = {f["subject"]: f for f in r["findings"]}
    assert by["alice"]["detail"] == "password matches a well-known default password", by["alice"]
    assert "account name" in by["bob"]["detail"] and "account name" in by["erin"]["detail"]
    assert "host name" in by["root"]["detail"]
    assert "carol" not in subjects(r)
    assert by["dave"]["severity"] == "info" and "locked" in by["dave"]["detail"]
    assert "changeme" not in json.dumps(rep) and "nire" not in json.dumps(rep)
    assert any("well-known default passwords" in e["value"] and e["source"].endswith("default-passwords.txt")
               for e in r["evidence"]), r["evidence"]


def test_defaults_strong_yescrypt_passes():
    # every candidate against a real yescrypt hash (cost 5: ~65 ms a try on a small VM)
    root, _ = planted_defaults_root({"root": "*", "alice": make_hash(STRONG, "$y$"), "bob": "!", "erin": "!"})
    prof = write(scratch_root(), "site.ini", "include = server\n[password]\ndefaults_budget_seconds = 100\n")
    code, rep = audit_json(root, "--only", "password.defaults", "--profile", prof)
    r = result(rep, "password.defaults")
    assert r["status"] == "pass", r
    assert r["reason"].startswith("2 of 2 accounts"), r["reason"]


def test_defaults_budget_runs_out():
    root, _ = planted_defaults_root({"alice": make_hash(STRONG, "$y$", 7), "bob": "!", "erin": "!",
                                     "root": "*"})
    prof = write(scratch_root(), "site.ini",
                 "include = server\n[password]\ndefaults_budget_seconds = 1\ndefaults_threads = 1\n")
    _, rep = audit_json(root, "--only", "password.defaults", "--profile", prof)
    r = result(rep, "password.defaults")
    assert r["status"] == "warn", r
    f = [f for f in r["findings"] if f["subject"] == "alice"][0]
    assert f["severity"] == "warn" and "not fully tested within the 1-second budget" in f["detail"], f
    assert "candidates tried" in f["detail"]


def memo_root(hashes):
    """Only accounts with strong passwords (no match: a match is tested every time)."""
    root, _ = planted_defaults_root({"root": "*", "bob": "!", "erin": "!", **hashes})
    return root


def defaults_run(root, reports, *extra):
    code, out, err = kensa("audit", "--root", root, "--only", "password.defaults", "--as-of", AS_OF,
                           "--lang", "en", "--report-dir", reports, "--quiet", *extra)
    assert code in (0, 2), err
    latest = sorted(n for n in os.listdir(reports) if n.endswith(".json"))
    latest.sort(key=lambda n: (len(n), n))
    with open(os.path.join(reports, latest[-1])) as f:
        rep = json.load(f)
    r = result(rep, "password.defaults")
    hashes = [int(re.search(r"; (\d+) hashes in", e["value"]).group(1)) for e in r["evidence"]
              if " hashes in " in e["value"]][0]
    return r, hashes


def test_defaults_memo_tests_only_new_or_changed_hashes():
    import re as _re  # noqa: F401
    fast = {"alice": make_hash(STRONG, "$y$", 1), "carol": make_hash(STRONG, "$6$"),
            "frank": make_hash(STRONG + "f", "$6$"), "gina": make_hash(STRONG + "g", "$y$", 1)}
    root = memo_root(fast)
    reports = os.path.join(os.path.dirname(scratch_root()), "reports")
    r, hashes = defaults_run(root, reports)
    assert r["status"] == "pass" and hashes > 100, (r["reason"], hashes)
    assert r["reason"].startswith("4 of 4 accounts"), r["reason"]
    memo = [n for n in os.listdir(reports) if n.endswith(".memo")]
    assert memo == ["kensa-defaults-clinic-srv01.memo"], os.listdir(reports)
    for name in memo + ["kensa-defaults.key"]:
        st = os.stat(os.path.join(reports, name))
        assert stat.S_IMODE(st.st_mode) == 0o600, name
    text = open(os.path.join(reports, memo[0])).read()
    # keyed digests only: never a hash, a salt or an account name
    for h in fast.values():
        assert h not in text and h.split("$")[-2] not in text
    assert "alice" not in text and "$" not in text
    assert len(text.splitlines()) == 1 + 4, text
    # nothing changed: no hashing at all, and every account still reported as tested
    r, hashes = defaults_run(root, reports)
    assert hashes == 0, r["evidence"]
    assert r["status"] == "pass" and r["reason"].startswith("4 of 4 accounts"), r["reason"]
    info = {f["subject"]: f["detail"] for f in r["findings"] if f["severity"] == "info"}
    for name in fast:
        assert info[name] == f"tested in the report of {AS_OF}, unchanged since: no match", info
    # carol changes her password: only carol is hashed again
    shadow = open(os.path.join(root, "etc/shadow")).read()
    write(root, "/etc/shadow", shadow.replace(fast["carol"], make_hash(STRONG + "c", "$6$")), mode=0o640)
    r, hashes = defaults_run(root, reports)
    assert 0 < hashes < 200, hashes
    assert "carol" not in {f["subject"] for f in r["findings"] if f["severity"] == "info"}
    assert r["reason"].startswith("4 of 4 accounts"), r["reason"]
    # a longer list is a different test: everything is hashed again
    lst = write(scratch_root(), "list.txt", "changeme\npassword\nextra-entry\n")
    prof = write(scratch_root(), "p.ini", f"include = server\n[password]\ndefaults_list = {lst}\n")
    r, hashes = defaults_run(root, reports, "--profile", prof)
    assert hashes >= 4 * 10, hashes
    # a damaged memo is never trusted: every account is tested again, and the run says so
    with open(os.path.join(reports, memo[0]), "a") as f:
        f.write("not a memo line\n")
    r, hashes = defaults_run(root, reports)
    assert hashes > 100 and any("memo was malformed" in e["value"] for e in r["evidence"]), r["evidence"]
    # without --report-dir nothing is remembered and nothing is written into the audited root
    before = sorted(os.listdir(os.path.dirname(root)))
    _, rep = audit_json(root, "--only", "password.defaults")
    assert sorted(os.listdir(os.path.dirname(root))) == before
    assert not [n for n in os.listdir(root) if "kensa" in n]
    # --skip password.defaults leaves the memo as it was
    mtime = os.stat(os.path.join(reports, memo[0])).st_mtime_ns
    kensa("audit", "--root", root, "--only", "password.hash", "--report-dir", reports, "--quiet")
    assert os.stat(os.path.join(reports, memo[0])).st_mtime_ns == mtime


def test_defaults_skip_and_missing_list():
    root, _ = planted_defaults_root()
    _, rep = audit_json(root, "--only", "password.hash,password.defaults", "--skip", "password.defaults")
    assert [x["id"] for x in rep["results"]] == ["password.hash"]
    prof = write(scratch_root(), "site.ini", "include = server\n[password]\ndefaults_list = nosuch.txt\n")
    _, rep = audit_json(root, "--only", "password.defaults", "--profile", prof)
    r = result(rep, "password.defaults")
    assert r["status"] == "error" and "nosuch.txt" in r["reason"], r


def test_text_report_in_japanese():
    root, _ = planted_defaults_root()
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "ja",
                           "--only", "password.hash,password.defaults")
    assert code == 2, (code, err)
    assert "password.defaults" in out and "alice" in out, out


if __name__ == "__main__":
    run_tests(globals())
