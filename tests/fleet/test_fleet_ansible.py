#!/usr/bin/python3
"""An institution's estate through Ansible: three hosts made from debootstrapped bookworm and
trixie images, each a real sshd (the image's own) running chrooted in its own UTS namespace (its
own host name) on a unique port of 127.0.0.1, reached by Debian's ansible-playbook with a
generated key. dist/ansible/site.yml installs the self-contained kensa, audits every host and
summarises on the controller.

Each host has one planted condition; the summary must name exactly those per host on top of
what the same untouched image gives (its baseline, audited the same way), and the playbook must
be idempotent and change nothing in --check mode. Exit 77 when ansible, the images or the
self-contained binary cannot be had here. Only loopback addresses are used; every sshd started
is stopped by pid at the end."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "image"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

SOURCE = kt.SOURCE_ROOT
PLAYBOOK = os.path.join(SOURCE, "dist", "ansible", "site.yml")
STATIC = os.environ.get("KENSA_STATIC_BIN", "")
PACKAGES = ["openssh-server", "python3"]
AS_OF_ARGS = ["--skip", "password.defaults"]
# host name, suite, profile, planted condition
HOSTS = [
    ("ehr-server", "bookworm", "server", "stale"),
    ("lab-server", "trixie", "server", "usb_blocked"),
    ("reception-pc", "bookworm", "terminal", "md5_hash"),
]

_sshd = []


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_host(root, name, argv, **kw):
    """argv run chrooted in root, in a new UTS namespace whose host name is name (the audited
    host's own name, as a real machine has it). sh is the build host's, with fixed positional
    arguments only."""
    return ["unshare", "--uts", "--", "sh", "-c",
            'hostname "$0" && root="$1" && shift 2 && exec chroot "$root" "$@"', name, root, "--"] + argv


def plant(root, condition):
    if condition == "stale":
        # a person's account with a password, last changed long ago, never used
        di.useradd(root, "alice", "-m", "-s", "/bin/bash")
        di.chpasswd(root, "alice", "Correct-Horse-7")
        di.chage(root, "alice", "-d", "2025-01-01")
    elif condition == "usb_blocked":
        di.write_file(root, "/etc/modprobe.d/usb-storage.conf",
                      "install usb-storage /bin/false\ninstall uas /bin/false\n")
    elif condition == "md5_hash":
        # an MD5-crypt hash (made by the build host's openssl), current so the account is not stale
        h = subprocess.run(["openssl", "passwd", "-1", "-salt", "abcdefgh", "Vendor-Pass-9"],
                           capture_output=True, text=True, check=True).stdout.strip()
        di.useradd(root, "bob", "-m", "-s", "/bin/bash")
        di.usermod(root, "bob", "-p", h)
    else:
        raise ValueError(condition)


# What each plant changes, as (item, check, answer of that check's row on this host).
PLANTED = {
    "stale": ("2-5", "accounts.stale", "fail"),
    "usb_blocked": ("2-9", "media.usb_storage", "not fail"),
    "md5_hash": ("2-7", "password.hash", "fail"),
}


def start_sshd(root, name, key_pub):
    port = free_port()
    os.makedirs(os.path.join(root, "root/.ssh"), mode=0o700, exist_ok=True)
    di.write_file(root, "/root/.ssh/authorized_keys", key_pub, mode=0o600)
    os.makedirs(os.path.join(root, "run/sshd"), mode=0o755, exist_ok=True)
    argv = in_host(root, name, ["/usr/sbin/sshd", "-D", "-e", "-p", str(port),
                                "-o", "ListenAddress=127.0.0.1", "-o", "UsePAM=no",
                                "-o", "PidFile=none", "-o", "PermitRootLogin=prohibit-password"])
    log = open(os.path.join(os.path.dirname(root), "sshd.log"), "w")
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True)
    _sshd.append(p)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return port
        except OSError:
            if p.poll() is not None:
                break
            time.sleep(0.1)
    log.close()
    raise RuntimeError("sshd for %s did not start: %s" % (name, open(log.name).read()[-800:]))


def pids_in(root):
    """Processes whose root directory is the clone: the sshd listeners and the per-connection
    sshd processes, which start sessions of their own (setsid) and so leave the listener's
    process group."""
    real = os.path.realpath(root)
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                r = os.readlink("/proc/%s/root" % entry)
            except OSError:
                continue
            if r == real or r.startswith(real + "/"):
                found.append(int(entry))
    return found


def stop_all(roots):
    for p in _sshd:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = [pid for root in roots for pid in pids_in(root)]
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while pids and time.monotonic() < deadline:
            pids = [pid for root in roots for pid in pids_in(root)]
            time.sleep(0.1)
    for p in _sshd:
        p.wait()


def baseline(suite, name, profile):
    """The untouched image audited the way the playbook audits: the same binary, chrooted,
    under the host's name, with the same arguments."""
    with di.cloned(extra_packages=PACKAGES, suite=suite) as root:
        shutil.copy2(STATIC, os.path.join(root, "kensa"))
        r = subprocess.run(in_host(root, name, ["/kensa", "audit", "--format", "json", "--lang", "ja",
                                                "--profile", profile] + AS_OF_ARGS),
                           capture_output=True, text=True)
        assert r.returncode in (0, 2), r.stderr
        return json.loads(r.stdout)


def ansible(inventory, extra, *args):
    # no ControlPersist: no ssh master left running after the test
    env = dict(os.environ, ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_NOCOLOR="1",
               ANSIBLE_SSH_ARGS="-o ControlMaster=no", ANSIBLE_SSH_USETTY="False",
               ANSIBLE_RETRY_FILES_ENABLED="False", ANSIBLE_LOCAL_TEMP=tempfile.mkdtemp(prefix="kensa-ansible-"))
    r = subprocess.run(["ansible-playbook", "-i", inventory, PLAYBOOK, "-e", json.dumps(extra), *args],
                       capture_output=True, text=True, env=env, timeout=600)
    print(r.stdout[-3000:])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return r.stdout


def recap_changed(out):
    """host -> changed count from the PLAY RECAP."""
    found = {}
    for line in out.splitlines():
        if " : ok=" in line:
            host = line.split()[0]
            for part in line.split():
                if part.startswith("changed="):
                    found[host] = int(part.split("=")[1])
    return found


def rows(report):
    return {i["id"]: i for i in report["items"]}


def failing(report):
    return {r["id"] for r in report["results"] if r["status"] == "fail"}


def main():
    if os.geteuid() != 0:
        di.skip("needs root (chroot, unshare, the images)")
    for tool in ("ansible-playbook", "unshare", "openssl"):
        if not shutil.which(tool):
            di.skip("%s is not installed (scripts/debian-packages)" % tool)
    if not STATIC or not os.access(STATIC, os.X_OK):
        di.skip("the self-contained kensa (KENSA_STATIC_BIN) was not built")
    if shutil.which("ansible-lint"):  # the role as shipped: the production profile, no warning
        r = subprocess.run(["ansible-lint", "-p", "--nocolor", "site.yml"], cwd=os.path.dirname(PLAYBOOK),
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    work = tempfile.mkdtemp(prefix="kensa-fleet-")
    os.chmod(work, 0o700)
    key = os.path.join(work, "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    pub = open(key + ".pub").read()
    reports = os.path.join(work, "reports")
    lines = ["[kensa_hosts]"]
    roots = {}
    try:
        for name, suite, profile, condition in HOSTS:
            root = di.clone(extra_packages=PACKAGES, suite=suite)
            roots[name] = root
            plant(root, condition)
            port = start_sshd(root, name, pub)
            lines.append("%s ansible_host=127.0.0.1 ansible_port=%d kensa_profile=%s" % (name, port, profile))
        lines += ["", "[kensa_hosts:vars]", "ansible_user=root", "ansible_become=false",
                  "ansible_ssh_private_key_file=" + key,
                  "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'",
                  "ansible_python_interpreter=/usr/bin/python3", "",
                  "[local]", "localhost ansible_connection=local ansible_python_interpreter=" + sys.executable]
        inventory = os.path.join(work, "inventory")
        with open(inventory, "w") as f:
            f.write("\n".join(lines) + "\n")
        extra = {"kensa_binary": STATIC, "kensa_controller_binary": kt.KENSA, "kensa_reports_dir": reports,
                 "kensa_audit_args": AS_OF_ARGS, "kensa_lang": "ja"}

        # --check on hosts without kensa: nothing changes on them, nothing is audited
        ansible(inventory, extra, "--check")
        for name in roots:
            assert not os.path.exists(os.path.join(roots[name], "usr/local/sbin/kensa")), name

        first = ansible(inventory, extra)
        second = ansible(inventory, extra)
        changed = recap_changed(second)
        assert all(changed.get(n) == 0 for n in roots), ("not idempotent", changed)
        shadow = {n: open(os.path.join(r, "etc/shadow")).read() for n, r in roots.items()}
        check = ansible(inventory, extra, "--check")
        assert all(recap_changed(check).get(n) == 0 for n in roots), check
        assert shadow == {n: open(os.path.join(r, "etc/shadow")).read() for n, r in roots.items()}
        for name in roots:  # nothing but the binary was left on the host
            assert not os.path.exists(os.path.join(roots[name], "etc/kensa/site.ini")), name

        for d, _, files in os.walk(reports):
            for f in files:
                mode = os.stat(os.path.join(d, f)).st_mode & 0o777
                assert mode == 0o600, (f, oct(mode))
        with open(os.path.join(reports, "summary.json")) as f:
            summary = json.load(f)
        assert os.path.getsize(os.path.join(reports, "summary.html")) > 1000

        hosts = {}
        for g in summary["groups"]:
            for h in g["hosts"]:
                hosts[h["hostname"]] = (g, h)
        assert set(hosts) == {h[0] for h in HOSTS}, set(hosts)
        for name, suite, profile, condition in HOSTS:
            g, h = hosts[name]
            with open(os.path.join(reports, "hosts", name + ".json")) as f:
                own = json.load(f)
            assert own["host"]["hostname"] == name and own["host"]["mode"] == "live", own["host"]
            base = baseline(suite, name, profile)
            item, check, want = PLANTED[condition]
            # exactly the planted difference from the untouched image
            expect = failing(base)
            expect = expect | {check} if want == "fail" else expect - {check}
            assert failing(own) == expect, (name, sorted(failing(own)), sorted(expect))
            if want == "fail":
                assert check not in failing(base), (name, check, "already fails untouched")
            else:
                assert check in failing(base), (name, check, "passes untouched")
            # and the summary says for this host what its own report says
            for iid, row in rows(own).items():
                assert h["answers"][iid] == row["answer"], (name, iid, h["answers"][iid], row["answer"])
            si = [i for i in g["items"] if i["id"] == item][0]
            named = {x["hostname"]: x["checks"] for x in si["hosts_no"]}
            if want == "fail":
                assert name in named and check in named[name], (name, item, si["hosts_no"])
            else:
                assert check not in named.get(name, []), (name, item, si["hosts_no"])
        print("ok: three hosts, planted conditions named, idempotent, --check changes nothing")
    finally:
        stop_all(list(roots.values()))
        for root in roots.values():
            di.remove_clone(root)
        shutil.rmtree(work, ignore_errors=True)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
