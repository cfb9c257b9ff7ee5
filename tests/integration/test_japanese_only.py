#!/usr/bin/env python3
"""A Japanese report is Japanese (issue 17 item 9): no English sentence of kensa's own in the text,
checklist and HTML reports of several fixture roots and of the Windows fixtures; the summary
counts are separated by 、; the unit state says 経由, not "enabled via".

The detector looks for runs of three or more ASCII words made only of letters, between the
separators a sentence does not cross (punctuation, brackets, slashes). Not a sentence, so not
counted: quoted values (「」 "" '' ``), file contents quoted as evidence (after "N 行目:"), runs
with an all-capital word (commands with placeholders: "systemctl mask UNIT"), and names whose
every word is capitalised ("Red Hat Enterprise Linux", "Windows Hello for Business"). Paths,
ids, option names and subjects contain characters other than letters and break a run."""
import html
import os
import shutil
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "helpers"))
import make_windows_root as mw  # noqa: E402

ROOTS_TO_SCAN = ["accounts-debian12", "hashes-rhel9", "logs-debian-stock", "logs-rhel9",
                 "logs-syslog-ng", "pam-debian12-pwquality", "pam-rhel9-authselect",
                 "services-debian", "usb-debian12"]
CONNECTORS = {"for", "of", "and", "the", "on", "in", "to", "a"}
QUOTED = re.compile(r"「[^」]*」|“[^”]*”|\"[^\"]*\"|'[^']*'|`[^`]*`")
BREAKS = re.compile(r"[,、。:：;；()（）\[\]{}<>=|/]")


def is_name(words):
    return all(w[0].isupper() or w in CONNECTORS for w in words)


def english_runs(line):
    line = re.sub(r"(\d+ 行目:).*", r"\1", line)  # the rest is the audited file's own text
    line = QUOTED.sub(" | ", line)
    found = []
    for seg in BREAKS.split(line):
        run = []
        for tok in seg.split() + [""]:
            if re.fullmatch(r"[A-Za-z]+", tok):
                run.append(tok)
                continue
            if len(run) >= 3 and not any(len(w) > 1 and w.isupper() for w in run) \
                    and not is_name(run):
                found.append(" ".join(run))
            run = []
    return found


def visible_text(out):
    if "<html" not in out:
        return out
    out = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", out, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", out))


def scan(out, what):
    bad = [(r, l.strip()[:160]) for l in visible_text(out).splitlines() for r in english_runs(l)]
    assert not bad, f"{what}: English in a Japanese report: {bad[:5]}"


def test_detector_catches_english_and_passes_japanese():
    assert english_runs("対処: kensa could not read the file") == ["kensa could not read the file"]
    assert english_runs("警告: the clock is not yet synchronised") != []
    assert english_runs("postgres, alice, bob, carol") == []
    assert english_runs("/etc/inetd.conf: 28 行目: shell stream tcp /usr/sbin/tcpd") == []
    assert english_runs("（systemctl mask UNIT）") == []
    assert english_runs("Red Hat Enterprise Linux 9.4") == []
    assert english_runs("「it is quoted here」 と表示") == []


def test_japanese_reports_of_linux_roots_have_no_english_sentence():
    for name in ROOTS_TO_SCAN:
        if name == "logs-syslog-ng":  # a fragment: its syslog-ng files planted into a Debian root
            root = scratch_root("logs-debian-stock")
            shutil.copytree(os.path.join(ROOTS, name, "etc"), os.path.join(root, "etc"),
                            dirs_exist_ok=True)
        else:
            root = scratch_root(name)
        for fmt in ("text", "checklist", "html"):
            code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "ja",
                                   "--format", fmt, "--skip", "password.defaults")
            assert code in (0, 2), err
            scan(out, f"{name} {fmt}")


def test_japanese_reports_of_windows_fixtures_have_no_english_sentence():
    for scenario in ("windows-default", "windows-hardened"):
        root = scratch_root()
        mw.build(scenario, root)
        for fmt in ("text", "checklist", "html"):
            code, out, err = kensa("audit", "--root", root, "--platform", "windows", "--as-of",
                                   AS_OF, "--lang", "ja", "--format", fmt)
            assert code in (0, 2), err
            scan(out, f"{scenario} {fmt}")


def test_summary_uses_japanese_commas_and_unit_state_is_translated():
    root = scratch_root("logs-debian-stock")
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "ja",
                           "--skip", "password.defaults")
    summary = [l for l in out.splitlines() if l.startswith("集計（検査）")][0]
    assert re.fullmatch(r"集計（検査）: 合格 \d+、注意 \d+、不合格 \d+、エラー \d+、対象外 \d+、手動 \d+、[\d.]+ ミリ秒",
                        summary), summary
    assert "enabled via" not in out and " via " not in out
    assert "rsyslog.service: enabled（/etc/systemd/system/multi-user.target.wants/rsyslog.service 経由）" in out
    code, out, err = kensa("audit", "--root", root, "--as-of", AS_OF, "--lang", "en",
                           "--skip", "password.defaults")
    assert re.search(r"Summary \(checks\): PASS \d+, WARN \d+, FAIL \d+, ERROR \d+, N/A \d+, MANUAL \d+; ", out)
    assert "rsyslog.service: enabled (via /etc/systemd/system/multi-user.target.wants/rsyslog.service)" in out


if __name__ == "__main__":
    run_tests(globals())
