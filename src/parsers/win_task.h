/* Task Scheduler task definitions as Windows stores them in C:\Windows\System32\Tasks (the Task
 * Scheduler schema, UTF-16 XML, decoded to UTF-8 before parsing): the actions a task runs, its
 * triggers and whether it is enabled. Only what backup.evidence shows is read. */
#ifndef KENSA_WIN_TASK_H
#define KENSA_WIN_TASK_H
#include <stdbool.h>
#include <stddef.h>

#define WIN_TASK_MAX_EXEC 4

struct win_task {
	bool enabled;           /* <Settings><Enabled>false</Enabled> makes it false */
	char triggers[128];     /* "CalendarTrigger, BootTrigger", "" for none */
	char exec[WIN_TASK_MAX_EXEC][512]; /* "Command Arguments", entities decoded */
	size_t n_exec;
};

/* Never fails: a task without <Exec> has n_exec 0. */
void win_task_parse(const char *xml, size_t len, struct win_task *out);

#endif
