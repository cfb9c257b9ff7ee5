/* kensa: audit a host or an unpacked image against the MHLW medical-institution cybersecurity
 * checklist. This file holds the command table and the audit driver; checks and reporters live
 * in src/checks and src/report. */
#include "config.h"
#include "cli/cli.h"
#include "core/check.h"
#include "core/checklist.h"
#include "core/context.h"
#include "core/filecache.h"
#include "core/hostinfo.h"
#include "core/i18n.h"
#include "core/msg.h"
#include "core/output.h"
#include "core/profile.h"
#include "core/rootfs.h"
#include "core/rootcheck.h"
#include "core/sandbox.h"
#include "core/sandbox_broker.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/account_snapshot.h"
#include "core/defaults_memo.h"
#include "core/review_prior.h"
#include "core/xalloc.h"
#include "core/accounts.h"
#include "core/build_info.h"
#include "core/pam_stack.h"
#include "core/systemd_units.h"
#include "core/socket_owners.h"
#include "core/nft_live.h"
#include "report/report.h"
#include "report/diff.h"
#include "report/report_dir.h"
#include "report/sanitize.h"
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


struct command {
	const char *name;
	const char *usage;
	const char *summary; /* N_() */
	int (*exec)(int argc, char **argv);
};

static int cmd_audit(int argc, char **argv);
static int cmd_list(int argc, char **argv);
static int cmd_diff(int argc, char **argv);
static int cmd_report(int argc, char **argv);

