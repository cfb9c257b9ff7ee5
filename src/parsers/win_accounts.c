/* Parsers for Get-LocalUser CSV and `net user` output (win_accounts.h). */
#include "../core/i18n.h"
#include "../core/civil_date.h"
#include "win_accounts.h"
#include "csv_table.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- dates ----------------------------------------------------------------------------------- */

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/* Digits: reads 1..maxd digits; returns the count. */
static int digits(const char **p, int maxd, int *out)
{
	int n = 0, v = 0;
	while (n < maxd && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

static bool time_part(const char **p, int *h, int *mi, int *s)
{
	*s = 0;
	if (!digits(p, 2, h) || **p != ':')
		return false;
	(*p)++;
	if (digits(p, 2, mi) != 2)
		return false;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 2, s) != 2)
			return false;
	}
	return *h < 24 && *mi < 60 && *s < 61;
}

bool win_date_parse(const char *str, int64_t *epoch)
{
	const char *p = str + strspn(str, " \t");
	int a, b, c, h = 0, mi = 0, s = 0, y, m, d;
	int na = digits(&p, 4, &a);
	if (!na || (*p != '-' && *p != '/' && *p != '.'))
		return false;
	char sep = *p++;
	if (!digits(&p, 2, &b) || *p != sep)
		return false;
	p++;
	int nc = digits(&p, 4, &c);
	if (!nc)
		return false;
	if (na == 4) { /* Y-M-D or Y/M/D */
		y = a, m = b, d = c;
		if (nc > 2)
			return false;
	} else if (nc == 4 && sep == '/') { /* en-US and invariant: M/D/Y */
		y = c, m = a, d = b;
	} else {
		return false;
	}
	if (!valid_date(y, m, d))
		return false;
	int64_t offset = 0;
	if (*p == 'T' || *p == ' ') {
		const char *t = p + 1;
		t += strspn(t, " ");
		if (time_part(&t, &h, &mi, &s)) {
			p = t;
			if (*p == '.') { /* fractions of a second */
				p++;
				while (isdigit((unsigned char)*p))
					p++;
			}
			const char *q = p + strspn(p, " ");
			if (!strncasecmp(q, "AM", 2) || !strncasecmp(q, "PM", 2)) {
				if (h < 1 || h > 12)
					return false;
				bool pm = toupper((unsigned char)q[0]) == 'P';
				h = h % 12 + (pm ? 12 : 0);
				p = q + 2;
			} else if (*p == 'Z') {
				p++;
			} else if (*p == '+' || *p == '-') {
				int oh, om = 0;
				int sign = *p == '-' ? -1 : 1;
				p++;
				if (digits(&p, 2, &oh) != 2)
					return false;
				if (*p == ':')
					p++;
				digits(&p, 2, &om);
				offset = sign * (oh * 3600 + om * 60);
			}
		}
	}
	p += strspn(p, " \t\r\n");
	if (*p)
		return false;
	*epoch = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s - offset;
	return true;
}

enum win_date_order win_short_date_order(const char *pattern)
{
	int pos[3] = { -1, -1, -1 }; /* d, M, y */
	int n = 0;
	for (const char *p = pattern; *p; p++) {
		if (*p == '\'') { /* a quoted literal ('年') */
			const char *q = strchr(p + 1, '\'');
			if (!q)
				break;
			p = q;
			continue;
		}
		int k = *p == 'd' ? 0 : *p == 'M' ? 1 : *p == 'y' ? 2 : -1;
		if (k >= 0 && pos[k] < 0)
			pos[k] = n++;
	}
	if (pos[0] < 0 || pos[1] < 0 || pos[2] < 0)
		return WIN_ORDER_UNKNOWN;
	if (pos[2] == 0)
		return WIN_ORDER_YMD;
	return pos[1] < pos[0] ? WIN_ORDER_MDY : WIN_ORDER_DMY;
}

