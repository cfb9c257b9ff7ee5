/* Account lockout after failed logins, decided per interactive PAM service from the resolved
 * auth stack (pam_stack.c) and pam_faillock's own semantics (Linux-PAM
 * modules/pam_faillock/pam_faillock.c): preauth refuses a locked account, authfail records a
 * failure (and refuses a locked one), authsucc refuses a locked account and resets the count,
 * the account-phase line only resets it. */
#include "lockout.h"
#include "context.h"
#include "i18n.h"
#include "pam_stack.h"
#include "result.h"
#include "rootfs.h"
#include "twofactor.h"
#include "xalloc.h"
#include "../parsers/dpkg_status.h"
#include "../parsers/dpkg_version.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAILLOCK_CONF "/etc/security/faillock.conf"
#define CONF_MAX (1u << 20)
#define DPKG_STATUS "/var/lib/dpkg/status"
#define DPKG_MAX (64u << 20)

/* The PAM services through which a person logs in or proves who they are, in report order:
 * text consoles, SSH, privilege changes, display managers, remote desktops, web consoles. */
static const char *const entry_services[] = {
	"login", "sshd", "su", "su-l", "sudo", "sudo-i", "gdm-password", "lightdm", "sddm",
	"xrdp-sesman", "cockpit",
};

/* Modules that check a password (or another secret a guesser could try again). */
static const char *const verifiers[] = {
	"pam_unix.so", "pam_unix2.so", "pam_sss.so", "pam_ldap.so", "pam_krb5.so",
	"pam_winbind.so", "pam_pwdb.so",
};

enum fl_action { FL_PREAUTH, FL_AUTHSUCC, FL_AUTHFAIL };

/* ---- Debian versions: dpkg's order, from the one implementation (parsers/dpkg_version.c) ---- */

int lockout_debversion_cmp(const char *a, const char *b)
{
	int ok;
	int c = dpkg_version_compare_text(a, b, &ok);
	return ok ? c : strcmp(a, b); /* dpkg refuses one of them: any stable order will do */
}

/* ---- the image: Linux-PAM version, installed modules ---- */

static void read_pam_version(struct audit_context *ctx, char *out, size_t len,
			     struct check_result *r)
{
	out[0] = '\0';
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, DPKG_STATUS, DPKG_MAX, &buf);
	if (rc < 0) {
		if (r)
			result_evidence(r, DPKG_STATUS, rc == -ENOENT
					? _("absent: the Linux-PAM version is unknown")
					: _("cannot be read (%s): the Linux-PAM version is unknown"),
					rootfs_strerror(rc));
		return;
	}
	struct dpkg_status st;
	dpkg_status_parse(buf.data, buf.len, &st);
	file_buf_free(&buf);
	const struct dpkg_package *p = dpkg_status_find_present(&st, "libpam-modules");
	if (p && p->version[0]) {
		msg_snprintf(out, len, "%s", p->version);
		if (r)
			result_evidence(r, DPKG_STATUS, _("line %u: libpam-modules %s"), p->line,
					p->version);
	} else if (r) {
		result_evidence(r, DPKG_STATUS, _("libpam-modules is not installed: the Linux-PAM "
						  "version is unknown"));
	}
	dpkg_status_free(&st);
}

/* Is the module's .so in one of the directories libpam loads modules from? */
static bool module_installed(struct audit_context *ctx, const char *module)
{
	static const char *const dirs[] = { "/lib/security", "/lib64/security", "/usr/lib/security",
					    "/usr/lib64/security" };
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *p = xasprintf("%s/%s", dirs[i], module);
		bool ok = rootfs_exists(ctx->root, p);
		free(p);
		if (ok)
			return true;
	}
	/* Debian's multiarch directories: /usr/lib/TRIPLET/security (and /lib/ before merged /usr) */
	static const char *const bases[] = { "/usr/lib", "/lib" };
	bool found = false;
	for (size_t b = 0; b < 2 && !found; b++) {
		DIR *d;
		if (rootfs_open_dir(ctx->root, bases[b], &d) != 0)
			continue;
		struct dirent *de;
		while (!found && (de = readdir(d)) != NULL) {
			if (!strstr(de->d_name, "-linux-"))
				continue;
			char *p = xasprintf("%s/%s/security/%s", bases[b], de->d_name, module);
			found = rootfs_exists(ctx->root, p);
			free(p);
		}
		closedir(d);
	}
	return found;
}

