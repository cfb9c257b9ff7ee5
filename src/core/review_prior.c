/* The previous report's facts for logs.review (see review_prior.h). */
#include "review_prior.h"
#include "civil_date.h"
#include "xalloc.h"
#include <stdlib.h>
#include <string.h>

static bool num(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + s[i] - '0';
	}
	*out = v;
	return true;
}

int review_prior_parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se, oh, om;
	if (strlen(s) != 25 || !num(s, 4, &y) || s[4] != '-' || !num(s + 5, 2, &mo) ||
	    s[7] != '-' || !num(s + 8, 2, &d) || s[10] != 'T' || !num(s + 11, 2, &h) ||
	    s[13] != ':' || !num(s + 14, 2, &mi) || s[16] != ':' || !num(s + 17, 2, &se) ||
	    (s[19] != '+' && s[19] != '-') || !num(s + 20, 2, &oh) || s[22] != ':' ||
	    !num(s + 23, 2, &om) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60 || oh > 14 || om > 59)
		return -1;
	int off = (oh * 3600 + om * 60) * (s[19] == '-' ? -1 : 1);
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
	return 0;
}

void review_prior_add_sources(struct review_prior *p, const char *list)
{
	p->has_sources = true;
	const char *s = list;
	while (*s) {
		s += strspn(s, " ");
		size_t n = strcspn(s, " ");
		if (!n)
			break;
		bool skip = (n == 1 && s[0] == '-') || (n == 3 && memcmp(s, "...", 3) == 0);
		if (!skip && p->n_sources < REVIEW_PRIOR_MAX_SOURCES) {
			p->sources = xreallocarray(p->sources, p->n_sources + 1, sizeof *p->sources);
			p->sources[p->n_sources++] = xstrndup(s, n);
		}
		s += n;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void review_prior_finish(struct review_prior *p)
{
	if (p->n_sources)
		qsort(p->sources, p->n_sources, sizeof *p->sources, cmp_str);
}

bool review_prior_knows_source(const struct review_prior *p, const char *source)
{
	return p->n_sources &&
	       bsearch(&source, p->sources, p->n_sources, sizeof *p->sources, cmp_str) != NULL;
}

void review_prior_free(struct review_prior *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_sources; i++)
		free(p->sources[i]);
	free(p->sources);
	free(p);
}
