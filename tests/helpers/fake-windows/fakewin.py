"""Shared by the fake secedit, net and powershell: they stand in for the Windows programs in
integration tests (tests/data/profiles/windows-fixture.ini points [windows] at them) and serve the
files of $KENSA_FAKE_WINDOWS, laid out like a vendor's kensa-capture/ directory. Each one checks
that kensa called it the way the real program must be called, and fails loudly otherwise."""
import os
import sys
import time


def data_dir():
    d = os.environ.get("KENSA_FAKE_WINDOWS")
    if not d:
        sys.stderr.write("KENSA_FAKE_WINDOWS is not set\n")
        sys.exit(2)
    if os.environ.get("KENSA_FAKE_HANG") == "1":
        time.sleep(60)
    return d


def serve(name, missing_message, status=2):
    path = os.path.join(data_dir(), name)
    if not os.path.exists(path):
        sys.stderr.write(missing_message + "\r\n")
        sys.exit(status)
    with open(path, "rb") as f:
        sys.stdout.buffer.write(f.read())
    sys.exit(0)
