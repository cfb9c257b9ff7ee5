/* apt's downloaded indexes under /var/lib/apt/lists: Packages files (deb822 stanzas, tens of MB,
 * so parsed as a stream: fed in chunks, one callback per stanza with only the fields kensa
 * needs) and Release/InRelease files (the first stanza: Suite, Codename, Label, Date, ...). */
#ifndef KENSA_APT_LISTS_H
#define KENSA_APT_LISTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Packages (streaming) ------------------------------------------------------------------- */

/* One stanza's fields; the strings live until the callback returns. */
struct apt_stanza {
	const char *package, *version, *arch; /* "" when the field is absent */
	unsigned line;                        /* line of the stanza's first field */
};

typedef void (*apt_stanza_fn)(const struct apt_stanza *s, void *arg);

#define APT_FIELD_MAX 512 /* Package/Version/Architecture values longer than this are malformed */

struct apt_packages_parser {
	apt_stanza_fn fn;
	void *arg;
	/* the line being assembled across chunks (only its first APT_FIELD_MAX+32 bytes matter) */
	char line[APT_FIELD_MAX + 64];
	size_t line_len;
	bool line_long;   /* more bytes than line[] holds */
	bool line_any;    /* any byte seen on this line */
	unsigned lineno;
	/* the current stanza */
	char package[APT_FIELD_MAX + 1], version[APT_FIELD_MAX + 1], arch[APT_FIELD_MAX + 1];
	unsigned stanza_line;
	bool in_stanza;
	/* counts */
	size_t stanzas;
	size_t malformed; /* stanzas without Package or Version, or with an over-long field */
	unsigned first_malformed_line;
};

void apt_packages_init(struct apt_packages_parser *p, apt_stanza_fn fn, void *arg);
void apt_packages_feed(struct apt_packages_parser *p, const char *data, size_t len);
/* Ends the last line and stanza. */
void apt_packages_finish(struct apt_packages_parser *p);

/* ---- Release / InRelease ------------------------------------------------------------------- */

struct apt_release {
	char suite[128], codename[128], label[128], origin[128];
	char date[128];           /* the Date: field as written */
	int64_t date_day;         /* days since 1970-01-01 of Date:, -1 when absent or unparsable */
	bool not_automatic, but_automatic_upgrades;
	bool found;               /* any field read */
};

/* Reads the first stanza, skipping an OpenPGP clear-signed header (InRelease). */
void apt_release_parse(const char *buf, size_t len, struct apt_release *out);
/* The archive is a security archive: Suite or Codename ends in "-security", or the Label is
 * Debian-Security. */
bool apt_release_is_security(const struct apt_release *r);
/* "Sat, 09 Nov 2024 10:43:33 UTC" -> days since the epoch (UTC); -1 when not such a date. */
int64_t apt_parse_date_day(const char *s);

#endif
