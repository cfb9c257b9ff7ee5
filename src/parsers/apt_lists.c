/* apt index files (see apt_lists.h). The Packages parser keeps one line and one stanza's three
 * fields, so its memory does not depend on the size of the list. */
#include "apt_lists.h"
#include "../core/timefmt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void apt_packages_init(struct apt_packages_parser *p, apt_stanza_fn fn, void *arg)
{
	memset(p, 0, sizeof *p);
	p->fn = fn;
	p->arg = arg;
}

static void stanza_reset(struct apt_packages_parser *p)
{
	p->package[0] = p->version[0] = p->arch[0] = '\0';
	p->in_stanza = false;
	p->stanza_line = 0;
}

static void malformed(struct apt_packages_parser *p, unsigned line)
{
	if (!p->malformed++)
		p->first_malformed_line = line;
}

static void stanza_end(struct apt_packages_parser *p)
{
	if (!p->in_stanza)
		return;
	p->stanzas++;
	if (!p->package[0] || !p->version[0] || p->package[0] == '\x01' ||
	    p->version[0] == '\x01' || p->arch[0] == '\x01') {
		malformed(p, p->stanza_line);
	} else {
		struct apt_stanza s = { p->package, p->version, p->arch, p->stanza_line };
		p->fn(&s, p->arg);
	}
	stanza_reset(p);
}

/* Stores a field's value trimmed; '\x01' marks a value too long to be kept. */
static void store(char *dst, const char *v, size_t n, bool long_line)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (long_line || n > APT_FIELD_MAX || memchr(v, '\0', n)) {
		dst[0] = '\x01';
		dst[1] = '\0';
		return;
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static void line_end(struct apt_packages_parser *p)
{
	p->lineno++;
	const char *l = p->line;
	size_t n = p->line_len;
	bool blank = !p->line_long;
	for (size_t i = 0; i < n && blank; i++)
		if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
			blank = false;
	if (blank) {
		stanza_end(p);
	} else if (l[0] == ' ' || l[0] == '\t') {
		/* continuation of a multi-line field (Description, ...): nothing kensa reads */
	} else {
		if (!p->in_stanza) {
			p->in_stanza = true;
			p->stanza_line = p->lineno;
		}
		const char *colon = memchr(l, ':', n);
		if (colon) {
			size_t k = (size_t)(colon - l);
			const char *v = colon + 1;
			size_t vn = n - k - 1;
			if (k == 7 && strncasecmp(l, "Package", 7) == 0)
				store(p->package, v, vn, p->line_long);
			else if (k == 7 && strncasecmp(l, "Version", 7) == 0)
				store(p->version, v, vn, p->line_long);
			else if (k == 12 && strncasecmp(l, "Architecture", 12) == 0)
				store(p->arch, v, vn, p->line_long);
		} else if (!p->line_long) {
			malformed(p, p->lineno);
		}
	}
	p->line_len = 0;
	p->line_long = false;
	p->line_any = false;
}

void apt_packages_feed(struct apt_packages_parser *p, const char *data, size_t len)
{
	const char *end = data + len;
	while (data < end) {
		const char *nl = memchr(data, '\n', (size_t)(end - data));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - data);
		size_t room = sizeof p->line - 1 - p->line_len;
		if (n > room) {
			memcpy(p->line + p->line_len, data, room);
			p->line_len += room;
			p->line_long = true;
		} else {
			memcpy(p->line + p->line_len, data, n);
			p->line_len += n;
		}
		p->line[p->line_len] = '\0';
		p->line_any = true;
		if (!nl)
			return;
		line_end(p);
		data = nl + 1;
	}
}

void apt_packages_finish(struct apt_packages_parser *p)
{
	if (p->line_any && (p->line_len || p->line_long))
		line_end(p);
	stanza_end(p);
}

/* ---- Release ------------------------------------------------------------------------------ */

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

int64_t apt_parse_date_day(const char *s)
{
	/* RFC 1123 as apt writes and reads it (StrToTime): optional "Day," then "DD Mon YYYY". */
	const char *comma = strchr(s, ',');
	if (comma)
		s = comma + 1;
	int day, year;
	char mon[4];
	if (sscanf(s, " %2d %3s %4d", &day, mon, &year) != 3)
		return -1;
	for (int m = 0; m < 12; m++)
		if (strcmp(mon, months[m]) == 0) {
			char iso[16];
			int64_t days;
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, m + 1, day);
			return parse_day(iso, &days) == 0 ? days : -1;
		}
	return -1;
}

static void copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static bool yes(const char *v)
{
	return strcasecmp(v, "yes") == 0;
}

void apt_release_parse(const char *buf, size_t len, struct apt_release *out)
{
	memset(out, 0, sizeof *out);
	out->date_day = -1;
	const char *pos = buf, *end = buf + len;
	bool signed_header = false, started = false;
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		const char *le = nl ? nl : end;
		const char *l = pos;
		size_t n = (size_t)(le - l);
		pos = nl ? nl + 1 : end;
		if (n && l[n - 1] == '\r')
			n--;
		if (!started && n >= 34 && strncmp(l, "-----BEGIN PGP SIGNED MESSAGE-----", 34) == 0) {
			signed_header = true;
			continue;
		}
		if (signed_header) {
			/* armor headers ("Hash: SHA512") up to the first empty line */
			if (n == 0)
				signed_header = false;
			continue;
		}
		if (n == 0) {
			if (started)
				break;
			continue;
		}
		if (n >= 5 && strncmp(l, "-----", 5) == 0)
			break; /* the signature */
		if (l[0] == ' ' || l[0] == '\t')
			continue; /* continuation (the checksum lists) */
		const char *colon = memchr(l, ':', n);
		if (!colon)
			continue;
		started = true;
		size_t k = (size_t)(colon - l);
		const char *v = colon + 1;
		size_t vn = n - k - 1;
		char tmp[16];
		if (k == 5 && strncasecmp(l, "Suite", 5) == 0)
			copy_value(out->suite, sizeof out->suite, v, vn);
		else if (k == 8 && strncasecmp(l, "Codename", 8) == 0)
			copy_value(out->codename, sizeof out->codename, v, vn);
		else if (k == 5 && strncasecmp(l, "Label", 5) == 0)
			copy_value(out->label, sizeof out->label, v, vn);
		else if (k == 6 && strncasecmp(l, "Origin", 6) == 0)
			copy_value(out->origin, sizeof out->origin, v, vn);
		else if (k == 4 && strncasecmp(l, "Date", 4) == 0) {
			copy_value(out->date, sizeof out->date, v, vn);
			out->date_day = apt_parse_date_day(out->date);
		} else if (k == 12 && strncasecmp(l, "NotAutomatic", 12) == 0) {
			copy_value(tmp, sizeof tmp, v, vn);
			out->not_automatic = yes(tmp);
		} else if (k == 20 && strncasecmp(l, "ButAutomaticUpgrades", 20) == 0) {
			copy_value(tmp, sizeof tmp, v, vn);
			out->but_automatic_upgrades = yes(tmp);
		}
	}
	out->found = started;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool apt_release_is_security(const struct apt_release *r)
{
	return ends_with(r->suite, "-security") || ends_with(r->codename, "-security") ||
	       strcmp(r->label, "Debian-Security") == 0;
}
