/* What remote.access says on either platform (remote_access.c, remote_access_windows.c): the
 * finding text for one channel and the check's manual verdict. */
#ifndef KENSA_REMOTE_ACCESS_VERDICT_H
#define KENSA_REMOTE_ACCESS_VERDICT_H
#include "../core/check.h"
#include <stdbool.h>
#include <stddef.h>

/* Replaces F's detail with what to confirm: STARTS when the channel is set to start or
 * running, else installed or configured only. A phrase of its own, so a saved report renders it
 * in either language. */
void remote_access_detail(struct finding *f, bool starts);
/* The manual verdict: the FOUND channels NAMES (", "-joined), or that none was found. */
void remote_access_conclude(struct check_result *r, const char *names, size_t found);

#endif
