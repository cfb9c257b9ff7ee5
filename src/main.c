/* kensa: audit a host or an unpacked image against the MHLW medical-institution cybersecurity
 * checklist. This file holds the command table and the audit driver; checks and reporters live
 * in src/checks and src/report. */
#include "config.h"
#include "core/check.h"
#include "core/checklist.h"
#include "core/context.h"
#include "core/hostinfo.h"
#include "core/i18n.h"
#include "core/output.h"
#include "core/profile.h"
#include "core/rootfs.h"
#include "core/sandbox.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "core/accounts.h"
#include "report/report.h"
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_FINDINGS = 2 };

struct command {
	const char *name;
	const char *usage;
	const char *summary; /* N_() */
	int (*exec)(int argc, char **argv);
};

static int cmd_audit(int argc, char **argv);
static int cmd_list(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "audit",
	  "audit [--root DIR] [--profile NAME|FILE] [--checklist NAME|FILE] [--format FORMAT]\n"
	  "            [--output FILE] [--lang ja|en] [--only ID[,ID...]] [--skip ID[,ID...]]\n"
	  "            [--as-of YYYY-MM-DD] [--platform linux|windows] [--site FILE]",
	  N_("Audit this host, or the root file system in DIR, and report by checklist item."),
	  cmd_audit },
	{ "list", "list [--format text|json] [--checklist NAME|FILE]",
	  N_("List every check with its id, checklist items, platforms and title."), cmd_list },
	{ "help", "help [COMMAND]", N_("Show help for kensa or for one command."), cmd_help },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void die_usage(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die_usage(const char *what, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "kensa: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_ERROR);
}

/* --- language ----------------------------------------------------------------------------- */

static const char *locale_language(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
	}
	return "en";
}

static void setup_language(const char *lang)
{
	struct stat st;
	const char *dir = getenv("KENSA_LOCALEDIR");
	char *mo = xasprintf("%s/ja/LC_MESSAGES/kensa.mo", KENSA_LOCALEDIR);
	if (!dir)
		dir = stat(mo, &st) == 0 ? KENSA_LOCALEDIR : KENSA_BUILD_LOCALEDIR;
	free(mo);
	/* gettext ignores LANGUAGE under the plain C locale; C.UTF-8 is always present in glibc. */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX")) {
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C.utf8");
	}
	setenv("LANGUAGE", lang, 1);
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
}

/* --- shared option parsing ---------------------------------------------------------------- */

static char **split_ids(const char *list, size_t *n, const char *option)
{
	char **ids = NULL;
	size_t cap = 0;
	*n = 0;
	char *copy = xstrdup(list), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		if (!*t)
			continue;
		if (!check_find(t))
			die_usage(option, _("no check has the id '%s' (see 'kensa list')"), t);
		XGROW(ids, *n, cap, *n + 1);
		ids[(*n)++] = xstrdup(t);
	}
	free(copy);
	if (*n == 0)
		die_usage(option, _("needs at least one check id"));
	return ids;
}

