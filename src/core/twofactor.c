/* Two-factor detection: sshd_config (+ Include) and second-factor PAM modules that cannot be
 * skipped in the sshd and login auth stacks. */
#include "twofactor.h"
#include "context.h"
#include "i18n.h"
#include "pam_stack.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "sshd_effective.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SSHD_CONFIG SSHD_CONFIG_PATH

/* Every space-separated alternative lists at least two comma-separated methods. */
static bool methods_need_two(const char *value, bool *all_use_kbdint)
{
	*all_use_kbdint = true;
	if (!value || strcasecmp(value, "any") == 0) {
		*all_use_kbdint = false;
		return false;
	}
	char *copy = xstrdup(value), *save = NULL;
	bool two = true;
	for (char *alt = strtok_r(copy, " ", &save); alt; alt = strtok_r(NULL, " ", &save)) {
		size_t methods = 1;
		for (const char *p = alt; *p; p++)
			if (*p == ',')
				methods++;
		if (methods < 2)
			two = false;
		if (!strstr(alt, "keyboard-interactive") && !strstr(alt, "password"))
			*all_use_kbdint = false;
	}
	free(copy);
	return two;
}

static bool yes(const struct sshd_setting *v, bool dflt)
{
	if (!v)
		return dflt;
	return strcasecmp(v->value, "yes") == 0;
}

static const char *const second_factor_modules[] = {
	"pam_u2f.so", "pam_google_authenticator.so", "pam_oath.so", "pam_duo.so", "pam_yubico.so",
	/* a smart card and its PIN: possession and knowledge */
	"pam_pkcs11.so",
};

/* pam_sss is a second factor only when it insists on a smart card (require_cert_auth);
 * otherwise it checks a password like pam_unix. */
static bool is_second_factor(const struct pam_handler *h)
{
	for (size_t k = 0; k < sizeof second_factor_modules / sizeof *second_factor_modules; k++)
		if (strcmp(h->module, second_factor_modules[k]) == 0)
			return true;
	return strcmp(h->module, "pam_sss.so") == 0 &&
	       pam_argv_find(h->argv, h->argc, "require_cert_auth") >= 0;
}

/* A second-factor module in the service's auth stack that every successful login passes. */
static bool pam_second_factor(struct audit_context *ctx, const char *service, char *how,
			      size_t howlen, struct check_result *r)
{
	struct pam_stack s;
	if (pam_stack_load(ctx->root, service, PAM_TYPE_AUTH, &s) != 0)
		return false;
	bool found = false;
	/* anything but success: the module may refuse, fail, or step aside (nullok -> ignore) */
	int codes[PAM_RETVAL_COUNT];
	size_t nc = 0;
	for (int c = 0; c < PAM_RETVAL_COUNT; c++)
		if (c != PAMR_SUCCESS && c != PAMR_NEW_AUTHTOK_REQD && c != PAMR_INCOMPLETE &&
		    c != PAMR_IGNORE)
			codes[nc++] = c;
	for (size_t i = 0; i < s.n && !found; i++) {
		const struct pam_handler *h = &s.h[i];
		if (!h->module || h->must_fail)
			continue;
		if (!is_second_factor(h))
			continue;
		/* nullok (google-authenticator, oath) and nouserok (u2f) let users without a
		 * second factor configured in */
		long optout = pam_argv_find(h->argv, h->argc, "nullok");
		if (optout < 0)
			optout = pam_argv_find(h->argv, h->argc, "nouserok");
		if (optout >= 0) {
			if (r) {
				struct finding *f = result_finding(r, FINDING_INFO, h->module,
					_("is in the %s auth stack with '%s': users without a second "
					  "factor set up log in without one"), service, h->argv[optout]);
				finding_evidence(f, h->file, _("line %u"), h->line);
			}
			continue;
		}
		if (!pam_stack_can_succeed(&s, i, codes, nc)) {
			found = true;
			msg_snprintf(how, howlen, "%s:%u %s", h->file, h->line, h->module);
		} else if (r) {
			struct finding *f = result_finding(r, FINDING_INFO, h->module,
				_("is in the %s auth stack but a login can succeed without it (its "
				  "control or an earlier jump)"), service);
			finding_evidence(f, h->file, _("line %u"), h->line);
		}
	}
	pam_stack_free(&s);
	return found;
}

/* Whether a Match block sets AuthenticationMethods, and where (the first one). */
static bool sshd_match_sets_methods(const struct sshd_effective *eff, char *where, size_t len)
{
	size_t from = 0;
	const struct sshd_setting *m = sshd_effective_next_match(eff, "authenticationmethods",
								 &from);
	if (m)
		msg_snprintf(where, len, "%s:%u (Match %s)", m->file, m->line, m->match);
	return m != NULL;
}

