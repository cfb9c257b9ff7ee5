/* password.history (item 2-8): password reuse is refused — pam_pwhistory (arguments over
 * /etc/security/pwhistory.conf) or pam_unix remember=N in passwd's PAM stack, at least the
 * profile's depth — and no two accounts carry the identical password hash (a copied entry). */
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/pam_modver.h"
#include "../core/profile.h"
#include "../core/pwenforce.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PWHISTORY_CONF "/etc/security/pwhistory.conf"

struct history_setting {
	long remember;
	bool enforce_for_root;
	char where[1024]; /* what decided remember */
};

/* pam_modutil_search_key: the first line whose key (up to space, tab or '=') matches. */
static bool search_key(const struct file_buf *buf, const char *key, char *value, size_t len,
		       unsigned *line)
{
	struct line_iter it;
	char text[8192];
	bool trunc;
	line_iter_init(&it, buf);
	while (line_iter_next(&it, text, sizeof text, &trunc)) {
		char *hash = strchr(text, '#');
		if (hash)
			*hash = '\0';
		char *p = text + strspn(text, " \t\r\n\v\f");
		if (!*p)
			continue;
		size_t k = strcspn(p, " \t=");
		char *v = p + k;
		if (*v) {
			*v++ = '\0';
			v += strspn(v, " \t\r\n\v\f=");
		}
		if (strcasecmp(p, key) == 0) {
			msg_snprintf(value, len, "%s", v);
			*line = it.lineno;
			return true;
		}
	}
	return false;
}

static void pwhistory_settings(struct audit_context *ctx, const struct pam_handler *h,
			       struct history_setting *hs, struct check_result *r)
{
	hs->remember = 10; /* pam_pwhistory's default */
	hs->enforce_for_root = false;
	msg_snprintf(hs->where, sizeof hs->where, _("remember = 10 (pam_pwhistory default)"));
	/* pwhistory.conf (and conf=) exist only from Linux-PAM 1.5.3 on: an older module never
	 * opens the file, whatever it says */
	const char *conf = NULL;
	char *why = NULL;
	enum pam_conf_answer reads = pam_module_reads_conf(ctx, h->module, &conf, &why);
	/* remember= on the line wins over the file: then the file's value never matters */
	bool remember_arg = pam_argv_find(h->argv, h->argc, "remember=") >= 0;
	for (size_t a = 0; a < h->argc && reads != PAM_CONF_NOT_READ; a++)
		if (strncmp(h->argv[a], "conf=", 5) == 0)
			conf = h->argv[a] + 5;
	struct file_buf buf;
	int rc = conf ? rootfs_read_file(ctx->root, conf, 1u << 20, &buf) : -ENOENT;
	if (rc == 0) {
		char value[256];
		unsigned line;
		if (reads == PAM_CONF_NOT_READ) {
			result_evidence(r, conf, _("not read by this pam_pwhistory: %s"), why);
		} else if (search_key(&buf, "remember", value, sizeof value, &line)) {
			char *end;
			long v = strtol(value, &end, 10);
			if (end == value || v < 0) {
				struct finding *f = result_finding(r, FINDING_WARN, conf,
					_("line %u: remember '%s' is not a number; pam_pwhistory "
					  "ignores it"), line, value);
				finding_evidence(f, conf, _("line %u"), line);
			} else if (reads == PAM_CONF_READ || v < hs->remember) {
				/* unknown version: the smaller of the two is what can be relied on */
				hs->remember = v;
				msg_snprintf(hs->where, sizeof hs->where, "%s:%u remember = %s", conf,
					 line, value);
			}
			if (reads == PAM_CONF_UNKNOWN && !remember_arg) {
				struct finding *f = result_finding(r, FINDING_WARN, h->module,
					_("%s; the smaller of its remember (%ld) and the module default "
					  "(10) is assumed"), why, v < 0 ? 0L : v);
				finding_evidence(f, conf, _("line %u"), line);
			}
		}
		if (reads != PAM_CONF_NOT_READ) {
			result_evidence(r, conf, _("read by pam_pwhistory (module arguments override "
						   "it): %s"), why);
			if (search_key(&buf, "enforce_for_root", value, sizeof value, &line) &&
			    reads == PAM_CONF_READ)
				hs->enforce_for_root = true;
		}
		file_buf_free(&buf);
	} else if (rc != -ENOENT && reads != PAM_CONF_NOT_READ) {
		result_finding(r, FINDING_WARN, conf, _("cannot be read: %s"), rootfs_strerror(rc));
	}
	free(why);
	for (size_t a = 0; a < h->argc; a++) {
		const char *arg = h->argv[a];
		if (strncasecmp(arg, "remember=", 9) == 0) {
			long v = strtol(arg + 9, NULL, 10);
			hs->remember = v < 0 ? 0 : v > 400 ? 400 : v;
			msg_snprintf(hs->where, sizeof hs->where, "%s:%u %s", h->file, h->line, arg);
		} else if (strcasecmp(arg, "enforce_for_root") == 0) {
			hs->enforce_for_root = true;
		}
	}
}

