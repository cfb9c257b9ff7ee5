/* apt source lists (see apt_sources.h), parsed as apt-pkg/sourcelist.cc reads them. */
#include "apt_sources.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void problem(struct apt_sources *s, unsigned line, const char *why)
{
	s->problems = xreallocarray(s->problems, s->n_problems + 1, sizeof *s->problems);
	s->problems[s->n_problems].line = line;
	s->problems[s->n_problems].why = why;
	s->n_problems++;
}

static void push(char ***arr, size_t *n, const char *v, size_t len)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = xstrndup(v, len);
}

static void free_list(char **arr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(arr[i]);
	free(arr);
}

static char *with_slash(const char *uri, size_t len)
{
	char *u = xmalloc(len + 2);
	memcpy(u, uri, len);
	u[len] = '\0';
	if (!len || u[len - 1] != '/') {
		u[len] = '/';
		u[len + 1] = '\0';
	}
	return u;
}

/* Splits a value at commas (one-line options) or white space (deb822). */
static void split_into(char ***arr, size_t *n, const char *v, size_t len, const char *seps)
{
	const char *end = v + len;
	while (v < end) {
		while (v < end && strchr(seps, *v))
			v++;
		const char *s = v;
		while (v < end && !strchr(seps, *v))
			v++;
		if (v > s)
			push(arr, n, s, (size_t)(v - s));
	}
}

static struct apt_source *add(struct apt_sources *out)
{
	out->src = xreallocarray(out->src, out->n + 1, sizeof *out->src);
	struct apt_source *s = &out->src[out->n++];
	memset(s, 0, sizeof *s);
	return s;
}

/* ---- one-line ----------------------------------------------------------------------------- */

