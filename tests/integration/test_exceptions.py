#!/usr/bin/env python3
"""Accepted exceptions from the site file (--site): an active one accepts its findings (they stay
visible but do not count), an expired one counts again and says when it expired, one matching
nothing is reported; the expiry is a whole day in Japan time. Run on tests/roots/accounts-debian12
(no login records, so its stale accounts all fail) with tests/data/sites/clinic-exceptions.ini."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

SITE = os.path.join(SOURCE_ROOT, "tests", "data", "sites", "clinic-exceptions.ini")
FAILS = ["alice", "bob", "carol", "frank", "hank", "ivan", "postgres", "toor"]


def audit(*args, site=SITE, as_of=AS_OF, fmt="json", lang="en", expect_exit=None):
    code, out, err = kensa("audit", "--root", scratch_root("accounts-debian12"), "--only",
                           "accounts.stale", "--site", site, "--as-of", as_of, "--format", fmt,
                           "--lang", lang, *args)
    assert code in (0, 2), f"exit {code}: {err}"
    if expect_exit is not None:
        assert code == expect_exit, f"exit {code}, expected {expect_exit}; stderr: {err}"
    return code, (json.loads(out) if fmt == "json" else out)


def site_file(text):
    path = os.path.join(os.path.dirname(scratch_root()), "site.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def by_subject(res):
    out = {}
    for f in res["findings"]:
        out.setdefault(f["subject"], []).append(f)
    return out


def test_json_marks_findings_and_lists_exceptions():
    code, rep = audit(expect_exit=2)
    validate_schema(rep)
    r = result(rep, "accounts.stale")
    assert r["status"] == "fail", r["status"]
    f = by_subject(r)
    pg = f["postgres"][0]
    assert pg["severity"] == "fail"
    assert pg["accepted"] == {"reason": "電子カルテのDB保守に postgres のログインが必要（2027年春のシステム更新まで）",
                              "by": "院長 山田太郎", "expires": "2026-12-31"}, pg
    assert "expired_exception" not in pg
    alice = f["alice"][0]
    assert alice["accepted"] is None
    assert alice["expired_exception"]["expires"] == "2026-10-31", alice
    for name in ("bob", "carol", "frank", "toor", "hank", "ivan", "erin", "kim"):
        for x in f[name]:
            assert x["accepted"] is None and "expired_exception" not in x, x
    assert rep["exceptions_as_of"] == "2026-11-25"
    ex = [(e["subject"], e["state"], e["matched"]) for e in rep["exceptions"]]
    assert ex == [("postgres", "active", 1), ("alice", "expired", 1), ("alcie", "unmatched", 0)], ex
    assert all(e["check"] == "accounts.stale" for e in rep["exceptions"])
    assert rep["site"] == {"name": "さくら内科クリニック", "vendor": "株式会社メディカルシステムズ"}


ALL_ACCEPTED = """[exception accounts.stale]
reason = the EHR server is replaced next spring; accounts are reviewed then
by = Dr. Yamada
expires = 2026-12-31
"""


def test_exit_status_counts_only_findings_not_accepted():
    site = site_file(ALL_ACCEPTED)
    code, rep = audit(site=site, expect_exit=0)
    r = result(rep, "accounts.stale")
    assert r["status"] == "pass", r["status"]
    assert all(f["accepted"] for f in r["findings"] if f["severity"] != "info")
    assert rep["summary"]["fail"] == 0 and rep["summary"]["pass"] == 1
    # the exception changes the exit status, not the form: the measure is still not in place
    row = [i for i in rep["items"] if i["id"] == "2-5"][0]
    assert row["answer"] == "no", row
    assert "accepted exception" in row["reason"], row
    assert row["accepted_exception"] == {"expires": "2026-12-31", "findings": 11}, row
    assert [i for i in rep["items"] if i["id"] == "2-12"][0]["accepted_exception"] is None
    validate_schema(rep)
    assert rep["exceptions"][0]["state"] == "active"
    assert rep["exceptions"][0]["matched"] == len(FAILS) + 1 + 2  # toor twice, erin, kim


def test_expiry_is_a_whole_day_in_japan_time():
    site = site_file(ALL_ACCEPTED)
    # (--as-of, exit status, state, Japan-time date judged = the report's date)
    cases = [
        ("2026-12-31", 0, "active", "2026-12-31"),             # the expiry day
        ("2027-01-01", 2, "expired", "2027-01-01"),            # the next day
        ("2026-12-31T14:59:59Z", 0, "active", "2026-12-31"),   # 23:59:59 Tokyo
        ("2026-12-31T15:00:30Z", 2, "expired", "2027-01-01"),  # 00:00:30 Tokyo
        ("2027-01-01T00:00:30+09:00", 2, "expired", "2027-01-01"),
        ("2026-12-31T23:59:59+09:00", 0, "active", "2026-12-31"),
    ]
    for as_of, want_exit, state, jst in cases:
        code, rep = audit(site=site, as_of=as_of)
        assert code == want_exit, (as_of, code)
        assert rep["exceptions"][0]["state"] == state, (as_of, rep["exceptions"])
        assert rep["exceptions_as_of"] == jst, (as_of, rep["exceptions_as_of"])
        # one date everywhere: the report is dated in Japan time too
        assert rep["as_of"] == jst, (as_of, rep["as_of"])
        validate_schema(rep)
    code, rep = audit(site=site, as_of="2026-12-31T15:00:30Z")
    assert rep["as_of"] == "2027-01-01"
    r = result(rep, "accounts.stale")
    assert r["status"] == "fail"
    assert all(f["expired_exception"]["expires"] == "2026-12-31"
               for f in r["findings"] if f["severity"] != "info")


def test_as_of_timestamp_malformed_is_a_usage_error():
    for bad in ("2026-12-31T15:00:30", "2026-12-31 15:00", "2026-12-31T25:00:00Z", "tomorrow"):
        code, out, err = kensa("audit", "--root", scratch_root("accounts-debian12"), "--as-of", bad)
        assert code == 1, (bad, code)
        assert "--as-of" in err, err


def test_too_long_and_not_run_are_warnings():
    site = site_file("""[exception accounts.stale postgres]
