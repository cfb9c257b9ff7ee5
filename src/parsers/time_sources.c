/* chrony and ntpd configuration lines: "directive args...", comments introduced by '#', and for
 * chrony also '%', ';' and '!' (conf.c CNF_ParseLine); directive names are case-insensitive. */
#include "time_sources.h"
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
	/* the same problem met again through another include path is reported once; a bound on
	 * hostile configurations */
	for (size_t k = 0; k < cfg->n_issues; k++)
		if (cfg->issues[k].line == line && strcmp(cfg->issues[k].why, why) == 0 &&
		    (cfg->issues[k].file == file ||
		     (cfg->issues[k].file && file && strcmp(cfg->issues[k].file, file) == 0)))
			return;
	if (cfg->n_issues > 100)
		return;
	if (cfg->n_issues == 100)
		why = "more problems found, not listed";
	XGROW(cfg->issues, cfg->n_issues, cfg->cap_issues, cfg->n_issues + 1);
	cfg->issues[cfg->n_issues].file = file;
	cfg->issues[cfg->n_issues].line = line;
	cfg->issues[cfg->n_issues].why = xstrdup(why);
	cfg->n_issues++;
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
	if (cfg->n_files >= TS_MAX_FILES) {
		if (cfg->n_files == TS_MAX_FILES)
			ts_config_issue(cfg, cfg->files[0], 0,
					"more than 512 configuration files: the rest are not read");
		cfg->n_files++;
		return;
	}
	XGROW(cfg->files, cfg->n_files, cfg->cap_files, cfg->n_files + 1);
	char *fname = xstrdup(file);
	cfg->files[cfg->n_files++] = fname;
	size_t pos = 0;
	unsigned lineno = 0;
	while (pos < len) {
		const char *start = buf + pos;
		const char *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl ? 1 : 0);
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
