"""Real Debian 12 image fixtures for kensa's end-to-end tests.

A cached ``debootstrap --variant=minbase bookworm`` root is built once and
cloned per test; conditions are planted with the image's *own* tools run
under chroot (useradd, chage, usermod, chpasswd, ...), and login records are
written with a small C helper that uses the C library's own <utmp.h> /
<lastlog.h> layouts.

Stdlib only; runs with Debian 12's /usr/bin/python3.  Needs root.

Environment:
  KENSA_IMAGE_CACHE    cache directory (default /var/tmp/kensa-image-cache)
  KENSA_DEBIAN_MIRROR  mirror (default http://deb.debian.org/debian)
  KENSA_WRITE_LOGIN    path of the compiled tests/helpers/write-login-records
                       (if unset, the helper is compiled with cc into a
                       temporary directory)
  KENSA_IMAGE_CLONE    auto (default) | overlay | copy: how clone() makes a
                       writable copy (overlayfs mount over the cache, or
                       cp -a --reflink=auto)

The cache holds one directory per variant (bookworm-minbase,
bookworm-minbase+PKG+PKG, ...) plus NAME.recipe (the RECIPE it was built with:
a cache from an older recipe is rebuilt), NAME.debootstrap.log and a lock
file.  To refresh a cache (e.g. after a Debian point release), delete it.
After debootstrap, /etc/hostname and /etc/resolv.conf, which debootstrap
copies from the build host, are replaced by fixed contents (see _normalize).

Exit status 77 (meson's "skipped") is used when the image cannot be had on
this machine: not root, no debootstrap, or the mirror unreachable.
"""

import atexit
import calendar
import contextlib
import datetime
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

# Debian 12 (oldstable) and Debian 13 (stable): every real-image test runs on both.
# KENSA_IMAGE_SUITES=bookworm (or trixie) narrows a run to one of them.
SUITES = ("bookworm", "trixie")
SUITE = "bookworm"  # the default for callers that name none
# Suites a test may name explicitly but suites() never returns: Debian 11 (oldoldstable), where
# only the self-contained binary's test runs (kensa's own build and package need 12 or newer).
EXTRA_SUITES = ("bullseye",)
VARIANT = "minbase"
SKIP = 77
# Bump when _build/_normalize change what a cached image contains.
RECIPE = "2"

_HERE = os.path.dirname(os.path.abspath(__file__))
HELPER_SOURCE = os.path.join(os.path.dirname(_HERE), "helpers", "write-login-records.c")

# A fixed, clean environment for every command run inside an image.
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LC_ALL": "C",
    "HOME": "/root",
    "DEBIAN_FRONTEND": "noninteractive",
}


# --------------------------------------------------------------------------
# small utilities

def log(msg):
    print(msg, flush=True)


def skip(reason):
    """Print a one-line reason and exit with meson's 'skipped' status."""
    print("SKIP: " + reason, flush=True)
    sys.exit(SKIP)


def cache_dir():
    return os.environ.get("KENSA_IMAGE_CACHE") or "/var/tmp/kensa-image-cache"


def mirror():
    return (os.environ.get("KENSA_DEBIAN_MIRROR") or "http://deb.debian.org/debian").rstrip("/")


def host_tool(name):
    """Find a host tool, also in the sbin directories a non-login PATH may lack."""
    found = shutil.which(name)
    if found:
        return found
    for d in ("/usr/sbin", "/sbin", "/usr/bin", "/bin"):
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def suites():
    """The suites the real-image tests run on (KENSA_IMAGE_SUITES, comma-separated)."""
    env = (os.environ.get("KENSA_IMAGE_SUITES") or "").strip()
    if not env:
        return SUITES
    chosen = tuple(s.strip() for s in env.split(",") if s.strip())
    for s in chosen:
        if s not in SUITES:
            raise ValueError("KENSA_IMAGE_SUITES: unknown suite %r (known: %s)" % (s, ", ".join(SUITES)))
    return chosen


def _suite(suite):
    suite = suite or SUITE
    if suite not in SUITES + EXTRA_SUITES:
        raise ValueError("unknown suite %r (known: %s)" % (suite, ", ".join(SUITES + EXTRA_SUITES)))
    return suite


