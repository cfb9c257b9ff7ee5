/* kensa --version's description of the build: how it is linked and which data it carries. */
#include "config.h"
#include "build.h"
#include "build_info.h"
#include "checklist.h"
#include "embedded_data.h"
#include "mo_reader.h"
#include "profile.h"
#include "../parsers/journal_payload.h"
#include <string.h>
#if HAVE_SQLITE3
#include <sqlite3.h>
#endif

static void describe_profiles(FILE *out)
{
	const char *dir = "profiles/";
	size_t dl = strlen(dir);
	fputs("built-in profiles:", out);
	const char *sep = " ";
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t n = strlen(f->name);
		if (strncmp(f->name, dir, dl) || strchr(f->name + dl, '/') || n < dl + 5 ||
		    strcmp(f->name + n - 4, ".ini"))
			continue;
		/* a profile is an INI that loads as one (the reasons files are data, not profiles) */
		char path[256], err[512];
		snprintf(path, sizeof path, "%s%s", EMBEDDED_PREFIX, f->name);
		struct profile *p;
		if (profile_load(path, &p, err, sizeof err) != 0)
			continue;
		fprintf(out, "%s%s", sep, profile_name(p));
		sep = ", ";
		profile_free(p);
	}
	fputc('\n', out);
}

static void describe_editions(FILE *out)
{
	const char *dir = "profiles/checklists/";
	size_t dl = strlen(dir);
	fputs("built-in checklist editions:", out);
	const char *sep = " ";
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, dir, dl))
			continue;
		char path[256], err[512];
		snprintf(path, sizeof path, "%s%s", EMBEDDED_PREFIX, f->name);
		struct checklist *c;
		if (checklist_load(path, &c, err, sizeof err) != 0) {
			fprintf(out, "%s%s (does not load: %s)", sep, f->name + dl, err);
		} else {
			fprintf(out, "%s%s (%s)", sep, c->id, c->published);
			checklist_free(c);
		}
		sep = ", ";
	}
	fputc('\n', out);
}

void build_describe(FILE *out)
{
	fprintf(out, "build: %s\n", kensa_static_build
		? "static (self-contained: profiles, checklist editions and catalogue built in)"
		: "dynamic (data from the install prefix, else built in)");
#if HAVE_SQLITE3
	fprintf(out, "lastlog2.db: read with SQLite %s\n", sqlite3_libversion());
#else
	fputs("lastlog2.db: not supported (built without SQLite)\n", out);
#endif
	/* which compressed journal fields logs.review reads (journal_payload.h) */
	static const int codecs[] = { JOURNAL_COMPRESSED_XZ, JOURNAL_COMPRESSED_LZ4,
				      JOURNAL_COMPRESSED_ZSTD };
	const char *sep = " ";
	fputs("compressed journal fields:", out);
	for (size_t i = 0; i < sizeof codecs / sizeof *codecs; i++) {
		fprintf(out, "%s%s%s", sep, journal_payload_codec_name(codecs[i]),
			journal_payload_supported(codecs[i]) ? "" : " (not supported)");
		sep = ", ";
	}
	fputc('\n', out);
	describe_profiles(out);
	describe_editions(out);
	fputs("built-in data files:", out);
	sep = " ";
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		fprintf(out, "%s%s", sep, f->name);
		sep = ", ";
	}
	fputc('\n', out);
	fputs("built-in catalogues:", out);
	sep = " ";
	for (const struct embedded_file *c = embedded_catalogs; c->name; c++) {
		fprintf(out, "%s%s%s", sep, c->name, mo_valid(c->data, c->len) ? "" : " (damaged)");
		sep = ", ";
	}
	fputc('\n', out);
}
