/* sudoers(5) as sudo 1.9 reads it, reduced to what decides who can become root: aliases
 * (User_Alias, Runas_Alias, Host_Alias, Cmnd_Alias), user specifications with their run-as
 * lists, tags (NOPASSWD/PASSWD carry over to later commands of the same entry) and negations,
 * Defaults authenticate / !authenticate (global and Defaults:USER), and the include directives
 * (@include, @includedir and their old '#' spellings), which the caller resolves. Lines are
 * joined at a trailing backslash; '#' starts a comment except in "#include", "#includedir" and
 * a "#UID" item. Pure: text in, entries out. */
#ifndef KENSA_SUDOERS_H
#define KENSA_SUDOERS_H
#include <stdbool.h>
#include <stddef.h>

/* A list item: "!"-negated or not; text is a name, %group, %#gid, #uid, ALL or an alias. */
struct sudoers_item {
	char *text;
	bool negated;
};

struct sudoers_list {
	struct sudoers_item *items;
	size_t n;
};

enum sudoers_alias_kind { SUDOERS_USER_ALIAS, SUDOERS_RUNAS_ALIAS, SUDOERS_HOST_ALIAS,
			  SUDOERS_CMND_ALIAS };

struct sudoers_alias {
	enum sudoers_alias_kind kind;
	char *name;
	struct sudoers_list members;
	unsigned line;
};

/* One command of a user specification, with what applies to it. */
struct sudoers_rule {
	struct sudoers_list users, hosts;
	struct sudoers_list runas_users; /* n == 0 and !runas_given: root (sudo's default) */
	bool runas_given;                /* a "(...)" was written (it may name only a group) */
	struct sudoers_item cmnd;        /* "ALL", a path with arguments, or a Cmnd_Alias */
	bool nopasswd;
	unsigned line;
	unsigned seq;  /* order of the entry in the file (includes share the numbering) */
};

struct sudoers_default {
	char *binding;  /* NULL: global; else the text after "Defaults:" (a user list), or
			 * "@host", ">runas", "!cmnd" prefixed */
	bool authenticate; /* the value given to authenticate */
	unsigned line;
	unsigned seq;
};

enum sudoers_include_kind { SUDOERS_INCLUDE, SUDOERS_INCLUDEDIR };

struct sudoers_include {
	enum sudoers_include_kind kind;
	char *path;
	unsigned line;
	unsigned seq;
};

struct sudoers_problem {
	unsigned line;
	const char *why; /* static English text */
};

/* The entries of one file in order; includes are listed, not followed. */
struct sudoers_file {
	struct sudoers_alias *aliases;
	size_t n_aliases;
	struct sudoers_rule *rules;
	size_t n_rules;
	struct sudoers_default *defaults;
	size_t n_defaults;
	struct sudoers_include *includes;
	size_t n_includes;
	struct sudoers_problem *problems;
	size_t n_problems;
};

void sudoers_parse(const char *buf, size_t len, struct sudoers_file *out);
void sudoers_file_free(struct sudoers_file *f);

/* sudo's rule for files in an includedir: skipped when the name ends in '~' or contains '.'. */
bool sudoers_includedir_name_ok(const char *name);

#endif
