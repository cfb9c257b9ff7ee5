#!/usr/bin/env python3
"""--format html: the report a clinic files. Everything from the audited system is escaped; the
page is self-contained; and a real browser (headless Chromium, Debian's `chromium`) prints it to
several A4 pages whose text (poppler's pdftotext) holds the Japanese headings, every checklist row
and the planted findings. The browser part is skipped when chromium or poppler-utils is missing;
CI installs them (chromium, fonts-noto-cjk, poppler-utils)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

SITE = os.path.join(SOURCE_ROOT, "tests", "data", "sites", "clinic-exceptions.ini")
HOSTNAME = "clinic<script>alert(1)</script>\"&'"
ACCOUNT = "ev\"&'<i>x"
SECTIONS_JA = ["体制構築", "医療情報システムの管理・運用", "インシデント発生に備えた対応", "規程類の整備"]


def planted_root():
    """The accounts fixture with markup in /etc/hostname and in an account's name and GECOS."""
    root = scratch_root("accounts-debian12")
    write(root, "/etc/hostname", HOSTNAME + "\n")
    with open(os.path.join(root, "etc/passwd"), "a") as f:
        f.write(ACCOUNT + ":x:1010:1010:<script>alert(2)</script> & \"GECOS\":/home/eve:/bin/bash\n")
    with open(os.path.join(root, "etc/shadow"), "a") as f:
        f.write(ACCOUNT + ":$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7"
                ":20000:0:99999:7:::\n")
    return root


def html_of(root, *args):
    code, out, err = kensa("audit", "--root", root, "--only", "accounts.stale", "--site", SITE,
                           "--as-of", AS_OF, "--format", "html", *args)
    assert code == 2, f"exit {code}: {err}"
    return out


def test_everything_from_the_system_is_escaped():
    html = html_of(planted_root())
    assert "<script" not in html, "a <script> tag reached the page"
    assert "<i>" not in html
    assert "clinic&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;" in html
    assert "ev&quot;&amp;&#39;&lt;i&gt;x" in html
    # the title and the header carry the escaped host name only
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title


def test_self_contained_japanese_a4_page():
    html = html_of(planted_root())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in html  # the ministry's form: Japanese by default
    assert "@page { size: A4;" in html
    assert "thead { display: table-header-group; }" in html
    assert '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN"' in html
    assert "default-src 'none'" in html
    for fetch in ("http://", "https://", "url(", "@import", "<link", "<img", "<iframe", "src="):
        assert fetch not in html, fetch
    # every row of the form, with its answer
    code, out, err = kensa("audit", "--root", planted_root(), "--only", "accounts.stale", "--site",
                           SITE, "--as-of", AS_OF, "--format", "json", "--lang", "ja")
    rep = json.loads(out)
    for item in rep["items"]:
        assert f'<tr id="row-{item["id"]}">' in html, item["id"]
        assert item["title"] in html, item["title"]
    for s in SECTIONS_JA:
        assert s in html, s
    assert "はい" in html and "いいえ" in html and "未確認" in html
    assert "さくら内科クリニック" in html and "株式会社メディカルシステムズ" in html


def test_english_on_request():
    html = html_of(planted_root(), "--lang", "en")
    assert '<html lang="en">' in html
    assert "Organisation" in html and "Yes" in html and "Not checked" in html


FORMATS = {"json": "json", "text": "txt", "html": "html", "checklist": "chk", "csv": "csv"}


