/* KEY=value files read by a shell or by a program that parses them like one: files under
 * /etc/default, /etc/ufw/ufw.conf, /etc/firewalld/firewalld.conf. '#' comments, optional "export", single or
 * double quotes around the value. The last assignment wins, as a shell would leave it. Pure. */
#ifndef KENSA_PARSERS_SHELL_VARS_H
#define KENSA_PARSERS_SHELL_VARS_H
#include <stdbool.h>
#include <stddef.h>

/* The value of key (case-sensitive) into value (truncated to len - 1), its line into *line.
 * False when the key is not assigned. */
bool shell_var_get(const char *buf, size_t len, const char *key, char *value, size_t vlen,
		   unsigned *line);

#endif
