/* libFuzzer harness: apt's files (src/parsers/apt_*.c) and dpkg versions (dpkg_version.c): the
 * Packages stream fed in two chunks split at the first byte's value, Release, sources in both
 * formats with their list file names, apt.conf, and version parsing/ordering of each line. */
#include "parsers/apt_conf.h"
#include "parsers/apt_lists.h"
#include "parsers/apt_sources.h"
#include "parsers/dpkg_version.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void on_stanza(const struct apt_stanza *s, void *arg)
{
	(void)arg;
	if (!s->package[0] || !s->version[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct apt_packages_parser p;
	apt_packages_init(&p, on_stanza, NULL);
	size_t cut = size ? data[0] % (size + 1) : 0;
	apt_packages_feed(&p, buf, cut);
	apt_packages_feed(&p, buf + cut, size - cut);
	apt_packages_finish(&p);
	struct apt_release rel;
	apt_release_parse(buf, size, &rel);
	struct apt_sources s = { 0 };
	apt_sources_parse_list(buf, size, &s);
	apt_sources_parse_deb822(buf, size, &s);
	for (size_t i = 0; i < s.n; i++) {
		char *f = apt_packages_filename(&s.src[i], s.src[i].n_components
						? s.src[i].components[0] : "", "amd64");
		free(f);
		f = apt_release_filename(&s.src[i], true);
		free(f);
	}
	apt_sources_free(&s);
	char v[64];
	unsigned line;
	(void)apt_conf_lookup(buf, size, "APT::Periodic::Unattended-Upgrade", v, sizeof v, &line);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		int ok;
		int a = dpkg_version_compare_text(text, nl + 1, &ok);
		int b = dpkg_version_compare_text(nl + 1, text, &ok);
		if (ok && ((a < 0) != (b > 0) || (a == 0) != (b == 0)))
			abort(); /* the order must be antisymmetric */
	}
	free(text);
	return 0;
}
