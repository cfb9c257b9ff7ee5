#!/usr/bin/env python3
"""logs.review on journal files whose long fields journald compressed: real files written by the
host's own systemd-journal-remote, one per codec it can write (SYSTEMD_JOURNAL_COMPRESS=XZ|LZ4|
ZSTD, systemd 253+; systemd 252 writes zstd only), regular and compact. The attack: sshd logs
the user name a client sends, so "Invalid user <600 bytes> from 192.0.2.9" is a MESSAGE of more
than 512 bytes, compressed; kensa must still count those failed logins. The oracle is the host's
journalctl reading the same file; tests/helpers/journal-dump prints what kensa's walker decoded.
Skipped (77) without systemd-journal-remote."""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import (AS_OF_EPOCH, Skip, audit_json, kensa, result,  # noqa: E402
                       run_tests, scratch_root, validate_schema)

ID = "logs.review"
DAY = 86400
JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote"
JOURNAL_DUMP = os.environ.get("KENSA_JOURNAL_DUMP", "build/tests/journal-dump")
MACHINE = "0123456789abcdef0123456789abcdef"
FIELD_MAX = 2048  # JOURNAL_FIELD_MAX: a longer MESSAGE is cut at 2047 bytes
# the header's incompatible flags (journal-def.h): which codec a file's fields use
HEADER_FLAG = {"XZ": 1, "LZ4": 2, "ZSTD": 8}
CODEC_NAME = {"XZ": "xz", "LZ4": "lz4", "ZSTD": "zstd"}
ATTACKERS = 12


def long_name(i):
    # what a scanner sends as a user name: long enough for journald to compress the line
    return f"x{i:02d}" + "A" * 597


def entries():
    t0 = AS_OF_EPOCH - 5 * DAY
    e = [(t0 + 10 * i, "sshd", {"MESSAGE": f"Invalid user {long_name(i)} from 192.0.2.9 port "
                                           f"{4711 + i}"}) for i in range(ATTACKERS)]
    e += [(t0 + 200, "sshd", {"MESSAGE": "Failed password for root from 203.0.113.7 port 40000 "
                                         "ssh2"}),
          # a long field that is not MESSAGE: compressed, decoded up to its name only
          (t0 + 210, "myapp", {"MESSAGE": "started", "MYAPP_BLOB": "b" * 3000}),
          # a MESSAGE longer than kensa keeps: cut at JOURNAL_FIELD_MAX - 1
          (t0 + 220, "myapp", {"MESSAGE": "long line " + "0123456789" * 600}),
          (t0 + 230, "sshd", {"MESSAGE": "Accepted password for root from 203.0.113.7 port "
                                         "40001 ssh2"})]
    return e


def export(items):
    """systemd's journal export format; an entry per (epoch, identifier, fields)."""
    out = []
    for n, (t, ident, fields) in enumerate(items):
        out.append(f"__REALTIME_TIMESTAMP={t * 1000000}\n__MONOTONIC_TIMESTAMP={n + 1}\n"
                   f"_BOOT_ID={MACHINE}\n_MACHINE_ID={MACHINE}\n_HOSTNAME=kensa-srv\n"
                   f"_TRANSPORT=syslog\nSYSLOG_FACILITY=10\nSYSLOG_IDENTIFIER={ident}\n"
                   f"_PID={2000 + n}\n")
        out.extend(f"{k}={v}\n" for k, v in fields.items())
        out.append("\n")
    return "".join(out)


def make_journal(root, codec, compact):
    """The journal file, or None when this systemd-journal-remote does not write codec."""
    if not os.access(JOURNAL_REMOTE, os.X_OK):
        raise Skip("systemd-journal-remote is not installed (package systemd-journal-remote)")
    d = os.path.join(root, "var/log/journal", MACHINE)
    os.makedirs(d, exist_ok=True)
    src = os.path.join(os.path.dirname(root), "entries.export")
    with open(src, "w") as f:
        f.write(export(entries()))
    path = os.path.join(d, "system.journal")
    env = dict(os.environ, SYSTEMD_JOURNAL_COMPACT="1" if compact else "0",
               SYSTEMD_JOURNAL_COMPRESS=codec)
    subprocess.run([JOURNAL_REMOTE, "-o", path, src], check=True, env=env, capture_output=True)
    with open(path, "rb") as f:
        head = f.read(16)
    incompat = struct.unpack_from("<I", head, 12)[0]
    if not incompat & HEADER_FLAG[codec]:
        return None
    return path


