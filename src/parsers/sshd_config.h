/* sshd_config(5) lines as OpenSSH's servconf.c reads them: "Keyword args" or "Keyword=args",
 * keywords case-insensitive, '#' comments, double-quoted arguments, Match blocks running to the
 * next Match or the end of the file. Pure: a buffer in, directives out (Include is resolved by
 * the caller, which can read files). */
#ifndef KENSA_PARSERS_SSHD_CONFIG_H
#define KENSA_PARSERS_SSHD_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

struct sshd_directive {
	char *keyword;   /* lower-cased */
	char **args;
	size_t nargs;
	unsigned line;
	char *match;     /* the Match criteria this line is under ("User alice"), NULL = global */
};

struct sshd_config {
	struct sshd_directive *d;
	size_t n;
	unsigned *bad_lines; /* unterminated quote, missing argument: sshd refuses to start */
	size_t n_bad;
};

/* match: the Match block in force where this text starts (for an Include inside Match). */
void sshd_config_parse(const char *buf, size_t len, const char *match, struct sshd_config *out);
void sshd_config_free(struct sshd_config *c);

#endif