def test_report_renders_a_saved_report_exactly():
    """One audit writes every format; `kensa report` renders each again from the JSON alone."""
    tmp = os.path.dirname(scratch_root())
    outs = [f"--output={fmt}:{os.path.join(tmp, 'a.' + ext)}" for fmt, ext in FORMATS.items()]
    code, out, err = kensa("audit", "--root", planted_root(), "--only", "accounts.stale", "--site",
                           SITE, "--as-of", AS_OF, "--lang", "ja", *outs)
    assert code == 2, err
    saved = os.path.join(tmp, "a.json")
    for fmt, ext in FORMATS.items():
        with open(os.path.join(tmp, "a." + ext), encoding="utf-8") as f:
            fresh = f.read()
        code, out, err = kensa("report", "--format", fmt, saved)
        assert code == 0, err
        assert out == fresh, f"{fmt} differs when rendered from the saved report"
    # --output writes a private file; --lang renders the whole saved report in that language
    # (issue 17 item 8: the edition's titles by id, the findings from their identities)
    dest = os.path.join(tmp, "again.html")
    code, out, err = kensa("report", "--format", "html", "--output", dest, "--lang", "en", saved)
    assert code == 0 and out == "", err
    assert os.stat(dest).st_mode & 0o777 == 0o600
    with open(dest, encoding="utf-8") as f:
        html = f.read()
    assert '<html lang="en">' in html and "Yes" in html and "Not checked" in html
    assert "体制構築" not in html and "Organisation" in html
    assert "<script" not in html


def test_report_refuses_what_is_not_a_report():
    tmp = os.path.dirname(scratch_root())
    bad = write(tmp, "bad.json", '{"schema_version": 1}')
    code, out, err = kensa("report", "--format", "html", bad)
    assert code == 1 and out == "" and "bad.json" in err, (code, err)
    code, out, err = kensa("report", "--format", "pdf", bad)
    assert code == 1 and "--format" in err, err
    code, out, err = kensa("report")
    assert code == 1 and "REPORT.json" in err, err
    code, out, err = kensa("report", os.path.join(tmp, "missing.json"))
    assert code == 1 and "missing.json" in err, err


def find_tool(name):
    path = shutil.which(name)
    if not path:
        raise Skip(f"{name} is not installed (Debian: apt-get install chromium fonts-noto-cjk poppler-utils)")
    return path


