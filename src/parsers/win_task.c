/* Task Scheduler XML (see win_task.h): a linear scan for the few elements read, without a
 * general XML parser — Task Scheduler writes these files itself, one element per line, and
 * anything else is skipped, never trusted for more than text to show. */
#include "win_task.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The text of the first <tag>...</tag> at or after p (before end), entities decoded and control
 * bytes replaced, into buf; returns the position after the closing tag, or NULL. */
static const char *element_text(const char *p, const char *end, const char *tag, char *buf,
				size_t len)
{
	char open[48], close[48];
	snprintf(open, sizeof open, "<%s>", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	size_t ol = strlen(open), cl = strlen(close);
	for (const char *s = p; s + ol <= end; s++) {
		if (memcmp(s, open, ol))
			continue;
		const char *t = s + ol;
		for (const char *e = t; e + cl <= end; e++) {
			if (memcmp(e, close, cl))
				continue;
			size_t n = 0;
			for (const char *c = t; c < e && n + 1 < len; c++) {
				static const struct {
					const char *ent;
					char ch;
				} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
					     { "&quot;", '"' }, { "&apos;", '\'' } };
				bool done = false;
				for (size_t k = 0; k < 5 && !done; k++) {
					size_t el = strlen(ents[k].ent);
					if ((size_t)(e - c) >= el && !memcmp(c, ents[k].ent, el)) {
						buf[n++] = ents[k].ch;
						c += el - 1;
						done = true;
					}
				}
				if (!done)
					buf[n++] = (unsigned char)*c < 0x20 ? ' ' : *c;
			}
			buf[n] = '\0';
			return e + cl;
		}
		return NULL;
	}
	return NULL;
}

static const char *find(const char *p, const char *end, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *s = p; s + nl <= end; s++)
		if (!memcmp(s, needle, nl))
			return s;
	return NULL;
}

void win_task_parse(const char *xml, size_t len, struct win_task *out)
{
	memset(out, 0, sizeof *out);
	out->enabled = true;
	const char *end = xml + len;
	const char *settings = find(xml, end, "<Settings>");
	char text[512];
	if (settings) {
		const char *send = find(settings, end, "</Settings>");
		if (element_text(settings, send ? send : end, "Enabled", text, sizeof text))
			out->enabled = strcasecmp(text, "false") != 0;
	}
	static const char *const trigger_names[] = {
		"CalendarTrigger", "TimeTrigger", "BootTrigger", "LogonTrigger", "IdleTrigger",
		"EventTrigger", "RegistrationTrigger", "SessionStateChangeTrigger", NULL,
	};
	const char *triggers = find(xml, end, "<Triggers>");
	const char *tend = triggers ? find(triggers, end, "</Triggers>") : NULL;
	for (size_t i = 0; triggers && trigger_names[i]; i++) {
		char open[40];
		snprintf(open, sizeof open, "<%s", trigger_names[i]);
		if (!find(triggers, tend ? tend : end, open))
			continue;
		size_t used = strlen(out->triggers);
		snprintf(out->triggers + used, sizeof out->triggers - used, "%s%s",
			 used ? ", " : "", trigger_names[i]);
	}
	const char *p = xml;
	while (out->n_exec < WIN_TASK_MAX_EXEC && (p = find(p, end, "<Exec>"))) {
		const char *eend = find(p, end, "</Exec>");
		if (!eend)
			break;
		char cmd[256] = "", args[256] = "";
		element_text(p, eend, "Command", cmd, sizeof cmd);
		element_text(p, eend, "Arguments", args, sizeof args);
		if (cmd[0])
			snprintf(out->exec[out->n_exec++], sizeof out->exec[0], "%s%s%s", cmd,
				 args[0] ? " " : "", args);
		p = eend;
	}
}