/* The local wall-clock time (seconds, as if UTC) a transition rule names in year y. */
static int64_t tz_rule_time(const struct win_tz_rule *r, int y)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int day;
	if (r->year) {
		day = r->day; /* an absolute date */
	} else {
		int64_t first = days_from_civil(y, (unsigned)r->month, 1);
		int wd1 = (int)(((first % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
		day = 1 + (r->dow - wd1 + 7) % 7 + (r->day - 1) * 7;
		int last = mdays[r->month - 1] + (r->month == 2 && ((y % 4 == 0 && y % 100 != 0) ||
								    y % 400 == 0));
		while (day > last)
			day -= 7; /* "5": the last such weekday */
	}
	return days_from_civil(y, (unsigned)r->month, (unsigned)day) * 86400 + r->hour * 3600 +
	       r->minute * 60;
}

int64_t win_local_to_utc(const struct win_timezone *tz, int64_t local)
{
	int32_t bias = tz->bias + tz->standard_bias;
	if (tz->has_dst) {
		/* the year of the local date: days_from_civil's inverse is not needed, the rules
		 * of the year before and after bracket it */
		int64_t days = local / 86400 - (local % 86400 < 0);
		int y = 1970 + (int)(days / 365);
		while (days_from_civil(y, 1, 1) > days)
			y--;
		while (days_from_civil(y + 1, 1, 1) <= days)
			y++;
		int64_t ds = tz_rule_time(&tz->daylight_start, y);
		int64_t ss = tz_rule_time(&tz->standard_start, y);
		/* daylight_start is given in standard time, standard_start in daylight time: both are
		 * wall-clock times, compared with a wall-clock time */
		bool dst = ds < ss ? local >= ds && local < ss : local >= ds || local < ss;
		if (dst)
			bias = tz->bias + tz->daylight_bias;
	}
	return local + (int64_t)bias * 60;
}

int win_local_date_parse(const char *str, const struct win_locale *loc, int64_t *epoch, char *why,
			 size_t whylen)
{
	const char *p = str + strspn(str, " \t");
	int a, b, c, y, m, d, h = 0, mi = 0, sec = 0;
	int na = digits(&p, 4, &a);
	if (!na || (*p != '-' && *p != '/' && *p != '.'))
		return 0;
	char sep = *p++;
	if (!digits(&p, 2, &b) || *p != sep)
		return 0;
	p++;
	int nc = digits(&p, 4, &c);
	if (na == 4 && nc >= 1 && nc <= 2) { /* year first: yyyy/MM/dd (ja-JP), ISO */
		y = a, m = b, d = c;
	} else if (na <= 2 && nc == 4) { /* year last: the order decides */
		y = c;
		enum win_date_order order = loc->order;
		if (order != WIN_ORDER_MDY && order != WIN_ORDER_DMY) {
			/* unknown (or a year-first pattern that printed a year-last date): a field above
			 * 12 can only be the day; equal fields read the same either way */
			if (a > 12 && b <= 12)
				order = WIN_ORDER_DMY;
			else if (b > 12 && a <= 12)
				order = WIN_ORDER_MDY;
			else if (a == b)
				order = WIN_ORDER_MDY;
			else {
				snprintf(why, whylen, _("'%s': the date order of the PC is unknown, and "
							"%d and %d could each be the month"), str, a, b);
				return -1;
			}
		}
		m = order == WIN_ORDER_MDY ? a : b;
		d = order == WIN_ORDER_MDY ? b : a;
	} else {
		return 0;
	}
	if (!valid_date(y, m, d))
		return 0;
	if (*p == ' ' || *p == 'T') {
		const char *t = p + 1 + strspn(p + 1, " ");
		if (time_part(&t, &h, &mi, &sec)) {
			p = t;
			const char *q = p + strspn(p, " ");
			if (!strncasecmp(q, "AM", 2) || !strncasecmp(q, "PM", 2)) {
				if (h < 1 || h > 12)
					return 0;
				h = h % 12 + (toupper((unsigned char)q[0]) == 'P' ? 12 : 0);
				p = q + 2;
			}
		}
	}
	p += strspn(p, " \t\r\n");
	if (*p)
		return 0;
	if (!loc->tz.known) {
		snprintf(why, whylen, _("'%s': a local time, and the PC's time zone is unknown"), str);
		return -1;
	}
	int64_t local = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
	*epoch = win_local_to_utc(&loc->tz, local);
	return 1;
}

bool win_never_word(const char *s)
{
	static const char *const words[] = {
		"Never", "Unlimited", "None", "なし", "無期限", "無制限", "しない",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcasecmp(s, words[i]))
			return true;
	return false;
}

/* A date field: empty -> never; a date; a never word; else unknown. */
static int64_t date_field(const char *v)
{
	int64_t t;
	if (!*v || win_never_word(v))
		return WIN_NEVER;
	return win_date_parse(v, &t) ? t : WIN_UNKNOWN;
}

static int bool_field(const char *v)
{
	if (!strcasecmp(v, "True") || !strcasecmp(v, "Yes") || !strcmp(v, "はい"))
		return 1;
	if (!strcasecmp(v, "False") || !strcasecmp(v, "No") || !strcmp(v, "いいえ"))
		return 0;
	return -1;
}

/* ---- Get-LocalUser CSV ----------------------------------------------------------------------- */

bool localuser_csv_parse(const char *text, size_t len, struct win_user **users, size_t *n,
			 char *why, size_t whylen)
{
	*users = NULL;
	*n = 0;
	enum { C_NAME, C_ENABLED, C_LASTLOGON, C_PWSET, C_PWEXP, C_PWREQ, C_SID, C_COUNT };
	static const char *const names[C_COUNT] = { "Name", "Enabled", "LastLogon", "PasswordLastSet",
						    "PasswordExpires", "PasswordRequired", "SID" };
	struct csv_table t;
	if (csv_table_open(&t, text, len, names, C_COUNT, 0) != CSV_TABLE_OK) {
		snprintf(why, whylen, _("no CSV header line"));
		return false;
	}
	if (t.col[C_NAME] < 0 || t.col[C_ENABLED] < 0 || t.col[C_SID] < 0) {
		snprintf(why, whylen,
			 _("the header lacks Name, Enabled or SID: not Get-LocalUser output"));
		return false;
	}
	char name[sizeof((struct win_user *)0)->name], enabled[16], ll[64], ps[64], pe[64],
		req[16], sid[sizeof((struct win_user *)0)->sid];
	char *const f[C_COUNT] = { name, enabled, ll, ps, pe, req, sid };
	static const size_t lens[C_COUNT] = { sizeof name, sizeof enabled, sizeof ll, sizeof ps,
					      sizeof pe, sizeof req, sizeof sid };
	size_t cap = 0;
	int rc;
	while ((rc = csv_table_next(&t, f, lens)) != 0) {
		if (rc == -2 || t.record_fields < t.n_columns || !name[0]) {
			if (rc == -2)
				snprintf(why, whylen, _("line %u: unterminated quoted field"), t.line);
			else
				snprintf(why, whylen,
					 _("line %u: fewer fields than the header, or no name"), t.line);
			free(*users);
			*users = NULL;
			*n = 0;
			return false;
		}
		XGROW(*users, *n, cap, *n + 1);
		struct win_user *u = &(*users)[(*n)++];
		memset(u, 0, sizeof *u);
		u->line = t.line;
		/* a column the capture does not have is unknown, never "false" or a date */
#define F(c) (t.col[c] >= 0 ? f[c] : NULL)
		snprintf(u->name, sizeof u->name, "%s", name);
		u->enabled = bool_field(enabled);
		u->password_required = F(C_PWREQ) ? bool_field(req) : -1;
		snprintf(u->sid, sizeof u->sid, "%s", sid);
		u->last_logon = F(C_LASTLOGON) ? date_field(ll) : WIN_UNKNOWN;
		u->password_last_set = F(C_PWSET) ? date_field(ps) : WIN_UNKNOWN;
		u->password_expires = F(C_PWEXP) ? date_field(pe) : WIN_UNKNOWN;
		snprintf(u->last_logon_raw, sizeof u->last_logon_raw, "%s", F(C_LASTLOGON) ? ll : "");
		snprintf(u->password_last_set_raw, sizeof u->password_last_set_raw, "%s",
			 F(C_PWSET) ? ps : "");
		snprintf(u->password_expires_raw, sizeof u->password_expires_raw, "%s",
			 F(C_PWEXP) ? pe : "");
#undef F
	}
	return true;
}

/* ---- net user -------------------------------------------------------------------------------- */

struct text_lines {
	char **lines;
	size_t n;
};

static void split_lines(const char *text, size_t len, struct text_lines *tl)
{
	memset(tl, 0, sizeof *tl);
	size_t cap = 0;
	const char *p = text, *end = text + len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		size_t n = (size_t)(e - p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\0'))
			n--;
		XGROW(tl->lines, tl->n, cap, tl->n + 1);
		tl->lines[tl->n++] = xstrndup(p, n);
		p = e < end ? e + 1 : end;
	}
}

static void free_lines(struct text_lines *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		free(tl->lines[i]);
	free(tl->lines);
}

void win_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

bool net_user_list_parse(const char *text, size_t len, char ***names, size_t *n, char *why,
			 size_t whylen)
{
	*names = NULL;
	*n = 0;
	struct text_lines tl;
	split_lines(text, len, &tl);
	size_t dashes = tl.n, last = 0;
	for (size_t i = 0; i < tl.n; i++) {
		if (dashes == tl.n && strlen(tl.lines[i]) >= 20 &&
		    strspn(tl.lines[i], "-") == strlen(tl.lines[i]))
			dashes = i;
		if (tl.lines[i][0])
			last = i;
	}
	if (dashes == tl.n || last <= dashes) {
		free_lines(&tl);
		snprintf(why, whylen, _("no line of dashes followed by a completion line: not `net user` "
			 "output"));
		return false;
	}
	size_t cap = 0;
	/* Names are printed in 25-column fields; a name has at most 20 characters, so two or more
	 * blanks always separate them (a single blank can be part of a name). */
	for (size_t i = dashes + 1; i < last; i++) {
		const char *p = tl.lines[i];
		while (*p) {
			p += strspn(p, " \t");
			if (!*p)
				break;
			const char *e = p;
			while (*e && !(e[0] == ' ' && (e[1] == ' ' || e[1] == '\0')) && *e != '\t')
				e++;
			XGROW(*names, *n, cap, *n + 1);
			(*names)[(*n)++] = xstrndup(p, (size_t)(e - p));
			p = e;
		}
	}
	free_lines(&tl);
	return true;
}

/* The value of a "label   value" line as the last word (Yes/No), or the date within it. */
static void line_last_word(const char *line, char *out, size_t len)
{
	size_t n = strlen(line);
	size_t e = n;
	while (n && line[n - 1] != ' ' && line[n - 1] != '\t')
		n--;
	snprintf(out, len, "%.*s", (int)(e - n), line + n);
}

/* A date anywhere after the label, or a never word at the end; the raw text in raw. A date that
 * cannot be placed in time is WIN_UNKNOWN with the reason in u->date_error (the first one). */
static int64_t line_date(const char *orig, const struct win_locale *loc, struct win_user *u,
			 char *raw, size_t rawlen)
{
	/* Windows 10 writes a LEFT-TO-RIGHT MARK (U+200E) before each date field ("\u200e3/\u200e20/
	 * \u200e2020"); redirected in an OEM code page it becomes '?'. Neither is part of the date. */
	char line[512];
	size_t o = 0;
	for (const char *p = orig; *p && o + 1 < sizeof line; p++) {
		if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0x8E || (unsigned char)p[2] == 0x8F)) {
			p += 2;
			continue;
		}
		if (*p == '?' && isdigit((unsigned char)p[1]) &&
		    (p == orig || strchr(" \t/.-", p[-1])))
			continue;
		line[o++] = *p;
	}
	line[o] = '\0';
	for (const char *p = line; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > line && p[-1] != ' ' && p[-1] != '\t'))
			continue;
		int64_t t;
		char why[256];
		int rc = win_local_date_parse(p, loc, &t, why, sizeof why);
		if (rc != 0) { /* (bounded copy: the cleaned line is longer than raw) */
			size_t k = strnlen(p, rawlen - 1);
			memcpy(raw, p, k);
			raw[k] = '\0';
		}
		if (rc > 0)
			return t;
		if (rc < 0) {
			if (!u->date_error[0])
				snprintf(u->date_error, sizeof u->date_error, "%s", why);
			return WIN_UNKNOWN;
		}
	}
	char w[64];
	line_last_word(line, w, sizeof w);
	snprintf(raw, rawlen, "%s", w);
	return win_never_word(w) ? WIN_NEVER : WIN_UNKNOWN;
}

