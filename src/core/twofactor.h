/* Is a second factor required to log in? sshd's AuthenticationMethods (sshd_config with its
 * Include drop-ins, first value wins as in sshd) and one-time-password / hardware-key PAM
 * modules (pam_u2f, pam_google_authenticator, pam_oath, pam_duo, pam_yubico) that the auth stacks
 * of sshd and login cannot get past. Used by password.max_age (the R7 exception) and meant for
 * the two-factor item too. */
#ifndef KENSA_TWOFACTOR_H
#define KENSA_TWOFACTOR_H
#include <stdbool.h>

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

/* Fill t; evidence and problems go to r when not NULL. */
void twofactor_detect(struct audit_context *ctx, struct twofactor *t, struct check_result *r);
/* The verdict the periodic-change exception uses: SSH when sshd is installed, else console. */
bool twofactor_in_force(const struct twofactor *t);

#endif