static bool id_in(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static void free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static enum platform detect_platform(void)
{
	struct utsname u;
	if (uname(&u) == 0 && strncmp(u.sysname, "CYGWIN", 6) == 0)
		return PLATFORM_WINDOWS;
	return PLATFORM_LINUX;
}

static const char *platform_name(enum platform p)
{
	return p == PLATFORM_WINDOWS ? "windows" : "linux";
}

/* --- audit -------------------------------------------------------------------------------- */

struct audit_options {
	const char *root, *profile, *checklist, *format, *output, *lang, *as_of, *platform, *site;
	char **only, **skip;
	size_t n_only, n_skip;
};

/* Report formats: name and writer. */
struct format {
	const char *name;
	int (*write)(FILE *out, const struct audit_report *rep, bool color);
	bool japanese_default; /* the ministry's form: Japanese unless --lang says otherwise */
};

static int write_text(FILE *out, const struct audit_report *rep, bool color)
{
	return report_write_text(out, rep, color);
}

static int write_json(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_json(out, rep);
}

static int write_checklist(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_checklist(out, rep);
}

static int write_csv(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_csv(out, rep);
}

static const struct format formats[] = {
	{ "text", write_text, false },
	{ "json", write_json, false },
	{ "checklist", write_checklist, true },
	{ "csv", write_csv, true },
};

static const struct format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void parse_audit_options(int argc, char **argv, struct audit_options *o)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "profile", required_argument, NULL, 'p' },
		{ "checklist", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "only", required_argument, NULL, 'O' },
		{ "skip", required_argument, NULL, 'S' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "platform", required_argument, NULL, 'P' },
		{ "site", required_argument, NULL, 's' },
		{ "answers", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":r:p:c:f:o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->root = optarg; break;
		case 'p': o->profile = optarg; break;
		case 'c': o->checklist = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'a': o->as_of = optarg; break;
		case 'P': o->platform = optarg; break;
		case 's': o->site = optarg; break;
		case 'O':
			free_ids(o->only, o->n_only);
			o->only = split_ids(optarg, &o->n_only, "--only");
			break;
		case 'S':
			free_ids(o->skip, o->n_skip);
			o->skip = split_ids(optarg, &o->n_skip, "--skip");
			break;
		case 'h': {
			char *args[] = { "help", "audit", NULL };
			exit(cmd_help(2, args));
		}
		case ':':
			die_usage(argv[optind - 1], _("needs a value"));
		default:
			die_usage(argv[optind - 1], _("unknown option (see 'kensa help audit')"));
		}
	}
	if (optind < argc)
		die_usage(argv[optind], _("unexpected argument (see 'kensa help audit')"));
	if (!find_format(o->format))
		die_usage("--format", _("'%s' is not one of text, json, checklist, csv"), o->format);
	if (strcmp(o->lang, "ja") && strcmp(o->lang, "en"))
		die_usage("--lang", _("'%s' is not one of ja, en"), o->lang);
	if (o->platform && strcmp(o->platform, "linux") && strcmp(o->platform, "windows"))
		die_usage("--platform", _("'%s' is not one of linux, windows"), o->platform);
}

