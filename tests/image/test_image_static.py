#!/usr/bin/python3
"""The self-contained kensa (kensa-static) on bare Debian 11, 12 and 13: copied into a clone of a
debootstrapped minbase image that has none of kensa's libraries (no libjansson, no SQLite, no
locale but C, no catalogue), run as `chroot IMG /kensa audit` -- the image audited as a live host
-- its report must say what the normal build says of the same root with --root, and --lang ja must
print Japanese with LANG/LC_ALL unset and no locale at all. Exit 77 when no image can be had."""
import gettext
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

STATIC = os.environ.get("KENSA_STATIC_BIN", "build/src/kensa-static")
SOURCE_ROOT = os.environ.get("KENSA_SOURCE_ROOT", ".")
# Directories whose contents exist only on a running system: a live audit reads them (in a chroot
# without /proc they are absent), an offline one says it does not. Facts from them differ by design.
LIVE_ONLY = ("/proc", "/sys", "/run")


def static_bin():
    if not os.access(STATIC, os.X_OK):
        raise kt.Skip("no kensa-static (static libraries missing: meson setup -Dstatic=enabled)")
    return STATIC


def chroot_env(**extra):
    """No LANG, LC_ALL or LANGUAGE: a vendor's shell on a bare server may have none."""
    env = {"PATH": di.CHROOT_ENV["PATH"], "HOME": "/root"}
    env.update(extra)
    return env


def run_in(root, argv, env):
    r = subprocess.run([di.host_tool("chroot") or "chroot", root] + argv, capture_output=True,
                       text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)
    return r.returncode, r.stdout, r.stderr


def install_static(root):
    dest = os.path.join(root, "kensa")
    shutil.copy2(static_bin(), dest)
    os.chmod(dest, 0o755)
    return "/kensa"


def elf_segments(path):
    """The program header types of an ELF64 little-endian executable."""
    import struct
    with open(path, "rb") as f:
        head = f.read(64)
        assert head[:4] == b"\x7fELF" and head[4] == 2 and head[5] == 1, "not ELF64 LE"
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        types = []
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            types.append(struct.unpack("<I", f.read(4))[0])
    return types


def assert_bare(root):
    """The binary needs no loader and no library, and the image lacks what the dynamic kensa
    needs (libjansson; trixie's minbase has libsqlite3 for apt): else the test proves nothing."""
    types = elf_segments(static_bin())
    assert 3 not in types and 2 not in types, "kensa-static has PT_INTERP/PT_DYNAMIC: not static"
    for d in ("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib"):
        assert not os.path.exists(os.path.join(root, d, "libjansson.so.4")), f"the image has {d}/libjansson"
    assert not os.path.exists(os.path.join(root, "usr/share/locale/ja/LC_MESSAGES/kensa.mo"))


def data_path(p):
    """A shipped data file's path as either build names it: built in, or in the source tree."""
    if p is None:
        return None
    for prefix in ("(built-in)/", SOURCE_ROOT.rstrip("/") + "/"):
        if p.startswith(prefix):
            return "DATA/" + p[len(prefix):]
    return p


def live_only(path):
    return path is not None and any(path == d or path.startswith(d + "/") for d in LIVE_ONLY)


def comparable(report):
    """What must be equal between the live audit inside the image and the --root audit of it:
    per check its status, reason and items; every finding and every piece of evidence read from
    a file of the image -- except live-only files (/proc, /sys, /run) and notes with no file
    (the mode's own remarks: 'offline audit', 'the running kernel ...'). Tool, host and times
    are left out; data file paths are normalized (built in, or the source tree)."""
    # *_msg members index the report's own `messages` list, whose order follows what each
    # mode said first: compare the texts they render, not the indices
    items = [{k: v for k, v in i.items() if not k.endswith("_msg")} for i in report["items"]]
    out = {"summary": report["summary"], "items": items,
           "checklist": report["checklist"], "profile": report["profile"]["name"],
           "lang": report["lang"], "as_of": report["as_of"], "results": {}}
    for r in report["results"]:
        findings = sorted(
            (f["subject"], f["severity"], f["detail"],
             tuple(sorted((data_path(e["source"]), e["value"]) for e in f["evidence"]
                          if e["source"] and not live_only(e["source"]))))
            for f in r["findings"] if not live_only(f["subject"]))
        evidence = sorted((data_path(e["source"]), e["value"]) for e in r["evidence"]
                          if e["source"] and not live_only(e["source"]))
        out["results"][r["id"]] = {"status": r["status"], "reason": r["reason"],
                                   "items": r["items"], "findings": findings,
                                   "evidence": evidence}
    return out


