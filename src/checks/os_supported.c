/* os.supported (the MHLW nine rules, rules 6 and 8): the audited Linux release still receives
 * security updates from its vendor, judged as of the audit date against the support-lifecycle
 * data ([updates] os_lifecycle, profiles/os-lifecycle.ini). The release is what os-release(5)
 * names (ID, VERSION_ID or its major part); Debian's /etc/debian_version stands in when
 * VERSION_ID is absent. An OS the data does not know is an error with the reason, never a guess. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include "os_support.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OS_RELEASE_MAX (64u * 1024)

/* The first line of /etc/debian_version ("12.8", "trixie/sid"), or NULL */
static char *debian_version(const struct audit_context *ctx)
{
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, "/etc/debian_version", 4096, &buf) != 0)
		return NULL;
	size_t n = strcspn(buf.data, "\r\n");
	char *s = memchr(buf.data, '\0', buf.len) ? NULL : xstrndup(buf.data, n);
	file_buf_free(&buf);
	return s;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const char *paths[] = { "/etc/os-release", "/usr/lib/os-release" };
	const char *used = NULL;
	struct os_release osr = { 0 };
	int last = -ENOENT;
	for (size_t i = 0; i < 2 && !used; i++) {
		struct file_buf buf;
		last = rootfs_read_file(ctx->root, paths[i], OS_RELEASE_MAX, &buf);
		if (last == -ENOENT)
			continue;
		if (last != 0) {
			result_error(r, _("%s cannot be read: %s"), paths[i], rootfs_strerror(last));
			return;
		}
		bool ok = os_release_parse(buf.data, buf.len, &osr);
		file_buf_free(&buf);
		if (!ok) {
			result_error(r, _("%s is not a text file"), paths[i]);
			return;
		}
		used = paths[i];
	}
	if (!used) {
		result_error(r, _("no os-release file (/etc/os-release, /usr/lib/os-release): the OS "
				  "release cannot be known"));
		return;
	}
	char major[16] = "";
	char *seen = xasprintf("ID=%s VERSION_ID=%s (%s)", osr.id ? osr.id : "-",
			       osr.version_id ? osr.version_id : "-",
			       osr.pretty_name ? osr.pretty_name : "-");
	const char *seen_source = used;
	char *debver = NULL;
	if (!osr.id) {
		result_error(r, _("%s has no ID: the OS release cannot be known"), used);
		goto out;
	}
	if (osr.version_id && !os_version_major(osr.version_id, major, sizeof major)) {
		result_error(r, _("%s: VERSION_ID '%s' is not a version number"), used,
			     osr.version_id);
		goto out;
	}
	if (!osr.version_id && strcmp(osr.id, "debian") == 0) {
		/* testing and unstable have no VERSION_ID; a point release's debian_version does */
		debver = debian_version(ctx);
		if (debver && os_version_major(debver, major, sizeof major)) {
			free(seen);
			seen = xasprintf("%s", debver);
			seen_source = "/etc/debian_version";
		} else {
			result_error(r, _("%s (/etc/debian_version %s) is Debian testing or unstable: it "
					  "has no security support period to judge"),
				     osr.pretty_name ? osr.pretty_name : osr.id,
				     debver ? debver : "-");
			goto out;
		}
	}
	if (!major[0]) {
		result_error(r, _("%s has no VERSION_ID: the release of %s cannot be known"), used,
			     osr.id);
		goto out;
	}
	struct os_lifecycle db;
	char *data_path;
	if (os_support_load(ctx, &db, &data_path, r) != 0)
		goto out;
	/* the whole VERSION_ID first ("ubuntu 22.04"), then its major part ("rhel 9" for 9.4):
	 * an interim "22.10" never falls back onto the LTS "22.04" */
	const struct os_release_entry *e = osr.version_id
		? os_lifecycle_find_linux(&db, osr.id, osr.version_id) : NULL;
	if (!e)
		e = os_lifecycle_find_linux(&db, osr.id, major);
	if (!e) {
		result_evidence(r, seen_source, "%s", seen);
		result_error(r, _("%s %s is not in the support-lifecycle data %s: its end of security "
				  "support is unknown (add the release with its vendor's dates)"),
			     osr.id, major, data_path);
	} else {
		os_support_judge(ctx, r, e, data_path, seen_source, seen);
	}
	os_lifecycle_free(&db);
	free(data_path);
out:
	free(debver);
	free(seen);
	os_release_free(&osr);
}

const struct check check_os_supported = {
	.id = "os.supported",
	.title = N_("The operating system still receives security updates"),
	.remediation = N_("Upgrade to a release its vendor still supports with security updates, or "
			  "replace the machine; until then keep it off networks it need not reach"),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