static bool is_module(const struct pam_handler *h, const char *name)
{
	return h->module && !h->must_fail && strcmp(h->module, name) == 0;
}

static enum fl_action faillock_action(const struct pam_handler *h)
{
	enum fl_action a = FL_PREAUTH; /* the module's default (opts memset to 0) */
	for (size_t i = 0; i < h->argc; i++) {
		if (strcmp(h->argv[i], "preauth") == 0)
			a = FL_PREAUTH;
		else if (strcmp(h->argv[i], "authfail") == 0)
			a = FL_AUTHFAIL;
		else if (strcmp(h->argv[i], "authsucc") == 0)
			a = FL_AUTHSUCC;
	}
	return a;
}

static const char *action_name(enum fl_action a)
{
	return a == FL_PREAUTH ? "preauth" : a == FL_AUTHFAIL ? "authfail" : "authsucc";
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* The settings one pam_faillock line runs with: the conf file (conf= or the default), then its
 * own arguments. Returns false when the module would fail every call (conf= names a file that
 * cannot be read, or a line too long for the 1.4-1.6 reader). */
static bool line_settings(struct audit_context *ctx, const struct pam_handler *h,
			  const char *pam_version, struct faillock_opts *o, char *why, size_t whylen)
{
	faillock_opts_default(o);
	const char *conf = NULL;
	for (size_t i = 0; i < h->argc; i++)
		if (strncmp(h->argv[i], "conf=", 5) == 0)
			conf = h->argv[i] + 5;
	struct file_buf buf;
	const char *file = conf ? conf : FAILLOCK_CONF;
	int rc = rootfs_read_file(ctx->root, file, CONF_MAX, &buf);
	if (rc == -ENOENT && !conf) {
		/* the default file is optional */
	} else if (rc < 0) {
		msg_snprintf(why, whylen, _("%s:%u: pam_faillock cannot read %s (%s): the module fails "
					"every login"), h->file, h->line, file, rootfs_strerror(rc));
		return false;
	} else {
		bool ok = faillock_conf_parse(buf.data, buf.len, file, o);
		file_buf_free(&buf);
		/* 1.4 to 1.6 read the file with fgets(1024) and refuse a longer line; 1.7 uses
		 * getline. Unknown version: the older, stricter reader. */
		if (!ok && (!pam_version[0] || lockout_debversion_cmp(pam_version, "1.7.0") < 0)) {
			msg_snprintf(why, whylen, _("%s has a line longer than 1023 characters: this "
						"Linux-PAM (%s) refuses the file and pam_faillock fails "
						"every login"), file,
				 pam_version[0] ? pam_version : _("version unknown"));
			return false;
		}
	}
	for (size_t i = 0; i < h->argc; i++) {
		char origin[192];
		msg_snprintf(origin, sizeof origin, "%s:%u (argument)", h->file, h->line);
		faillock_arg_apply(o, h->argv[i], origin);
	}
	if (o->root_unlock_time.value == FAILLOCK_MAX_TIME_INTERVAL + 1)
		o->root_unlock_time.value = o->unlock_time.value;
	return true;
}

/* Keep the most lenient of two settings: more failures, a shorter lock (0 is the longest),
 * a shorter counting window. */
static void merge(struct lockout_entry *e, const struct faillock_opts *o, bool first)
{
	if (first) {
		e->deny = o->deny.value;
		e->unlock_time = o->unlock_time.value;
		e->fail_interval = o->fail_interval.value;
		msg_snprintf(e->deny_origin, sizeof e->deny_origin, "%s", o->deny.origin);
		msg_snprintf(e->unlock_origin, sizeof e->unlock_origin, "%s", o->unlock_time.origin);
		msg_snprintf(e->interval_origin, sizeof e->interval_origin, "%s", o->fail_interval.origin);
		e->root_exempt = !o->even_deny_root.set;
		e->local_only = o->local_users_only.set;
		return;
	}
	if (o->deny.value != e->deny || o->unlock_time.value != e->unlock_time ||
	    o->fail_interval.value != e->fail_interval)
		e->settings_disagree = true;
	/* deny 0 never locks: the most lenient of all */
	if (o->deny.value == 0 || (e->deny != 0 && o->deny.value > e->deny)) {
		e->deny = o->deny.value;
		msg_snprintf(e->deny_origin, sizeof e->deny_origin, "%s", o->deny.origin);
	}
	/* 0 (an administrator unlocks) is the longest lock */
	unsigned long u = o->unlock_time.value;
	if (u != e->unlock_time && u != 0 && (e->unlock_time == 0 || u < e->unlock_time)) {
		e->unlock_time = u;
		msg_snprintf(e->unlock_origin, sizeof e->unlock_origin, "%s", o->unlock_time.origin);
	}
	if (o->fail_interval.value < e->fail_interval) {
		e->fail_interval = o->fail_interval.value;
		msg_snprintf(e->interval_origin, sizeof e->interval_origin, "%s", o->fail_interval.origin);
	}
	e->root_exempt |= !o->even_deny_root.set;
	e->local_only |= o->local_users_only.set;
}

static bool account_stack_has(struct audit_context *ctx, const char *service, const char *module)
{
	struct pam_stack s;
	if (pam_stack_load(ctx->root, service, PAM_TYPE_ACCOUNT, &s) != 0)
		return false;
	bool found = false;
	for (size_t i = 0; i < s.n && !found; i++)
		found = is_module(&s.h[i], module);
	pam_stack_free(&s);
	return found;
}

static const int auth_err[] = { PAMR_AUTH_ERR };

/* Modules that succeed for who is calling, not for what was typed: pam_rootok lets root's own su
 * through without a password, which a guesser at a login prompt never is. Restricted to their
 * failure for the "can a locked account get in" question. Returns how many were written to ov
 * (room for s->n). */
static size_t guesser_overrides(const struct pam_stack *s, struct pam_override *ov)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (is_module(&s->h[i], "pam_rootok.so") && !is_module(&s->h[i], "pam_faillock.so"))
			ov[n++] = (struct pam_override){ i, auth_err, 1 };
	return n;
}

