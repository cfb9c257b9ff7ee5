#!/usr/bin/env python3
"""The vendor's form (事業者確認用, issue #25): --form institution|vendor on audit, report, diff
and summary, with the R6 and R7 editions, in every format that shows the form; the site file's
[vendor] header; saved reports that carry their form; a check whose rows are all on the other
form. The vendor's form of R6 and R7 is sections 1-2 (profiles/checklists/*.ini, forms =)."""
import csv
import io
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

FAST = ("--skip", "password.defaults")  # seconds of hashing by design; not what these test
SITES = os.path.join(SOURCE_ROOT, "tests", "data", "sites")
VENDOR_SITE = os.path.join(SITES, "sakura-clinic-vendor.ini")
CLINIC_SITE = os.path.join(SITES, "sakura-clinic.ini")
EDITIONS = ("mhlw-r6", "mhlw-r7")
COMPANY, PERSON = "例示メディカルシステムズ株式会社", "保守担当 鈴木一郎"
SYSTEM, CLINIC = "電子カルテシステム ExampleKarte 5", "さくら内科クリニック"


def audit(root, *args):
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, *FAST, *args)
    assert code in (0, 2), (code, err)
    return out


def audit_bytes(root, *args):
    code, out, err = kensa_bytes("audit", "--root", root, "--as-of", AS_OF, *FAST, *args)
    assert code in (0, 2), (code, err)
    return out