def oracle(path):
    """(realtime, identifier, message) of every entry, as journalctl reads the file, cut and
    flattened the way kensa hands a field to logs.review."""
    out = subprocess.run(["journalctl", "--file", path, "-o", "json", "--all", "--no-pager"],
                         capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        e = json.loads(line)
        msg = e.get("MESSAGE", "")[:FIELD_MAX - 1].replace("\n", " ")
        rows.append((e["__REALTIME_TIMESTAMP"], e.get("SYSLOG_IDENTIFIER", ""), msg))
    return rows


def dump(path):
    p = subprocess.run([JOURNAL_DUMP, path], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    rows = [tuple(line.split("\t")) for line in p.stdout.splitlines()]
    stats = dict(zip(p.stderr.split()[::2], (int(x) for x in p.stderr.split()[1::2])))
    return rows, stats


def audit(root):
    _, rep = audit_json(root, "--only", ID)
    validate_schema(rep)
    return result(rep, ID)


def supported():
    """The codecs this kensa reads, from kensa --version ("xz, lz4, zstd (not supported)")."""
    code, out, err = kensa("--version")
    line = next(l for l in out.splitlines() if l.startswith("compressed journal fields:"))
    return {c.strip() for c in line.split(":", 1)[1].split(",") if "not supported" not in c}


def test_every_codec_the_host_writes():
    written = []
    for codec in ("ZSTD", "XZ", "LZ4"):
        for compact in (False, True):
            root = scratch_root("logs-review-debian12")
            os.remove(os.path.join(root, "var/log/auth.log"))
            path = make_journal(root, codec, compact)
            if path is None:
                break  # this systemd writes another codec whatever it is asked
            written.append((codec, compact))
            rows, stats = dump(path)
            rel = "/" + os.path.relpath(path, root)
            if CODEC_NAME[codec] not in supported():
                # built without the library: every compressed field counted, none read
                assert stats["unsupported"] == ATTACKERS + 2 and stats["read"] == 0, stats
                ev = [(e.get("source"), e.get("value")) for e in audit(root).get("evidence", [])]
                assert (rel, f"{ATTACKERS + 2} compressed fields not read ({CODEC_NAME[codec]}: "
                        "this kensa was built without it)") in ev, ev
                continue
            assert rows == oracle(path), (codec, compact)
            assert rows[0][2].startswith("Invalid user x00AAAA") and \
                rows[0][2].endswith(" from 192.0.2.9 port 4711"), rows[0]
            assert len(rows[14][2]) == FIELD_MAX - 1, len(rows[14][2])
            # the 12 names and the cut line: read; MYAPP_BLOB: compressed, not one of the fields
            assert stats == {"entries": 16, "read": ATTACKERS + 1, "unsupported": 0,
                             "damaged": 0, "beyond": 0, "codecs_read": {"XZ": 1, "LZ4": 2, "ZSTD": 4}[codec]}, \
                stats

            res = audit(root)
            warn = [(f["subject"], f["detail"]) for f in res["findings"]
                    if f["severity"] == "warn"]
            assert any(s == "192.0.2.9" and f"failed logins in all: {ATTACKERS};" in d
                       for s, d in warn), (codec, warn)
            ev = [(e.get("source"), e.get("value")) for e in res.get("evidence", [])]
            assert (rel, f"{ATTACKERS + 1} compressed fields read ({CODEC_NAME[codec]})") in ev, ev
            assert not any("not read" in (v or "") for _, v in ev), ev
    if not written:
        raise Skip("systemd-journal-remote wrote no compressed journal")
    print("codecs written by this systemd-journal-remote:", written)


def test_damaged_compressed_field_is_counted_not_fatal():
    root = scratch_root("logs-review-debian12")
    os.remove(os.path.join(root, "var/log/auth.log"))
    path = make_journal(root, "ZSTD", False)
    if path is None:
        raise Skip("systemd-journal-remote does not write zstd")
    if "zstd" not in supported():
        raise Skip("this kensa is built without libzstd")
    data = bytearray(open(path, "rb").read())
    # the first compressed DATA object's payload: its frame's magic broken
    magic = bytes([0x28, 0xb5, 0x2f, 0xfd])
    at = data.find(magic)
    assert at > 0
    data[at] ^= 0xff
    open(path, "wb").write(bytes(data))
    rows, stats = dump(path)
    assert stats["damaged"] == 1 and stats["read"] == ATTACKERS, stats
    res = audit(root)
    ev = [(e.get("source"), e.get("value")) for e in res.get("evidence", [])]
    rel = "/" + os.path.relpath(path, root)
    assert (rel, "1 compressed fields not read (damaged zstd data)") in ev, ev
    warn = [(f["subject"], f["detail"]) for f in res["findings"] if f["severity"] == "warn"]
    assert any(s == "192.0.2.9" for s, _ in warn), warn


if __name__ == "__main__":
    run_tests(globals())
