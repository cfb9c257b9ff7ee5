/* Reading the [services] reasons files (see services_reasons.h). */
#include "services_reasons.h"
#include "../core/i18n.h"
#include "../core/embedded_data.h"
#include "../core/ini.h"
#include "../core/profile.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_REASONS_BYTES (1u << 20)

static bool same_name(const struct services_reasons *rs, const char *a, const char *b)
{
	return rs->nocase ? !strcasecmp(a, b) : !strcmp(a, b);
}

static int reason_cb(void *ud, const char *section, const char *key, enum ini_op op,
		     const char *value, unsigned lineno, char *err, size_t errlen)
{
	struct services_reasons *rs = ud;
	(void)lineno;
	(void)err;
	(void)errlen;
	if (!key || strcmp(section, "reasons") != 0 || op != INI_SET)
		return 0; /* a section header, or another section */
	for (size_t i = 0; i < rs->n; i++)
		if (same_name(rs, rs->names[i], key)) {
			free(rs->texts[i]);
			rs->texts[i] = xstrdup(value);
			return 0;
		}
	rs->names = xreallocarray(rs->names, rs->n + 1, sizeof *rs->names);
	rs->texts = xreallocarray(rs->texts, rs->n + 1, sizeof *rs->texts);
	rs->names[rs->n] = xstrdup(key);
	rs->texts[rs->n] = xstrdup(value);
	rs->n++;
	return 0;
}

void services_reasons_load(const struct audit_context *ctx, struct services_reasons *rs,
			   bool nocase, struct check_result *r)
{
	memset(rs, 0, sizeof *rs);
	rs->nocase = nocase;
	const struct profile_list *files = profile_list(ctx->profile, "services", "reasons");
	for (size_t i = 0; i < files->n; i++) {
		char *path = profile_data_path(ctx->profile, files->items[i]);
		if (!path) {
			result_evidence(r, NULL, _("reasons file %s not found: findings show no reason"),
					files->items[i]);
			continue;
		}
		char *buf;
		size_t len;
		int rc = data_file_read(path, MAX_REASONS_BYTES, &buf, &len); /* disk or built in */
		char err[512] = "";
		if (rc != 0)
			msg_snprintf(err, sizeof err, "%s", rc == -EFBIG ? _("larger than 1 MiB") : kensa_strerror(-rc));
		else if (ini_parse(buf, len, path, reason_cb, rs, err, sizeof err) == 0)
			err[0] = '\0';
		if (err[0])
			result_evidence(r, path, _("reasons not read: %s"), err);
		free(buf);
		free(path);
	}
}

const char *services_reasons_find(const struct services_reasons *rs, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (same_name(rs, rs->names[i], name))
			/* the shipped reasons are translated in po/ (a site's own print as written);
			 * "" would fetch the catalogue's header */
			return rs->texts[i][0] ? _(rs->texts[i]) : rs->texts[i];
	return NULL;
}

void services_reasons_free(struct services_reasons *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->names[i]);
		free(rs->texts[i]);
	}
	free(rs->names);
	free(rs->texts);
}