def save(tmpdir, name, text):
    path = os.path.join(tmpdir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def sections(items):
    return sorted({i["section"] for i in items})


def test_vendor_form_is_sections_1_and_2_of_r6_and_r7():
    root = scratch_root("accounts-debian12")
    for edition in EDITIONS:
        inst = json.loads(audit(root, "-c", edition, "-f", "json", "--site", CLINIC_SITE))
        vend = json.loads(audit(root, "-c", edition, "-f", "json", "--form", "vendor",
                                "--site", VENDOR_SITE))
        validate_schema(inst)
        validate_schema(vend)
        assert inst["form"] == "institution" and vend["form"] == "vendor"
        assert sections(inst["items"]) == (["1", "2", "3"] if edition == "mhlw-r6"
                                           else ["1", "2", "3", "4"]), sections(inst["items"])
        assert sections(vend["items"]) == ["1", "2"], (edition, sections(vend["items"]))
        # the same rows, in the same order, with the same automatic answers
        early = [i for i in inst["items"] if i["section"] in ("1", "2")]
        assert [i["id"] for i in early] == [i["id"] for i in vend["items"]]
        for a, b in zip(early, vend["items"]):
            assert a["forms"] == ["institution", "vendor"] and b["forms"] == a["forms"]
            if a["checks"] and a["status"] != "manual":  # not a row a person answers
                assert a["answer"] == b["answer"], (a["id"], a["answer"], b["answer"])
        for i in inst["items"]:
            if i["section"] in ("3", "4"):
                assert i["forms"] == ["institution"], i
        # every check still ran and is reported: the form chooses rows, not checks
        assert [r["id"] for r in inst["results"]] == [r["id"] for r in vend["results"]]
        assert vend["vendor"] == {"company": COMPANY, "person": PERSON, "system": SYSTEM}
        assert vend["site"]["name"] == CLINIC
        # the vendor's own answer to a manual row comes from its site file
        row = [i for i in vend["items"] if i["id"] == "2-2"][0]
        assert row["answer"] == "yes" and row["manual_answer"]["by"] == PERSON


def test_every_format_shows_the_form_and_only_its_rows():
    root = scratch_root("accounts-debian12")
    labels3 = {"mhlw-r6": "3-(1)", "mhlw-r7": "3-①"}
    for edition in EDITIONS:
        common = ("-c", edition, "--lang", "ja")
        # text
        out = audit(root, *common, "--form", "vendor", "--site", VENDOR_SITE)
        for want in ("様式:            事業者確認用", f"事業者:          {COMPANY}",
                     f"担当者:          {PERSON}", f"提出先医療機関:  {CLINIC}",
                     f"対象システム:    {SYSTEM}"):
            assert want in out, (edition, want)
        assert "== 3 " not in out and "== 4 " not in out and "== 2 " in out
        inst = audit(root, *common, "--site", CLINIC_SITE)
        assert "様式:            医療機関確認用" in inst and "== 3 " in inst
        assert "事業者:" not in inst
        # checklist text: rows are printed from column 0 with their label
        out = audit(root, *common, "-f", "checklist", "--form", "vendor", "--site", VENDOR_SITE)
        assert "様式: 事業者確認用" in out and f"事業者: {COMPANY}" in out
        assert f"提出先医療機関: {CLINIC}" in out and f"対象システム: {SYSTEM}" in out
        form_part = out.split("\n詳細\n")[0]
        assert not re.search(r"^3-", form_part, re.M) and re.search(r"^2-", form_part, re.M)
        inst = audit(root, *common, "-f", "checklist", "--site", CLINIC_SITE)
        assert "様式: 医療機関確認用" in inst
        assert re.search("^" + re.escape(labels3[edition]), inst, re.M)
        # csv: the form in the last column of every row, and no row of section 3
        data = audit_bytes(root, *common, "-f", "csv", "--form", "vendor", "--site", VENDOR_SITE)
        rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
        assert rows[0][-1] == "様式"
        assert all(r[-1] == "事業者確認用" for r in rows[1:]), rows[1:]
        assert not [r for r in rows[1:] if r[0].startswith("3-")]
        assert len(rows) > 10
        data = audit_bytes(root, *common, "-f", "csv", "--site", CLINIC_SITE)
        rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
        assert all(r[-1] == "医療機関確認用" for r in rows[1:])
        assert [r for r in rows[1:] if r[0] == labels3[edition]]
        # html: the cover says which form and who signs it
        html = audit(root, *common, "-f", "html", "--form", "vendor", "--site", VENDOR_SITE)
        assert "（事業者確認用）</h1>" in html and 'id="row-3-1"' not in html
        assert f"<td>{COMPANY} / {PERSON}</td>" in html and f"<td>{SYSTEM}</td>" in html
        assert "医療機関 受領者" in html
        html = audit(root, *common, "-f", "html", "--site", CLINIC_SITE)
        assert "医療機関確認用" in html and 'id="row-3-1"' in html


def test_missing_vendor_facts_say_to_be_filled_in():
    root = scratch_root("accounts-debian12")
    out = audit(root, "--lang", "ja", "--form", "vendor")  # no site file at all
    for label in ("事業者:", "担当者:", "提出先医療機関:", "対象システム:"):
        line = [l for l in out.splitlines() if l.strip().startswith(label)][0]
        assert line.strip().endswith("要記入"), line
    out = audit(root, "--lang", "en", "-f", "checklist", "--form", "vendor")
    assert out.split("\nDetails\n")[0].count("(to be filled in)") == 4, out[:800]
    html = audit(root, "--lang", "ja", "-f", "html", "--form", "vendor")
    assert "<td>要記入 / 要記入</td>" in html and html.count("要記入") >= 5
    rep = json.loads(audit(root, "-f", "json", "--form", "vendor"))
    assert rep["vendor"] == {"company": None, "person": None, "system": None}
    validate_schema(rep)
    # [site] vendor stands in for a missing [vendor] company
    rep = json.loads(audit(root, "-f", "json", "--form", "vendor", "--site", CLINIC_SITE))
    assert rep["vendor"]["company"] == COMPANY and rep["vendor"]["person"] is None


def test_a_bad_form_is_one_line_and_exit_1():
    root = scratch_root("accounts-debian12")
    tmp = os.path.dirname(root)
    saved = save(tmp, "r.json", audit(root, "-f", "json"))
    for argv in (("audit", "--root", root, "--form", "vendors"),
                 ("report", "--form", "Vendor", saved),
                 ("diff", "--form", "", saved, saved),
                 ("summary", "--form", "clinic", saved),
                 ("audit", "--root", root, "--form")):
        code, out, err = kensa(*argv)
        assert code == 1 and out == "", (argv, code, out)
        assert len(err.strip().splitlines()) == 1 and "--form" in err, (argv, err)


def test_site_file_vendor_section_is_strict():
    root = scratch_root("accounts-debian12")
    tmp = os.path.dirname(root)
    bad = save(tmp, "bad.ini", "[vendor]\ncompany = A社\nphone = 03-0000-0000\n")
    code, _, err = kensa("audit", "--root", root, "--site", bad, "--form", "vendor")
    assert code == 1 and "bad.ini:3" in err and "phone" in err, err
    twice = save(tmp, "twice.ini", "[vendor]\nperson = 甲\nperson = 乙\n")
    code, _, err = kensa("audit", "--root", root, "--site", twice)
    assert code == 1 and "twice.ini:3" in err, err


def test_saved_reports_carry_their_form():
    root = scratch_root("accounts-debian12")
    tmp = os.path.dirname(root)
    for edition in EDITIONS:
        inst_path = save(tmp, "inst.json", audit(root, "-c", edition, "-f", "json",
                                                 "--site", VENDOR_SITE))
        vend_json = audit(root, "-c", edition, "-f", "json", "--form", "vendor",
                          "--site", VENDOR_SITE)
        vend_path = save(tmp, "vend.json", vend_json)
        # an institution report shown as the vendor's form: the vendor's rows, as audited
        code, out, err = kensa("report", "--form", "vendor", "-f", "json", inst_path)
        assert code == 0, err
        shown, fresh = json.loads(out), json.loads(vend_json)
        assert shown["form"] == "vendor" and shown["items"] == fresh["items"]
        assert shown["vendor"] == fresh["vendor"]
        # a vendor report keeps its form; it cannot become the institution's
        code, out, err = kensa("report", "-f", "json", vend_path)
        assert code == 0 and json.loads(out)["form"] == "vendor"
        assert json.loads(out)["items"] == fresh["items"]
        code, out, err = kensa("report", "--form", "institution", vend_path)
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "事業者確認用" in err or "vendor's form" in err, err
        # a report saved before forms: the institution's, its rows placed by the edition
        old = json.load(open(inst_path))
        del old["form"], old["vendor"]
        for i in old["items"]:
            del i["forms"]
        old_path = save(tmp, "old.json", json.dumps(old, ensure_ascii=False))
        code, out, err = kensa("report", "-f", "json", old_path)
        assert code == 0 and json.loads(out)["form"] == "institution", err
        assert len(json.loads(out)["items"]) == len(old["items"])
        code, out, err = kensa("report", "--form", "vendor", "-f", "checklist", "-l", "ja",
                               old_path)
        assert code == 0 and "様式: 事業者確認用" in out, err
        assert not re.search(r"^3-", out.split("\n詳細\n")[0], re.M)


def test_summary_counts_one_form_and_names_the_other():
    root = scratch_root("accounts-debian12")
    fleet = os.path.join(os.path.dirname(root), "fleet")
    os.makedirs(fleet)
    rep = json.loads(audit(root, "-f", "json", "--site", CLINIC_SITE))
    for host in ("ehr01", "ehr02"):
        rep["host"]["hostname"] = host
        save(fleet, f"kensa-{host}.json", json.dumps(rep, ensure_ascii=False))
    vend = json.loads(audit(root, "-f", "json", "--form", "vendor", "--site", VENDOR_SITE))
    vend["host"]["hostname"] = "ehr03"
    save(fleet, "kensa-ehr03-vendor.json", json.dumps(vend, ensure_ascii=False))

    code, out, err = kensa("summary", "--format", "json", "--as-of", AS_OF, fleet)
    assert code == 0, err
    summary = json.loads(out)
    with open(os.path.join(SOURCE_ROOT, "docs", "summary.schema.json")) as f:
        import jsonschema
        jsonschema.validate(summary, json.load(f))
    assert summary["form"] == "institution" and summary["hosts_count"] == 2
    assert [os.path.basename(p) for p in summary["other_form_reports"]] == ["kensa-ehr03-vendor.json"]
    assert "3-1" in [i["id"] for i in summary["groups"][0]["items"]]

    code, out, err = kensa("summary", "--format", "json", "--as-of", AS_OF, "--form", "vendor", fleet)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["form"] == "vendor" and summary["hosts_count"] == 1
    assert len(summary["other_form_reports"]) == 2
    assert {i["id"][0] for i in summary["groups"][0]["items"]} == {"1", "2"}

    code, out, err = kensa("summary", "--lang", "ja", "--as-of", AS_OF, "--form", "vendor", fleet)
    assert code == 0 and "様式: 事業者確認用" in out and "kensa-ehr01.json" in out, out[:600]
    code, out, err = kensa("summary", "--format", "html", "--as-of", AS_OF, fleet)
    assert code == 0 and "kensa-ehr03-vendor.json" in out
    # only the other form's reports: nothing to summarise, and it says which --form to give
    code, out, err = kensa("summary", os.path.join(fleet, "kensa-ehr03-vendor.json"))
    assert code == 1 and "--form vendor" in err and len(err.strip().splitlines()) == 1, err
    # a --previous summary of the other form is not comparable
    prev = save(os.path.dirname(fleet), "prev.json",
                kensa("summary", "--format", "json", "--form", "vendor", fleet)[1])
    code, out, err = kensa("summary", "--previous", prev, fleet)
    assert code == 1 and "prev.json" in err, err


def test_diff_compares_one_form():
    root = scratch_root("accounts-debian12")
    tmp = os.path.dirname(root)
    inst = save(tmp, "inst.json", audit(root, "-f", "json"))
    vend = save(tmp, "vend.json", audit(root, "-f", "json", "--form", "vendor"))
    code, out, err = kensa("diff", "--format", "json", inst, vend)
    assert code == 0, err
    assert "warning" in err and "vendor" in err and len(err.strip().splitlines()) == 1, err
    d = json.loads(out)
    assert d["old"]["form"] == d["new"]["form"] == "vendor"  # the form both were compared on
    assert not [c for c in d["changes"] if str(c.get("item", "")).startswith(("3-", "4-"))]
    code, out, err = kensa("diff", "--form", "vendor", "--format", "json", inst, inst)
    assert code == 0 and err == "" and json.loads(out)["old"]["form"] == "vendor", err
    code, out, err = kensa("diff", "--form", "institution", inst, vend)
    assert code == 1 and "vend.json" in err and len(err.strip().splitlines()) == 1, err


def test_report_dir_compares_a_vendor_visit_with_the_institution_report_before_it():
    root = scratch_root("accounts-debian12")
    rdir = os.path.join(os.path.dirname(root), "reports")
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-01", *FAST,
                           "--report-dir", rdir)
    assert code in (0, 2), err
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, *FAST, "--form", "vendor",
                           "--report-dir", rdir, "--lang", "en")
    assert code in (0, 2) and "cannot compare" not in err, err
    assert not re.search(r"\b[34]-[①②③]", out), out  # rows of sections 3-4 are not "new"
    saved = json.load(open(os.path.join(rdir, f"kensa-clinic-ehr01-{AS_OF}.json")))
    assert saved["form"] == "vendor"
    # and back: a vendor report before cannot be the institution's, so no comparison
    code, out, err = kensa("audit", "--root", root, "--as-of", "2026-11-26", *FAST,
                           "--report-dir", rdir, "--lang", "en")
    assert code in (0, 2) and "cannot compare with the previous report" in err, err


