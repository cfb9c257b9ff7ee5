#!/usr/bin/python3
"""The vendor's form (事業者確認用) on real debootstrapped Debian images (bookworm, trixie): a
vendor's maintenance account made with the image's own useradd, then `kensa audit --root IMG`
as the institution's form and as the vendor's. The vendor's form must be exactly the
institution's sections 1-2, row for row and answer for answer, on the real system; a saved
institution report shown with `kensa report --form vendor` must equal the vendor's audit; and
`kensa summary` must keep the two forms apart. Exit 77 when no image can be had here."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import debian_image as di  # noqa: E402
import kensatest as kt  # noqa: E402

VENDOR_SITE = os.path.join(kt.SOURCE_ROOT, "tests", "data", "sites", "sakura-clinic-vendor.ini")
FAST = ("--skip", "password.defaults")


def audit_json(root, *args):
    code, out, err = kt.kensa("audit", "--root", root, "--format", "json", "--as-of", kt.AS_OF,
                              "--lang", "ja", *FAST, *args)
    assert code in (0, 2), f"kensa exit {code}: {err}"
    rep = json.loads(out)
    kt.validate_schema(rep)
    return out, rep


def check_suite(suite):
    with di.cloned(suite=suite) as root:
        di.useradd(root, "vendor-maint", "-m", "-s", "/bin/bash", "-c", "保守業者")
        # a password set long ago and never used: accounts.stale's finding, on both forms' 2-5
        di.chroot(root, ["chpasswd"], input="vendor-maint:Maint-2020-password\n")
        di.chroot(root, ["chage", "-d", "2020-01-01", "vendor-maint"])
        for edition in ("mhlw-r6", "mhlw-r7"):
            inst_text, inst = audit_json(root, "-c", edition, "--site", VENDOR_SITE)
            vend_text, vend = audit_json(root, "-c", edition, "--site", VENDOR_SITE,
                                         "--form", "vendor")
            assert inst["form"] == "institution" and vend["form"] == "vendor"
            early = [i for i in inst["items"] if i["section"] in ("1", "2")]
            assert len(early) < len(inst["items"]), "the institution's form has sections 3-4"
            assert [i["id"] for i in early] == [i["id"] for i in vend["items"]], suite
            for a, b in zip(early, vend["items"]):
                assert a["answer"] == b["answer"], (suite, edition, a["id"])
            assert [r["id"] for r in inst["results"]] == [r["id"] for r in vend["results"]]
            stale = kt.result(vend, "accounts.stale")
            assert "vendor-maint" in json.dumps(stale, ensure_ascii=False), (suite, stale["findings"])
            with tempfile.TemporaryDirectory() as tmp:
                paths = {}
                for name, text in (("inst", inst_text), ("vend", vend_text)):
                    paths[name] = os.path.join(tmp, f"{name}.json")
                    with open(paths[name], "w") as f:
                        f.write(text)
                code, out, err = kt.kensa("report", "--form", "vendor", "-f", "json", paths["inst"])
                assert code == 0 and json.loads(out)["items"] == vend["items"], err
                code, out, err = kt.kensa("summary", "-f", "json", "--as-of", kt.AS_OF, tmp)
                assert code == 0, err
                s = json.loads(out)
                assert s["form"] == "institution" and s["hosts_count"] == 1
                assert [os.path.basename(p) for p in s["other_form_reports"]] == ["vend.json"]
    print("ok      %s: vendor's form = the institution's sections 1-2 (R6, R7)" % suite)


if __name__ == "__main__":
    ran = 0
    for suite in di.suites():
        di.SUITE = suite
        print("== %s" % suite)
        try:
            check_suite(suite)
            ran += 1
        except SystemExit as e:
            if e.code != di.SKIP:
                raise
    sys.exit(0 if ran else di.SKIP)
