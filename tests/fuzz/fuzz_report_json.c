/* libFuzzer harness: the strict JSON report reader (src/report/json_read.c) that `kensa diff`
 * and `kensa report` run on files people edit by hand. Whatever it accepts must write back and
 * read again to the same bytes; whatever it refuses gets a one-line error naming the file. */
#include "core/check.h"
#include "core/checklist.h"
#include "core/site.h"
#include "report/report.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* report_build_items() (core/verdict.c, linked for report_free) builds rows from a checklist
 * edition; a report read back never does, so the checklist and site loaders stay out. */
bool checklist_item_applies(const struct checklist_item *item, const char *device_class)
{
	(void)item, (void)device_class;
	abort();
}

const struct checklist_section *checklist_section(const struct checklist *c, const char *number)
{
	(void)c, (void)number;
	abort();
}

char *const *checklist_guideline_refs(const struct checklist *c, const char *check_id, size_t *n)
{
	(void)c, (void)check_id, (void)n;
	abort();
}

/* rows.c (linked for report_status_word) names checks by their registry titles; the harness
 * links no checks, so no id is known here, as with an unknown id in a saved report. */
const struct check *check_find(const char *id)
{
	(void)id;
	return NULL;
}

const struct site_answer *site_answer_for(const struct site *s, const char *item)
{
	(void)s, (void)item;
	abort();
}

static char *to_json(const struct audit_report *rep, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	if (!m || report_write_json(m, rep) != 0)
		abort();
	fclose(m);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_report rep, again;
	char err[1024];
	err[0] = '\0';
	if (report_read_json_buffer((const char *)data, size, "fuzz.json", &rep, err, sizeof err) != 0) {
		if (strncmp(err, "fuzz.json: ", 11) != 0 || strchr(err, '\n'))
			abort();
		return 0;
	}
	size_t len1, len2;
	char *first = to_json(&rep, &len1);
	if (report_read_json_buffer(first, len1, "again.json", &again, err, sizeof err) != 0)
		abort(); /* what it accepted, it must read back */
	char *second = to_json(&again, &len2);
	if (len1 != len2 || memcmp(first, second, len1) != 0)
		abort();
	free(first);
	free(second);
	report_free(&again);
	report_free(&rep);
	return 0;
}