static const struct command commands[] = {
	{ "audit",
	  "audit [--root DIR] [--profile NAME|FILE] [--checklist NAME|FILE] [--format FORMAT]\n"
	  "            [--output FILE] [--lang ja|en] [--only ID[,ID...]] [--skip ID[,ID...]]\n"
	  "            [--as-of DATE|TIME] [--platform linux|windows] [--site FILE]\n"
	  "            [--output FORMAT:FILE]... [--fail-on fail|warn]\n"
	  "            [--report-dir DIR [--keep N] [--quiet]] [--form institution|vendor]",
	  N_("Audit this host, or the root file system in DIR, and report by checklist item."),
	  cmd_audit },
	{ "list", "list [--format text|json] [--checklist NAME|FILE]",
	  N_("List every check with its id, checklist items, platforms and title."), cmd_list },
	{ "diff", "diff [--format text|json] [--lang ja|en] [--form institution|vendor]\n"
	  "            OLD.json NEW.json",
	  N_("Compare two JSON reports: what got worse and what got better (exit 2 when worse)."),
	  cmd_diff },
	{ "report", "report [--format FORMAT] [--output FILE] [--lang ja|en]\n"
	  "            [--form institution|vendor] REPORT.json\n"
	  "            report --format inventory [--output FILE] REPORT.json...",
	  N_("Render a saved JSON report again (e.g. as HTML to print) without auditing."),
	  cmd_report },
	{ "summary", "summary [--format text|json|csv|html] [--output FILE] [--lang ja|en]\n"
	  "            [--previous SUMMARY.json] [--as-of YYYY-MM-DD] [--form institution|vendor]\n"
	  "            REPORT.json|DIR...",
	  N_("Summarise many hosts' JSON reports into the institution's answer per checklist item\n"
	     "           (exit 2 when something got worse since --previous)."),
	  cmd_summary },
	{ "help", "help [COMMAND]", N_("Show help for kensa or for one command."), cmd_help },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

void die_usage(const char *what, const char *fmt, ...)
{
	va_list ap;
	/* what and the message may quote names from the audited system or a saved report */
	sanitize_fprintf(stderr, SANITIZE_KEEP_TAB, "kensa: %s: ", what);
	va_start(ap, fmt);
	sanitize_vfprintf(stderr, SANITIZE_KEEP_TAB, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_ERROR);
}

unsigned form_option(const char *value)
{
	unsigned form = checklist_form_from_name(value);
	if (!form)
		die_usage("--form", _("'%s' is not one of institution, vendor"), value);
	return form;
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

void setup_language(const char *lang)
{
	struct stat st;
	const char *dir = getenv("KENSA_LOCALEDIR");
	char *mo = xasprintf("%s/ja/LC_MESSAGES/kensa.mo", KENSA_LOCALEDIR);
	if (!dir)
		dir = stat(mo, &st) == 0 || !*KENSA_BUILD_LOCALEDIR ? KENSA_LOCALEDIR
								    : KENSA_BUILD_LOCALEDIR;
	free(mo);
	/* gettext ignores LANGUAGE under the plain C locale; C.UTF-8 is present on any glibc
	 * system with libc-bin, but not on every bare host or container. */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	bool have_locale = cur && strcmp(cur, "C") && strcmp(cur, "POSIX");
	if (!have_locale)
		have_locale = setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "C.utf8");
	setenv("LANGUAGE", lang, 1);
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	/* Without a locale or an installed catalogue gettext would answer in English: answer from
	 * the catalogue built into kensa instead (the self-contained binary on a bare host). */
	char *catalog = xasprintf("%s/%s/LC_MESSAGES/%s.mo", dir, lang, GETTEXT_PACKAGE);
	bool have_catalog = stat(catalog, &st) == 0;
	free(catalog);
	i18n_use_builtin(strcmp(lang, "en") && (!have_locale || !have_catalog) ? lang : NULL);
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
	const char *root, *profile, *checklist, *format, *lang, *as_of, *platform, *site;
	char **only, **skip;
	size_t n_only, n_skip;
	/* every --output: FORMAT:FILE, or FILE in --format's format */
	const char *outputs[16];
	size_t n_outputs;
	bool format_given;
	const char *report_dir;
	long keep; /* --keep; -1: the profile's [reports] keep */
	bool quiet, fail_on_warn;
	unsigned form; /* --form: the institution's (default) or the vendor's */
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

static int write_html(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_html(out, rep);
}

static int write_junit(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_junit(out, rep);
}

static int write_sarif(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_sarif(out, rep);
}

static int write_inventory(FILE *out, const struct audit_report *rep, bool color)
{
	(void)color;
	return report_write_inventory(out, rep, true);
}

static const struct format formats[] = {
	{ "text", write_text, false },
	{ "json", write_json, false },
	{ "checklist", write_checklist, true },
	{ "csv", write_csv, true },
	{ "html", write_html, true },
	{ "junit", write_junit, false },
	{ "sarif", write_sarif, false },
	{ "inventory", write_inventory, false },
};

static const struct format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* --output FORMAT:FILE names its format; a plain FILE takes --format's ("./json:x" is a file
 * named "json:x"). */
static const struct format *output_format(const char *spec, const char *default_format,
					  const char **path)
{
	const char *colon = strchr(spec, ':');
	char name[32];
	if (colon && colon != spec && (size_t)(colon - spec) < sizeof name) {
		memcpy(name, spec, (size_t)(colon - spec));
		name[colon - spec] = '\0';
		const struct format *f = find_format(name);
		if (f) {
			*path = colon + 1;
			return f;
		}
	}
	*path = spec;
	return find_format(default_format);
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
		{ "report-dir", required_argument, NULL, 'R' },
		{ "keep", required_argument, NULL, 'K' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "form", required_argument, NULL, 'W' },
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
		case 'f': o->format = optarg; o->format_given = true; break;
		case 'o':
			if (o->n_outputs == sizeof o->outputs / sizeof o->outputs[0])
				die_usage("--output", _("given more than 16 times"));
			o->outputs[o->n_outputs++] = optarg;
			break;
		case 'R': o->report_dir = optarg; break;
		case 'q': o->quiet = true; break;
		case 'K': {
			char *end;
			errno = 0;
			long keep = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || keep < 0 || keep > 100000)
				die_usage("--keep", _("'%s' is not a number of reports from 0 to 100000"), optarg);
			o->keep = keep;
			break;
		}
		case 'F':
			if (strcmp(optarg, "fail") && strcmp(optarg, "warn"))
				die_usage("--fail-on", _("'%s' is not one of fail, warn"), optarg);
			o->fail_on_warn = strcmp(optarg, "warn") == 0;
			break;
		case 'W': o->form = form_option(optarg); break;
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
		die_usage("--format", _("'%s' is not one of text, json, checklist, csv, html, junit, sarif"), o->format);
	if (strcmp(o->lang, "ja") && strcmp(o->lang, "en"))
		die_usage("--lang", _("'%s' is not one of ja, en"), o->lang);
	if (o->platform && strcmp(o->platform, "linux") && strcmp(o->platform, "windows"))
		die_usage("--platform", _("'%s' is not one of linux, windows"), o->platform);
	for (size_t i = 0; i < o->n_outputs; i++) {
		const char *path;
		output_format(o->outputs[i], o->format, &path);
		if (!*path)
			die_usage("--output", _("'%s' names no file"), o->outputs[i]);
	}
	if (o->keep >= 0 && !o->report_dir)
		die_usage("--keep", _("needs --report-dir"));
	if (o->quiet && !o->report_dir)
		die_usage("--quiet", _("needs --report-dir: it prints what got worse since the previous report there"));
	if (o->report_dir && o->format_given && o->n_outputs == 0)
		die_usage("--format", _("with --report-dir, stdout shows what changed; give --output FILE for this format"));
}

/* Drop the temporary files of outputs opened so far (a later one failed). */
static void outputs_abandon(struct output *outs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		output_abandon(&outs[i]);
}