bool net_user_detail_parse(const char *text, size_t len, const char *name,
			   const struct win_locale *loc, struct win_user *u, char *why,
			   size_t whylen)
{
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->enabled = u->password_required = -1;
	u->last_logon = u->password_last_set = u->password_expires = WIN_UNKNOWN;
	struct text_lines tl;
	split_lines(text, len, &tl);
	/* groups of consecutive non-blank lines */
	size_t start[8], count[8], ng = 0;
	for (size_t i = 0; i < tl.n && ng < 8; i++) {
		if (!tl.lines[i][0])
			continue;
		if (i == 0 || !tl.lines[i - 1][0]) {
			start[ng] = i;
			count[ng++] = 0;
		}
		count[ng - 1]++;
	}
	bool ok = ng >= 3 && count[0] >= 7 && count[1] >= 5 && count[2] >= 5;
	if (!ok) {
		free_lines(&tl);
		snprintf(why, whylen,
			 _("not the layout of `net user NAME` (groups of 7, 5 and 5 lines)"));
		return false;
	}
	const char *first = tl.lines[start[0]];
	size_t fl = strlen(first), nl = strlen(name);
	if (fl < nl || strcasecmp(first + fl - nl, name) != 0 ||
	    (fl > nl && first[fl - nl - 1] != ' ' && first[fl - nl - 1] != '\t')) {
		free_lines(&tl);
		snprintf(why, whylen, _("its first line does not name the account %s"), name);
		return false;
	}
	char w[64];
	line_last_word(tl.lines[start[0] + 5], w, sizeof w); /* Account active */
	u->enabled = bool_field(w);
	/* the last logon first: its problem, when it has one, is the one date_error reports */
	u->last_logon = line_date(tl.lines[start[2] + 4], loc, u, u->last_logon_raw,
				  sizeof u->last_logon_raw);
	u->password_last_set = line_date(tl.lines[start[1]], loc, u, u->password_last_set_raw,
					 sizeof u->password_last_set_raw);
	u->password_expires = line_date(tl.lines[start[1] + 1], loc, u, u->password_expires_raw,
					sizeof u->password_expires_raw);
	line_last_word(tl.lines[start[1] + 3], w, sizeof w); /* Password required */
	u->password_required = bool_field(w);
	free_lines(&tl);
	return true;
}
