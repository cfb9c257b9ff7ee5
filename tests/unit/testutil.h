/* Shared helpers for the Check suites: scratch roots on disk with files, links and FIFOs. */
#ifndef KENSA_TESTUTIL_H
#define KENSA_TESTUTIL_H
#include <check.h>
#include <stddef.h>

/* A fresh directory under $TMPDIR; removed by tu_rmtree. */
char *tu_mkroot(void);
/* Write content to root/path, creating parent directories. */
void tu_write(const char *root, const char *path, const char *content);
void tu_write_bytes(const char *root, const char *path, const void *data, size_t len);
void tu_symlink(const char *root, const char *path, const char *target);
void tu_mkdirs(const char *root, const char *path);
void tu_rmtree(char *root);
/* Run a suite and return the process exit status. */
int tu_run(Suite *s);
#endif
