/* One field of a CSV line as PowerShell's ConvertTo-Csv / Export-Csv write it (RFC 4180
 * quoting: "" inside quotes is one quote), for the Windows captures' CSV files. */
#ifndef KENSA_CSV_FIELD_H
#define KENSA_CSV_FIELD_H
#include <stddef.h>

/* Copies the field starting at P (the line ends at END) into BUF, truncated to LEN; returns the
 * position after its separator, or NULL when it was the line's last field. */
const char *csv_field(const char *p, const char *end, char *buf, size_t len);

#endif