static int cmd_audit(int argc, char **argv)
{
	struct audit_options o = { .format = "text", .lang = NULL, .keep = -1,
				   .form = CHECKLIST_FORM_INSTITUTION };
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
		} else if (!strcmp(argv[i], "--output") && i + 1 < argc) {
			const char *path;
			const struct format *f = output_format(argv[i + 1], "text", &path);
			if (path != argv[i + 1])
				fmt = f->name;
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
	char err[1024];
	struct profile *profile;
	if (profile_load(o.profile ? o.profile : "server", &profile, err, sizeof err) != 0)
		die_usage("profile", "%s", err);
	ctx.profile = profile;
	/* One time zone decides every date of the report: the audit date, exceptions' expiry, the
	 * --report-dir file names, the form's 確認日. ctx.today stays the UTC day shadow counts. */
	int zone;
	if (parse_utc_offset(profile_string(profile, "reports", "time_zone"), &zone) != 0)
		die_usage("profile", _("[reports] time_zone '%s' is not a UTC offset such as +09:00 or UTC"),
			  profile_string(profile, "reports", "time_zone"));
	char as_of[11];
	int64_t report_day;
	if (o.as_of) {
		int64_t now;
		if (site_parse_as_of(o.as_of, zone, &now, &ctx.today, &report_day) != 0)
			die_usage("--as-of", _("'%s' is not a date in the form YYYY-MM-DD or a time such as 2026-12-03T01:00:00+09:00"),
				  o.as_of);
		ctx.now = (time_t)now;
	} else {
		ctx.now = time(NULL);
		ctx.today = day_in_zone(ctx.now, 0);
		report_day = day_in_zone(ctx.now, zone);
	}
	format_day(report_day, as_of, sizeof as_of);
	/* --as-of D judges as of the end of D: in the report's zone, so the moment bears its date */
	int64_t audited_moment = o.as_of && strlen(o.as_of) == 10 ? report_day * 86400 + 86399 - zone
								  : (int64_t)ctx.now;
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
		if (it->n_checks && !it->person_answers)
			die_usage("--site", _("%s:%u: [answer %s]: this item is answered by checks, not by hand"),
				  site->file, a->line, a->item);
	}

	ctx.live = o.root == NULL;
	ctx.root_user = geteuid() == 0;
	ctx.platform = o.platform ? (strcmp(o.platform, "windows") ? PLATFORM_LINUX : PLATFORM_WINDOWS)
				  : detect_platform();
	int rc = rootfs_open(o.root ? o.root : "/", &ctx.root);
	if (rc < 0) /* "kensa: --root: PATH: why", as every bad option value is reported */
		die_usage(o.root ? "--root" : "/", "%s%s%s", o.root ? o.root : "", o.root ? ": " : "",
			  rc == -ELOOP ? _("is a symbolic link; give the real directory")
				       : rootfs_strerror(rc));
	/* An unmounted image or a wrong path must never give a clean report (a CI gate stays red). */
	char missing[256];
	if (o.root && !rootcheck_is_os_root(ctx.root, ctx.platform, missing, sizeof missing)) {
		char *what = xasprintf("--root %s", o.root);
		die_usage(what, _("not a root file system "
				  "(%s)"), missing);
	}
	/* only a live audit reads the running kernel's /proc and /sys; an image's are the host's */
	if (ctx.live)
		rootfs_allow_pseudo_fs(ctx.root, true);

	/* The report directory and every output (their temporary files) are opened before the
	 * sandbox closes; the sandboxed audit then writes only through those descriptors, and the
	 * broker, its parent, renames the finished reports into place (core/sandbox_broker.h). */
	struct report_dir rdir = { .fd = -1 };
	if (o.report_dir) {
		if (report_dir_open(&rdir, o.report_dir, o.root, err, sizeof err) != 0)
			die_usage("--report-dir", "%s", err);
	}
	struct output outs[16];
	const struct format *out_formats[16];
	size_t n_outs = 0;
	for (size_t i = 0; i < o.n_outputs; i++) {
		const char *path;
		out_formats[n_outs] = output_format(o.outputs[i], o.format, &path);
		if (output_open(&outs[n_outs], path, o.root, err, sizeof err) != 0) {
			outputs_abandon(outs, n_outs);
			die_usage("--output", "%s", err);
		}
		for (size_t k = 0; k < n_outs; k++)
			if (strcmp(outs[k].path, outs[n_outs].path) == 0) {
				outputs_abandon(outs, n_outs + 1);
				die_usage("--output", _("%s: named twice"), path);
			}
		n_outs++;
	}
	if (n_outs == 0 && !o.report_dir) {
		output_open(&outs[0], NULL, NULL, err, sizeof err); /* stdout */
		out_formats[n_outs++] = find_format(o.format);
	}

	/* Other processes' descriptor links need ptrace access, which Landlock denies once the
	 * sandbox is in place: services.unneeded's socket owners are read before it closes. */
	if (ctx.live && (!o.n_only || id_in(o.only, o.n_only, "services.unneeded")) &&
	    !id_in(o.skip, o.n_skip, "services.unneeded"))
		ctx.socket_owners = socket_owners_collect(ctx.root);
	/* network.access_control compares the loaded nftables ruleset with the files; the sandboxed
	 * child may not run programs, so nft runs now (a read: "list ruleset") */
	if (ctx.live && ctx.platform == PLATFORM_LINUX &&
	    (!o.n_only || id_in(o.only, o.n_only, "network.access_control")) &&
	    !id_in(o.skip, o.n_skip, "network.access_control"))
		ctx.nft_ruleset = nft_live_collect();

	/* The host's facts come first: the memo below is named after the host. */
	struct host_info host;
	memset(&host, 0, sizeof host);
	hostinfo_collect(ctx.root, ctx.live, &host);

	struct broker broker;
	broker_init(&broker);
	if (o.report_dir)
		report_dir_use_broker(&rdir, &broker);
	/* password.defaults remembers, in the report directory only, which hashes it has tested;
	 * its files are opened now, for the broker to rename, as the reports are */
	const char *memo_note = NULL;
	if (o.report_dir) {
		char memo_host[80];
		report_dir_host_name(host.hostname, memo_host, sizeof memo_host);
		ctx.defaults_memo = defaults_memo_open(rdir.fd, rdir.real, memo_host, as_of,
						       &memo_note, err, sizeof err);
		if (ctx.defaults_memo &&
		    defaults_memo_prepare(ctx.defaults_memo, o.root, &broker, err, sizeof err) != 0) {
			defaults_memo_free(ctx.defaults_memo);
			ctx.defaults_memo = NULL;
		}
		if (!ctx.defaults_memo) /* the check then tests everything, as without a memo */
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: warning: --report-dir: %s\n", err);
	}
	/* logs.review reviews the period since the previous report (core/review_prior.h) */
	if (o.report_dir &&
	    (!o.n_only || id_in(o.only, o.n_only, "logs.review")) &&
	    !id_in(o.skip, o.n_skip, "logs.review"))
		ctx.review_prior = report_dir_review_prior(&rdir, host.hostname, as_of);
	/* ... and compares the account files with the snapshot the previous audit kept there */
	if (o.report_dir && ctx.platform == PLATFORM_LINUX &&
	    (!o.n_only || id_in(o.only, o.n_only, "logs.review")) &&
	    !id_in(o.skip, o.n_skip, "logs.review")) {
		char snap_host[80];
		report_dir_host_name(host.hostname, snap_host, sizeof snap_host);
		ctx.account_snapshot = account_snapshot_open(rdir.fd, rdir.real, snap_host,
							     audited_moment, err, sizeof err);
		/* a snapshot that cannot be written still serves this audit's comparison; logs.review
		 * says it was not kept */
		if (!ctx.account_snapshot ||
		    account_snapshot_prepare(ctx.account_snapshot, o.root, &broker, err,
					     sizeof err) != 0)
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: warning: --report-dir: %s\n", err);
	}
	for (size_t i = 0; i < n_outs; i++)
		output_use_broker(&outs[i], &broker, NULL);
	int broker_status;
	int forked = broker_start(&broker, &broker_status);
	if (forked < 0) {
		int e = errno;
		broker_discard(&broker); /* the temporary files, which the broker now owns */
		outputs_abandon(outs, n_outs);
		defaults_memo_free(ctx.defaults_memo);
		review_prior_free(ctx.review_prior);
		account_snapshot_free(ctx.account_snapshot);
		hostinfo_free(&host);
		if (o.report_dir)
			report_dir_close(&rdir);
		broker_free(&broker);
		die_usage("audit", _("cannot start the sandboxed audit: %s"), strerror(e));
	}
	if (forked == 1) {
		/* The broker's work is done: the child wrote the reports. Free what the fork copied,
		 * as the child does, so memcheck sees both processes end clean. */
		outputs_abandon(outs, n_outs); /* closed; the broker renamed or removed the files */
		defaults_memo_free(ctx.defaults_memo);
		review_prior_free(ctx.review_prior);
		account_snapshot_free(ctx.account_snapshot);
		hostinfo_free(&host);
		if (o.report_dir)
			report_dir_close(&rdir);
		broker_free(&broker);
		socket_owners_free(ctx.socket_owners);
		nft_live_free(ctx.nft_ruleset);
		rootfs_close(ctx.root);
		site_free(site);
		checklist_free(checklist);
		profile_free(profile);
		free_ids(o.only, o.n_only);
		free_ids(o.skip, o.n_skip);
		return broker_status;
	}

	struct sandbox_status sandbox;
	/* A live Windows audit runs secedit, net and PowerShell (core/winsource.c), an exec that
	 * Landlock would deny. Cygwin has no Landlock, so this only changes --platform windows on a
	 * Linux host, where the [windows] programs are test fixtures. */
	if (ctx.live && ctx.platform == PLATFORM_WINDOWS) {
		memset(&sandbox, 0, sizeof sandbox);
		sandbox.reason = "a live Windows audit runs the system's programs";
	} else {
		broker_sandbox_child(&sandbox); /* no write right anywhere */
	}

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
	rep.site_vendor = site && site->vendor ? xstrdup(site->vendor) : NULL;
	/* the vendor's form names who answers it: [vendor] company, else the [site] vendor */
	const char *company = site ? (site->vendor_company ? site->vendor_company : site->vendor) : NULL;
	rep.vendor_company = company ? xstrdup(company) : NULL;
	rep.vendor_person = site && site->vendor_person ? xstrdup(site->vendor_person) : NULL;
	rep.vendor_system = site && site->vendor_system ? xstrdup(site->vendor_system) : NULL;
	rep.lang = xstrdup(o.lang);
	rep.root_user = ctx.root_user;
	memcpy(rep.as_of, as_of, sizeof as_of);
	format_utc_offset(zone, rep.time_zone, sizeof rep.time_zone);
	format_time_offset(audited_moment, zone, rep.audited_at, sizeof rep.audited_at);
	rep.host = host;
	rep.host.platform = xstrdup(platform_name(ctx.platform));
	rep.host.root = xstrdup(o.root ? o.root : "/");
	rep.results = xcalloc(check_registry_count, sizeof *rep.results);

	bool failed = false;
	/* what the checks compose with xasprintf(_("...")) keeps its identity (core/msg.h) */
	msg_capture_heap(true);
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
		unsigned long denied = rootfs_denied(ctx.root);
		check->run(&ctx, r);
		clock_gettime(CLOCK_MONOTONIC, &c1);
		if (rootfs_denied(ctx.root) != denied) { /* for the one-line "run as root" notice */
			rep.unreadable_checks = xreallocarray(rep.unreadable_checks,
							      rep.n_unreadable_checks + 1,
							      sizeof *rep.unreadable_checks);
			rep.unreadable_checks[rep.n_unreadable_checks++] = xstrdup(check->id);
		}
		result_finish(r);
		r->duration_ms = elapsed_ms(&c0, &c1);
		failed |= r->status == CHECK_FAIL;
	}
	msg_heap_reset();
	rep.inventory = ctx.inventory; /* host.inventory collected it (NULL when it did not run) */
	ctx.inventory = NULL;
	site_apply_exceptions(site, &rep, report_day, profile_int(profile, "exceptions", "max_days"));
	failed = false; /* accepted findings do not count */
	for (size_t i = 0; i < rep.n_results; i++)
		failed |= rep.results[i].status == CHECK_FAIL;
	report_count_summary(&rep);
	report_build_items(&rep, checklist, site);
	if (report_select_form(&rep, o.form, err, sizeof err) != 0) /* built from the edition: cannot fail */
		die_usage("--form", "%s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep.duration_ms = elapsed_ms(&t0, &t1);

	rep.fail_on_warn = o.fail_on_warn;
	for (size_t i = 0; o.fail_on_warn && i < rep.n_results; i++)
		failed |= rep.results[i].status == CHECK_WARN;
	int status = failed ? EXIT_FINDINGS : EXIT_OK;
	for (size_t i = 0; i < n_outs; i++) {
		bool color = !outs[i].path && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
		int wrc = out_formats[i]->write(outs[i].fp, &rep, color);
		if (output_commit(&outs[i], wrc, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --output: %s\n", err);
			status = EXIT_ERROR;
		}
	}
	if (o.report_dir) {
		struct report_dir_run run = {
			.keep = o.keep >= 0 ? o.keep : profile_int(profile, "reports", "keep"),
			.quiet = o.quiet,
		};
		bool stored = false;
		if (report_dir_store(&rdir, &rep, &run, o.root, stdout, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --report-dir: %s\n", err);
			status = EXIT_ERROR;
		} else {
			stored = true;
			if (fflush(stdout) != 0)
				status = EXIT_ERROR;
		}
		if (ctx.defaults_memo && defaults_memo_save(ctx.defaults_memo, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --report-dir: %s\n", err);
			status = EXIT_ERROR;
		}
		/* the snapshot belongs to the report: without the report it would hide this
		 * audit's account changes from the next one */
		if (ctx.account_snapshot && !stored)
			account_snapshot_abandon(ctx.account_snapshot);
		else if (ctx.account_snapshot &&
			 account_snapshot_save(ctx.account_snapshot, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --report-dir: %s\n", err);
			status = EXIT_ERROR;
		}
		report_dir_close(&rdir);
	}
	broker_free(&broker);
	defaults_memo_free(ctx.defaults_memo);
	review_prior_free(ctx.review_prior);
	account_snapshot_free(ctx.account_snapshot);

	report_free(&rep);
	account_db_free(ctx.accounts);
	msg_free(ctx.accounts_errmsg_msg);
	systemd_units_free(ctx.systemd_units);
	pam_cache_free(ctx.pam_stacks);
	socket_owners_free(ctx.socket_owners);
	nft_live_free(ctx.nft_ruleset);
	filecache_free(ctx.files);
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
		/* One row per id: an id implemented per platform has an entry for each; the first
		 * entry's title stands for them, the platforms are their union. */
		unsigned platforms = 0;
		bool seen = false;
		for (size_t k = 0; k < check_registry_count; k++)
			if (strcmp(check_registry[k]->id, ck->id) == 0) {
				seen |= k < i;
				platforms |= check_registry[k]->platforms;
			}
		if (seen)
			continue;
		const char *ids[16];
		size_t n = checklist_items_for_check(cl, ck->id, ids, 16);
		char items[128] = "";
		json_t *jitems = json_array();
		for (size_t k = 0; k < n && k < 16; k++) {
			snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s", k ? "," : "", ids[k]);
			json_array_append_new(jitems, json_string(ids[k]));
		}
		/* no row of this edition: the guideline or nine-rules references it answers instead */
		size_t nrefs = 0;
		char *const *refs = n ? NULL : checklist_guideline_refs(cl, ck->id, &nrefs);
		json_t *jrefs = nrefs ? json_array() : NULL;
		for (size_t k = 0; k < nrefs; k++) {
			snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s", k ? ", " : "(",
				 refs[k]);
			json_array_append_new(jrefs, json_string(refs[k]));
		}
		if (nrefs)
			snprintf(items + strlen(items), sizeof items - strlen(items), ")");
		char plats[32] = "";
		json_t *jplats = json_array();
		if (platforms & PLATFORM_LINUX) {
			strcat(plats, "linux");
			json_array_append_new(jplats, json_string("linux"));
		}
		if (platforms & PLATFORM_WINDOWS) {
			strcat(plats, *plats ? ",windows" : "windows");
			json_array_append_new(jplats, json_string("windows"));
		}
		if (strcmp(format, "json") == 0) {
			json_t *o = json_pack("{s:s, s:o, s:o, s:s}", "id", ck->id, "items", jitems,
					      "platforms", jplats, "title", _(ck->title));
			if (jrefs)
				json_object_set_new(o, "guideline", jrefs);
			json_array_append_new(arr, o);
		} else {
			json_decref(jitems);
			json_decref(jplats);
			json_decref(jrefs);
			printf("%-22s %-10s %-14s %s\n", ck->id, *items ? items : "-", plats,
			       _(ck->title));
		}
	}
	/* The rows no check answers: a person answers them (the site file), so list them too,
	 * with what to look at, as the README promises. */
	bool ja = strcmp(locale_language(), "ja") == 0;
	json_t *manual = json_array();
	bool header = false;
	/* pass 0: rows no check answers; pass 1: rows a person answers with checks' evidence
	 * (person_answers: 2-1, 2-2, 2-10, 3-2) */
	for (int pass = 0; pass < 2; pass++) {
		header = false;
		for (size_t i = 0; i < cl->n_items; i++) {
			const struct checklist_item *it = &cl->items[i];
			if (pass == 0 ? it->n_checks != 0 : (!it->n_checks || !it->person_answers))
				continue;
			char evidence[256] = "";
			for (size_t k = 0; k < it->n_checks; k++)
				snprintf(evidence + strlen(evidence), sizeof evidence - strlen(evidence),
					 "%s%s", k ? ", " : "", it->checks[k]);
			const char *title = ja ? it->title_ja : it->title_en;
			const char *hint = ja ? it->manual_hint_ja : it->manual_hint_en;
			json_t *classes = json_array();
			for (size_t k = 0; k < it->n_classes; k++)
				json_array_append_new(classes, json_string(it->classes[k]));
			if (strcmp(format, "json") == 0) {
				json_t *m = json_pack("{s:s, s:s, s:o, s:s, s:s?}", "item", it->id, "label",
						      it->label, "device_classes", classes, "title", title,
						      "hint", hint);
				json_t *forms = json_array(); /* who answers it: the institution, the vendor */
				unsigned f = checklist_item_forms(cl, it);
				for (unsigned bit = CHECKLIST_FORM_INSTITUTION; bit <= CHECKLIST_FORM_VENDOR;
				     bit <<= 1)
					if (f & bit)
						json_array_append_new(forms,
								      json_string(checklist_form_name(bit)));
				json_object_set_new(m, "forms", forms);
				if (pass == 1) {
					json_t *checks = json_array();
					for (size_t k = 0; k < it->n_checks; k++)
						json_array_append_new(checks, json_string(it->checks[k]));
					json_object_set_new(m, "evidence_checks", checks);
				}
				json_array_append_new(manual, m);
				continue;
			}
			json_decref(classes);
			if (!header) {
				printf("\n%s\n", pass == 0
					? _("Answered by a person (no check; give the answer in the site file):")
					: _("Answered by a person, with checks' evidence (give the answer in the "
					    "site file when the checks cannot):"));
				header = true;
			}
			printf("%-6s %-6s %s\n", it->id, it->label, title);
			if (hint)
				printf("              %s %s\n", _("To confirm:"), hint);
			if (pass == 1)
				printf("              %s %s\n", _("Evidence:"), evidence);
		}
	}
	if (strcmp(format, "json") == 0) {
		json_t *root = json_pack("{s:s, s:o, s:o}", "checklist", cl->id, "checks", arr, "manual",
					 manual);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(arr);
		json_decref(manual);
	}
	checklist_free(cl);
	return EXIT_OK;
}

/* --- diff --------------------------------------------------------------------------------- */

static int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "form", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *lang = NULL;
	unsigned form = 0; /* as saved */
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:l:h", longopts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
		} else if (c == 'W') {
			form = form_option(optarg);
		} else if (c == 'l') {
			lang = optarg;
		} else if (c == 'h') {
			char *args[] = { "help", "diff", NULL };
			return cmd_help(2, args);
		} else if (c == ':') {
			die_usage(argv[optind - 1], _("needs a value"));
		} else {
			die_usage(argv[optind - 1], _("unknown option (see 'kensa help diff')"));
		}
	}
	if (lang && strcmp(lang, "ja") && strcmp(lang, "en"))
		die_usage("--lang", _("'%s' is not one of ja, en"), lang);
	if (lang)
		setup_language(lang);
	if (strcmp(format, "text") && strcmp(format, "json"))
		die_usage("--format", _("'%s' is not one of text, json"), format);
	if (argc - optind != 2)
		die_usage("diff", _("needs two reports, OLD.json NEW.json (see 'kensa help diff')"));
	return report_diff_files(argv[optind], argv[optind + 1], form, strcmp(format, "json") == 0,
				 lang ? lang : locale_language(), stdout);
}