/* deb [ opt=v,v opt2=v ] uri suite [component...] */
static void parse_one_line(char *l, unsigned lineno, struct apt_sources *out)
{
	char *p = l + strspn(l, " \t");
	size_t k = strcspn(p, " \t[");
	if (!k)
		return;
	bool deb = k == 3 && strncmp(p, "deb", 3) == 0;
	bool debsrc = k == 7 && strncmp(p, "deb-src", 7) == 0;
	if (!deb && !debsrc) {
		problem(out, lineno, "not a deb or deb-src line");
		return;
	}
	p += k;
	p += strspn(p, " \t");
	char **archs = NULL;
	size_t n_archs = 0;
	if (*p == '[') {
		char *close = strchr(p, ']');
		if (!close) {
			problem(out, lineno, "option list without ']'");
			return;
		}
		*close = '\0';
		char *o = p + 1;
		while (*o) {
			o += strspn(o, " \t");
			size_t ol = strcspn(o, " \t");
			if (!ol)
				break;
			char save = o[ol];
			o[ol] = '\0';
			char *eq = strchr(o, '=');
			/* arch=a,b sets the list; arch+= / arch-= modify the default, which kensa
			 * cannot widen safely: treat arch+=/-= as the default list */
			if (eq && (size_t)(eq - o) == 4 && strncmp(o, "arch", 4) == 0) {
				free_list(archs, n_archs);
				archs = NULL;
				n_archs = 0;
				split_into(&archs, &n_archs, eq + 1, strlen(eq + 1), ",");
			}
			o[ol] = save;
			o += ol;
		}
		p = close + 1;
	}
	char *words[64];
	size_t nw = 0;
	while (*p && nw < 64) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		words[nw++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	if (nw < 2) {
		problem(out, lineno, "a deb line needs a URI and a suite");
		free_list(archs, n_archs);
		return;
	}
	size_t sl = strlen(words[1]);
	bool flat = words[1][sl - 1] == '/';
	if (!flat && nw < 3) {
		problem(out, lineno, "a deb line with a suite needs at least one component");
		free_list(archs, n_archs);
		return;
	}
	if (debsrc) {
		free_list(archs, n_archs);
		return;
	}
	struct apt_source *s = add(out);
	s->uri = with_slash(words[0], strlen(words[0]));
	s->suite = xstrdup(words[1]);
	s->line = lineno;
	s->archs = archs;
	s->n_archs = n_archs;
	if (!flat)
		for (size_t i = 2; i < nw; i++)
			push(&s->components, &s->n_components, words[i], strlen(words[i]));
}

static void each_line(const char *buf, size_t len,
		      void (*fn)(char *line, unsigned lineno, void *arg, bool *stop), void *arg)
{
	size_t pos = 0;
	unsigned lineno = 0;
	bool stop = false;
	while (pos < len && !stop) {
		const char *l = buf + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		char *copy = xstrndup(l, n);
		fn(copy, lineno, arg, &stop);
		free(copy);
	}
}

static void one_line_cb(char *line, unsigned lineno, void *arg, bool *stop)
{
	(void)stop;
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	size_t n = strlen(line);
	while (n && strchr(" \t\r", line[n - 1]))
		line[--n] = '\0';
	if (memchr(line, '\0', n) != NULL)
		return;
	parse_one_line(line, lineno, arg);
}

void apt_sources_parse_list(const char *buf, size_t len, struct apt_sources *out)
{
	each_line(buf, len, one_line_cb, out);
}

/* ---- deb822 ------------------------------------------------------------------------------- */

struct d822 {
	struct apt_sources *out;
	char **types, **uris, **suites, **comps, **archs;
	size_t n_types, n_uris, n_suites, n_comps, n_archs;
	char ***cur;     /* the multi-value field continuation lines extend */
	size_t *cur_n;
	bool enabled, any;
	unsigned line;
};

static void d822_clear(struct d822 *d)
{
	free_list(d->types, d->n_types);
	free_list(d->uris, d->n_uris);
	free_list(d->suites, d->n_suites);
	free_list(d->comps, d->n_comps);
	free_list(d->archs, d->n_archs);
	struct apt_sources *out = d->out;
	memset(d, 0, sizeof *d);
	d->out = out;
	d->enabled = true;
}

static void d822_end(struct d822 *d)
{
	if (!d->any)
		goto done;
	bool deb = false;
	for (size_t i = 0; i < d->n_types; i++)
		deb |= strcmp(d->types[i], "deb") == 0;
	if (!d->enabled) {
		d->out->disabled++;
		goto done;
	}
	if (!d->n_types || !d->n_uris || !d->n_suites) {
		problem(d->out, d->line, "stanza without Types, URIs or Suites");
		goto done;
	}
	if (!deb)
		goto done;
	for (size_t u = 0; u < d->n_uris; u++)
		for (size_t su = 0; su < d->n_suites; su++) {
			const char *suite = d->suites[su];
			bool flat = suite[strlen(suite) - 1] == '/';
			if (!flat && !d->n_comps) {
				problem(d->out, d->line, "a suite needs Components");
				continue;
			}
			struct apt_source *s = add(d->out);
			s->uri = with_slash(d->uris[u], strlen(d->uris[u]));
			s->suite = xstrdup(suite);
			s->line = d->line;
			if (!flat)
				for (size_t c = 0; c < d->n_comps; c++)
					push(&s->components, &s->n_components, d->comps[c],
					     strlen(d->comps[c]));
			for (size_t a = 0; a < d->n_archs; a++)
				push(&s->archs, &s->n_archs, d->archs[a], strlen(d->archs[a]));
		}
done:
	d822_clear(d);
}

static void d822_cb(char *line, unsigned lineno, void *arg, bool *stop)
{
	(void)stop;
	struct d822 *d = arg;
	size_t n = strlen(line);
	while (n && strchr(" \t\r", line[n - 1]))
		line[--n] = '\0';
	if (line[0] == '#')
		return; /* apt's deb822 parser drops comment lines */
	if (!n) {
		d822_end(d);
		return;
	}
	if (line[0] == ' ' || line[0] == '\t') {
		if (d->cur)
			split_into(d->cur, d->cur_n, line, n, " \t");
		return;
	}
	char *colon = strchr(line, ':');
	if (!colon) {
		problem(d->out, lineno, "line is not 'Field: value'");
		return;
	}
	if (!d->any) {
		d->any = true;
		d->line = lineno;
	}
	*colon = '\0';
	char *v = colon + 1;
	size_t vn = strlen(v);
	char ***arr = NULL;
	size_t *cnt = NULL;
	if (strcasecmp(line, "Types") == 0) {
		arr = &d->types;
		cnt = &d->n_types;
	} else if (strcasecmp(line, "URIs") == 0) {
		arr = &d->uris;
		cnt = &d->n_uris;
	} else if (strcasecmp(line, "Suites") == 0) {
		arr = &d->suites;
		cnt = &d->n_suites;
	} else if (strcasecmp(line, "Components") == 0) {
		arr = &d->comps;
		cnt = &d->n_comps;
	} else if (strcasecmp(line, "Architectures") == 0) {
		arr = &d->archs;
		cnt = &d->n_archs;
	} else if (strcasecmp(line, "Enabled") == 0) {
		while (*v == ' ' || *v == '\t')
			v++;
		d->enabled = strcasecmp(v, "no") != 0;
	}
	if (arr) {
		free_list(*arr, *cnt);
		*arr = NULL;
		*cnt = 0;
		split_into(arr, cnt, v, vn, " \t");
	}
	d->cur = arr;
	d->cur_n = cnt;
}

void apt_sources_parse_deb822(const char *buf, size_t len, struct apt_sources *out)
{
	struct d822 d;
	memset(&d, 0, sizeof d);
	d.out = out;
	d.enabled = true;
	each_line(buf, len, d822_cb, &d);
	d822_end(&d);
}

void apt_sources_free(struct apt_sources *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->src[i].uri);
		free(s->src[i].suite);
		free_list(s->src[i].components, s->src[i].n_components);
		free_list(s->src[i].archs, s->src[i].n_archs);
	}
	free(s->src);
	free(s->problems);
	memset(s, 0, sizeof *s);
}