def test_a_check_on_rows_of_the_other_form_is_not_lost():
    """An edition whose only row for accounts.stale is in section 3 (institution only): on the
    vendor's form the check is reported with the checks, is no row, and is not put under
    "beyond this edition"; a saved report keeps it that way."""
    root = scratch_root("accounts-debian12")
    tmp = os.path.dirname(root)
    with open(os.path.join(SOURCE_ROOT, "profiles", "checklists", "mhlw-r7.ini")) as f:
        text = f.read()
    text = text.replace("checks = accounts.stale\n", "")
    # 3-2 already names backup.evidence: accounts.stale joins it there
    text = text.replace("checks = backup.evidence\n", "checks = backup.evidence, accounts.stale\n")
    assert text.count("accounts.stale") == 1
    edition = save(tmp, "moved.ini", text)
    args = ("-c", edition, "--only", "accounts.stale,accounts.privileged")
    rep = json.loads(audit(root, *args, "-f", "json", "--form", "vendor"))
    validate_schema(rep)
    res = result(rep, "accounts.stale")
    assert res["off_form"] is True and res["items"] == [] and "guideline" not in res
    assert "3-2" not in [i["id"] for i in rep["items"]]
    text_out = audit(root, *args, "--form", "vendor", "--lang", "en")
    assert "beyond this edition" not in text_out, text_out
    part = text_out.split("== Checks whose rows are on the other form ==\n")[1]
    assert "(accounts.stale)" in part.splitlines()[0], part[:300]
    html = audit(root, *args, "--form", "vendor", "--lang", "ja", "-f", "html")
    assert "もう一方の様式の項目に対応するチェック" in html and "accounts.stale" in html
    junit = audit(root, *args, "--form", "vendor", "-f", "junit")
    assert re.search(r'name="accounts.stale" classname="[^"]*\.other_form"', junit), junit[:2000]
    saved = save(tmp, "moved.json", json.dumps(rep))
    code, out, err = kensa("report", "--lang", "en", saved)
    assert code == 0 and "beyond this edition" not in out, err
    code, out, err = kensa("report", "-f", "json", saved)
    assert result(json.loads(out), "accounts.stale")["off_form"] is True
    # the institution's form has the row
    rep = json.loads(audit(root, *args, "-f", "json"))
    assert result(rep, "accounts.stale")["items"] == ["3-2"] and "off_form" not in result(rep, "accounts.stale")