/* --- report ------------------------------------------------------------------------------- */

/* kensa report --format inventory A.json B.json ...: one header, then each saved report's
 * inventory row, in the order given: the institution's ledger of many hosts. */
static int report_inventory_ledger(int n, char **files, const char *path)
{
	char err[1024];
	struct output out;
	if (output_open(&out, path, NULL, err, sizeof err) != 0)
		die_usage("--output", "%s", err);
	int wrc = 0, status = EXIT_OK;
	bool header = true;
	for (int i = 0; i < n; i++) {
		struct audit_report rep;
		if (report_read_json(files[i], &rep, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: report: %s\n", err);
			status = EXIT_ERROR;
			continue;
		}
		wrc |= report_write_inventory(out.fp, &rep, header);
		header = false;
		report_free(&rep);
	}
	if (output_commit(&out, wrc, err, sizeof err) != 0) {
		sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --output: %s\n", err);
		status = EXIT_ERROR;
	}
	return status;
}

static int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "form", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *lang = NULL, *path = NULL;
	unsigned form = 0; /* as saved */
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:l:h", longopts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
		} else if (c == 'o') {
			path = optarg;
		} else if (c == 'W') {
			form = form_option(optarg);
		} else if (c == 'l') {
			lang = optarg;
		} else if (c == 'h') {
			char *args[] = { "help", "report", NULL };
			return cmd_help(2, args);
		} else if (c == ':') {
			die_usage(argv[optind - 1], _("needs a value"));
		} else {
			die_usage(argv[optind - 1], _("unknown option (see 'kensa help report')"));
		}
	}
	if (lang && strcmp(lang, "ja") && strcmp(lang, "en"))
		die_usage("--lang", _("'%s' is not one of ja, en"), lang);
	const struct format *fmt = find_format(format);
	if (!fmt)
		die_usage("--format", _("'%s' is not one of text, json, checklist, csv, html"), format);
	char err[1024];
	if (fmt->write == write_inventory && argc - optind >= 1)
		return report_inventory_ledger(argc - optind, argv + optind, path);
	if (argc - optind != 1)
		die_usage("report", _("needs one saved report, REPORT.json (see 'kensa help report')"));
	struct audit_report rep;
	if (report_read_json(argv[optind], &rep, err, sizeof err) != 0)
		die_usage("report", "%s", err);
	report_complete_from_checklist(&rep); /* in the language it was saved in */
	if (form && report_select_form(&rep, form, err, sizeof err) != 0) {
		char *what = xasprintf("--form %s", checklist_form_name(form));
		report_free(&rep);
		die_usage(what, "%s", err);
	}
	/* --lang renders the whole report in that language: every text with an identity (schema
	 * 1.2) and the edition's titles; without --lang, the language it was saved in */
	if (lang) {
		free(rep.lang);
		rep.lang = xstrdup(lang);
	}
	setup_language(rep.lang);
	if (lang)
		report_render_language(&rep, rep.lang);
	struct output out;
	if (output_open(&out, path, NULL, err, sizeof err) != 0) {
		report_free(&rep);
		die_usage("--output", "%s", err);
	}
	bool color = !path && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	int status = EXIT_OK;
	if (output_commit(&out, fmt->write(out.fp, &rep, color), err, sizeof err) != 0) {
		sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE, "kensa: --output: %s\n", err);
		status = EXIT_ERROR;
	}
	report_free(&rep);
	return status;
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

