"""Shared helpers for kensa's integration tests: copy a fixture root to a scratch directory,
plant files, run the built binary with a fixed argv (never a shell) and read its JSON report.

Each test file is a plain script: it calls the test functions it defines through `run_tests()`,
prints one line per test and exits 0 (all passed), 1 (a failure) or 77 (skipped)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

KENSA = os.environ.get("KENSA_BIN", "build/src/kensa")
SOURCE_ROOT = os.environ.get("KENSA_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ROOTS = os.path.join(SOURCE_ROOT, "tests", "roots")
WRITE_LOGIN = os.environ.get("KENSA_WRITE_LOGIN")
AS_OF = "2026-11-25"
AS_OF_EPOCH = 1795564800  # 2026-11-25T00:00:00Z


class Skip(Exception):
    pass


def day_epoch(days_before_as_of):
    """Epoch seconds at noon UTC, N days before --as-of."""
    return AS_OF_EPOCH + 43200 - days_before_as_of * 86400


def shadow_day(iso):
    """YYYY-MM-DD -> days since the epoch, as /etc/shadow stores dates."""
    import datetime
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def scratch_root(fixture=None):
    """A scratch copy of tests/roots/<fixture> (or an empty root); removed at exit."""
    tmp = tempfile.mkdtemp(prefix="kensa-it-")
    root = os.path.join(tmp, "root")
    if fixture:
        shutil.copytree(os.path.join(ROOTS, fixture), root, symlinks=True)
    else:
        os.makedirs(root)
    _cleanup.append(tmp)
    return root


_cleanup = []


def unprivileged_kensa():
    """(argv prefix, env) that run the built kensa as uid/gid 65534 wherever the checkout is.

    A checkout in /root, a 0700 home or a mktemp -d directory cannot be read by that user, so
    the binary, the shipped profiles and the compiled catalogue are copied into a world-readable
    scratch directory and KENSA_DATADIR / KENSA_LOCALEDIR point there. Skips when not root or
    when privileges cannot be dropped here."""
    if os.geteuid() != 0:
        raise Skip("dropping to an unprivileged user needs root")
    setpriv = shutil.which("setpriv") or ("/usr/bin/setpriv" if os.access("/usr/bin/setpriv", os.X_OK) else None)
    if not setpriv:
        raise Skip("setpriv (util-linux) is missing")
    d = tempfile.mkdtemp(prefix="kensa-unpriv-")
    _cleanup.append(d)
    shutil.copy2(KENSA, os.path.join(d, "kensa"))
    shutil.copytree(os.path.join(SOURCE_ROOT, "profiles"), os.path.join(d, "profiles"))
    env = {"KENSA_DATADIR": d}
    localedir = os.environ.get("KENSA_LOCALEDIR")
    if localedir and os.path.isdir(localedir):
        shutil.copytree(localedir, os.path.join(d, "locale"))
        env["KENSA_LOCALEDIR"] = os.path.join(d, "locale")
    for dirpath, dirnames, filenames in os.walk(d):
        os.chmod(dirpath, 0o755)
        for n in filenames:
            full = os.path.join(dirpath, n)
            os.chmod(full, 0o755 if os.access(full, os.X_OK) else 0o644)
    argv = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--", os.path.join(d, "kensa")]
    if subprocess.run(argv + ["--version"], capture_output=True).returncode != 0:
        raise Skip("cannot run kensa as uid 65534 here")
    return argv, env


def write(root, path, content, mode=None):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(content.encode() if isinstance(content, str) else content)
    if mode is not None:
        os.chmod(full, mode)
    return full


def write_login(root, user, uid, epoch, tty="pts/0", host="192.0.2.10", wtmp=True,
                lastlog=True, wtmp_name="wtmp"):
    """Append a real login record (glibc's own struct utmp / struct lastlog) via the C helper."""
    if not WRITE_LOGIN:
        raise Skip("KENSA_WRITE_LOGIN not set (run through meson test)")
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    subprocess.run([WRITE_LOGIN, os.path.join(root, "var/log", wtmp_name) if wtmp else "-",
                    os.path.join(root, "var/log/lastlog") if lastlog else "-", user, str(uid),
                    str(int(epoch)), tty, host], check=True)


def kensa(*args, env=None):
    """Run kensa with a fixed argv; return (exit status, stdout, stderr)."""
    e = dict(os.environ)
    e.setdefault("NO_COLOR", "1")
    if env:
        e.update(env)
    p = subprocess.run([KENSA, *args], capture_output=True, text=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr


def kensa_bytes(*args):
    """Run kensa; return (exit status, stdout bytes, stderr text): for CRLF- and BOM-exact
    output."""
    e = dict(os.environ)
    e.setdefault("NO_COLOR", "1")
    p = subprocess.run([KENSA, *args], capture_output=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")


def audit_json(root, *args, expect_exit=None):
    """Audit a root as of AS_OF and return (exit status, parsed report)."""
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--as-of", AS_OF,
                           "--lang", "en", *args)
    if expect_exit is not None:
        assert code == expect_exit, f"exit {code}, expected {expect_exit}; stderr: {err}"
    assert code in (0, 2), f"kensa failed with {code}: {err}"
    return code, json.loads(out)


def result(report, check_id):
    for r in report["results"]:
        if r["id"] == check_id:
            return r
    raise AssertionError(f"no result for {check_id}")


def subjects(res, severity=None):
    return sorted({f["subject"] for f in res["findings"] if severity in (None, f["severity"])})


def validate_schema(report):
    schema_path = os.environ.get("KENSA_SCHEMA", os.path.join(SOURCE_ROOT, "docs", "report.schema.json"))
    try:
        import jsonschema
    except ImportError:
        raise AssertionError("python3-jsonschema is missing (the README's set-up installs it)")
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.validate(report, schema)


def with_shared_evidence(result):
    """result with each finding's evidence made whole: a report shows evidence that several
    findings of one check share once, in the check's evidence, and the findings name it by
    index (evidence_refs); tests that look for a finding's evidence want both."""
    shared = result.get("evidence") or []
    for f in result.get("findings") or []:
        f["evidence"] = list(f.get("evidence") or []) + [shared[i] for i in f.get("evidence_refs") or []]
    return result


def run_tests(namespace):
    tests = [(n, f) for n, f in sorted(namespace.items()) if n.startswith("test_") and callable(f)]
    failed = skipped = 0
    for name, fn in tests:
        try:
            fn()
            print(f"ok      {name}")
        except Skip as s:
            skipped += 1
            print(f"skip    {name}: {s}")
        except Exception:
            failed += 1
            print(f"FAIL    {name}")
            traceback.print_exc(file=sys.stdout)
    for d in _cleanup:
        shutil.rmtree(d, ignore_errors=True)
    print(f"{len(tests) - failed - skipped} passed, {failed} failed, {skipped} skipped")
    if failed:
        sys.exit(1)
    if skipped == len(tests):
        sys.exit(77)
    sys.exit(0)
