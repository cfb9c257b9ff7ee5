/* The enforced password policy of passwd(1): PAM stack + module settings -> rules -> outcome. */
#include "pwenforce.h"
#include "context.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/login_defs.h"
#include "../parsers/pwquality_conf.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CONF_MAX (1u << 20)
#define PWQ_CONF "/etc/security/pwquality.conf"
#define PWQ_CONF_D "/etc/security/pwquality.conf.d"

void pw_handler_where(const struct pam_stack *s, size_t i, char *buf, size_t len)
{
	msg_snprintf(buf, len, "%s:%u", s->h[i].file, s->h[i].line);
}

static void add_setting(struct pw_module_use *m, char *text)
{
	m->settings = xreallocarray(m->settings, m->n_settings + 1, sizeof *m->settings);
	m->settings[m->n_settings++] = text;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* libpwquality's pwquality_read_config: *.conf in pwquality.conf.d in strcmp order first, then
 * pwquality.conf itself (so the main file has the last word); the first bad line ends all
 * reading. */
static void read_pwquality_config(struct audit_context *ctx, struct pwq_settings *s,
				  struct check_result *r)
{
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	if (rootfs_open_dir(ctx->root, PWQ_CONF_D, &d) == 0) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			if (!pwq_dropin_name_ok(de->d_name))
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", PWQ_CONF_D, de->d_name);
		}
		closedir(d);
		if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
			qsort(names, n, sizeof *names, cmp_names);
	}
	bool stopped = false;
	for (size_t i = 0; i <= n && !stopped; i++) {
		const char *path = i < n ? names[i] : PWQ_CONF;
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, path, CONF_MAX, &buf);
		if (rc == -ENOENT && i == n)
			continue; /* a missing default file is ignored */
		if (rc < 0) {
			if (r) {
				struct finding *f = result_finding(r, FINDING_WARN, path,
					_("cannot be read (%s): libpwquality skips it, so its settings "
					  "are not known"), rootfs_strerror(rc));
				finding_evidence(f, path, "%s", rootfs_strerror(rc));
			}
			continue;
		}
		if (r)
			result_evidence(r, path, _("read by libpwquality (%s)"),
					i < n ? _("drop-in, before pwquality.conf") : _("main file, last"));
		unsigned bad = 0;
		enum pwq_status st = pwq_apply_file(s, buf.data, buf.len, path, &bad);
		file_buf_free(&buf);
		if (st != PWQ_OK) {
			stopped = true;
			if (r) {
				struct finding *f = result_finding(r, FINDING_WARN, path,
					_("line %u: %s; libpwquality stops reading there, so the rest of "
					  "this file and every later file (pwquality.conf last) are ignored"),
					bad, _(pwq_status_text(st)));
				finding_evidence(f, path, _("line %u"), bad);
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* cracklib's PWOpen(prefix): PREFIX.pwd (or PREFIX.pwd.gz) and PREFIX.pwi must open, else
 * FascistCheck answers "error loading dictionary" and pam_pwquality / pam_cracklib refuse every
 * password. The built-in prefix is the distribution's build of cracklib: Debian's
 * /var/cache/cracklib/cracklib_dict (written by cracklib-runtime's update-cracklib), Red Hat's
 * /usr/share/cracklib/pw_dict. */
static bool regular_file(struct audit_context *ctx, const char *path, int *err)
{
	struct stat st;
	int rc = rootfs_stat(ctx->root, path, &st);
	if (rc != 0) {
		if (rc != -ENOENT && rc != -ENOTDIR)
			*err = rc;
		return false;
	}
	return S_ISREG(st.st_mode);
}

/* Debian and its derivatives build cracklib with their own dictionary path. */
static bool debian_family(struct audit_context *ctx)
{
	struct stat st;
	if (rootfs_stat(ctx->root, "/var/lib/dpkg/status", &st) == 0 ||
	    rootfs_stat(ctx->root, "/etc/debian_version", &st) == 0)
		return true;
	struct file_buf buf;
	bool debian = false;
	if (rootfs_read_file(ctx->root, "/etc/os-release", 64u << 10, &buf) == 0) {
		struct line_iter it;
		char line[512];
		bool trunc;
		line_iter_init(&it, &buf);
		while (line_iter_next(&it, line, sizeof line, &trunc) && !debian)
			if (strncmp(line, "ID=", 3) == 0 || strncmp(line, "ID_LIKE=", 8) == 0)
				debian = strstr(line, "debian") || strstr(line, "ubuntu");
		file_buf_free(&buf);
	}
	return debian;
}

static void dictionary_check(struct audit_context *ctx, struct pw_module_use *m,
			     const char *dictpath, struct check_result *r)
{
	const char *prefix = dictpath;
	if (!prefix)
		prefix = debian_family(ctx) ? "/var/cache/cracklib/cracklib_dict"
					    : "/usr/share/cracklib/pw_dict";
	char *pwd = xasprintf("%s.pwd", prefix), *gz = xasprintf("%s.pwd.gz", prefix),
	     *pwi = xasprintf("%s.pwi", prefix);
	int err = 0;
	bool have_pwd = regular_file(ctx, pwd, &err) || regular_file(ctx, gz, &err);
	bool have_pwi = regular_file(ctx, pwi, &err);
	if (err && r) {
		struct finding *f = result_finding(r, FINDING_WARN, m->module,
			_("cannot tell whether the cracklib dictionary %s exists (%s)"), prefix,
			rootfs_strerror(err));
		finding_evidence(f, pwd, "%s", rootfs_strerror(err));
	} else if (!have_pwd || !have_pwi) {
		m->dict_missing = xstrdup(!have_pwd ? pwd : pwi);
	} else if (r) {
		result_evidence(r, pwd, _("cracklib dictionary of %s (%s)"), m->module,
				dictpath ? "dictpath" : _("built-in path"));
	}
	free(pwd);
	free(gz);
	free(pwi);
}

static char *setting_text(const struct pwq_settings *s, enum pwq_key k)
{
	const struct pwq_origin *o = &s->origin[k];
	if (o->file && o->line)
		return xasprintf("%s:%u %s", o->file, o->line, o->text);
	if (o->file)
		return xasprintf("%s %s", o->file, o->text);
	return xasprintf(_("%s = %d (%s default)"), pwq_key_name(k), s->value[k],
			 s->cracklib ? "pam_cracklib" : "libpwquality");
}

static bool is_pam_get_authtok_arg(const char *a)
{
	/* options pam_pwquality hands to pam_get_authtok or ignores (pam_pwquality.c _pam_parse) */
	static const char *const prefixes[] = { "type=", "difignore=", "reject_username",
						"authtok_type", "use_authtok", "use_first_pass",
						"try_first_pass" };
	if (strcmp(a, "debug") == 0)
		return true;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(a, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static void credit_rule(struct pw_module_use *m, const struct pwq_settings *s)
{
	m->rule.kind = PW_RULE_CREDIT;
	m->rule.minlen = s->value[PWQ_MINLEN];
	m->rule.credit[0] = s->value[PWQ_DCREDIT];
	m->rule.credit[1] = s->value[PWQ_UCREDIT];
	m->rule.credit[2] = s->value[PWQ_LCREDIT];
	m->rule.credit[3] = s->value[PWQ_OCREDIT];
	m->rule.minclass = s->value[PWQ_MINCLASS] > 0 ? s->value[PWQ_MINCLASS] : 0;
	m->rule.maxclassrepeat = s->value[PWQ_MAXCLASSREPEAT] > 0 ? s->value[PWQ_MAXCLASSREPEAT] : 0;
	static const enum pwq_key decisive[] = { PWQ_MINLEN, PWQ_DCREDIT, PWQ_UCREDIT, PWQ_LCREDIT,
						 PWQ_OCREDIT, PWQ_MINCLASS, PWQ_MAXCLASSREPEAT,
						 PWQ_ENFORCING, PWQ_ENFORCE_FOR_ROOT };
	for (size_t i = 0; i < sizeof decisive / sizeof decisive[0]; i++) {
		if (s->cracklib && decisive[i] == PWQ_ENFORCING)
			continue;
		add_setting(m, setting_text(s, decisive[i]));
	}
	m->root_exempt = !s->value[PWQ_ENFORCE_FOR_ROOT];
	m->warn_only = !s->cracklib && !s->value[PWQ_ENFORCING];
}

static void pwquality_module(struct audit_context *ctx, const struct pam_handler *h,
			     struct pw_module_use *m, bool cracklib, struct pwq_settings *base,
			     bool *base_read, struct check_result *r)
{
	struct pwq_settings s;
	if (cracklib) {
		pwq_settings_cracklib(&s);
	} else {
		if (!*base_read) {
			pwq_settings_default(base);
			read_pwquality_config(ctx, base, r);
			*base_read = true;
		}
		/* a copy: module arguments apply to this line only */
		pwq_settings_copy(&s, base);
	}
	for (size_t a = 0; a < h->argc; a++) {
		const char *arg = h->argv[a];
		if (cracklib) {
			if (strcmp(arg, "enforce_for_root") == 0) {
				pwq_set(&s, "enforce_for_root", "", h->file, h->line, arg);
				continue;
			}
			const char *eq = strchr(arg, '=');
			if (!eq)
				continue;
			char *name = xstrndup(arg, (size_t)(eq - arg));
			pwq_set(&s, name, eq + 1, h->file, h->line, arg);
			free(name);
			continue;
		}
		if (is_pam_get_authtok_arg(arg))
			continue;
		const char *eq = strchr(arg, '=');
		char *name = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
		enum pwq_status st = pwq_set(&s, name, eq ? eq + 1 : "", h->file, h->line, arg);
		free(name);
		if (st != PWQ_OK && r) {
			struct finding *f = result_finding(r, FINDING_WARN, h->file,
				_("line %u: pam_pwquality ignores the option '%s' (%s)"), h->line, arg,
				_(pwq_status_text(st)));
			finding_evidence(f, h->file, _("line %u"), h->line);
		}
	}
	credit_rule(m, &s);
	if (s.value[PWQ_DICTCHECK] || cracklib)
		dictionary_check(ctx, m, s.dictpath, r);
	pwq_settings_free(&s);
}

/* passwdqc "min=N0,N1,N2,N3,N4" */
static bool parse_qc_min(const char *v, int out[5])
{
	int vals[5];
	for (int i = 0; i < 5; i++) {
		const char *end = strchr(v, i < 4 ? ',' : '\0');
		if (!end)
			return false;
		size_t len = (size_t)(end - v);
		if (len == 8 && strncmp(v, "disabled", 8) == 0) {
			vals[i] = PW_DISABLED;
		} else {
			if (len == 0 || len > 6)
				return false;
			for (size_t j = 0; j < len; j++)
				if (!isdigit((unsigned char)v[j]))
					return false;
			vals[i] = atoi(v);
		}
		v = end + (i < 4);
	}
	memcpy(out, vals, sizeof vals);
	return true;
}

static void passwdqc_option(struct pw_module_use *m, const char *opt, const char *where,
			    struct check_result *r)
{
	if (strncmp(opt, "min=", 4) == 0) {
		if (parse_qc_min(opt + 4, m->rule.qc_min))
			add_setting(m, xasprintf("%s %s", where, opt));
		else if (r)
			result_finding(r, FINDING_WARN, where,
				       _("'%s' is not valid: pam_passwdqc refuses to run"), opt);
	} else if (strncmp(opt, "max=", 4) == 0) {
		m->rule.qc_max = atoi(opt + 4);
		add_setting(m, xasprintf("%s %s", where, opt));
	} else if (strncmp(opt, "enforce=", 8) == 0) {
		m->warn_only = strcmp(opt + 8, "none") == 0;
		m->root_exempt = strcmp(opt + 8, "users") == 0;
		add_setting(m, xasprintf("%s %s", where, opt));
	}
}

static void passwdqc_module(struct audit_context *ctx, const struct pam_handler *h,
			    struct pw_module_use *m, struct check_result *r)
{
	/* passwdqc's defaults: min=disabled,24,11,8,7 max=72 enforce=everyone */
	m->rule.kind = PW_RULE_PASSWDQC;
	const int defaults[5] = { PW_DISABLED, 24, 11, 8, 7 };
	memcpy(m->rule.qc_min, defaults, sizeof defaults);
	m->rule.qc_max = 72;
	add_setting(m, xasprintf("%s", _("min=disabled,24,11,8,7 max=72 (passwdqc defaults)")));
	char where[512];
	for (size_t a = 0; a < h->argc; a++) {
		const char *arg = h->argv[a];
		if (strncmp(arg, "config=", 7) == 0) {
			struct file_buf buf;
			if (rootfs_read_file(ctx->root, arg + 7, CONF_MAX, &buf) != 0) {
				if (r)
					result_finding(r, FINDING_WARN, arg + 7,
						       _("cannot be read: pam_passwdqc refuses to run"));
				continue;
			}
			struct line_iter it;
			char line[1024];
			bool trunc;
			line_iter_init(&it, &buf);
			while (line_iter_next(&it, line, sizeof line, &trunc)) {
				char *s = line + strspn(line, " \t");
				if (!*s || *s == '#')
					continue;
				s[strcspn(s, " \t\r")] = '\0';
				msg_snprintf(where, sizeof where, "%s:%u", arg + 7, it.lineno);
				passwdqc_option(m, s, where, r);
			}
			file_buf_free(&buf);
			continue;
		}
		msg_snprintf(where, sizeof where, "%s:%u", h->file, h->line);
		passwdqc_option(m, arg, where, r);
	}
}

static void unix_module(const struct pam_handler *h, struct pw_module_use *m)
{
	/* pam_unix(8): minlen=n, default 6; its checks are skipped when root runs passwd */
	m->rule.kind = PW_RULE_MINLEN;
	m->rule.minlen = 6;
	long i = pam_argv_find(h->argv, h->argc, "minlen=");
	if (i >= 0) {
		m->rule.minlen = atoi(h->argv[i] + 7);
		add_setting(m, xasprintf("%s:%u %s", h->file, h->line, h->argv[i]));
	} else {
		add_setting(m, xasprintf("%s", _("minlen = 6 (pam_unix default)")));
	}
	m->root_exempt = true;
}

static void shadow_without_pam(struct audit_context *ctx, struct pw_enforced *e,
			       struct check_result *r)
{
	/* shadow-utils' own passwd: obscure() checks PASS_MIN_LEN (0 when unset) */
	long min = 0;
	struct file_buf buf;
	struct pw_module_use *m = &e->mods[e->n_mods++];
	m->module = xstrdup("login.defs");
	m->file = xstrdup("/etc/login.defs");
	m->enforced = true;
	m->rule.kind = PW_RULE_MINLEN;
	if (rootfs_read_file(ctx->root, "/etc/login.defs", CONF_MAX, &buf) == 0) {
		struct login_defs defs;
		login_defs_parse(buf.data, buf.len, &defs);
		file_buf_free(&buf);
		const struct login_def *d = login_defs_get(&defs, "PASS_MIN_LEN");
		login_defs_long(&defs, "PASS_MIN_LEN", 0, &min);
		if (d) {
			m->line = d->line;
			add_setting(m, xasprintf("/etc/login.defs:%u PASS_MIN_LEN %s", d->line,
						 d->value));
		}
		login_defs_free(&defs);
	}
	if (!m->n_settings)
		add_setting(m, xasprintf("%s", _("PASS_MIN_LEN unset (shadow-utils default 0)")));
	m->rule.minlen = min < 0 ? 0 : (int)min;
	e->rules[e->n_rules++] = m->rule;
	if (r)
		result_evidence(r, NULL, _("no PAM configuration (/etc/pam.d, /usr/lib/pam.d, "
					   "/etc/pam.conf): passwd uses shadow-utils' own checks"));
}

void pw_report_unguarded(const struct pam_stack *s, size_t guard, const struct pam_pw_paths *p,
			 struct check_result *r)
{
	const struct pam_handler *h = &s->h[guard];
	char where[512], w[512];
	pw_handler_where(s, guard, where, sizeof where);
	size_t wi = p->unguarded_writer;
	const char *writer = wi < s->n && s->h[wi].module ? s->h[wi].module : "?";
	if (wi < s->n)
		pw_handler_where(s, wi, w, sizeof w);
	else
		snprintf(w, sizeof w, "?");
	size_t sk[8];
	size_t nsk = pam_stack_skippers(s, guard, sk, 8);
	struct finding *f;
	if (wi < guard) {
		f = result_finding(r, FINDING_WARN, h->module,
			_("runs after %s (%s), which has already stored the new password: its "
			  "refusal comes too late to stop the change"), writer, w);
	} else if (nsk > 0) {
		f = result_finding(r, FINDING_WARN, h->module,
			_("can be skipped: an earlier module's success jumps over it, so %s (%s) "
			  "can store a password this check never saw"), writer, w);
	} else {
		f = result_finding(r, FINDING_WARN, h->module,
			_("its refusal does not stop the change: the control lets %s (%s) store "
			  "the password anyway"), writer, w);
	}
	finding_evidence(f, h->file, "%s", where);
	if (wi < s->n)
		finding_evidence(f, s->h[wi].file, _("%s %s stores the password"), w, writer);
	for (size_t k = 0; k < nsk && wi >= guard; k++) {
		char j[512];
		pw_handler_where(s, sk[k], j, sizeof j);
		finding_evidence(f, s->h[sk[k]].file, _("%s %s jumps past it"), j,
				 s->h[sk[k]].module ? s->h[sk[k]].module : "");
	}
}

/* Why a use_authtok writer gets no password: the nearest earlier module that would have asked
 * for it, and the jumps that skip that module. */
static char *tokenless_text(const struct pam_stack *s, size_t wi, struct finding **fout,
			    struct check_result *r, enum finding_severity sev, const char *lead)
{
	char w[512];
	pw_handler_where(s, wi, w, sizeof w);
	size_t provider = SIZE_MAX;
	for (size_t j = wi; j-- > 0;) {
		const struct pam_handler *h = &s->h[j];
		if (!h->module || h->must_fail || h->substack)
			continue;
		if (pam_password_role(h->module) != PAM_PW_OTHER && !pam_handler_needs_token(h)) {
			provider = j;
			break;
		}
	}
	size_t sk[8];
	size_t nsk = provider == SIZE_MAX ? 0 : pam_stack_skippers(s, provider, sk, 8);
	char *text;
	if (provider != SIZE_MAX && nsk > 0) {
		char pw[512], jw[512];
		pw_handler_where(s, provider, pw, sizeof pw);
		pw_handler_where(s, sk[0], jw, sizeof jw);
		const char *jm = s->h[sk[0]].module ? s->h[sk[0]].module : "";
		text = xasprintf(_("%s%s (%s) has use_authtok but gets no new password: %s (%s), "
				   "which asks for it, is skipped by the jump at %s (%s)%s"),
				 lead, s->h[wi].module, w, s->h[provider].module, pw, jw, jm,
				 /* the jump's two paths: local users jump, the others reach a
				  * pam_unix that does not know them */
				 strcmp(jm, "pam_localuser.so") == 0 &&
						 strcmp(s->h[wi].module, "pam_unix.so") == 0
					 ? _(" for every user in /etc/passwd; users not in it take the "
					     "other path, where pam_unix.so does not know them")
					 : "");
	} else {
		text = xasprintf(_("%s%s (%s) has use_authtok but no earlier module on this path "
				   "asks for the new password"), lead, s->h[wi].module, w);
	}
	struct finding *f = result_finding(r, sev, "passwd", "%s", text);
	finding_evidence(f, s->h[wi].file, "%s %s", w, s->h[wi].module);
	for (size_t k = 0; k < nsk; k++) {
		char jw[512];
		pw_handler_where(s, sk[k], jw, sizeof jw);
		finding_evidence(f, s->h[sk[k]].file, _("%s %s jumps past %s"), jw,
				 s->h[sk[k]].module ? s->h[sk[k]].module : "",
				 s->h[provider].module);
	}
	if (fout)
		*fout = f;
	return text;
}

static bool any_writer(const struct pam_stack *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->h[i].must_fail && pam_password_role(s->h[i].module) == PAM_PW_WRITER)
			return true;
	return false;
}

char *pw_report_flow(const struct pw_enforced *e, struct check_result *r)
{
	if (!e->have_pam || e->stack->unusable)
		return NULL;
	const struct pam_stack *s = e->stack;
	const struct pam_pw_paths *p = &e->flow;
	char *why = NULL;
	if (!p->can_write) {
		const struct pw_module_use *dict = NULL;
		for (size_t i = 0; i < e->n_mods && !dict; i++)
			if (e->refuses_all[e->mods[i].handler])
				dict = &e->mods[i];
		if (dict) {
			char w[512];
			pw_handler_where(s, dict->handler, w, sizeof w);
			why = xasprintf(_("every password change is refused: the cracklib dictionary "
					  "%s is missing, so %s (%s) rejects every new password "
					  "(\"error loading dictionary\")"),
					dict->dict_missing, dict->module, w);
			struct finding *f = result_finding(r, FINDING_FAIL, "passwd", "%s", why);
			finding_evidence(f, dict->file, "%s %s", w, dict->module);
			finding_evidence(f, dict->dict_missing, "%s", _("missing"));
		} else if (p->tokenless_writer != SIZE_MAX) {
			why = tokenless_text(s, p->tokenless_writer, NULL, r, FINDING_FAIL,
					     _("no password can be changed through passwd: "));
		} else if (!any_writer(s)) {
			why = xasprintf("%s", _("no password can be changed through passwd: no module in the "
					"password stack stores one (pam_unix, pam_sss, pam_ldap, ...)"));
			struct finding *f = result_finding(r, FINDING_FAIL, "passwd", "%s", why);
			finding_evidence(f, s->service_file ? s->service_file : s->config, "%s",
					 _("password stack of the passwd service"));
		} else {
			why = xasprintf("%s", p->prelim_ok
				? _("no password can be changed through passwd: every path through "
				    "the password stack fails before a module stores the password")
				: _("no password can be changed through passwd: the first pass "
				    "(PAM_PRELIM_CHECK) fails on every path"));
			struct finding *f = result_finding(r, FINDING_FAIL, "passwd", "%s", why);
			finding_evidence(f, s->service_file ? s->service_file : s->config, "%s",
					 _("password stack of the passwd service"));
		}
		return why;
	}
	if (p->tokenless_writer != SIZE_MAX)
		free(tokenless_text(s, p->tokenless_writer, NULL, r, FINDING_FAIL,
				    _("password changes fail on some paths: ")));
	if (!p->write_reported_ok) {
		struct finding *f = result_finding(r, FINDING_WARN, "passwd",
			_("passwd stores the new password but then always reports failure: a module "
			  "after the write fails the stack"));
		finding_evidence(f, s->service_file ? s->service_file : s->config, "%s",
				 _("password stack of the passwd service"));
	}
	return NULL;
}

void pw_report_stack(const struct pam_stack *s, struct check_result *r)
{
	/* the files that define the stack in force (not every file libpam opened) */
	if (s->service_file)
		result_evidence(r, s->service_file, _("PAM service file of %s"), s->service);
	for (size_t i = 0; i < s->n; i++) {
		bool seen = s->service_file && strcmp(s->h[i].file, s->service_file) == 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(s->h[k].file, s->h[i].file) == 0;
		if (!seen)
			result_evidence(r, s->h[i].file, _("%s lines of the %s stack"),
					pam_type_name(s->type), s->service);
	}
	if (!s->service_file)
		result_evidence(r, s->config, _("no %s service file: libpam uses \"other\""),
				s->service);
	else if (s->used_other)
		result_evidence(r, s->service_file, _("no %s lines: libpam uses \"other\""),
				pam_type_name(s->type));
	for (size_t i = 0; i < s->n_diags; i++) {
		const struct pam_diag *d = &s->diags[i];
		struct finding *f = result_finding(r, FINDING_WARN, d->file, "%s", d->message);
		if (d->line)
			finding_evidence(f, d->file, _("line %u"), d->line);
		else
			finding_evidence(f, d->file, "%s", d->message);
	}
}

int pw_enforced_load(struct audit_context *ctx, struct pw_enforced *e, struct check_result *r)
{
	memset(e, 0, sizeof *e);
	int rc;
	e->stack = pam_stack_get(ctx, "passwd", PAM_TYPE_PASSWORD, &rc);
	if (!e->stack) {
		shadow_without_pam(ctx, e, r);
		pw_policy_evaluate(e->rules, e->n_rules, &e->outcome);
		return 0;
	}
	e->have_pam = true;
	const struct pam_stack *s = e->stack;
	if (s->budget_exceeded) {
		/* some of its files were never read: the stack is unknown, not judged */
		if (r) {
			pw_report_stack(s, r);
			result_error(r, _("the PAM configuration of passwd passes kensa's bounds (%u "
					  "files, %u MiB): it was not read in full"),
				  PAM_STACK_FILES_MAX, PAM_STACK_TOTAL_MAX >> 20);
		}
		return -1;
	}
	if (r) {
		pw_report_stack(s, r);
		if (s->unusable) {
			struct finding *f = result_finding(r, FINDING_WARN, s->config,
				_("libpam has no usable password stack for passwd: every password "
				  "change through passwd fails"));
			finding_evidence(f, s->service_file ? s->service_file : s->config, "%s",
					 s->config);
		}
	}
	struct pwq_settings base;
	bool base_read = false;
	e->refuses_all = xcalloc(s->n ? s->n : 1, sizeof *e->refuses_all);
	for (size_t i = 0; i < s->n && e->n_mods < PW_MAX_MODULES; i++) {
		const struct pam_handler *h = &s->h[i];
		if (!h->module || h->must_fail || h->substack)
			continue;
		bool pwquality = strcmp(h->module, "pam_pwquality.so") == 0;
		bool cracklib = strcmp(h->module, "pam_cracklib.so") == 0;
		bool passwdqc = strcmp(h->module, "pam_passwdqc.so") == 0;
		bool unix_ = strcmp(h->module, "pam_unix.so") == 0;
		if (!pwquality && !cracklib && !passwdqc && !unix_)
			continue;
		struct pw_module_use *m = &e->mods[e->n_mods++];
		m->handler = i;
		m->module = xstrdup(h->module);
		m->file = xstrdup(h->file);
		m->line = h->line;
		if (pwquality || cracklib)
			pwquality_module(ctx, h, m, cracklib, &base, &base_read, r);
		else if (passwdqc)
			passwdqc_module(ctx, h, m, r);
		else
			unix_module(h, m);
		if (!unix_)
			e->any_quality_module = true;
		/* enforcing=0 only warns: then not even a missing dictionary refuses anything */
		if (m->dict_missing && !m->warn_only)
			e->refuses_all[i] = true;
	}
	pam_stack_password_paths(s, SIZE_MAX, e->refuses_all, &e->flow);
	/* pam_unix checks its own minlen right before it stores: when pam_unix is the only kind of
	 * writer, every stored password passed the weakest pam_unix line at least */
	bool only_unix = true;
	for (size_t i = 0; i < s->n; i++)
		if (!s->h[i].must_fail && pam_password_role(s->h[i].module) == PAM_PW_WRITER &&
		    strcmp(s->h[i].module, "pam_unix.so") != 0)
			only_unix = false;
	size_t weakest_unix = SIZE_MAX;
	for (size_t k = 0; k < e->n_mods; k++)
		if (strcmp(e->mods[k].module, "pam_unix.so") == 0 &&
		    (weakest_unix == SIZE_MAX ||
		     e->mods[k].rule.minlen < e->mods[weakest_unix].rule.minlen))
			weakest_unix = k;
	for (size_t k = 0; k < e->n_mods; k++) {
		struct pw_module_use *m = &e->mods[k];
		size_t i = m->handler;
		bool unix_ = strcmp(m->module, "pam_unix.so") == 0;
		/* a checker counts when every password that can be stored has passed it */
		struct pam_pw_paths p;
		memset(&p, 0, sizeof p);
		if (unix_) {
			m->enforced = e->flow.can_write && only_unix && k == weakest_unix;
		} else {
			pam_stack_password_paths(s, i, e->refuses_all, &p);
			m->enforced = p.can_write && !p.unguarded_write;
			m->bypassable = p.unguarded_write;
			m->unguarded_writer = p.unguarded_writer;
		}
		if (m->enforced && !m->warn_only)
			e->rules[e->n_rules++] = m->rule;
		if (!r)
			continue;
		char where[512];
		pw_handler_where(s, i, where, sizeof where);
		for (size_t j = 0; j < m->n_settings; j++) {
			const char *t = m->settings[j];
			char *src = t[0] == '/' ? xstrndup(t, strcspn(t, ": ")) : NULL;
			result_evidence(r, src, "%s (%s): %s", m->module, where, t);
			free(src);
		}
		if (m->warn_only) {
			struct finding *f = result_finding(r, FINDING_WARN, m->module,
				_("only warns about weak passwords (enforcing=0 / enforce=none): it "
				  "refuses nothing"));
			finding_evidence(f, m->file, "%s", where);
		}
		if (p.unguarded_write && !unix_)
			pw_report_unguarded(s, i, &p, r);
	}
	if (base_read)
		pwq_settings_free(&base);
	pw_policy_evaluate(e->rules, e->n_rules, &e->outcome);
	return 0;
}

void pw_enforced_free(struct pw_enforced *e)
{
	free(e->refuses_all);
	for (size_t i = 0; i < e->n_mods; i++) {
		free(e->mods[i].dict_missing);
		free(e->mods[i].module);
		free(e->mods[i].file);
		for (size_t k = 0; k < e->mods[i].n_settings; k++)
			free(e->mods[i].settings[k]);
		free(e->mods[i].settings);
	}
	memset(e, 0, sizeof *e);
}
