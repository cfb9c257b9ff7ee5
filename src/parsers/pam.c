/* PAM configuration parsing, following Linux-PAM's pam_line.c (line assembly), pam_misc.c
 * (_pam_tokenize, _pam_mkargv, _pam_parse_control) and pam_handlers.c (line fields). */
#include "pam.h"
#include "parse_util.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const retval_names[PAM_RETVAL_COUNT + 1] = {
	"success", "open_err", "symbol_err", "service_err", "system_err", "buf_err",
	"perm_denied", "auth_err", "cred_insufficient", "authinfo_unavail", "user_unknown",
	"maxtries", "new_authtok_reqd", "acct_expired", "session_err", "cred_unavail",
	"cred_expired", "cred_err", "no_module_data", "conv_err", "authtok_err",
	"authtok_recover_err", "authtok_lock_busy", "authtok_disable_aging", "try_again",
	"ignore", "abort", "authtok_expired", "module_unknown", "bad_item", "conv_again",
	"incomplete", "default",
};

/* Index i is action -i, as in _pam_token_actions. */
static const char *const action_names[] = { "ignore", "ok", "done", "bad", "die", "reset" };

const char *pam_retval_name(int code)
{
	return code >= 0 && code <= PAM_RETVAL_COUNT ? retval_names[code] : "?";
}

const char *pam_type_name(enum pam_type t)
{
	switch (t) {
	case PAM_TYPE_AUTH:
		return "auth";
	case PAM_TYPE_ACCOUNT:
		return "account";
	case PAM_TYPE_SESSION:
		return "session";
	case PAM_TYPE_PASSWORD:
		return "password";
	default:
		return "?";
	}
}

static void set_default(int actions[PAM_RETVAL_COUNT], int action)
{
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		if (actions[i] == PAMA_UNDEF)
			actions[i] = action;
}

bool pam_parse_control(const char *tok, int actions[PAM_RETVAL_COUNT])
{
	while (*tok) {
		while (isspace((unsigned char)*tok))
			tok++;
		if (!*tok)
			break;
		int ret;
		size_t len = 0;
		/* libpam compares by prefix (strncmp with the known name's length), in table order */
		for (ret = 0; ret <= PAM_RETVAL_COUNT; ret++) {
			len = strlen(retval_names[ret]);
			if (strncmp(retval_names[ret], tok, len) == 0)
				break;
		}
		if (ret > PAM_RETVAL_COUNT || tok[len] != '=')
			goto parse_error;
		tok += len + 1;
		int act = 1;
		for (size_t a = 0; a < sizeof action_names / sizeof action_names[0]; a++) {
			size_t alen = strlen(action_names[a]);
			if (strncmp(action_names[a], tok, alen) == 0) {
				act = -(int)a;
				tok += alen;
				break;
			}
		}
		if (act > 0) {
			if (!isdigit((unsigned char)*tok))
				goto parse_error;
			long n = 0;
			while (isdigit((unsigned char)*tok)) {
				if (n < 100000)
					n = n * 10 + (*tok - '0');
				tok++;
			}
			act = (int)n;
			if (act == 0) /* "0" reads as a jump of zero: libpam's ignore */
				act = PAMA_IGNORE;
		}
		if (ret != PAM_RETVAL_COUNT)
			actions[ret] = act;
		else
			set_default(actions, act);
	}
	return true;

parse_error:
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		actions[i] = PAMA_BAD;
	return false;
}

/* _pam_tokenize: whitespace-separated, or "[...]" up to the next ']' (brackets dropped). */
static char *next_token(char **pos)
{
	char *s = *pos;
	if (!s)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*pos = NULL;
		return NULL;
	}
	char *end;
	if (*s == '[') {
		s++;
		end = strchr(s, ']');
		if (!end)
			end = s + strlen(s);
	} else {
		end = s;
		while (*end && !isspace((unsigned char)*end))
			end++;
	}
	if (*end) {
		*end = '\0';
		*pos = end + 1;
	} else {
		*pos = NULL;
	}
	return s;
}

