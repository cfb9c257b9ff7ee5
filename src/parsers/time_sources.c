/* chrony and ntpd configuration lines: "directive args...", comments introduced by '#', and for
 * chrony also '%', ';' and '!' (conf.c CNF_ParseLine); directive names are case-insensitive. */
#include "time_sources.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ts_config_init(struct ts_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
}

void ts_config_free(struct ts_config *cfg)
{
	for (size_t i = 0; i < cfg->n_sources; i++) {
		free(cfg->sources[i].directive);
		free(cfg->sources[i].address);
	}
	for (size_t i = 0; i < cfg->n_issues; i++)
		free(cfg->issues[i].why);
	for (size_t i = 0; i < cfg->n_files && i < TS_MAX_FILES; i++)
		free(cfg->files[i]);
	free(cfg->sources);
	free(cfg->issues);
	free(cfg->files);
	memset(cfg, 0, sizeof *cfg);
}

void ts_config_issue(struct ts_config *cfg, const char *file, unsigned line, const char *why)
{
	parse_issue_add(&cfg->issues, &cfg->n_issues, &cfg->cap_issues, file, line, why);
}

size_t ts_config_real_sources(const struct ts_config *cfg)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->n_sources; i++)
		n += !cfg->sources[i].local_clock;
	return n;
}

static void add_source(struct ts_config *cfg, const char *directive, const char *address,
		       const char *file, unsigned line, bool local)
{
	XGROW(cfg->sources, cfg->n_sources, cfg->cap_sources, cfg->n_sources + 1);
	struct ts_source *s = &cfg->sources[cfg->n_sources++];
	s->directive = xstrdup(directive);
	s->address = xstrdup(address);
	s->file = file;
	s->line = line;
	s->local_clock = local;
}

#define MAX_ARGS 16

void ts_config_parse(struct ts_config *cfg, enum ts_format format, const char *file,
		     const char *buf, size_t len, ts_include_fn include, void *ud)
{
	char *fname = PARSE_ADD_FILE(cfg, TS_MAX_FILES, file);
	if (!fname)
		return;
	size_t pos = 0;
	unsigned lineno = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		char *line = xstrndup(start, n);
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		bool comment = *s == '#' || (format != TS_NTP && (*s == '%' || *s == ';' || *s == '!'));
		if (!*s || comment) {
			free(line);
			continue;
		}
		if (format == TS_NTP) { /* ntpd: '#' anywhere starts a comment */
			char *h = strchr(s, '#');
			if (h)
				*h = '\0';
		}
		char *args[MAX_ARGS];
		size_t nargs = 0;
		char *save = NULL;
		for (char *w = strtok_r(s, " \t\r", &save); w && nargs < MAX_ARGS;
		     w = strtok_r(NULL, " \t\r", &save))
			args[nargs++] = w;
		if (nargs == 0) {
			free(line);
			continue;
		}
		const char *d = args[0];
		bool source = strcasecmp(d, "server") == 0 || strcasecmp(d, "pool") == 0 ||
			      strcasecmp(d, "peer") == 0;
		if (format != TS_CHRONY_SOURCES && strcasecmp(d, "refclock") == 0)
			source = true;
		if (source) {
			if (nargs < 2) {
				char why[128];
				snprintf(why, sizeof why, "%s without an address: ignored", d);
				ts_config_issue(cfg, fname, lineno, why);
			} else {
				bool local = format == TS_NTP && strncmp(args[1], "127.127.1.", 10) == 0;
				char lower[16];
				snprintf(lower, sizeof lower, "%s", d);
				for (char *c = lower; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				add_source(cfg, lower, args[1], fname, lineno, local);
			}
		} else if (format == TS_CHRONY_SOURCES) {
			char why[160];
			snprintf(why, sizeof why, "'%s' is not allowed in a .sources file: ignored", d);
			ts_config_issue(cfg, fname, lineno, why);
		} else if (format == TS_CHRONY && strcasecmp(d, "local") == 0) {
			cfg->has_local_stratum = true;
		} else if (format == TS_NTP && strcasecmp(d, "fudge") == 0 && nargs > 1 &&
			   strncmp(args[1], "127.127.1.", 10) == 0) {
			cfg->has_local_stratum = true;
		} else if (include && (format == TS_CHRONY || format == TS_NTP)) {
			enum ts_include_kind kind;
			bool inc = true;
			if (format == TS_CHRONY && strcasecmp(d, "confdir") == 0)
				kind = TS_INC_CONFDIR;
			else if (format == TS_CHRONY && strcasecmp(d, "sourcedir") == 0)
				kind = TS_INC_SOURCEDIR;
			else if ((format == TS_CHRONY && strcasecmp(d, "include") == 0) ||
				 (format == TS_NTP && strcasecmp(d, "includefile") == 0))
				kind = TS_INC_INCLUDE;
			else
				inc = false;
			if (inc) {
				if (nargs < 2) {
					ts_config_issue(cfg, fname, lineno, "directive without a path");
				} else if (cfg->depth >= TS_MAX_NESTING) {
					ts_config_issue(cfg, fname, lineno, "include nesting too deep");
				} else {
					cfg->depth++;
					include(ud, cfg, kind, args + 1, nargs - 1, fname, lineno);
					cfg->depth--;
				}
			}
		}
		free(line);
	}
}