static void assess_faillock(struct audit_context *ctx, const struct pam_stack *s,
			    struct lockout_entry *e, const char *pam_version)
{
	size_t n = 0, *idx = xcalloc(s->n ? s->n : 1, sizeof *idx);
	for (size_t i = 0; i < s->n; i++)
		if (is_module(&s->h[i], "pam_faillock.so"))
			idx[n++] = i;
	snprintf(e->module, sizeof e->module, "pam_faillock.so");
	bool have_fail = false;
	for (size_t k = 0; k < n; k++) {
		const struct pam_handler *h = &s->h[idx[k]];
		enum fl_action a = faillock_action(h);
		append(e->where, sizeof e->where, "%s%s:%u %s", k ? ", " : "", h->file, h->line,
		       action_name(a));
		have_fail |= a == FL_AUTHFAIL;
	}
	e->resets |= account_stack_has(ctx, e->service, "pam_faillock.so");
	if (!module_installed(ctx, "pam_faillock.so")) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("pam_faillock.so is not installed in this system: "
						  "libpam cannot load it (%s)"), e->where);
		goto out;
	}
	/* settings of every line; a line that cannot read its configuration fails every call */
	for (size_t k = 0; k < n; k++) {
		struct faillock_opts o;
		char why[512] = "";
		if (!line_settings(ctx, &s->h[idx[k]], pam_version, &o, why, sizeof why)) {
			e->state = LOCKOUT_INEFFECTIVE;
			msg_snprintf(e->why, sizeof e->why, "%s", why);
			goto out;
		}
		merge(e, &o, k == 0);
		for (size_t q = 0; q < o.n_problems && e->n_problems < 4; q++) {
			bool dup = false;
			for (size_t d = 0; d < e->n_problems; d++)
				dup |= !strcmp(e->problems[d].origin, o.problems[q].origin) &&
				       !strcmp(e->problems[d].name, o.problems[q].name);
			if (!dup)
				e->problems[e->n_problems++] = o.problems[q];
		}
	}
	/* 1. counting: some authfail line runs after a password check failed */
	size_t nv = 0;
	bool counts = false;
	for (size_t v = 0; v < s->n; v++) {
		bool verifier = false;
		for (size_t m = 0; m < sizeof verifiers / sizeof *verifiers; m++)
			verifier |= is_module(&s->h[v], verifiers[m]);
		if (!verifier)
			continue;
		nv++;
		for (size_t k = 0; k < n && !counts; k++)
			if (faillock_action(&s->h[idx[k]]) == FL_AUTHFAIL &&
			    pam_stack_can_reach(s, v, auth_err, 1, idx[k]))
				counts = true;
	}
	/* 3. resetting: an authsucc line that runs after a successful password check (a jump
	 * over it, as pam-auth-update's success=N can make, leaves the count in place) */
	static const int success[] = { PAMR_SUCCESS };
	for (size_t v = 0; v < s->n && !e->resets; v++) {
		bool verifier = false;
		for (size_t m = 0; m < sizeof verifiers / sizeof *verifiers; m++)
			verifier |= is_module(&s->h[v], verifiers[m]);
		for (size_t k = 0; verifier && k < n && !e->resets; k++)
			e->resets = faillock_action(&s->h[idx[k]]) == FL_AUTHSUCC &&
				    pam_stack_can_reach(s, v, success, 1, idx[k]);
	}
	/* 2. refusing: with every pam_faillock line answering "locked" (PAM_AUTH_ERR from
	 * check_tally), no walk through the stack succeeds */
	struct pam_override *ov = xcalloc(s->n ? s->n : 1, sizeof *ov);
	size_t nov = 0;
	for (size_t k = 0; k < n; k++)
		ov[nov++] = (struct pam_override){ idx[k], auth_err, 1 };
	nov += guesser_overrides(s, ov + nov);
	bool refuses = !pam_stack_can_succeed_with(s, ov, nov);
	free(ov);
	if (!have_fail) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("no pam_faillock line records failures (authfail) "
						  "(%s): nothing ever locks"), e->where);
	} else if (nv == 0) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("no password-checking module (pam_unix, pam_sss, "
						  "...) in the auth stack: kensa cannot tell which "
						  "failures pam_faillock counts (%s)"), e->where);
	} else if (!counts) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("the authfail line can never run after a wrong "
						  "password (an earlier requisite/die, a jump or a "
						  "failing line ends the stack first), so failures "
						  "are never counted (%s)"), e->where);
	} else if (!refuses) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("failures are counted, but a locked account still "
						  "logs in with the right password: no preauth or "
						  "authsucc line that the stack cannot get past (a "
						  "'sufficient' success or a jump skips it, or its "
						  "control ignores the failure) (%s)"), e->where);
	} else if (e->deny == 0) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("deny = 0 (%s): pam_faillock never locks"),
			 e->deny_origin);
	} else {
		e->state = LOCKOUT_LOCKS;
	}
