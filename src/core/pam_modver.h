/* Which configuration files the image's own build of a PAM module reads. Several modules
 * learnt to read a file in a later Linux-PAM release (pam_pwhistory's pwhistory.conf in 1.5.3,
 * pam_faillock's faillock.conf with the module in 1.4.0): a file an older module never opens
 * must not decide a verdict. One table, one question, for every check that reads such a file. */
#ifndef KENSA_PAM_MODVER_H
#define KENSA_PAM_MODVER_H

struct audit_context;

enum pam_conf_answer {
	PAM_CONF_UNKNOWN = -1, /* the module's version could not be determined */
	PAM_CONF_NOT_READ = 0,
	PAM_CONF_READ = 1,
};

/* module: "pam_pwhistory" (with or without ".so"). *conf: the file it reads when it reads one
 * (NULL for a module not in the table). *reason: English text saying how this was decided
 * (package version or the module's own build), to be freed. A module not in the table reads no
 * versioned file: PAM_CONF_NOT_READ with *conf NULL. */
enum pam_conf_answer pam_module_reads_conf(struct audit_context *ctx, const char *module,
					   const char **conf, char **reason);

/* dpkg's version order (lib/dpkg/version.c verrevcmp) of two upstream versions: <0, 0, >0. */
int pam_version_compare(const char *a, const char *b);

#endif
