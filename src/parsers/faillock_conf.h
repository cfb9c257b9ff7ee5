/* pam_faillock's settings: /etc/security/faillock.conf (Linux-PAM 1.4.0+) and the module's
 * arguments, read as faillock_config.c's read_config_file() and set_conf_opt() do: '#' starts a
 * comment, "name = value" or "name value" or a bare flag, unknown names and bad numbers are
 * logged by the module and leave the previous value; arguments are applied after the file, so an
 * argument overrides the file. Pure: a buffer or a word in, settings out. */
#ifndef KENSA_FAILLOCK_CONF_H
#define KENSA_FAILLOCK_CONF_H
#include <stdbool.h>
#include <stddef.h>

#define FAILLOCK_MAX_TIME_INTERVAL 604800u /* 7 days: larger times are refused */

/* Where a setting came from: "default", or "FILE:LINE" / "FILE:LINE (argument)". */
struct faillock_setting {
	unsigned long value;
	bool set;            /* by the file or an argument, not the default */
	char origin[192];
};

struct faillock_opts {
	struct faillock_setting deny;          /* 0: never locks */
	struct faillock_setting fail_interval; /* seconds the failures are counted over */
	struct faillock_setting unlock_time;   /* 0: only an administrator unlocks ("never") */
	struct faillock_setting root_unlock_time;
	struct faillock_setting even_deny_root, local_users_only, silent;
	/* settings the module logs and skips: an unknown name, or a value it refuses (then the
	 * previous value stays) */
	struct faillock_problem {
		char origin[192];
		char name[32];
		bool unknown;
	} problems[4];
	size_t n_problems;
};

/* pam_faillock's defaults: deny 3, fail_interval 900, unlock_time 600. */
void faillock_opts_default(struct faillock_opts *o);
/* One "name value" pair (value "" for a flag), as set_conf_opt(). origin is copied. */
void faillock_opt_set(struct faillock_opts *o, const char *name, const char *value,
		      const char *origin);
/* A whole faillock.conf. file names the origin ("FILE:LINE"). Returns false when the module
 * would refuse the file (a line longer than it reads with fgets in 1.4-1.6): then every call of
 * the module fails with PAM_SERVICE_ERR. */
bool faillock_conf_parse(const char *buf, size_t len, const char *file, struct faillock_opts *o);
/* One module argument "name=value" / "flag"; preauth/authfail/authsucc/conf= are not settings
 * and return false. */
bool faillock_arg_apply(struct faillock_opts *o, const char *arg, const char *origin);

#endif
