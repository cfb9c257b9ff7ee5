#!/usr/bin/python3
"""kensa's PAM verdicts against the OS itself: conditions are planted in a clone of a real Debian
12 / 13 image, the image's own passwd(1) is run as an unprivileged user on a pseudo-terminal inside
the chroot (di.passwd_as_user), and whether /etc/shadow's hash changed is the oracle of whether a
new password was accepted and stored or refused. kensa's verdict must agree with what passwd did.
Exit 77 when no image can be built here (not root, no debootstrap, no mirror)."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

# libpam-pwquality with its dictionary (cracklib-runtime's update-cracklib builds
# /var/cache/cracklib/cracklib_dict.*): debootstrap installs no Recommends, so without
# cracklib-runtime pam_pwquality would refuse every password (see test_no_dictionary...).
PWQ = ["cracklib-runtime", "libpam-pwquality"]
USER = "alice"
# Strong, unrelated passwords (pwquality's defaults and cracklib accept each of them).
PW = ["Kx7-qP2v-mZ9w", "Rt4!hW8n-Ls3c", "Gm5#dJ1y-Pq8e", "Vb2%kN6u-Hx4r", "Zc9&fT3o-Wd7a"]
CP = "/etc/pam.d/common-password"


def audit(root, *checks):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", ",".join(checks))
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return {r["id"]: r for r in rep["results"]}


def details(r, severity=None):
    return [f["detail"] for f in r["findings"] if severity is None or f["severity"] == severity]


def read(root, path):
    with open(os.path.join(root, path.lstrip("/")), encoding="utf-8") as f:
        return f.read()


def write(root, path, text):
    kt.write(root, path, text, 0o644)


def with_user(root):
    di.useradd(root, USER, "-m", "-s", "/bin/sh")
    di.chpasswd(root, USER, PW[0])


def change(root, old, new):
    stored, transcript = di.passwd_as_user(root, USER, old, [new])
    print("passwd %s: %s" % ("stored" if stored else "refused", " | ".join(
        line.strip() for line in transcript.splitlines() if line.strip())), flush=True)
    return stored


def insert_after(text, marker, line):
    lines = text.splitlines(True)
    at = next(i for i, l in enumerate(lines) if marker in l) + 1
    lines.insert(at, line)
    return "".join(lines)


def remembered(r):
    """How many old passwords kensa says passwd refuses (0 when it says none is checked)."""
    m = re.search(r"last (\d+) passwords are refused", r["reason"] or "")
    return int(m.group(1)) if m else 0


# ---- issue 15, 1: history checked after the password is written ----

def test_pwhistory_after_pam_unix_lets_the_old_password_back():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        write(root, CP, read(root, CP) + "password required pam_pwhistory.so remember=5 use_authtok\n")
        r = audit(root, "password.history")["password.history"]
        # the oracle: A -> B -> A, and /etc/shadow takes A back
        assert change(root, PW[0], PW[1]), "the first change must be stored"
        reused = change(root, PW[1], PW[0])
        assert reused, "pam_unix stores the password before pam_pwhistory judges it"
        assert r["status"] == "fail", r
        assert remembered(r) == 0, r["reason"]
        assert any("runs after pam_unix.so" in d and "already stored" in d for d in details(r, "warn")), details(r)
        assert r["reason"], r


def test_pwhistory_before_pam_unix_refuses_the_old_password():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        write(root, CP, insert_after(read(root, CP), "pam_pwquality.so",
                                     "password required pam_pwhistory.so remember=5 use_authtok\n"))
        r = audit(root, "password.history")["password.history"]
        assert change(root, PW[0], PW[1])
        assert not change(root, PW[1], PW[0]), "pam_pwhistory before pam_unix refuses reuse"
        assert r["status"] == "pass", details(r)
        assert remembered(r) == 5, r["reason"]


def test_pwhistory_between_pam_unix_and_pam_deny_is_a_broken_stack():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        # pam_unix's success=1 now jumps over the new line onto pam_deny, already in the first
        # pass (PAM_PRELIM_CHECK); its failure runs pam_pwhistory and then pam_deny too
        write(root, CP, insert_after(read(root, CP), "pam_unix.so",
                                     "password required pam_pwhistory.so remember=5 use_authtok\n"))
        for check in ("password.history", "password.policy"):
            r = audit(root, check)[check]
            assert r["status"] == "fail", r
            assert any("no password can be changed through passwd" in d for d in details(r, "fail")), details(r)
            assert "no password can be changed" in r["reason"], r
            assert remembered(r) == 0, r["reason"]
        assert not change(root, PW[0], PW[1]), "every path ends in pam_deny before anything is stored"


# ---- issue 15, 2: which files a module reads follows its version ----

def test_pwhistory_conf_is_read_only_by_linux_pam_1_5_3_and_later():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        write(root, "/etc/security/pwhistory.conf", "# site\nremember = 3\n")
        write(root, CP, insert_after(read(root, CP), "pam_pwquality.so",
                                     "password required pam_pwhistory.so use_authtok\n"))
        r = audit(root, "password.history")["password.history"]
        n = remembered(r)
        # four changes away from PW[0], then back: pwhistory keeps min(remember, 4) old ones
        for old, new in zip(PW, PW[1:]):
            assert change(root, old, new), (old, new)
        refused = not change(root, PW[4], PW[0])
        assert refused == (n >= 4), (di.SUITE, n, r["reason"])
        if di.SUITE == "bookworm":  # Linux-PAM 1.5.2: the module default, 10
            assert n == 10 and r["status"] == "pass", r
            ev = json.dumps(r["evidence"])
            assert "not read by this pam_pwhistory" in ev and "1.5.2" in ev, ev
        else:  # 1.7.0 reads it
            assert n == 3 and r["status"] == "fail", r
            assert "/etc/security/pwhistory.conf:2 remember = 3" in r["reason"] or \
                "/etc/security/pwhistory.conf:2 remember = 3" in json.dumps(r), r


# ---- issue 15, 3: a skipped token source and use_authtok ----

def test_localuser_jump_over_pwquality_makes_every_change_fail():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        write(root, CP, read(root, CP).replace(
            "password\trequisite\t\t\tpam_pwquality.so",
            "password\t[success=1 default=ignore]\tpam_localuser.so\n"
            "password\trequisite\t\t\tpam_pwquality.so"))
        assert "pam_localuser.so" in read(root, CP)
        r = audit(root, "password.policy")["password.policy"]
        assert not change(root, PW[0], PW[1]), "pam_unix use_authtok gets no new password"
        assert r["status"] == "fail", r
        fails = details(r, "fail")
        assert any("no password can be changed" in d and "pam_pwquality.so" in d and
                   "pam_localuser.so" in d and "users not in it take the other path" in d
                   for d in fails), fails
        assert not any("password is accepted" in d for d in fails), fails


# ---- issue 15, 4: no cracklib dictionary ----

def test_no_dictionary_refuses_every_password():
    with di.cloned(extra_packages=PWQ) as root:
        with_user(root)
        r = audit(root, "password.policy")["password.policy"]
        assert not any("refused" in d for d in details(r)), details(r)
        assert change(root, PW[0], PW[1]), "with its dictionary pwquality accepts a strong password"
        d = os.path.join(root, "var/cache/cracklib")
        for name in os.listdir(d):
            if name.startswith("cracklib_dict."):
                os.unlink(os.path.join(d, name))
        r = audit(root, "password.policy")["password.policy"]
        assert not change(root, PW[1], PW[2]), "without its dictionary pwquality refuses everything"
        assert r["status"] == "fail", r
        assert any("every password change is refused" in d and "/var/cache/cracklib/cracklib_dict" in d
                   for d in details(r, "fail")), details(r)
        assert r["reason"] and "every password change is refused" in r["reason"], r


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)  # bookworm and trixie; skipped where unavailable
