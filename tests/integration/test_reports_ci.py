#!/usr/bin/env python3
"""Scheduled audits and the CI gate: --report-dir (dated reports, --keep, --quiet), the systemd
units and the cron example, `kensa diff`, several outputs from one audit, --fail-on, and the
JUnit / SARIF reports validated by real consumers (test-results-parser from npm and xmllint,
Microsoft's SARIF multitool and the SARIF 2.1.0 JSON schema)."""
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

HOST = "clinic-ehr01"  # tests/roots/accounts-debian12/etc/hostname
UNIT = os.path.join(SOURCE_ROOT, "dist", "systemd", "kensa-audit.service.in")
TIMER = os.path.join(SOURCE_ROOT, "dist", "systemd", "kensa-audit.timer")
CRON = os.path.join(SOURCE_ROOT, "dist", "cron", "kensa.in")
# the example as the build configures it (dist/meson.build), next to the built binary's src/
CRON_BUILT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(KENSA))), "dist", "kensa")
ROUNDTRIP = os.environ.get("KENSA_REPORT_ROUNDTRIP")
FAST = ("--skip", "password.defaults")  # it spends its 20 s hashing budget on every run
C_LOCALE = {"LC_ALL": "C.UTF-8", "LANGUAGE": ""}


def plant_stale_key_account(root, name="nina", uid=1010):
    """A new account that can log in with an SSH key and never did: accounts.stale only (its
    password is '*', so no password check has anything to say)."""
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        f.write(f"{name}:x:{uid}:{uid}:Nina New,,,:/home/{name}:/bin/bash\n")
    with open(os.path.join(root, "etc/shadow"), "a") as f:
        f.write(f"{name}:*:20700:0:99999:7:::\n")
    write(root, f"home/{name}/.ssh/authorized_keys",
          f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq0b3Hc9XnJ2xY1mV8sQe4tWz7uR5pLd6cF0gHi2Ajk {name}@laptop\n")


def service_command():
    """ExecStart of the shipped unit, as argv, with the built binary."""
    with open(UNIT) as f:
        lines = [l.strip() for l in f if l.startswith("ExecStart=")]
    assert len(lines) == 1, lines
    argv = shlex.split(lines[0][len("ExecStart="):])
    assert argv[0] == "@SBINDIR@/kensa", argv
    return [KENSA] + argv[1:]


def swap_report_dir(argv, new_dir):
    argv = list(argv)
    i = argv.index("--report-dir")
    assert argv[i + 1] == "/var/lib/kensa/reports", argv
    argv[i + 1] = new_dir
    return argv


def run(argv, env=None):
    e = dict(os.environ)
    e.update(C_LOCALE)
    if env:
        e.update(env)
    p = subprocess.run(argv, capture_output=True, text=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr


def one_line_error(code, err, *words):
    assert code == 1, (code, err)
    assert err.count("\n") == 1 and err.startswith("kensa: "), err
    for w in words:
        assert w in err, (w, err)


# --- scheduled audits ---------------------------------------------------------------------------

def test_scheduled_service_command_prints_exactly_the_regression():
    root = scratch_root("accounts-debian12")
    reports = os.path.join(scratch_root(), "var", "lib", "kensa", "reports")
    argv = swap_report_dir(service_command(), reports) + ["--root", root, *FAST]
    code, out, err = run(argv + ["--as-of", "2026-10-25"])
    assert code == 2, (code, err)  # the fixture fails checks: exit 2, which the unit accepts
    assert out == "" and err == "", (out, err)  # quiet, and nothing to compare with yet
    plant_stale_key_account(root)
    code, out, err = run(argv + ["--as-of", "2026-11-25"])
    assert code == 2 and err == "", (code, err)
    lines = out.splitlines()
    # the stale account, and logs.review's comparison of the account files with the
    # previous audit's snapshot: the account is new since then
    assert len(lines) == 3 and lines[0].startswith(f"{HOST}: accounts.stale: new FAIL finding: nina: "), out
    assert lines[1].startswith(f"{HOST}: logs.review: new WARN finding: nina: account created "
                               "since 2026-10-25T23:59:59+09:00 (UID 1010,"), out
    # the cron mail's last line says where the whole report is
    assert lines[2] == f"Full report: {reports}/kensa-{HOST}-2026-11-25.txt", out
    assert sorted(os.listdir(reports)) == [
        f"kensa-accounts-{HOST}.snapshot",
        f"kensa-{HOST}-2026-10-25.json", f"kensa-{HOST}-2026-10-25.txt",
        f"kensa-{HOST}-2026-11-25.json", f"kensa-{HOST}-2026-11-25.txt"]
    assert stat.S_IMODE(os.stat(reports).st_mode) == 0o700
    for name in os.listdir(reports):
        assert stat.S_IMODE(os.stat(os.path.join(reports, name)).st_mode) == 0o600, name
    with open(os.path.join(reports, f"kensa-{HOST}-2026-11-25.json")) as f:
        rep = json.load(f)
    validate_schema(rep)
    assert rep["as_of"] == "2026-11-25" and "nina" in subjects(result(rep, "accounts.stale"))
    with open(os.path.join(reports, f"kensa-{HOST}-2026-10-25.txt")) as f:
        assert HOST in f.read()
    # the same day again: nothing got worse, so nothing is printed, and nothing is overwritten
    code, out, err = run(argv + ["--as-of", "2026-11-25"])
    assert (code, out, err) == (2, "", ""), (code, out, err)
    assert f"kensa-{HOST}-2026-11-25-2.json" in os.listdir(reports)
    # the service's directory is the one systemd creates for it
    with open(UNIT) as f:
        unit = f.read()
    assert "StateDirectory=kensa/reports" in unit and "ReadWritePaths=/var/lib/kensa/reports" in unit


def test_report_dir_shows_the_comparison_without_quiet():
    root = scratch_root("accounts-debian12")
    reports = os.path.join(scratch_root(), "reports")
    base = ["audit", "--root", root, "--report-dir", reports, "--only", "accounts.stale", "--lang", "en"]
    code, out, err = kensa(*base, "--as-of", "2026-10-25")
    assert code == 2 and err == "", err
    assert out == (f"Report written: {reports}/kensa-{HOST}-2026-10-25.json (and .txt)\n"
                   f"No earlier report of {HOST} in {reports} to compare with.\n"), out
    # a month later alice logs in again (fixed) and nina appears (worse)
    write_login(root, "alice", 1000, day_epoch(2))
    plant_stale_key_account(root)
    code, out, err = kensa(*base, "--as-of", "2026-11-25")
    assert code == 2 and err == "", err
    assert f"Old: {reports}/kensa-{HOST}-2026-10-25.json ({HOST}, as of 2026-10-25)" in out, out
    worse = out.split("Worse (1):\n")[1].split("\n\n")[0]
    assert worse.startswith("  accounts.stale: new FAIL finding: nina: "), out
    better = out.split("Better (1):\n")[1].split("\n\n")[0]
    assert better.startswith("  accounts.stale: resolved FAIL finding: alice: "), out
    assert out.endswith("1 worse, 1 better, 0 other changes.\n"), out


def test_keep_prunes_the_oldest_reports_of_the_same_host_only():
    root = scratch_root("accounts-debian12")
    reports = os.path.join(scratch_root(), "reports")
    os.makedirs(reports, mode=0o700)
    # history: three earlier months of this host, and another host's reports
    for date in ("2026-07-25", "2026-08-25", "2026-09-25"):
        code, _, err = kensa("audit", "--root", root, "--report-dir", reports, "--only",
                             "accounts.stale", "--as-of", date, "--quiet")
        assert code == 2 and err == "", err
    other = [f"kensa-{HOST}.old-2026-01-01.json", "kensa-web02-2026-01-01.json",
             "kensa-web02-2026-01-01.txt", "notes.txt"]
    for name in other:
        write(reports, name, "{}")
    prof = write(scratch_root(), "site.ini", "include = server\n[reports]\nkeep = 3\n")
    code, out, err = kensa("audit", "--root", root, "--report-dir", reports, "--only",
                           "accounts.stale", "--as-of", "2026-10-25", "--profile", prof, "--lang", "en")
    assert code == 2 and err == "", err
    names = sorted(os.listdir(reports))
    mine = [n for n in names if re.fullmatch(rf"kensa-{HOST}-\d{{4}}-\d\d-\d\d\.(json|txt)", n)]
    assert mine == [f"kensa-{HOST}-{d}.{e}" for d in ("2026-08-25", "2026-09-25", "2026-10-25")
                    for e in ("json", "txt")], names
    assert set(other) <= set(names), names  # another host's (and unrelated) files stay
    assert f"Removed the old report {reports}/kensa-{HOST}-2026-07-25.json (--keep 3)" in out, out
    # --keep overrides the profile
    code, out, err = kensa("audit", "--root", root, "--report-dir", reports, "--only",
                           "accounts.stale", "--as-of", "2026-11-25", "--profile", prof,
                           "--keep", "1", "--quiet")
    assert code == 2 and out == "" and err == "", (out, err)
    mine = [n for n in os.listdir(reports) if n.startswith(f"kensa-{HOST}-2")]
    assert sorted(mine) == [f"kensa-{HOST}-2026-11-25.json", f"kensa-{HOST}-2026-11-25.txt"], mine


def test_report_dir_refused_when_not_private():
    root = scratch_root("accounts-debian12")
    base = scratch_root()
    args = ["audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF, "--lang", "en"]
    real = os.path.join(base, "real")
    os.makedirs(real, mode=0o700)
    link = os.path.join(base, "link")
    os.symlink(real, link)
    code, out, err = kensa(*args, "--report-dir", link)
    one_line_error(code, err, "--report-dir", link, "symbolic link")
    shared = os.path.join(base, "shared")
    os.makedirs(shared)
    os.chmod(shared, 0o775)
    one_line_error(*kensa(*args, "--report-dir", shared)[::2], "writable by group or others", "0775")
    os.chmod(shared, 0o1777)
    one_line_error(*kensa(*args, "--report-dir", shared)[::2], "writable by group or others")
    afile = write(base, "file", "x")
    one_line_error(*kensa(*args, "--report-dir", afile)[::2], "not a directory")
    one_line_error(*kensa(*args, "--report-dir", os.path.join(root, "var", "reports"))[::2],
                   "inside the audited root")
    assert not os.path.exists(os.path.join(root, "var", "reports"))
    if os.geteuid() == 0:
        theirs = os.path.join(base, "theirs")
        os.makedirs(theirs, mode=0o700)
        os.chown(theirs, 4242, 4242)
        one_line_error(*kensa(*args, "--report-dir", theirs)[::2], "owned by uid 4242")
    for d in (real, shared):
        assert os.listdir(d) == [], d


# --- kensa diff ---------------------------------------------------------------------------------

def two_reports():
    """old.json (the fixture) and new.json (one more stale account), both of accounts.stale."""
    root = scratch_root("accounts-debian12")
    out = scratch_root()
    old, new = os.path.join(out, "old.json"), os.path.join(out, "new.json")
    kensa("audit", "--root", root, "--only", "accounts.stale", "--as-of", "2026-10-25",
          "--output", "json:" + old, "--lang", "en")
    plant_stale_key_account(root)
    kensa("audit", "--root", root, "--only", "accounts.stale", "--as-of", "2026-11-25",
          "--output", "json:" + new, "--lang", "ja")
    return old, new


def test_diff_exit_codes_both_orders():
    old, new = two_reports()
    code, out, err = kensa("diff", old, new, env=C_LOCALE)
    assert code == 2 and err == "", (code, err)
    assert "Worse (1):\n  accounts.stale: new FAIL finding: nina: " in out, out
    code, out, err = kensa("diff", new, old, env=C_LOCALE)
    assert code == 0 and err == "", (code, err)
    assert "Better (1):\n  accounts.stale: resolved FAIL finding: nina: " in out and "Worse" not in out, out
    code, out, err = kensa("diff", old, old, env=C_LOCALE)
    assert code == 0 and "No change" in out, out
    code, out, err = kensa("diff", "--format", "json", old, new)
    assert code == 2, err
    d = json.loads(out)
    import jsonschema
    with open(os.path.join(SOURCE_ROOT, "docs", "ci", "diff.schema.json")) as f:
        jsonschema.validate(d, json.load(f))
    assert (d["worse"], d["better"], d["same_host"]) == (1, 0, True), d
    c = d["changes"][0]
    assert c["kind"] == "finding_new" and c["check"] == "accounts.stale", c
    assert c["new_finding"]["subject"] == "nina" and c["new_finding"]["severity"] == "fail", c
    # Japanese labels (the reports' own text stays as written)
    code, out, _ = kensa("diff", "--lang", "ja", old, new)
    assert code == 2 and "nina" in out and "不合格" in out, out


def test_diff_of_different_hosts_warns_and_compares():
    old, new = two_reports()
    with open(new) as f:
        rep = json.load(f)
    rep["host"]["hostname"] = "golden-2026-11"
    image = os.path.join(os.path.dirname(new), "image.json")
    with open(image, "w") as f:
        json.dump(rep, f)
    code, out, err = kensa("diff", old, image, env=C_LOCALE)
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and "warning" in err and "golden-2026-11" in err and HOST in err, err
    assert "nina" in out


def test_diff_bad_input_is_one_line_exit_1():
    old, new = two_reports()
    d = os.path.dirname(old)
    with open(new, "rb") as f:
        data = f.read()
    cases = {
        "truncated.json": (data[: len(data) // 2], ["truncated.json", "not JSON"]),
        "empty.json": (b"", ["empty.json", "not a kensa report"]),
        "array.json": (b"[1, 2, 3]\n", ["array.json", "not a kensa report"]),
        "other.json": (b'{"name": "something else"}\n', ["other.json", "no schema_version"]),
        "binary.json": (bytes(range(256)) * 4, ["binary.json", "not JSON"]),
    }
    rep = json.loads(data)
    rep["schema_version"] = 2
    cases["v2.json"] = (json.dumps(rep).encode(), ["v2.json", "schema_version: 2 is not supported"])
    rep = json.loads(data)
    rep["results"][0]["status"] = "maybe"
    cases["maybe.json"] = (json.dumps(rep).encode(), ['maybe.json: results[0].status: "maybe" is not a status'])
    rep = json.loads(data)
    del rep["results"][0]["findings"][0]["subject"]
    cases["nosubject.json"] = (json.dumps(rep).encode(), ["nosubject.json: results[0].findings[0].subject: missing"])
    rep = json.loads(data)
    rep["results"][0]["findings"] = {"subject": "x"}
    cases["mistyped.json"] = (json.dumps(rep).encode(), ["results[0].findings: is an object, not an array"])
    for name, (content, words) in cases.items():
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(content)
        for args in ((path, new), (old, path)):
            code, out, err = kensa("diff", *args, env=C_LOCALE)
            one_line_error(code, err, *words)
            assert out == "", out
    big = os.path.join(d, "big.json")
    with open(big, "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    one_line_error(*kensa("diff", big, new, env=C_LOCALE)[::2], "larger than 64 MiB")
    one_line_error(*kensa("diff", os.path.join(d, "missing.json"), new, env=C_LOCALE)[::2],
                   "missing.json", "No such file")
    one_line_error(*kensa("diff", d, new, env=C_LOCALE)[::2], "not a regular file")
    one_line_error(*kensa("diff", old, env=C_LOCALE)[::2], "needs two reports")
    one_line_error(*kensa("diff", "--format", "xml", old, new, env=C_LOCALE)[::2], "--format")


def test_json_round_trip_is_identical():
    if not ROUNDTRIP:
        raise Skip("KENSA_REPORT_ROUNDTRIP not set (run through meson test)")
    root = scratch_root("accounts-debian12")
    plant_stale_key_account(root)
    site = write(scratch_root(), "site.ini",
                 "[site]\nname = さくら診療所\n\n[answer 1-1]\nanswer = yes\nby = 院長\ndate = 2026-04-01\n")
    out = scratch_root()
    path = os.path.join(out, "r.json")
    code, _, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--site", site,
                         "--output", "json:" + path, *FAST)
    assert code == 2, err
    p = subprocess.run([ROUNDTRIP, path], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    with open(path, "rb") as f:
        assert p.stdout == f.read()


# --- one audit, several outputs; --fail-on ------------------------------------------------------

def test_one_audit_writes_several_formats():
    root = scratch_root("accounts-debian12")
    out = scratch_root()
    files = {f: os.path.join(out, "r." + f) for f in ("json", "xml", "sarif", "txt")}
    code, stdout, err = kensa("audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF,
                              "--lang", "en", "--format", "text", "--output", files["txt"],
                              "--output", "json:" + files["json"], "--output", "junit:" + files["xml"],
                              "--output", "sarif:" + files["sarif"])
    assert code == 2 and stdout == "" and err == "", (code, stdout, err)
    assert sorted(os.listdir(out)) == sorted(os.path.basename(p) for p in files.values())
    for p in files.values():
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    with open(files["json"]) as f:
        validate_schema(json.load(f))
    with open(files["txt"]) as f:
        assert f.read().startswith("kensa ")
    with open(files["xml"]) as f:
        assert f.read().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>')
    with open(files["sarif"]) as f:
        assert json.load(f)["version"] == "2.1.0"
    # "./json:x" is a file named json:x in --format's format
    code, _, err = kensa("audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF,
                         "--format", "json", "--output", os.path.join(out, "json:x"))
    assert code == 2 and json.load(open(os.path.join(out, "json:x")))["schema_version"] == 1, err


def test_usage_errors_leave_no_files():
    root = scratch_root("accounts-debian12")
    out = scratch_root()
    a = ["audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF, "--lang", "en"]
    one_line_error(*kensa(*a, "--keep", "3")[::2], "--keep", "needs --report-dir")
    one_line_error(*kensa(*a, "--quiet")[::2], "--quiet", "needs --report-dir")
    one_line_error(*kensa(*a, "--report-dir", out, "--keep", "-1")[::2], "--keep")
    one_line_error(*kensa(*a, "--fail-on", "error")[::2], "--fail-on", "fail, warn")
    one_line_error(*kensa(*a, "--output", "json:")[::2], "--output", "names no file")
    one_line_error(*kensa(*a, "--report-dir", out, "--format", "json")[::2], "--format")
    p = os.path.join(out, "r.json")
    one_line_error(*kensa(*a, "--output", "json:" + p, "--output", "sarif:" + p)[::2], "named twice")
    one_line_error(*kensa(*a, "--output", "json:" + p, "--output", "/nonexistent/dir/r.xml")[::2], "/nonexistent/dir")
    assert os.listdir(out) == [], os.listdir(out)


def warn_only_root():
    """The fixture without the accounts that fail accounts.stale (and no login records, so carol
    fails too): erin and kim only warn."""
    root = scratch_root("accounts-debian12")
    failing = {"alice", "bob", "carol", "frank", "hank", "ivan", "postgres", "toor"}
    for name in ("etc/passwd", "etc/shadow"):
        path = os.path.join(root, name)
        with open(path) as f:
            lines = [l for l in f if l.split(":")[0] not in failing]
        with open(path, "w") as f:
            f.writelines(lines)
    return root


def test_fail_on_warn():
    root = warn_only_root()
    a = ["audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF, "--lang", "en"]
    code, rep = audit_json(root, "--only", "accounts.stale")
    assert code == 0 and result(rep, "accounts.stale")["status"] == "warn", rep
    assert kensa(*a, "--fail-on", "fail")[0] == 0
    out = scratch_root()
    code, _, err = kensa(*a, "--fail-on", "warn", "--output", "junit:" + os.path.join(out, "w.xml"),
                         "--output", "sarif:" + os.path.join(out, "w.sarif"))
    assert code == 2, err
    with open(os.path.join(out, "w.xml")) as f:
        xml = f.read()
    assert '<failure message="' in xml and 'type="warn"' in xml and 'failures="1"' in xml, xml
    with open(os.path.join(out, "w.sarif")) as f:
        assert json.load(f)["runs"][0]["invocations"][0]["exitCode"] == 2
    kensa(*a, "--output", "junit:" + os.path.join(out, "p.xml"))
    with open(os.path.join(out, "p.xml")) as f:
        xml = f.read()
    assert "<failure" not in xml and 'failures="0"' in xml, xml
    assert "[warn] accounts.stale" in xml.split("<system-out>")[1], xml  # still visible


# --- JUnit and SARIF in real consumers ----------------------------------------------------------

def junit_parser():
    """test-results-parser from npm (the JUnit reader of testbeats and other CI reporters),
    installed once into a cache outside the source tree."""
    mod = os.path.join(NPM_PREFIX, "node_modules", "test-results-parser")
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        raise Skip("node missing (Debian: apt-get install npm): cannot run a JUnit consumer")
    if not os.path.exists(mod):
        npm = shutil.which("npm")
        p = subprocess.run([npm, "install", "--prefix", NPM_PREFIX, "--no-audit", "--no-fund",
                            "--loglevel=error", JUNIT_TOOL], capture_output=True, text=True,
                           timeout=600)
        if p.returncode != 0 or not os.path.exists(mod):
            raise Skip("npm could not install %s (registry unreachable?): %s"
                       % (JUNIT_TOOL, p.stderr.strip()[-300:]))
    return node, mod


def junit_consumed(path):
    node, mod = junit_parser()
    script = ("const {parse} = require(process.argv[1]);"
              "const r = parse({type: 'junit', files: [process.argv[2]]});"
              "console.log(JSON.stringify({total: r.total, failed: r.failed, errors: r.errors,"
              " skipped: r.skipped, cases: r.suites.flatMap(s => s.cases.map(c => [c.name, c.status]))}));")
    p = subprocess.run([node, "-e", script, mod, path], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def test_junit_loads_in_a_real_consumer():
    xmllint = shutil.which("xmllint")
    if not xmllint:
        raise Skip("xmllint missing (Debian: apt-get install libxml2-utils)")
    root = scratch_root("accounts-debian12")
    # text the audited system controls, with characters XML 1.0 forbids and markup
    write(root, "etc/os-release", 'PRETTY_NAME="Debian \x01<12> & \x1b[31m"\n')
    out = scratch_root()
    path = os.path.join(out, "results.xml")
    code, _, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "ja",
                         "--output", "junit:" + path, *FAST)
    assert code == 2, err
    p = subprocess.run([xmllint, "--noout", path], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    code, stdout, stderr = junit_consumed(path)
    assert code == 0, stderr
    consumed = json.loads(stdout)
    import xml.etree.ElementTree as ET
    suite = ET.parse(path).getroot().find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    # The consumer's total leaves out skipped cases (test-results-parser's src/parsers/junit.js:
    # total = tests - skipped); manual and not_applicable checks are <skipped/> (e.g.
    # updates.pending on a root without a package database).
    assert len(consumed["cases"]) == len(cases) == int(suite.get("tests")), consumed
    assert consumed["total"] + consumed["skipped"] == len(cases), consumed
    assert consumed["skipped"] == int(suite.get("skipped")), consumed
    assert dict(consumed["cases"])["accounts.stale"] == "FAIL", consumed
    assert consumed["failed"] == int(suite.get("failures")) >= 1, consumed
    stale = cases["accounts.stale"]
    assert stale.get("classname") == "mhlw-r7.2-5", stale.attrib
    failure = stale.find("failure")
    assert failure is not None and failure.get("type") == "fail"
    assert "alice" in failure.text and "/etc/passwd: " in failure.text, failure.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["host.os"] == "Debian <12> & [31m", props
    # a broken file must be refused by the consumer: the test can fail
    bad = os.path.join(out, "bad.xml")
    with open(path) as f, open(bad, "w") as g:
        g.write(f.read()[:-40])
    assert subprocess.run([xmllint, "--noout", bad], capture_output=True, timeout=60).returncode != 0


NPM_PREFIX = os.path.join(os.path.expanduser("~"), ".cache", "kensa-npm")
SARIF_TOOL = "@microsoft/sarif-multitool@5.7.0"
JUNIT_TOOL = "test-results-parser@0.4.6"


def sarif_multitool():
    """Microsoft's SARIF validator from npm (a self-contained linux-x64 binary inside the
    package), installed once into a cache outside the source tree."""
    pkg = os.path.join(NPM_PREFIX, "node_modules", "@microsoft", "sarif-multitool-linux")
    tool = os.path.join(pkg, "Sarif.Multitool")
    if not os.path.exists(tool):
        npm = shutil.which("npm")
        if not npm:
            raise Skip("npm missing (Debian: apt-get install npm): cannot fetch the SARIF multitool")
        p = subprocess.run([npm, "install", "--prefix", NPM_PREFIX, "--no-audit", "--no-fund",
                            "--loglevel=error", SARIF_TOOL], capture_output=True, text=True,
                           timeout=600)
        if p.returncode != 0 or not os.path.exists(tool):
            raise Skip("npm could not install %s (registry unreachable?): %s"
                       % (SARIF_TOOL, p.stderr.strip()[-300:]))
    if not os.access(tool, os.X_OK):  # npm skips the package's chmod install script
        os.chmod(tool, os.stat(tool).st_mode | stat.S_IXUSR)
    return tool, os.path.join(pkg, "sarif-2.1.0.json")


def multitool_findings(tool, path):
    log = path + ".validation.sarif"
    # a .NET program: without libicu installed it needs invariant globalization (validation
    # needs no culture data; UTF-8 text is read all the same)
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    p = subprocess.run([tool, "validate", "--output", log, path], capture_output=True, text=True,
                       timeout=300, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    with open(log) as f:
        return [(r.get("level", "warning"), r["ruleId"]) for r in json.load(f)["runs"][0]["results"]]


def test_sarif_validates_with_microsofts_multitool_and_the_schema():
    root = scratch_root("accounts-debian12")
    out = scratch_root()
    path = os.path.join(out, "kensa.sarif")
    # Japanese: UTF-8 text, and evidence lines in the form "10 行目"
    code, _, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "ja",
                         "--output", "sarif:" + path, *FAST)
    assert code == 2, err
    with open(path) as f:
        log = json.load(f)
    run_ = log["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "accounts.stale" in rules and run_["tool"]["driver"]["name"] == "kensa"
    stale = run_["tool"]["driver"]["rules"][rules.index("accounts.stale")]
    assert stale["properties"]["items"] == ["2-5"] and stale["help"]["text"], stale
    assert run_["originalUriBaseIds"]["ROOT"]["uri"] == "file://" + os.path.realpath(root) + "/"
    assert run_["invocations"][0]["exitCode"] == 2
    alice = [r for r in run_["results"] if r["ruleId"] == "accounts.stale"
             and r["properties"]["subject"] == "alice"][0]
    assert alice["level"] == "error" and rules[alice["ruleIndex"]] == "accounts.stale"
    locs = [l["physicalLocation"] for l in alice["locations"]]
    passwd = [l for l in locs if l["artifactLocation"]["uri"] == "etc/passwd"][0]
    assert passwd["artifactLocation"]["uriBaseId"] == "ROOT" and passwd["region"]["startLine"] == 10, locs
    levels = {r["level"] for r in run_["results"] if r["ruleId"] == "accounts.stale"}
    assert levels == {"error", "warning"}, levels  # fail and warn findings

    tool, schema_path = sarif_multitool()
    found = multitool_findings(tool, path)
    errors = [f for f in found if f[0] == "error"]
    assert not errors, errors
    # SARIF2017 asks for a region on every location; a finding about a whole file
    # ("/etc/shadow: password set") has none to give.
    assert {rule for _, rule in found} <= {"SARIF2017"}, found
    import jsonschema
    with open(schema_path, encoding="utf-8-sig") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator(schema).validate(log)
    # the validator does catch a broken log: the test can fail
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
    del log["version"]
    bad = os.path.join(out, "bad.sarif")
    with open(bad, "w") as f:
        json.dump(log, f)
    assert [f for f in multitool_findings(tool, bad) if f[0] == "error"]


# --- the units and the cron example -------------------------------------------------------------

def test_systemd_units_verify():
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        raise Skip("systemd-analyze missing (Debian: the systemd package)")
    d = tempfile.mkdtemp(prefix="kensa-units-")
    try:
        with open(UNIT) as f:
            unit = f.read()
        for want in ("ProtectSystem=strict", "ReadWritePaths=/var/lib/kensa/reports",
                     "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectHome=read-only",
                     "CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE",
                     "ProtectKernelTunables=yes", "RestrictAddressFamilies=AF_UNIX",
                     "SystemCallFilter=@system-service", "LockPersonality=yes",
                     "MemoryDenyWriteExecute=yes", "UMask=0077", "SuccessExitStatus=2"):
            assert "\n" + want in unit, want
        # the built binary stands in for the installed one (verify wants ExecStart to exist)
        with open(os.path.join(d, "kensa-audit.service"), "w") as f:
            f.write(unit.replace("@SBINDIR@/kensa", os.path.realpath(KENSA)))
        shutil.copy(TIMER, d)
        with open(TIMER) as f:
            timer = f.read()
        for want in ("OnCalendar=*-*-01 02:00:00", "Persistent=true", "RandomizedDelaySec=2h",
                     "WantedBy=timers.target"):
            assert "\n" + want in timer, want
        p = subprocess.run([analyze, "verify", "--man=no", "kensa-audit.service", "kensa-audit.timer"],
                           cwd=d, capture_output=True, text=True, timeout=120)
        # verify exits 0 even for unknown keys or values it ignores: any message fails the test
        assert p.returncode == 0 and p.stdout == "" and p.stderr == "", (p.returncode, p.stdout, p.stderr)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_cron_example_runs_the_same_audit():
    with open(CRON) as f:
        jobs = [l.split() for l in f if l.strip() and not l.startswith("#") and "=" not in l.split()[0]]
    assert len(jobs) == 1, jobs
    job = jobs[0]
    assert job[:6] == ["17", "2", "1", "*", "*", "root"], job
    # kensa by its absolute path, as the unit names it: cron's PATH lacks /usr/local/sbin
    assert job[6:] == shlex.split(open(UNIT).read().split("ExecStart=")[1].split("\n")[0]), job
    assert job[6] == "@SBINDIR@/kensa", job
    with open(CRON_BUILT) as f:
        built = [l.split() for l in f if l.strip() and not l.startswith("#") and "=" not in l.split()[0]]
    prog = built[0][6]
    assert os.path.isabs(prog) and prog.endswith("/sbin/kensa") and "@" not in prog, built
    assert built[0][7:] == job[7:], built


def test_a_dozen_reports_in_one_day_are_numbered_compared_and_pruned():
    """Issue 17.4: the 10th report of a day (-10) was not recognised: the next run overwrote
    it and compared with -9, and --keep never pruned it."""
    root = scratch_root("accounts-debian12")
    reports = os.path.join(scratch_root(), "reports")
    base = ["audit", "--root", root, "--report-dir", reports, "--only", "accounts.stale",
            "--lang", "en", "--as-of", "2026-11-25"]
    inodes = {}
    for n in range(1, 13):
        code, out, err = kensa(*base)
        assert code == 2 and err == "", err
        stem = f"kensa-{HOST}-2026-11-25" + ("" if n == 1 else f"-{n}")
        assert f"Report written: {reports}/{stem}.json (and .txt)" in out, (n, out)
        if n > 1:
            prev = f"kensa-{HOST}-2026-11-25" + ("" if n == 2 else f"-{n - 1}")
            assert f"Old: {reports}/{prev}.json" in out, (n, out)
        inodes[stem] = os.stat(os.path.join(reports, stem + ".json")).st_ino
    names = sorted(os.listdir(reports))
    assert len(names) == 24, names
    for stem, ino in inodes.items():  # nothing was overwritten
        assert os.stat(os.path.join(reports, stem + ".json")).st_ino == ino, stem
    code, out, err = kensa(*base, "--keep", "3", "--quiet")
    assert code == 2 and err == "", err
    assert sorted(os.listdir(reports)) == [f"kensa-{HOST}-2026-11-25-{n}.{e}" for n in (11, 12, 13)
                                           for e in ("json", "txt")], os.listdir(reports)
    # names that are not a kensa sequence are left alone
    for odd in ("-01", "-1", "-0", "-+5", "-1x"):
        write(reports, f"kensa-{HOST}-2026-11-25{odd}.json", "{}")
    code, out, err = kensa(*base, "--keep", "1", "--quiet")
    assert code == 2 and err == "", err
    left = sorted(os.listdir(reports))
    assert f"kensa-{HOST}-2026-11-25-14.json" in left and len(left) == 7, left


def test_report_dir_never_replaces_or_reads_a_planted_node():
    """Issue 17.1 for --report-dir: a FIFO or a symbolic link at a report's name is never
    replaced, written through or waited on; the run takes the next free name."""
    root = scratch_root("accounts-debian12")
    reports = os.path.join(scratch_root(), "reports")
    os.makedirs(reports, mode=0o700)
    target = write(scratch_root(), "target.txt", "keep me\n")
    fifo = os.path.join(reports, f"kensa-{HOST}-2026-11-25.json")
    os.mkfifo(fifo, 0o600)
    link = os.path.join(reports, f"kensa-{HOST}-2026-11-25-2.txt")
    os.symlink(target, link)
    code, out, err = kensa("audit", "--root", root, "--report-dir", reports, "--only",
                           "accounts.stale", "--lang", "en", "--as-of", "2026-11-25")
    assert code == 2, (code, err)
    assert f"Report written: {reports}/kensa-{HOST}-2026-11-25-3.json" in out, out
    assert "not a regular file" in err, err  # the FIFO as "previous report": refused, not read
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.readlink(link) == target
    with open(target) as f:
        assert f.read() == "keep me\n"


if __name__ == "__main__":
    run_tests(globals())
