/* One line of a syslog authentication log (Debian's /var/log/auth.log, RHEL's /var/log/secure)
 * into an event: who, from where, when, and what kind — never the whole line. Pure: no I/O, no
 * allocation; the caller streams the lines. Both the traditional BSD timestamp ("Dec  3
 * 04:32:31", no year, local time) and rsyslog's RFC 3339 one (Debian 13's default,
 * "2026-12-03T04:32:31.123456+09:00") are read. */
#ifndef KENSA_AUTH_LOG_H
#define KENSA_AUTH_LOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum auth_event_kind {
	AUTH_EV_NONE,           /* a line of no interest (or not a syslog line) */
	AUTH_EV_FAILED,         /* a failed authentication (sshd "Failed ...", pam_unix, sudo) */
	AUTH_EV_INVALID_USER,   /* sshd "Invalid user NAME from HOST": a connection for an unknown
				 * account (logged once, before its first attempt) */
	AUTH_EV_ACCEPTED,       /* sshd "Accepted METHOD for NAME from HOST" */
	AUTH_EV_LOGIN,          /* a local session opened by login or a display manager */
	AUTH_EV_SU,             /* su to another account (user = target, actor = who) */
	AUTH_EV_SUDO,           /* sudo ran a command (user = who, target = as whom) */
	AUTH_EV_SUDO_DENIED,    /* sudo refused: not in sudoers / not allowed */
	AUTH_EV_ACCOUNT,        /* an account or group created, changed or removed */
};

enum auth_account_action {
	AUTH_ACCT_NONE,
	AUTH_ACCT_USER_ADDED,
	AUTH_ACCT_USER_CHANGED,
	AUTH_ACCT_USER_DELETED,
	AUTH_ACCT_GROUP_ADDED,
	AUTH_ACCT_GROUP_CHANGED,
	AUTH_ACCT_GROUP_DELETED,
	AUTH_ACCT_MEMBER_ADDED,   /* user added to a group (usermod -aG, gpasswd -a) */
	AUTH_ACCT_MEMBER_REMOVED,
	AUTH_ACCT_PASSWORD_CHANGED,
};

#define AUTH_NAME_MAX 64

struct auth_event {
	enum auth_event_kind kind;
	enum auth_account_action action; /* AUTH_EV_ACCOUNT */
	int64_t time;                    /* seconds since the epoch (UTC) */
	char program[32];                /* "sshd", "sudo", "useradd", ... */
	char service[32];                /* the PAM service of a pam_unix line ("login", "su") */
	char user[AUTH_NAME_MAX];        /* the account the event is about */
	char actor[AUTH_NAME_MAX];       /* su/sudo: who; account changes: the group */
	char source[AUTH_NAME_MAX];      /* remote address or host, or the tty; "" when none */
	char method[32];                 /* sshd: "password", "publickey"; sudo: the command path */
	long pid;                        /* the syslog tag's [PID] (the journal: its PID); 0: none */
	bool invalid_user;               /* AUTH_EV_FAILED: sshd "Failed METHOD for invalid user
					  * NAME", one attempt of a connection whose "Invalid user"
					  * line came first (the caller pairs them: see logs.review) */
};

/* How to place a traditional timestamp, which has neither year nor zone: the UTC offset the
 * host logs in (seconds east) and a moment the line is not later than (the audit's "now"): the
 * year is the one that puts the line at or before ref + 1 day. */
struct auth_log_clock {
	int utc_offset;
	int64_t ref;
};

/* Parse one line (without its newline; len bytes, NUL bytes allowed). Returns true when the line
 * is a syslog line whose timestamp was read (out->kind may still be AUTH_EV_NONE), false when it
 * is not a syslog line at all (counted by the caller as unparsed). */
bool auth_log_parse_line(const char *line, size_t len, const struct auth_log_clock *clock,
			 struct auth_event *out);

/* The event of one message whose out->program (the syslog tag or the journal's
 * SYSLOG_IDENTIFIER) and out->time the caller has set; the rest of *out is filled. */
void auth_log_classify(const char *message, struct auth_event *out);

#endif
