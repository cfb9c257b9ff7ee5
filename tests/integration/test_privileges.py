#!/usr/bin/env python3
"""Not root (issue 17 item 12): one line at the top of every report names the checks that were
refused a read ("run as root: N check(s) could not read …"), while each check keeps its own
error; as root there is no such line and no "kensa is not root" hint. The unprivileged run uses
setpriv(1) to drop to nobody; skipped when the tests do not run as root."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

FAST = ("--skip", "password.defaults")


def unprivileged_root():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        raise Skip("needs root and setpriv to run kensa as nobody")
    root = scratch_root("accounts-debian12")
    os.chmod(os.path.dirname(root), 0o755)
    os.chmod(os.path.join(root, "etc/shadow"), 0o600)  # as on a real system: root only
    return root


def as_nobody(*args):
    # a world-readable copy of kensa and its data: the checkout may be in /root (0700)
    argv, env = unprivileged_kensa()
    p = subprocess.run([*argv, *args], capture_output=True, text=True,
                       env={**os.environ, "NO_COLOR": "1", **env}, timeout=120, cwd="/")
    return p.returncode, p.stdout, p.stderr


def test_not_root_one_line_at_the_top():
    root = unprivileged_root()
    # every check that reads /etc/shadow (accounts.privileged reads /etc/gshadow too)
    want = ["accounts.stale", "accounts.privileged", "password.max_age", "password.history",
            "password.hash"]
    n = len(want)
    for lang, word in (("en", "run as root: %d check(s) could not read" % n),
                       ("ja", "root で実行してください: %d 件の検査が必要なファイルを読めませんでした" % n)):
        code, out, err = as_nobody("audit", "--root", root, "--as-of", AS_OF, "--lang", lang, *FAST)
        assert code in (0, 2), err
        first = out.splitlines()[0]
        assert first.startswith(word), first
        assert "（" + ", ".join(want) + "）" in first or "(" + ", ".join(want) + ")" in first, first
        assert out.count(word) == 1, out
        # the errors stay in their checks
        assert out.count("/etc/shadow") >= 4, out
    code, out, err = as_nobody("audit", "--root", root, "--as-of", AS_OF, "--format", "json", *FAST)
    rep = json.loads(out)
    assert rep["privileges"] == {"root": False, "unreadable_checks": want}, rep["privileges"]
    validate_schema(rep)
    code, out, err = as_nobody("audit", "--root", root, "--as-of", AS_OF, "--format", "checklist",
                               "--lang", "en", *FAST)
    assert out.startswith("run as root: %d check(s)" % n), out[:300]
    code, out, err = as_nobody("audit", "--root", root, "--as-of", AS_OF, "--format", "html",
                               "--lang", "en", *FAST)
    assert '<header class="doc">\n<p class="note">run as root: %d check(s)' % n in out, out[:3000]
    # a saved report says it again when rendered
    path = write(scratch_root(), "r.json", json.dumps(rep))
    code, out, err = kensa("report", path, "--lang", "en")
    assert out.splitlines()[0].startswith("run as root: %d check(s)" % n), out[:300]


def test_root_gets_no_notice_and_no_not_root_hint():
    if os.geteuid() != 0:
        raise Skip("needs root")
    root = scratch_root("accounts-debian12")
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "en", *FAST)
    assert "run as root" not in out.splitlines()[0], out[:300]
    code, rep = audit_json(root, *FAST)
    assert rep["privileges"] == {"root": True, "unreadable_checks": []}, rep["privileges"]
    # live: whatever /proc hides from root, the hint never says kensa is not root
    code, out, err = kensa("audit", "--only", "services.unneeded", "--lang", "en")
    assert code in (0, 2), err
    assert "kensa is not root" not in out, out


if __name__ == "__main__":
    run_tests(globals())
