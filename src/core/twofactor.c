/* Two-factor detection: sshd_config (+ Include) and second-factor PAM modules that cannot be
 * skipped in the sshd and login auth stacks. */
#include "twofactor.h"
#include "context.h"
#include "i18n.h"
#include "pam_stack.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/sshd_config.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SSHD_CONFIG "/etc/ssh/sshd_config"
#define SSHD_MAX_DEPTH 16 /* servconf.c READCONF_MAX_DEPTH */
#define FILE_MAX (1u << 20)
/* Files read for one audit's sshd configuration, whatever the Include graph: a real one has a
 * handful, and sshd itself would take minutes over a graph that reaches this. */
#define SSHD_MAX_FILES 256
/* Distinct Include arguments followed (each is looked up in the list below, so this also bounds
 * that search): far beyond a real configuration, and reached long before it costs anything. */
#define SSHD_MAX_INCLUDES 4096

/* One Include argument as sshd resolves it (its "selector"), with the Match block it was met
 * in; `done` once every file it matched has been read. */
struct sshd_include {
	char *selector;
	char *match;
	bool done;
};

struct sshd_value {
	char *file;
	unsigned line;
	char *value; /* the arguments joined by spaces */
};

struct sshd_state {
	struct audit_context *ctx;
	struct check_result *r;
	/* first global value of the keywords we need */
	struct sshd_value authmethods, usepam, pubkey, kbdint, challenge;
	struct sshd_value permitroot, maxauthtries;
	bool match_sets_authmethods;
	char match_where[300];
	/* Include bookkeeping, as servconf.c keeps its `includes` list */
	struct sshd_include *includes;
	size_t n_includes, cap_includes;
	size_t files_read;
	bool recursion_reported, too_many_reported, includes_reported;
};

static void take_first(struct sshd_value *v, const char *file, const struct sshd_directive *d)
{
	if (v->value)
		return;
	size_t total = 1;
	for (size_t i = 0; i < d->nargs; i++)
		total += strlen(d->args[i]) + 1;
	v->value = xmalloc(total);
	v->value[0] = '\0';
	for (size_t i = 0; i < d->nargs; i++) {
		if (i)
			strcat(v->value, " ");
		strcat(v->value, d->args[i]);
	}
	v->file = xstrdup(file);
	v->line = d->line;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_sshd(struct sshd_state *st, const char *path, const char *match, int depth);

static bool same_match(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Include: each argument a glob, relative to /etc/ssh; matches read in sorted order.
 * sshd (servconf.c) records an Include in its list only after every file it matched has been
 * parsed: an Include met again later is served from that list, but one met again while its own
 * files are still being parsed recurses, until depth 16 ends sshd with "Too many recursive
 * configuration includes". So an Include inside its own expansion is reported as that fatal
 * error and not followed; one met again after its expansion is not read again (first value
 * wins, so a second pass over the same directives in the same Match block changes nothing). */
static void include_glob(struct sshd_state *st, const char *pattern, const char *match,
			 int depth, const char *from, unsigned line)
{
	if (st->n_includes >= SSHD_MAX_INCLUDES) {
		if (st->r && !st->includes_reported)
			result_finding(st->r, FINDING_WARN, from,
				       _("not read: the sshd configuration has more than %d Include "
					 "arguments"), SSHD_MAX_INCLUDES);
		st->includes_reported = true;
		return;
	}
	char *full = pattern[0] == '/' ? xstrdup(pattern) : xasprintf("/etc/ssh/%s", pattern);
	for (size_t i = 0; i < st->n_includes; i++) {
		const struct sshd_include *inc = &st->includes[i];
		if (strcmp(inc->selector, full) != 0)
			continue;
		if (!inc->done) {
			if (st->r && !st->recursion_reported) {
				struct finding *f = result_finding(st->r, FINDING_WARN, from,
					_("Include %s includes itself again: sshd stops with \"Too many "
					  "recursive configuration includes\" and refuses to start"), full);
				finding_evidence(f, from, _("line %u: Include %s"), line, pattern);
			}
			st->recursion_reported = true;
			free(full);
			return;
		}
		if (same_match(inc->match, match)) {
			free(full);
			return;
		}
	}
	size_t me = st->n_includes;
	XGROW(st->includes, st->n_includes, st->cap_includes, st->n_includes + 1);
	st->includes[me] = (struct sshd_include){ full, match ? xstrdup(match) : NULL, false };
	st->n_includes++;

	char *slash = strrchr(full, '/');
	const char *base = slash + 1;
	char *dir = slash == full ? xstrdup("/") : xstrndup(full, (size_t)(slash - full));
	if (!strpbrk(base, "*?[")) {
		read_sshd(st, full, match, depth + 1);
	} else {
		DIR *d;
		char **names = NULL;
		size_t n = 0;
		if (rootfs_open_dir(st->ctx->root, dir, &d) == 0) {
			struct dirent *de;
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.' && base[0] != '.')
					continue;
				if (fnmatch(base, de->d_name, FNM_PATHNAME) != 0)
					continue;
				names = xreallocarray(names, n + 1, sizeof *names);
				names[n++] = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "",
						       de->d_name);
			}
			closedir(d);
		}
		if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
			qsort(names, n, sizeof *names, cmp_names);
		for (size_t i = 0; i < n; i++) {
			read_sshd(st, names[i], match, depth + 1);
			free(names[i]);
		}
		free(names);
	}
	st->includes[me].done = true; /* by index: read_sshd may have grown the array */
	free(dir);
}

