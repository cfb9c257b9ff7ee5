#!/usr/bin/env python3
"""Confinement of the built binary to --root, its read-only guarantee and its report output.

Every escape test plants a canary account in a HOST file outside the root
(/tmp/kensa-canary-*/etc/passwd ...), points links inside the root at it (absolute, relative,
"..", directory links, /proc magic links) and proves the canary never appears in any output while
the check reports the file as absent or in error. Each runs against both resolvers: openat2
RESOLVE_IN_ROOT and the portable component walk (KENSA_ROOTFS_WALK=1)."""
import ctypes
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403
import kensatest  # noqa: E402

MODES = [("openat2", {}), ("walk", {"KENSA_ROOTFS_WALK": "1"})]


def run_kensa(*args, env=None, cwd=None, timeout=60):
    """Run the binary with a fixed argv; return (exit, stdout bytes, stderr bytes, seconds,
    peak RSS in KiB of that one process, from wait4)."""
    e = dict(os.environ)
    e["NO_COLOR"] = "1"
    e.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen([KENSA, *args], stdout=out, stderr=err, env=e, cwd=cwd,
                             stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > timeout:
                p.kill()
                os.wait4(p.pid, 0)
                raise AssertionError(f"kensa {' '.join(args)} did not finish within {timeout}s")
            time.sleep(0.01)
        elapsed = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read(), elapsed, usage.ru_maxrss


_profile = []


def fast_profile():
    """The server profile with password.defaults' crypt budget at 1 s (20 s by default, spent
    by design on any root with password hashes), so audits here measure kensa itself."""
    if not _profile:
        d = tempfile.mkdtemp(prefix="kensa-profile-")
        kensatest._cleanup.append(d)
        path = os.path.join(d, "fast.ini")
        with open(path, "w") as f:
            f.write("include = server\n[password]\ndefaults_budget_seconds = 1\n")
        _profile.append(path)
    return _profile[0]


def audit(root, *args, env=None, cwd=None, timeout=60):
    """Full audit (every check) as JSON; returns (exit, report, raw stdout+stderr)."""
    code, out, err, _, _ = run_kensa("audit", "--root", root, "--format", "json", "--as-of",
                                     AS_OF, "--lang", "en", "--profile", fast_profile(), *args,
                                     env=env, cwd=cwd, timeout=timeout)
    assert code in (0, 2), f"exit {code}: {err.decode(errors='replace')}"
    rep = json.loads(out.decode("utf-8"))  # strict: invalid UTF-8 would raise here
    validate_schema(rep)
    fails = any(r["status"] == "fail" for r in rep["results"])
    assert code == (2 if fails else 0), f"exit {code} but fails={fails}"
    return code, rep, out + err


def make_canary():
    """A host directory outside every root, holding account files with a unique name."""
    d = tempfile.mkdtemp(prefix="kensa-canary-")
    kensatest._cleanup.append(d)
    word = "kcanary" + secrets.token_hex(4)
    os.makedirs(os.path.join(d, "etc"))
    with open(os.path.join(d, "etc/passwd"), "w") as f:
        f.write(f"root:x:0:0:root:/root:/bin/bash\n{word}:x:1000:1000:{word}:/home/{word}:/bin/bash\n")
    with open(os.path.join(d, "etc/shadow"), "w") as f:
        f.write(f"root:*:20000:0:99999:7:::\n{word}:$6$salt$abcdefghijklmnopqrstuv:20000:0:99999:7:::\n")
    with open(os.path.join(d, "etc/login.defs"), "w") as f:
        f.write(f"# {word}\nUID_MIN 500\nPASS_MAX_DAYS 7\n")
    shutil.copy(os.path.join(d, "etc/shadow"), os.path.join(d, "shadow"))
    return d, word


def ups(n=30):
    return "../" * n


def assert_no_canary(blob, word, what):
    assert word.encode() not in blob, f"{what}: the host's canary file was read"


def assert_accounts_error(rep, what):
    r = result(rep, "accounts.stale")
    assert r["status"] == "error", f"{what}: {r['status']} {r['reason']}"
    assert "/etc/passwd" in r["reason"] or "/etc/shadow" in r["reason"], r["reason"]
    return r


def escape_roots(canary):
    """(name, root) pairs, each with links out of the root towards the canary."""
    roots = []
    root = scratch_root("accounts-debian12")
    for f in ("passwd", "shadow", "login.defs"):
        os.unlink(os.path.join(root, "etc", f))
        os.symlink(os.path.join(canary, "etc", f), os.path.join(root, "etc", f))
    roots.append(("absolute links", root))
    root = scratch_root("accounts-debian12")
    for f in ("passwd", "shadow", "login.defs"):
        os.unlink(os.path.join(root, "etc", f))
        os.symlink(ups() + canary.lstrip("/") + "/etc/" + f, os.path.join(root, "etc", f))
    roots.append(("relative links", root))
    root = scratch_root("accounts-debian12")
    shutil.rmtree(os.path.join(root, "etc"))
    os.symlink(os.path.join(canary, "etc"), os.path.join(root, "etc"))
    roots.append(("linked /etc directory", root))
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/passwd"))
    os.unlink(os.path.join(root, "etc/shadow"))
    os.symlink("../../../../../../etc/passwd-host", os.path.join(root, "etc/passwd-host"))
    os.symlink(ups(12) + "." + canary + "/../" + os.path.basename(canary) + "/etc/passwd",
               os.path.join(root, "etc/passwd"))
    os.symlink("/etc/shadow", os.path.join(root, "etc/shadow"))  # itself, once inside: a loop
    roots.append(("dot-dot chains and a self loop", root))
    return roots


def test_links_out_of_the_root_never_reach_host_files():
    canary, word = make_canary()
    for mode, env in MODES:
        for what, root in escape_roots(canary):
            for fmt in ("json", "text"):
                code, out, err, _, _ = run_kensa("audit", "--root", root, "--format", fmt,
                                                 "--as-of", AS_OF, "--lang", "en", env=env)
                assert code in (0, 2), (mode, what, code, err)
                assert_no_canary(out + err, word, f"{mode}, {what}, {fmt}")
            _, rep, blob = audit(root, env=env)
            assert_accounts_error(rep, f"{mode}, {what}")


def test_links_resolve_inside_the_root_as_in_a_chroot():
    """The positive control: the very same link targets are read when they exist inside the
    root, so the escape test above fails if links were merely refused."""
    canary, word = make_canary()
    for mode, env in MODES:
        for what, root in escape_roots(canary)[:3]:
            inside = os.path.join(root, canary.lstrip("/"), "etc")
            os.makedirs(inside, exist_ok=True)
            src = os.path.join(ROOTS, "accounts-debian12", "etc")
            for f in ("passwd", "shadow", "login.defs"):
                shutil.copy(os.path.join(src, f), os.path.join(inside, f))
            _, rep, blob = audit(root, "--only", "accounts.stale", env=env)
            assert_no_canary(blob, word, f"{mode}, {what}")
            r = result(rep, "accounts.stale")
            assert r["status"] != "error", (mode, what, r["reason"])
            assert "bob" in subjects(r), (mode, what)


def _in_mount_namespace(fn):
    """Run fn() in a forked child inside a private mount namespace; return what it returns
    (JSON-able) or raise Skip when namespaces or mounts are not permitted here."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(0x00020000) != 0:  # CLONE_NEWNS
                raise Skip("unshare(CLONE_NEWNS) not permitted: "
                           + os.strerror(ctypes.get_errno()))
            subprocess.run(["mount", "--make-rprivate", "/"], check=True, capture_output=True)
            payload = {"ok": fn()}
        except Skip as s:
            payload = {"skip": str(s)}
        except BaseException as e:  # noqa: B902 - reported to the parent
            import traceback
            payload = {"error": f"{e!r}\n{traceback.format_exc()}"}
        os.write(wfd, json.dumps(payload).encode())
        os._exit(0)
    os.close(wfd)
    chunks = []
    while True:
        b = os.read(rfd, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(rfd)
    os.waitpid(pid, 0)
    payload = json.loads(b"".join(chunks) or b'{"error": "child died"}')
    if "skip" in payload:
        raise Skip(payload["skip"])
    if "error" in payload:
        raise AssertionError(payload["error"])
    return payload["ok"]


def test_proc_magic_links_are_never_followed():
    """With the host's real procfs mounted at ROOT/proc (as in a live chroot), links through
    /proc/self/root, /proc/self/cwd and /proc/1/root would jump to the host's files if followed
    as the kernel follows magic links."""
    canary, word = make_canary()
    root = scratch_root("accounts-debian12")
    os.makedirs(os.path.join(root, "proc"), exist_ok=True)
    for f in ("passwd", "shadow", "login.defs"):
        os.unlink(os.path.join(root, "etc", f))
    os.symlink("/proc/self/root" + canary + "/etc/passwd", os.path.join(root, "etc/passwd"))
    os.symlink("/proc/self/cwd/shadow", os.path.join(root, "etc/shadow"))  # kensa's cwd: canary
    os.symlink("/proc/1/root" + canary + "/etc/login.defs", os.path.join(root, "etc/login.defs"))

    def inside():
        r = subprocess.run(["mount", "--bind", "/proc", os.path.join(root, "proc")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip("cannot bind-mount /proc here: " + r.stderr.strip())
        assert os.path.exists(os.path.join(root, "proc/self/root"))
        results = {}
        for mode, env in MODES:
            code, out, err, _, _ = run_kensa("audit", "--root", root, "--format", "json",
                                             "--as-of", AS_OF, "--lang", "en", env=env,
                                             cwd=canary)
            results[mode] = [code, out.decode("utf-8"), err.decode("utf-8", "replace")]
        subprocess.run(["umount", os.path.join(root, "proc")], check=False)
        return results

    results = _in_mount_namespace(inside)
    for mode, (code, out, err) in results.items():
        assert code in (0, 2), (mode, code, err)
        assert word not in out and word not in err, f"{mode}: a magic link reached the canary"
        rep = json.loads(out)
        r = assert_accounts_error(rep, mode)
        # openat2 refuses magic links (ELOOP); the walk resolves their text inside (ENOENT)
        # (or, now that /proc is a pseudo file system, refuse to enter it at all)
        assert ("symbolic links" in r["reason"] or "No such file" in r["reason"]
                or "kernel file system" in r["reason"]), (mode, r)


def test_pseudo_file_systems_inside_an_offline_root_are_never_read():
    """A chroot build leaves the host's procfs and sysfs mounted inside the image: links to
    /proc/self/environ and /proc/PID/environ would put a HOST process's environment into the
    report, since RESOLVE_IN_ROOT (and a plain walk) crosses mounts. Offline, kensa refuses any
    file or directory on a kernel pseudo file system, in both resolvers and every format."""
    word = "kenvcanary" + secrets.token_hex(4)
    root = scratch_root("accounts-debian12")
    for d in ("proc", "sys"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    # a host process with the canary in its environment, reached through /proc/PID/environ
    holder = subprocess.Popen(["sleep", "120"], env={"KENSA_HOST_SECRET": word})
    try:
        for f in ("passwd", "shadow", "login.defs", "hostname", "os-release"):
            p = os.path.join(root, "etc", f)
            if os.path.lexists(p):
                os.unlink(p)
        os.symlink(f"/proc/{holder.pid}/environ", os.path.join(root, "etc/passwd"))
        os.symlink("/proc/self/environ", os.path.join(root, "etc/shadow"))
        os.symlink(f"../proc/{holder.pid}/environ", os.path.join(root, "etc/hostname"))
        os.symlink("/proc/1/../self/environ", os.path.join(root, "etc/issue"))
        os.symlink("/sys/kernel/uevent_seqnum", os.path.join(root, "etc/login.defs"))
        # a directory link through the mount, and a proc file bind-mounted onto an image path
        os.symlink("/proc/self", os.path.join(root, "etc/selfdir"))
        # a running system's tmpfs (the host's /run or /dev/shm in a chroot build)
        os.makedirs(os.path.join(root, "run"), exist_ok=True)
        os.symlink("/run/kensa-secret/os-release", os.path.join(root, "etc/os-release"))
        os.symlink("/run/kensa-secret/group", os.path.join(root, "etc/group"))
        write(root, "etc/default/useradd", "SHELL=/bin/sh\n")
        formats = ("json", "text", "checklist", "csv", "html", "junit", "sarif")

        def inside():
            for fstype, d in (("proc", "proc"), ("sysfs", "sys"), ("tmpfs", "run")):
                r = subprocess.run(["mount", "-t", fstype, fstype, os.path.join(root, d)],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    raise Skip(f"cannot mount {fstype} here: " + r.stderr.strip())
            os.makedirs(os.path.join(root, "run/kensa-secret"))
            with open(os.path.join(root, "run/kensa-secret/group"), "w") as f:
                f.write(f"{word}:x:0:\n")
            with open(os.path.join(root, "run/kensa-secret/os-release"), "w") as f:
                f.write(f'PRETTY_NAME="{word}"\nID=debian\n')
            assert os.path.exists(os.path.join(root, "proc/self/environ"))
            out = {}
            try:
                for mode, env in MODES:
                    env = dict(env, KENSA_TEST_SECRET=word)
                    for fmt in formats:
                        code, o, e, _, _ = run_kensa("audit", "--root", root, "--format", fmt,
                                                     "--as-of", AS_OF, "--lang", "en",
                                                     "--profile", fast_profile(), env=env)
                        out[f"{mode}/{fmt}"] = [code, o.decode("utf-8", "replace"),
                                                e.decode("utf-8", "replace")]
                # the walk and openat2 both refuse a bind-mounted proc file as well
                r = subprocess.run(["mount", "--bind", "/proc/self/environ",
                                    os.path.join(root, "etc/default/useradd")],
                                   capture_output=True, text=True)
                assert r.returncode == 0, r.stderr
                for mode, env in MODES:
                    code, o, e, _, _ = run_kensa("audit", "--root", root, "--format", "json",
                                                 "--as-of", AS_OF, "--lang", "en", "--profile",
                                                 fast_profile(),
                                                 env=dict(env, KENSA_TEST_SECRET=word))
                    out[f"{mode}/bind"] = [code, o.decode("utf-8", "replace"),
                                           e.decode("utf-8", "replace")]
            finally:
                subprocess.run(["umount", os.path.join(root, "etc/default/useradd")],
                               capture_output=True)
                for d in ("proc", "sys", "run"):
                    subprocess.run(["umount", os.path.join(root, d)], capture_output=True)
            # the positive control: a root that itself lives in a tmpfs is read as usual
            mem = tempfile.mkdtemp(prefix="kensa-tmpfs-")
            subprocess.run(["mount", "-t", "tmpfs", "tmpfs", mem], check=True)
            try:
                shutil.copytree(os.path.join(ROOTS, "accounts-debian12"), os.path.join(mem, "r"),
                                symlinks=True)
                for mode, env in MODES:
                    code, o, e, _, _ = run_kensa("audit", "--root", os.path.join(mem, "r"),
                                                 "--format", "json", "--only", "accounts.stale",
                                                 "--as-of", AS_OF, env=env)
                    out[f"{mode}/tmpfs-root"] = [code, o.decode(), e.decode()]
            finally:
                subprocess.run(["umount", mem], capture_output=True)
                os.rmdir(mem)
            return out

        results = _in_mount_namespace(inside)
    finally:
        holder.kill()
        holder.wait()
    for what, (code, out, err) in results.items():
        assert code in (0, 2), (what, code, err)
        if what.endswith("/tmpfs-root"):
            r = result(json.loads(out), "accounts.stale")
            assert r["status"] != "error" and "bob" in subjects(r), (what, r)
            continue
        assert word not in out and word not in err, f"{what}: a host environment reached the output"
        assert "KENSA_HOST_SECRET" not in out and "KENSA_TEST_SECRET" not in out, what
        if what.endswith("/json") or what.endswith("/bind"):
            rep = json.loads(out)
            r = assert_accounts_error(rep, what)
            assert "kernel file system" in r["reason"], (what, r["reason"])
            assert rep["host"]["hostname"] == "unknown", (what, rep["host"])


def test_symlinked_root_is_refused():
    root = scratch_root("accounts-debian12")
    link = root + "-link"
    os.symlink(root, link)
    kensatest._cleanup.append(link)
    for arg in (link, link + "/", link + "//"):
        code, out, err, _, _ = run_kensa("audit", "--root", arg, "--format", "json")
        assert code == 1, (arg, code)
        assert b"symbolic link" in err, err
        assert out == b"", out
    code, _, err, _, _ = run_kensa("audit", "--root", os.path.join(root, "etc/passwd"))
    assert code == 1 and b"Not a directory" in err, err


# --- nothing is executed ---------------------------------------------------------------------

# file (relative to src/) -> the calls it may make. Only the one spawn point: a live Windows
# audit runs secedit/net/powershell by absolute path with a fixed argv, never from inside --root
# (command_run refuses a program that resolves inside it) and never on a Linux audit.
EXEC_ALLOWED = {
    "core/command.c": ("posix_spawn(",),
}

CALL = re.compile(r"\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|execve|execveat|"
                  r"fexecve|posix_spawn|posix_spawnp|dlopen)\s*\(")
SHELL = re.compile(r'"/bin/(ba|da|z|k)?sh"|"/usr/bin/(ba|da|z|k)?sh"|"sh"\s*,\s*"-c"')


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def test_nothing_is_run_through_a_shell_or_from_the_root():
    src = os.path.join(SOURCE_ROOT, "src")
    offenders = []
    scanned = 0
    for dirpath, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            with open(path, encoding="utf-8", errors="replace") as f:
                code = _strip_comments(f.read())
            scanned += 1
            for lineno, line in enumerate(code.splitlines(), 1):
                for rx in (CALL, SHELL):
                    m = rx.search(line)
                    if m and m.group(0) not in EXEC_ALLOWED.get(rel, ()):
                        offenders.append(f"src/{rel}:{lineno}: {line.strip()}")
    assert scanned > 20, scanned
    assert not offenders, "kensa must not start programs:\n" + "\n".join(offenders)
    # the scan itself can fail: a planted call is found
    assert CALL.search('rc = system("id");') and SHELL.search('execl("/bin/sh", "sh", "-c", x)')


# --- read-only guarantee -----------------------------------------------------------------------

def snapshot(root):
    """Every entry under root (links not followed): type, mode, owner, size, mtime, ctime,
    content hash or link target. atime is left out: reading may update it."""
    snap = {}
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files + ["."]:
            path = os.path.normpath(os.path.join(dirpath, name))
            st = os.lstat(path)
            entry = [stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid,
                     st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink]
            if stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
                entry.append(h.hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                entry.append(os.readlink(path))
            snap[os.path.relpath(path, root)] = entry
    return snap


def busy_root():
    """The accounts fixture with login records and every awkward kind of file."""
    root = scratch_root("accounts-debian12")
    write_login(root, "alice", 1000, day_epoch(200))
    write_login(root, "carol", 1002, day_epoch(3))
    os.mkfifo(os.path.join(root, "etc/fifo"))
    os.symlink("/etc/passwd", os.path.join(root, "etc/passwd-link"))
    os.symlink(ups() + "etc/shadow", os.path.join(root, "etc/escape"))
    os.symlink("loop", os.path.join(root, "etc/loop"))
    os.makedirs(os.path.join(root, "var/empty"), mode=0o000)
    write(root, "var/log/wtmp.1", b"\0" * 1000)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(os.path.join(root, "etc/sock"))
    sock.close()
    return root


def test_an_audit_changes_nothing_under_the_root():
    outdir = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outdir)
    for mode, env in MODES:
        root = busy_root()
        before = snapshot(root)
        assert len(before) > 15, before
        audit(root, env=env)
        run_kensa("audit", "--root", root, "--as-of", AS_OF, "--profile", fast_profile(), env=env)
        code, _, err, _, _ = run_kensa("audit", "--root", root, "--format", "json", "--output",
                                       os.path.join(outdir, "r.json"), "--profile",
                                       fast_profile(), env=env)
        assert code in (0, 2), err
        with open(os.path.join(outdir, "r.json")) as f:
            assert len(json.load(f)["results"]) > 1
        after = snapshot(root)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        assert not changed, f"{mode}: changed under the root: {changed}"
    # the snapshot notices a change (so the comparison above can fail)
    write(root, "etc/passwd", "x")
    assert snapshot(root) != after


def test_sandbox_state_is_reported():
    _, out, _, _, _ = run_kensa("--version")
    available = b"sandbox: Landlock ABI" in out
    assert available or b"sandbox: unavailable" in out, out
    root = scratch_root("accounts-debian12")
    _, rep, _ = audit(root, "--only", "accounts.stale")
    assert rep["tool"]["sandboxed"] is available, rep["tool"]
    outdir = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outdir)
    path = os.path.join(outdir, "report.json")
    code, _, err, _, _ = run_kensa("audit", "--root", root, "--format", "json", "--only",
                                   "accounts.stale", "--output", path)
    assert code in (0, 2), err
    with open(path) as f:
        assert json.load(f)["tool"]["sandboxed"] is available


# --- report output -----------------------------------------------------------------------------

def test_output_inside_the_root_is_refused():
    root = scratch_root("accounts-debian12")
    os.makedirs(os.path.join(root, "var/tmp"))
    outside = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outside)
    os.symlink(os.path.join(root, "var"), os.path.join(outside, "into-root"))
    os.makedirs(os.path.join(outside, "sub"))
    before = snapshot(root)
    targets = [
        os.path.join(root, "var/tmp/report.json"),                     # directly
        os.path.join(root, "report.json"),                             # the root itself
        os.path.join(outside, "into-root/tmp/report.json"),            # via a symlinked dir
        os.path.join(outside, "sub", ups(8)) + root.lstrip("/") + "/var/tmp/r.json",  # via ..
        os.path.relpath(os.path.join(root, "var/tmp/rel.json")),       # relative to the cwd
    ]
    for t in targets:
        code, out, err, _, _ = run_kensa("audit", "--root", root, "--only", "accounts.stale",
                                         "--output", t)
        assert code == 1, (t, code, err)
        assert b"inside the audited root" in err, (t, err)
    assert snapshot(root) == before, "something was written inside the root"


def test_output_is_a_mode_0600_file_renamed_into_place():
    root = scratch_root("accounts-debian12")
    outdir = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outdir)
    os.chmod(outdir, 0o755)
    path = os.path.join(outdir, "report.json")
    write(outdir, "report.json", "previous report\n", mode=0o644)
    os.link(path, os.path.join(outdir, "previous.json"))
    old_ino = os.stat(path).st_ino
    old_umask = os.umask(0)
    try:
        code, out, err, _, _ = run_kensa("audit", "--root", root, "--format", "json",
                                         "--only", "accounts.stale", "--output", path)
    finally:
        os.umask(old_umask)
    assert code in (0, 2), err
    assert out == b"", "the report went to stdout as well"
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
    assert st.st_ino != old_ino, "the old report was rewritten in place, not replaced"
    with open(os.path.join(outdir, "previous.json")) as f:
        assert f.read() == "previous report\n"
    with open(path) as f:
        assert json.load(f)["results"][0]["id"] == "accounts.stale"
    assert sorted(os.listdir(outdir)) == ["previous.json", "report.json"], os.listdir(outdir)
    # an existing symlink at the output name is refused (one line), the link and its target
    # inside the root untouched
    before = snapshot(root)
    os.unlink(path)
    os.symlink(os.path.join(root, "etc/passwd"), path)
    code, out, err, _, _ = run_kensa("audit", "--root", root, "--only", "accounts.stale",
                                     "--output", path)
    assert code == 1, (code, err)
    # (it leads into the root, so that is said first; a link elsewhere: test below)
    assert err.count(b"\n") == 1 and (b"symbolic link" in err or b"inside the audited root" in err), err
    assert os.readlink(path) == os.path.join(root, "etc/passwd")
    assert snapshot(root) == before


def private_null_device():
    """A character device node (1, 3), the null device, in a scratch directory of its own."""
    if os.geteuid() != 0:
        raise Skip("mknod of a device node needs root")
    d = tempfile.mkdtemp(prefix="kensa-dev-")
    kensatest._cleanup.append(d)
    path = os.path.join(d, "null")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def test_output_never_replaces_a_device_fifo_or_link():
    """--output /dev/null once replaced the device node with a 0600 regular file (the atomic
    temp-file-and-rename); here the same device as a private node. Devices and FIFOs are written in place, links to a regular file are
    refused, for --output FILE and --output FORMAT:FILE alike."""
    import threading
    root = scratch_root("accounts-debian12")
    args = ("audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF)
    # the null device, as a node of our own: the machine's /dev/null is shared with every
    # other process, which a failing test must never break
    null = private_null_device()
    before = os.stat(null)
    assert stat.S_ISCHR(before.st_mode)
    for spec in (null, "json:" + null, "csv:" + null):
        code, out, err, _, _ = run_kensa(*args, "--output", spec)
        assert code in (0, 2), (spec, err)
        st = os.stat(null)
        assert stat.S_ISCHR(st.st_mode), f"{spec}: the null device is no longer a device"
        assert (st.st_rdev, stat.S_IMODE(st.st_mode)) == (before.st_rdev,
                                                           stat.S_IMODE(before.st_mode)), spec
        assert os.listdir(os.path.dirname(null)) == ["null"], os.listdir(os.path.dirname(null))
    # /dev/stdout: a link to kensa's stdout, here a file (as with a shell redirection)
    code, out, err, _, _ = run_kensa(*args, "--format", "json", "--output", "/dev/stdout")
    assert code in (0, 2), err
    assert json.loads(out)["results"][0]["id"] == "accounts.stale"
    # a FIFO with a reader: the report arrives through it and the FIFO stays
    d = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(d)
    fifo = os.path.join(d, "report.fifo")
    os.mkfifo(fifo, 0o600)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    code, out, err, _, _ = run_kensa(*args, "--output", "json:" + fifo)
    reader.join(30)
    assert code in (0, 2), err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert json.loads(got[0])["results"][0]["id"] == "accounts.stale"
    assert sorted(os.listdir(d)) == ["report.fifo"], os.listdir(d)
    # a link to a regular file: refused with one line, link and target untouched
    target = write(d, "target.json", "keep me\n")
    link = os.path.join(d, "link.json")
    os.symlink(target, link)
    for spec in (link, "json:" + link):
        code, out, err, _, _ = run_kensa(*args, "--output", spec)
        assert code == 1, (spec, code, err)
        assert err.count(b"\n") == 1 and b"symbolic link" in err, err
        assert os.readlink(link) == target
        with open(target) as f:
            assert f.read() == "keep me\n"
    assert sorted(os.listdir(d)) == ["link.json", "report.fifo", "target.json"], os.listdir(d)


def test_a_killed_audit_leaves_no_temporary_files():
    """A killed audit left empty .NAME.XXXXXX files beside the report and in --report-dir.
    The broker (kensa's unsandboxed parent) removes every temporary file that was not committed,
    whatever ended the audit, and ends by the same signal."""
    import signal
    root = scratch_root("accounts-debian12")
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        d = tempfile.mkdtemp(prefix="kensa-out-")
        kensatest._cleanup.append(d)
        rdir = os.path.join(d, "reports")
        e = dict(os.environ, NO_COLOR="1")
        # the default 20 s password.defaults budget keeps the audit busy long enough
        p = subprocess.Popen([KENSA, "audit", "--root", root, "--as-of", AS_OF, "--output",
                              os.path.join(d, "r.txt"), "--output", "json:" + os.path.join(d, "r.json"),
                              "--report-dir", rdir], env=e, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(os.listdir(d)) < 3:
            time.sleep(0.05)
        time.sleep(0.5)
        temps = [n for n in os.listdir(d) + os.listdir(rdir) if n.startswith(".")]
        # two --output files, the report directory's .json and .txt, and password.defaults'
        # memo and its new key, and logs.review's account snapshot (kept in the report directory)
        assert len(temps) == 7, f"the temporary files exist while the audit runs: {temps}"
        p.send_signal(sig)
        code = p.wait(30)
        assert code == -sig, (sig, code)
        left = os.listdir(d) + os.listdir(rdir)
        assert sorted(left) == ["reports"], f"{sig!r}: left behind {left}"


def test_output_into_a_bind_mount_of_the_root_or_a_linked_report_dir_is_refused():
    """Issue 16.7: "inside the root" compared path strings, so a bind mount of the root
    elsewhere let --output and --report-dir write into the audited tree; and --report-dir
    link/ (trailing slash) accepted the symlink that plain link is refused for."""
    root = scratch_root("accounts-debian12")
    os.makedirs(os.path.join(root, "var/tmp"), exist_ok=True)
    outside = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(outside)
    real = os.path.join(outside, "real-reports")
    os.makedirs(real, 0o700)
    link = os.path.join(outside, "reports-link")
    os.symlink(real, link)
    args = ("audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF)
    for arg in (link, link + "/", link + "//"):
        code, out, err, _, _ = run_kensa(*args, "--report-dir", arg)
        assert code == 1, (arg, code, err)
        assert b"symbolic link" in err and err.count(b"\n") == 1, (arg, err)
    assert os.listdir(real) == [], os.listdir(real)
    bind = os.path.join(outside, "bind")
    os.makedirs(bind)
    before = snapshot(root)

    def inside():
        r = subprocess.run(["mount", "--bind", root, bind], capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip("cannot bind-mount here: " + r.stderr.strip())
        got = []
        try:
            for opt, target in (("--output", os.path.join(bind, "var/tmp/r.txt")),
                                ("--output", "json:" + os.path.join(bind, "r.json")),
                                ("--report-dir", os.path.join(bind, "var/tmp/reports")),
                                ("--report-dir", os.path.join(bind, "new/deeper"))):
                code, out, err, _, _ = run_kensa(*args, opt, target)
                got.append([opt, target, code, err.decode("utf-8", "replace")])
        finally:
            subprocess.run(["umount", bind], capture_output=True)
        return got

    for opt, target, code, err in _in_mount_namespace(inside):
        assert code == 1, (opt, target, code, err)
        assert "inside the audited root" in err, (opt, target, err)
    assert snapshot(root) == before, "something was written inside the root"


def test_under_sudo_the_report_goes_to_the_invoking_user():
    """Issue 17.2: under sudo the report belonged to root, mode 0600, so the user who ran sudo
    could not open it in their own browser. A file kensa creates for --output is given to
    SUDO_UID:SUDO_GID (still 0600); --report-dir stays root's; bad values change nothing."""
    if os.geteuid() != 0:
        raise Skip("needs root")
    root = scratch_root("accounts-debian12")
    d = tempfile.mkdtemp(prefix="kensa-out-")
    kensatest._cleanup.append(d)
    args = ("audit", "--root", root, "--only", "accounts.stale", "--as-of", AS_OF)
    sudo = {"SUDO_UID": "4242", "SUDO_GID": "4343", "SUDO_USER": "vendor"}
    r1, r2 = os.path.join(d, "r.html"), os.path.join(d, "r.json")
    code, out, err, _, _ = run_kensa(*args, "--output", "html:" + r1, "--output", "json:" + r2,
                                     "--report-dir", os.path.join(d, "reports"), env=sudo)
    assert code in (0, 2) and err == b"", err
    for p in (r1, r2):
        st = os.stat(p)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4242, 4343, 0o600), (p, st)
    for n in os.listdir(os.path.join(d, "reports")):
        st = os.stat(os.path.join(d, "reports", n))
        assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (0, 0o600), (n, st)
    # a device is written in place, never chowned
    null = private_null_device()
    before = os.stat(null)
    code, out, err, _, _ = run_kensa(*args, "--output", null, env=sudo)
    assert code in (0, 2), err
    st = os.stat(null)
    assert stat.S_ISCHR(st.st_mode) and (st.st_uid, st.st_gid) == (before.st_uid, before.st_gid)
    # `kensa report` creates its file the same way
    r3 = os.path.join(d, "again.txt")
    code, out, err, _, _ = run_kensa("report", "--output", r3, r2, env=sudo)
    assert code == 0, err
    assert (os.stat(r3).st_uid, os.stat(r3).st_gid) == (4242, 4343)
    # not numeric, negative, huge, root: the report stays root's (and a warning says why)
    for bad in ({"SUDO_UID": "42x", "SUDO_GID": "1"}, {"SUDO_UID": "-1", "SUDO_GID": "1"},
                {"SUDO_UID": "99999999999", "SUDO_GID": "1"}, {"SUDO_UID": "0", "SUDO_GID": "0"},
                {"SUDO_UID": "1000", "SUDO_GID": "\x1b[31m"}):
        p = os.path.join(d, "bad.txt")
        code, out, err, _, _ = run_kensa(*args, "--output", p, env=bad)
        assert code in (0, 2), (bad, err)
        st = os.stat(p)
        assert (st.st_uid, st.st_gid) == (0, 0), (bad, st)
        assert b"\x1b" not in err, err
        if bad["SUDO_UID"] != "0":
            assert b"is not a user or group id" in err, (bad, err)


if __name__ == "__main__":
    run_tests(dict(globals()))