static void history_mechanisms(struct audit_context *ctx, struct check_result *r, long want)
{
	struct pw_enforced e;
	if (pw_enforced_load(ctx, &e, NULL) != 0) {
		pw_report_stack(e.stack, r);
		result_error(r, _("the PAM configuration of passwd passes kensa's bounds (%u "
				  "files, %u MiB): it was not read in full"),
				  PAM_STACK_FILES_MAX, PAM_STACK_TOTAL_MAX >> 20);
		pw_enforced_free(&e);
		return;
	}
	if (!e.have_pam) {
		result_finding(r, FINDING_FAIL, "passwd",
			       _("no PAM configuration: passwd keeps no password history"));
		pw_enforced_free(&e);
		return;
	}
	const struct pam_stack *s = e.stack;
	pw_report_stack(s, r);
	if (s->unusable) {
		struct finding *f = result_finding(r, FINDING_FAIL, "passwd",
			_("libpam has no usable password stack for passwd: every password change "
			  "through passwd fails"));
		finding_evidence(f, s->service_file ? s->service_file : s->config, "%s", s->config);
		pw_enforced_free(&e);
		return;
	}
	char *broken = pw_report_flow(&e, r);
	if (broken) {
		result_reason(r, "%s", broken);
		free(broken);
		pw_enforced_free(&e);
		return;
	}
	long best = 0;
	char best_where[1200] = "";
	bool found = false;
	size_t n_ignored = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct pam_handler *h = &s->h[i];
		if (!h->module || h->must_fail)
			continue;
		struct history_setting hs;
		char where[400];
		pw_handler_where(s, i, where, sizeof where);
		if (strcmp(h->module, "pam_pwhistory.so") == 0) {
			pwhistory_settings(ctx, h, &hs, r);
		} else if (strcmp(h->module, "pam_unix.so") == 0) {
			long k = pam_argv_find(h->argv, h->argc, "remember=");
			if (k < 0)
				continue;
			hs.remember = strtol(h->argv[k] + 9, NULL, 10);
			if (hs.remember > 400)
				hs.remember = 400;
			hs.enforce_for_root = false;
			msg_snprintf(hs.where, sizeof hs.where, "%s %s", where, h->argv[k]);
		} else {
			continue;
		}
		found = true;
		result_evidence(r, h->file, "%s: %s", h->module, hs.where);
		if (hs.remember <= 0) {
			struct finding *f = result_finding(r, FINDING_WARN, h->module,
				_("remember = 0: the module keeps no history"));
			finding_evidence(f, h->file, "%s", hs.where);
			n_ignored++;
			continue;
		}
		/* it counts only when every password passwd can store has passed it first */
		struct pam_pw_paths p;
		pam_stack_password_paths(s, i, e.refuses_all, &p);
		if (p.unguarded_write) {
			pw_report_unguarded(s, i, &p, r);
			n_ignored++;
			continue;
		}
		if (!hs.enforce_for_root) {
			struct finding *f = result_finding(r, FINDING_INFO, h->module,
				_("not applied when root sets a password (enforce_for_root not set)"));
			finding_evidence(f, h->file, "%s", where);
		}
		if (hs.remember > best) {
			best = hs.remember;
			msg_snprintf(best_where, sizeof best_where, "%s: %s", h->module, hs.where);
		}
	}
	if (!found) {
		struct finding *f = result_finding(r, FINDING_FAIL, "passwd",
			_("no pam_pwhistory or pam_unix remember= in the password stack: old "
			  "passwords can be reused"));
		finding_evidence(f, s->service_file ? s->service_file : s->config, "%s",
				 _("password stack of the passwd service"));
		result_reason(r, _("no pam_pwhistory or pam_unix remember= in the password stack: "
				   "old passwords can be reused"));
	} else if (best < want) {
		struct finding *f = result_finding(r, FINDING_FAIL, "passwd",
			best ? _("only the last %ld passwords are refused; the profile requires %ld")
			     : _("no enforced history (%ld remembered); the profile requires %ld"),
			best, want);
		if (best_where[0])
			finding_evidence(f, NULL, "%s", best_where);
		if (best)
			result_reason(r, _("only the last %ld passwords are refused; the profile "
					   "requires %ld"), best, want);
		else
			result_reason(r, _("no history module checks a new password before it is "
					   "stored (%zu found, none effective); the profile requires "
					   "%ld"), n_ignored, want);
	} else {
		result_reason(r, _("the last %ld passwords are refused (%s)"), best, best_where);
	}
	pw_enforced_free(&e);
}

