#!/usr/bin/python3
"""Real Debian 12 image test for accounts.stale (checklist item 2-5).

Clones the cached debootstrap image (tests/image/debian_image.py), plants
accounts with the image's own useradd/chage/usermod/chpasswd/passwd, writes
login records with the C library's own utmp/lastlog layouts, runs

    KENSA_BIN audit --root IMG --format json --as-of 2026-11-25 --only accounts.stale

and checks the JSON (and validates it against KENSA_SCHEMA with
python3-jsonschema).

Environment: KENSA_BIN, KENSA_SCHEMA, KENSA_WRITE_LOGIN (optional),
KENSA_IMAGE_CACHE, KENSA_DEBIAN_MIRROR (optional).

Options (manual runs only):
  --keep        keep the cloned images and print their paths
  --plant-only  plant the conditions, show them with the host's last/lastlog,
                and stop before running kensa

Exit: 0 all checks passed, 1 a check failed, 77 skipped (no image here).
"""

import datetime
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debian_image as di  # noqa: E402

CHECK_ID = "accounts.stale"
ITEM = "2-5"
AS_OF = "2026-11-25"
PASSWORD = "Kensa-test-pw-7f3a"  # hashed by the image's own PAM (yescrypt)
SSH_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2x1q8Ew9b8l0aJgM2tQm1bYt2Xv4lR"
           "0b5wK2nQ3v5H mallory@example\n")

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok     - " + what, flush=True)
        else:
            self.failed += 1
            print("FAILED - " + what + (": " + detail if detail else ""), flush=True)
        return cond


T = Checker()


# --------------------------------------------------------------------------
# planting

def plant_user(root, name, *useradd_args, password=True, lastchg=None):
    di.useradd(root, name, *useradd_args)
    if password:
        di.chpasswd(root, name, PASSWORD)
    if lastchg:
        di.chage(root, name, "-d", lastchg)


EVENTS = []  # (epoch, order, kind, args): written to wtmp in time order, as a real host does


def login(root, name, days, tty="pts/0", host="10.0.0.5", wtmp=True, lastlog=True):
    """Queue a login `days` before AS_OF (and, in wtmp, its logout 10 minutes later).

    Logins on the same day are spread 7 minutes apart from 09:00 UTC so that
    sessions on one tty never overlap.
    """
    t = di.days_before(AS_OF, days) + 7 * 60 * len(EVENTS)
    EVENTS.append((t, len(EVENTS), "login", (name, tty, host, wtmp, lastlog)))
    if wtmp:
        EVENTS.append((t + 600, len(EVENTS), "logout", (tty,)))


def boot(days):
    EVENTS.append((di.days_before(AS_OF, days, hh=6), len(EVENTS), "boot", ()))


def flush_events(root):
    for t, _, kind, args in sorted(EVENTS):
        if kind == "login":
            name, tty, host, wtmp, lastlog = args
            di.write_login(root, name, None, t, tty=tty, host=host, wtmp=wtmp, lastlog=lastlog)
        elif kind == "logout":
            di.write_logout(root, t, tty=args[0])
        else:
            di.write_boot(root, t)
    del EVENTS[:]


# What each planted account is for; verdict is one of
#   "fail"        a fail finding with this subject is required
#   "none"        no fail or warn finding with this subject
#   "warn-or-none" no fail finding (a warn is fine)
EXPECT = {}


