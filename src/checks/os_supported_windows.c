/* os.supported on Windows (the MHLW nine rules, rules 6 and 8): the build and edition in the
 * registry (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: CurrentBuild, EditionID;
 * DisplayVersion and ProductName as evidence) against the support-lifecycle data. Microsoft's
 * dates depend on the build and the edition group (Home/Pro, Enterprise/Education, LTSC, Server);
 * ProductName is not used to decide (Windows 11 still writes "Windows 10" there). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "os_support.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NT_CURRENT_VERSION "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"

/* A REG_SZ value of CurrentVersion, malloc'd, or NULL (absent or not text); *path_out gets the
 * file read the first time one is found. */
static char *nt_string(const struct audit_context *ctx, const char *name, char **path_out,
		       int *err)
{
	struct winreg_value v;
	int rc = winreg_read(ctx->root, NT_CURRENT_VERSION, name, &v);
	if (rc != 0) {
		if (rc != -ENOENT && !*err)
			*err = rc;
		return NULL;
	}
	const char *s = winreg_value_string(&v);
	char *out = s ? xstrdup(s) : NULL;
	if (!*path_out && out) {
		char *slash = strrchr(v.path, '/');
		*path_out = slash ? xstrndup(v.path, (size_t)(slash - v.path)) : xstrdup(v.path);
	}
	winreg_value_free(&v);
	return out;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) != 0)
		return;
	char *key_path = NULL;
	int err = 0;
	char *build = nt_string(ctx, "CurrentBuild", &key_path, &err);
	char *edition = nt_string(ctx, "EditionID", &key_path, &err);
	char *display = nt_string(ctx, "DisplayVersion", &key_path, &err);
	char *product = nt_string(ctx, "ProductName", &key_path, &err);
	char *seen = NULL;
	if (err == -EACCES) {
		result_error(r, _("%s cannot be read: run kensa from an elevated prompt"),
			     NT_CURRENT_VERSION);
		goto out;
	}
	if (!build || !build[0] || strspn(build, "0123456789") != strlen(build)) {
		result_error(r, _("%s has no CurrentBuild number: the Windows release cannot be known"),
			     NT_CURRENT_VERSION);
		goto out;
	}
	if (!edition || !edition[0]) {
		result_error(r, _("%s has no EditionID: which support period applies to build %s "
				  "cannot be known"), NT_CURRENT_VERSION, build);
		goto out;
	}
	seen = xasprintf("CurrentBuild=%s EditionID=%s DisplayVersion=%s ProductName=%s", build,
			 edition, display ? display : "-", product ? product : "-");
	struct os_lifecycle db;
	char *data_path;
	if (os_support_load(ctx, &db, &data_path, r) != 0)
		goto out;
	const struct os_release_entry *e = os_lifecycle_find_windows(&db, build, edition);
	if (!e) {
		result_evidence(r, key_path, "%s", seen);
		result_error(r, _("Windows build %s, edition %s is not in the support-lifecycle data "
				  "%s: its end of security support is unknown (add it with Microsoft's "
				  "dates)"), build, edition, data_path);
	} else {
		os_support_judge(ctx, r, e, data_path, key_path, seen);
	}
	os_lifecycle_free(&db);
	free(data_path);
out:
	free(seen);
	free(key_path);
	free(build);
	free(edition);
	free(display);
	free(product);
}

const struct check check_os_supported_windows = {
	.id = "os.supported",
	.title = N_("The operating system still receives security updates"),
	.remediation = N_("Upgrade to a Windows version Microsoft still supports with security "
			  "updates (a newer feature update, or another edition), or replace the "
			  "machine; until then keep it off networks it need not reach"),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
