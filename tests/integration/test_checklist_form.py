#!/usr/bin/env python3
"""The ministry's form as output: --format checklist and csv, the site file's manual answers,
editions as data (R6 and R7), and rows whose checks error showing 未確認, never はい."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

FAST = ("--skip", "password.defaults")  # seconds of hashing by design; not what these test
SITE = os.path.join(SOURCE_ROOT, "tests", "data", "sites", "sakura-clinic.ini")


def rows_of_csv(data):
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    assert data.count(b"\r\n") == data.count(b"\n"), "every line must end in CRLF"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_rows_japanese_by_default():
    root = scratch_root("accounts-debian12")
    os.environ["LANG"] = "C"
    code, out, err = kensa_bytes("audit", "--root", root, "--as-of", AS_OF, "--format", "csv",
                                 "--site", SITE, "--only", "accounts.stale")
    assert code == 2, err
    rows = rows_of_csv(out)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["項目番号", "チェック項目", "機器区分", "回答"], header
    by_label = {r[0]: r for r in body}
    assert by_label["2-⑤"][3] == "いいえ" and by_label["2-⑤"][4] == AS_OF
    assert "alice" in by_label["2-⑤"][6] or "bob" in by_label["2-⑤"][6]
    assert by_label["1-①"][3] == "はい" and by_label["1-①"][4] == "2026-11-20"
    assert "山田太郎" in by_label["1-①"][6]
    assert by_label["3-③"][3] == "いいえ" and by_label["3-③"][5] == "2027-03-31"
    assert by_label["3-①"][3] == "未確認"
    # R7's network-device row, answered for hosts by network.access_control (not run here)
    assert by_label["2-⑬"][3] == "要確認", by_label["2-⑬"]
    assert len(body) == 18


def test_checklist_text_form():
    root = scratch_root("accounts-debian12")
    code, out, _ = kensa("audit", "--root", root, "--as-of", AS_OF, "--format", "checklist",
                         "--site", SITE, *FAST)
    assert "令和7年度版" in out and "機器区分: サーバ" in out
    line = [l for l in out.splitlines() if l.startswith("2-⑤")][0]
    assert "いいえ" in line and AS_OF in line
    assert "さくら内科クリニック" in out
    code, out, _ = kensa("audit", "--root", root, "--as-of", AS_OF, "--format", "checklist",
                         "--lang", "en", *FAST)
    assert "Not checked" in out and "Device class: server" in out


def test_error_row_is_to_review_never_yes():
    root = scratch_root("accounts-debian12")
    os.unlink(os.path.join(root, "etc/passwd"))
    code, rep = audit_json(root, "--only", "accounts.stale")
    row = [i for i in rep["items"] if i["id"] == "2-5"][0]
    assert row["status"] == "error" and row["answer"] == "review", row
    assert "/etc/passwd" in row["reason"], row
    validate_schema(rep)


def test_skipped_checks_leave_the_row_to_review():
    root = scratch_root("accounts-debian12")
    code, rep = audit_json(root, "--skip", "accounts.stale,password.defaults")
    row = [i for i in rep["items"] if i["id"] == "2-5"][0]
    assert row["answer"] == "review", row
    assert "accounts.stale" in row["reason"] and "did not run" in row["reason"], row


def test_only_a_fail_makes_no_a_warn_is_to_review():
    # logs.retention warns on this root and fails nothing; its row's other checks do not run
    root = scratch_root("accounts-debian12")
    code, rep = audit_json(root, "--only", "logs.retention")
    assert [r for r in rep["results"] if r["id"] == "logs.retention"][0]["status"] == "warn"
    row = [i for i in rep["items"] if i["id"] == "2-11"][0]
    assert row["answer"] == "review", row
    code, out, _ = kensa("audit", "--root", root, "--as-of", AS_OF, "--format", "checklist",
                         "--only", "logs.retention")
    line = [l for l in out.splitlines() if l.startswith("2-⑪")][0]
    assert "要確認" in line and "いいえ" not in line, line
    # manual rows nobody answered stay 未確認
    assert [l for l in out.splitlines() if l.startswith("1-①")][0].split()[1] == "未確認"


def test_json_carries_edition_class_and_answers():
    root = scratch_root("accounts-debian12")
    _, rep = audit_json(root, "--site", SITE, *FAST)
    assert rep["checklist"]["edition"] == "mhlw-r7" and rep["checklist"]["device_class"] == "server"
    assert rep["site"]["name"] == "さくら内科クリニック"
    one = [i for i in rep["items"] if i["id"] == "1-1"][0]
    assert one["answer"] == "yes" and one["manual_answer"]["by"] == "院長 山田太郎"
    validate_schema(rep)


def test_r6_edition_rows_by_device_class():
    root = scratch_root("accounts-debian12")
    _, rep = audit_json(root, "--checklist", "mhlw-r6", *FAST)
    labels = [i["label"] for i in rep["items"]]
    assert "2-(5)" in labels and "2-(11)" not in labels  # server rows only
    assert rep["checklist"]["edition"] == "mhlw-r6"
    _, rep = audit_json(root, "--checklist", "mhlw-r6", "--profile", "terminal", *FAST)
    labels = [i["label"] for i in rep["items"]]
    assert "2-(11)" in labels and "2-(5)" not in labels
    row = [i for i in rep["items"] if i["label"] == "2-(11)"][0]
    assert row["checks"] == ["accounts.stale"] and row["answer"] == "no"


def test_site_file_errors():
    root = scratch_root("accounts-debian12")
    bad = write(os.path.dirname(root), "bad-site.ini", "[answer 2-5]\nanswer = yes\nby = x\ndate = 2026-01-01\n")
    code, _, err = kensa("audit", "--root", root, "--site", bad)
    assert code == 1 and "answered by checks" in err and "bad-site.ini:1" in err, err
    bad = write(os.path.dirname(root), "bad2.ini", "[answer 9-9]\nanswer = yes\nby = x\ndate = 2026-01-01\n")
    code, _, err = kensa("audit", "--root", root, "--site", bad)
    assert code == 1 and "no such item" in err, err
    bad = write(os.path.dirname(root), "bad3.ini", "[answer 1-1]\nanswer = perhaps\n")
    code, _, err = kensa("audit", "--root", root, "--site", bad)
    assert code == 1 and "bad3.ini:2" in err and len(err.strip().splitlines()) == 1, err


if __name__ == "__main__":
    run_tests(globals())
