/* libpwquality settings: /etc/security/pwquality.conf (and .conf.d/) lines and pam_pwquality /
 * pam_cracklib module arguments, read with libpwquality's own rules (settings.c:
 * read_config_file, set_name_value, pwquality_set_int_value). Pure: text in, values out. */
#ifndef KENSA_PARSERS_PWQUALITY_CONF_H
#define KENSA_PARSERS_PWQUALITY_CONF_H
#include <stdbool.h>
#include <stddef.h>

enum pwq_key {
	PWQ_DIFOK,
	PWQ_MINLEN,
	PWQ_DCREDIT,
	PWQ_UCREDIT,
	PWQ_LCREDIT,
	PWQ_OCREDIT,
	PWQ_MINCLASS,
	PWQ_MAXREPEAT,
	PWQ_MAXCLASSREPEAT,
	PWQ_MAXSEQUENCE,
	PWQ_GECOSCHECK,
	PWQ_DICTCHECK,
	PWQ_USERCHECK,
	PWQ_USERSUBSTR,
	PWQ_ENFORCING,
	PWQ_RETRY,
	PWQ_ENFORCE_FOR_ROOT,
	PWQ_LOCAL_USERS_ONLY,
	PWQ_BADWORDS,  /* string settings: accepted, value not kept */
	PWQ_DICTPATH,
	PWQ_NKEYS,
};

struct pwq_origin {
	char *file;    /* NULL: compiled-in default */
	unsigned line; /* 0 for a module argument */
	char *text;    /* the setting as written ("minlen = 12") */
};

struct pwq_settings {
	int value[PWQ_NKEYS];
	struct pwq_origin origin[PWQ_NKEYS];
	bool cracklib; /* pam_cracklib's semantics (minlen floor 5, no config file) */
	char *dictpath; /* dictpath's value: the cracklib dictionary prefix; NULL = built-in */
};

/* libpwquality's compiled-in defaults (pwqprivate.h): minlen 8, credits 0, dictcheck 1, ... */
void pwq_settings_default(struct pwq_settings *s);
/* pam_cracklib's defaults: minlen 9, every credit 1. */
void pwq_settings_cracklib(struct pwq_settings *s);
void pwq_settings_free(struct pwq_settings *s);
/* A deep copy (dst is overwritten, not freed). */
void pwq_settings_copy(struct pwq_settings *dst, const struct pwq_settings *src);

enum pwq_status {
	PWQ_OK = 0,
	PWQ_UNKNOWN_SETTING = -1,
	PWQ_BAD_INTEGER = -2,
	PWQ_LINE_TOO_LONG = -3,
};
const char *pwq_status_text(enum pwq_status st); /* static English, N_() marked */
const char *pwq_key_name(enum pwq_key k);

/* set_name_value: name is case-insensitive; integers are whole decimal strings. Clamps as
 * libpwquality does (minlen >= 6, minclass <= 4). */
enum pwq_status pwq_set(struct pwq_settings *s, const char *name, const char *value,
			const char *file, unsigned line, const char *text);

/* Apply one config file. libpwquality stops at the first bad line and ignores the rest of this
 * file and every file after it: the return value says so (with *bad_line). */
enum pwq_status pwq_apply_file(struct pwq_settings *s, const char *buf, size_t len,
			       const char *file, unsigned *bad_line);

/* "*.conf" exactly, as libpwquality's scandir filter (filter_conf) accepts. */
bool pwq_dropin_name_ok(const char *name);

#endif