def plant_all(root):
    real = ("-m", "-s", "/bin/bash")
    # Boots in wtmp, as on any real host: "reboot" must not be read as a user.
    boot(400)
    boot(30)

    # alice: password, last login 200 days before as-of -> stale.
    plant_user(root, "alice", *real, lastchg="2025-06-01")
    login(root, "alice", 380)
    login(root, "alice", 200)
    EXPECT["alice"] = ("fail", "password set, last login 200 days before as-of")

    # bob: password, never logged in, changed 2025-01-01 -> past the 30-day grace.
    plant_user(root, "bob", *real, lastchg="2025-01-01")
    EXPECT["bob"] = ("fail", "password set, never logged in, last change 2025-01-01")

    # carol: lastlog says 250 days ago, wtmp says 100 and 3 days ago -> max() is recent.
    plant_user(root, "carol", *real, lastchg="2025-06-01")
    login(root, "carol", 250, tty="pts/1", wtmp=False)
    login(root, "carol", 100, tty="pts/1", lastlog=False)
    login(root, "carol", 3, tty="pts/1", lastlog=False)
    EXPECT["carol"] = ("none", "last login 3 days before as-of (wtmp; lastlog says 250)")

    # heidi: wtmp rotated away, lastlog 10 days ago -> recent.
    plant_user(root, "heidi", *real, lastchg="2025-06-01")
    login(root, "heidi", 10, tty="pts/2", wtmp=False)
    EXPECT["heidi"] = ("none", "last login 10 days before as-of (lastlog only)")

    # dave: like alice, then locked and given nologin.
    plant_user(root, "dave", *real, lastchg="2025-06-01")
    login(root, "dave", 200)
    di.usermod(root, "dave", "-L", "-s", "/usr/sbin/nologin")
    EXPECT["dave"] = ("none", "like alice but usermod -L and shell nologin")

    # ivan: usable password but shell nologin -> not login-capable.
    plant_user(root, "ivan", *real, lastchg="2025-06-01")
    login(root, "ivan", 200)
    di.usermod(root, "ivan", "-s", "/usr/sbin/nologin")
    EXPECT["ivan"] = ("none", "password usable, shell /usr/sbin/nologin, last login 200 days ago")

    # judy: real shell but password locked with passwd -l, no keys -> not login-capable.
    plant_user(root, "judy", *real, lastchg="2025-06-01")
    login(root, "judy", 200)
    di.passwd(root, "judy", "-l")
    EXPECT["judy"] = ("none", "shell bash, passwd -l, no authorized_keys, last login 200 days ago")

    # erin: password, expired by date, old login -> expired, so not stale.
    plant_user(root, "erin", *real, lastchg="2025-06-01")
    login(root, "erin", 300)
    di.usermod(root, "erin", "-e", "2025-01-01")
    EXPECT["erin"] = ("warn-or-none", "password set, usermod -e 2025-01-01, last login 300 days ago")

    # newbie: password, never logged in, changed 15 days ago -> inside the grace.
    plant_user(root, "newbie", *real, lastchg=di_date(AS_OF, -15))
    EXPECT["newbie"] = ("none", "password set, never logged in, last change 15 days before as-of")

    # mallory: no password ("!"), but an authorized_keys, never logged in, changed 2025-01-01.
    plant_user(root, "mallory", *real, password=False, lastchg="2025-01-01")
    uid, gid = di.uid_of(root, "mallory"), int(di.passwd_entry(root, "mallory")[3])
    os.makedirs(os.path.join(root, "home/mallory/.ssh"), mode=0o700)
    os.chown(os.path.join(root, "home/mallory/.ssh"), uid, gid)
    di.write_file(root, "home/mallory/.ssh/authorized_keys", SSH_KEY, 0o600, uid, gid)
    EXPECT["mallory"] = ("fail", "password locked '!', ~/.ssh/authorized_keys, never logged in, "
                                 "last change 2025-01-01")

    # svc: system account (useradd -r, uid < UID_MIN) with bash and a password.
    plant_user(root, "svc", "-r", "-m", "-s", "/bin/bash", lastchg=di_date(AS_OF, -5))
    EXPECT["svc"] = ("fail", "system account (uid < UID_MIN) with shell bash and a password")

    # toor: an extra uid 0 account.
    di.useradd(root, "toor", "-o", "-u", "0", "-g", "0", "-M", "-d", "/root", "-s", "/bin/bash")
    EXPECT["toor"] = ("fail", "extra uid 0 account (useradd -o -u 0)")

    # frank / frank2: duplicate uid, both nologin and locked.
    di.useradd(root, "frank", "-M", "-s", "/usr/sbin/nologin")
    di.useradd(root, "frank2", "-o", "-u", str(di.uid_of(root, "frank")), "-M",
               "-s", "/usr/sbin/nologin")
    EXPECT["frank|frank2"] = ("fail", "duplicate uid %d" % di.uid_of(root, "frank"))

    flush_events(root)


def di_date(date_str, delta_days):
    return (datetime.date.fromisoformat(date_str) + datetime.timedelta(days=delta_days)).isoformat()


def plant_root_only(root):
    """root with a usable password and a login 400 days ago: root is exempt."""
    di.chpasswd(root, "root", PASSWORD)
    di.chage(root, "root", "-d", "2025-01-01")
    login(root, "root", 400, tty="tty1", host="")
    flush_events(root)


