/* libpwquality configuration semantics (settings.c) and pam_cracklib's argument parsing. */
#include "pwquality_conf.h"
#include "parse_util.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PWQ_LINE_MAX 1023 /* PWQSETTINGS_MAX_LINELEN */

enum kind { INT_SETTING, STR_SETTING, SET_SETTING };

static const struct {
	const char *name;
	enum kind kind;
} keys[PWQ_NKEYS] = {
	[PWQ_DIFOK] = { "difok", INT_SETTING },
	[PWQ_MINLEN] = { "minlen", INT_SETTING },
	[PWQ_DCREDIT] = { "dcredit", INT_SETTING },
	[PWQ_UCREDIT] = { "ucredit", INT_SETTING },
	[PWQ_LCREDIT] = { "lcredit", INT_SETTING },
	[PWQ_OCREDIT] = { "ocredit", INT_SETTING },
	[PWQ_MINCLASS] = { "minclass", INT_SETTING },
	[PWQ_MAXREPEAT] = { "maxrepeat", INT_SETTING },
	[PWQ_MAXCLASSREPEAT] = { "maxclassrepeat", INT_SETTING },
	[PWQ_MAXSEQUENCE] = { "maxsequence", INT_SETTING },
	[PWQ_GECOSCHECK] = { "gecoscheck", INT_SETTING },
	[PWQ_DICTCHECK] = { "dictcheck", INT_SETTING },
	[PWQ_USERCHECK] = { "usercheck", INT_SETTING },
	[PWQ_USERSUBSTR] = { "usersubstr", INT_SETTING },
	[PWQ_ENFORCING] = { "enforcing", INT_SETTING },
	[PWQ_RETRY] = { "retry", INT_SETTING },
	[PWQ_ENFORCE_FOR_ROOT] = { "enforce_for_root", SET_SETTING },
	[PWQ_LOCAL_USERS_ONLY] = { "local_users_only", SET_SETTING },
	[PWQ_BADWORDS] = { "badwords", STR_SETTING },
	[PWQ_DICTPATH] = { "dictpath", STR_SETTING },
};

const char *pwq_key_name(enum pwq_key k)
{
	return k < PWQ_NKEYS ? keys[k].name : "?";
}

const char *pwq_status_text(enum pwq_status st)
{
	switch (st) {
	case PWQ_UNKNOWN_SETTING:
		return N_("unknown setting");
	case PWQ_BAD_INTEGER:
		return N_("not a whole decimal number");
	case PWQ_LINE_TOO_LONG:
		return N_("line longer than 1023 characters");
	default:
		return "";
	}
}

static void clear_origins(struct pwq_settings *s)
{
	for (int i = 0; i < PWQ_NKEYS; i++) {
		free(s->origin[i].file);
		free(s->origin[i].text);
	}
	memset(s->origin, 0, sizeof s->origin);
}

void pwq_settings_default(struct pwq_settings *s)
{
	memset(s, 0, sizeof *s);
	s->value[PWQ_DIFOK] = 1;
	s->value[PWQ_MINLEN] = 8;
	s->value[PWQ_DICTCHECK] = 1;
	s->value[PWQ_USERCHECK] = 1;
	s->value[PWQ_ENFORCING] = 1;
	s->value[PWQ_RETRY] = 1;
}

void pwq_settings_cracklib(struct pwq_settings *s)
{
	memset(s, 0, sizeof *s);
	s->cracklib = true;
	s->value[PWQ_DIFOK] = 5;
	s->value[PWQ_MINLEN] = 9;
	s->value[PWQ_DCREDIT] = s->value[PWQ_UCREDIT] = 1;
	s->value[PWQ_LCREDIT] = s->value[PWQ_OCREDIT] = 1;
	s->value[PWQ_DICTCHECK] = 1;
	s->value[PWQ_ENFORCING] = 1;
	s->value[PWQ_RETRY] = 1;
}

void pwq_settings_free(struct pwq_settings *s)
{
	clear_origins(s);
	free(s->dictpath);
	s->dictpath = NULL;
}

