/* pam_faillock settings, mirroring Linux-PAM's modules/pam_faillock/faillock_config.c. */
#include "faillock_conf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/xalloc.h"

static void setting(struct faillock_setting *s, unsigned long v, const char *origin)
{
	s->value = v;
	s->set = true;
	snprintf(s->origin, sizeof s->origin, "%s", origin);
}

void faillock_opts_default(struct faillock_opts *o)
{
	memset(o, 0, sizeof *o);
	o->deny.value = 3;
	o->fail_interval.value = 900;
	o->unlock_time.value = 600;
	o->root_unlock_time.value = FAILLOCK_MAX_TIME_INTERVAL + 1; /* "same as unlock_time" */
	const char *d = "default";
	snprintf(o->deny.origin, sizeof o->deny.origin, "%s", d);
	snprintf(o->fail_interval.origin, sizeof o->fail_interval.origin, "%s", d);
	snprintf(o->unlock_time.origin, sizeof o->unlock_time.origin, "%s", d);
	snprintf(o->root_unlock_time.origin, sizeof o->root_unlock_time.origin, "%s", d);
	snprintf(o->even_deny_root.origin, sizeof o->even_deny_root.origin, "%s", d);
	snprintf(o->local_users_only.origin, sizeof o->local_users_only.origin, "%s", d);
	snprintf(o->silent.origin, sizeof o->silent.origin, "%s", d);
}

static void problem(struct faillock_opts *o, const char *origin, const char *name, bool unknown)
{
	if (o->n_problems >= sizeof o->problems / sizeof o->problems[0])
		return;
	struct faillock_problem *p = &o->problems[o->n_problems++];
	snprintf(p->origin, sizeof p->origin, "%s", origin);
	snprintf(p->name, sizeof p->name, "%s", name);
	p->unknown = unknown;
}

/* sscanf("%u") / ("%hu"): optional blanks and sign, then digits; anything may follow. The
 * value is reduced to the target type's width (mask) as the C library's conversion does; a
 * number too large for 32 bits saturates, which puts it out of every range the module accepts. */
static bool scan_unsigned(const char *v, unsigned long mask, unsigned long *out)
{
	while (isspace((unsigned char)*v))
		v++;
	bool neg = false;
	if (*v == '+' || *v == '-')
		neg = *v++ == '-';
	if (!isdigit((unsigned char)*v))
		return false;
	unsigned long long n = 0;
	for (; isdigit((unsigned char)*v); v++)
		if ((n = n * 10 + (unsigned)(*v - '0')) > 0xffffffffull)
			n = 0xffffffffull;
	if (neg)
		n = (0x100000000ull - n) & 0xffffffffull;
	*out = (unsigned long)(n & mask);
	return true;
}

static void set_time(struct faillock_opts *o, struct faillock_setting *s, const char *name,
		     const char *value, const char *origin, bool never_ok)
{
	unsigned long t;
	if (never_ok && strcmp(value, "never") == 0)
		setting(s, 0, origin);
	else if (!scan_unsigned(value, 0xffffffffu, &t) || t > FAILLOCK_MAX_TIME_INTERVAL)
		problem(o, origin, name, false);
	else
		setting(s, t, origin);
}

void faillock_opt_set(struct faillock_opts *o, const char *name, const char *value,
		      const char *origin)
{
	unsigned long v;
	if (strcmp(name, "deny") == 0) {
		if (scan_unsigned(value, 0xffff, &v))
			setting(&o->deny, v, origin);
		else
			problem(o, origin, name, false);
	} else if (strcmp(name, "fail_interval") == 0) {
		set_time(o, &o->fail_interval, name, value, origin, false);
	} else if (strcmp(name, "unlock_time") == 0) {
		set_time(o, &o->unlock_time, name, value, origin, true);
	} else if (strcmp(name, "root_unlock_time") == 0) {
		set_time(o, &o->root_unlock_time, name, value, origin, true);
	} else if (strcmp(name, "even_deny_root") == 0) {
		setting(&o->even_deny_root, 1, origin);
	} else if (strcmp(name, "local_users_only") == 0) {
		setting(&o->local_users_only, 1, origin);
	} else if (strcmp(name, "silent") == 0) {
		setting(&o->silent, 1, origin);
	} else if (strcmp(name, "dir") == 0 || strcmp(name, "audit") == 0 ||
		   strcmp(name, "no_log_info") == 0 || strcmp(name, "nodelay") == 0 ||
		   strcmp(name, "admin_group") == 0) {
		/* known, and irrelevant to whether and how long an account locks */
	} else {
		problem(o, origin, name, true);
	}
}

#define CONF_MAX_LINELEN 1023 /* FAILLOCK_CONF_MAX_LINELEN of the fgets reader */

bool faillock_conf_parse(const char *buf, size_t len, const char *file, struct faillock_opts *o)
{
	size_t pos = 0;
	unsigned lineno = 0;
	bool ok = true;
	while (pos < len) {
		size_t e = pos;
		while (e < len && buf[e] != '\n')
			e++;
		lineno++;
		size_t n = e - pos;
		if (n > CONF_MAX_LINELEN) {
			/* 1.4-1.6 read with fgets(1024): a longer line fails the whole file; 1.7
			 * reads any length. Report it; the caller decides by version. */
			ok = false;
		}
		char *line = xstrndup(buf + pos, n);
		pos = e + (e < len);
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		size_t l = strlen(line);
		while (l && isspace((unsigned char)line[l - 1]))
			line[--l] = '\0';
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p) {
			free(line);
			continue;
		}
		char *name = p;
		bool eq = false;
		while (*p) {
			if (isspace((unsigned char)*p) || *p == '=') {
				eq = *p == '=';
				*p++ = '\0';
				break;
			}
			p++;
		}
		while (*p) {
			if (*p != '=' || eq) {
				if (!isspace((unsigned char)*p))
					break;
			} else {
				eq = true;
			}
			p++;
		}
		char origin[192];
		snprintf(origin, sizeof origin, "%s:%u", file, lineno);
		faillock_opt_set(o, name, p, origin);
		free(line);
	}
	return ok;
}

bool faillock_arg_apply(struct faillock_opts *o, const char *arg, const char *origin)
{
	if (strcmp(arg, "preauth") == 0 || strcmp(arg, "authfail") == 0 ||
	    strcmp(arg, "authsucc") == 0 || strncmp(arg, "conf=", 5) == 0)
		return false;
	const char *eq = strchr(arg, '=');
	char name[64];
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, arg, n);
	name[n] = '\0';
	faillock_opt_set(o, name, eq ? eq + 1 : "", origin);
	return true;
}