out:
	free(idx);
}

/* pam_tally2 / pam_tally (Linux-PAM before 1.5.0): the auth line counts every attempt before
 * the password is checked and refuses past deny=; the account line resets. */
static void assess_tally(struct audit_context *ctx, const struct pam_stack *s, size_t i,
			 struct lockout_entry *e, const char *pam_version)
{
	const struct pam_handler *h = &s->h[i];
	msg_snprintf(e->module, sizeof e->module, "%s", h->module);
	msg_snprintf(e->where, sizeof e->where, "%s:%u", h->file, h->line);
	e->resets = account_stack_has(ctx, e->service, h->module);
	if (!module_installed(ctx, h->module)) {
		e->state = LOCKOUT_INEFFECTIVE;
		if (pam_version[0] && lockout_debversion_cmp(pam_version, "1.5.0") >= 0)
			msg_snprintf(e->why, sizeof e->why, _("%s was removed in Linux-PAM 1.5.0 and this "
							  "system has %s: libpam cannot load the line "
							  "(%s); use pam_faillock"), h->module,
				 pam_version, e->where);
		else
			msg_snprintf(e->why, sizeof e->why, _("%s is not installed in this system: libpam "
							  "cannot load it (%s)"), h->module, e->where);
		return;
	}
	/* pam_tally2's defaults: deny=0 (never), unlock_time=0 (no automatic unlock) */
	e->deny = 0;
	e->unlock_time = 0;
	e->fail_interval = 0;
	snprintf(e->deny_origin, sizeof e->deny_origin, "default");
	snprintf(e->unlock_origin, sizeof e->unlock_origin, "default");
	snprintf(e->interval_origin, sizeof e->interval_origin, "-");
	e->root_exempt = true;
	for (size_t a = 0; a < h->argc; a++) {
		const char *arg = h->argv[a];
		if (strncmp(arg, "deny=", 5) == 0) {
			e->deny = strtoul(arg + 5, NULL, 10);
			msg_snprintf(e->deny_origin, sizeof e->deny_origin, "%s:%u (argument)", h->file,
				 h->line);
		} else if (strncmp(arg, "unlock_time=", 12) == 0) {
			e->unlock_time = strtoul(arg + 12, NULL, 10);
			msg_snprintf(e->unlock_origin, sizeof e->unlock_origin, "%s:%u (argument)",
				 h->file, h->line);
		} else if (strcmp(arg, "even_deny_root") == 0 ||
			   strcmp(arg, "even_deny_root_account") == 0) {
			e->root_exempt = false;
		}
	}
	struct pam_override *ov = xcalloc(s->n + 1, sizeof *ov);
	size_t nov = 1 + guesser_overrides(s, ov + 1);
	static const int never[1] = { 0 };
	ov[0] = (struct pam_override){ i, never, 0 };
	bool always_runs = !pam_stack_can_succeed_with(s, ov, nov);
	ov[0] = (struct pam_override){ i, auth_err, 1 };
	bool refuses = !pam_stack_can_succeed_with(s, ov, nov);
	free(ov);
	if (!always_runs || !refuses) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("%s can be skipped or its refusal ignored (its "
						  "control, a 'sufficient' success or a jump before "
						  "it) (%s)"), h->module, e->where);
	} else if (e->deny == 0) {
		e->state = LOCKOUT_INEFFECTIVE;
		msg_snprintf(e->why, sizeof e->why, _("%s without deny= (%s) never locks"), h->module,
			 e->where);
	} else {
		e->state = LOCKOUT_LOCKS;
	}
}

