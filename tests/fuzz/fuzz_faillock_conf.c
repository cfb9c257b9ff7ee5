/* libFuzzer harness: pam_faillock settings (src/parsers/faillock_conf.c): the input as a whole
 * faillock.conf, then each line as a module argument over it. */
#include "parsers/faillock_conf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct faillock_opts o;
	faillock_opts_default(&o);
	(void)faillock_conf_parse((const char *)data, size, "/etc/security/faillock.conf", &o);
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	for (char *save = NULL, *arg = strtok_r(s, "\n", &save); arg; arg = strtok_r(NULL, "\n", &save))
		(void)faillock_arg_apply(&o, arg, "/etc/pam.d/common-auth:1 (argument)");
	if (o.deny.value > 0xffff || o.unlock_time.value > FAILLOCK_MAX_TIME_INTERVAL + 1 ||
	    o.n_problems > sizeof o.problems / sizeof o.problems[0])
		abort();
	free(s);
	return 0;
}
