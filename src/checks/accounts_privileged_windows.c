/* accounts.privileged on Windows (item 2-4): the members of the local Administrators group
 * (net localgroup Administrators, live or captured) against the site's expected administrators
 * ([accounts] admins; the built-in Administrator counts as expected, as root does on Linux), and
 * the members of Remote Desktop Users as evidence. Output in any display language is read: the
 * names are the lines between the dashed line and the completion line. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "../parsers/win_localgroup.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *short_name(const char *member)
{
	const char *bs = strrchr(member, '\\');
	return bs ? bs + 1 : member;
}

/* Windows names compare without regard to case; "PC\alice" matches "alice" in the list. */
static bool expected(const struct profile_list *l, const char *member)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->items[i], member) == 0 ||
		    (!strchr(l->items[i], '\\') && strcasecmp(l->items[i], short_name(member)) == 0))
			return true;
	return false;
}

static int read_group(struct audit_context *ctx, const char *group, char ***members, size_t *n,
		      char *origin, size_t olen, char *why, size_t whylen)
{
	struct win_text t;
	int rc = win_source_text(ctx, WIN_SRC_NET_LOCALGROUP, group, &t, why, whylen);
	if (rc < 0)
		return rc;
	msg_snprintf(origin, olen, "%s", t.origin);
	bool ok = net_localgroup_parse(t.text, t.len, members, n, why, whylen);
	win_text_free(&t);
	return ok ? 0 : -EILSEQ;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct profile_list *admins = profile_list(ctx->profile, "accounts", "admins");
	char **members;
	size_t n;
	char origin[512], why[512];
	int rc = read_group(ctx, "Administrators", &members, &n, origin, sizeof origin, why,
			    sizeof why);
	if (rc == -ENOENT && !ctx->live) {
		result_not_applicable(r, _("no capture of the Administrators group under --root "
					   "(%s/net-localgroup/Administrators.txt): %s"),
				      WIN_CAPTURE_DIR, why);
		return;
	}
	if (rc < 0) {
		result_error(r, rc == -EACCES ? _("%s (run elevated, as Administrator)") : "%s", why);
		return;
	}
	char names[1024] = "";
	for (size_t i = 0; i < n; i++) {
		const char *m = members[i];
		size_t l = strlen(names);
		msg_snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", m);
		bool builtin = strcasecmp(short_name(m), "Administrator") == 0;
		if (builtin || expected(admins, m)) {
			result_evidence(r, origin, _("%s: expected administrator"), m);
			continue;
		}
		struct finding *f = result_finding(r, admins->n ? FINDING_FAIL : FINDING_WARN, m,
			admins->n ? _("member of Administrators but not an expected administrator "
				      "([accounts] admins)")
				  : _("member of Administrators; no expected administrators are set "
				      "([accounts] admins), so it is not confirmed"));
		finding_evidence(f, origin, _("line after the dashes: %s"), m);
	}
	result_reason(r, _("%zu member(s) of Administrators: %s"), n, names);
	net_localgroup_free(members, n);

	rc = read_group(ctx, "Remote Desktop Users", &members, &n, origin, sizeof origin, why,
			sizeof why);
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			result_evidence(r, origin, _("%s may log in over Remote Desktop"), members[i]);
		if (!n)
			result_evidence(r, origin, _("Remote Desktop Users has no members"));
		net_localgroup_free(members, n);
	} else {
		result_evidence(r, NULL, _("Remote Desktop Users not read: %s"), why);
	}
}

const struct check check_accounts_privileged_windows = {
	.id = "accounts.privileged",
	.title = N_("Administrator rights are limited to the expected people"),
	.remediation = N_("Remove unexpected members from the Administrators group (net localgroup "
			  "Administrators NAME /delete), or list them in [accounts] admins."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
