#!/usr/bin/env python3
"""A saved report renders completely in either language, whatever the audit ran in (issue 17
item 8): each fixture root and the Windows captures audited under LANG=C and re-rendered with
`kensa report --lang ja` in every format carry no English sentence of kensa's (the detector of
test_japanese_only); audited in Japanese and re-rendered with --lang en, no Japanese is left;
`kensa diff --lang` renders both reports; a report saved before schema 1.2 (no message
identities) still renders, as stored."""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403
from test_japanese_only import ROOTS_TO_SCAN, english_runs, scan  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

C_LOCALE = {"LANG": "C", "LC_ALL": "C", "LC_MESSAGES": "", "LANGUAGE": ""}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef「」、。]")


def root_of(name):
    if name == "logs-syslog-ng":  # a fragment: its syslog-ng files planted into a Debian root
        root = scratch_root("logs-debian-stock")
        shutil.copytree(os.path.join(ROOTS, name, "etc"), os.path.join(root, "etc"),
                        dirs_exist_ok=True)
        return root
    return scratch_root(name)


def saved(root, *extra, lang=None, env=C_LOCALE):
    path = os.path.join(os.path.dirname(root), "report-%s.json" % (lang or "c"))
    args = ["audit", "--root", root, "--as-of", AS_OF, "--format", "json", "--output", path]
    if lang:
        args += ["--lang", lang]
    code, out, err = kensa(*args, *extra, env=env)
    assert code in (0, 2), err
    return path


def json_texts(doc, remedies=True):
    """Every text a person reads in a JSON report (not keys, ids or enum values); remedies name
    commands ("net localgroup Administrators NAME /delete"), which the English detector would
    take for a sentence: the text formats check them."""
    for r in doc["results"]:
        yield r["title"]
        yield r["reason"] or ""
        if remedies:
            yield r["remediation"]
        for f in r["findings"]:
            yield f["detail"]
            if remedies:
                yield f.get("remedy") or ""
    for it in doc["items"]:
        yield it["title"]
        yield it["reason"] or ""


def check_all_formats_japanese(path, what):
    for fmt in ("text", "checklist", "html", "csv"):
        code, out, err = kensa("report", path, "--lang", "ja", "--format", fmt, env=C_LOCALE)
        assert code == 0, f"{what} {fmt}: {err}"
        scan(out, f"{what} {fmt} (saved under LANG=C)")
    for fmt in ("json", "sarif", "junit"):
        code, out, err = kensa("report", path, "--lang", "ja", "--format", fmt, env=C_LOCALE)
        assert code == 0, f"{what} {fmt}: {err}"
    code, out, err = kensa("report", path, "--lang", "ja", "--format", "json", env=C_LOCALE)
    doc = json.loads(out)
    assert doc["lang"] == "ja"
    bad = [t for t in json_texts(doc, remedies=False) for r in english_runs(t)]
    assert not bad, f"{what} json: English in a Japanese report: {bad[:5]}"


def test_linux_roots_saved_in_c_render_in_japanese():
    for name in ROOTS_TO_SCAN:
        root = root_of(name)
        path = saved(root, "--skip", "password.defaults")
        with open(path) as f:
            doc = json.load(f)
        assert doc["schema_minor"] >= 2
        assert not any(JAPANESE.search(t) for t in json_texts(doc)), name  # saved in English
        check_all_formats_japanese(path, name)


def test_windows_captures_saved_in_c_render_in_japanese():
    for scenario in ("windows-default", "windows-hardened"):
        root = scratch_root()
        mw.build(scenario, root)
        path = saved(root, "--platform", "windows")
        check_all_formats_japanese(path, scenario)


def japanese_roots():
    for name in ROOTS_TO_SCAN:
        yield name, root_of(name), ["--skip", "password.defaults"]
    for scenario in ("windows-default", "windows-hardened"):
        root = scratch_root()
        mw.build(scenario, root)
        yield scenario, root, ["--platform", "windows"]


