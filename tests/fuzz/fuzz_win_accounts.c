/* libFuzzer harness: Windows account listings (src/parsers/win_accounts.c): Get-LocalUser CSV,
 * `net user` and `net user NAME`, as a vendor's capture or the live programs deliver them. */
#include "parsers/win_accounts.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* winsource hands the parsers its decoded UTF-8 text NUL-terminated; so does this */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char why[256];
	struct win_user *users = NULL;
	size_t n = 0;
	if (localuser_csv_parse(text, size, &users, &n, why, sizeof why)) {
		for (size_t i = 0; i < n; i++)
			if (strnlen(users[i].name, sizeof users[i].name) == sizeof users[i].name ||
			    strnlen(users[i].sid, sizeof users[i].sid) == sizeof users[i].sid)
				abort();
	} else if (strnlen(why, sizeof why) == sizeof why) {
		abort();
	}
	free(users);
	char **names = NULL;
	n = 0;
	if (net_user_list_parse(text, size, &names, &n, why, sizeof why))
		for (size_t i = 0; i < n; i++)
			if (!names[i])
				abort();
	win_names_free(names, n);
	struct win_user u;
	memset(&u, 0, sizeof u);
	struct win_locale loc = { (enum win_date_order)(size % 4), { .known = size % 3 != 0,
								     .bias = -540 } };
	(void)net_user_detail_parse(text, size, "Administrator", &loc, &u, why, sizeof why);
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	int64_t epoch;
	(void)win_date_parse(s, &epoch);
	(void)win_never_word(s);
	free(s);
	free(text);
	return 0;
}
