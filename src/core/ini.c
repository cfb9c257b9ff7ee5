/* Strict INI reader (see ini.h). Lines are bounded; bytes that are not text are an error. */
#include "ini.h"
#include "embedded_data.h"
#include "xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INI_MAX_LINE 4096

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int valid_key(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!(isalnum((unsigned char)*k) || *k == '_' || *k == '-' || *k == '.'))
			return 0;
	return 1;
}

int ini_parse(const char *buf, size_t len, const char *filename, ini_callback cb, void *ud,
	      char *err, size_t errlen)
{
	char section[256] = "";
	char line[INI_MAX_LINE + 1];
	size_t pos = 0;
	unsigned lineno = 0;
	if (len && memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s: contains NUL bytes; not a text file", filename);
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		lineno++;
		if (n > INI_MAX_LINE) {
			snprintf(err, errlen, "%s:%u: line longer than %d bytes", filename, lineno,
				 INI_MAX_LINE);
			return -1;
		}
		memcpy(line, buf + pos, n);
		line[n] = '\0';
		pos += n + (nl ? 1 : 0);
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		char *s = trim(line);
		if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
		    (unsigned char)s[2] == 0xBF)
			s = trim(s + 3); /* UTF-8 BOM from Windows editors */
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || trim(close + 1)[0] != '\0') {
				snprintf(err, errlen, "%s:%u: malformed section header", filename, lineno);
				return -1;
			}
			*close = '\0';
			char *name = trim(s + 1);
			if (!*name || strlen(name) >= sizeof section) {
				snprintf(err, errlen, "%s:%u: bad section name", filename, lineno);
				return -1;
			}
			/* collapse inner runs of blanks so "[item  2-5]" == "[item 2-5]" */
			char *w = section;
			for (char *r = name; *r; r++) {
				if ((*r == ' ' || *r == '\t') && (w > section && w[-1] == ' '))
					continue;
				*w++ = (*r == '\t') ? ' ' : *r;
			}
			*w = '\0';
			if (cb(ud, section, NULL, INI_SET, NULL, lineno, err, errlen) != 0)
				return -1;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'", filename, lineno);
			return -1;
		}
		enum ini_op op = INI_SET;
		char *key_end = eq;
		if (eq > s && (eq[-1] == '+' || eq[-1] == '-')) {
			op = eq[-1] == '+' ? INI_APPEND : INI_REMOVE;
			key_end = eq - 1;
		}
		*key_end = '\0';
		char *key = trim(s);
		char *value = trim(eq + 1);
		if (!valid_key(key)) {
			snprintf(err, errlen, "%s:%u: bad key name '%s'", filename, lineno, key);
			return -1;
		}
		if (cb(ud, section, key, op, value, lineno, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int ini_parse_file(const char *path, size_t max_bytes, ini_callback cb, void *ud, char *err,
		   size_t errlen)
{
	char *buf;
	size_t len;
	int rc = data_file_read(path, max_bytes, &buf, &len);
	if (rc == -EFBIG) {
		if (max_bytes % (1u << 20) == 0)
			snprintf(err, errlen, "%s: larger than %zu MiB", path, max_bytes >> 20);
		else
			snprintf(err, errlen, "%s: larger than %zu bytes", path, max_bytes);
		return -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return -1;
	}
	rc = ini_parse(buf, len, path, cb, ud, err, errlen);
	free(buf);
	return rc;
}

size_t ini_split_list(const char *value, char ***items_out, char **storage_out)
{
	char *copy = xstrdup(value);
	char **items = NULL;
	size_t n = 0, cap = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (!*tok)
			continue;
		XGROW(items, n, cap, n + 1);
		items[n++] = tok;
	}
	*items_out = items;
	*storage_out = copy;
	return n;
}
