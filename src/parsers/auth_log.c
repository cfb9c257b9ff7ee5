/* Events from authentication log lines (see auth_log.h). The messages are those of Debian 12/13
 * and RHEL 9: OpenSSH's sshd (sshd-session since OpenSSH 9.8), pam_unix, sudo, and the shadow
 * suite's useradd/usermod/userdel/groupadd/groupmod/groupdel/gpasswd/chage. */
#include "auth_log.h"
#include "../core/civil_date.h"
#include <string.h>

#define LINE_MAX_COPY 2048 /* a longer line is read up to here: the fields we need come first */

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool valid_clock(int mon, int day, int h, int mi, int s)
{
	return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

/* "2026-12-03T04:32:31[.ffffff](Z|+HH:MM) " -> *t; returns the length read, 0 when not one. */
static size_t parse_rfc3339(const char *s, int64_t *t)
{
	int y, mo, d, h, mi, se;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se) ||
	    !valid_clock(mo, d, h, mi, se))
		return 0;
	size_t i = 19;
	if (s[i] == '.') {
		i++;
		size_t start = i;
		while (s[i] >= '0' && s[i] <= '9' && i - start < 12)
			i++;
		if (i == start)
			return 0;
	}
	int off = 0;
	if (s[i] == 'Z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int oh, om;
		if (!digits(s + i + 1, 2, &oh) || s[i + 3] != ':' || !digits(s + i + 4, 2, &om) ||
		    oh > 14 || om > 59)
			return 0;
		off = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return 0;
	}
	if (s[i] != ' ')
		return 0;
	*t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
	return i + 1;
}

/* "Dec  3 04:32:31 " -> *t placed by the clock; returns the length read, 0 when not one. */
static size_t parse_bsd(const char *s, const struct auth_log_clock *clock, int64_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int mon = 0;
	for (int m = 0; m < 12; m++)
		if (memcmp(s, months + 3 * m, 3) == 0) {
			mon = m + 1;
			break;
		}
	if (!mon || s[3] != ' ')
		return 0;
	int day, h, mi, se;
	if (s[4] == ' ') {
		if (!digits(s + 5, 1, &day))
			return 0;
	} else if (!digits(s + 4, 2, &day)) {
		return 0;
	}
	if (s[6] != ' ' || !digits(s + 7, 2, &h) || s[9] != ':' || !digits(s + 10, 2, &mi) ||
	    s[12] != ':' || !digits(s + 13, 2, &se) || s[15] != ' ' ||
	    !valid_clock(mon, day, h, mi, se))
		return 0;
	/* the year: the reference's local year, or the one before when that puts the line more than
	 * a day after the reference (December's lines read in January) */
	int64_t ref_local = clock->ref + clock->utc_offset;
	int64_t ref_days = ref_local >= 0 ? ref_local / 86400 : (ref_local - 86399) / 86400;
	/* civil year of ref_days (Howard Hinnant's algorithm, inverse of days_from_civil) */
	int64_t z = ref_days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned rm = mp < 10 ? mp + 3 : mp - 9;
	int64_t year = (int64_t)yoe + era * 400 + (rm <= 2);
	for (int tries = 0; tries < 2; tries++, year--) {
		int64_t local = days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 +
				h * 3600 + mi * 60 + se;
		*t = local - clock->utc_offset;
		if (*t <= clock->ref + 86400)
			break;
	}
	return 16;
}

