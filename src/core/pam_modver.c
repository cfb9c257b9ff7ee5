/* Linux-PAM module versions: the installed libpam-modules from dpkg's database, else the
 * module's own shared object (a build that reads the file carries its path as a string). */
#include "pam_modver.h"
#include "../parsers/dpkg_version.h"
#include "context.h"
#include "i18n.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/dpkg_status.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct versioned_conf {
	const char *module;
	const char *conf;
	const char *since; /* first Linux-PAM release whose module reads conf */
};

/* From Linux-PAM's NEWS and tree: pwhistory.conf and pwhistory_config.c arrive in 1.5.3;
 * pam_faillock (and faillock.conf) in 1.4.0. */
static const struct versioned_conf table[] = {
	{ "pam_pwhistory", "/etc/security/pwhistory.conf", "1.5.3" },
	{ "pam_faillock", "/etc/security/faillock.conf", "1.4.0" },
};

#define DPKG_STATUS_MAX (64u << 20)
#define MODULE_MAX (8u << 20)

int pam_version_compare(const char *a, const char *b)
{
	int ok;
	int c = dpkg_version_compare_text(a, b, &ok);
	return ok ? c : strcmp(a, b);
}

/* "1:1.5.2-6+deb12u2" -> "1.5.2" (no epoch, no Debian revision). */
static char *upstream_of(const char *version)
{
	const char *colon = strchr(version, ':');
	const char *start = colon ? colon + 1 : version;
	const char *dash = strrchr(start, '-');
	return xstrndup(start, dash ? (size_t)(dash - start) : strlen(start));
}

/* 1 found (version into *out), 0 no such package, negative errno. */
static int dpkg_version(struct audit_context *ctx, const char *package, char **out)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, "/var/lib/dpkg/status", DPKG_STATUS_MAX, &buf);
	if (rc < 0)
		return rc;
	struct dpkg_status st;
	dpkg_status_parse(buf.data, buf.len, &st);
	file_buf_free(&buf);
	const struct dpkg_package *p = dpkg_status_find_present(&st, package);
	rc = 0;
	if (p && p->version[0]) {
		*out = xstrdup(p->version);
		rc = 1;
	}
	dpkg_status_free(&st);
	return rc;
}

/* The module's shared object in the usual library directories: does it name conf? 1 yes,
 * 0 no, -ENOENT no module found. */
static int module_names_conf(struct audit_context *ctx, const char *module, const char *conf,
			     char **path_out)
{
	static const char *const dirs[] = {
		"/usr/lib/x86_64-linux-gnu/security", "/lib/x86_64-linux-gnu/security",
		"/usr/lib/aarch64-linux-gnu/security", "/lib/aarch64-linux-gnu/security",
		"/usr/lib64/security", "/lib64/security", "/usr/lib/security", "/lib/security",
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *path = xasprintf("%s/%s.so", dirs[i], module);
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, path, MODULE_MAX, &buf);
		if (rc < 0) {
			free(path);
			continue;
		}
		size_t n = strlen(conf);
		bool found = false;
		for (size_t k = 0; k + n <= buf.len && !found; k++)
			found = buf.data[k] == conf[0] && memcmp(buf.data + k, conf, n) == 0;
		file_buf_free(&buf);
		*path_out = path;
		return found;
	}
	return -ENOENT;
}

enum pam_conf_answer pam_module_reads_conf(struct audit_context *ctx, const char *module,
					   const char **conf, char **reason)
{
	size_t mlen = strlen(module);
	if (mlen > 3 && strcmp(module + mlen - 3, ".so") == 0)
		mlen -= 3;
	*conf = NULL;
	*reason = NULL;
	const struct versioned_conf *v = NULL;
	for (size_t i = 0; i < sizeof table / sizeof table[0] && !v; i++)
		if (strlen(table[i].module) == mlen && strncmp(table[i].module, module, mlen) == 0)
			v = &table[i];
	if (!v)
		return PAM_CONF_NOT_READ;
	*conf = v->conf;
	char *version = NULL;
	int rc = dpkg_version(ctx, "libpam-modules", &version);
	if (rc == 1) {
		char *up = upstream_of(version);
		bool reads = pam_version_compare(up, v->since) >= 0;
		*reason = xasprintf(reads ? _("libpam-modules %s (/var/lib/dpkg/status): %s reads "
					      "%s (Linux-PAM %s and later)")
					  : _("libpam-modules %s (/var/lib/dpkg/status): %s does not "
					      "read %s (only Linux-PAM %s and later do)"),
				    version, v->module, v->conf, v->since);
		free(up);
		free(version);
		return reads ? PAM_CONF_READ : PAM_CONF_NOT_READ;
	}
	char *so = NULL;
	rc = module_names_conf(ctx, v->module, v->conf, &so);
	if (rc >= 0) {
		*reason = xasprintf(rc ? _("the module's own build %s names %s: it reads it")
				       : _("the module's own build %s does not name %s: it never "
					   "opens it"),
				    so, v->conf);
		free(so);
		return rc ? PAM_CONF_READ : PAM_CONF_NOT_READ;
	}
	*reason = xasprintf(_("the version of %s could not be determined (no libpam-modules in "
			      "/var/lib/dpkg/status and no %s.so found): whether it reads %s "
			      "(Linux-PAM %s and later) is unknown"),
			    v->module, v->module, v->conf, v->since);
	return PAM_CONF_UNKNOWN;
}
