#!/usr/bin/python3
"""logs.review on journal files written by the image's own systemd-journal-remote (bookworm's
systemd 252: zstd only; trixie's 257: SYSTEMD_JOURNAL_COMPRESS=XZ, LZ4 and ZSTD), regular and
compact, with twelve sshd "Invalid user <600 bytes> from 192.0.2.9 port ..." lines, which journald
compresses. The oracle is the image's own journalctl -o json on the same file; kensa's walker
(tests/helpers/journal-dump) must decode the same fields, and kensa must count the failed
logins. Exit 77 when no image can be built here."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402
import test_journal_compressed as tjc  # noqa: E402

ID = "logs.review"
PACKAGES = ["systemd-journal-remote"]
MID = tjc.MACHINE
# what each suite's systemd-journal-remote must be able to write
CODECS = {"bookworm": ("ZSTD",), "trixie": ("XZ", "LZ4", "ZSTD")}


def write_journal(root, codec, compact):
    rel = f"/var/log/journal/{MID}/system.journal"
    os.makedirs(os.path.join(root, os.path.dirname(rel).lstrip("/")), exist_ok=True)
    full = os.path.join(root, rel.lstrip("/"))
    if os.path.exists(full):
        os.remove(full)
    with open(os.path.join(root, "tmp/entries.export"), "w") as f:
        f.write(tjc.export(tjc.entries()))
    # systemd 252 reads /proc/sys/kernel/random/boot_id when it creates a journal file: a proc
    # mounted in a mount namespace of its own, gone when the command ends
    argv = [di.host_tool("unshare"), "--mount", "--pid", "--fork",
            "--mount-proc=" + os.path.join(root, "proc"), di.host_tool("chroot"), root,
            "/usr/bin/env", f"SYSTEMD_JOURNAL_COMPRESS={codec}",
            f"SYSTEMD_JOURNAL_COMPACT={1 if compact else 0}",
            "/lib/systemd/systemd-journal-remote", "-o", rel, "/tmp/entries.export"]
    r = subprocess.run(argv, capture_output=True, text=True, env=di.CHROOT_ENV,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, (di.SUITE, codec, r.stderr)
    with open(full, "rb") as f:
        head = f.read(16)
    incompat = int.from_bytes(head[12:16], "little")
    assert incompat & tjc.HEADER_FLAG[codec], (di.SUITE, codec, hex(incompat))
    return rel, full


def image_oracle(root, rel):
    out = di.chroot(root, ["journalctl", "--file", rel, "-o", "json", "--all", "--no-pager"]).stdout
    rows = []
    for line in out.splitlines():
        e = json.loads(line)
        msg = e.get("MESSAGE", "")[:tjc.FIELD_MAX - 1].replace("\n", " ")
        rows.append((e["__REALTIME_TIMESTAMP"], e.get("SYSLOG_IDENTIFIER", ""), msg))
    return rows


def test_journal_remote_of_the_image():
    with di.cloned(extra_packages=PACKAGES) as root:
        # a minbase image has no syslog daemon: logs.review reads the journal
        assert not os.path.exists(os.path.join(root, "var/log/auth.log"))
        for codec in CODECS[di.SUITE]:
            if tjc.CODEC_NAME[codec] not in tjc.supported():
                continue  # built without its library: test_journal_compressed covers that
            for compact in (False, True):
                rel, full = write_journal(root, codec, compact)
                rows, stats = tjc.dump(full)
                assert rows == image_oracle(root, rel), (di.SUITE, codec, compact)
                assert rows[0][2] == f"Invalid user {tjc.long_name(0)} from 192.0.2.9 port 4711"
                assert stats["read"] == tjc.ATTACKERS + 1 and stats["damaged"] == 0 and \
                    stats["beyond"] == 0, (codec, stats)
                code, out, err = kt.kensa("audit", "--root", root, "--format", "json",
                                          "--lang", "en", "--only", ID, "--as-of", kt.AS_OF)
                assert code in (0, 2), err
                rep = json.loads(out)
                kt.validate_schema(rep)
                r = kt.result(rep, ID)
                warn = [(f["subject"], f["detail"]) for f in r["findings"]
                        if f["severity"] == "warn"]
                assert any(s == "192.0.2.9" and f"failed logins in all: {tjc.ATTACKERS};" in d
                           for s, d in warn), (di.SUITE, codec, warn)
                ev = [(e.get("source"), e.get("value")) for e in r["evidence"]]
                assert (rel, f"{tjc.ATTACKERS + 1} compressed fields read "
                        f"({tjc.CODEC_NAME[codec]})") in ev, ev
                print(f"{di.SUITE}: {codec} {'compact' if compact else 'regular'}: "
                      f"{len(rows)} entries as journalctl reads them")


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