def show_planted(root, names):
    print("planted in %s:" % root)
    for rec in di.read_table(root, "etc/passwd"):
        if rec[0] in names:
            sh = di.shadow_entry(root, rec[0])
            pw = sh[1]
            pw = pw[:6] + "..." if len(pw) > 8 else pw
            print("  passwd %-40s shadow %s:%s:%s" % (":".join(rec), sh[0], pw, ":".join(sh[2:])))
    last = di.host_tool("last")
    if last and os.path.exists(os.path.join(root, "var/log/wtmp")):
        r = subprocess.run([last, "-F", "-w", "-x", "-f", os.path.join(root, "var/log/wtmp")],
                           capture_output=True, text=True)
        print("  last -f wtmp:\n    " + "\n    ".join(r.stdout.rstrip().splitlines()))
    lastlog = di.host_tool("lastlog")
    if lastlog:
        r = subprocess.run([lastlog, "-R", root], capture_output=True, text=True)
        lines = [line for line in r.stdout.splitlines()
                 if line.split() and line.split()[0] in names | {"Username"}]
        print("  lastlog -R IMG:\n    " + "\n    ".join(lines))


# --------------------------------------------------------------------------
# running kensa and checking its report

def kensa_bin():
    b = os.environ.get("KENSA_BIN")
    if not b:
        guess = os.path.join(_REPO, "build", "src", "kensa")
        if os.path.exists(guess):
            print("KENSA_BIN unset; using " + guess)
            return guess
        print("ERROR: KENSA_BIN is not set (meson passes it; or build to build/src/kensa)")
        sys.exit(1)
    if not os.access(b, os.X_OK):
        print("ERROR: KENSA_BIN=%s is not an executable file" % b)
        sys.exit(1)
    return b


def load_validator():
    path = os.environ.get("KENSA_SCHEMA") or os.path.join(_REPO, "docs", "report.schema.json")
    try:
        import jsonschema
    except ImportError:
        print("ERROR: python3-jsonschema is not importable by %s "
              "(apt-get install python3-jsonschema)" % sys.executable)
        sys.exit(1)
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print("ERROR: cannot load the report schema %s: %s" % (path, e))
        sys.exit(1)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return path, cls(schema, format_checker=cls.FORMAT_CHECKER)


def run_kensa(binary, root):
    argv = [binary, "audit", "--root", root, "--format", "json", "--as-of", AS_OF,
            "--only", CHECK_ID]
    print("$ " + " ".join(argv), flush=True)
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        T.check(False, "kensa finished within 120 s")
        return None, None
    if r.stderr.strip():
        print("  kensa stderr:\n    " + "\n    ".join(r.stderr.rstrip().splitlines()[:40]))
    try:
        report = json.loads(r.stdout)
    except ValueError as e:
        T.check(False, "kensa printed JSON on stdout", "%s; stdout starts %r" % (e, r.stdout[:300]))
        return r.returncode, None
    return r.returncode, report


def common_checks(label, report, root, validator):
    schema_path, v = validator
    errors = sorted(v.iter_errors(report), key=lambda e: list(e.absolute_path))
    T.check(not errors, "%s: report validates against %s" % (label, schema_path),
            "; ".join("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message)
                      for e in errors[:5]))
    T.check(report.get("schema_version") == 1, "%s: schema_version is 1" % label,
            repr(report.get("schema_version")))
    T.check(report.get("as_of") == AS_OF, "%s: as_of is %s" % (label, AS_OF),
            repr(report.get("as_of")))
    host = report.get("host") or {}
    T.check(host.get("mode") == "offline", "%s: host.mode is offline" % label, repr(host.get("mode")))
    with open(os.path.join(root, "etc/hostname"), encoding="utf-8") as f:
        image_hostname = f.read().strip()
    T.check(host.get("hostname") == image_hostname,
            "%s: host.hostname is the image's /etc/hostname (%s)" % (label, image_hostname),
            repr(host.get("hostname")))
    T.check(host.get("root") in (root, os.path.realpath(root)), "%s: host.root is the image" % label,
            repr(host.get("root")))
    results = [r for r in report.get("results") or [] if isinstance(r, dict)]
    mine = [r for r in results if r.get("id") == CHECK_ID]
    T.check(len(results) == 1 and len(mine) == 1,
            "%s: --only %s gives exactly that one result" % (label, CHECK_ID),
            "ids: %r" % [r.get("id") for r in results])
    if not mine:
        return None
    res = mine[0]
    T.check(ITEM in (res.get("items") or []), "%s: result maps to checklist item %s" % (label, ITEM),
            repr(res.get("items")))
    summary = report.get("summary") or {}
    counts = {}
    for r in results:
        counts[r.get("status")] = counts.get(r.get("status"), 0) + 1
    want = {k: counts.get(k, 0) for k in ("pass", "fail", "warn", "manual", "not_applicable", "error")}
    T.check({k: summary.get(k) for k in want} == want, "%s: summary counts match results" % label,
            "summary %r vs results %r" % (summary, want))
    print("  %s: status=%s reason=%r" % (label, res.get("status"), res.get("reason")))
    for f in res.get("findings") or []:
        print("    finding %-8s %-8s %s" % (f.get("severity"), f.get("subject"), f.get("detail")))
    return res


