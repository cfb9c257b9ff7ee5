#!/usr/bin/env python3
"""Data and messages built into kensa: with nothing on disk the built-in profiles, checklist
editions, default-password list and ja catalogue are used; a file on disk overrides the built-in
one in the documented order (--profile FILE, /etc/kensa, $KENSA_DATADIR / the install prefix,
then built in). The self-contained build (kensa-static) never looks in its build machine's
source tree, decodes CP932 with its own table and refuses other code pages it cannot decode
without the C library's modules."""
import gettext
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

STATIC = os.environ.get("KENSA_STATIC_BIN", "")
_fixture = []


def fixture():
    """The accounts fixture with every password locked: password.defaults reads its list but
    has no hash to try (trying 94 candidates on each account takes seconds)."""
    if not _fixture:
        root = scratch_root("accounts-debian12")
        path = os.path.join(root, "etc", "shadow")
        with open(path) as f:
            lines = [l.split(":") for l in f.read().splitlines() if l]
        with open(path, "w") as f:
            f.write("".join(":".join([l[0], "!*"] + l[2:]) + "\n" for l in lines))
        _fixture.append(root)
    return _fixture[0]


def static():
    if not STATIC or not os.access(STATIC, os.X_OK):
        raise Skip("no kensa-static in this build (static libraries missing)")
    return STATIC


def run(exe, *args, env=None):
    e = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    e["NO_COLOR"] = "1"
    if env:
        e.update(env)
    p = subprocess.run([exe, *args], capture_output=True, text=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr


def empty_dir():
    d = tempfile.mkdtemp(prefix="kensa-nodata-")
    cleanup_later(d)
    return d


def cleanup_later(d):
    import kensatest
    kensatest._cleanup.append(d)


def audit(exe, *args, env=None):
    code, out, err = run(exe, "audit", "--root", fixture(), "--format", "json", "--as-of", AS_OF,
                         "--lang", "en", *args, env=env)
    assert code in (0, 2), f"exit {code}: {err}"
    return json.loads(out)


def ja_catalog():
    mo = os.path.join(os.environ.get("KENSA_LOCALEDIR", "build/po"), "ja", "LC_MESSAGES", "kensa.mo")
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)


def evidence_sources(rep, check_id):
    r = result(rep, check_id)
    return [e["source"] for e in r["evidence"]] + [e["source"] for f in r["findings"] for e in f["evidence"]]


def test_every_shipped_data_file_is_built_in():
    code, out, err = run(KENSA, "--version")
    assert code == 0, err
    line = next(l for l in out.splitlines() if l.startswith("built-in data files:"))
    carried = sorted(s.strip() for s in line.split(":", 1)[1].split(","))
    shipped = sorted(os.path.relpath(p, SOURCE_ROOT) for pat in
                     ("profiles/*.ini", "profiles/*.txt", "profiles/checklists/*.ini")
                     for p in glob.glob(os.path.join(SOURCE_ROOT, pat)))
    assert carried == shipped, (carried, shipped)
    profiles = next(l for l in out.splitlines() if l.startswith("built-in profiles:"))
    named = {s.strip() for s in profiles.split(":", 1)[1].split(",")}
    assert {"server", "terminal", "guideline7", "guideline7-terminal"} <= named, out
    assert "mhlw-r6 (" in out and "mhlw-r7 (" in out, out
    assert "built-in catalogues: ja" in out, out


def test_static_uses_built_in_data_with_nothing_on_disk():
    exe = static()
    env = {"KENSA_DATADIR": empty_dir()}
    code, out, err = run(exe, "--version", env=env)
    assert code == 0 and "build: static" in out, out
    rep = audit(exe, env=env)
    assert rep["profile"]["files"] == ["(built-in)/profiles/server.ini"], rep["profile"]
    assert "(built-in)/profiles/default-passwords.txt" in evidence_sources(rep, "password.defaults")
    # terminal includes server: the include resolves among the built-in files too
    rep = audit(exe, "--profile", "terminal", env=env)
    assert rep["profile"]["files"] == ["(built-in)/profiles/terminal.ini",
                                       "(built-in)/profiles/server.ini"], rep["profile"]
    # "latest" picks the newest built-in edition
    rep = audit(exe, "--checklist", "latest", env=env)
    assert rep["checklist"]["edition"] == "mhlw-r7", rep["checklist"]
    rep = audit(exe, "--checklist", "mhlw-r6", env=env)
    assert rep["checklist"]["edition"] == "mhlw-r6", rep["checklist"]
    # the same report as the dynamic build reading the source tree
    assert comparable(rep) == comparable(audit(KENSA, "--checklist", "mhlw-r6"))


def comparable(rep):
    """A report without tool, times and profile paths; data paths as the built-in ones."""
    for k in ("tool", "duration_ms", "profile"):
        rep.pop(k)
    for x in rep["results"]:
        x.pop("duration_ms", None)
        for e in x["evidence"] + [e for f in x["findings"] for e in f["evidence"]]:
            if e["source"] and e["source"].startswith(SOURCE_ROOT + "/"):
                e["source"] = "(built-in)/" + e["source"][len(SOURCE_ROOT) + 1:]
    return rep


