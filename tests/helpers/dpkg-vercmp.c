/* Test helper: kensa's dpkg version order (src/parsers/dpkg_version.c) on the command line, so
 * tests can hold it against dpkg --compare-versions.
 *   dpkg-vercmp          stdin "A B" per line -> "<", "=", ">" or "error" per line
 *   dpkg-vercmp --sort   stdin one version per line -> the versions in kensa's order, each
 *                        line "REL VERSION" where REL relates it to the line before ("<" or
 *                        "="; "-" on the first line); a version that does not parse: exit 1 */
#include "parsers/dpkg_version.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char *text;
	struct dpkg_version v;
};

static int by_version(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return dpkg_version_compare(&x->v, &y->v);
}

static int sort_mode(void)
{
	struct item *items = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			items = realloc(items, cap * sizeof *items);
			if (!items)
				return 1;
		}
		const char *why;
		if (dpkg_version_parse(line, &items[n].v, &why) < 0) {
			fprintf(stderr, "dpkg-vercmp: %s: %s\n", line, why);
			return 1;
		}
		items[n++].text = strdup(line);
	}
	qsort(items, n, sizeof *items, by_version);
	for (size_t i = 0; i < n; i++) {
		const char *rel = i == 0 ? "-" : by_version(&items[i - 1], &items[i]) < 0 ? "<" : "=";
		printf("%s %s\n", rel, items[i].text);
	}
	for (size_t i = 0; i < n; i++) {
		free(items[i].text);
		dpkg_version_free(&items[i].v);
	}
	free(items);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--sort") == 0)
		return sort_mode();
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *sp = strchr(line, ' ');
		if (!sp) {
			puts("error");
			continue;
		}
		*sp = '\0';
		int ok;
		int c = dpkg_version_compare_text(line, sp + 1, &ok);
		puts(!ok ? "error" : c < 0 ? "<" : c > 0 ? ">" : "=");
	}
	return 0;
}