static void read_sshd(struct sshd_state *st, const char *path, const char *match, int depth)
{
	if (depth > SSHD_MAX_DEPTH) {
		if (st->r)
			result_finding(st->r, FINDING_WARN, path,
				       _("Include nesting deeper than sshd allows: sshd refuses to start"));
		return;
	}
	if (st->files_read >= SSHD_MAX_FILES) {
		if (st->r && !st->too_many_reported)
			result_finding(st->r, FINDING_WARN, path,
				       _("not read: the sshd configuration's Include directives reach more "
					 "than %d files"), SSHD_MAX_FILES);
		st->too_many_reported = true;
		return;
	}
	st->files_read++;
	struct file_buf buf;
	int rc = rootfs_read_file(st->ctx->root, path, FILE_MAX, &buf);
	if (rc < 0) {
		if (rc != -ENOENT && st->r)
			result_finding(st->r, FINDING_WARN, path, _("cannot be read: %s"),
				       rootfs_strerror(rc));
		return;
	}
	if (st->r)
		result_evidence(st->r, path, _("sshd configuration read"));
	struct sshd_config c;
	sshd_config_parse(buf.data, buf.len, match, &c);
	file_buf_free(&buf);
	for (size_t i = 0; i < c.n_bad && st->r; i++) {
		struct finding *f = result_finding(st->r, FINDING_WARN, path,
			_("line %u is malformed: sshd refuses to start with it"), c.bad_lines[i]);
		finding_evidence(f, path, _("line %u"), c.bad_lines[i]);
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct sshd_directive *d = &c.d[i];
		if (strcmp(d->keyword, "include") == 0) {
			for (size_t a = 0; a < d->nargs; a++)
				include_glob(st, d->args[a], d->match, depth, path, d->line);
			continue;
		}
		if (d->match) {
			if (strcmp(d->keyword, "authenticationmethods") == 0 &&
			    !st->match_sets_authmethods) {
				st->match_sets_authmethods = true;
				msg_snprintf(st->match_where, sizeof st->match_where, "%s:%u (Match %s)",
					 path, d->line, d->match);
			}
			continue;
		}
		if (strcmp(d->keyword, "authenticationmethods") == 0)
			take_first(&st->authmethods, path, d);
		else if (strcmp(d->keyword, "usepam") == 0)
			take_first(&st->usepam, path, d);
		else if (strcmp(d->keyword, "pubkeyauthentication") == 0)
			take_first(&st->pubkey, path, d);
		else if (strcmp(d->keyword, "kbdinteractiveauthentication") == 0)
			take_first(&st->kbdint, path, d);
		else if (strcmp(d->keyword, "challengeresponseauthentication") == 0)
			take_first(&st->challenge, path, d);
		else if (strcmp(d->keyword, "permitrootlogin") == 0)
			take_first(&st->permitroot, path, d);
		else if (strcmp(d->keyword, "maxauthtries") == 0)
			take_first(&st->maxauthtries, path, d);
	}
	sshd_config_free(&c);
}

static void value_free(struct sshd_value *v)
{
	free(v->file);
	free(v->value);
}

/* Everything read_sshd kept: the values and the Include bookkeeping. */
static void sshd_state_free(struct sshd_state *st)
{
	struct sshd_value *values[] = { &st->authmethods, &st->usepam, &st->pubkey, &st->kbdint,
					&st->challenge, &st->permitroot, &st->maxauthtries };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		value_free(values[i]);
	for (size_t i = 0; i < st->n_includes; i++) {
		free(st->includes[i].selector);
		free(st->includes[i].match);
	}
	free(st->includes);
	st->includes = NULL;
	st->n_includes = 0;
}

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