static void assess_service(struct audit_context *ctx, const struct pam_stack *s,
			   struct lockout_entry *e, const char *pam_version)
{
	if (s->unusable) {
		e->state = LOCKOUT_UNUSABLE;
		msg_snprintf(e->why, sizeof e->why, "%s", _("libpam refuses every login through this "
							"service"));
		return;
	}
	bool faillock = false;
	size_t tally = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		faillock |= is_module(&s->h[i], "pam_faillock.so");
		if (tally == SIZE_MAX &&
		    (is_module(&s->h[i], "pam_tally2.so") || is_module(&s->h[i], "pam_tally.so")))
			tally = i;
	}
	if (faillock) {
		assess_faillock(ctx, s, e, pam_version);
		return;
	}
	if (tally != SIZE_MAX) {
		assess_tally(ctx, s, tally, e, pam_version);
		return;
	}
	e->state = LOCKOUT_NO_MODULE;
	if (account_stack_has(ctx, e->service, "pam_faillock.so"))
		msg_snprintf(e->why, sizeof e->why, "%s", _("pam_faillock is only in the account stack: "
							"there it only resets the count after a "
							"successful login; failures are counted in "
							"the auth stack (preauth/authfail)"));
	else if (account_stack_has(ctx, e->service, "pam_tally2.so"))
		msg_snprintf(e->why, sizeof e->why, "%s", _("pam_tally2 is only in the account stack: "
							"there it only resets the count"));
	else
		msg_snprintf(e->why, sizeof e->why, "%s", _("no pam_faillock (or pam_tally2) in the auth "
							"stack: failed logins are never counted"));
}

