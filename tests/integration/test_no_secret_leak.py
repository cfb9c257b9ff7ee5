#!/usr/bin/env python3
"""A product-wide guarantee: no report ever carries a password hash or a piece of one. Every
check runs (no --only) on every fixture root that holds password fields, plus a root with hashes
of known passwords made at test time (so password.defaults finds matches), in text and JSON, in
English and Japanese; no 8-character substring of any hash (salt, parameters, digest), nor any
of the known passwords, may appear in stdout or stderr."""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

MAKE_HASH = os.environ.get("KENSA_MAKE_HASH")
WINDOW = 8
# Known passwords of the planted root that are not also an account or host name.
SECRETS = ["changeme", "Passw0rd!", "Sakura-2024-secret", "raspberry"]


def make_hash(password, prefix, count=None):
    if not MAKE_HASH:
        raise Skip("KENSA_MAKE_HASH not set (run through meson test)")
    argv = [MAKE_HASH, password, prefix] + ([str(count)] if count is not None else [])
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


def password_fields(root):
    """The second field of passwd, shadow and gshadow lines (and their "-" backups), lock marks
    stripped: everything that is or holds a hash."""
    fields = []
    for name in ("passwd", "shadow", "gshadow", "passwd-", "shadow-", "gshadow-"):
        path = os.path.join(root, "etc", name)
        if not os.path.isfile(path):
            continue
        with open(path, errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split(":")
                if len(parts) > 1:
                    field = parts[1].lstrip("!")
                    if len(field) >= WINDOW and field not in ("x", "*"):
                        fields.append(field)
    return fields


def windows(secret):
    return {secret[i:i + WINDOW] for i in range(len(secret) - WINDOW + 1)}


def planted_root():
    root = scratch_root("hashes-debian12")
    h = {
        "root": make_hash("Sakura-2024-secret", "$6$"),
        "alice": make_hash("changeme", "$6$"),
        "bob": make_hash("bob", "$1$"),
        "carol": make_hash("Passw0rd!", ""),
        "dave": "!" + make_hash("raspberry", "$6$", 1000),
        "erin": make_hash("erin123", "$5$"),
        "gina": make_hash("Sakura-2024-secret", "$2b$", 5),
        "judy": make_hash("Sakura-2024-secret", "$6$"),
        "hank": make_hash("Sakura-2024-secret", "$5$"),  # the fixture's bcrypt cost 10 is slow
    }
    with open(os.path.join(root, "etc/shadow")) as f:
        lines = [l for l in f.read().splitlines() if l]
    out = []
    for l in lines:
        name = l.split(":", 1)[0]
        out.append(f"{name}:{h[name]}:{l.split(':', 2)[2]}" if name in h else l)
    write(root, "/etc/shadow", "\n".join(out) + "\n", mode=0o640)
    write(root, "/etc/shadow-", "\n".join(out) + "\n", mode=0o600)
    # a group password and a hash left in /etc/passwd (no shadow entry for kim)
    write(root, "/etc/gshadow", f"root:*::\nstaff:{make_hash('Passw0rd!', '$6$')}::alice\n", mode=0o640)
    with open(os.path.join(root, "etc/passwd")) as f:
        passwd = f.read().replace("kim:x:", f"kim:{make_hash('raspberry', '$6$')}:")
    write(root, "/etc/passwd", passwd)
    shadow = open(os.path.join(root, "etc/shadow")).read()
    write(root, "/etc/shadow", "".join(l + "\n" for l in shadow.splitlines() if not l.startswith("kim:")))
    return root


def audit_outputs(root, profile, combos):
    for fmt, lang in combos:
        code, out, err = kensa("audit", "--root", root, "--format", fmt, "--lang", lang,
                                   "--as-of", AS_OF, "--profile", profile)
        assert code in (0, 2), (root, fmt, lang, code, err)
        yield f"{os.path.basename(root)} {fmt}/{lang}", out, err


ALL = [("text", "en"), ("text", "ja"), ("json", "en"), ("json", "ja")]


def assert_clean(root, profile, extra_secrets=(), combos=ALL):
    hashes = password_fields(root)
    assert hashes, f"{root}: no password fields to audit for"
    needles = set()
    for h in hashes:
        needles |= windows(h)
    outputs = {}
    for label, out, err in audit_outputs(root, profile, combos):
        outputs[label.split()[-1]] = out
        text = out + "\n" + err
        leaked = sorted(n for n in needles if n in text)
        assert not leaked, f"{label}: hash fragments in the output: {leaked[:5]}"
        for s in extra_secrets:
            assert s not in text, f"{label}: a known password appears in the output"
    return outputs


def test_planted_known_passwords_never_leak():
    root = planted_root()
    prof = write(scratch_root(), "site.ini", "include = server\n[password]\ndefaults_budget_seconds = 30\n")
    outputs = assert_clean(root, prof, SECRETS)
    # the reports did carry the matches and weak hashes, so the guarantee was exercised
    rep = json.loads(outputs["json/en"])
    fails = subjects(result(rep, "password.defaults"), "fail")
    assert {"alice", "bob", "erin", "kim"} <= set(fails), fails
    assert {"bob", "carol", "dave", "erin", "gina", "kim"} <= set(subjects(result(rep, "password.hash"))), \
        subjects(result(rep, "password.hash"))


def test_every_fixture_root_with_password_fields():
    prof = write(scratch_root(), "site.ini", "include = server\n[password]\ndefaults_budget_seconds = 1\n")
    roots = sorted({os.path.dirname(os.path.dirname(p))
                    for p in glob.glob(os.path.join(ROOTS, "*", "etc", "*"))
                    if os.path.basename(p) in ("shadow", "passwd", "gshadow")})
    checked = 0
    for fixture in roots:
        if not password_fields(fixture):
            continue
        # every format and language is exercised on the planted root; two runs suffice here
        assert_clean(scratch_root(os.path.basename(fixture)), prof, combos=[("text", "ja"), ("json", "en")])
        checked += 1
    assert checked >= 2, roots


if __name__ == "__main__":
    run_tests(globals())