def test_prints_to_a4_pdf_in_a_real_browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise Skip("chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk poppler-utils)")
    pdftotext, pdfinfo = find_tool("pdftotext"), find_tool("pdfinfo")
    tmp = tempfile.mkdtemp(prefix="kensa-html-")
    try:
        page = os.path.join(tmp, "report.html")
        pdf = os.path.join(tmp, "report.pdf")
        with open(page, "w") as f:
            f.write(html_of(planted_root()))
        env = dict(os.environ, HOME=tmp)
        p = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--disable-domain-reliability", "--dns-prefetch-disable",
                            "--no-pings", "--host-resolver-rules=MAP * ~NOTFOUND",  # no lookups at all
                            "--user-data-dir=" + os.path.join(tmp, "profile"),
                            "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page],
                           capture_output=True, text=True, timeout=90, env=env)
        assert p.returncode == 0 and os.path.exists(pdf), f"chromium failed: {p.stderr[-2000:]}"
        info = subprocess.run([pdfinfo, pdf], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert pages >= 3, info
        w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
        assert round(w) == 595 and round(h) == 842, info  # A4
        text = subprocess.run([pdftotext, "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = re.sub(r"\s+", "", text)
        for s in SECTIONS_JA + ["はい", "いいえ", "未確認", "確認日", "根拠", "機器区分", "サーバ"]:
            assert s in flat, f"{s!r} not in the PDF"
        code, out, err = kensa("audit", "--root", planted_root(), "--only", "accounts.stale", "--site",
                               SITE, "--as-of", AS_OF, "--format", "json", "--lang", "ja")
        for item in json.loads(out)["items"]:
            assert item["label"] in flat, item["label"]
            assert re.sub(r"\s+", "", item["title"]) in flat, item["title"]
        # the planted markup prints as text; the planted findings are there
        assert "clinic<script>alert(1)</script>\"&'" in text, "host name not printed as text"
        assert re.sub(r"\s+", "", ACCOUNT) in flat
        assert "電子カルテのDB保守にpostgresのログインが必要" in flat
        assert "2026-12-31" in text and "2026-10-31" in text
        assert "株式会社メディカルシステムズ" in flat
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_to_pdf_text(html):
    """Print an HTML report with headless Chromium (the flags kensa(8) documents) and return the
    PDF's text, pages separated by form feeds."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise Skip("chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk poppler-utils)")
    pdftotext = find_tool("pdftotext")
    tmp = tempfile.mkdtemp(prefix="kensa-html-")
    try:
        page, pdf = os.path.join(tmp, "report.html"), os.path.join(tmp, "report.pdf")
        with open(page, "w") as f:
            f.write(html)
        p = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update",
                            "--host-resolver-rules=MAP * ~NOTFOUND",
                            "--user-data-dir=" + os.path.join(tmp, "profile"),
                            "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page],
                           capture_output=True, text=True, timeout=90, env=dict(os.environ, HOME=tmp))
        assert p.returncode == 0 and os.path.exists(pdf), f"chromium failed: {p.stderr[-2000:]}"
        return subprocess.run([pdftotext, "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stranded_headings(text, headings):
    """Headings a page ends with (whole, or begun and continued on the next page)."""
    flat = lambda s: re.sub(r"\s+", "", s)
    found = []
    for n, page in enumerate(text.split("\f"), 1):
        lines = [l for l in page.splitlines()
                 if l.strip() and not re.fullmatch(r"\s*\d+ / \d+\s*", l)]  # the page counter
        tail = flat("".join(lines[-4:]))
        for h in headings:
            if any(tail.endswith(h[:k]) for k in range(min(len(h), 4), len(h) + 1)):
                found.append((n, h[:40]))
    return found


def padded_root(extra_accounts):
    """The accounts fixture with more never-used accounts: longer details, so headings land at
    different heights of the pages."""
    root = scratch_root("accounts-debian12")
    # the firewall of tests/roots/netacl-nftables: row 2-⑬ answered yes, so the one-page action
    # summary this layout test sizes holds the same rows as before that row applied to servers
    shutil.copytree(os.path.join(ROOTS, "netacl-nftables"), root, symlinks=True,
                    dirs_exist_ok=True, ignore=shutil.ignore_patterns("ssh", "README"))
    with open(os.path.join(root, "etc/passwd"), "a") as pw, \
            open(os.path.join(root, "etc/shadow"), "a") as sh:
        for i in range(extra_accounts):
            pw.write(f"pad{i}:x:{2000 + i}:100:pad:/home/pad{i}:/bin/bash\n")
            sh.write(f"pad{i}:$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7"
                     ":20000:0:99999:7:::\n")
    return root


def test_print_keeps_headings_with_content_and_puts_the_action_summary_on_page_2():
    code, out, err = kensa("audit", "--root", scratch_root("accounts-debian12"), "--format", "json",
                           "--lang", "ja", "--as-of", AS_OF, "--skip", "password.defaults")
    flat = lambda s: re.sub(r"\s+", "", s)
    headings = [flat(i["label"] + i["title"]) for i in json.loads(out)["items"]]
    headings += ["対応が必要な項目", "チェックリスト", "項目ごとの詳細", "受容した例外", "確認と署名"]
    # the details grow with each account, so every heading meets a page foot somewhere in the
    # sweep (before the fix, 3-② was left alone at the foot of a page with 4 more accounts)
    for extra in (0, 4, 8):
        html = kensa("audit", "--root", padded_root(extra), "--site", SITE, "--as-of", AS_OF,
                     "--format", "html", "--skip", "password.defaults")[1]
        text = print_to_pdf_text(html)
        assert not stranded_headings(text, headings), (extra, stranded_headings(text, headings))
        pages = text.split("\f")
        page2 = flat(pages[1])
        assert page2.startswith("対応が必要な項目"), pages[1][:300]
        for want in ("問題点", "対処方法", "目標日", "2-⑤", "2-⑦", "2-⑪", "例外承認済み（期限2026-12-31）"):
            assert want in page2, (want, pages[1][:2000])
        assert flat(pages[2]).startswith("チェックリスト"), "the summary must fit on one page"
    # the checklist's 根拠 column names checks by their Japanese titles, not their ids
    row = html[html.index('id="row-2-8"'):]
    row = row[:row.index("</tr>")]
    assert "過去のパスワードの再利用" in row and "password.history" not in row, row


if __name__ == "__main__":  # test_vendor_form imports print_to_pdf_text
    run_tests(globals())
