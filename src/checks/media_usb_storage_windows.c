/* media.usb_storage on Windows (item 2-9): USB mass storage cannot be used when its drivers are
 * disabled (Services\USBSTOR and, for USB Attached SCSI drives, Services\UASPStor with Start = 4),
 * or when the "Removable Storage Access" policy denies it (RemovableStorageDevices\Deny_All = 1,
 * or Deny_Read and Deny_Write = 1 for the removable disk class). AutoRun for all drive types
 * (NoDriveTypeAutoRun = 0xFF) is reported as evidence. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVICES "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"
#define RSA_POLICY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices"
#define REMOVABLE_DISKS "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}"
#define EXPLORER_POLICY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer"

struct regnum {
	int rc;        /* 0, -ENOENT, -EACCES, -EINVAL */
	int64_t value;
	char *path;
	const char *name;
};

static void read_num(struct audit_context *ctx, const char *key, const char *name, uint64_t max,
		     struct regnum *n)
{
	n->name = name;
	n->rc = winreg_read_number(ctx->root, key, name, max, &n->value, &n->path);
	if (n->rc == -EINVAL)
		return;
	if (n->rc < 0) {
		free(n->path);
		n->path = NULL;
	}
}

/* Evidence for a value: read, absent, or unreadable. Returns false when a value exists but could
 * not be used (unreadable or malformed): the caller must not pass on it. */
