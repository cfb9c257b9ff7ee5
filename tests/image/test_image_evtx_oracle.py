#!/usr/bin/python3
"""The .evtx reader against the image's own python3-evtx (bookworm and trixie): each real public
Security log of tests/data/evtx/ is dumped inside the image by Debian's /usr/bin/evtx_dump.py
under chroot, and kensa's reader (tests/helpers/evtx-dump) must see the same records: EventID,
EventRecordID, TimeCreated and every EventData item of the logon and account events.
Exit 77 when no image can be built here."""
import datetime
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

DATA = os.path.join(kt.SOURCE_ROOT, "tests", "data", "evtx")
DUMP = os.environ.get("KENSA_EVTX_DUMP", "build/tests/evtx-dump")
NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
REVIEWED = {4624, 4625, 4720, 4722, 4732, 4740}


def image_oracle(root, name):
    """Records as the image's evtx_dump.py prints them: (record id, event id, time, data)."""
    shutil.copy(os.path.join(DATA, name), os.path.join(root, "tmp", name))
    p = di.chroot(root, ["/usr/bin/evtx_dump.py", "/tmp/" + name])
    xml = p.stdout if isinstance(p.stdout, str) else p.stdout.decode("utf-8")
    # evtx_dump.py puts a declaration, then <Events> with one <Event> per record
    events = ET.fromstring(xml[xml.index("<Events>"):])
    out = []
    for ev in events:
        sysn = ev.find(f"{NS}System")
        data = {}
        ed = ev.find(f"{NS}EventData")
        if ed is not None:
            for d in ed.findall(f"{NS}Data"):
                if d.get("Name"):
                    data[d.get("Name")] = d.text or ""
        out.append((int(sysn.find(f"{NS}EventRecordID").text), int(sysn.find(f"{NS}EventID").text),
                    sysn.find(f"{NS}TimeCreated").get("SystemTime"), data))
    return out


def kensa_reader(name):
    p = subprocess.run([DUMP, os.path.join(DATA, name)], capture_output=True, text=True, check=True)
    out = []
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        data = {}
        for kv in parts[3:]:
            k, v = kv.split("=", 1)
            data[k] = v.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n") \
                .replace("\\r", "\r").replace("\0", "\\").replace("\r\n", "\n")
        out.append((int(parts[1]), int(parts[2]), data))
    return out, p.stderr


def same_time(text, ft):
    d = datetime.datetime.fromisoformat(text)
    want = (d - datetime.datetime(1601, 1, 1)) // datetime.timedelta(microseconds=1)
    return abs(want - ft // 10) <= 2


def compare(root, name, min_records):
    if not os.path.exists(os.path.join(DATA, name)):
        raise kt.Skip(f"{name} is not in this tree (tests/data/evtx/README.md)")
    want = image_oracle(root, name)
    got, stats = kensa_reader(name)
    assert len(want) >= min_records and len(got) == len(want), (len(got), len(want), stats)
    checked = 0
    for (rid, eid, t, data), (keid, kt_, kdata) in zip(want, got):
        assert eid == keid, (rid, eid, keid)
        assert same_time(t, kt_), (rid, t, kt_)
        assert set(data) == set(kdata), (rid, sorted(set(data) ^ set(kdata)))
        if eid in REVIEWED:
            for k, v in data.items():
                kv = kdata[k]
                if v.startswith("{"):
                    v, kv = v.lower(), kv.lower()
                assert kv == v, (rid, eid, k, v, kv)
                checked += 1
    assert "bad_records 0" in stats, stats
    return checked


def test_real_security_logs_read_as_the_images_python_evtx_reads_them():
    with di.cloned(extra_packages=("python3-evtx",)) as root:
        n = compare(root, "python-evtx-security.evtx", 2261)
        assert n > 10000, n
        n += compare(root, "CA_4624_4625_LogonType2_LogonProc_chrome.evtx", 4)
        n += compare(root, "Network_Service_Guest_added_to_admins_4732.evtx", 2)
        di.log(f"{n} EventData values of logon and account events compared")


if __name__ == "__main__":
    di.run_on_suites(globals(), kt.run_tests)
