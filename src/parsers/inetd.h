/* Internet super-server configuration: /etc/inetd.conf (openbsd-inetd, inetutils-inetd) and
 * xinetd's /etc/xinetd.conf and the files of /etc/xinetd.d (xinetd.conf(5)). */
#ifndef KENSA_INETD_H
#define KENSA_INETD_H
#include <stdbool.h>
#include <stddef.h>

/* One uncommented inetd.conf service line:
 * service socket-type protocol wait|nowait[.max] user[:group] server-program [arguments]. */
struct inetd_entry {
	char service[128]; /* without a "host:" prefix; RPC "name/version" kept as written */
	char socket_type[16];
	char protocol[16];
	char server[256];  /* server program, "internal" for built-ins */
	char args[256];    /* the first argument (the real daemon behind tcpd), or "" */
	unsigned line;
};

struct inetd_conf {
	struct inetd_entry *entries;
	size_t n;
	unsigned n_bad, first_bad_line; /* lines inetd would reject (too few fields) */
};

/* '#' starts a comment (update-inetd disables with "#<off>#"); a line "address:" alone sets
 * the default listen address of the lines after it (openbsd-inetd), and is not a service. */
void inetd_conf_parse(const char *buf, size_t len, struct inetd_conf *out);
void inetd_conf_free(struct inetd_conf *c);

struct xinetd_service {
	char name[128];
	char id[128];   /* the "id" attribute; the name when unset */
	int disable;    /* 1 "disable = yes" or flags DISABLE, 0 "disable = no", -1 absent */
	unsigned line;  /* of "service NAME" */
	unsigned disable_line;
	size_t file;    /* index of the xinetd_parse() call that read it (0 = first file) */
};

struct xinetd_conf {
	struct xinetd_service *services;
	size_t n;
	/* From a "defaults" block: service ids disabled, or (when has_enabled) the only ones
	 * enabled. Space-separated ids, cumulative. */
	char **disabled;
	size_t n_disabled;
	char **enabled;
	size_t n_enabled;
	bool has_enabled;
	/* "includedir DIR" lines, in order. */
	char **includedirs;
	size_t n_includedirs;
	size_t n_files; /* xinetd_parse() calls so far */
	/* Lines xinetd would reject, in the file parsed last (reset by each call). */
	unsigned n_bad, first_bad_line;
	const char *first_bad_why;
};

/* Parse one xinetd file into conf (accumulating, so defaults from xinetd.conf and services
 * from xinetd.d/ files can share one struct). */
void xinetd_parse(const char *buf, size_t len, struct xinetd_conf *conf);
void xinetd_conf_free(struct xinetd_conf *c);
/* Would xinetd start this service (its own disable attribute, then defaults)? When the
 * attribute is absent the service is enabled: xinetd's default. */
bool xinetd_service_enabled(const struct xinetd_conf *c, const struct xinetd_service *s);
/* includedir skips names containing '.' or ending in '~' (xinetd.conf(5)). */
bool xinetd_includedir_name_ok(const char *name);

#endif