static int cmd_audit(int argc, char **argv)
{
	struct audit_options o = { .format = "text", .lang = NULL };
	o.lang = locale_language();
	/* The language must be known before any message; scan for --lang first. The ministry's
	 * form formats are Japanese unless --lang says otherwise. */
	bool lang_given = false;
	for (int i = 1; i < argc; i++) {
		const char *fmt = NULL;
		if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
			o.lang = argv[i + 1];
			lang_given = true;
		} else if (!strncmp(argv[i], "--lang=", 7)) {
			o.lang = argv[i] + 7;
			lang_given = true;
		} else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			fmt = argv[i + 1];
		} else if (!strncmp(argv[i], "--format=", 9)) {
			fmt = argv[i] + 9;
		}
		if (fmt && find_format(fmt) && find_format(fmt)->japanese_default && !lang_given)
			o.lang = "ja";
	}
	if (!strcmp(o.lang, "ja") || !strcmp(o.lang, "en"))
		setup_language(o.lang);
	parse_audit_options(argc, argv, &o);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	char as_of[11];
	if (o.as_of) {
		int64_t day;
		if (parse_day(o.as_of, &day) != 0)
			die_usage("--as-of", _("'%s' is not a date in the form YYYY-MM-DD"), o.as_of);
		ctx.today = day;
		ctx.now = (time_t)(day * 86400 + 86399);
	} else {
		ctx.now = time(NULL);
		ctx.today = ctx.now / 86400;
	}
	format_day(ctx.today, as_of, sizeof as_of);

	char err[1024];
	struct profile *profile;
	if (profile_load(o.profile ? o.profile : "server", &profile, err, sizeof err) != 0)
		die_usage("profile", "%s", err);
	ctx.profile = profile;
	struct checklist *checklist;
	const char *edition = o.checklist ? o.checklist : profile_string(profile, "checklist", "edition");
	if (checklist_load(edition, &checklist, err, sizeof err) != 0)
		die_usage("checklist", "%s", err);
	const char *device_class = profile_string(profile, "checklist", "device_class");
	if (strcmp(device_class, "server") && strcmp(device_class, "terminal") &&
	    strcmp(device_class, "network"))
		die_usage("profile", _("[checklist] device_class '%s' is not one of server, terminal, network"),
			  device_class);

	struct site *site = NULL;
	if (o.site && site_load(o.site, &site, err, sizeof err) != 0)
		die_usage("--site", "%s", err);
	for (size_t i = 0; site && i < site->n_answers; i++) {
		const struct site_answer *a = &site->answers[i];
		const struct checklist_item *it = NULL;
		for (size_t k = 0; k < checklist->n_items; k++)
			if (!strcmp(checklist->items[k].id, a->item))
				it = &checklist->items[k];
		if (!it)
			die_usage("--site", _("%s:%u: [answer %s]: %s has no such item"), site->file,
				  a->line, a->item, checklist->id);
		if (it->n_checks)
			die_usage("--site", _("%s:%u: [answer %s]: this item is answered by checks, not by hand"),
				  site->file, a->line, a->item);
	}

	ctx.live = o.root == NULL;
	ctx.platform = o.platform ? (strcmp(o.platform, "windows") ? PLATFORM_LINUX : PLATFORM_WINDOWS)
				  : detect_platform();
	int rc = rootfs_open(o.root ? o.root : "/", &ctx.root);
	if (rc < 0)
		die_usage(o.root ? o.root : "/", "%s", rc == -ELOOP ? _("is a symbolic link; give the real directory")
								 : rootfs_strerror(rc));

	struct output out;
	if (output_open(&out, o.output, o.root, err, sizeof err) != 0)
		die_usage("--output", "%s", err);

	struct sandbox_status sandbox;
	sandbox_enter(o.output ? out.dir : NULL, &sandbox);

	bool ja = strcmp(o.lang, "ja") == 0;
	struct audit_report rep;
	memset(&rep, 0, sizeof rep);
	rep.tool_version = xstrdup(KENSA_VERSION);
	rep.sandboxed = sandbox.active;
	rep.profile_name = xstrdup(profile_name(profile));
	for (const char *const *f = profile_files(profile); *f; f++) {
		rep.profile_files = xreallocarray(rep.profile_files, rep.n_profile_files + 1,
						  sizeof *rep.profile_files);
		rep.profile_files[rep.n_profile_files++] = xstrdup(*f);
	}
	rep.edition = xstrdup(checklist->id);
	rep.edition_name = xstrdup(ja ? checklist->name_ja : checklist->name_en);
	rep.edition_published = xstrdup(checklist->published);
	rep.device_class = xstrdup(device_class);
	rep.site_name = site && site->name ? xstrdup(site->name) : NULL;
	rep.lang = xstrdup(o.lang);
	memcpy(rep.as_of, as_of, sizeof as_of);
	hostinfo_collect(ctx.root, ctx.live, &rep.host);
	rep.host.platform = xstrdup(platform_name(ctx.platform));
	rep.host.root = xstrdup(o.root ? o.root : "/");
	rep.results = xcalloc(check_registry_count, sizeof *rep.results);

	bool failed = false;
	for (size_t i = 0; i < check_registry_count; i++) {
		const struct check *check = check_registry[i];
		if (!(check->platforms & ctx.platform))
			continue;
		if (o.n_only && !id_in(o.only, o.n_only, check->id))
			continue;
		if (id_in(o.skip, o.n_skip, check->id))
			continue;
		struct check_result *r = &rep.results[rep.n_results++];
		struct timespec c0, c1;
		result_init(r, check);
		clock_gettime(CLOCK_MONOTONIC, &c0);
		check->run(&ctx, r);
		clock_gettime(CLOCK_MONOTONIC, &c1);
		result_finish(r);
		r->duration_ms = elapsed_ms(&c0, &c1);
		failed |= r->status == CHECK_FAIL;
	}
	report_count_summary(&rep);
	report_build_items(&rep, checklist, site);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep.duration_ms = elapsed_ms(&t0, &t1);

	bool color = !o.output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	int wrc = find_format(o.format)->write(out.fp, &rep, color);
	int status = failed ? EXIT_FINDINGS : EXIT_OK;
	if (output_commit(&out, wrc, err, sizeof err) != 0) {
		fprintf(stderr, "kensa: --output: %s\n", err);
		status = EXIT_ERROR;
	}

	report_free(&rep);
	account_db_free(ctx.accounts);
	rootfs_close(ctx.root);
	site_free(site);
	checklist_free(checklist);
	profile_free(profile);
	free_ids(o.only, o.n_only);
	free_ids(o.skip, o.n_skip);
	return status;
}

/* --- list --------------------------------------------------------------------------------- */