/* _pam_mkargv: arguments separated by whitespace; "[a b]" is one argument with "\]" an escaped
 * bracket. */
static void split_args(char *s, char ***argv_out, size_t *argc_out)
{
	char **argv = NULL;
	size_t argc = 0, cap = 0;
	while (s && *s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		char *arg;
		if (*s == '[') {
			size_t n = 0;
			char *buf = xmalloc(strlen(s) + 1);
			s++;
			while (*s && *s != ']') {
				if (s[0] == '\\' && s[1] == ']') {
					buf[n++] = ']';
					s += 2;
					continue;
				}
				buf[n++] = *s++;
			}
			if (*s == ']')
				s++;
			buf[n] = '\0';
			arg = buf;
		} else {
			char *start = s;
			while (*s && !isspace((unsigned char)*s))
				s++;
			arg = xstrndup(start, (size_t)(s - start));
		}
		XGROW(argv, argc, cap, argc + 1);
		argv[argc++] = arg;
	}
	*argv_out = argv;
	*argc_out = argc;
}

static enum pam_type type_from_name(const char *t)
{
	if (!strcasecmp(t, "auth"))
		return PAM_TYPE_AUTH;
	if (!strcasecmp(t, "session"))
		return PAM_TYPE_SESSION;
	if (!strcasecmp(t, "account"))
		return PAM_TYPE_ACCOUNT;
	if (!strcasecmp(t, "password"))
		return PAM_TYPE_PASSWORD;
	return PAM_TYPE_INVALID;
}

static void parse_assembled(char *buf, unsigned lineno, bool with_service, struct pam_file *out,
			    size_t *cap)
{
	struct pam_line l;
	memset(&l, 0, sizeof l);
	l.lineno = lineno;
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		l.actions[i] = PAMA_UNDEF;
	char *pos = buf;
	if (with_service) {
		char *svc = next_token(&pos);
		if (!svc)
			return;
		l.service = xstrdup(svc);
	}
	char *tok = next_token(&pos);
	if (!tok) {
		if (!with_service)
			return; /* cannot happen: blank lines never reach here */
		l.error = N_("empty module type");
		set_default(l.actions, PAMA_BAD);
		goto add;
	}
	if (strcmp(tok, "@include") == 0) {
		/* Debian's libpam: the named file's lines, of every type, at this point */
		l.kind = PAM_LINE_AT_INCLUDE;
		char *file = next_token(&pos);
		if (file)
			l.target = xstrdup(file);
		else
			l.error = N_("@include without a file");
		set_default(l.actions, PAMA_BAD);
		goto add;
	}
	if (tok[0] == '-') {
		l.silent = true;
		tok++;
	}
	l.type_text = xstrdup(tok);
	l.type = type_from_name(tok);
	if (l.type == PAM_TYPE_INVALID)
		l.error = N_("illegal module type");
	tok = next_token(&pos);
	if (!tok) {
		if (!l.error)
			l.error = N_("no control flag supplied");
		set_default(l.actions, PAMA_BAD);
		goto add;
	}
	l.control = xstrdup(tok);
	if (!strcasecmp(tok, "required")) {
		l.actions[PAMR_SUCCESS] = PAMA_OK;
		l.actions[PAMR_NEW_AUTHTOK_REQD] = PAMA_OK;
		l.actions[PAMR_IGNORE] = PAMA_IGNORE;
		set_default(l.actions, PAMA_BAD);
	} else if (!strcasecmp(tok, "requisite")) {
		l.actions[PAMR_SUCCESS] = PAMA_OK;
		l.actions[PAMR_NEW_AUTHTOK_REQD] = PAMA_OK;
		l.actions[PAMR_IGNORE] = PAMA_IGNORE;
		set_default(l.actions, PAMA_DIE);
	} else if (!strcasecmp(tok, "optional")) {
		l.actions[PAMR_SUCCESS] = PAMA_OK;
		l.actions[PAMR_NEW_AUTHTOK_REQD] = PAMA_OK;
		set_default(l.actions, PAMA_IGNORE);
	} else if (!strcasecmp(tok, "sufficient")) {
		l.actions[PAMR_SUCCESS] = PAMA_DONE;
		l.actions[PAMR_NEW_AUTHTOK_REQD] = PAMA_DONE;
		set_default(l.actions, PAMA_IGNORE);
	} else if (!strcasecmp(tok, "include")) {
		l.kind = PAM_LINE_INCLUDE;
	} else if (!strcasecmp(tok, "substack")) {
		l.kind = PAM_LINE_SUBSTACK;
	} else {
		l.control_error = !pam_parse_control(tok, l.actions);
		set_default(l.actions, PAMA_BAD);
	}
	tok = next_token(&pos);
	if (tok) {
		l.target = xstrdup(tok);
	} else {
		if (!l.error)
			l.error = l.kind == PAM_LINE_MODULE ? N_("no module name supplied")
							     : N_("no file to include");
		set_default(l.actions, PAMA_BAD);
	}
	if (l.kind == PAM_LINE_MODULE && pos)
		split_args(pos, &l.argv, &l.argc);
add:
	XGROW(out->lines, out->n, *cap, out->n + 1);
	out->lines[out->n++] = l;
}