/* Copy at most dst_len-1 bytes of [s, s+n) into dst. */
static void copy_field(char *dst, size_t dst_len, const char *s, size_t n)
{
	if (n >= dst_len)
		n = dst_len - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The word at s (up to a space or end) into dst; returns the position after it. */
static const char *copy_word(char *dst, size_t dst_len, const char *s)
{
	size_t n = strcspn(s, " ");
	copy_field(dst, dst_len, s, n);
	return s + n;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The last occurrence of needle in [s, end). */
static const char *find_last(const char *s, const char *end, const char *needle)
{
	size_t nl = strlen(needle);
	const char *found = NULL;
	for (const char *p = s; (p = strstr(p, needle)) && p + nl <= end; p++)
		found = p;
	return found;
}

/* "NAME from HOST port N..." (NAME may hold spaces: an attacker's invalid user): user and
 * source. */
static bool user_from_host(const char *s, struct auth_event *ev)
{
	const char *end = s + strlen(s);
	const char *port = find_last(s, end, " port ");
	if (!port)
		port = end;
	const char *from = find_last(s, port, " from ");
	if (!from)
		return false;
	copy_field(ev->user, sizeof ev->user, s, (size_t)(from - s));
	from += 6;
	copy_field(ev->source, sizeof ev->source, from, (size_t)(port - from));
	return ev->user[0] != '\0';
}

/* sshd's keyboard-interactive through PAM: "error: PAM: Authentication failure for [illegal user
 * ]NAME from HOST" (the words before " for " are pam_strerror's), one per answer PAM refused. */
static void parse_sshd_pam_error(const char *m, struct auth_event *ev)
{
	if (starts(m, "pam_"))
		return; /* "pam_open_session(): ...", "pam_setcred(): ...": not an attempt */
	const char *end = m + strlen(m);
	const char *from = find_last(m, end, " from ");
	if (!from || from[6] == '\0' || strchr(from + 6, ' '))
		return;
	const char *for_ = find_last(m, from, " for ");
	if (!for_ || for_ == m)
		return;
	const char *user = for_ + 5;
	if (starts(user, "illegal user ")) {
		user += 13;
		ev->invalid_user = true;
	}
	copy_field(ev->user, sizeof ev->user, user, (size_t)(from - user));
	copy_field(ev->source, sizeof ev->source, from + 6, (size_t)(end - (from + 6)));
	copy_field(ev->method, sizeof ev->method, "keyboard-interactive/pam", 24);
	if (ev->user[0])
		ev->kind = AUTH_EV_FAILED;
}

static void parse_sshd(const char *m, struct auth_event *ev)
{
	if (starts(m, "error: PAM: ")) {
		parse_sshd_pam_error(m + 12, ev);
	} else if (starts(m, "Failed ") || starts(m, "Accepted ")) {
		bool ok = m[0] == 'A';
		const char *p = m + (ok ? 9 : 7);
		p = copy_word(ev->method, sizeof ev->method, p);
		/* a refused keyboard-interactive/pam answer is logged "error: PAM: ..." each time
		 * and "Failed keyboard-interactive/pam" only from MaxAuthTries / 2 tries on (and
		 * always for an unknown account): the first counts it */
		if (!ok && strcmp(ev->method, "keyboard-interactive/pam") == 0)
			return;
		if (!starts(p, " for "))
			return;
		p += 5;
		/* a real sshd (OpenSSH 9.2, 10.0) writes one "Invalid user NAME from HOST port N"
		 * when the connection names an unknown account, then one "Failed password for
		 * invalid user NAME ..." per password tried: each is an attempt */
		if (starts(p, "invalid user ")) {
			p += 13;
			ev->invalid_user = true;
		}
		if (user_from_host(p, ev))
			ev->kind = ok ? AUTH_EV_ACCEPTED : AUTH_EV_FAILED;
	} else if (starts(m, "Invalid user ")) {
		if (user_from_host(m + 13, ev))
			ev->kind = AUTH_EV_INVALID_USER;
	}
}

/* The value of "key=" in a pam_unix message, up to the next space. */
static void pam_field(const char *m, const char *key, char *dst, size_t dst_len)
{
	size_t kl = strlen(key);
	for (const char *p = m; (p = strstr(p, key)); p++)
		if (p == m || p[-1] == ' ' || p[-1] == ';') {
			copy_word(dst, dst_len, p + kl);
			return;
		}
	dst[0] = '\0';
}

/* "NAME(uid=N)" or "NAME" into dst. */
static const char *copy_account(char *dst, size_t dst_len, const char *s)
{
	size_t n = strcspn(s, " (");
	copy_field(dst, dst_len, s, n);
	return s + n;
}

static bool is_local_login_service(const char *svc)
{
	static const char *const services[] = { "login", "gdm-password", "gdm-autologin",
						"lightdm", "lightdm-autologin", "sddm", "xdm",
						"kdm", "remote" };
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (strcmp(svc, services[i]) == 0)
			return true;
	return false;
}

static void parse_pam_unix(const char *m, struct auth_event *ev)
{
	/* pam_unix(SERVICE:TYPE): ... */
	const char *svc = m + 9;
	size_t sl = strcspn(svc, ":)");
	if (svc[sl] != ':')
		return;
	copy_field(ev->service, sizeof ev->service, svc, sl);
	const char *type = svc + sl + 1;
	const char *msg = strstr(type, "): ");
	if (!msg)
		return;
	msg += 3;
	if (starts(type, "auth)") && starts(msg, "authentication failure;")) {
		/* sshd's own "Failed"/"Invalid user" lines count its failures */
		if (strcmp(ev->service, "sshd") == 0)
			return;
		pam_field(msg, "user=", ev->user, sizeof ev->user);
		pam_field(msg, "rhost=", ev->source, sizeof ev->source);
		if (!ev->source[0])
			pam_field(msg, "tty=", ev->source, sizeof ev->source);
		if (!ev->user[0])
			pam_field(msg, "ruser=", ev->user, sizeof ev->user);
		ev->kind = AUTH_EV_FAILED;
	} else if (starts(type, "session)") && starts(msg, "session opened for user ")) {
		const char *p = copy_account(ev->user, sizeof ev->user, msg + 24);
		while (*p && *p != ' ')
			p++;
		if (starts(p, " by "))
			copy_account(ev->actor, sizeof ev->actor, p + 4);
		if (is_local_login_service(ev->service))
			ev->kind = AUTH_EV_LOGIN;
		else if (strcmp(ev->service, "su") == 0 || strcmp(ev->service, "su-l") == 0)
			ev->kind = AUTH_EV_SU;
	} else if (starts(type, "chauthtok)") && starts(msg, "password changed for ")) {
		copy_word(ev->user, sizeof ev->user, msg + 21);
		ev->kind = AUTH_EV_ACCOUNT;
		ev->action = AUTH_ACCT_PASSWORD_CHANGED;
	}
}

/* sudo: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update" */
static void parse_sudo(const char *m, struct auth_event *ev)
{
	while (*m == ' ')
		m++;
	const char *sep = strstr(m, " : ");
	if (!sep || sep == m)
		return;
	copy_field(ev->user, sizeof ev->user, m, (size_t)(sep - m));
	const char *rest = sep + 3;
	const char *cmd = strstr(rest, "COMMAND=");
	if (!cmd)
		return;
	if (strstr(rest, "incorrect password attempt"))
		return; /* pam_unix(sudo:auth) counted each failure */
	pam_field(rest, "USER=", ev->actor, sizeof ev->actor);
	/* only the program, never its arguments (they may hold a password) */
	copy_word(ev->method, sizeof ev->method, cmd + 8);
	size_t ml = strlen(ev->method);
	if (ml && ev->method[ml - 1] == ';')
		ev->method[ml - 1] = '\0';
	if (strstr(rest, "NOT in sudoers") || strstr(rest, "command not allowed") ||
	    strstr(rest, "NOT authorized"))
		ev->kind = AUTH_EV_SUDO_DENIED;
	else
		ev->kind = AUTH_EV_SUDO;
	/* who ran it and as whom: user stays the invoker, actor the target account */
}

/* 'NAME' at s: the name into dst; the position after the closing quote, or NULL. */
static const char *quoted(const char *s, char *dst, size_t dst_len)
{
	if (*s != '\'')
		return NULL;
	const char *end = strchr(s + 1, '\'');
	if (!end)
		return NULL;
	copy_field(dst, dst_len, s + 1, (size_t)(end - s - 1));
	return end + 1;
}

/* "name=bob, ..." at s: bob. */
static bool name_field(const char *s, char *dst, size_t dst_len)
{
	const char *p = strstr(s, "name=");
	if (!p)
		return false;
	p += 5;
	copy_field(dst, dst_len, p, strcspn(p, ", "));
	return dst[0] != '\0';
}

static void account(struct auth_event *ev, enum auth_account_action a)
{
	ev->kind = AUTH_EV_ACCOUNT;
	ev->action = a;
}

static void parse_shadow_tool(const char *m, struct auth_event *ev)
{
	const char *p;
	if (starts(m, "new user: ")) {
		if (name_field(m, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_USER_ADDED);
	} else if (starts(m, "new group: ")) {
		if (name_field(m, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_GROUP_ADDED);
	} else if (starts(m, "add '") || starts(m, "delete '")) {
		/* "add 'bob' to group 'sudo'", "delete 'bob' from group 'sudo'"; the "shadow group"
		 * twin of each line is the same change */
		bool add = m[0] == 'a';
		p = quoted(m + (add ? 4 : 7), ev->user, sizeof ev->user);
		const char *to = add ? " to group " : " from group ";
		if (p && starts(p, to) && quoted(p + strlen(to), ev->actor, sizeof ev->actor))
			account(ev, add ? AUTH_ACCT_MEMBER_ADDED : AUTH_ACCT_MEMBER_REMOVED);
	} else if (starts(m, "delete user '")) {
		if (quoted(m + 12, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_USER_DELETED);
	} else if (starts(m, "removed group '")) {
		if (quoted(m + 14, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_GROUP_DELETED);
	} else if (starts(m, "change user name '")) {
		if (quoted(m + 17, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_USER_CHANGED);
	} else if (starts(m, "change user '") || starts(m, "lock user '") ||
		   starts(m, "unlock user '")) {
		if (quoted(strchr(m, '\''), ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_USER_CHANGED);
	} else if (starts(m, "changed password expiry for ")) {
		copy_word(ev->user, sizeof ev->user, m + 28);
		if (ev->user[0])
			account(ev, AUTH_ACCT_USER_CHANGED);
	} else if (starts(m, "group changed in /etc/group (group ")) {
		p = m + 35;
		copy_field(ev->user, sizeof ev->user, p, strcspn(p, "/,)"));
		if (ev->user[0])
			account(ev, AUTH_ACCT_GROUP_CHANGED);
	} else if (starts(m, "group '") && strstr(m, "' removed from /etc/group")) {
		if (quoted(m + 6, ev->user, sizeof ev->user))
			account(ev, AUTH_ACCT_GROUP_DELETED);
	} else if (starts(m, "user ") && (p = strstr(m + 5, " added by ")) != NULL) {
		/* gpasswd: "user bob added by root to group sudo" */
		copy_field(ev->user, sizeof ev->user, m + 5, (size_t)(p - (m + 5)));
		const char *g = strstr(p, " to group ");
		if (g && ev->user[0]) {
			copy_word(ev->actor, sizeof ev->actor, g + 10);
			account(ev, AUTH_ACCT_MEMBER_ADDED);
		}
	} else if (starts(m, "user ") && (p = strstr(m + 5, " removed by ")) != NULL) {
		copy_field(ev->user, sizeof ev->user, m + 5, (size_t)(p - (m + 5)));
		const char *g = strstr(p, " from group ");
		if (g && ev->user[0]) {
			copy_word(ev->actor, sizeof ev->actor, g + 12);
			account(ev, AUTH_ACCT_MEMBER_REMOVED);
		}
	}
}

static bool program_is(const char *prog, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(prog, names[i]) == 0)
			return true;
	return false;
}

void auth_log_classify(const char *m, struct auth_event *out)
{
	static const char *const sshd[] = { "sshd", "sshd-session", "sshd-auth" };
	static const char *const shadow_tools[] = { "useradd", "usermod", "userdel", "groupadd",
						    "groupmod", "groupdel", "gpasswd", "chage" };
	if (starts(m, "pam_unix(")) {
		parse_pam_unix(m, out);
	} else if (program_is(out->program, sshd, 3)) {
		parse_sshd(m, out);
	} else if (strcmp(out->program, "sudo") == 0) {
		parse_sudo(m, out);
	} else if (program_is(out->program, shadow_tools, 8)) {
		parse_shadow_tool(m, out);
	}
	if (out->kind == AUTH_EV_NONE) {
		out->user[0] = out->actor[0] = out->source[0] = out->method[0] = '\0';
		out->action = AUTH_ACCT_NONE;
		out->invalid_user = false;
	}
}

bool auth_log_parse_line(const char *line, size_t len, const struct auth_log_clock *clock,
			 struct auth_event *out)
{
	memset(out, 0, sizeof *out);
	char buf[LINE_MAX_COPY];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0' || buf[i] == '\r' || buf[i] == '\t')
			buf[i] = ' ';
	/* room for the fixed-width fields the timestamp parsers look at past the end */
	if (len < 40)
		memset(buf + len, '\0', sizeof buf - len > 48 ? 48 : sizeof buf - len);

	size_t n = parse_rfc3339(buf, &out->time);
	if (!n)
		n = parse_bsd(buf, clock, &out->time);
	if (!n)
		return false;
	const char *p = buf + n;
	/* the host name, then "program[pid]: " or "program: " */
	p += strcspn(p, " ");
	if (*p != ' ')
		return true;
	p++;
	size_t pl = strcspn(p, "[: ");
	copy_field(out->program, sizeof out->program, p, pl);
	p += pl;
	if (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			return true;
		long pid = 0;
		for (const char *d = p + 1; d < close && *d >= '0' && *d <= '9' && pid < 100000000; d++)
			pid = pid * 10 + (*d - '0');
		out->pid = pid;
		p = close + 1;
	}
	if (p[0] != ':' || p[1] != ' ')
		return true;
	const char *m = p + 2;

	auth_log_classify(m, out);
	return true;
}