def findings_by_subject(res):
    out = {}
    for f in res.get("findings") or []:
        out.setdefault(f.get("subject"), []).append(f)
    return out


# --------------------------------------------------------------------------

def main(argv):
    keep = "--keep" in argv
    plant_only = "--plant-only" in argv
    binary = None if plant_only else kensa_bin()
    validator = None if plant_only else load_validator()

    base = di.ensure_base()
    defs = di.login_defs(base)
    print("image: %s (UID_MIN=%s, root shadow %r)" % (
        base, defs.get("UID_MIN"), ":".join(di.shadow_entry(base, "root"))))

    # 1. The untouched image: every account there is locked ('*'): no fail finding.
    with di.cloned(keep=keep) as root:
        if plant_only:
            show_planted(root, {"root"})
        else:
            rc, report = run_kensa(binary, root)
            if report is not None:
                res = common_checks("untouched", report, root, validator)
                if res is not None:
                    fails = [f for f in res.get("findings") or [] if f.get("severity") == "fail"]
                    T.check(not fails, "untouched: no fail finding", repr(fails))
                    T.check(res.get("status") not in ("fail", "error"),
                            "untouched: status is not fail/error", repr(res.get("status")))
            T.check(rc == 0, "untouched: exit status 0", "got %r" % rc)

    # 2. root alone with a password and a 400-day-old login: root is exempt.
    with di.cloned(keep=keep) as root:
        plant_root_only(root)
        if plant_only:
            show_planted(root, {"root"})
        else:
            rc, report = run_kensa(binary, root)
            if report is not None:
                res = common_checks("root-exempt", report, root, validator)
                if res is not None:
                    rf = [f for f in findings_by_subject(res).get("root", [])
                          if f.get("severity") == "fail"]
                    T.check(not rf, "root-exempt: root (password, last login 400 days ago) "
                                    "has no fail finding", repr(rf))
            T.check(rc == 0, "root-exempt: exit status 0", "got %r" % rc)

    # 3. The planted accounts.
    with di.cloned(keep=keep) as root:
        plant_all(root)
        names = set()
        for k in EXPECT:
            names.update(k.split("|"))
        show_planted(root, names)
        if plant_only:
            print("--plant-only: stopping before kensa")
            return 0
        rc, report = run_kensa(binary, root)
        T.check(rc == 2, "planted: exit status 2 (a check failed)", "got %r" % rc)
        if report is not None:
            res = common_checks("planted", report, root, validator)
            if res is not None:
                T.check(res.get("status") == "fail", "planted: status is fail",
                        repr(res.get("status")))
                by = findings_by_subject(res)
                for key, (verdict, why) in EXPECT.items():
                    subjects = key.split("|")
                    sev = [f.get("severity") for s in subjects for f in by.get(s, [])]
                    if verdict == "fail":
                        T.check("fail" in sev, "planted: %s has a fail finding (%s)" % (key, why),
                                "severities %r" % sev)
                    elif verdict == "none":
                        T.check(not ({"fail", "warn"} & set(sev)),
                                "planted: %s has no fail/warn finding (%s)" % (key, why),
                                "severities %r" % sev)
                    else:
                        T.check("fail" not in sev, "planted: %s has no fail finding (%s)"
                                % (key, why), "severities %r" % sev)
                ev = [e for f in by.get("alice", []) for e in f.get("evidence") or []]
                T.check(any("wtmp" in str(e.get("source")) or "lastlog" in str(e.get("source"))
                            for e in ev),
                        "planted: alice's finding cites wtmp or lastlog as evidence", repr(ev))
                T.check("reboot" not in by, "planted: wtmp 'reboot' records are not read as a user")
                extra = sorted(s for s in by if s not in names | {"root"})
                T.check(not extra, "planted: no findings for accounts that were not planted",
                        repr(extra))
    return 0


if __name__ == "__main__":
    # Every suite (bookworm, trixie): a suite whose image cannot be had here is skipped.
    ran = 0
    for suite in di.suites():
        di.SUITE = suite
        print("== %s" % suite)
        try:
            main(sys.argv[1:])
            ran += 1
        except SystemExit as e:
            if e.code != di.SKIP:
                raise
    if not ran:
        sys.exit(di.SKIP)
    print("%d passed, %d failed" % (T.passed, T.failed))
    sys.exit(1 if T.failed else 0)
