/* The write broker: the audit runs in a child process whose sandbox grants no write, create or
 * remove right anywhere; its parent, which never reads the audited system, does the only
 * changes an audit makes to the file system (rename a finished report into place, prune an old
 * one in --report-dir), and only those it was told to expect before the fork. Landlock cannot
 * grant "this one name in that directory": a rule on the report's directory would let the
 * audit create or remove anything beneath it (with --output /r.txt, the whole tree).
 *
 * It also owns the temporary files: whatever ends the child (a crash, SIGINT, SIGTERM, SIGHUP),
 * the parent removes the ones that were not committed. */
#ifndef KENSA_SANDBOX_BROKER_H
#define KENSA_SANDBOX_BROKER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define BROKER_MAX_FILES 40

struct broker_file {
	char *tmp_path;   /* the temporary file created before the fork */
	char *final_path; /* where it goes; NULL: a name the child picks inside dir */
	char *dir;        /* the directory of tmp_path (report directory entries) */
	bool committed;
};

struct broker {
	struct broker_file files[BROKER_MAX_FILES];
	size_t n;
	int sock;   /* the child's end; -1 before the fork and without a broker */
	pid_t child;
};

void broker_init(struct broker *b);
/* Expect tmp_path to be renamed to final_path (or, with final_path NULL, to a report name of
 * the child's choosing inside dir, never over an existing file). Returns the file's index. */
int broker_expect(struct broker *b, const char *tmp_path, const char *final_path,
		  const char *dir);
/* Fork. Returns 0 in the child, which goes on with the audit. In the parent, serves the
 * child's requests until it ends, removes what was not committed and returns 1 with the exit
 * status to use in *status (the child's, 1 when a request failed, 128+N after signal N).
 * -1 when the fork failed (then nothing is brokered and the caller renames itself). */
int broker_start(struct broker *b, int *status);
bool broker_active(const struct broker *b);
/* Remove every temporary file not committed (the fork failed: nobody else will). */
void broker_discard(struct broker *b);
/* The child's end closed (the parent sees the end of requests) and the list freed. */
void broker_free(struct broker *b);

/* In the child, before it reads anything of the audited system: enter the sandbox with no
 * write, create or remove right anywhere (the reports go through descriptors opened before). */
struct sandbox_status;
void broker_sandbox_child(struct sandbox_status *st);

/* In the child: commit file `index` (to `name` inside its dir when it has no final path).
 * Return 0 or an errno value. */
int broker_commit(const struct broker *b, int index, const char *name);
/* In the child: remove the report `name` from the directory of file `index`. */
int broker_remove(const struct broker *b, int index, const char *name);

/* A name the broker accepts inside a report directory: kensa-*.json or kensa-*.txt, no '/'. */
bool broker_report_name_ok(const char *name);

#endif
