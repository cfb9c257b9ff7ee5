#!/usr/bin/env python3
"""One date, in one time zone, everywhere in a report (issue 17 item 3): at 01:00 in Japan the
audit date, the form's 確認日, the exceptions' judging date and the --report-dir file names are all
the Japan-time date (not the UTC date); the profile's [reports] time_zone changes every one of
them together; JSON keeps the moment with its offset. Run on tests/roots/accounts-debian12."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

ONE_AM_JST = "2026-12-03T01:00:00+09:00"  # = 2026-12-02T16:00:00Z
SITE = """[site]
name = さくら内科クリニック

[exception accounts.stale postgres]
reason = 保守用
by = 院長
expires = 2026-12-02
"""


def run(*args, site=True, profile=None):
    root = scratch_root("accounts-debian12")
    argv = ["audit", "--root", root, "--only", "accounts.stale", *args]
    if site:
        argv += ["--site", write(scratch_root(), "site.ini", SITE)]
    if profile:
        argv += ["--profile", write(scratch_root(), "p.ini", "include = server\n[reports]\n"
                                    f"time_zone = {profile}\n")]
    code, out, err = kensa(*argv)
    assert code in (0, 2), err
    return out


def test_one_am_in_japan_is_the_japan_date_everywhere():
    rep = json.loads(run("--as-of", ONE_AM_JST, "--format", "json"))
    assert rep["as_of"] == "2026-12-03", rep["as_of"]
    assert rep["exceptions_as_of"] == "2026-12-03"
    assert rep["time_zone"] == "+09:00"
    assert rep["audited_at"] == "2026-12-03T01:00:00+09:00", rep["audited_at"]
    # the exception ended with 2026-12-02 in Japan: expired, on the same date the report bears
    assert rep["exceptions"][0]["state"] == "expired", rep["exceptions"]
    validate_schema(rep)
    # the same moment written in UTC gives the same report date
    rep = json.loads(run("--as-of", "2026-12-02T16:00:00Z", "--format", "json"))
    assert rep["as_of"] == "2026-12-03" and rep["audited_at"] == "2026-12-03T01:00:00+09:00"


def test_text_checklist_csv_and_html_carry_the_same_date():
    out = run("--as-of", ONE_AM_JST, "--format", "text", "--lang", "ja")
    assert "基準日:          2026-12-03" in out, out[:600]
    assert "受容した例外（判定日 2026-12-03、日本時間）" in out
    out = run("--as-of", ONE_AM_JST, "--format", "checklist")
    assert "確認日: 2026-12-03" in out
    row = [l for l in out.splitlines() if l.startswith("2-⑤")][0]
    assert "2026-12-03" in row and "2026-12-02" not in row, row
    out = run("--as-of", ONE_AM_JST, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r for r in rows if r[0] == "2-⑤"][0][4] == "2026-12-03"
    out = run("--as-of", ONE_AM_JST, "--format", "html")
    assert "2026-12-03" in out and "判定日: 2026-12-03" in out
    assert "2026-12-02" not in out.replace("2026-12-02（日本時間）", "").replace(
        "2026-12-02 の終わり", "").replace(">2026-12-02<", ""), "a UTC date leaked into the HTML"


def test_report_dir_files_by_the_japan_date():
    reports = os.path.join(scratch_root(), "reports")
    run("--as-of", ONE_AM_JST, "--report-dir", reports, "--quiet", site=False)
    names = sorted(os.listdir(reports))
    assert "kensa-clinic-ehr01-2026-12-03.json" in names, names
    assert not [n for n in names if "2026-12-02" in n], names
    # 02:00 on the 1st in Japan is filed under that month, not the previous one
    run("--as-of", "2027-01-01T02:00:00+09:00", "--report-dir", reports, "--quiet", site=False)
    assert "kensa-clinic-ehr01-2027-01-01.json" in os.listdir(reports), os.listdir(reports)


def test_profile_time_zone_moves_every_date_together():
    rep = json.loads(run("--as-of", ONE_AM_JST, "--format", "json", profile="UTC"))
    assert rep["as_of"] == "2026-12-02" and rep["exceptions_as_of"] == "2026-12-02", rep["as_of"]
    assert rep["time_zone"] == "+00:00" and rep["audited_at"] == "2026-12-02T16:00:00+00:00"
    assert rep["exceptions"][0]["state"] == "active"  # still 2026-12-02 in that zone
    out = run("--as-of", ONE_AM_JST, "--format", "text", "--lang", "en", profile="-05:00")
    assert "As of:           2026-12-02" in out, out[:600]
    assert "Accepted exceptions (judged on 2026-12-02, UTC-05:00)" in out, out
    # a zone name would need tzdata on the audited host: refused with one line
    for bad in ("Asia/Tokyo", "local", "+9"):
        root = scratch_root("accounts-debian12")
        prof = write(scratch_root(), "p.ini", f"include = server\n[reports]\ntime_zone = {bad}\n")
        code, out, err = kensa("audit", "--root", root, "--profile", prof)
        assert code == 1 and err.startswith("kensa: profile: [reports] time_zone"), (bad, err)
        assert len(err.strip().splitlines()) == 1, err


def test_saved_report_renders_its_own_date_and_zone():
    out = run("--as-of", ONE_AM_JST, "--format", "json")
    path = write(scratch_root(), "r.json", out)
    code, text, err = kensa("report", path, "--format", "text", "--lang", "en")
    assert code == 0, err
    assert "As of:           2026-12-03" in text
    assert "judged on 2026-12-03, Japan time" in text


def test_report_saved_before_schema_minor_1_still_renders():
    # no schema_minor, time_zone, audited_at, privileges, evidence_refs or remedy: read as before
    old = os.path.join(SOURCE_ROOT, "tests", "fuzz", "corpus", "report_json", "accounts-ja.json")
    with open(old) as f:
        data = json.load(f)
    assert "time_zone" not in data and "schema_minor" not in data
    for fmt in ("text", "html", "checklist", "json"):
        code, out, err = kensa("report", old, "--format", fmt)
        assert code == 0, (fmt, err)
    assert "run as root" not in kensa("report", old)[1]
    again = json.loads(kensa("report", old, "--format", "json")[1])
    assert again["as_of"] == data["as_of"] and "time_zone" not in again


if __name__ == "__main__":
    run_tests(globals())