def cache_key(extra_packages=(), suite=None):
    pkgs = sorted(set(extra_packages))
    for p in pkgs:
        # Debian package names: [a-z0-9][a-z0-9+.-]+ ; refuse anything else so
        # the key stays a safe single path component and a sane debootstrap arg.
        if not p or not all(c.isalnum() or c in "+.-" for c in p) or p != p.lower():
            raise ValueError("bad package name: %r" % (p,))
    key = "%s-%s" % (_suite(suite), VARIANT)
    if pkgs:
        joined = "+".join(pkgs)
        if len(joined) > 80:
            joined = hashlib.sha256(joined.encode()).hexdigest()[:16]
        key += "+" + joined
    return key


def base_path(extra_packages=(), suite=None):
    return os.path.join(cache_dir(), cache_key(extra_packages, suite))


def _mounts_under(path):
    """Mount points at or below path (deepest first), from /proc/self/mountinfo."""
    path = os.path.realpath(path)
    found = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 5:
                    continue
                mp = fields[4].encode().decode("unicode_escape")
                if mp == path or mp.startswith(path + "/"):
                    found.append(mp)
    except OSError:
        pass
    return sorted(found, key=len, reverse=True)


def remove_tree(path):
    """rm -rf an image tree, refusing if anything is still mounted inside it."""
    if not path or not os.path.lexists(path):
        return
    real = os.path.realpath(path)
    if real in ("/", "") or len(real) < 8:
        raise RuntimeError("refusing to remove %r" % (path,))
    for mp in _mounts_under(real):
        subprocess.run([host_tool("umount") or "umount", mp], check=False)
    left = _mounts_under(real)
    if left:
        raise RuntimeError("refusing to remove %s: still mounted: %s" % (real, ", ".join(left)))
    shutil.rmtree(real)


# --------------------------------------------------------------------------
# the cached base image

def _preflight(suite):
    """Reasons the image cannot be built here, or None."""
    if os.geteuid() != 0:
        return "the Debian image test needs root (debootstrap, chroot)"
    if not host_tool("debootstrap"):
        return "debootstrap is not installed (apt-get install debootstrap)"
    if not host_tool("chroot"):
        return "chroot is not available"
    url = mirror() + "/dists/%s/Release" % suite
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            head = r.read(4096)
        if b"Suite:" not in head and b"Codename:" not in head:
            return "mirror %s does not look like a Debian mirror (%s)" % (mirror(), url)
    except (urllib.error.URLError, OSError, ValueError) as e:
        return "Debian mirror unreachable: %s (%s)" % (url, getattr(e, "reason", e))
    return None


def ensure_base(extra_packages=(), suite=None):
    """Return the path of the cached image root of suite (default bookworm), building it once.

    Skips (exit 77) when the cache is absent and cannot be built here.
    """
    suite = _suite(suite)
    final = base_path(extra_packages, suite)
    if os.geteuid() != 0:
        # Even with a cache, cloning device nodes and chroot need root.
        skip("the Debian image test needs root (cp -a of device nodes, chroot)")
    if _is_current(final):
        return final

    reason = _preflight(suite)
    if reason:
        skip(reason)

    cdir = cache_dir()
    os.makedirs(cdir, mode=0o755, exist_ok=True)
    key = os.path.basename(final)
    lock_path = os.path.join(cdir, ".%s.lock" % key)
    with open(lock_path, "a+") as lock:
        t0 = time.monotonic()
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        waited = time.monotonic() - t0
        if _is_current(final):
            if waited > 1:
                log("image: %s was built by another process (waited %.0f s)" % (final, waited))
            return final
        if os.path.lexists(final):
            log("image: %s was built by another recipe than %s; rebuilding" % (final, RECIPE))
            remove_tree(final)
        # Leftovers of an interrupted build (we hold the lock, so nobody else is building).
        for name in os.listdir(cdir):
            if name.startswith(".build-%s-" % key):
                remove_tree(os.path.join(cdir, name))
        _build(final, sorted(set(extra_packages)), suite)
    return final


def _recipe_path(final):
    return final + ".recipe"


def _is_current(final):
    try:
        with open(_recipe_path(final), encoding="utf-8") as f:
            return f.read().strip() == RECIPE and os.path.isdir(final)
    except OSError:
        return False


