/* libFuzzer harness: Task Scheduler task XML (src/parsers/win_task.c), as backup.evidence reads it
 * after decoding; every kept string terminated and free of control bytes. */
#include "parsers/win_task.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct win_task t;
	win_task_parse((const char *)data, size, &t);
	if (t.n_exec > WIN_TASK_MAX_EXEC || strnlen(t.triggers, sizeof t.triggers) == sizeof t.triggers)
		abort();
	for (size_t i = 0; i < t.n_exec; i++)
		for (const char *p = t.exec[i]; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
	return 0;
}