def one_suite(suite):
    with di.cloned(suite=suite) as root:
        assert_bare(root)
        exe = install_static(root)
        code, out, err = run_in(root, [exe, "audit", "--format", "json", "--as-of", kt.AS_OF,
                                       "--lang", "en"], chroot_env())
        assert code in (0, 2), f"static kensa in {suite}: exit {code}: {err}"
        live = json.loads(out)
        kt.validate_schema(live)
        assert live["host"]["mode"] == "live", live["host"]
        assert live["profile"]["files"] == ["(built-in)/profiles/server.ini"], live["profile"]
        os.unlink(os.path.join(root, "kensa"))  # not part of what the --root audit sees
        code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of",
                                  kt.AS_OF, "--lang", "en")
        assert code in (0, 2), f"kensa --root {suite}: exit {code}: {err}"
        offline = json.loads(out)
        assert offline["host"]["mode"] == "offline", offline["host"]
        a, b = comparable(live), comparable(offline)
        for cid in sorted(set(a["results"]) | set(b["results"])):
            assert a["results"].get(cid) == b["results"].get(cid), (
                f"{suite}: {cid} differs\n live: {a['results'].get(cid)}\n root: {b['results'].get(cid)}")
        for key in sorted(set(a) | set(b)):
            if key == "items":
                for x, y in zip(a["items"], b["items"]):
                    assert x == y, f"{suite}: row {x.get('id')} differs\n live: {x}\n root: {y}"
            assert a.get(key) == b.get(key), f"{suite}: {key} differs: {a.get(key)} / {b.get(key)}"
        # a check that read the image's files, not only a mode note: the comparison bites
        assert len(a["results"]["accounts.stale"]["evidence"]) >= 2, a["results"]["accounts.stale"]


def ja_catalog():
    mo = os.path.join(os.environ.get("KENSA_LOCALEDIR", "build/po"), "ja", "LC_MESSAGES", "kensa.mo")
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)


def japanese_without_locale(suite):
    """Python's own .mo reader on the built catalogue is the oracle for the built-in one."""
    ja = ja_catalog()
    with di.cloned(suite=suite) as root:
        # no locale at all, not even C.UTF-8: setlocale can only give "C"
        for d in ("usr/lib/locale", "usr/share/locale"):
            p = os.path.join(root, d)
            if os.path.isdir(p):
                shutil.rmtree(p)
        exe = install_static(root)
        code, out, err = run_in(root, [exe, "audit", "--format", "json", "--lang", "ja",
                                       "--only", "accounts.stale,password.defaults"], chroot_env())
        assert code in (0, 2), f"{suite}: exit {code}: {err}"
        rep = json.loads(out)
        assert rep["lang"] == "ja", rep["lang"]
        for r in rep["results"]:
            code_en, out_en, _ = run_in(root, [exe, "audit", "--format", "json", "--lang", "en",
                                               "--only", r["id"]], chroot_env())
            title_en = json.loads(out_en)["results"][0]["title"]
            want = ja.gettext(title_en)
            assert want != title_en, f"the catalogue has no translation of {title_en!r}"
            assert r["title"] == want, (r["title"], want)
            assert r["reason"] and any(ord(c) > 0x3000 for c in r["reason"]), r["reason"]
        # the help text, with LANG naming a locale that is not there
        code, out, err = run_in(root, [exe, "--help"], chroot_env(LANG="ja_JP.UTF-8"))
        assert code == 0, err
        want = ja.gettext("Show help for kensa or for one command.")
        assert want in out, out
        code, out, err = run_in(root, [exe, "--version"], chroot_env())
        assert code == 0, err
        assert "build: static" in out and "mhlw-r7" in out and "server, terminal" in out, out


def make_tests():
    tests = {}
    for suite in di.suites() + ("bullseye",):
        def audit(suite=suite):
            available(suite)
            one_suite(suite)

        def japanese(suite=suite):
            available(suite)
            japanese_without_locale(suite)
        tests[f"test_static_live_audit_equals_root_audit[{suite}]"] = audit
        tests[f"test_static_japanese_without_locale_or_catalogue[{suite}]"] = japanese
    return tests


def available(suite):
    static_bin()
    if os.geteuid() != 0:
        raise kt.Skip("the Debian image test needs root (debootstrap, chroot)")
    if not di._is_current(di.base_path((), suite)):
        reason = di._preflight(suite)
        if reason:
            raise kt.Skip(reason)


if __name__ == "__main__":
    kt.run_tests(make_tests())