static int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "checklist", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *edition = "latest";
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:c:", longopts, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'c')
			edition = optarg;
		else if (c == ':')
			die_usage(argv[optind - 1], _("needs a value"));
		else
			die_usage(argv[optind - 1], _("unknown option (see 'kensa help list')"));
	}
	if (optind < argc)
		die_usage(argv[optind], _("unexpected argument (see 'kensa help list')"));
	if (strcmp(format, "text") && strcmp(format, "json"))
		die_usage("--format", _("'%s' is not one of text, json"), format);
	char err[1024];
	struct checklist *cl;
	if (checklist_load(edition, &cl, err, sizeof err) != 0)
		die_usage("checklist", "%s", err);
	json_t *arr = json_array();
	for (size_t i = 0; i < check_registry_count; i++) {
		const struct check *ck = check_registry[i];
		const char *ids[16];
		size_t n = checklist_items_for_check(cl, ck->id, ids, 16);
		char items[128] = "";
		json_t *jitems = json_array();
		for (size_t k = 0; k < n && k < 16; k++) {
			snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s", k ? "," : "", ids[k]);
			json_array_append_new(jitems, json_string(ids[k]));
		}
		char plats[32] = "";
		json_t *jplats = json_array();
		if (ck->platforms & PLATFORM_LINUX) {
			strcat(plats, "linux");
			json_array_append_new(jplats, json_string("linux"));
		}
		if (ck->platforms & PLATFORM_WINDOWS) {
			strcat(plats, *plats ? ",windows" : "windows");
			json_array_append_new(jplats, json_string("windows"));
		}
		if (strcmp(format, "json") == 0)
			json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:s}", "id", ck->id, "items",
							     jitems, "platforms", jplats, "title", _(ck->title)));
		else {
			json_decref(jitems);
			json_decref(jplats);
			printf("%-22s %-10s %-14s %s\n", ck->id, n ? items : "-", plats, _(ck->title));
		}
	}
	if (strcmp(format, "json") == 0) {
		json_t *root = json_pack("{s:s, s:o}", "checklist", cl->id, "checks", arr);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(arr);
	}
	checklist_free(cl);
	return EXIT_OK;
}

/* --- help --------------------------------------------------------------------------------- */

static void usage(FILE *out)
{
	fprintf(out, _("Usage: kensa COMMAND [OPTIONS]\n\nCommands:\n"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nkensa --version prints the version; 'kensa help COMMAND' explains one command.\n"
		       "Exit status: 0 no check failed, 2 a check failed, 1 usage or runtime error.\n"
		       "See kensa(8) for profiles, checklist editions and the files kensa reads.\n"));
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		printf(_("Usage: kensa %s\n\n%s\n"), commands[i].usage, _(commands[i].summary));
		if (strcmp(commands[i].name, "audit") == 0)
			fputs(_("\nOptions:\n"
				"  --root DIR          audit the root file system unpacked or mounted at DIR;\n"
				"                      nothing outside DIR is read, live-only facts are skipped\n"
				"  --profile NAME|FILE thresholds and lists (server, terminal, or a site file)\n"
				"  --checklist NAME    checklist edition (default: the profile's, e.g. mhlw-r7)\n"
				"  --format F          report format: text (default), json, checklist (the\n"
				"                      ministry's form as text), csv (the form for Excel)\n"
				"  --output FILE       write the report to FILE atomically, mode 0600\n"
				"  --lang ja|en        report language (default from the locale)\n"
				"  --only ID,...       run only these checks\n"
				"  --skip ID,...       do not run these checks\n"
				"  --as-of YYYY-MM-DD  judge dates as of the end of this day (UTC)\n"
				"  --platform P        linux or windows (default: detected)\n"
				"  --site FILE         the site file: answers to manual items, accepted\n"
				"                      exceptions (--answers is the same option)\n"
				"\nExamples:\n"
				"  sudo kensa audit\n"
				"  kensa audit --root /srv/images/golden --format json --output report.json\n"
				"  kensa audit --only accounts.stale --lang en\n"), stdout);
		return EXIT_OK;
	}
	die_usage(argv[1], _("no such command (see 'kensa --help')"));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	setup_language(locale_language());
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("kensa %s\n", KENSA_VERSION);
		sandbox_describe(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].exec(argc - 1, argv + 1);
	die_usage(argv[1], _("unknown command (see 'kensa --help')"));
}