static bool yes(const struct sshd_value *v, bool dflt)
{
	if (!v->value)
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

void twofactor_detect(struct audit_context *ctx, struct twofactor *t, struct check_result *r)
{
	memset(t, 0, sizeof *t);
	struct sshd_state st;
	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	st.r = r;
	t->sshd_present = rootfs_exists(ctx->root, SSHD_CONFIG);
	if (t->sshd_present) {
		read_sshd(&st, SSHD_CONFIG, NULL, 0);
		bool kbd_everywhere;
		if (methods_need_two(st.authmethods.value, &kbd_everywhere)) {
			t->ssh_required = true;
			msg_snprintf(t->ssh_how, sizeof t->ssh_how, "%s:%u AuthenticationMethods %s",
				 st.authmethods.file, st.authmethods.line, st.authmethods.value);
		} else {
			/* PAM decides every SSH login only when public keys are off (or every
			 * method list goes through PAM) and sshd uses PAM for it */
			bool pam_used = yes(&st.usepam, false) &&
					(kbd_everywhere || !yes(&st.pubkey, true));
			char how[400];
			if (pam_used && pam_second_factor(ctx, "sshd", how, sizeof how, r)) {
				t->ssh_required = true;
				msg_snprintf(t->ssh_how, sizeof t->ssh_how, "%s (UsePAM yes)", how);
			} else if (r) {
				if (st.authmethods.value)
					result_evidence(r, st.authmethods.file,
							_("line %u: AuthenticationMethods %s: one method "
							  "suffices"), st.authmethods.line,
							st.authmethods.value);
				else
					result_evidence(r, SSHD_CONFIG,
							_("AuthenticationMethods not set (any): one method "
							  "suffices"));
			}
		}
		if (st.match_sets_authmethods && r)
			result_evidence(r, NULL, _("AuthenticationMethods also set for some connections "
						   "only: %s"), st.match_where);
	}
	char how[400];
	if (pam_second_factor(ctx, "login", how, sizeof how, r)) {
		t->console_required = true;
		msg_snprintf(t->console_how, sizeof t->console_how, "%s", how);
	}
	if (st.permitroot.value) {
		msg_snprintf(t->permit_root_login, sizeof t->permit_root_login, "%s", st.permitroot.value);
		msg_snprintf(t->permit_root_where, sizeof t->permit_root_where, "%s:%u",
			 st.permitroot.file, st.permitroot.line);
	}
	sshd_state_free(&st);
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

static bool read_sshd_quietly(struct audit_context *ctx, struct sshd_state *st);

/* Whether a Match block sets AuthenticationMethods, and where (read_sshd's answer). */
static bool sshd_match_sets_methods(struct audit_context *ctx, char *where, size_t len)
{
	struct sshd_state st;
	read_sshd_quietly(ctx, &st); /* no sshd_config: no Match block sets anything */
	bool set = st.match_sets_authmethods;
	msg_snprintf(where, len, "%s", st.match_where);
	sshd_state_free(&st);
	return set;
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
		if (e->required && sshd_match_sets_methods(ctx, where, sizeof where)) {
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

/* Read the effective global sshd settings without evidence; false when there is no sshd_config. */
static bool read_sshd_quietly(struct audit_context *ctx, struct sshd_state *st)
{
	memset(st, 0, sizeof *st);
	st->ctx = ctx;
	if (!rootfs_exists(ctx->root, SSHD_CONFIG))
		return false;
	read_sshd(st, SSHD_CONFIG, NULL, 0);
	return true;
}

/* "FILE:LINE: Keyword VALUE" where a setting came from, or the note that it is unset. */
static void value_where(const struct sshd_value *v, const char *keyword, const char *unset,
			char *where, size_t len)
{
	if (v->value)
		msg_snprintf(where, len, "%s:%u: %s %s", v->file, v->line, keyword, v->value);
	else
		msg_snprintf(where, len, "%s", unset);
}

int twofactor_sshd_uses_pam(struct audit_context *ctx, char *where, size_t len)
{
	struct sshd_state st;
	if (!read_sshd_quietly(ctx, &st))
		return -1;
	value_where(&st.usepam, "UsePAM", _("UsePAM not set (sshd's default: no)"), where, len);
	int yes_pam = yes(&st.usepam, false);
	sshd_state_free(&st);
	return yes_pam;
}

int twofactor_sshd_max_auth_tries(struct audit_context *ctx, char *where, size_t len)
{
	struct sshd_state st;
	if (!read_sshd_quietly(ctx, &st))
		return -1;
	value_where(&st.maxauthtries, "MaxAuthTries", _("MaxAuthTries not set (sshd's default: 6)"),
		    where, len);
	sshd_state_free(&st);
	return 0;
}
