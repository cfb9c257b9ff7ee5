/* A service's PAM stack for one type, resolved as libpam builds it (pam_handlers.c): the service
 * file from /etc/pam.d then /usr/lib/pam.d (or /etc/pam.conf when neither directory exists),
 * include/substack/@include inlined up to libpam's depth limit, "other" when the service has no
 * line of that type; and questions about the resulting chain, answered by walking it as
 * pam_dispatch.c does. Shared by the password, history and two-factor checks. */
#ifndef KENSA_PAM_STACK_H
#define KENSA_PAM_STACK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../parsers/pam.h"

struct rootfs;

/* One service's configuration, includes and all (libpam's own files are a few KiB): each file
 * is read once however often it is included, and reading stops before these bounds are passed
 * (budget_exceeded). */
#define PAM_STACK_TOTAL_MAX (8u << 20)
#define PAM_STACK_FILES_MAX 256u

/* libpam's PAM_SUBSTACK_MAX_LEVEL: deeper includes fail. */
#define PAM_STACK_MAX_LEVEL 16

struct pam_handler {
	char *file;          /* the file inside the root this line came from */
	unsigned line;
	char *module;        /* module name ("pam_unix.so"); NULL for a must-fail handler */
	char **argv;         /* borrowed from the stack's parsed files */
	size_t argc;
	int actions[PAM_RETVAL_COUNT];
	int level;           /* substack depth */
	bool must_fail;      /* libpam installs it to fail every call (PAM_PERM_DENIED) */
	bool substack;       /* the marker libpam puts before a substack's lines */
	bool silent;         /* "-type" */
	const char *why;     /* must_fail: static English reason */
};

enum pam_diag_kind {
	PAM_DIAG_MALFORMED,      /* a line libpam turns into an always-failing handler */
	PAM_DIAG_MISSING_FILE,   /* include/substack/@include of a file that does not exist */
	PAM_DIAG_DEPTH,          /* include nesting reached PAM_STACK_MAX_LEVEL (a loop) */
	PAM_DIAG_UNREADABLE,     /* a file exists but cannot be read (permission, size) */
	PAM_DIAG_INCOMPLETE,     /* the file ends inside a continuation: libpam refuses the file */
};

struct pam_diag {
	enum pam_diag_kind kind;
	char *file;
	unsigned line;
	char *message;           /* English, for a finding's detail */
};

struct pam_stack {
	char *service;
	enum pam_type type;
	char *config;            /* "/etc/pam.d", "/usr/lib/pam.d" or "/etc/pam.conf" */
	char *service_file;      /* file that defined the service; NULL when absent */
	bool used_other;         /* the service had no line of this type: "other" applies */
	bool unusable;           /* libpam refuses every call (no handlers, or a file refused) */
	bool budget_exceeded;    /* the service's files pass kensa's bounds: some were not read,
				  * so the stack is not known */
	struct pam_handler *h;
	size_t n;
	struct pam_diag *diags;
	size_t n_diags;
	char **files;            /* every file read, in order (evidence) */
	size_t n_files;
	/* parsed files owning the argv strings */
	struct pam_file **parsed;
	size_t n_parsed;
};

/* Resolve. Returns 0 (diagnostics inside), or -ENOENT when no PAM configuration exists at all
 * (no /etc/pam.d, no /usr/lib/pam.d, no /etc/pam.conf). */
int pam_stack_load(const struct rootfs *root, const char *service, enum pam_type type,
		   struct pam_stack *out);
void pam_stack_free(struct pam_stack *s);

/* The same, loaded once per audit and shared by every check (owned by ctx: freed with
 * pam_cache_free(ctx->pam_stacks)). NULL with *err = -ENOENT when no PAM configuration exists. */
struct audit_context;
struct pam_cache;
const struct pam_stack *pam_stack_get(struct audit_context *ctx, const char *service,
				      enum pam_type type, int *err);
void pam_cache_free(struct pam_cache *c);

/* Can the stack as a whole return success when handler `target` only ever returns one of the
 * codes in `codes` (n_codes > 0), or is never run at all (n_codes == 0)? Other modules may
 * return anything, except pam_permit (success), pam_deny (failure) and must-fail handlers. The
 * answer over-approximates: false means no success is possible. */
bool pam_stack_can_succeed(const struct pam_stack *s, size_t target, const int *codes,
			   size_t n_codes);

/* The earlier handlers whose jump, "done" or "sufficient" can carry control past `target`:
 * indexes into out (at most max), returns how many. */
size_t pam_stack_skippers(const struct pam_stack *s, size_t target, size_t *out, size_t max);

/* A handler whose results are restricted for one question (n_codes == 0: never run). */
struct pam_override {
	size_t index;
	const int *codes;
	size_t n_codes;
};

/* pam_stack_can_succeed with several handlers restricted at once (e.g. every pam_faillock
 * line answering "locked"). */
bool pam_stack_can_succeed_with(const struct pam_stack *s, const struct pam_override *ov,
				size_t n_ov);

/* Is there a walk in which handler `from` runs and returns one of `codes`, and handler `to`
 * runs afterwards? Other modules may return anything (as in pam_stack_can_succeed), so the
 * answer over-approximates: false means `to` can never follow such a result. */
bool pam_stack_can_reach(const struct pam_stack *s, size_t from, const int *codes, size_t n_codes,
			 size_t to);
/* ---- the password flow (pam_chauthtok's two walks; see pam_stack.c) ---- */

enum pam_pw_role {
	PAM_PW_OTHER,
	PAM_PW_WRITER,  /* stores the new password (pam_unix, pam_sss, pam_ldap, ...) */
	PAM_PW_CHECKER, /* judges it and passes it on (pam_pwquality, pam_cracklib,
			 * pam_passwdqc, pam_pwhistory) */
};
enum pam_pw_role pam_password_role(const char *module);
/* use_authtok / use_first_pass: the module never asks for the new password itself. */
bool pam_handler_needs_token(const struct pam_handler *h);

struct pam_pw_paths {
	bool prelim_ok;            /* the PAM_PRELIM_CHECK walk can succeed (for some user) */
	bool can_write;            /* some path stores a new password */
	bool unguarded_write;      /* ... one that the guard module did not approve */
	size_t unguarded_writer;   /* the writer storing it (SIZE_MAX: none) */
	bool write_reported_ok;    /* after storing, the stack can return success */
	bool write_reported_failed;/* after storing, the stack can return failure (passwd says
				    * "unchanged" although the password was changed) */
	size_t tokenless_writer;   /* a writer reached without a new password under use_authtok
				    * (every change on that path fails); SIZE_MAX: none */
};

/* Walk passwd's two passes. guard: a handler index (SIZE_MAX for none) whose approval every
 * stored password is tested for. refuses_all: NULL, or per handler true when that checker
 * refuses every password (a missing dictionary). */
void pam_stack_password_paths(const struct pam_stack *s, size_t guard, const bool *refuses_all,
			      struct pam_pw_paths *out);

#endif
