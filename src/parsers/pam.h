/* PAM configuration files (/etc/pam.d/SERVICE, /etc/pam.conf), tokenised the way Linux-PAM's
 * pam_handlers.c and pam_line.c read them: comments, backslash-newline continuations,
 * "[value=action ...]" controls, "-type" lines, include/substack and Debian's "@include". Pure:
 * a buffer in, lines out; resolving includes is src/core/pam_stack.c's job. */
#ifndef KENSA_PARSERS_PAM_H
#define KENSA_PARSERS_PAM_H
#include <stdbool.h>
#include <stddef.h>

/* The return values a module can give, in Linux-PAM's order (_pam_token_returns); index 32 is
 * "default" in a control. */
#define PAM_RETVAL_COUNT 32
enum pam_retval {
	PAMR_SUCCESS = 0,
	PAMR_PERM_DENIED = 6,
	PAMR_AUTH_ERR = 7,
	PAMR_MAXTRIES = 11,
	PAMR_NEW_AUTHTOK_REQD = 12,
	PAMR_SESSION_ERR = 14,
	PAMR_AUTHTOK_ERR = 20,
	PAMR_IGNORE = 25,
	PAMR_INCOMPLETE = 31,
};

/* Actions, as libpam encodes them: a positive value is a jump over that many modules. */
enum pam_action {
	PAMA_IGNORE = 0,
	PAMA_OK = -1,
	PAMA_DONE = -2,
	PAMA_BAD = -3,
	PAMA_DIE = -4,
	PAMA_RESET = -5,
	PAMA_UNDEF = -6,
};

enum pam_type {
	PAM_TYPE_INVALID = 0, /* missing or unknown: libpam installs a handler that always fails */
	PAM_TYPE_AUTH = 1,
	PAM_TYPE_SESSION = 2,
	PAM_TYPE_ACCOUNT = 4,
	PAM_TYPE_PASSWORD = 8,
};

enum pam_line_kind {
	PAM_LINE_MODULE,     /* type control module [args] */
	PAM_LINE_INCLUDE,    /* type include FILE: the file's lines of that type, inline */
	PAM_LINE_SUBSTACK,   /* type substack FILE: like include, but done/die/jumps stay inside */
	PAM_LINE_AT_INCLUDE, /* Debian: @include FILE (every type) */
};

struct pam_line {
	unsigned lineno;       /* first physical line of the (possibly continued) line */
	char *service;         /* pam.conf format only, else NULL */
	enum pam_line_kind kind;
	enum pam_type type;
	char *type_text;       /* as written, without the leading '-'; NULL when missing */
	bool silent;           /* "-type": a module that cannot be loaded is skipped quietly */
	char *control;         /* as written (brackets removed), NULL when missing */
	int actions[PAM_RETVAL_COUNT];
	char *target;          /* module path, or the include/substack file; NULL when missing */
	char **argv;
	size_t argc;
	const char *error;     /* static English reason: libpam makes this line always fail */
	bool control_error;    /* "[...]" did not parse: libpam treats every return as "bad" */
};

struct pam_file {
	struct pam_line *lines;
	size_t n;
	/* The file ended inside a backslash continuation: libpam's reader returns an error and
	 * the whole file is refused. */
	bool incomplete;
	unsigned incomplete_line;
};

/* Parse a whole file. with_service: the pam.conf format, whose lines start with a service. */
void pam_parse(const char *buf, size_t len, bool with_service, struct pam_file *out);
void pam_file_free(struct pam_file *f);

/* "pam_unix.so" for "/lib/x86_64-linux-gnu/security/pam_unix.so" or "pam_unix.so". */
const char *pam_module_name(const char *path);
/* Fill actions from a "[...]" control text (brackets removed) as _pam_parse_control does.
 * Returns false on a syntax error, when every value is set to "bad". */
bool pam_parse_control(const char *text, int actions[PAM_RETVAL_COUNT]);
const char *pam_retval_name(int code);
const char *pam_type_name(enum pam_type t);
/* Index of the last argument "name=..." (or bare "name" when name has no '='), compared
 * case-insensitively; -1 when absent. */
long pam_argv_find(char *const *argv, size_t argc, const char *name);

#endif
