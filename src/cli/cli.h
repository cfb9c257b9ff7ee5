/* What the subcommands in src/cli/ share with main.c's dispatcher. */
#ifndef KENSA_CLI_H
#define KENSA_CLI_H

enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_FINDINGS = 2 };

/* "kensa: WHAT: WHY" on stderr, exit 1. */
void die_usage(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* --form's value: the core/forms.h bit; anything else is a one-line usage error (exit 1). */
unsigned form_option(const char *value);
/* Messages in lang ("ja" or "en"). */
void setup_language(const char *lang);
/* `kensa help COMMAND`. */
int cmd_help(int argc, char **argv);

int cmd_summary(int argc, char **argv);

#endif