void pwq_settings_copy(struct pwq_settings *dst, const struct pwq_settings *src)
{
	*dst = *src;
	for (int k = 0; k < PWQ_NKEYS; k++) {
		dst->origin[k].file = src->origin[k].file ? xstrdup(src->origin[k].file) : NULL;
		dst->origin[k].text = src->origin[k].text ? xstrdup(src->origin[k].text) : NULL;
	}
	dst->dictpath = src->dictpath ? xstrdup(src->dictpath) : NULL;
}

static void set_origin(struct pwq_settings *s, int k, const char *file, unsigned line,
		       const char *text)
{
	free(s->origin[k].file);
	free(s->origin[k].text);
	s->origin[k].file = file ? xstrdup(file) : NULL;
	s->origin[k].line = line;
	s->origin[k].text = text ? xstrdup(text) : NULL;
}

static bool parse_int(const char *value, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || !*value || *end || v >= INT_MAX || v <= INT_MIN)
		return false;
	*out = (int)v;
	return true;
}

enum pwq_status pwq_set(struct pwq_settings *s, const char *name, const char *value,
			const char *file, unsigned line, const char *text)
{
	for (int k = 0; k < PWQ_NKEYS; k++) {
		if (strcasecmp(keys[k].name, name) != 0)
			continue;
		int v = 1;
		if (keys[k].kind == INT_SETTING) {
			if (s->cracklib) {
				/* pam_cracklib: strtol without validation, 0 when nothing parses */
				v = (int)strtol(value, NULL, 10);
				if (k == PWQ_MINLEN && v < 5)
					v = 5; /* CO_MIN_LENGTH_BASE */
			} else if (!parse_int(value, &v)) {
				return PWQ_BAD_INTEGER;
			}
			if (!s->cracklib && k == PWQ_MINLEN && v < 6)
				v = 6; /* PWQ_BASE_MIN_LENGTH */
			if (k == PWQ_MINCLASS && v > 4)
				v = 4; /* PWQ_NUM_CLASSES */
		}
		if (keys[k].kind != STR_SETTING)
			s->value[k] = v;
		if (k == PWQ_DICTPATH) {
			free(s->dictpath);
			s->dictpath = *value ? xstrdup(value) : NULL; /* empty: the default */
		}
		set_origin(s, k, file, line, text);
		return PWQ_OK;
	}
	return PWQ_UNKNOWN_SETTING;
}

enum pwq_status pwq_apply_file(struct pwq_settings *s, const char *buf, size_t len,
			       const char *file, unsigned *bad_line)
{
	size_t pos = 0;
	unsigned lineno = 0;
	*bad_line = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		/* fgets into a 1024-byte buffer: 1023 characters without their newline is
		 * "malformed" */
		if (n >= PWQ_LINE_MAX) {
			*bad_line = lineno;
			return PWQ_LINE_TOO_LONG;
		}
		char line[PWQ_LINE_MAX + 2];
		if (n > PWQ_LINE_MAX)
			n = PWQ_LINE_MAX;
		memcpy(line, start, n);
		line[n] = '\0';
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		size_t e = strlen(line);
		while (e > 0 && isspace((unsigned char)line[e - 1]))
			line[--e] = '\0';
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			continue;
		char *name = p;
		bool eq = false;
		while (*p) {
			if (isspace((unsigned char)*p) || *p == '=') {
				eq = *p == '=';
				*p++ = '\0';
				break;
			}
			p++;
		}
		while (*p) {
			if (*p != '=' || eq) {
				if (!isspace((unsigned char)*p))
					break;
			} else {
				eq = true;
			}
			p++;
		}
		char *text = xasprintf("%s = %s", name, p);
		enum pwq_status st = pwq_set(s, name, p, file, lineno, text);
		free(text);
		if (st != PWQ_OK) {
			*bad_line = lineno;
			return st;
		}
	}
	return PWQ_OK;
}

bool pwq_dropin_name_ok(const char *name)
{
	const char *p = strstr(name, ".conf");
	return p && p[5] == '\0';
}
