/* libFuzzer harness: modprobe.d files and modules.dep lines (src/parsers/modprobe.c). */
#include "parsers/modprobe.h"
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
	struct modprobe_file f;
	memset(&f, 0, sizeof f);
	modprobe_parse(buf, size, "/etc/modprobe.d/fuzz.conf", &f);
	struct modprobe_hit hit;
	static const char *const blocking[] = { "/bin/true", "/bin/false" };
	if (modprobe_find_install(&f, 1, "usb_storage", &hit))
		(void)modprobe_install_effect(hit.directive->argument ? hit.directive->argument : "",
					      blocking, 2);
	(void)modprobe_find_softdep(&f, 1, "usb_storage", &hit);
	(void)modprobe_find_blacklist(&f, 1, "usb_storage", &hit);
	modprobe_file_free(&f);
	char name[64], deps[4096], modname[64];
	for (char *line = s, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		(void)modules_dep_line(line, name, sizeof name, deps, sizeof deps);
		modprobe_path_to_modname(line, modname, sizeof modname);
		if (strnlen(modname, sizeof modname) == sizeof modname)
			abort();
		(void)modprobe_conf_name_ok(line);
		(void)modprobe_install_effect(line, blocking, 2);
	}
	free(s);
	return 0;
}
