#!/usr/bin/env python3
"""media.usb_storage (item 2-9) on a Debian 12 fixture root (real kmod/systemd modprobe.d files, the
stock /etc/default/grub, the real modules.builtin and a modules.dep excerpt of linux-image-6.1.0-56)
with the controls planted at test time."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kensatest import *  # noqa: E402,F403

CHECK = "media.usb_storage"
KDIR = "usr/lib/modules/6.1.0-56-amd64"
GRUB_DEFAULT_SOURCE = os.path.join(ROOTS, "usb-debian12", "etc/default/grub")


def audit(root, *extra):
    _, rep = audit_json(root, "--only", CHECK, *extra)
    r = result(rep, CHECK)
    assert r["items"] == ["2-9"], r["items"]
    # a finding's whole evidence: its own and what it shares with others (shown once per check)
    for f in r["findings"]:
        f["evidence"] = f["evidence"] + [r["evidence"][i] for i in f.get("evidence_refs", [])]
    return r


def by_subject(r):
    out = {}
    for f in r["findings"]:
        out.setdefault(f["subject"], []).append(f)
    return out


def severity(r, subject):
    sev = {f["severity"] for f in r["findings"] if f["subject"] == subject}
    for s in ("fail", "warn", "info"):
        if s in sev:
            return s
    return None


def evidence_text(findings):
    return " | ".join(f"{e.get('source')}: {e.get('value')}" for f in findings for e in f["evidence"])


def block_conf(root, lines, name="usb-storage.conf", where="etc/modprobe.d"):
    write(root, f"{where}/{name}", "".join(l + "\n" for l in lines))


def test_nothing_planted_fails():
    r = audit(scratch_root("usb-debian12"))
    assert r["status"] == "fail", r
    assert severity(r, "usb_storage") == "fail" and severity(r, "uas") == "fail", r["findings"]
    ev = evidence_text(by_subject(r)["usb_storage"])
    assert "no install, blacklist" in ev, ev
    srcs = {e["source"] for e in r["evidence"]}
    assert "/lib/modules" in srcs or "/usr/lib/modules" in srcs, srcs
    assert any("not checked: offline" in e["value"] for e in r["evidence"]), r["evidence"]


def test_install_false_for_both_passes_with_line_evidence():
    root = scratch_root("usb-debian12")
    # the CIS form, dash spelling: kmod treats '-' and '_' alike in module names
    block_conf(root, ["# Block USB storage (CIS 1.1.23)", "install usb-storage /bin/false",
                      "blacklist usb-storage", "install uas /bin/false", "blacklist uas"])
    r = audit(root)
    assert r["status"] == "pass", r
    f = by_subject(r)
    assert severity(r, "usb_storage") == "info" and severity(r, "uas") == "info", r["findings"]
    assert "/etc/modprobe.d/usb-storage.conf: line 2: install usb_storage /bin/false" in evidence_text(f["usb_storage"])
    assert "line 4: install uas /bin/false" in evidence_text(f["uas"])


def test_blacklist_only_warns():
    root = scratch_root("usb-debian12")
    block_conf(root, ["blacklist usb_storage", "blacklist uas"])
    r = audit(root)
    assert r["status"] == "warn", r
    f = by_subject(r)
    assert severity(r, "usb_storage") == "warn" and severity(r, "uas") == "warn"
    ev = evidence_text(f["usb_storage"])
    assert "line 1: blacklist usb_storage" in ev, ev
    # the ums_* card-reader drivers still pull usb_storage in as a dependency
    assert "loaded as a dependency of: uas ums_" in ev or "ums_realtek" in ev, ev


def test_usb_storage_blocked_uas_follows_from_modules_dep():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb_storage /bin/true"])
    r = audit(root)
    # uas.ko needs usb-storage.ko (modules.dep): kmod runs usb_storage's install command for the
    # dependency and gives up, so uas cannot load either.
    assert r["status"] == "pass", r
    ev = evidence_text(by_subject(r)["uas"])
    assert "uas needs usb_storage" in ev and "install usb_storage /bin/true" in ev, ev


def test_usb_storage_blocked_uas_open_without_kernel_fails():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb_storage /bin/true"])
    os.unlink(os.path.join(root, KDIR, "modules.dep"))
    r = audit(root)
    assert r["status"] == "fail", r
    assert severity(r, "usb_storage") == "info" and severity(r, "uas") == "fail", r["findings"]


def test_uas_blocked_usb_storage_open_fails():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install uas /bin/false"])
    r = audit(root)
    assert r["status"] == "fail"
    assert severity(r, "usb_storage") == "fail" and severity(r, "uas") == "info", r["findings"]


def test_builtin_driver_fails_even_with_install():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb-storage /bin/false", "install uas /bin/false"])
    dep = os.path.join(root, KDIR, "modules.dep")
    with open(dep) as fh:
        lines = [l for l in fh if not l.startswith("kernel/drivers/usb/storage/usb-storage.ko:")]
    with open(dep, "w") as fh:
        fh.writelines(lines)
    with open(os.path.join(root, KDIR, "modules.builtin"), "a") as fh:
        fh.write("kernel/drivers/usb/storage/usb-storage.ko\n")
    r = audit(root)
    assert r["status"] == "fail", r
    f = by_subject(r)["usb_storage"]
    assert "built into kernel 6.1.0-56-amd64" in f[0]["detail"], f
    assert any(e["source"] == "/lib/modules/6.1.0-56-amd64/modules.builtin" for e in f[0]["evidence"])


def test_etc_file_overrides_same_name_in_usr_lib():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb-storage /bin/false", "install uas /bin/false"], where="usr/lib/modprobe.d")
    assert audit(root)["status"] == "pass"
    # a same-named /etc file hides the packaged one completely (kmod conf_files_list)
    block_conf(root, ["# local override: allow USB storage on this machine"])
    r = audit(root)
    assert r["status"] == "fail", r
    # ...and a non-.conf name does not count at all
    os.unlink(os.path.join(root, "etc/modprobe.d/usb-storage.conf"))
    block_conf(root, ["install usb-storage /bin/true"], name="usb-storage.conf.dpkg-dist")
    assert audit(root)["status"] == "pass"


def test_first_install_line_wins():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb_storage /sbin/modprobe --ignore-install usb_storage $CMDLINE_OPTS"],
               name="00-local.conf")
    block_conf(root, ["install usb-storage /bin/false", "install uas /bin/false"], name="99-cis.conf")
    r = audit(root)
    assert r["status"] == "fail", r
    ev = evidence_text(by_subject(r)["usb_storage"])
    assert "/etc/modprobe.d/00-local.conf: line 1" in ev and "loads the module" in ev, ev


def test_softdep_disables_install_and_unknown_command_warns():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb-storage /bin/false", "install uas /usr/local/sbin/usb-policy",
                      "softdep usb-storage pre: sd_mod"])
    r = audit(root)
    assert r["status"] == "fail", r
    f = by_subject(r)
    assert "ignores the install command" in evidence_text(f["usb_storage"])
    assert severity(r, "uas") == "warn" and "not recognised" in f["uas"][0]["detail"], f["uas"]


def test_grub_module_blacklist_passes_and_dash_spelling_does_not():
    root = scratch_root("usb-debian12")
    with open(GRUB_DEFAULT_SOURCE) as fh:
        grub = fh.read()
    write(root, "etc/default/grub", grub.replace('GRUB_CMDLINE_LINUX=""',
                                                  'GRUB_CMDLINE_LINUX="module_blacklist=usb_storage,uas"'))
    r = audit(root)
    assert r["status"] == "pass", r
    ev = evidence_text(by_subject(r)["uas"])
    assert "GRUB_CMDLINE_LINUX /etc/default/grub:10" in ev and "module_blacklist=usb_storage,uas" in ev, ev
    # the kernel compares module names exactly: usb-storage is not usb_storage
    write(root, "etc/default/grub", grub)
    write(root, "etc/default/grub.d/usb.cfg",
          'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX module_blacklist=usb-storage,uas"\n')
    r = audit(root)
    assert r["status"] == "fail", r
    assert any("compares module names exactly" in f["detail"] for f in by_subject(r)["usb_storage"])
    assert severity(r, "uas") == "info"
    # a second boot loader configuration without it: not counted
    write(root, "etc/default/grub.d/usb.cfg",
          'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX module_blacklist=usb_storage,uas"\n')
    assert audit(root)["status"] == "pass"
    write(root, "etc/kernel/cmdline", "root=UUID=0b1c ro quiet\n")
    assert audit(root)["status"] == "fail"


def test_grub_modprobe_blacklist_is_weak():
    root = scratch_root("usb-debian12")
    with open(GRUB_DEFAULT_SOURCE) as fh:
        grub = fh.read()
    write(root, "etc/default/grub", grub.replace('GRUB_CMDLINE_LINUX=""',
                                                  'GRUB_CMDLINE_LINUX="modprobe.blacklist=usb-storage,uas"'))
    r = audit(root)
    assert r["status"] == "warn", r


def plant_usbguard(root, rules, conf_extra=""):
    write(root, "usr/sbin/usbguard-daemon", "\x7fELF", mode=0o755)
    write(root, "usr/lib/systemd/system/usbguard.service", "[Install]\nWantedBy=basic.target\n")
    os.makedirs(os.path.join(root, "etc/systemd/system/basic.target.wants"), exist_ok=True)
    os.symlink("/lib/systemd/system/usbguard.service",
               os.path.join(root, "etc/systemd/system/basic.target.wants/usbguard.service"))
    # the structure of Debian's /etc/usbguard/usbguard-daemon.conf (usbguard 1.1.2+ds-6)
    write(root, "etc/usbguard/usbguard-daemon.conf",
          "# Rule set file path.\nRuleFile=/etc/usbguard/rules.conf\n"
          "RuleFolder=/etc/usbguard/rules.d/\n"
          "ImplicitPolicyTarget=block\nPresentDevicePolicy=apply-policy\n"
          "PresentControllerPolicy=keep\nInsertedDevicePolicy=apply-policy\n"
          "AuthorizedDefault=none\nIPCAllowedUsers=root\nIPCAllowedGroups=root plugdev\n" + conf_extra)
    write(root, "etc/usbguard/rules.conf", rules, mode=0o600)


GENERATED = ('allow id 1d6b:0002 serial "0000:00:14.0" name "xHCI Host Controller" '
             'hash "jEP/6WzviqdJ5VSeTUY8PatCNBKeaREvo2OqdplND/o=" parent-hash '
             '"rV9bfLq7c2eA4tYjVjwO4bxhm+y6GgZpl9J60L0fBkY=" with-interface 09:00:00 with-connect-type ""\n'
             'allow id 046d:c52b serial "" name "USB Receiver" hash "Nn9p6pGqY0qZ1x9dYkq2m3n5m1tS3yX2o8Fm2l0lX2o=" '
             'with-interface { 03:01:01 03:01:02 03:00:00 } with-connect-type "hotplug"\n')


def test_usbguard_block_policy_passes():
    root = scratch_root("usb-debian12")
    plant_usbguard(root, GENERATED)
    r = audit(root)
    assert r["status"] == "pass", r
    f = by_subject(r)
    assert "usbguard" in f and "implicit policy blocks" in f["usbguard"][-1]["detail"], f.get("usbguard")
    assert severity(r, "usb_storage") == "info"


def test_usbguard_allowing_storage_does_not_count():
    root = scratch_root("usb-debian12")
    plant_usbguard(root, GENERATED)
    write(root, "etc/usbguard/rules.d/50-storage.conf", "allow with-interface equals { 08:*:* }\n")
    r = audit(root)
    assert r["status"] == "fail", r
    ev = evidence_text(by_subject(r)["usbguard"])
    assert "/etc/usbguard/rules.d/50-storage.conf: line 1" in ev, ev


def test_usbguard_disabled_or_broken_does_not_count():
    root = scratch_root("usb-debian12")
    plant_usbguard(root, GENERATED)
    os.unlink(os.path.join(root, "etc/systemd/system/basic.target.wants/usbguard.service"))
    r = audit(root)
    assert r["status"] == "fail" and "not enabled" in by_subject(r)["usbguard"][0]["detail"], r
    root = scratch_root("usb-debian12")
    plant_usbguard(root, GENERATED + "allow with-interface { 08:*:*\n")
    r = audit(root)
    assert r["status"] == "fail", r
    assert severity(r, "usbguard") == "warn"


def test_authorized_default_zero_passes():
    root = scratch_root("usb-debian12")
    write(root, "etc/kernel/cmdline", "root=UUID=0b1c ro quiet usbcore.authorized_default=0\n")
    os.unlink(os.path.join(root, "etc/default/grub"))
    r = audit(root)
    assert r["status"] == "pass", r
    assert severity(r, "usbcore") == "info"
    # a udev rule authorising every device undoes it
    write(root, "etc/udev/rules.d/99-usb-auth.rules",
          'ACTION=="add", SUBSYSTEM=="usb", ATTR{authorized}="1"\n')
    r = audit(root)
    assert r["status"] == "fail", r
    assert severity(r, "usbcore") == "warn"


def test_malformed_modprobe_file_is_reported_not_fatal():
    root = scratch_root("usb-debian12")
    write(root, "etc/modprobe.d/usb-storage.conf",
          b"install usb-storage /bin/false\nblacklist\nfrobnicate uas\n\x00\x00\ninstall uas \\\n/bin/false\\")
    r = audit(root)
    assert r["status"] == "pass", r
    bad = by_subject(r)["/etc/modprobe.d/usb-storage.conf"]
    assert {f["severity"] for f in bad} == {"info"} and len(bad) == 2, bad
    assert "line 5: install uas /bin/false" in evidence_text(by_subject(r)["uas"])


def test_terminal_profile_reports_automount():
    root = scratch_root("usb-debian12")
    block_conf(root, ["install usb-storage /bin/false", "install uas /bin/false"])
    write(root, "usr/libexec/udisks2/udisksd", "\x7fELF", mode=0o755)
    write(root, "etc/dconf/db/local.d/00-media",
          "[org/gnome/desktop/media-handling]\nautomount=false\nautomount-open=false\n")
    write(root, "etc/dconf/db/local.d/locks/media", "/org/gnome/desktop/media-handling/automount\n")
    r = audit(root, "--profile", "terminal")
    assert r["status"] == "pass", r
    f = by_subject(r)
    assert "udisks2" in f and len(f["dconf"]) == 2, f.keys()
    assert "line 2: automount=false" in evidence_text(f["dconf"])
    assert "dconf" not in by_subject(audit(root))  # server profile: not reported


def test_report_validates_against_schema():
    root = scratch_root("usb-debian12")
    block_conf(root, ["blacklist usb_storage"])
    _, rep = audit_json(root, "--only", CHECK)
    validate_schema(rep)


run_tests(globals())