def test_saved_in_japanese_renders_in_english():
    for name, root, extra in japanese_roots():
        path = saved(root, *extra, lang="ja")
        with open(path) as f:
            assert JAPANESE.search(f.read()), name  # it was saved in Japanese
        for fmt in ("text", "checklist", "csv", "html"):
            code, out, err = kensa("report", path, "--lang", "en", "--format", fmt, env=C_LOCALE)
            assert code == 0, err
            # the ministry's own names stay as published: the form's ("institution's form
            # (医療機関確認用)") and the nine rules' references ("9の心得 ⑤")
            left = [l for l in out.splitlines()
                    if JAPANESE.search(re.sub(r"\((医療機関確認用|事業者確認用)\)|9の心得 [①-⑨]",
                                              "", l))]
            if fmt in ("checklist", "html"):  # the ministry's form keeps its Japanese headings
                continue
            assert not left, f"{name} {fmt}: Japanese left in an English report: {left[:5]}"
        code, out, err = kensa("report", path, "--lang", "en", "--format", "json", env=C_LOCALE)
        doc = json.loads(out)
        left = [t for t in json_texts(doc) if JAPANESE.search(t)]
        assert not left, f"{name} json: Japanese left: {left[:5]}"


def test_same_audit_in_either_language_renders_identically():
    """Saved in C and in Japanese, both re-rendered in Japanese: the same text, byte for byte
    (the date line aside)."""
    root = root_of("pam-debian12-pwquality")
    c = saved(root, "--skip", "password.defaults")
    ja = saved(root, "--skip", "password.defaults", lang="ja")
    outs = []
    for path in (c, ja):
        code, out, err = kensa("report", path, "--lang", "ja", env=C_LOCALE)
        assert code == 0, err
        outs.append([l for l in out.splitlines() if "ミリ秒" not in l])
    assert outs[0] == outs[1]


def test_diff_renders_both_reports_in_the_requested_language():
    root = root_of("logs-debian-stock")
    old = saved(root, "--skip", "password.defaults")
    os.remove(os.path.join(root, "etc/logrotate.d/rsyslog"))
    new = saved(root, "--skip", "password.defaults", lang="ja")
    code, out, err = kensa("diff", "--lang", "ja", old, new, env=C_LOCALE)
    assert code in (0, 2), err
    assert out.strip()
    scan(out, "diff --lang ja")
    code, out, err = kensa("diff", "--lang", "en", old, new, env=C_LOCALE)
    assert code in (0, 2), err
    assert not JAPANESE.search(out), out


def test_report_saved_before_schema_1_2_renders_as_stored():
    root = root_of("logs-debian-stock")
    path = saved(root, "--skip", "password.defaults")
    with open(path) as f:
        doc = json.load(f)

    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if not k.endswith("_msg") and k != "messages"}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o
    old = strip(doc)
    old["schema_minor"] = 1
    old_path = path + ".old.json"
    with open(old_path, "w") as f:
        json.dump(old, f)
    code, out, err = kensa("report", old_path, "--lang", "ja", env=C_LOCALE)
    assert code == 0, err
    detail = next(f["detail"] for r in doc["results"] for f in r["findings"])
    assert detail in out  # as stored: the findings were saved in English
    assert "検査" in out  # kensa's own wording and the check titles follow --lang


def test_malformed_message_is_refused_with_one_line():
    root = root_of("logs-debian-stock")
    path = saved(root, "--skip", "password.defaults")
    with open(path) as f:
        doc = json.load(f)
    assert len(doc["messages"]) == len(set(doc["messages"]))  # each id once
    r = next(r for r in doc["results"] if r.get("title_msg") is not None)
    n = len(doc["messages"])
    doc["messages"].append("%s and %s")
    for bad in ([n, "one"], [n + 1], -1, {"id": "x"}, [n, "a", ["b"]], [], True):
        r["title_msg"] = bad
        with open(path, "w") as f:
            json.dump(doc, f)
        code, out, err = kensa("report", path, "--lang", "ja", env=C_LOCALE)
        assert code == 1 and "title_msg" in err and len(err.strip().splitlines()) == 1, (bad, err)
    deep = "x"
    for _ in range(40):
        deep = [n, deep, "y"]
    r["title_msg"] = deep
    with open(path, "w") as f:
        json.dump(doc, f)
    code, out, err = kensa("report", path, "--lang", "ja", env=C_LOCALE)
    assert code == 1 and "title_msg" in err, err
    doc["messages"] = ["ok", 5]
    with open(path, "w") as f:
        json.dump(doc, f)
    code, out, err = kensa("report", path, "--lang", "ja", env=C_LOCALE)
    assert code == 1 and "messages" in err, err


if __name__ == "__main__":
    run_tests(globals())
