#!/usr/bin/python3
"""services.unneeded against the image's own systemd (issue 15, item 8): a unit pulled in through
a chain of alias symlinks (sockets.target.wants/chain1.socket -> chain1.socket -> chain0.socket ->
telnet.socket). Two oracles run inside the image: `systemd-analyze unit-files`, which prints the
manager's own name map (which names load telnet.socket: what a wants link can start), and
`systemctl is-enabled`, whose answer kensa must quote. On Debian 12 and 13; exit 77 when no image
can be built here."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

# minbase has no systemd; this variant adds just it (with its own systemctl and systemd-analyze)
EXTRA = ["systemd"]
UNIT_DIR = "/usr/lib/systemd/system"  # /lib is /usr/lib on both (merged /usr)
ETC = "/etc/systemd/system"
# Fedora's telnet-server telnet.socket (Debian's telnetd is inetd-only)
TELNET_SOCKET = ("[Unit]\nDescription=Telnet Server Activation Socket\nDocumentation=man:telnetd(8)\n\n"
                 "[Socket]\nListenStream=23\nAccept=true\n\n[Install]\nWantedBy=sockets.target\n")
HOPS = 10


def services(root):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "en", "--only", "services.unneeded")
    assert code in (0, 2), f"kensa exit {code}: {err}"
    return kt.with_shared_evidence(json.loads(out)["results"][0])


def link(root, path, target):
    full = root + path
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if os.path.lexists(full):
        os.unlink(full)
    os.symlink(target, full)


def manager_aliases(root, unit):
    """The names the manager resolves to unit (systemd-analyze unit-files: 'aliases: U ← a, b')."""
    r = di.chroot(root, ["systemd-analyze", "unit-files"])
    for line in r.stdout.splitlines():
        if line.startswith(f"aliases: {unit} ← "):
            return {n.strip() for n in line.split("← ", 1)[1].split(",")}
    return {unit}


def is_enabled(root, unit):
    r = di.chroot(root, ["systemctl", "is-enabled", unit], check=False)
    return r.stdout.strip()


def test_alias_chain_starts_the_unit_as_far_as_the_manager_follows():
    with di.cloned(extra_packages=EXTRA) as root:
        kt.write(root, f"{UNIT_DIR}/telnet.socket", TELNET_SOCKET, 0o644)
        link(root, f"{ETC}/chain0.socket", f"{UNIT_DIR}/telnet.socket")
        for k in range(1, HOPS):
            link(root, f"{ETC}/chain{k}.socket", f"chain{k - 1}.socket")
        link(root, f"{ETC}/loopa.socket", "loopb.socket")
        link(root, f"{ETC}/loopb.socket", "loopa.socket")
        loaded_as = manager_aliases(root, "telnet.socket")
        assert "chain1.socket" in loaded_as, loaded_as  # the two-hop case
        assert f"chain{HOPS - 1}.socket" not in loaded_as, loaded_as  # the manager has a limit
        assert not {"loopa.socket", "loopb.socket"} & loaded_as, loaded_as
        assert services(root)["status"] == "pass"  # aliases alone pull nothing in
        agreed = 0
        for name in [f"chain{k}.socket" for k in range(HOPS)] + ["loopa.socket"]:
            wants = f"{ETC}/sockets.target.wants/{name}"
            link(root, wants, f"{ETC}/{name}")
            r = services(root)
            starts = name in loaded_as
            assert r["status"] == ("fail" if starts else "pass"), (name, loaded_as, r)
            if starts:
                f = [f for f in r["findings"] if f["subject"] == "telnet"][0]
                said = is_enabled(root, "telnet.socket")
                assert f"(systemctl says {said})" in f["detail"], (name, said, f["detail"])
                assert any(e["source"] == wants for e in f["evidence"]), f["evidence"]
            os.unlink(root + wants)
            agreed += 1
        assert agreed == HOPS + 1


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)  # bookworm and trixie; skipped where unavailable