def test_a_file_on_disk_overrides_the_built_in_one():
    exe = static()
    d = empty_dir()
    os.makedirs(os.path.join(d, "profiles", "checklists"))
    with open(os.path.join(SOURCE_ROOT, "profiles", "server.ini")) as f:
        text = f.read()
    assert "\nmin_length = 8" in text
    with open(os.path.join(d, "profiles", "server.ini"), "w") as f:
        f.write(text.replace("\nmin_length = 8", "\nmin_length = 12"))
    with open(os.path.join(d, "profiles", "default-passwords.txt"), "w") as f:
        f.write("only-this-one\n")
    rep = audit(exe, "--only", "password.policy,password.defaults", env={"KENSA_DATADIR": d})
    assert rep["profile"]["files"] == [os.path.join(d, "profiles", "server.ini")], rep["profile"]
    assert os.path.join(d, "profiles", "default-passwords.txt") in evidence_sources(rep, "password.defaults")
    pol = result(rep, "password.policy")
    assert any("12" in f["detail"] for f in pol["findings"]), pol["findings"]
    # --profile FILE beats every directory
    code, out, err = run(exe, "audit", "--root", fixture(), "--format", "json", "--profile",
                         os.path.join(SOURCE_ROOT, "profiles", "server.ini"), "--only",
                         "password.policy", env={"KENSA_DATADIR": d})
    assert code in (0, 2), err
    assert json.loads(out)["profile"]["files"] == [os.path.join(SOURCE_ROOT, "profiles", "server.ini")]
    # a damaged data file on disk is an error, never a silent fallback to the built-in copy
    with open(os.path.join(d, "profiles", "server.ini"), "w") as f:
        f.write("[password]\nmin_length = many\n")
    code, out, err = run(exe, "audit", "--root", fixture(), env={"KENSA_DATADIR": d})
    assert code == 1 and "min_length" in err and d in err, (code, err)


def test_japanese_from_the_built_in_catalogue_without_an_installed_one():
    ja = ja_catalog()
    for exe in [KENSA] + ([STATIC] if STATIC and os.access(STATIC, os.X_OK) else []):
        env = {"KENSA_LOCALEDIR": empty_dir(), "KENSA_DATADIR": empty_dir()}
        en = audit(exe, "--only", "accounts.stale", env=env)
        code, out, err = run(exe, "audit", "--root", fixture(), "--format", "json", "--as-of", AS_OF,
                             "--lang", "ja", "--only", "accounts.stale", env=env)
        assert code in (0, 2), err
        r = json.loads(out)["results"][0]
        want = ja.gettext(en["results"][0]["title"])
        assert want != en["results"][0]["title"]
        assert r["title"] == want, (exe, r["title"], want)
        # LANG names a locale this host has not generated
        code, out, err = run(exe, "--help", env=dict(env, LANG="ja_JP.UTF-8"))
        assert code == 0 and ja.gettext("Show help for kensa or for one command.") in out, out
        # and English stays English
        code, out, err = run(exe, "--help", env=env)
        assert "Show help for kensa or for one command." in out, out


def test_static_decodes_cp932_itself_and_refuses_other_code_pages():
    exe = static()
    root = scratch_root()
    mw.build("windows-default", root)
    os.remove(os.path.join(root, "kensa-capture", "secedit.inf"))
    mw.capture(root, "net-accounts.txt", mw.net_accounts("ja", 8, 42, "なし"))
    args = ["audit", "--root", root, "--platform", "windows", "--format", "json", "--lang", "en",
            "--as-of", AS_OF, "--only", "password.policy,password.history"]
    # CP932 (the profile's oem_codepage): the built-in table decodes what iconv decodes
    code, out, err = run(exe, *args)
    assert code in (0, 2), err
    static_rep = json.loads(out)
    assert "line 4: 8 (MinimumPasswordLength)" in out, out
    code, out, err = run(KENSA, *args)
    assert code in (0, 2), err
    dyn = json.loads(out)
    for rep in (static_rep, dyn):
        for k in ("tool", "duration_ms", "profile"):
            rep.pop(k)
        for r in rep["results"]:
            r.pop("duration_ms")
    assert static_rep == dyn, "the static and the dynamic build read the CP932 capture differently"
    # another OEM code page: the static build loads no conversion module, and says so
    d = empty_dir()
    prof = os.path.join(d, "cp1252.ini")
    with open(prof, "w") as f:
        f.write("include = server\n[windows]\noem_codepage = CP1252\n")
    code, out, err = run(exe, *args, "--profile", prof)
    assert code in (0, 2), err
    assert "cannot be decoded by the self-contained kensa" in out, out
    assert "line 4: 8 (MinimumPasswordLength)" not in out


if __name__ == "__main__":
    run_tests(globals())