void twofactor_detect(struct audit_context *ctx, struct twofactor *t, struct check_result *r)
{
	memset(t, 0, sizeof *t);
	struct sshd_effective eff;
	sshd_effective_load(ctx, &eff, r);
	t->sshd_present = eff.present;
	if (t->sshd_present) {
		const struct sshd_setting *methods = sshd_effective_first(&eff, "authenticationmethods");
		bool kbd_everywhere;
		if (methods_need_two(methods ? methods->value : NULL, &kbd_everywhere)) {
			t->ssh_required = true;
			msg_snprintf(t->ssh_how, sizeof t->ssh_how, "%s:%u AuthenticationMethods %s",
				 methods->file, methods->line, methods->value);
		} else {
			/* PAM decides every SSH login only when public keys are off (or every
			 * method list goes through PAM) and sshd uses PAM for it */
			bool pam_used = yes(sshd_effective_first(&eff, "usepam"), false) &&
					(kbd_everywhere ||
					 !yes(sshd_effective_first(&eff, "pubkeyauthentication"), true));
			char how[400];
			if (pam_used && pam_second_factor(ctx, "sshd", how, sizeof how, r)) {
				t->ssh_required = true;
				msg_snprintf(t->ssh_how, sizeof t->ssh_how, "%s (UsePAM yes)", how);
			} else if (r) {
				if (methods)
					result_evidence(r, methods->file,
							_("line %u: AuthenticationMethods %s: one method "
							  "suffices"), methods->line, methods->value);
				else
					result_evidence(r, SSHD_CONFIG,
							_("AuthenticationMethods not set (any): one method "
							  "suffices"));
			}
		}
		char where[300];
		if (sshd_match_sets_methods(&eff, where, sizeof where) && r)
			result_evidence(r, NULL, _("AuthenticationMethods also set for some connections "
						   "only: %s"), where);
	}
	char how[400];
	if (pam_second_factor(ctx, "login", how, sizeof how, r)) {
		t->console_required = true;
		msg_snprintf(t->console_how, sizeof t->console_how, "%s", how);
	}
	const struct sshd_setting *permitroot = sshd_effective_first(&eff, "permitrootlogin");
	if (permitroot) {
		msg_snprintf(t->permit_root_login, sizeof t->permit_root_login, "%s", permitroot->value);
		msg_snprintf(t->permit_root_where, sizeof t->permit_root_where, "%s:%u",
			 permitroot->file, permitroot->line);
	}
	sshd_effective_free(&eff);
}

bool twofactor_in_force(const struct twofactor *t)
{
	return t->sshd_present ? t->ssh_required : t->console_required;
}

/* Display managers and remote desktops whose PAM service, when present, is an entry. */
static const char *const graphical_services[] = {
	"gdm-password", "lightdm", "sddm", "xrdp-sesman",
};

static bool service_defined(struct audit_context *ctx, const char *service)
{
	char a[128], b[128];
	msg_snprintf(a, sizeof a, "/etc/pam.d/%s", service);
	msg_snprintf(b, sizeof b, "/usr/lib/pam.d/%s", service);
	return rootfs_exists(ctx->root, a) || rootfs_exists(ctx->root, b);
}

void twofactor_entries_detect(struct audit_context *ctx, struct twofactor_entries *out,
			      struct check_result *r)
{
	memset(out, 0, sizeof *out);
	twofactor_detect(ctx, &out->t, r);
	if (out->t.sshd_present) {
		struct twofactor_entry *e = &out->e[out->n++];
		snprintf(e->name, sizeof e->name, "sshd");
		e->required = out->t.ssh_required;
		char where[300];
		struct sshd_effective eff;
		sshd_effective_load(ctx, &eff, NULL);
		bool lowered = sshd_match_sets_methods(&eff, where, sizeof where);
		sshd_effective_free(&eff);
		if (e->required && lowered) {
			/* a Match block may lower it for some clients: not every login */
			e->required = false;
			if (r)
				result_evidence(r, NULL, _("sshd: two methods required globally (%s), but "
							   "a Match block sets AuthenticationMethods for "
							   "some connections (%s)"), out->t.ssh_how, where);
		} else if (e->required) {
			msg_snprintf(e->how, sizeof e->how, "%s", out->t.ssh_how);
		}
	}
	if (service_defined(ctx, "login")) {
		struct twofactor_entry *e = &out->e[out->n++];
		snprintf(e->name, sizeof e->name, "login");
		e->required = out->t.console_required;
		if (e->required)
			msg_snprintf(e->how, sizeof e->how, "%s", out->t.console_how);
	}
	for (size_t i = 0; i < sizeof graphical_services / sizeof *graphical_services; i++) {
		if (out->n >= TWOFACTOR_MAX_ENTRIES || !service_defined(ctx, graphical_services[i]))
			continue;
		struct twofactor_entry *e = &out->e[out->n++];
		msg_snprintf(e->name, sizeof e->name, "%s", graphical_services[i]);
		char how[400];
		e->required = pam_second_factor(ctx, graphical_services[i], how, sizeof how, r);
		if (e->required)
			msg_snprintf(e->how, sizeof e->how, "%s", how);
	}
	out->all_required = out->n > 0;
	for (size_t i = 0; i < out->n; i++)
		out->all_required &= out->e[i].required;
}

/* "FILE:LINE: Keyword VALUE" where a setting came from, or the note that it is unset. */
static void value_where(const struct sshd_setting *v, const char *keyword, const char *unset,
			char *where, size_t len)
{
	if (v)
		sshd_setting_where(v, keyword, where, len);
	else
		msg_snprintf(where, len, "%s", unset);
}

int twofactor_sshd_uses_pam(struct audit_context *ctx, char *where, size_t len)
{
	struct sshd_effective eff;
	sshd_effective_load(ctx, &eff, NULL);
	if (!eff.present)
		return -1;
	const struct sshd_setting *v = sshd_effective_first(&eff, "usepam");
	value_where(v, "UsePAM", _("UsePAM not set (sshd's default: no)"), where, len);
	int yes_pam = yes(v, false);
	sshd_effective_free(&eff);
	return yes_pam;
}

int twofactor_sshd_max_auth_tries(struct audit_context *ctx, char *where, size_t len)
{
	struct sshd_effective eff;
	sshd_effective_load(ctx, &eff, NULL);
	if (!eff.present)
		return -1;
	value_where(sshd_effective_first(&eff, "maxauthtries"), "MaxAuthTries",
		    _("MaxAuthTries not set (sshd's default: 6)"), where, len);
	sshd_effective_free(&eff);
	return 0;
}
