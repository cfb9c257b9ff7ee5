#!/usr/bin/env python3
"""kensa summary: many hosts' reports -> the institution's answer per item. The oracle is the
hosts' own reports: every item's answer for the estate is recomputed here from each host's row
(No if any host says No, else Not checked if any, else Yes), and the hosts named behind each
answer must be exactly those whose own report says so."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

SUMMARY_SCHEMA = os.path.join(SOURCE_ROOT, "docs", "summary.schema.json")
FAST = ["--skip", "password.defaults"]


def host_root(fixture, hostname):
    root = scratch_root(fixture)
    write(root, "etc/hostname", hostname + "\n")
    return root


def audit_to(path, root, *extra, as_of=AS_OF):
    code, out, err = kensa("audit", "--root", root, "--format", "json", "--as-of", as_of,
                           "--lang", "en", *FAST, *extra)
    assert code in (0, 2), err
    with open(path, "w") as f:
        f.write(out)
    return json.loads(out)


def summary(*args):
    code, out, err = kensa("summary", "--as-of", "2026-12-01", *args)
    return code, out, err


def summary_json(*args):
    code, out, err = summary("--format", "json", *args)
    assert code in (0, 2), (code, err)
    rep = json.loads(out)
    import jsonschema
    with open(SUMMARY_SCHEMA) as f:
        jsonschema.validate(rep, json.load(f))
    return code, rep


def estate(reports_dir):
    """Three servers and a terminal PC on R7, one server on R6; one host reported twice."""
    d = reports_dir
    os.makedirs(d, exist_ok=True)
    reps = {}
    reps["ehr-server"] = audit_to(os.path.join(d, "ehr-server.json"), host_root("accounts-debian12", "ehr-server"))
    reps["lab-server"] = audit_to(os.path.join(d, "lab-server.json"), host_root("pam-debian12-pwquality", "lab-server"))
    reps["log-server"] = audit_to(os.path.join(d, "log-server.json"), host_root("logs-debian-stock", "log-server"))
    reps["reception-pc"] = audit_to(os.path.join(d, "reception-pc.json"),
                                    host_root("usb-debian12", "reception-pc"), "--profile", "terminal")
    reps["old-server"] = audit_to(os.path.join(d, "old-server.json"), host_root("services-debian", "old-server"),
                                  "--checklist", "mhlw-r6")
    # an older report of ehr-server: superseded by the newer one
    audit_to(os.path.join(d, "ehr-server-old.json"), host_root("services-debian", "ehr-server"),
             as_of="2026-10-01")
    return reps


def expected_answer(answers):
    if "no" in answers:
        return "no"
    if any(a not in ("yes", "no", "not_applicable") for a in answers):
        return "unchecked"
    return "yes" if "yes" in answers else "not_applicable"


def test_every_item_is_the_estates_answer_recomputed_from_the_hosts_reports():
    d = os.path.join(tempfile.mkdtemp(prefix="kensa-summary-"), "reports")
    reps = estate(d)
    code, s = summary_json(d)
    assert code == 0, code
    assert s["reports_read"] == 6 and s["hosts_count"] == 5, (s["reports_read"], s["hosts_count"])
    groups = {g["edition"]: g for g in s["groups"]}
    assert set(groups) == {"mhlw-r7", "mhlw-r6"}, set(groups)
    assert [h["hostname"] for h in groups["mhlw-r6"]["hosts"]] == ["old-server"]
    r7 = groups["mhlw-r7"]
    assert [h["hostname"] for h in r7["hosts"]] == ["ehr-server", "lab-server", "log-server", "reception-pc"]
    assert r7["device_classes"] == {"server": 3, "terminal": 1}, r7["device_classes"]
    ehr = [h for h in r7["hosts"] if h["hostname"] == "ehr-server"][0]
    assert ehr["as_of"] == AS_OF, "the newest report of a host is used"
    seen_no = False
    for item in r7["items"]:
        rows = {}
        for name in ("ehr-server", "lab-server", "log-server", "reception-pc"):
            row = [i for i in reps[name]["items"] if i["id"] == item["id"]]
            if row:
                rows[name] = row[0]
        assert rows, item["id"]
        answers = [r["answer"] for r in rows.values()]
        assert item["answer"] == expected_answer(answers), (item["id"], item["answer"], answers)
        no = {n for n, r in rows.items() if r["answer"] == "no"}
        assert {h["hostname"] for h in item["hosts_no"]} == no, (item["id"], item["hosts_no"], no)
        for h in item["hosts_no"]:
            failing = {r["id"] for r in reps[h["hostname"]]["results"]
                       if r["status"] == "fail" and r["id"] in rows[h["hostname"]]["checks"]}
            assert set(h["checks"]) == failing and failing, (item["id"], h, failing)
            seen_no = True
        assert sum(item["counts"].values()) == len(rows), (item["id"], item["counts"], len(rows))
    assert seen_no, "the estate has failing hosts: some item must be No"


def test_text_csv_and_html_show_the_same_answers():
    d = os.path.join(tempfile.mkdtemp(prefix="kensa-summary-"), "reports")
    estate(d)
    _, s = summary_json(d)
    r7 = [g for g in s["groups"] if g["edition"] == "mhlw-r7"][0]
    code, text, err = summary("--lang", "en", d)
    assert code == 0, err
    assert "judged against 2 checklist editions" in text, text
    item = [i for i in r7["items"] if i["answer"] == "no"][0]
    assert "No: " + item["hosts_no"][0]["hostname"] in text, text
    p = subprocess.run([KENSA, "summary", "--format", "csv", "--lang", "en", d], capture_output=True)
    assert p.returncode == 0, p.stderr
    csv = p.stdout.decode("utf-8")
    assert csv.startswith("\ufeff") and "\r\n" in csv
    lines = csv.lstrip("\ufeff").rstrip("\r\n").split("\r\n")
    rows = sum(len(h["answers"]) for g in s["groups"] for h in g["hosts"])
    assert len(lines) == 1 + rows, (len(lines), rows)
    code, html, err = summary("--format", "html", "--lang", "ja", d)
    assert code == 0, err
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    assert "いいえ" in html and "ehr-server" in html


def test_previous_names_missing_hosts_and_what_got_worse():
    base = tempfile.mkdtemp(prefix="kensa-summary-")
    d = os.path.join(base, "reports")
    estate(d)
    code, first = summary_json(d)
    prev = os.path.join(base, "previous.json")
    with open(prev, "w") as f:
        json.dump(first, f)
    # Next month: log-server sends no report; lab-server gains a stale account.
    os.unlink(os.path.join(d, "log-server.json"))
    root = host_root("pam-debian12-pwquality", "lab-server")
    write(root, "etc/passwd", open(os.path.join(root, "etc/passwd")).read() +
          "mallory:x:1050:1050::/home/mallory:/bin/bash\n")
    write(root, "etc/shadow", open(os.path.join(root, "etc/shadow")).read() +
          "mallory:$6$abcdefgh$" + "x" * 86 + ":19000:0:99999:7:::\n")
    lab_before = [h for g in first["groups"] for h in g["hosts"] if h["hostname"] == "lab-server"][0]
    audit_to(os.path.join(d, "lab-server.json"), root, as_of="2026-11-26")
    code, s = summary_json("--previous", prev, d)
    assert code == 2, "worse since --previous: exit 2"
    kinds = {(c["kind"], c.get("hostname"), c.get("item")) for c in s["changes"]}
    assert ("host_missing", "log-server", None) in kinds, kinds
    lab_now = [h for g in s["groups"] for h in g["hosts"] if h["hostname"] == "lab-server"][0]
    if lab_before["answers"]["2-5"] != "no":
        assert ("host_item_worse", "lab-server", "2-5") in kinds, kinds
    assert lab_now["answers"]["2-5"] == "no", lab_now
    assert s["previous"] == {"generated": "2026-12-01", "worse": sum(
        1 for c in s["changes"] if c["kind"] in ("host_missing", "item_worse", "host_item_worse"))}
    # the same reports again: nothing worse, exit 0
    prev2 = os.path.join(base, "previous2.json")
    with open(prev2, "w") as f:
        json.dump(s, f)
    code, again = summary_json("--previous", prev2, d)
    assert code == 0 and again["previous"]["worse"] == 0, again["changes"]


def test_hostile_host_names_are_inert_in_every_format():
    d = tempfile.mkdtemp(prefix="kensa-summary-")
    rep = audit_to(os.path.join(d, "a.json"), host_root("accounts-debian12", "ok"))
    rep["host"]["hostname"] = "evil\x1b[31m<script>alert(1)</script>\u202e"
    with open(os.path.join(d, "a.json"), "w") as f:
        json.dump(rep, f)
    for fmt in ("text", "csv", "html"):
        code, out, err = summary("--format", fmt, d)
        assert code == 0, err
        assert "\x1b" not in out and "\u202e" not in out, fmt
        if fmt == "html":
            assert "<script>" not in out, out


def test_bad_input_is_one_line_and_exit_1():
    d = tempfile.mkdtemp(prefix="kensa-summary-")
    cases = []
    with open(os.path.join(d, "x.json"), "w") as f:
        f.write('{"not": "a report"}')
    cases.append(([d], os.path.join(d, "x.json")))
    empty = tempfile.mkdtemp(prefix="kensa-summary-empty-")
    cases.append(([empty], "no reports found"))
    cases.append(([os.path.join(d, "missing.json")], "No such file"))
    cases.append((["--format", "xml", empty], "--format"))
    for args, expect in cases:
        code, out, err = summary(*args)
        assert code == 1, (args, code, err)
        assert err.startswith("kensa: ") and expect in err and len(err.strip().splitlines()) == 1, (args, err)
    ok = tempfile.mkdtemp(prefix="kensa-summary-")
    audit_to(os.path.join(ok, "a.json"), host_root("accounts-debian12", "a"))
    with open(os.path.join(d, "prev.json"), "w") as f:
        f.write('{"kind": "something-else"}')
    code, out, err = summary("--previous", os.path.join(d, "prev.json"), ok)
    assert code == 1 and "not a kensa summary" in err, err


def test_summary_prints_to_a4_in_a_real_browser():
    import re
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if not (chromium and pdftotext and pdfinfo):
        raise Skip("chromium or poppler-utils is not installed (scripts/debian-packages)")
    tmp = tempfile.mkdtemp(prefix="kensa-summary-print-")
    d = os.path.join(tmp, "reports")
    estate(d)
    page, pdf = os.path.join(tmp, "summary.html"), os.path.join(tmp, "summary.pdf")
    code, out, err = summary("--format", "html", "--lang", "ja", "--output", page, d)
    assert code == 0, err
    p = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-domain-reliability", "--dns-prefetch-disable",
                        "--no-pings", "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--user-data-dir=" + os.path.join(tmp, "profile"),
                        "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page],
                       capture_output=True, text=True, timeout=90, env=dict(os.environ, HOME=tmp))
    assert p.returncode == 0 and os.path.exists(pdf), p.stderr[-2000:]
    info = subprocess.run([pdfinfo, pdf], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert round(w) == 595 and round(h) == 842, info  # A4
    flat = re.sub(r"\s+", "", subprocess.run([pdftotext, "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                             text=True, check=True).stdout)
    _, s = summary_json(d)
    for g in s["groups"]:
        for item in g["items"]:
            assert item["label"] in flat, item["label"]
        for host in g["hosts"]:
            assert host["hostname"] in flat, host["hostname"]
    for word in ("医療機関全体の集計", "いいえ", "未確認", "ホスト"):
        assert word in flat, word


if __name__ == "__main__":
    run_tests(globals())