/* ---- list file names ---------------------------------------------------------------------- */

static void put_quoted(char **out, size_t *n, size_t *cap, const char *s, size_t len)
{
	static const char bad[] = "\\|{}[]<>\"^~_=!@#$%^&*";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		XGROW(*out, *n, *cap, *n + 4);
		if (strchr(bad, c) || c <= 0x20 || c >= 0x7f) {
			snprintf(*out + *n, 4, "%%%02x", c);
			*n += 3;
		} else {
			(*out)[(*n)++] = (char)(c == '/' ? '_' : c);
		}
	}
}

char *apt_uri_to_filename(const char *uri)
{
	/* URI::CopyFrom: scheme up to the first ':', "//host" up to the next '/', user:pass@
	 * dropped, [] around an IPv6 host removed, the port kept when not 0. */
	const char *colon = strchr(uri, ':');
	const char *rest = colon ? colon + 1 : uri;
	char *out = NULL;
	size_t n = 0, cap = 0;
	const char *path = rest;
	if (colon && rest[0] == '/' && rest[1] == '/') {
		const char *h = rest + 2;
		const char *slash = h;
		bool bracket = false;
		while (*slash && (*slash != '/' || bracket)) {
			if (*slash == '[')
				bracket = true;
			else if (*slash == ']')
				bracket = false;
			slash++;
		}
		const char *at = NULL;
		for (const char *q = h; q < slash; q++)
			if (*q == '@')
				at = q;
		if (at)
			h = at + 1;
		char host[512];
		size_t hn = 0, port_end = 0;
		for (const char *q = h; q < slash && hn < sizeof host - 1; q++) {
			if (*q == '[')
				continue;
			if (*q == ']') {
				port_end = hn;
				continue;
			}
			host[hn++] = *q;
		}
		host[hn] = '\0';
		char *pc = strrchr(host, ':');
		char portbuf[16] = "";
		if (pc && (size_t)(pc - host) >= port_end) {
			int port = atoi(pc + 1);
			*pc = '\0';
			if (port)
				snprintf(portbuf, sizeof portbuf, ":%d", port);
		}
		put_quoted(&out, &n, &cap, host, strlen(host));
		/* the port's ':' is not in apt's quoting set */
		for (const char *q = portbuf; *q; q++) {
			XGROW(out, n, cap, n + 1);
			out[n++] = *q;
		}
		path = slash;
	}
	if (!*path) {
		XGROW(out, n, cap, n + 1);
		out[n++] = '_';
	} else {
		if (*path != '/') {
			XGROW(out, n, cap, n + 1);
			out[n++] = '_';
		}
		put_quoted(&out, &n, &cap, path, strlen(path));
	}
	XGROW(out, n, cap, n + 1);
	out[n] = '\0';
	return out;
}

static char *joined_uri(const struct apt_source *s, const char *tail)
{
	size_t n = strlen(s->uri) + strlen(s->suite) + strlen(tail) + 16;
	char *u = xmalloc(n);
	size_t sl = strlen(s->suite);
	if (s->suite[sl - 1] == '/')
		snprintf(u, n, "%s%s%s", s->uri, s->suite, tail);
	else
		snprintf(u, n, "%sdists/%s/%s", s->uri, s->suite, tail);
	char *f = apt_uri_to_filename(u);
	free(u);
	return f;
}

char *apt_packages_filename(const struct apt_source *s, const char *component, const char *arch)
{
	size_t sl = strlen(s->suite);
	if (s->suite[sl - 1] == '/')
		return joined_uri(s, "Packages");
	size_t n = strlen(component) + strlen(arch) + 32;
	char *tail = xmalloc(n);
	snprintf(tail, n, "%s/binary-%s/Packages", component, arch);
	char *f = joined_uri(s, tail);
	free(tail);
	return f;
}

char *apt_release_filename(const struct apt_source *s, bool inrelease)
{
	return joined_uri(s, inrelease ? "InRelease" : "Release");
}
