/* updates.pending on Windows (item 2-6): the newest installed update (Get-HotFix, live or the
 * captured get-hotfix.csv) against the profile's age limit, the Windows Update policy
 * (Policies\...\WindowsUpdate\AU NoAutoUpdate, AUOptions) and the keys Windows sets while a
 * restart is pending after updates. Which updates Microsoft offers is not known offline: the
 * age of the newest installed one stands for it (Patch Tuesday is monthly). */
#include "../core/check.h"
#include "../parsers/csv_table.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/timefmt.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "../parsers/win_accounts.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AU_POLICY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU"
#define WU_REBOOT "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired"
#define CBS_REBOOT "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending"

struct hotfix_newest {
	char id[64];
	char when[64];
	int64_t epoch;
	unsigned line;
	size_t n, undated;
};

/* Returns false with why when the text is not Get-HotFix CSV with HotFixID and InstalledOn. */
static bool hotfix_parse(const char *text, size_t len, struct hotfix_newest *h, char *why,
			 size_t whylen)
{
	memset(h, 0, sizeof *h);
	h->epoch = INT64_MIN;
	static const char *const names[] = { "HotFixID", "InstalledOn" };
	struct csv_table t;
	enum csv_table_open_status st = csv_table_open(&t, text, len, names, 2, 2);
	if (st == CSV_TABLE_EMPTY) {
		msg_snprintf(why, whylen, _("empty: no header line"));
		return false;
	}
	if (st == CSV_TABLE_MISSING_COLUMN) {
		msg_snprintf(why, whylen, _("line %u: no HotFixID and InstalledOn columns"), t.line);
		return false;
	}
	char id[256], on[256];
	char *const fields[] = { id, on };
	static const size_t lens[] = { sizeof id, sizeof on };
	int rc;
	while ((rc = csv_table_next(&t, fields, lens)) == 1) {
		h->n++;
		int64_t when;
		if (!on[0] || !win_date_parse(on, &when)) {
			h->undated++;
		} else if (when > h->epoch) {
			h->epoch = when;
			msg_snprintf(h->id, sizeof h->id, "%s", id);
			msg_snprintf(h->when, sizeof h->when, "%s", on);
			h->line = t.line;
		}
	}
	if (rc < 0) {
		msg_snprintf(why, whylen, _("line %u: fewer columns than the header"), t.line);
		return false;
	}
	return true;
}

static void installed_updates(struct audit_context *ctx, struct check_result *r)
{
	struct win_text t;
	char why[512];
	int rc = win_source_text(ctx, WIN_SRC_HOTFIX, NULL, &t, why, sizeof why);
	if (rc < 0) {
		result_finding(r, FINDING_WARN, "Get-HotFix",
			       _("installed updates cannot be known: %s%s"), why,
			       !ctx->live && rc == -ENOENT
				       ? _(" (capture it as kensa(8) describes)") : "");
		return;
	}
	struct hotfix_newest h;
	if (!hotfix_parse(t.text, t.len, &h, why, sizeof why)) {
		result_finding(r, FINDING_WARN, t.origin,
			       _("not Get-HotFix output (%s): installed updates cannot be known"), why);
		win_text_free(&t);
		return;
	}
	long long max_days = profile_int(ctx->profile, "updates", "windows_max_update_age_days");
	if (h.epoch == INT64_MIN) {
		result_finding(r, FINDING_WARN, t.origin,
			       _("%zu installed update(s), none with an installation date: how current "
				 "the system is cannot be known"), h.n);
	} else {
		long long days = (long long)((ctx->now - h.epoch) / 86400);
		char day[32];
		format_day(h.epoch / 86400 - (h.epoch % 86400 < 0), day, sizeof day);
		if (days > max_days) {
			struct finding *f = result_finding(r, FINDING_FAIL, h.id,
				_("the newest installed update, %s, was installed %lld days ago (%s); "
				  "the profile allows %lld: monthly security updates are not being "
				  "applied"), h.id, days, day, max_days);
			finding_evidence(f, t.origin, _("line %u: %s, InstalledOn %s"), h.line, h.id,
					 h.when);
		} else {
			result_evidence(r, t.origin, _("line %u: the newest installed update %s, "
						       "installed %s (%lld day(s) ago)"),
					h.line, h.id, day, days);
		}
		result_evidence(r, t.origin, _("%zu installed update(s), %zu without a date"), h.n,
				h.undated);
	}
	win_text_free(&t);
}

static void policy(struct audit_context *ctx, struct check_result *r)
{
	int64_t no_auto = 0, options = 0;
	char *path = NULL;
	int rc = winreg_read_number(ctx->root, AU_POLICY, "NoAutoUpdate", 1, &no_auto, &path);
	if (rc == 0) {
		if (no_auto == 1) {
			struct finding *f = result_finding(r, FINDING_WARN, "NoAutoUpdate",
				_("automatic updates are turned off by policy: updates are installed "
				  "only by hand"));
			finding_evidence(f, path, "NoAutoUpdate = 1");
		} else {
			result_evidence(r, path, "NoAutoUpdate = %lld", (long long)no_auto);
		}
	} else if (rc == -ENOENT) {
		result_evidence(r, NULL, _("%s\\NoAutoUpdate not set (Windows default: automatic "
					   "updates on)"), AU_POLICY);
	} else {
		result_finding(r, FINDING_WARN, "NoAutoUpdate", rc == -EACCES
			? _("cannot be read (run elevated, as Administrator)")
			: _("is not a number (neither a DWORD nor a decimal string): ignored"));
	}
	free(path);
	path = NULL;
	rc = winreg_read_number(ctx->root, AU_POLICY, "AUOptions", 7, &options, &path);
	if (rc == 0) {
		if (options == 2) {
			struct finding *f = result_finding(r, FINDING_WARN, "AUOptions",
				_("Windows Update only notifies (AUOptions = 2): nothing is downloaded "
				  "or installed until someone acts"));
			finding_evidence(f, path, "AUOptions = 2");
		} else {
			result_evidence(r, path, _("AUOptions = %lld (3: download and notify, 4: "
						   "install on a schedule, 5: the local administrator "
						   "chooses, 7: notify to restart)"), (long long)options);
		}
	} else if (rc != -ENOENT) {
		result_finding(r, FINDING_WARN, "AUOptions", rc == -EACCES
			? _("cannot be read (run elevated, as Administrator)")
			: _("is not a number (neither a DWORD nor a decimal string): ignored"));
	}
	free(path);
}

static void reboot_pending(struct audit_context *ctx, struct check_result *r)
{
	static const char *const keys[] = { WU_REBOOT, CBS_REBOOT, NULL };
	for (size_t i = 0; keys[i]; i++) {
		char *path = NULL;
		int rc = winreg_key_path(ctx->root, keys[i], &path);
		if (rc == 0) {
			struct finding *f = result_finding(r, FINDING_WARN, keys[i],
				_("reboot needed: installed updates are not in effect until the system "
				  "restarts"));
			finding_evidence(f, path, _("the key exists"));
		}
		free(path);
	}
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) < 0)
		return;
	installed_updates(ctx, r);
	policy(ctx, r);
	reboot_pending(ctx, r);
}

const struct check check_updates_pending_windows = {
	.id = "updates.pending",
	.title = N_("Available security updates are installed"),
	.remediation = N_("Install the month's updates from Windows Update (or the vendor's "
			  "approved set), keep automatic updates on, and restart when Windows asks"),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