def _build(final, pkgs, suite):
    cdir = os.path.dirname(final)
    key = os.path.basename(final)
    tmp = tempfile.mkdtemp(prefix=".build-%s-" % key, dir=cdir)
    os.chmod(tmp, 0o755)
    log_path = os.path.join(cdir, "%s.debootstrap.log" % key)
    t0 = time.monotonic()
    env = dict(CHROOT_ENV)
    env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
    if pkgs:
        # Extra packages go in with the image's own apt on a copy of the cached minbase image,
        # as an administrator would install them: debootstrap --include resolves alternatives
        # its own way (on trixie it picks systemd for rsyslog and fails configuring it), and
        # apt is what really installs packages on such a system.
        base = ensure_base((), suite)
        log("image: building %s with apt-get in a copy of %s (first run only; log: %s)"
            % (final, base, log_path))
        rc = subprocess.run([host_tool("cp") or "cp", "-a", "--reflink=auto", "--",
                             base + "/.", tmp + "/"]).returncode
        if rc == 0:
            rc = _apt_install(tmp, pkgs, log_path, env)
    else:
        argv = [host_tool("debootstrap"), "--variant=" + VARIANT]
        keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
        if os.path.isfile(keyring):
            argv.append("--keyring=" + keyring)
        argv += [suite, tmp, mirror()]
        log("image: building %s with debootstrap (first run only; log: %s)" % (final, log_path))
        with open(log_path, "w") as out:
            out.write("$ %s\n" % " ".join(argv))
            out.flush()
            rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env).returncode
    if rc != 0:
        try:
            with open(log_path, errors="replace") as f:
                tail = f.readlines()[-15:]
        except OSError:
            tail = []
        remove_tree(tmp)
        sys.stdout.write("".join(tail))
        raise RuntimeError("building the image failed with status %d (log: %s)" % (rc, log_path))
    # Keep the cache lean: downloaded .debs and apt lists are not part of an
    # installed system's state that kensa looks at.
    arch = os.path.join(tmp, "var/cache/apt/archives")
    if os.path.isdir(arch):
        for name in os.listdir(arch):
            if name.endswith(".deb"):
                os.unlink(os.path.join(arch, name))
    if _mounts_under(tmp):
        remove_tree(tmp)
        raise RuntimeError("debootstrap left mounts in %s" % tmp)
    _normalize(tmp, suite)
    os.rename(tmp, final)  # atomic: the cache entry exists only when complete
    with open(_recipe_path(final) + ".tmp", "w", encoding="utf-8") as f:
        f.write(RECIPE + "\n")
    os.rename(_recipe_path(final) + ".tmp", _recipe_path(final))
    log("image: built %s in %.0f s" % (final, time.monotonic() - t0))


def _apt_install(tmp, pkgs, log_path, env):
    """apt-get update && apt-get install PKGS inside the image tree tmp (services are not
    started: policy-rc.d says no, as in any chroot build).  The host's resolver is used for the
    duration; _normalize() replaces it afterwards."""
    resolv = os.path.join(tmp, "etc/resolv.conf")
    if os.path.islink(resolv):
        os.unlink(resolv)
    shutil.copyfile("/etc/resolv.conf", resolv)
    policy = os.path.join(tmp, "usr/sbin/policy-rc.d")
    with open(policy, "w") as f:
        f.write("#!/bin/sh\nexit 101\n")
    os.chmod(policy, 0o755)
    rc = 0
    with open(log_path, "w") as out:
        for argv in (["apt-get", "update", "-q"],
                     ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + list(pkgs),
                     ["apt-get", "clean"]):
            out.write("$ chroot %s %s\n" % (tmp, " ".join(argv)))
            out.flush()
            rc = subprocess.run([host_tool("chroot") or "chroot", tmp] + argv,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env).returncode
            if rc != 0:
                break
    os.unlink(policy)
    return rc


IMAGE_HOSTNAME = "kensa-bookworm"  # the bookworm image's; each suite's is "kensa-" + suite


def _normalize(root, suite):
    """Remove what debootstrap copies from the build host, so the image is the
    same whichever machine built it: debootstrap copies the host's
    /etc/hostname and /etc/resolv.conf (with the host's modes) into the target.
    """
    for rel, text in (("etc/hostname", "kensa-%s\n" % suite),
                      # TEST-NET-1 (RFC 5737): documentation only, never contacted
                      ("etc/resolv.conf", "nameserver 192.0.2.1\n")):
        path = os.path.join(root, rel)
        if os.path.islink(path):
            os.unlink(path)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chown(path, 0, 0)
        os.chmod(path, 0o644)


# --------------------------------------------------------------------------
# clones

_CLONES = {}  # clone root -> (container dir, mounted?)