static const char *hash_of(const struct account *a)
{
	const char *p = a->password;
	while (*p == '!')
		p++;
	return p;
}

struct hash_key {
	const char *hash;
	size_t account;
};

/* By hash, then by position in the account database (so each group lists its accounts in file
 * order: the sort is total, hence deterministic). */
static int by_hash(const void *a, const void *b)
{
	const struct hash_key *ka = a, *kb = b;
	int c = strcmp(ka->hash, kb->hash);
	if (c)
		return c;
	return ka->account < kb->account ? -1 : ka->account > kb->account;
}

/* Accounts whose password fields are the same hash: one password copied between them.
 * O(n log n): one qsort of (hash, index) pairs, then one pass over equal runs; each group's
 * subject is built in one pass too. */
static void identical_hashes(struct audit_context *ctx, struct check_result *r)
{
	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	struct hash_key *keys = xmalloc((db->n ? db->n : 1) * sizeof *keys);
	size_t n = 0;
	for (size_t i = 0; i < db->n; i++) {
		struct account copy = db->accounts[i];
		copy.password = (char *)hash_of(&db->accounts[i]);
		if (account_password_state(&copy) == PASSWORD_USABLE)
			keys[n++] = (struct hash_key){ copy.password, i };
	}
	if (n > 1)
		qsort(keys, n, sizeof *keys, by_hash);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && strcmp(keys[i].hash, keys[j].hash) == 0)
			j++;
		if (j - i > 1) {
			size_t len = 1;
			for (size_t k = i; k < j; k++)
				len += strlen(db->accounts[keys[k].account].name) + 2;
			char *names = xmalloc(len), *end = names;
			for (size_t k = i; k < j; k++) {
				const char *name = db->accounts[keys[k].account].name;
				size_t nl = strlen(name);
				if (k > i) {
					memcpy(end, ", ", 2);
					end += 2;
				}
				memcpy(end, name, nl);
				end += nl;
			}
			*end = '\0';
			struct finding *f = result_finding(r, FINDING_FAIL, names,
				_("%zu accounts have the identical password hash: one password "
				  "copied between them"), j - i);
			for (size_t k = i; k < j; k++) {
				const struct account *a = &db->accounts[keys[k].account];
				finding_evidence(f, a->has_shadow ? "/etc/shadow" : "/etc/passwd",
						 _("line %u: %s"), a->has_shadow ? a->shadow_line
										 : a->passwd_line,
						 a->name);
			}
			free(names);
		}
		i = j;
	}
	free(keys);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	long want = (long)profile_int(ctx->profile, "password", "history");
	if (want > 0)
		history_mechanisms(ctx, r, want);
	else
		result_reason(r, _("the profile requires no password history ([password] "
				   "history = 0)"));
	identical_hashes(ctx, r);
}

const struct check check_password_history = {
	.id = "password.history",
	.title = N_("Old passwords cannot be reused and no password is shared between accounts"),
	.remediation = N_("Add 'password requisite pam_pwhistory.so remember=5 use_authtok "
			  "enforce_for_root' before pam_unix in the password stack (or set "
			  "remember = 5 in /etc/security/pwhistory.conf); give every account its own "
			  "password (passwd USER)."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
