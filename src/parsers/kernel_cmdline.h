/* The kernel command line (as the kernel's parse_args/next_arg split it) and the shell variable
 * files it is configured in offline (/etc/default/grub and /etc/default/grub.d/NAME.cfg). Pure. */
#ifndef KENSA_PARSERS_KERNEL_CMDLINE_H
#define KENSA_PARSERS_KERNEL_CMDLINE_H
#include <stdbool.h>
#include <stddef.h>

struct kcmdline_param {
	char *name;
	char *value; /* NULL for a bare flag ("quiet") */
};

struct kcmdline {
	struct kcmdline_param *params;
	size_t n, cap;
};

/* Split as next_arg() does: blanks separate parameters, double quotes group, a quoted value
 * loses its quotes; "--" ends the kernel's parameters (the rest goes to init). Appends. */
void kcmdline_parse(const char *s, struct kcmdline *out);
void kcmdline_free(struct kcmdline *c);
/* parameq(): '-' and '_' are the same in parameter names. */
bool kcmdline_name_eq(const char *a, const char *b);
/* The last value given for a parameter (the kernel's setter keeps the last), or NULL. */
const char *kcmdline_last(const struct kcmdline *c, const char *name);

/* Shell assignments (NAME=value, optionally after "export") in a file /etc/default/grub style:
 * single quotes literal, double quotes and bare words expand $NAME and ${NAME} from earlier
 * assignments; anything that is not an assignment is skipped. Later assignments override. */
struct shell_var {
	char *name, *value;
	char *file; /* where it was last assigned */
	unsigned line;
};
struct shell_vars {
	struct shell_var *vars;
	size_t n, cap;
};
struct shell_issue {
	unsigned line;
	char *name; /* the variable whose value could not be evaluated */
	char *why;
};
/* Returns the number of assignments kensa could not evaluate as the shell would (unterminated
 * quotes, command substitution, ${NAME:-...}); the variable is then removed (its value is
 * unknown) and the assignment reported in issues (caller frees with shell_issues_free). */
size_t shell_vars_parse(struct shell_vars *vars, const char *file, const char *data, size_t len,
			struct shell_issue **issues, size_t *n_issues);
const struct shell_var *shell_vars_get(const struct shell_vars *vars, const char *name);
void shell_vars_free(struct shell_vars *vars);
void shell_issues_free(struct shell_issue *issues, size_t n);

#endif
