#!/usr/bin/python3
"""Every verdict that is not a pass says why: across every fixture root and every check, a fail,
warn, error or not_applicable result carries a non-empty reason (issue 15, 5: password.history
failed with reason null)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import AS_OF, SOURCE_ROOT, kensa, run_tests, scratch_root, write  # noqa: E402

ROOTS = os.path.join(SOURCE_ROOT, "tests", "roots")


# password.defaults spends its time budget (seconds) trying passwords on every root that has
# hashes: it runs on one root, every other check on all of them.
SLOW = "password.defaults"
SLOW_ON = "hashes-rhel9"


def missing_reasons(root):
    skip = () if os.path.basename(root) == SLOW_ON else ("--skip", SLOW)
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--as-of", AS_OF,
                           "--lang", "en", *skip)
    if code == 1:  # refused outright (not a root file system): nothing was judged
        assert err.startswith("kensa: "), err
        return []
    assert code in (0, 2), (root, code, err)
    rep = json.loads(out)
    return [(os.path.basename(root), r["id"], r["status"]) for r in rep["results"]
            if r["status"] != "pass" and not (r.get("reason") or "").strip()]


def test_every_fixture_root_every_check_has_a_reason():
    bad = []
    for name in sorted(os.listdir(ROOTS)):
        root = os.path.join(ROOTS, name)
        if os.path.isdir(root):
            bad += missing_reasons(root)
    assert not bad, bad


def test_history_without_any_mechanism_says_why():
    root = scratch_root("pam-debian12-unix")
    write(root, "/etc/pam.d/common-password",
          "password [success=1 default=ignore] pam_unix.so obscure yescrypt\n"
          "password requisite pam_deny.so\npassword required pam_permit.so\n")
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--as-of", AS_OF,
                           "--lang", "en", "--only", "password.history")
    r = json.loads(out)["results"][0]
    assert r["status"] == "fail", r
    assert r["reason"] and "pam_pwhistory" in r["reason"], r


if __name__ == "__main__":
    run_tests(globals())
