/* systemd unit files (systemd.unit(5)): unit names, and the [Install] section that
 * `systemctl enable` and `systemctl is-enabled` read. */
#ifndef KENSA_UNIT_FILE_H
#define KENSA_UNIT_FILE_H
#include <stdbool.h>
#include <stddef.h>

struct unit_name_list {
	char **items;
	size_t n;
};

struct unit_install {
	struct unit_name_list alias, wanted_by, required_by, upheld_by, also;
	char *default_instance; /* NULL when unset */
	/* Lines systemd would ignore with a warning ("Missing '='", assignment outside a section). */
	unsigned n_bad;
	unsigned first_bad_line;
	const char *first_bad_why; /* static English text */
};

/* Parse a unit file as systemd's config_parse() does: "#" and ";" comments, [Section] headers,
 * Key=Value with a trailing backslash continuing the line (comment lines inside a continuation
 * are skipped), whitespace-separated and quoted words in list values, an empty value resetting
 * the list. Only [Install] is kept. Never fails: malformed lines are counted. */
void unit_file_parse_install(const char *buf, size_t len, struct unit_install *out);
void unit_install_free(struct unit_install *u);
/* Any [Install] rule that `systemctl enable` would turn into a symlink. */
bool unit_install_has_rules(const struct unit_install *u);

/* "name.service": a valid unit name with a known type suffix (unit_name_is_valid, ANY). */
bool unit_name_valid(const char *name);
/* "getty@.service" */
bool unit_name_is_template(const char *name);
/* "getty@tty1.service" */
bool unit_name_is_instance(const char *name);
/* The template of an instance ("getty@tty1.service" -> "getty@.service"); false if none. */
bool unit_name_template(const char *name, char *out, size_t outlen);
/* "avahi-daemon.service" -> "avahi-daemon"; "getty@tty1.service" -> "getty" (prefix). */
void unit_name_prefix(const char *name, char *out, size_t outlen);
/* Pointer to the ".service" suffix, or NULL when the name has no known unit type suffix. */
const char *unit_name_suffix(const char *name);

#endif
