/* libFuzzer harness: crontab files (src/parsers/crontab.c), as a system crontab and as a
 * per-user one, and the command redaction and unit-file reader the evidence checks apply to
 * what they parse (src/checks/evidence_util.c). */
#include "checks/evidence_util.h"
#include "parsers/crontab.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	for (int system = 0; system <= 1; system++) {
		struct crontab c;
		crontab_parse(buf, size, system, &c);
		for (size_t i = 0; i < c.n; i++) {
			if (!c.entries[i].command[0] || (system && !c.entries[i].user))
				abort();
			char *shown = evidence_redact_command(c.entries[i].command, 64);
			if (strlen(shown) > 64 + strlen("…"))
				abort();
			free(shown);
		}
		if (c.n_bad && !c.first_bad_why)
			abort();
		crontab_free(&c);
	}
	free(evidence_unit_value(buf, size, "Service", "ExecStart"));
	free(evidence_unit_value(buf, size, "Timer", "OnCalendar"));
	return 0;
}