def clone_method():
    """KENSA_IMAGE_CLONE: 'copy' (cp -a), 'overlay', or 'auto' (default)."""
    m = (os.environ.get("KENSA_IMAGE_CLONE") or "auto").strip().lower()
    if m not in ("auto", "copy", "overlay"):
        raise ValueError("KENSA_IMAGE_CLONE must be auto, copy or overlay, not %r" % m)
    return m


def clone(dest=None, extra_packages=(), method=None, suite=None):
    """Make a fresh, writable copy of the cached image and return its root path.

    dest: parent directory for the clone (default: the system temp dir).
    method: 'copy'    -- cp -a --reflink=auto of the cached root (a plain tree);
            'overlay' -- an overlayfs mount with the cache as read-only lower
                         layer (instant; writes, chmods and deletions land in
                         the clone's own upper layer, never in the cache);
            'auto'    -- overlay when it can be mounted here, else copy.
    Remove the clone with remove_clone(root) (an overlay clone must be
    unmounted: shutil.rmtree alone is not enough), or use `with cloned()`.
    """
    base = ensure_base(extra_packages, suite)
    method = method or clone_method()
    container = tempfile.mkdtemp(prefix="kensa-image-", dir=dest or tempfile.gettempdir())
    os.chmod(container, 0o755)
    root = os.path.join(container, "root")
    if method in ("auto", "overlay"):
        upper, work = os.path.join(container, "upper"), os.path.join(container, "work")
        for d in (root, upper, work):
            os.mkdir(d, 0o755)
        opts = "lowerdir=%s,upperdir=%s,workdir=%s" % (base, upper, work)
        r = subprocess.run([host_tool("mount") or "mount", "-t", "overlay", "overlay",
                            "-o", opts, root], capture_output=True, text=True)
        if r.returncode == 0:
            _CLONES[root] = container
            return root
        if method == "overlay":
            shutil.rmtree(container)
            raise RuntimeError("overlay mount failed: %s" % r.stderr.strip())
        for d in (root, upper, work):
            os.rmdir(d)
    os.mkdir(root, 0o755)
    _CLONES[root] = container
    rc = subprocess.run([host_tool("cp") or "cp", "-a", "--reflink=auto", "--",
                         base + "/.", root + "/"]).returncode
    if rc != 0:
        remove_clone(root)
        raise RuntimeError("cp -a %s failed with status %d" % (base, rc))
    return root


def remove_clone(root):
    """Unmount (if overlay) and delete a clone made by clone()."""
    container = _CLONES.pop(root, None)
    if container is None:
        raise ValueError("%s is not a clone made by this process" % root)
    remove_tree(container)  # unmounts the overlay first, refuses if that fails


def _remove_leftover_clones():
    for root in list(_CLONES):
        try:
            remove_clone(root)
        except Exception as e:  # best effort at exit
            print("image: could not remove %s: %s" % (root, e), file=sys.stderr)


atexit.register(_remove_leftover_clones)


def _on_sigterm(signum, frame):
    # meson's timeout sends SIGTERM: unwind so clones are unmounted and removed.
    raise SystemExit(128 + signum)


if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
    signal.signal(signal.SIGTERM, _on_sigterm)


@contextlib.contextmanager
def cloned(extra_packages=(), keep=False, method=None, suite=None):
    """with cloned() as root: ... -- the clone is removed afterwards unless keep."""
    root = clone(extra_packages=extra_packages, method=method, suite=suite)
    try:
        yield root
    finally:
        if keep:
            _CLONES.pop(root, None)
            log("image: kept %s (remove with: umount %s; rm -rf %s)"
                % (root, root, os.path.dirname(root)))
        else:
            remove_clone(root)


# --------------------------------------------------------------------------
# running the image's own tools

