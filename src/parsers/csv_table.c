/* See csv_table.h. */
#include "csv_table.h"
#include <string.h>
#include <strings.h>

/* One field from t->pos into buf (NULL: not kept); *last is set when it ended its record.
 * A quoted field runs to its closing quote across line breaks, as RFC 4180 has it. */
static void next_field(struct csv_table *t, char *buf, size_t len, bool *last)
{
	const char *p = t->pos, *end = t->end;
	size_t n = 0;
	bool quoted = p < end && *p == '"';
	if (quoted)
		p++;
	*last = true;
	while (p < end) {
		char c = *p;
		if (quoted) {
			if (c == '"') {
				if (p + 1 < end && p[1] == '"') {
					c = '"';
					p++;
				} else {
					quoted = false;
					p++;
					continue;
				}
			} else if (c == '\n') {
				t->next_line++;
			}
		} else if (c == ',') {
			p++;
			*last = false;
			break;
		} else if (c == '\n' || (c == '\r' && (p + 1 == end || p[1] == '\n'))) {
			p += c == '\r' ? 2 : 1;
			if (p > end)
				p = end;
			t->next_line++;
			break;
		}
		if (buf && n + 1 < len)
			buf[n++] = c;
		p++;
	}
	if (buf && len)
		buf[n] = '\0';
	if (quoted)
		t->unterminated = true;
	t->pos = p;
}

/* Skip blank lines (and, before the header, "#TYPE ..." lines); false at the end. */
static bool skip_to_record(struct csv_table *t)
{
	while (t->pos < t->end) {
		const char *nl = memchr(t->pos, '\n', (size_t)(t->end - t->pos));
		const char *le = nl ? nl : t->end;
		const char *s = t->pos;
		bool blank = le == s || (le == s + 1 && *s == '\r');
		if (!blank && (*s != '#' || !t->in_header))
			return true;
		t->pos = nl ? nl + 1 : t->end;
		t->next_line++;
	}
	return false;
}

enum csv_table_open_status csv_table_open(struct csv_table *t, const char *text, size_t len,
					  const char *const *names, size_t n_names,
					  size_t n_required)
{
	memset(t, 0, sizeof *t);
	t->pos = text;
	t->end = text + len;
	t->next_line = 1;
	t->in_header = true;
	if (n_names > CSV_TABLE_MAX_WANTED)
		n_names = CSV_TABLE_MAX_WANTED;
	t->n_wanted = n_names;
	t->n_required = n_required < n_names ? n_required : n_names;
	for (size_t i = 0; i < n_names; i++)
		t->col[i] = -1;
	/* a UTF-8 byte order mark (Out-File -Encoding utf8 on Windows PowerShell) is not a name */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		t->pos += 3;
	if (!skip_to_record(t))
		return CSV_TABLE_EMPTY;
	t->in_header = false;
	t->line = t->next_line;
	bool last = false;
	for (int col = 0; !last; col++) {
		char name[128];
		next_field(t, name, sizeof name, &last);
		t->n_columns++;
		for (size_t i = 0; i < n_names; i++)
			if (t->col[i] < 0 && strcasecmp(name, names[i]) == 0)
				t->col[i] = col;
	}
	if (t->unterminated)
		return CSV_TABLE_EMPTY;
	for (size_t i = 0; i < t->n_required; i++)
		if (t->col[i] < 0)
			return CSV_TABLE_MISSING_COLUMN;
	return CSV_TABLE_OK;
}

int csv_table_next(struct csv_table *t, char *const *out, const size_t *lens)
{
	if (!skip_to_record(t))
		return 0;
	t->line = t->next_line;
	for (size_t i = 0; i < t->n_wanted; i++)
		if (lens[i])
			out[i][0] = '\0';
	bool found[CSV_TABLE_MAX_WANTED] = { false };
	bool last = false;
	t->record_fields = 0;
	for (int col = 0; !last; col++) {
		t->record_fields++;
		size_t want = t->n_wanted;
		for (size_t i = 0; i < t->n_wanted; i++)
			if (t->col[i] == col)
				want = i;
		if (want < t->n_wanted) {
			next_field(t, out[want], lens[want], &last);
			found[want] = true;
			/* the same column asked for twice: copy it */
			for (size_t i = want + 1; i < t->n_wanted; i++)
				if (t->col[i] == col && lens[i]) {
					strncpy(out[i], out[want], lens[i] - 1);
					out[i][lens[i] - 1] = '\0';
					found[i] = true;
				}
		} else {
			next_field(t, NULL, 0, &last);
		}
	}
	if (t->unterminated)
		return -2;
	for (size_t i = 0; i < t->n_required; i++)
		if (!found[i])
			return -1;
	return 1;
}