def test_list_says_which_form_a_manual_row_is_on():
    for edition in EDITIONS:
        code, out, err = kensa("list", "--format", "json", "--checklist", edition)
        assert code == 0, err
        forms = {m["item"]: m["forms"] for m in json.loads(out)["manual"]}
        assert forms["1-1"] == ["institution", "vendor"] and forms["3-1"] == ["institution"]


def test_japanese_vendor_form_has_no_english_sentence():
    from test_japanese_only import scan  # the detector of the Japanese-only test
    root = scratch_root("accounts-debian12")
    for site in (("--site", VENDOR_SITE), ()):  # with the vendor's facts, and all 要記入
        for fmt in ("text", "checklist", "html"):
            for edition in EDITIONS:
                out = audit(root, "-c", edition, "--lang", "ja", "--form", "vendor",
                            "--format", fmt, *site)
                scan(out, f"vendor {edition} {fmt} {site}")


def test_vendor_cover_prints_on_one_page():
    """As for the institution's report (test_html_report): the cover with the vendor's header and
    signatures is page 1, the action summary starts page 2."""
    from test_html_report import print_to_pdf_text
    html = audit(scratch_root("accounts-debian12"), "--lang", "ja", "--form", "vendor",
                 "--format", "html", "--site", VENDOR_SITE)
    pages = print_to_pdf_text(html).split("\f")
    flat = lambda s: re.sub(r"\s+", "", s)
    assert "事業者確認用" in flat(pages[0]) and flat(SYSTEM) in flat(pages[0])
    assert flat(pages[1]).startswith("対応が必要な項目"), pages[1][:300]


if __name__ == "__main__":
    run_tests(globals())