int cmd_help(int argc, char **argv)
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
			fputs(_("\nOptions (short forms in front):\n"
				"  -r, --root DIR      audit the root file system unpacked or mounted at DIR;\n"
				"                      nothing outside DIR is read, live-only facts are skipped\n"
				"  -p, --profile NAME|FILE  thresholds and lists (server, terminal, or a site\n"
				"                      profile: your own file that includes one of them)\n"
				"  -c, --checklist NAME  checklist edition (default: the profile's, e.g. mhlw-r7)\n"
				"  -f, --format F      report format: text (default), json, checklist (the\n"
				"                      ministry's form as text), csv (the form for Excel),\n"
				"                      html (the report to print and file, A4), junit and\n"
				"                      sarif (CI dashboards and code scanning)\n"
				"  -o, --output FILE   write the report to FILE atomically, mode 0600\n"
				"  -o, --output FORMAT:FILE  one more report, in FORMAT (repeatable; FORMAT is\n"
				"                      any --format, also junit or sarif for CI): one audit\n"
				"                      writes e.g. junit:results.xml and json:report.json\n"
				"  --fail-on fail|warn which check status makes the exit status 2 (default fail)\n"
				"  --report-dir DIR    scheduled audits: write kensa-HOST-DATE.json and .txt to\n"
				"                      DIR (created 0700) and print what changed since the\n"
				"                      host's previous report there\n"
				"  --keep N            keep the newest N reports of the host in DIR (0: all;\n"
				"                      default: the profile's [reports] keep)\n"
				"  --quiet             print only what got worse, one line each, then where the\n"
				"                      full report is (for cron)\n"
				"  -l, --lang ja|en    report language (default from the locale)\n"
				"  --only ID,...       run only these checks\n"
				"  --skip ID,...       do not run these checks\n"
				"  --as-of DATE|TIME   judge as of the end of this day, or of this moment\n"
				"                      (2026-12-03T01:00:00+09:00); dates are taken in the\n"
				"                      profile's [reports] time_zone (Japan time by default)\n"
				"  --platform P        linux or windows (default: detected)\n"
				"  --site FILE         the site file: answers to manual items, accepted\n"
				"                      exceptions (--answers is the same option)\n"				"  --form institution|vendor  which form to answer: the institution's\n"
				"                      (医療機関確認用, every section; the default) or the\n"
				"                      vendor's (事業者確認用, sections 1-2), headed with the\n"
				"                      site file's [vendor] company, person and system\n"
				"  -h, --help          this help\n"
				"\n"
				"Examples:\n"
				"  sudo kensa audit\n"
				"  kensa audit -r /srv/images/golden -f json -o report.json\n"
				"  kensa audit --only accounts.stale -l en\n"), stdout);
		if (strcmp(commands[i].name, "summary") == 0)
			fputs(_("\nOptions:\n"
				"  --format F          text (default), json (also the input of a later\n"
				"                      --previous), csv (one row per host and item, for\n"
				"                      Excel) or html (A4, to print and file)\n"
				"  --output FILE       write to FILE atomically, mode 0600\n"
				"  --previous FILE     an earlier 'kensa summary --format json': show hosts\n"
				"                      missing since then and what got better or worse\n"
				"  --lang ja|en        language of kensa's own wording (default: the\n"
				"                      reports' language)\n"
				"  --as-of YYYY-MM-DD  the summary's date (default: today in Japan time)\n"				"  --form institution|vendor  summarise the reports of this form (default:\n"
				"                      institution); the other form's reports are named,\n"
				"                      not counted\n"
				"\nEach host counts once, with its newest report (by report date); a\n"
				"directory contributes every *.json file directly in it. An item is Yes\n"
				"only when every host that has the row answers Yes; No names the hosts and\n"
				"the failing checks; Not checked names the hosts that could not be checked.\n"
				"Reports of different checklist editions are answered separately.\n"), stdout);
		if (strcmp(commands[i].name, "report") == 0)
			fputs(_("\nOptions:\n"
				"  --format F          text (default), json, checklist, csv, html (the report\n"
				"                      to print and file, A4), junit or sarif\n"
				"  --output FILE       write to FILE atomically, mode 0600\n"
				"  --lang ja|en        language of kensa's own wording (default: the language\n"
				"                      the report was saved in; its findings stay in that)\n"				"  --form institution|vendor  show this form (default: the one it was saved\n"
				"                      as; a report saved before forms is the institution's);\n"
				"                      a vendor's report cannot become the institution's\n"
				"\nNothing is audited again: the saved verdicts, findings and accepted\n"
				"exceptions are shown as they were.\n"
				"\nExample:\n"
				"  kensa report --format html --output visit-2026-11.html report.json\n"), stdout);
		if (strcmp(commands[i].name, "diff") == 0)
			fputs(_("\nOptions:\n"
				"  --format text|json  how to print the comparison (default: text)\n"
				"  --lang ja|en        language of the text (default from the locale)\n"				"  --form institution|vendor  compare both reports on this form (default: as\n"
				"                      saved; reports of different forms on the vendor's rows)\n"
				"\nChecks whose status got worse or better, findings that appeared or were\n"
				"resolved (matched by check id and subject, not by wording), findings that\n"
				"an accepted exception no longer covers, and checklist rows newly answered\n"
				"No or Not checked. Reports of different hosts are compared with a warning\n"
				"(an image and its predecessor).\n"
				"Exit status: 2 when anything got worse, 0 when not, 1 on error.\n"
				"\nExample:\n"
				"  kensa diff kensa-web01-2026-10-25.json kensa-web01-2026-11-25.json\n"), stdout);
		return EXIT_OK;
	}
	die_usage(argv[1], _("no such command (see 'kensa --help')"));
}

int main(int argc, char **argv)
{
	atexit(msg_release_tables); /* the message tables die with the process, not before */
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
		build_describe(stdout);
		sandbox_describe(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].exec(argc - 1, argv + 1);
	die_usage(argv[1], _("unknown command (see 'kensa --help')"));
}