void pam_parse(const char *buf, size_t len, bool with_service, struct pam_file *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0, pos = 0;
	unsigned lineno = 0, first = 0;
	char *assembled = NULL;
	size_t alen = 0;
	bool continuing = false;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		/* A NUL ends what getline-based C string handling sees of the line. */
		const char *nul = memchr(start, '\0', n);
		if (nul)
			n = (size_t)(nul - start);
		char *line = xstrndup(start, n);
		/* _pam_str_unescnl: a trailing backslash (before spaces) continues the line */
		size_t e = strlen(line);
		while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r'))
			e--;
		bool cont = e > 0 && line[e - 1] == '\\';
		if (cont) {
			line[e - 1] = ' ';
			line[e] = '\0';
		}
		/* a comment ends the logical line even after a backslash */
		char *hash = strchr(line, '#');
		if (hash) {
			*hash = '\0';
			cont = false;
		}
		char *s = line + strspn(line, " \t");
		if (!continuing)
			first = lineno;
		size_t sl = strlen(s);
		if (sl || assembled) {
			assembled = xrealloc(assembled, alen + sl + 1);
			memcpy(assembled + alen, s, sl);
			alen += sl;
			assembled[alen] = '\0';
		}
		free(line);
		if (cont) {
			continuing = true;
			continue;
		}
		continuing = false;
		if (assembled) {
			bool blank = true;
			for (const char *p = assembled; *p; p++)
				if (!isspace((unsigned char)*p))
					blank = false;
			if (!blank)
				parse_assembled(assembled, first, with_service, out, &cap);
			free(assembled);
			assembled = NULL;
			alen = 0;
		}
	}
	if (continuing) {
		out->incomplete = true;
		out->incomplete_line = first;
	}
	free(assembled);
}

void pam_file_free(struct pam_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct pam_line *l = &f->lines[i];
		free(l->service);
		free(l->type_text);
		free(l->control);
		free(l->target);
		for (size_t a = 0; a < l->argc; a++)
			free(l->argv[a]);
		free(l->argv);
	}
	free(f->lines);
	memset(f, 0, sizeof *f);
}

const char *pam_module_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

long pam_argv_find(char *const *argv, size_t argc, const char *name)
{
	size_t n = strlen(name);
	bool with_value = n > 0 && name[n - 1] == '=';
	for (size_t i = argc; i-- > 0;) {
		if (with_value ? strncasecmp(argv[i], name, n) == 0 : strcasecmp(argv[i], name) == 0)
			return (long)i;
	}
	return -1;
}
