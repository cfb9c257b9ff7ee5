/* os.supported's shared half (see os_support.h). */
#include "os_support.h"
#include "../core/context.h"
#include "../core/embedded_data.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/result.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIFECYCLE_BYTES (1u << 20)

int os_support_load(const struct audit_context *ctx, struct os_lifecycle *db, char **path_out,
		    struct check_result *r)
{
	memset(db, 0, sizeof *db);
	*path_out = NULL;
	const char *name = profile_string(ctx->profile, "updates", "os_lifecycle");
	char *path = profile_data_path(ctx->profile, name);
	if (!path) {
		result_error(r, _("the support-lifecycle data %s was not found"), name);
		return -1;
	}
	char *buf = NULL;
	size_t len;
	int rc = data_file_read(path, MAX_LIFECYCLE_BYTES, &buf, &len); /* disk or built in */
	if (rc != 0) {
		result_error(r, _("the support-lifecycle data %s cannot be read: %s"), path,
			     rc == -EFBIG ? _("larger than 1 MiB") : kensa_strerror(-rc));
		free(path);
		return -1;
	}
	char err[512];
	if (os_lifecycle_parse(buf, len, path, db, err, sizeof err) != 0) {
		result_error(r, _("the support-lifecycle data is malformed: %s"), err);
		free(buf);
		free(path);
		return -1;
	}
	free(buf);
	*path_out = path;
	return 0;
}

static const char *kind_label(enum os_support_kind k)
{
	return k == OS_SUPPORT_LTS ? _("LTS/extended support") : _("regular security support");
}

static void period_evidence(struct check_result *r, const char *data_path,
			    const struct os_support_period *p, enum os_support_kind k)
{
	if (!p->set)
		return;
	result_evidence(r, data_path, _("%s: last day %s (source %s, read on %s)%s"), kind_label(k),
			p->end_text, p->source ? p->source : "-", p->checked ? p->checked : "-",
			p->unverified ? _("; this date is not confirmed by a first-hand source") : "");
}

void os_support_judge(const struct audit_context *ctx, struct check_result *r,
		      const struct os_release_entry *e, const char *data_path, const char *seen_source,
		      const char *seen_value)
{
	result_evidence(r, seen_source, "%s", seen_value);
	period_evidence(r, data_path, &e->period[OS_SUPPORT_REGULAR], OS_SUPPORT_REGULAR);
	period_evidence(r, data_path, &e->period[OS_SUPPORT_LTS], OS_SUPPORT_LTS);
	long long warn = profile_int(ctx->profile, "updates", "os_support_warn_days");
	enum os_support_kind k;
	enum os_support_state st = os_lifecycle_judge(e, ctx->today, warn, &k);
	const struct os_support_period *p = &e->period[k];
	const struct os_support_period *reg = &e->period[OS_SUPPORT_REGULAR];
	struct finding *f;
	switch (st) {
	case OS_ENDED:
		f = result_finding(r, FINDING_FAIL, e->name,
				   _("security updates ended: %s ended on %s"), kind_label(k),
				   p->end_text);
		finding_remedy(f, _("Upgrade %s to a release that still receives security updates, or "
				    "replace the machine; until then isolate it from the network"),
			       e->name);
		break;
	case OS_ENDING:
		f = result_finding(r, FINDING_WARN, e->name,
				   _("security updates end soon: %s ends on %s (%lld days from the audit date)"),
				   kind_label(k), p->end_text, (long long)(p->end - ctx->today));
		finding_remedy(f, _("Plan the upgrade of %s before %s"), e->name, p->end_text);
		break;
	case OS_SUPPORTED_LTS:
		result_finding(r, FINDING_INFO, e->name,
			       _("regular security support ended on %s; %s continues until %s"),
			       reg->end_text, kind_label(OS_SUPPORT_LTS),
			       e->period[OS_SUPPORT_LTS].end_text);
		result_reason(r, _("%s receives security updates (%s) until %s"), e->name,
			      kind_label(OS_SUPPORT_LTS), e->period[OS_SUPPORT_LTS].end_text);
		break;
	case OS_SUPPORTED:
		if (e->period[OS_SUPPORT_LTS].set)
			result_reason(r, _("%s receives security updates (%s) until %s, then %s "
					   "until %s"), e->name, kind_label(k), p->end_text,
				      kind_label(OS_SUPPORT_LTS), e->period[OS_SUPPORT_LTS].end_text);
		else
			result_reason(r, _("%s receives security updates (%s) until %s"), e->name,
				      kind_label(k), p->end_text);
		break;
	}
}
