/* The --root sanity probe (rootcheck.h): a directory that holds none of the files every system of
 * the platform has is an unmounted image or a wrong path, not a system with nothing to report. */
#include "rootcheck.h"
#include "i18n.h"
#include "rootfs.h"
#include "winreg.h"
#include "winsource.h"
#include <stdio.h>
#include <sys/stat.h>

/* Present as the kind of file the OS keeps there (a link resolved inside the root counts: Debian's
 * etc/os-release links to ../usr/lib/os-release). Unreadable still counts: it exists. */
static bool present(const struct rootfs *root, const char *path, bool dir)
{
	struct stat st;
	if (rootfs_stat(root, path, &st) != 0)
		return false;
	return dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

bool rootcheck_is_os_root(const struct rootfs *root, enum platform platform, char *missing,
			  size_t missinglen)
{
	/* winsource.c reads the vendor's captures from kensa-capture/, winreg.c the copied
	 * registry; a Windows root has at least one of them (kensa(8), WINDOWS) */
	bool windows = present(root, WIN_CAPTURE_DIR, true) ||
		       present(root, WINREG_ROOT "/HKEY_LOCAL_MACHINE", true);
	if (platform == PLATFORM_WINDOWS) {
		if (windows)
			return true;
		msg_snprintf(missing, missinglen, _("no %s/ and no %s/HKEY_LOCAL_MACHINE/"),
			 &WIN_CAPTURE_DIR[1], &WINREG_ROOT[1]); /* without the leading '/' */
		return false;
	}
	if (present(root, "/etc/os-release", false) || present(root, "/usr/lib/os-release", false) ||
	    present(root, "/etc/passwd", false))
		return true;
	msg_snprintf(missing, missinglen, windows ? _("no etc/os-release or usr/lib/os-release, no "
						  "etc/passwd; it holds Windows captures: add "
						  "--platform windows")
					      : _("no etc/os-release or usr/lib/os-release, no etc/passwd"));
	return false;
}