def chroot(root, argv, input=None, check=True):
    """Run argv inside root with chroot(8); no shell.  Returns CompletedProcess."""
    if isinstance(argv, str):
        raise TypeError("argv must be a list, not a string")
    full = [host_tool("chroot") or "chroot", root] + [str(a) for a in argv]
    r = subprocess.run(full, input=input, capture_output=True, text=True, env=CHROOT_ENV,
                       stdin=None if input is not None else subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError("chroot %s %s failed (%d): %s%s" % (
            root, " ".join(argv[0:1] + [str(a) for a in argv[1:]]), r.returncode,
            r.stdout, r.stderr))
    return r


def useradd(root, name, *args):
    return chroot(root, ["useradd"] + list(args) + [name])


def usermod(root, name, *args):
    return chroot(root, ["usermod"] + list(args) + [name])


def chage(root, name, *args):
    return chroot(root, ["chage"] + list(args) + [name])


def passwd(root, name, *args):
    """passwd(1) with options, e.g. passwd(root, 'dave', '-l')."""
    return chroot(root, ["passwd"] + list(args) + [name])


def chpasswd(root, name, password):
    """Set a password through the image's own chpasswd (PAM, the image's hash)."""
    return chroot(root, ["chpasswd"], input="%s:%s\n" % (name, password))


def groupadd(root, name, *args):
    return chroot(root, ["groupadd"] + list(args) + [name])


def read_table(root, rel):
    """Colon-separated records of an /etc table in the image (passwd, shadow, group)."""
    with open(os.path.join(root, rel.lstrip("/")), encoding="utf-8") as f:
        return [line.rstrip("\n").split(":") for line in f if line.strip() and not line.startswith("#")]


def passwd_entry(root, name):
    for rec in read_table(root, "etc/passwd"):
        if rec[0] == name:
            return rec
    raise KeyError(name)


def shadow_entry(root, name):
    for rec in read_table(root, "etc/shadow"):
        if rec[0] == name:
            return rec
    raise KeyError(name)


def uid_of(root, name):
    return int(passwd_entry(root, name)[2])


def gid_of_group(root, name):
    for rec in read_table(root, "etc/group"):
        if rec[0] == name:
            return int(rec[2])
    return None


def login_defs(root):
    """KEY -> value from the image's /etc/login.defs."""
    out = {}
    with open(os.path.join(root, "etc/login.defs"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and not parts[0].startswith("#"):
                out[parts[0]] = parts[1]
    return out


def write_file(root, rel, text, mode=0o644, uid=0, gid=0):
    """Write a file inside the image (creating parents owned by root)."""
    path = os.path.join(root, rel.lstrip("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chown(path, uid, gid)
    os.chmod(path, mode)
    return path


# --------------------------------------------------------------------------
# login records

_helper_path = None


def _helper():
    global _helper_path
    if _helper_path:
        return _helper_path
    env = os.environ.get("KENSA_WRITE_LOGIN")
    if env:
        if not os.access(env, os.X_OK):
            raise RuntimeError("KENSA_WRITE_LOGIN=%s is not executable" % env)
        _helper_path = env
        return env
    cc = host_tool("cc") or host_tool("gcc")
    if not cc:
        raise RuntimeError("KENSA_WRITE_LOGIN is unset and no C compiler (cc) to build %s"
                           % HELPER_SOURCE)
    d = tempfile.mkdtemp(prefix="kensa-write-login-")
    atexit.register(shutil.rmtree, d, True)
    out = os.path.join(d, "write-login-records")
    r = subprocess.run([cc, "-std=c11", "-O2", "-Wall", "-o", out, HELPER_SOURCE],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("compiling %s failed:\n%s%s" % (HELPER_SOURCE, r.stdout, r.stderr))
    _helper_path = out
    return out


def _run_helper(args):
    r = subprocess.run([_helper()] + [str(a) for a in args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("write-login-records %s failed (%d): %s"
                           % (" ".join(str(a) for a in args), r.returncode, r.stderr))


def _fix_log_owner(root, rel):
    """Ownership/mode as on a real system: root:utmp 0664 (wtmp, lastlog)."""
    path = os.path.join(root, rel)
    if os.path.exists(path):
        gid = gid_of_group(root, "utmp")
        os.chown(path, 0, gid if gid is not None else 0)
        os.chmod(path, 0o664)


def write_login(root, user, uid=None, when_epoch=0, tty="pts/0", host="10.0.0.5",
                wtmp=True, lastlog=True):
    """Record a login of user at when_epoch in root/var/log/wtmp and lastlog."""
    if uid is None:
        uid = uid_of(root, user)
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    w = os.path.join(root, "var/log/wtmp") if wtmp else "-"
    ll = os.path.join(root, "var/log/lastlog") if lastlog else "-"
    _run_helper([w, ll, user, int(uid), int(when_epoch), tty, host])
    _fix_log_owner(root, "var/log/wtmp")
    _fix_log_owner(root, "var/log/lastlog")


def write_logout(root, when_epoch, tty="pts/0"):
    """Append a DEAD_PROCESS (logout) record for tty to root/var/log/wtmp."""
    _run_helper(["--logout", os.path.join(root, "var/log/wtmp"), tty, int(when_epoch)])
    _fix_log_owner(root, "var/log/wtmp")


def write_boot(root, when_epoch):
    """Append a BOOT_TIME 'reboot' record to root/var/log/wtmp."""
    _run_helper(["--boot", os.path.join(root, "var/log/wtmp"), int(when_epoch)])
    _fix_log_owner(root, "var/log/wtmp")


# --------------------------------------------------------------------------
# dates

def epoch(date_str, hh=9, mm=0):
    """'YYYY-MM-DD' (UTC) at hh:mm -> seconds since the epoch."""
    d = datetime.date.fromisoformat(date_str)
    return calendar.timegm((d.year, d.month, d.day, hh, mm, 0))


def days_before(date_str, days, hh=9, mm=0):
    """Epoch of date_str minus days (UTC, at hh:mm)."""
    d = datetime.date.fromisoformat(date_str) - datetime.timedelta(days=days)
    return epoch(d.isoformat(), hh, mm)


if __name__ == "__main__":
    # `python3 debian_image.py` builds (or finds) the cache and prints its path.
    print(ensure_base(sys.argv[1:]))


# --------------------------------------------------------------------------
# running a test module on every suite

def run_on_suites(namespace, run_tests):
    """Run a module's test_* functions once per suite (bookworm, trixie): each pass sets SUITE,
    so cloned()/ensure_base() without a suite= use that pass's image.  Test names get the suite
    appended (test_x[trixie]).  run_tests is kensatest.run_tests: it prints the summary and exits.
    A suite whose image cannot be had skips its tests, never the other suite's."""
    global SUITE
    tests = {n: f for n, f in namespace.items() if n.startswith("test_") and callable(f)}
    wrapped = {}
    for suite in suites():
        for name, fn in tests.items():
            def one(fn=fn, suite=suite):
                global SUITE
                SUITE = suite
                if os.geteuid() != 0:
                    raise _skip_exception("the Debian image test needs root (debootstrap, chroot)")
                reason = None if _is_current(base_path((), suite)) else _preflight(suite)
                if reason:
                    raise _skip_exception(reason)
                fn()
            wrapped["%s[%s]" % (name, suite)] = one
    run_tests(wrapped)


def _skip_exception(reason):
    sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "integration"))
    import kensatest
    return kensatest.Skip(reason)


# --------------------------------------------------------------------------
# the image's own passwd as the oracle

def passwd_as_user(root, user, old, new_list, timeout=30):
    """Run the image's own passwd(1) as `user` (not root) on a pseudo-terminal inside root and
    answer its prompts: `old` for the current password, then each password of new_list in turn
    for "New password" (and the same again for "Retype"); when the list is used up, passwd's next
    prompt gets end-of-file.  Returns (stored, transcript): stored is whether the user's hash in
    /etc/shadow changed (the new password was accepted and written, whatever passwd's exit
    status says), transcript passwd's terminal output and exit status (no password in it: the
    prompts are not echoed)."""
    import pty  # noqa: F401  (os.openpty needs a working pty device; pty documents the idea)
    import select
    before = shadow_entry(root, user)[1]
    uid = uid_of(root, user)
    gid = int(passwd_entry(root, user)[3])
    setpriv = ["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--init-groups",
               "--reset-env", "passwd"]
    master, slave = os.openpty()
    env = dict(CHROOT_ENV)
    env["HOME"] = "/"
    proc = subprocess.Popen([host_tool("chroot") or "chroot", root] + setpriv, stdin=slave,
                            stdout=slave, stderr=slave, env=env, start_new_session=True,
                            close_fds=True)
    os.close(slave)
    out = b""
    pending = b""
    answers = list(new_list)
    current = None  # the new password being entered (for the retype prompt)
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                proc.kill()
                out += b"\n[kensa test: passwd timed out]\n"
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
            pending += chunk
            low = pending.lower().rstrip()
            if not low.endswith(b":"):
                continue
            line = low.splitlines()[-1] if low.splitlines() else low
            pending = b""
            if b"current" in line or b"(current)" in line:
                reply = old
            elif b"retype" in line or b"again" in line:
                reply = current
            elif b"new" in line:
                current = answers.pop(0) if answers else None
                reply = current
            else:
                reply = None
            if reply is None:
                os.write(master, b"\x04")  # end of file: passwd gives up
            else:
                os.write(master, reply.encode() + b"\n")
        rc = proc.wait(timeout=10)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    after = shadow_entry(root, user)[1]
    text = out.decode("utf-8", "replace") + "\n[passwd exit status %s]\n" % rc
    return before != after, text
