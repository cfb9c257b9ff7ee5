/* Report output: stdout, or a file written to a temporary name in the same directory, mode 0600
 * (reports name accounts and weaknesses), and renamed into place only when complete. A path
 * that names a character device or a FIFO (/dev/null, /dev/stdout, a pipe) is written in place:
 * replacing it would destroy the node. A symbolic link to a regular file is refused: writing
 * through it would let whoever planted it choose the file kensa replaces. */
#ifndef KENSA_OUTPUT_H
#define KENSA_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct broker;

struct output {
	FILE *fp;
	char *path;     /* final path, NULL for stdout */
	char *tmp_path; /* NULL when written in place */
	char *dir;      /* directory of the final path (writable under the sandbox) */
	bool direct;    /* a character device or FIFO, written in place, never replaced */
	struct broker *broker; /* when set and active, the broker renames (sandbox_broker.h) */
	int broker_index;
};


/* Refuses a path inside audit_root (never write into the audited system). */
int output_open(struct output *out, const char *path, const char *audit_root, char *err,
		size_t errlen);
/* Whether path (which may not exist yet) lies inside audit_root: its nearest existing
 * ancestor or one of that ancestor's parents is the root's directory, by device and inode
 * (so a bind mount or a link to the root counts). False for a root that is "/". */
bool output_inside_root(const char *path, const char *audit_root);
/* write_rc: the reporter's status; on failure the temporary file is removed. */
int output_commit(struct output *out, int write_rc, char *err, size_t errlen);
/* Only the temporary file DIR/.LABEL.XXXXXX, for a report whose name is decided later
 * (output_set_path before output_commit): --report-dir. DIR is already vetted. */
int output_open_temp(struct output *out, const char *dir, const char *label, char *err,
		     size_t errlen);
void output_set_path(struct output *out, const char *path);
/* Before the broker forks: let it rename this output into place (final_dir: the child names
 * the file inside that directory; NULL: the path given to output_open). */
void output_use_broker(struct output *out, struct broker *b, const char *final_dir);
/* Drop an opened output without writing it (a later option failed). */
void output_abandon(struct output *out);

#endif
