/* A CSV table as PowerShell's ConvertTo-Csv / Export-Csv / Out-File write it (RFC 4180: a
 * header line of column names, "" inside quotes is one quote, a quoted field may hold line
 * breaks; older PowerShell starts with a "#TYPE ..." line), read by column name: the Windows
 * captures (Get-HotFix, Security Center's products) name their columns, whatever their order
 * and however many more columns a capture has. Pure: reads the text in place, no allocation. */
#ifndef KENSA_CSV_TABLE_H
#define KENSA_CSV_TABLE_H
#include <stdbool.h>
#include <stddef.h>

#define CSV_TABLE_MAX_WANTED 8

struct csv_table {
	const char *pos, *end;
	unsigned line;      /* the line the last record (or the header) started on */
	unsigned next_line; /* the line pos is on */
	size_t n_wanted, n_required;
	int col[CSV_TABLE_MAX_WANTED]; /* each wanted name's column, -1 when absent */
	size_t n_columns;     /* the header's */
	size_t record_fields; /* the last record's */
	bool unterminated;    /* a quoted field ran to the end of the text */
	bool in_header;
};

enum csv_table_open_status {
	CSV_TABLE_OK = 0,
	CSV_TABLE_EMPTY = -1,          /* no header line at all */
	CSV_TABLE_MISSING_COLUMN = -2, /* a required name is not in the header (t->line) */
};

/* Read the header and find NAMES (matched without regard to case; the first n_required are
 * required, at most CSV_TABLE_MAX_WANTED). Blank lines and "#TYPE" lines before it are
 * skipped; a header whose quote never closes is CSV_TABLE_EMPTY with t->unterminated. */
enum csv_table_open_status csv_table_open(struct csv_table *t, const char *text, size_t len,
					  const char *const *names, size_t n_names,
					  size_t n_required);

/* The next record's wanted fields into out[i] (capacity lens[i]; cut to fit; "" for an optional
 * column the record is too short for). 1: a record (t->line is its first line); 0: no more;
 * -1: the record is too short for a required column (t->line); -2: a quoted field never
 * closes (t->line). Blank lines between records are skipped. */
int csv_table_next(struct csv_table *t, char *const *out, const size_t *lens);

#endif
