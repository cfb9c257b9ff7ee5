/* sshd's effective configuration, read as sshd reads it (servconf.c): /etc/ssh/sshd_config with
 * its Include directives expanded in place (globs relative to /etc/ssh, sorted, recursion and
 * depth as sshd refuses them), every directive kept in that order with the Match block it is
 * under. sshd takes the first value of most keywords and appends every value of a few
 * (AllowUsers, DenyGroups, ListenAddress...); the callers ask for what they need. One reader
 * for auth.two_factor, auth.lockout's evidence, accounts.privileged and network.access_control. */
#ifndef KENSA_SSHD_EFFECTIVE_H
#define KENSA_SSHD_EFFECTIVE_H
#include <stdbool.h>
#include <stddef.h>

struct audit_context;
struct check_result;

#define SSHD_CONFIG_PATH "/etc/ssh/sshd_config"

struct sshd_setting {
	char *keyword;  /* lower-cased */
	char *value;    /* the arguments joined by single spaces */
	char *file;     /* inside the root */
	unsigned line;
	char *match;    /* the Match criteria in force ("User alice"), NULL when global */
};

struct sshd_effective {
	bool present;   /* /etc/ssh/sshd_config exists */
	struct sshd_setting *s; /* in the order sshd reads them */
	size_t n, cap;
	/* sshd refuses to start with this configuration (malformed line, Include recursion, too
	 * deep): where and why (an N_() phrase) the first such problem stands; why NULL when none */
	char fatal_file[256];
	unsigned fatal_line;
	const char *fatal_why;
	bool truncated; /* a bound was reached: the configuration was not read in full */
};

/* Read the configuration; evidence ("sshd configuration read") and problems (warn findings)
 * go to r when not NULL. A missing sshd_config leaves present false and n 0. */
void sshd_effective_load(struct audit_context *ctx, struct sshd_effective *out,
			 struct check_result *r);
void sshd_effective_free(struct sshd_effective *e);

/* The value sshd uses for a single-valued keyword outside any Match block: the first one. NULL
 * when unset (sshd's default applies). keyword lower-case. */
const struct sshd_setting *sshd_effective_first(const struct sshd_effective *e,
						const char *keyword);
/* The first Match-block setting of keyword after index *from (start with 0): NULL when none;
 * *from moves past it. */
const struct sshd_setting *sshd_effective_next_match(const struct sshd_effective *e,
						     const char *keyword, size_t *from);
/* "FILE:LINE: Keyword VALUE" (keyword as the caller spells it) */
void sshd_setting_where(const struct sshd_setting *s, const char *keyword, char *buf, size_t len);

#endif
