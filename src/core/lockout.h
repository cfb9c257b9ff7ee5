/* Does an interactive entry lock an account after failed logins? For each PAM service that
 * really authenticates people (login, sshd, su, sudo, the display managers present), the auth
 * stack as libpam resolves it is walked with pam_faillock's (or the legacy pam_tally2's) lines
 * answering the way the module does: authfail records a failure only where a failed password
 * check can reach it, and a locked account is refused only when the stack cannot succeed while
 * every pam_faillock line answers "locked". Settings come from faillock.conf and the module
 * arguments (arguments win), with the file and line that decided each one. Used by auth.lockout. */
#ifndef KENSA_LOCKOUT_H
#define KENSA_LOCKOUT_H
#include <stdbool.h>
#include <stddef.h>
#include "../parsers/faillock_conf.h"

struct audit_context;
struct check_result;

enum lockout_state {
	LOCKOUT_LOCKS,      /* failures are counted and a locked account is refused */
	LOCKOUT_NO_MODULE,  /* no lockout module in the auth stack */
	LOCKOUT_INEFFECTIVE,/* a module is there but cannot count or cannot refuse: see why */
	LOCKOUT_UNUSABLE,   /* libpam refuses every login through this service */
};

struct lockout_entry {
	char service[32];
	char service_file[256];
	enum lockout_state state;
	char module[32];        /* "pam_faillock.so", "pam_tally2.so"; "" when none */
	char where[512];        /* the module's lines: "FILE:LINE action", ... */
	char why[768];          /* translated: why it does not lock (INEFFECTIVE/NO_MODULE) */
	/* effective settings (LOCKS): the most lenient across the module's lines */
	unsigned long deny;          /* failures that lock; 0 never locks */
	unsigned long unlock_time;   /* seconds; 0 = only an administrator unlocks */
	unsigned long fail_interval; /* seconds failures are counted over; 0 = for ever (tally2) */
	char deny_origin[192], unlock_origin[192], interval_origin[192];
	bool root_exempt;       /* even_deny_root not set */
	bool local_only;        /* local_users_only: directory (LDAP/SSSD) users are never locked */
	bool resets;            /* a successful login resets the count (authsucc or account) */
	bool settings_disagree; /* the module's lines use different settings */
	struct faillock_problem problems[4]; /* settings pam_faillock skips */
	size_t n_problems;
};

struct lockout_facts {
	struct lockout_entry *entries;
	size_t n;
	bool have_pam;            /* any PAM configuration exists */
	char pam_version[64];     /* libpam-modules version from dpkg, "" when unknown */
};

/* Assess every interactive PAM service present. Evidence (files read, the Linux-PAM version)
 * and problems of the stacks (malformed lines, missing includes) go to r when not NULL; no PAM
 * configuration at all is a fail finding there (have_pam false, n 0). Returns 0. */
int lockout_assess(struct audit_context *ctx, struct lockout_facts *out, struct check_result *r);
void lockout_facts_free(struct lockout_facts *f);

/* Debian version comparison (dpkg's verrevcmp on epoch, upstream and revision): <0, 0, >0. */
int lockout_debversion_cmp(const char *a, const char *b);

#endif
