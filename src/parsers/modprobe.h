/* modprobe.d(5) configuration and the depmod indexes (modules.dep, modules.builtin), parsed the
 * way libkmod reads them: pure functions over buffers, no file access. */
#ifndef KENSA_PARSERS_MODPROBE_H
#define KENSA_PARSERS_MODPROBE_H
#include <stdbool.h>
#include <stddef.h>

/* The directory search order of libkmod (kmod_config_new: default_config_paths), highest
 * priority first. A file name found in an earlier directory hides the same name in later ones. */
extern const char *const modprobe_config_dirs[];
extern const size_t modprobe_config_dir_count;

enum modprobe_command {
	MODPROBE_ALIAS,
	MODPROBE_BLACKLIST,
	MODPROBE_OPTIONS,
	MODPROBE_INSTALL,
	MODPROBE_REMOVE,
	MODPROBE_SOFTDEP,
	MODPROBE_WEAKDEP,
};

struct modprobe_directive {
	enum modprobe_command command;
	char *module;   /* dashes turned into underscores, as libkmod's underscores() does */
	char *argument; /* alias: module name; options/install/remove/softdep: the rest; else NULL */
	unsigned line;  /* physical line the logical line starts on */
};

struct modprobe_bad_line {
	unsigned line;
	char *why; /* English, short: "unknown command 'foo'", "no module name" */
};

struct modprobe_file {
	char *path;
	struct modprobe_directive *directives;
	size_t n, cap;
	struct modprobe_bad_line *bad;
	size_t n_bad, cap_bad;
};

/* libkmod's underscores(): '-' becomes '_' except inside a [...] glob range. Returns false (and
 * leaves s partly converted) for an unbalanced bracket, which libkmod rejects as a bad line. */
bool modprobe_underscores(char *s);

/* Parse one modprobe.d file as libkmod's kmod_config_parse does: logical lines joined by a
 * backslash-newline, a backslash before any other character dropped, '#' comments only in the
 * first column, text after a NUL byte ignored up to the end of the line, fields split on blanks
 * only (a trailing CR stays part of the last field, as it does for kmod). `path` is copied. */
void modprobe_parse(const char *data, size_t len, const char *path, struct modprobe_file *out);
void modprobe_file_free(struct modprobe_file *f);

/* The files libkmod reads: `*.conf` not starting with '.', the first directory holding a name
 * wins, and the survivors are read sorted by name (strcmp). Add directories in priority order. */
struct modprobe_conf_entry {
	char *name;
	size_t dir; /* index into the caller's directory list */
};
struct modprobe_conf_list {
	struct modprobe_conf_entry *entries;
	size_t n, cap;
};
bool modprobe_conf_name_ok(const char *name);
/* Returns false when the name is not a config file or is hidden by an earlier directory. */
bool modprobe_conf_list_add(struct modprobe_conf_list *l, size_t dir, const char *name);
void modprobe_conf_list_sort(struct modprobe_conf_list *l);
void modprobe_conf_list_free(struct modprobe_conf_list *l);

/* Queries over the parsed files in reading order. `module` is a normalised module name. */
struct modprobe_hit {
	const struct modprobe_file *file;
	const struct modprobe_directive *directive;
};
/* The install command libkmod uses: the first `install` whose module pattern matches (fnmatch). */
bool modprobe_find_install(const struct modprobe_file *files, size_t n, const char *module,
			   struct modprobe_hit *hit);
/* The first `softdep` matching the module that names at least one pre: or post: module; libkmod
 * then ignores the module's install command when it loads it (mod->ignorecmd). */
bool modprobe_find_softdep(const struct modprobe_file *files, size_t n, const char *module,
			   struct modprobe_hit *hit);
/* A `blacklist` line naming exactly this module (libkmod compares names, no globbing). */
bool modprobe_find_blacklist(const struct modprobe_file *files, size_t n, const char *module,
			     struct modprobe_hit *hit);

enum install_effect {
	INSTALL_BLOCKS,  /* runs only a listed do-nothing command: the module is never inserted */
	INSTALL_LOADS,   /* calls modprobe/insmod for the module: loading goes on */
	INSTALL_UNKNOWN, /* anything else: kensa cannot tell what the shell command does */
};
/* Classify an install command. It blocks when its first word is one of `blocking` (e.g.
 * "/bin/false") and the rest holds no shell operator (; & | ` $ < > ( ) or a newline) that could
 * run something else; '#' starts a shell comment. It loads when it runs modprobe or insmod. */
enum install_effect modprobe_install_effect(const char *command, const char *const *blocking,
					    size_t n_blocking);

/* "kernel/drivers/usb/storage/usb-storage.ko.xz" -> "usb_storage" (libkmod path_to_modname). */
void modprobe_path_to_modname(const char *path, char *out, size_t outlen);

/* One line of modules.dep ("path: dep dep ..."). Returns false for a line that is not of that
 * form. *deps receives each dependency's module name, separated by single spaces. */
bool modules_dep_line(const char *line, char *name, size_t namelen, char *deps, size_t depslen);

#endif
