/* Security Center's anti-virus products as `Get-CimInstance -Namespace root/SecurityCenter2
 * -ClassName AntiVirusProduct | Select-Object displayName,productState,timestamp |
 * ConvertTo-Csv -NoTypeInformation` writes them (RFC 4180 quoting; a "#TYPE" line from older
 * PowerShell is skipped). Pure: text in, products out.
 *
 * productState is a DWORD Microsoft does not document; the layout every inventory tool uses:
 * bits 12-15 the scanner state (1 = on, 0 = off, 2 = snoozed, 3 = expired), bits 4-7 the
 * signature state (0 = up to date, 1 = out of date), bits 16-23 the provider (security center
 * product type). E.g. 397568 (0x061100): Defender on and up to date; 393472 (0x060100): off. */
#ifndef KENSA_PARSERS_WIN_AVPRODUCT_H
#define KENSA_PARSERS_WIN_AVPRODUCT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct av_product {
	char name[128];
	uint32_t state;
	char timestamp[64];
	unsigned line;
};

#define AV_PRODUCTS_MAX 32

/* Parses the CSV; false with why when there is no header with displayName and productState or a
 * row is malformed. At most AV_PRODUCTS_MAX products are kept (*n), the rest counted in
 * *dropped. */
bool av_products_parse(const char *text, size_t len, struct av_product *out, size_t *n,
		       size_t *dropped, char *why, size_t whylen);
/* The scanner is on (bits 12-15 == 1). */
bool av_product_enabled(uint32_t state);
/* Its signatures are out of date (bits 4-7 != 0). */
bool av_product_outdated(uint32_t state);

#endif