reason = no end date given
by = vendor

[exception accounts.stale toor]
reason = far ahead
by = vendor
expires = 2028-01-01

[exception accounts.stale bob]
reason = exactly one year
by = vendor
expires = 2027-11-25

[exception password.hash]
reason = not run here
by = vendor
expires = 2026-12-31
""")
    code, rep = audit(site=site, expect_exit=2)
    states = [(e["subject"], e["state"], e["matched"]) for e in rep["exceptions"]]
    assert states == [("postgres", "too_long", 1), ("toor", "too_long", 2), ("bob", "active", 1),
                      (None, "not_run", 0)], states
    f = by_subject(result(rep, "accounts.stale"))
    assert f["postgres"][0]["accepted"] == {"reason": "no end date given", "by": "vendor", "expires": None}
    assert all(x["accepted"] for x in f["toor"])
    validate_schema(rep)
    # a shorter [exceptions] max_days in a site profile makes the one-year exception too long
    prof = write(scratch_root(), "short.ini", "include = server\n[exceptions]\nmax_days = 30\n")
    site = site_file("[exception accounts.stale bob]\nreason = r\nby = b\nexpires = 2026-12-31\n")
    _, rep = audit("--profile", prof, site=site)
    assert rep["exceptions"][0]["state"] == "too_long", rep["exceptions"]


def test_text_report_says_what_applies_and_what_expired():
    code, out = audit(fmt="text", expect_exit=2)
    assert "Accepted exception, until 2026-12-31 (Japan time), by 院長 山田太郎" in out, out
    assert "Exception expired at the end of 2026-10-31 (Japan time); counts again" in out, out
    assert "== Accepted exceptions (judged on 2026-11-25, Japan time) ==" in out
    assert "[ACTIVE] accounts.stale postgres" in out
    assert "[EXPIRED] accounts.stale alice" in out
    assert "[UNMATCHED] accounts.stale alcie" in out
    assert "matches no finding" in out
    # the accepted finding is shown, marked, not as a failure
    line = [l for l in out.splitlines() if "postgres: system account" in l][0]
    assert line.strip().startswith("- ~ postgres"), line


def test_checklist_and_csv_rows_note_the_exception():
    site = site_file(ALL_ACCEPTED)
    code, out = audit(site=site, fmt="checklist", expect_exit=0)
    row = out[out.index("2-⑤"):]
    first = row.splitlines()[0]
    assert "No" in first and "Yes" not in first, first
    assert row.splitlines()[1].strip() == "accepted exception (until 2026-12-31)", row.splitlines()[1]
    assert "accepted exception: 11 findings: postgres, alice, bob, carol, erin, …" in row.splitlines()[2], row.splitlines()[2]
    assert "Accepted exceptions (judged on 2026-11-25, Japan time)" in out
    code, out = audit(fmt="checklist", expect_exit=2)
    evidence = out[out.index("2-⑤"):].splitlines()[2]
    assert "accounts.stale: fail" in evidence and "accepted exception: 1 findings: postgres]" in evidence, evidence
    assert "alice" in evidence.split("[accepted")[0]  # expired: counted
    code, out = audit(fmt="csv", expect_exit=2)
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    r25 = [r for r in rows if r[0] == "2-⑤"][0]
    assert r25[3] == "No", r25
    assert r25[6].startswith("accepted exception (until 2026-12-31); "), r25
    assert "accepted exception: 1 findings: postgres]" in r25[6], r25


def test_japanese_form_says_exception_accepted_beside_no():
    site = site_file(ALL_ACCEPTED)
    for fmt in ("checklist", "html", "csv"):
        code, out, err = kensa("audit", "--root", scratch_root("accounts-debian12"), "--only",
                               "accounts.stale", "--as-of", AS_OF, "--site", site, "--format", fmt,
                               "--lang", "ja")
        assert code == 0, err
        assert "例外承認済み（期限 2026-12-31）" in out, fmt
        if fmt == "checklist":
            assert [l for l in out.splitlines() if l.startswith("2-⑤")][0].split()[1] == "いいえ"
        if fmt == "html":
            row = out[out.index('id="row-2-5"'):]
            row = row[:row.index("</tr>")]
            assert "いいえ" in row and "はい" not in row, row


def test_html_lists_exceptions():
    code, out = audit(fmt="html", expect_exit=2)
    assert "Accepted exceptions" in out
    assert "until 2026-12-31 (Japan time)" in out
    assert "at the end of 2026-10-31 (Japan time); this finding counts again" in out
    for name in ("postgres", "alice", "alcie"):
        assert f"<code>accounts.stale</code><br>{name}</td>" in out, name
    assert out.count("Matches nothing") == 1


def test_no_site_file_no_exceptions():
    code, out, err = kensa("audit", "--root", scratch_root("accounts-debian12"), "--only",
                           "accounts.stale", "--as-of", AS_OF, "--format", "json")
    rep = json.loads(out)
    assert rep["exceptions"] == [] and rep["exceptions_as_of"] == AS_OF
    assert all(f["accepted"] is None for f in result(rep, "accounts.stale")["findings"])
    validate_schema(rep)


run_tests(globals())
