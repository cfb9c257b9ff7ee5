/* Is a second factor required to log in? sshd's AuthenticationMethods (sshd_config with its
 * Include drop-ins, first value wins as in sshd) and one-time-password / hardware-key PAM
 * modules (pam_u2f, pam_google_authenticator, pam_oath, pam_duo, pam_yubico) that the auth stacks
 * of sshd and login cannot get past. Used by password.max_age (the R7 exception) and meant for
 * the two-factor item too. */
#ifndef KENSA_TWOFACTOR_H
#define KENSA_TWOFACTOR_H
#include <stdbool.h>
#include <stddef.h>

struct audit_context;
struct check_result;

struct twofactor {
	bool sshd_present;      /* /etc/ssh/sshd_config exists */
	bool ssh_required;      /* every SSH login needs two factors */
	bool console_required;  /* the login service (console) needs a second factor */
	char ssh_how[512];      /* what decided ssh_required, "FILE:LINE ..." */
	char console_how[512];
	/* The first global PermitRootLogin (accounts.privileged); "" when unset (OpenSSH's
	 * default: prohibit-password). */
	char permit_root_login[64];
	char permit_root_where[300]; /* "FILE:LINE" */
};

/* One interactive entry: SSH, the text console, a display manager or remote desktop. */
struct twofactor_entry {
	char name[32];          /* "sshd", "login", "gdm-password", ... */
	bool required;          /* every login through it needs a second factor */
	char how[512];          /* what requires it, "FILE:LINE ..."; empty when single-factor */
};
#define TWOFACTOR_MAX_ENTRIES 8u

struct twofactor_entries {
	struct twofactor t;     /* as twofactor_detect fills it */
	struct twofactor_entry e[TWOFACTOR_MAX_ENTRIES];
	size_t n;
	bool all_required;      /* n > 0 and every entry requires a second factor */
};

/* Every interactive entry present (sshd when configured, the console, the display managers and
 * xrdp whose PAM service exists), each with its own answer. A Match block that sets
 * AuthenticationMethods for some connections leaves SSH not "every login" (kensa does not
 * evaluate Match criteria). The one answer auth.two_factor and password.policy (guideline 7.0's
 * 8 or 13 characters) share. Evidence goes to r when not NULL. */
void twofactor_entries_detect(struct audit_context *ctx, struct twofactor_entries *out,
			      struct check_result *r);

/* sshd's first global UsePAM (Include files read as sshd does). Returns 1 for yes, 0 for
 * anything else or unset (OpenSSH's default is no), -1 when /etc/ssh/sshd_config is absent;
 * where receives "FILE:LINE: UsePAM VALUE" or a note that it is unset. */
int twofactor_sshd_uses_pam(struct audit_context *ctx, char *where, size_t len);

/* sshd's first global MaxAuthTries as evidence ("FILE:LINE: MaxAuthTries N", or a note that it
 * is unset): 0, or -1 when /etc/ssh/sshd_config is absent. */
int twofactor_sshd_max_auth_tries(struct audit_context *ctx, char *where, size_t len);

/* Fill t; evidence and problems go to r when not NULL. */
void twofactor_detect(struct audit_context *ctx, struct twofactor *t, struct check_result *r);
/* The verdict the periodic-change exception uses: SSH when sshd is installed, else console. */
bool twofactor_in_force(const struct twofactor *t);

#endif
