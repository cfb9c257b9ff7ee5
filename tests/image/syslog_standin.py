"""A stand-in for the image's syslog daemon on ROOT/dev/log, shared by the image tests: the
image's own programs (useradd, sudo, logger, sshd ...) send their datagrams there, as on a running
system, and this writes what the release's rsyslog would write to /var/log/auth.log (auth and
authpriv only) in that release's default format: bookworm's RSYSLOG_TraditionalFileFormat ("Dec  3
04:55:00 HOST TAG MSG", the message's own timestamp) and trixie's RSYSLOG_FileFormat (RFC 3339
with microseconds). Every auth message is also kept in .entries as (epoch seconds, facility,
identifier, pid, message) for a test that writes a journal instead."""
import os
import re
import socket
import threading
import time

HOST = "kensa-img"
AUTH_FACILITIES = (4, 10)  # auth, authpriv: Debian's rsyslog.conf "auth,authpriv.*"


class Syslog:
    """A datagram listener on ROOT/dev/log writing auth lines as the suite's rsyslog would
    (to var/log/auth.log unless auth_log is False)."""

    def __init__(self, root, suite, auth_log=True):
        self.path = os.path.join(root, "dev/log")
        if os.path.lexists(self.path):
            os.remove(self.path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        os.chmod(self.path, 0o666)
        self.sock.settimeout(0.2)
        self.out = open(os.path.join(root, "var/log/auth.log"), "a") if auth_log else None
        self.rfc3339 = suite != "bookworm"
        self.stop = False
        self.count = 0
        self.entries = []
        self.thread = threading.Thread(target=self.loop)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            self.write(data.decode(errors="replace").rstrip("\n\x00"))

    def write(self, msg):
        m = re.match(r"<(\d+)>(.*)", msg, re.S)
        if not m:
            return
        pri, rest = int(m.group(1)), m.group(2)
        if pri >> 3 not in AUTH_FACILITIES:
            return
        now = time.time()
        if rest.startswith("1 "):  # RFC 5424 (util-linux logger's default)
            _, ts, _host, app, procid, _msgid, rest = rest.split(" ", 6)
            if rest.startswith("- "):
                rest = rest[2:]
            elif rest.startswith("["):
                rest = rest[rest.index("] ") + 2:]
            tag = app + ("" if procid == "-" else "[%s]" % procid)
            stamp3164 = time.strftime("%b %e %H:%M:%S", time.gmtime(now))
            rest = "%s %s: %s" % (stamp3164, tag, rest.lstrip("\ufeff"))
        # RFC 3164 from glibc's syslog(3): "Dec  3 04:55:00 TAG: MSG"
        stamp, body = rest[:15], rest[16:]
        t = re.match(r"([^\[: ]+)(?:\[(\d+)\])?: (.*)", body, re.S)
        if t:
            self.entries.append((now, pri >> 3, t.group(1), t.group(2), t.group(3)))
        if self.rfc3339:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + \
                ".%06d+00:00" % int((now % 1) * 1e6)
        if self.out:
            self.out.write("%s %s %s\n" % (stamp, HOST, body))
            self.out.flush()
        self.count += 1

    def close(self):
        time.sleep(0.5)  # the last datagrams
        self.stop = True
        self.thread.join()
        self.sock.close()
        if self.out:
            self.out.close()
        os.remove(self.path)
