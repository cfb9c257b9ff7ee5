/* The password policy actually enforced when a user runs passwd(1): the PAM password stack of
 * the "passwd" service, the quality modules in it that can really refuse a password (not
 * bypassed, not merely warning), their settings with the file and line that decided each one,
 * and the resulting shortest password and required classes. Shared by password.policy and
 * password.max_age (the 13-character exception). */
#ifndef KENSA_PWENFORCE_H
#define KENSA_PWENFORCE_H
#include <stdbool.h>
#include <stddef.h>
#include "pam_stack.h"
#include "pwpolicy.h"

struct audit_context;
struct check_result;

#define PW_MAX_MODULES 16

struct pw_module_use {
	size_t handler;      /* index in the stack */
	char *module;        /* "pam_pwquality.so" */
	char *file;
	unsigned line;
	bool enforced;       /* when it refuses, the password change fails */
	bool bypassable;     /* a successful change can skip it entirely */
	bool warn_only;      /* enforcing=0, enforce=none: it only complains */
	bool root_exempt;    /* root running passwd is not held to it */
	size_t unguarded_writer; /* bypassable: the writer that stores without it */
	char *dict_missing;  /* pwquality/cracklib: the dictionary file that is missing */
	struct pw_rule rule;
	char **settings;     /* "FILE:LINE name = value" or "name = value (default)", decisive ones */
	size_t n_settings;
};

struct pw_enforced {
	bool have_pam;       /* false: passwd without PAM (login.defs PASS_MIN_LEN) */
	const struct pam_stack *stack; /* shared, per audit (pam_stack_get); NULL without PAM */
	struct pw_module_use mods[PW_MAX_MODULES];
	size_t n_mods;
	struct pw_rule rules[PW_MAX_MODULES];
	size_t n_rules;
	struct pw_outcome outcome;
	bool any_quality_module; /* pwquality, cracklib or passwdqc present in the stack */
	bool *refuses_all;   /* per stack handler: refuses every password (no dictionary) */
	struct pam_pw_paths flow; /* can passwd store a password at all, and how */
};

/* Compute. The stack comes from the audit's shared copy (never freed here). When r is not NULL, files read, decisive values and problems found (bypassable
 * modules, malformed lines, missing includes, unreadable config) go into r as evidence and
 * warn findings. Returns 0, or -1 (after result_error(r, ...) when r is not NULL) when nothing
 * can be decided: the PAM files pass kensa's bounds. */
int pw_enforced_load(struct audit_context *ctx, struct pw_enforced *out, struct check_result *r);
void pw_enforced_free(struct pw_enforced *e);

/* A stack's problems (malformed lines, missing includes, loops, unreadable files) as warn
 * findings, and the files read as evidence. */
void pw_report_stack(const struct pam_stack *s, struct check_result *r);

/* What passwd really does with a new password, as findings: no password can be changed at all
 * (the reason is returned, to be freed, and the policy cannot be judged), changes fail on some
 * paths, or the password is stored but passwd reports failure. NULL when changes can succeed. */
char *pw_report_flow(const struct pw_enforced *e, struct check_result *r);

/* A control (stack index guard) that some stored password bypasses: why, as a warn finding. */
void pw_report_unguarded(const struct pam_stack *s, size_t guard, const struct pam_pw_paths *p,
			 struct check_result *r);

/* "file:line" of a stack handler, into buf. */
void pw_handler_where(const struct pam_stack *s, size_t i, char *buf, size_t len);

#endif