static bool evidence(struct check_result *r, const struct regnum *n, const char *key)
{
	if (n->rc == 0) {
		result_evidence(r, n->path, "%s = %lld", n->name, (long long)n->value);
		return true;
	}
	if (n->rc == -ENOENT) {
		result_evidence(r, NULL, _("%s\\%s not set"), key, n->name);
		return true;
	}
	struct finding *f = result_finding(r, FINDING_WARN, n->name, n->rc == -EACCES
		? _("cannot be read (run elevated, as Administrator)")
		: _("is not a number (neither a DWORD nor a decimal string): ignored"));
	finding_evidence(f, n->path, "%s\\%s", key, n->name);
	return false;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) != 0)
		return;
	struct regnum usbstor = { 0 }, uasp = { 0 }, deny_all = { 0 }, deny_read = { 0 },
		      deny_write = { 0 }, autorun = { 0 };
	read_num(ctx, SERVICES "\\USBSTOR", "Start", 4, &usbstor);
	read_num(ctx, SERVICES "\\UASPStor", "Start", 4, &uasp);
	read_num(ctx, RSA_POLICY, "Deny_All", 1, &deny_all);
	read_num(ctx, RSA_POLICY "\\" REMOVABLE_DISKS, "Deny_Read", 1, &deny_read);
	read_num(ctx, RSA_POLICY "\\" REMOVABLE_DISKS, "Deny_Write", 1, &deny_write);
	read_num(ctx, EXPLORER_POLICY, "NoDriveTypeAutoRun", 255, &autorun);
	const struct regnum *all[] = { &usbstor, &uasp, &deny_all, &deny_read, &deny_write };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i]->rc == -EACCES) {
			result_error(r, _("%s cannot be read (run elevated, as Administrator)"),
				     all[i]->name);
			goto out;
		}
	evidence(r, &usbstor, "Services\\USBSTOR");
	evidence(r, &uasp, "Services\\UASPStor");
	evidence(r, &deny_all, "RemovableStorageDevices");
	evidence(r, &deny_read, "RemovableStorageDevices\\" REMOVABLE_DISKS);
	evidence(r, &deny_write, "RemovableStorageDevices\\" REMOVABLE_DISKS);

	bool policy_all = deny_all.rc == 0 && deny_all.value == 1;
	bool policy_disks = deny_read.rc == 0 && deny_read.value == 1 && deny_write.rc == 0 &&
			    deny_write.value == 1;
	bool usbstor_off = usbstor.rc == 0 && usbstor.value == 4;
	/* UASPStor exists from Windows 8 on; where it is absent only USBSTOR attaches drives */
	bool uasp_off = uasp.rc == -ENOENT || (uasp.rc == 0 && uasp.value == 4);
	const char *how = NULL;
	if (policy_all)
		how = _("the Removable Storage Access policy denies all access (Deny_All = 1)");
	else if (policy_disks)
		how = _("the Removable Storage Access policy denies reading and writing removable "
			"disks");
	else if (usbstor_off && uasp_off)
		how = _("the USB storage drivers are disabled (Start = 4)");

	if (!how) {
		if (usbstor_off && !uasp_off) {
			struct finding *f = result_finding(r, FINDING_FAIL, "UASPStor",
				_("USBSTOR is disabled but UASPStor (USB Attached SCSI) still loads: "
				  "USB 3 drives and SSDs attach through it"));
			finding_evidence(f, uasp.path, "Start = %lld", (long long)uasp.value);
		} else if ((deny_read.rc == 0 && deny_read.value == 1) ||
			   (deny_write.rc == 0 && deny_write.value == 1)) {
			bool reads = deny_read.rc == 0 && deny_read.value == 1;
			struct finding *f = result_finding(r, FINDING_FAIL, "RemovableStorageDevices",
				reads ? _("removable disks cannot be read but can be written: data can "
					  "leave on a USB drive")
				      : _("removable disks cannot be written but can be read: software "
					  "and malware can come in on a USB drive"));
			finding_evidence(f, reads ? deny_read.path : deny_write.path, "%s = 1",
					 reads ? "Deny_Read" : "Deny_Write");
		} else {
			struct finding *f = result_finding(r, FINDING_FAIL, "USBSTOR",
				usbstor.rc == -ENOENT
				? _("USB storage is not blocked: the USBSTOR driver installs itself (Start "
				    "= 3) when the first drive is attached, and no policy denies access")
				: _("USB storage is not blocked: the USBSTOR driver loads on demand and no "
				    "policy denies access"));
			if (usbstor.rc == 0)
				finding_evidence(f, usbstor.path, "Start = %lld", (long long)usbstor.value);
		}
	}
	/* A value that exists but could not be read must not turn into a pass. */
	bool unreadable = (usbstor.rc < 0 && usbstor.rc != -ENOENT) ||
			  (uasp.rc < 0 && uasp.rc != -ENOENT) ||
			  (deny_all.rc < 0 && deny_all.rc != -ENOENT);
	bool undecided = how && unreadable && !policy_all && !policy_disks;
	if (undecided)
		how = NULL; /* evidence() left a warning for the unreadable value */

	if (autorun.rc == 0 && (autorun.value & 0xFF) == 0xFF) {
		result_evidence(r, autorun.path, _("NoDriveTypeAutoRun = 0x%llx: AutoRun is off for "
						   "every drive type"), (long long)autorun.value);
	} else if (autorun.rc == 0 || autorun.rc == -ENOENT) {
		struct finding *f = result_finding(r, FINDING_INFO, "NoDriveTypeAutoRun",
			_("AutoRun is not off for every drive type (0xFF); Windows' default 0x91 leaves "
			  "it on for removable drives"));
		if (autorun.rc == 0)
			finding_evidence(f, autorun.path, "0x%llx", (long long)autorun.value);
		else
			finding_evidence(f, NULL, _("%s\\NoDriveTypeAutoRun not set"),
					 "Policies\\Explorer");
	} else {
		evidence(r, &autorun, "Policies\\Explorer");
	}
	if (how)
		result_reason(r, "%s", how);
	else if (undecided)
		result_reason(r, _("a driver setting could not be read: whether USB storage is blocked "
				   "cannot be told"));
	else
		result_reason(r, _("USB mass storage can be used"));
out:
	free(usbstor.path);
	free(uasp.path);
	free(deny_all.path);
	free(deny_read.path);
	free(deny_write.path);
	free(autorun.path);
}

const struct check check_media_usb_storage_windows = {
	.id = "media.usb_storage",
	.title = N_("USB mass-storage devices cannot be attached"),
	.remediation = N_("Enable the policy 'All Removable Storage classes: Deny all access' "
			  "(gpedit.msc > Computer Configuration > Administrative Templates > System > "
			  "Removable Storage Access), or set Start = 4 under "
			  "HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR and UASPStor; turn AutoRun "
			  "off for all drives (NoDriveTypeAutoRun = 0xFF)."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
