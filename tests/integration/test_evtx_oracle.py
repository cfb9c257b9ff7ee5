"""kensa's .evtx reader (src/parsers/evtx.c) against python-evtx (Debian's python3-evtx) as the
oracle, on real public Security logs (tests/data/evtx/): the same records, in the same order, with
the same EventID, TimeCreated and EventData items."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

if __name__ == "__main__":
    try:
        import Evtx.Evtx  # noqa: F401
    except ImportError:
        # python3-evtx is installed for the distribution's interpreter, not a pyenv one
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
                and not os.environ.get("KENSA_EVTX_REEXEC"):
            os.environ["KENSA_EVTX_REEXEC"] = "1"
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import SOURCE_ROOT, Skip, run_tests  # noqa: E402

DATA = os.path.join(SOURCE_ROOT, "tests", "data", "evtx")
DUMP = os.environ.get("KENSA_EVTX_DUMP", "build/tests/evtx-dump")
NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
FIELDS = ("TargetUserName", "TargetDomainName", "IpAddress", "LogonType", "SubjectUserName",
          "WorkstationName", "Status", "SubStatus", "MemberSid", "TargetSid")


def oracle(path):
    try:
        import Evtx.Evtx as evtx
    except ImportError:
        raise Skip("python3-evtx (Debian package) is not installed")
    out = []
    with evtx.Evtx(path) as f:
        for rec in f.records():
            root = ET.fromstring(rec.xml())
            eid = int(root.find(f"{NS}System/{NS}EventID").text)
            t = root.find(f"{NS}System/{NS}TimeCreated").get("SystemTime")
            data = {}
            ed = root.find(f"{NS}EventData")
            if ed is not None:
                for d in ed.findall(f"{NS}Data"):
                    if d.get("Name"):
                        data[d.get("Name")] = d.text or ""
            out.append((rec.record_num(), eid, t, data))
    return out


def kensa(path):
    p = subprocess.run([DUMP, path], capture_output=True, text=True, check=True)
    out = []
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        data = {}
        for kv in parts[3:]:
            k, v = kv.split("=", 1)
            data[k] = v.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n") \
                .replace("\\r", "\r").replace("\0", "\\")

        out.append((int(parts[0]), int(parts[1]), int(parts[2]), data))
    return out, p.stderr


def same_time(text, ft):
    """python-evtx prints a FILETIME as 'YYYY-MM-DD HH:MM:SS[.ffffff]', through a float: equal
    within two microseconds."""
    import datetime
    d = datetime.datetime.fromisoformat(text)
    want = (d - datetime.datetime(1601, 1, 1)) // datetime.timedelta(microseconds=1)
    return abs(want - ft // 10) <= 2


def compare(name, min_records):
    path = os.path.join(DATA, name)
    if not os.path.exists(path):
        raise Skip(f"{name} is not in this tree (see tests/data/evtx/README.md)")
    want = oracle(path)
    got, stats = kensa(path)
    assert len(want) >= min_records, (len(want), min_records)
    assert len(got) == len(want), f"kensa {len(got)} records, python-evtx {len(want)} ({stats})"
    fields_checked = 0
    for (rid, eid, t, data), (krid, keid, kt, kdata) in zip(want, got):
        assert (rid, eid) == (krid, keid), ((rid, eid), (krid, keid))
        assert same_time(t, kt), (rid, t, kt)
        assert set(data) == set(kdata), (rid, sorted(set(data) ^ set(kdata)))
        for k, v in data.items():
            if k in FIELDS or eid in (4624, 4625, 4720, 4722, 4732, 4740):
                kv = kdata[k]
                if v.startswith("{"):  # GUIDs: python-evtx prints them in lower case
                    v, kv = v.lower(), kv.lower()
                kv = kv.replace("\r\n", "\n")  # an XML parser reads CR LF as LF
                if v in ("True", "False"):
                    v = v.lower()
                assert kv == v, (rid, eid, k, v, kv)
                fields_checked += 1
    assert "bad_chunks 0 " in stats and "bad_records 0" in stats, stats
    return len(got), fields_checked


def test_security_log_matches_python_evtx():
    n, fields = compare("python-evtx-security.evtx", 2261)
    assert fields > 10000, fields


def test_failed_logon_sample_matches_python_evtx():
    compare("CA_4624_4625_LogonType2_LogonProc_chrome.evtx", 4)


def test_group_member_sample_matches_python_evtx():
    compare("Network_Service_Guest_added_to_admins_4732.evtx", 2)


if __name__ == "__main__":
    run_tests(globals())
