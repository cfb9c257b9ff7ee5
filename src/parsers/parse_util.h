/* Small helpers shared by the line-oriented configuration parsers. Header-only (static
 * inline), so each parser still builds on its own with xalloc.c alone, as the fuzz harnesses
 * in tests/fuzz compile them. */
#ifndef KENSA_PARSE_UTIL_H
#define KENSA_PARSE_UTIL_H
#include "../core/xalloc.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The next line of buf[0..len) at *pos: *start and its length *n without the '\n' (the last
 * line may lack one). Advances *pos past the line; false once *pos reaches len. */
static inline bool parse_next_line(const char *buf, size_t len, size_t *pos, const char **start,
				   size_t *n)
{
	if (*pos >= len)
		return false;
	const char *s = buf + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	*start = s;
	*n = nl ? (size_t)(nl - s) : len - *pos;
	*pos += *n + (nl ? 1 : 0);
	return true;
}

/* A problem found at file:line (file owned by the configuration that lists the issue). */
struct parse_issue {
	const char *file;
	unsigned line;
	char *why;
};

#define PARSE_MAX_ISSUES 100

/* Append an issue to a growing list. The same problem met again through another include path
 * is reported once; past PARSE_MAX_ISSUES one last "more problems found, not listed" stands for
 * the rest (a bound on hostile configurations). */
static inline void parse_issue_add(struct parse_issue **issues, size_t *n_issues,
				   size_t *cap_issues, const char *file, unsigned line,
				   const char *why)
{
	struct parse_issue *v = *issues;
	size_t n = *n_issues;
	for (size_t k = 0; k < n; k++)
		if (v[k].line == line && strcmp(v[k].why, why) == 0 &&
		    (v[k].file == file || (v[k].file && file && strcmp(v[k].file, file) == 0)))
			return;
	if (n > PARSE_MAX_ISSUES)
		return;
	if (n == PARSE_MAX_ISSUES)
		why = "more problems found, not listed";
	XGROW(*issues, *n_issues, *cap_issues, n + 1);
	(*issues)[n].file = file;
	(*issues)[n].line = line;
	(*issues)[n].why = xstrdup(why);
	*n_issues = n + 1;
}

/* Records that a configuration reads `file` (once more: includes fan out, a file may include its
 * own directory): a copy is appended to *files and returned. Past max_files nothing more is
 * read: NULL, and the first time an issue says so. PARSE_ADD_FILE passes a configuration's
 * files and issues members. */
static inline char *parse_file_add(char ***files, size_t *n_files, size_t *cap_files,
				   size_t max_files, struct parse_issue **issues, size_t *n_issues,
				   size_t *cap_issues, const char *file)
{
	if (*n_files >= max_files) {
		if (*n_files == max_files) {
			char why[96];
			snprintf(why, sizeof why,
				 "more than %zu configuration files: the rest are not read", max_files);
			parse_issue_add(issues, n_issues, cap_issues, (*files)[0], 0, why);
		}
		(*n_files)++;
		return NULL;
	}
	XGROW(*files, *n_files, *cap_files, *n_files + 1);
	char *copy = xstrdup(file);
	(*files)[(*n_files)++] = copy;
	return copy;
}
#define PARSE_ADD_FILE(cfg, max_files, file)                                                    \
	parse_file_add(&(cfg)->files, &(cfg)->n_files, &(cfg)->cap_files, (max_files),        \
		       &(cfg)->issues, &(cfg)->n_issues, &(cfg)->cap_issues, (file))

#endif