static bool service_defined(struct audit_context *ctx, const char *service)
{
	char a[128], b[128];
	msg_snprintf(a, sizeof a, "/etc/pam.d/%s", service);
	msg_snprintf(b, sizeof b, "/usr/lib/pam.d/%s", service);
	return rootfs_exists(ctx->root, a) || rootfs_exists(ctx->root, b);
}

int lockout_assess(struct audit_context *ctx, struct lockout_facts *out, struct check_result *r)
{
	memset(out, 0, sizeof *out);
	read_pam_version(ctx, out->pam_version, sizeof out->pam_version, r);
	size_t max = sizeof entry_services / sizeof *entry_services;
	out->entries = xcalloc(max, sizeof *out->entries);
	char **read = NULL; /* files already given as evidence */
	size_t n_read = 0;
	for (size_t k = 0; k < max; k++) {
		const char *svc = entry_services[k];
		if (!service_defined(ctx, svc))
			continue;
		char usepam[400] = "";
		int sshd_pam = strcmp(svc, "sshd") == 0
				       ? twofactor_sshd_uses_pam(ctx, usepam, sizeof usepam) : 1;
		if (sshd_pam < 0)
			continue; /* a PAM file left behind by a removed openssh-server */
		struct pam_stack s;
		int rc = pam_stack_load(ctx->root, svc, PAM_TYPE_AUTH, &s);
		if (rc == -ENOENT)
			break;
		out->have_pam = true;
		struct lockout_entry *e = &out->entries[out->n++];
		msg_snprintf(e->service, sizeof e->service, "%s", svc);
		msg_snprintf(e->service_file, sizeof e->service_file, "%s",
			 s.service_file ? s.service_file : "");
		for (size_t d = 0; d < s.n_diags && r; d++) {
			struct finding *f = result_finding(r, FINDING_WARN, svc, "%s",
							   s.diags[d].message);
			finding_evidence(f, s.diags[d].file, _("line %u"), s.diags[d].line);
		}
		for (size_t i = 0; i < s.n_files && r; i++) {
			bool seen = false;
			for (size_t j = 0; j < n_read && !seen; j++)
				seen = strcmp(read[j], s.files[i]) == 0;
			if (seen)
				continue;
			read = xreallocarray(read, n_read + 1, sizeof *read);
			read[n_read++] = xstrdup(s.files[i]);
			result_evidence(r, s.files[i], _("PAM configuration read"));
		}
		if (sshd_pam == 0) {
			/* sshd checks passwords itself: its PAM stack never sees an SSH login */
			e->state = LOCKOUT_INEFFECTIVE;
			msg_snprintf(e->why, sizeof e->why, _("sshd does not use PAM (%s): pam_faillock "
							  "never sees an SSH login; unless password "
							  "logins are off, they are never locked"), usepam);
		} else {
			assess_service(ctx, &s, e, out->pam_version);
		}
		pam_stack_free(&s);
	}
	for (size_t k = 0; k < n_read; k++)
		free(read[k]);
	free(read);
	if (!out->have_pam) {
		if (rootfs_exists(ctx->root, "/etc/pam.d") || rootfs_exists(ctx->root, "/etc/pam.conf") ||
		    rootfs_exists(ctx->root, "/usr/lib/pam.d"))
			return 0; /* PAM is there, but no interactive service */
		/* no PAM at all: nothing counts failed logins (a PAM-less login never locks) */
		if (r)
			result_finding(r, FINDING_FAIL, "PAM",
				       _("no PAM configuration (/etc/pam.d, /usr/lib/pam.d, "
					 "/etc/pam.conf): nothing locks an account after failed "
					 "logins"));
		return 0;
	}
	return 0;
}

void lockout_facts_free(struct lockout_facts *f)
{
	free(f->entries);
	memset(f, 0, sizeof *f);
}
