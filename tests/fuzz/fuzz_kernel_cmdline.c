/* libFuzzer harness: /proc/cmdline and /etc/default/grub shell assignments (src/parsers/kernel_cmdline.c). */
#include "parsers/kernel_cmdline.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parsers that take a C string get the input NUL-terminated, as the checks pass it. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	struct kcmdline c;
	memset(&c, 0, sizeof c);
	kcmdline_parse(s, &c);
	(void)kcmdline_last(&c, "audit");
	(void)kcmdline_last(&c, "module_blacklist");
	for (size_t i = 0; i < c.n; i++)
		if (!c.params[i].name || !kcmdline_name_eq(c.params[i].name, c.params[i].name))
			abort();
	kcmdline_free(&c);
	struct shell_vars vars;
	struct shell_issue *issues = NULL;
	size_t n_issues = 0;
	memset(&vars, 0, sizeof vars);
	shell_vars_parse(&vars, "/etc/default/grub", buf, size, &issues, &n_issues);
	(void)shell_vars_get(&vars, "GRUB_CMDLINE_LINUX");
	shell_vars_free(&vars);
	shell_issues_free(issues, n_issues);
	free(s);
	return 0;
}
