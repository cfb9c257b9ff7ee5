/* Running a program of the audited system (Windows: secedit.exe, net.exe, powershell.exe): an
 * absolute path and a fixed argv through posix_spawn, never a shell or a PATH search, stdin from
 * /dev/null, stdout captured up to a bound, a deadline after which the child is killed. */
#ifndef KENSA_COMMAND_H
#define KENSA_COMMAND_H
#include <stdbool.h>
#include <stddef.h>

struct command_output {
	char *data;      /* stdout, NUL-terminated (may contain NUL bytes) */
	size_t len;
	char *err;       /* the first 4 KiB of stderr, NUL-terminated */
	size_t err_len;
	int exit_status; /* the exit code, or 128 + signal when killed by one */
	bool timed_out;  /* killed at the deadline */
	bool truncated;  /* more than max_bytes: killed, data holds the first max_bytes */
};

/* Whether PATH lies inside the directory ROOT once both are resolved (symbolic links, ".."): a
 * program inside an audited root must never run. ROOT "/" (a live audit) contains nothing for this
 * test. Returns 1 inside, 0 outside, -errno when PATH cannot be resolved. */
int command_path_in_root(const char *path, const char *root);

/* Run argv[0] (an absolute path) with argv, the environment given (NULL: the caller's), refusing
 * it when it resolves inside forbidden_root (NULL: no such root). Returns 0 when the program ran
 * (whatever its exit status: see out), or a negative errno with a one-line reason in why:
 * -EINVAL not an absolute path, -EPERM inside the root, -ENOENT/-EACCES cannot be executed. */
int command_run(const char *const *argv, char *const *envp, const char *forbidden_root,
		size_t max_bytes, unsigned timeout_ms, struct command_output *out, char *why,
		size_t whylen);
void command_output_free(struct command_output *out);

/* "prog arg arg" for evidence: the program's base name and its arguments, each argument longer
 * than 60 characters shortened with "...". */
void command_describe(const char *const *argv, char *buf, size_t len);

#endif
