/* Windows facts from the system's programs (live) or from a vendor's captures (--root), decoded
 * to UTF-8 (winsource.h). */
#include "winsource.h"
#include "build.h"
#include "cp932.h"
#include "command.h"
#include "context.h"
#include "i18n.h"
#include "profile.h"
#include "result.h"
#include "rootfs.h"
#include "winreg.h"
#include "xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __CYGWIN__
#include <sys/cygwin.h>
#endif

#define WIN_MAX_OUTPUT (4u << 20)

/* Get-LocalUser with dates as ISO 8601 in UTC and UTF-8 output, whatever the PC's culture. The
 * same text is what kensa(8) tells vendors to run for a capture. */
static const char localuser_script[] =
	"[Console]::OutputEncoding = New-Object Text.UTF8Encoding $false; "
	"[Threading.Thread]::CurrentThread.CurrentCulture = "
	"[Globalization.CultureInfo]::InvariantCulture; "
	"$d = { param($t) if ($t) { $t.ToUniversalTime().ToString('o') } else { '' } }; "
	"Get-LocalUser | Select-Object Name,Enabled,"
	"@{n='LastLogon';e={& $d $_.LastLogon}},"
	"@{n='PasswordLastSet';e={& $d $_.PasswordLastSet}},"
	"@{n='PasswordExpires';e={& $d $_.PasswordExpires}},"
	"PasswordRequired,@{n='SID';e={$_.SID.Value}} | ConvertTo-Csv -NoTypeInformation";

/* Get-HotFix (installed Windows updates) with InstalledOn as ISO 8601 in UTC; the same text is
 * what kensa(8) tells vendors to run for a capture. */
static const char hotfix_script[] =
	"[Console]::OutputEncoding = New-Object Text.UTF8Encoding $false; "
	"[Threading.Thread]::CurrentThread.CurrentCulture = "
	"[Globalization.CultureInfo]::InvariantCulture; "
	"Get-HotFix | Select-Object HotFixID,Description,"
	"@{n='InstalledOn';e={ if ($_.InstalledOn) { $_.InstalledOn.ToUniversalTime().ToString('o') } "
	"else { '' } }} | ConvertTo-Csv -NoTypeInformation";

/* Security Center's registered anti-virus products (client Windows only: Server has no
 * root/SecurityCenter2) */
static const char avproduct_script[] =
	"[Console]::OutputEncoding = New-Object Text.UTF8Encoding $false; "
	"[Threading.Thread]::CurrentThread.CurrentCulture = "
	"[Globalization.CultureInfo]::InvariantCulture; "
	"Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | "
	"Select-Object displayName,productState,timestamp | ConvertTo-Csv -NoTypeInformation";

void win_text_free(struct win_text *t)
{
	free(t->text);
	free(t->origin);
	memset(t, 0, sizeof *t);
}

static bool valid_utf8(const unsigned char *s, size_t n, bool *non_ascii)
{
	*non_ascii = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
			: (c & 0xF8) == 0xF0 ? 3 : 9;
		if (k == 9 || (k == 1 && c < 0xC2) || i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		*non_ascii |= k > 0;
		i += k + 1;
	}
	return true;
}

static char *iconv_to_utf8(const char *data, size_t len, const char *from, size_t *out_len,
			   char *why, size_t whylen)
{
	/* A static glibc converts the Unicode forms itself but loads every other code page as a
	 * gconv module with dlopen, which is safe only with the very glibc it was linked against:
	 * the self-contained kensa decodes CP932 (the Japanese OEM code page) with its own table
	 * and refuses the others rather than risk another host's modules. */
	if (kensa_static_build && cp932_is_name(from)) {
		size_t bad = 0;
		char *out = cp932_to_utf8(data, len, out_len, &bad);
		if (!out)
			msg_snprintf(why, whylen, _("byte %zu is not valid %s"), bad, from);
		return out;
	}
	if (kensa_static_build && strcasecmp(from, "UTF-16LE") && strcasecmp(from, "UTF-16BE")) {
		msg_snprintf(why, whylen, _("the code page %s cannot be decoded by the self-contained kensa "
					"(it loads no conversion modules): capture the output as UTF-8, or use "
					"the installed kensa"), from);
		return NULL;
	}
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		msg_snprintf(why, whylen, _("the code page %s is unknown to iconv"), from);
		return NULL;
	}
	size_t cap = len * 3 + 16;
	char *out = xmalloc(cap + 1);
	char *in = (char *)data, *o = out;
	size_t inleft = len, outleft = cap;
	size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		msg_snprintf(why, whylen, _("byte %zu is not valid %s"), len - inleft, from);
		free(out);
		return NULL;
	}
	*out_len = (size_t)(o - out);
	out[*out_len] = '\0';
	return out;
}

char *win_text_decode(const char *data, size_t len, const char *oem_codepage, size_t *out_len,
		      char *why, size_t whylen)
{
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return iconv_to_utf8(data + 2, len - 2, "UTF-16LE", out_len, why, whylen);
	if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return iconv_to_utf8(data + 2, len - 2, "UTF-16BE", out_len, why, whylen);
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	bool non_ascii;
	if (valid_utf8((const unsigned char *)data, len, &non_ascii)) {
		*out_len = len;
		return xstrndup(data, len);
	}
	return iconv_to_utf8(data, len, oem_codepage, out_len, why, whylen);
}

/* A configured program: absolute, or relative to the profile file that names it. */
static char *program_path(const struct audit_context *ctx, const char *key)
{
	const char *v = profile_string(ctx->profile, "windows", key);
	if (v[0] == '/')
		return xstrdup(v);
	const char *pf = profile_file(ctx->profile);
	const char *slash = pf ? strrchr(pf, '/') : NULL;
	if (!slash)
		return xstrdup(v); /* refused by command_run: not absolute */
	char *rel = xasprintf("%.*s/%s", (int)(slash - pf), pf, v);
	char *abs = realpath(rel, NULL);
	if (abs) {
		free(rel);
		return abs;
	}
	return rel;
}

static void base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) |
			     (i + 2 < n ? in[i + 2] : 0);
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
}

/* -EncodedCommand takes base64 of UTF-16LE: no quoting survives a trip through a Windows
 * command line unchanged, base64 does. */
static char *encoded_command(const char *script)
{
	size_t n = strlen(script);
	unsigned char *w = xmalloc(n * 2);
	for (size_t i = 0; i < n; i++) {
		w[2 * i] = (unsigned char)script[i];
		w[2 * i + 1] = 0;
	}
	char *out = xmalloc((n * 2 + 2) / 3 * 4 + 1);
	base64(w, n * 2, out);
	free(w);
	return out;
}

static char *native_path(const char *posix)
{
#ifdef __CYGWIN__
	ssize_t n = cygwin_conv_path(CCP_POSIX_TO_WIN_A | CCP_ABSOLUTE, posix, NULL, 0);
	if (n > 0) {
		char *w = xmalloc((size_t)n);
		if (cygwin_conv_path(CCP_POSIX_TO_WIN_A | CCP_ABSOLUTE, posix, w, (size_t)n) == 0)
			return w;
		free(w);
	}
#endif
	return xstrdup(posix);
}

/* Our own temporary file (not the audited system's): a plain bounded read. */
static int read_own_file(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)WIN_MAX_OUTPUT) {
		close(fd);
		return -EFBIG;
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

static int run_program(struct audit_context *ctx, const char *const *argv, char **data,
		       size_t *len, char *why, size_t whylen)
{
	struct command_output out;
	unsigned timeout = (unsigned)profile_int(ctx->profile, "windows", "command_timeout_seconds");
	int rc = command_run(argv, NULL, rootfs_path(ctx->root), WIN_MAX_OUTPUT, timeout * 1000u,
			     &out, why, whylen);
	if (rc < 0)
		return rc;
	if (out.timed_out || out.truncated || out.exit_status != 0) {
		/* the first line of what it said, decoded like its output (CP932 on Japanese
		 * Windows), so the reason stays valid UTF-8 */
		char first[200] = "", ignore[64];
		size_t dlen;
		char *said = win_text_decode(out.err_len ? out.err : out.data,
					     out.err_len ? out.err_len : out.len,
					     profile_string(ctx->profile, "windows", "oem_codepage"),
					     &dlen, ignore, sizeof ignore);
		if (said) {
			const char *s = said + strspn(said, "\r\n \t");
			size_t n = strcspn(s, "\r\n");
			if (n > 160) /* cut at a character boundary */
				for (n = 160; n && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
					;
			snprintf(first, sizeof first, "%.*s", (int)n, s);
			free(said);
		}
		if (out.timed_out)
			msg_snprintf(why, whylen, _("%s did not finish within %u s"), argv[0], timeout);
		else if (out.truncated)
			msg_snprintf(why, whylen, _("%s wrote more than %u MiB"), argv[0],
				 WIN_MAX_OUTPUT >> 20);
		else
			msg_snprintf(why, whylen, _("%s exited with status %d%s%s"), argv[0],
				 out.exit_status, first[0] ? ": " : "", first);
		command_output_free(&out);
		return strstr(why, "Access is denied") || strstr(why, "アクセスが拒否されました")
			       ? -EACCES : -EIO;
	}
	*data = out.data;
	*len = out.len;
	out.data = NULL;
	command_output_free(&out);
	return 0;
}

static int run_secedit(struct audit_context *ctx, const char *prog, char **data, size_t *len,
		       char *desc, size_t desclen, char *why, size_t whylen)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/kensa-secedit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		int e = errno;
		msg_snprintf(why, whylen, _("cannot create a temporary directory: %s"), kensa_strerror(e));
		free(dir);
		return -e;
	}
	char *cfg = xasprintf("%s/policy.inf", dir), *log = xasprintf("%s/secedit.log", dir);
	char *wcfg = native_path(cfg), *wlog = native_path(log);
	/* /log keeps secedit from appending to %windir%\security\logs\scesrv.log */
	const char *argv[] = { prog, "/export", "/cfg", wcfg, "/areas", "SECURITYPOLICY", "/log",
			       wlog, "/quiet", NULL };
	command_describe(argv, desc, desclen);
	char *ignored = NULL;
	size_t ignored_len;
	int rc = run_program(ctx, argv, &ignored, &ignored_len, why, whylen);
	free(ignored);
	if (rc == 0) {
		rc = read_own_file(cfg, data, len);
		if (rc < 0) {
			msg_snprintf(why, whylen, _("%s wrote no policy file (%s): it needs an elevated "
						"prompt"), prog, kensa_strerror(-rc));
			rc = -EACCES;
		}
	} else if (rc == -EIO) {
		char prev[512];
		msg_snprintf(prev, sizeof prev, "%s", why);
		msg_snprintf(why, whylen, _("%s (secedit needs an elevated prompt)"), prev);
		rc = -EACCES;
	}
	unlink(cfg);
	unlink(log);
	rmdir(dir);
	free(wcfg);
	free(wlog);
	free(cfg);
	free(log);
	free(dir);
	return rc;
}

static const char *capture_name(enum win_source which)
{
	switch (which) {
	case WIN_SRC_SECEDIT: return "secedit.inf";
	case WIN_SRC_NET_ACCOUNTS: return "net-accounts.txt";
	case WIN_SRC_LOCALUSERS: return "get-localuser.csv";
	case WIN_SRC_NET_USER_LIST: return "net-user.txt";
	case WIN_SRC_HOTFIX: return "get-hotfix.csv";
	case WIN_SRC_AVPRODUCT: return "get-antivirusproduct.csv";
	default: return NULL;
	}
}

int win_source_text(struct audit_context *ctx, enum win_source which, const char *user,
		    struct win_text *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	char *raw = NULL;
	size_t rawlen = 0;
	int rc;
	char desc[512];
	if (!ctx->live) {
		bool named = which == WIN_SRC_NET_USER || which == WIN_SRC_NET_LOCALGROUP;
		char *path = which == WIN_SRC_NET_USER
			? xasprintf("%s/net-user/%s.txt", WIN_CAPTURE_DIR, user)
			: which == WIN_SRC_NET_LOCALGROUP
			? xasprintf("%s/net-localgroup/%s.txt", WIN_CAPTURE_DIR, user)
			: xasprintf("%s/%s", WIN_CAPTURE_DIR, capture_name(which));
		if (named && (strchr(user, '/') || !strcmp(user, "..") || !strcmp(user, "."))) {
			msg_snprintf(why, whylen, _("'%s' cannot name a capture file"), user);
			free(path);
			return -EINVAL;
		}
		struct file_buf buf;
		rc = rootfs_read_file(ctx->root, path, WIN_MAX_OUTPUT, &buf);
		if (rc < 0) {
			msg_snprintf(why, whylen, "%s: %s", path, rootfs_strerror(rc));
			free(path);
			return rc == -ENOENT ? -ENOENT : rc == -EACCES ? -EACCES : -EIO;
		}
		raw = buf.data;
		rawlen = buf.len;
		out->origin = path;
		out->captured = true;
	} else {
		char *prog = NULL;
		switch (which) {
		case WIN_SRC_SECEDIT:
			prog = program_path(ctx, "secedit");
			rc = run_secedit(ctx, prog, &raw, &rawlen, desc, sizeof desc, why, whylen);
			break;
		case WIN_SRC_LOCALUSERS:
		case WIN_SRC_HOTFIX:
		case WIN_SRC_AVPRODUCT: {
			prog = program_path(ctx, "powershell");
			char *enc = encoded_command(which == WIN_SRC_HOTFIX ? hotfix_script
						    : which == WIN_SRC_AVPRODUCT ? avproduct_script
						    : localuser_script);
			const char *argv[] = { prog, "-NoProfile", "-NonInteractive", "-EncodedCommand",
					       enc, NULL };
			command_describe(argv, desc, sizeof desc);
			rc = run_program(ctx, argv, &raw, &rawlen, why, whylen);
			free(enc);
			break;
		}
		default: {
			prog = program_path(ctx, "net");
			const char *argv[] = { prog, which == WIN_SRC_NET_ACCOUNTS ? "accounts"
					       : which == WIN_SRC_NET_LOCALGROUP ? "localgroup" : "user",
					       which == WIN_SRC_NET_USER || which == WIN_SRC_NET_LOCALGROUP
						       ? user : NULL, NULL };
			command_describe(argv, desc, sizeof desc);
			rc = run_program(ctx, argv, &raw, &rawlen, why, whylen);
			break;
		}
		}
		free(prog);
		if (rc < 0)
			return rc;
		out->origin = xstrdup(desc);
	}
	out->text = win_text_decode(raw, rawlen, profile_string(ctx->profile, "windows",
								 "oem_codepage"),
				    &out->len, why, whylen);
	free(raw);
	if (!out->text) {
		char prev[512];
		msg_snprintf(prev, sizeof prev, "%s", why);
		msg_snprintf(why, whylen, "%s: %s", out->origin, prev);
		win_text_free(out);
		return -EILSEQ;
	}
	return 0;
}

int win_policy_load(struct audit_context *ctx, struct win_account_policy *p, char *origin,
		    size_t originlen, struct check_result *r, char *why, size_t whylen)
{
	struct win_text t;
	char w[1024];
	int rc = win_source_text(ctx, WIN_SRC_SECEDIT, NULL, &t, w, sizeof w);
	if (rc == 0) {
		char pw[512];
		if (secedit_parse(t.text, t.len, p, pw, sizeof pw)) {
			msg_snprintf(origin, originlen, "%s", t.origin);
			win_text_free(&t);
			return 0;
		}
		msg_snprintf(w, sizeof w, "%s: %s", t.origin, pw);
		win_text_free(&t);
		rc = -EINVAL;
	}
	result_evidence(r, NULL, _("secedit export not used: %s"), w);
	int first = rc;
	rc = win_source_text(ctx, WIN_SRC_NET_ACCOUNTS, NULL, &t, why, whylen);
	if (rc == -ENOENT && first != -ENOENT) {
		/* no fallback: what was wrong with the first source is the answer */
		msg_snprintf(why, whylen, "%s", w);
		return first;
	}
	if (rc < 0)
		return rc;
	char pw[512];
	if (!net_accounts_parse(t.text, t.len, p, pw, sizeof pw)) {
		msg_snprintf(why, whylen, "%s: %s", t.origin, pw);
		win_text_free(&t);
		return -EINVAL;
	}
	if (p->n_known_labels < 9)
		result_evidence(r, t.origin, _("%u of 9 labels are not those of en-US or ja-JP Windows: "
					       "the values are read by their position"),
				9 - p->n_known_labels);
	msg_snprintf(origin, originlen, "%s", t.origin);
	win_text_free(&t);
	return 0;
}

/* "line 3: MinimumPasswordLength = 8" (secedit) or "line 4: 8" (net accounts: the label is
 * localised, the position is what counts). */
void win_policy_evidence(struct check_result *r, struct finding *f, const char *origin,
			 const struct win_account_policy *p, const struct win_policy_value *v,
			 const char *secedit_name)
{
	char text[256];
	if (!v->set)
		msg_snprintf(text, sizeof text, _("%s not set"), secedit_name);
	else if (p->source == WINPOL_SECEDIT)
		msg_snprintf(text, sizeof text, _("line %u: %s = %s"), v->line, secedit_name, v->raw);
	else
		msg_snprintf(text, sizeof text, _("line %u: %s (%s)"), v->line, v->raw, secedit_name);
	if (f)
		finding_evidence(f, origin, "%s", text);
	else
		result_evidence(r, origin, "%s", text);
}

int win_policy_for_check(struct audit_context *ctx, struct win_account_policy *p, char *origin,
			 size_t originlen, struct check_result *r)
{
	char why[1024];
	int rc = win_policy_load(ctx, p, origin, originlen, r, why, sizeof why);
	if (rc == 0)
		return 0;
	if (rc == -ENOENT && !ctx->live)
		result_not_applicable(r, _("no password policy capture under --root (%s/secedit.inf or "
					   "net-accounts.txt): %s"), WIN_CAPTURE_DIR, why);
	else if (rc == -EACCES)
		result_error(r, _("cannot read the password policy (run elevated, as Administrator): "
				  "%s"), why);
	else
		result_error(r, _("cannot read the password policy: %s"), why);
	return -1;
}

#define INTL_KEY "Control Panel\\International"
#define TZ_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation"

/* A SYSTEMTIME (8 little-endian 16-bit fields) as a transition rule; false when malformed. */
static bool systemtime_rule(const struct winreg_value *v, struct win_tz_rule *rule)
{
	if (v->len != 16)
		return false;
	unsigned f[8];
	for (int i = 0; i < 8; i++)
		f[i] = v->data[2 * i] | (unsigned)v->data[2 * i + 1] << 8;
	*rule = (struct win_tz_rule){ (int)f[0], (int)f[1], (int)f[2], (int)f[3], (int)f[4],
				      (int)f[5] };
	if (!rule->month) /* no transition */
		return true;
	return rule->month <= 12 && rule->dow <= 6 && rule->day >= 1 &&
	       rule->day <= (rule->year ? 31 : 5) && rule->hour <= 23 && rule->minute <= 59 &&
	       (!rule->year || (rule->year >= 1970 && rule->year <= 9999));
}

static int tz_minutes(struct audit_context *ctx, const char *value, int32_t *out, char **src)
{
	int64_t v;
	int rc = winreg_read_number(ctx->root, TZ_KEY, value, UINT32_MAX, &v, src);
	if (rc == 0) {
		if (v > INT32_MAX) /* a DWORD holds a signed LONG: -540 is 0xFFFFFDE4 */
			v = (int64_t)(int32_t)(uint32_t)v;
		if (v < -24 * 60 || v > 24 * 60)
			return -EINVAL;
		*out = (int32_t)v;
	}
	return rc;
}

/* How `net user` on this PC wrote dates and what its clock was: the user's short date pattern
 * (HKCU, else the default profile HKU\.DEFAULT, Control Panel\International sShortDate, else
 * iDate) and the time zone (TimeZoneInformation). What is missing stays unknown, and a date that
 * needs it is an error for its account (win_local_date_parse), never read as US or UTC. */
static void win_locale_load(struct audit_context *ctx, struct win_locale *loc,
			    struct check_result *r)
{
	memset(loc, 0, sizeof *loc);
	static const char *const hives[] = { "HKEY_CURRENT_USER\\" INTL_KEY,
					     "HKEY_USERS\\.DEFAULT\\" INTL_KEY };
	for (size_t i = 0; i < 2 && loc->order == WIN_ORDER_UNKNOWN; i++) {
		struct winreg_value v;
		if (winreg_read(ctx->root, hives[i], "sShortDate", &v) == 0) {
			const char *pat = winreg_value_string(&v);
			if (pat && (loc->order = win_short_date_order(pat)) != WIN_ORDER_UNKNOWN)
				result_evidence(r, v.path, _("short date format '%s': net user dates "
							     "are read %s"), pat,
						loc->order == WIN_ORDER_MDY ? _("month first")
						: loc->order == WIN_ORDER_DMY ? _("day first")
									       : _("year first"));
			winreg_value_free(&v);
		}
		if (loc->order == WIN_ORDER_UNKNOWN && winreg_read(ctx->root, hives[i], "iDate", &v) == 0) {
			const char *id = winreg_value_string(&v);
			static const enum win_date_order by_idate[] = { WIN_ORDER_MDY, WIN_ORDER_DMY,
									WIN_ORDER_YMD };
			if (id && id[0] >= '0' && id[0] <= '2' && !id[1]) {
				loc->order = by_idate[id[0] - '0'];
				result_evidence(r, v.path, _("iDate = %s: net user dates are read %s"), id,
						loc->order == WIN_ORDER_MDY ? _("month first")
						: loc->order == WIN_ORDER_DMY ? _("day first")
									       : _("year first"));
			}
			winreg_value_free(&v);
		}
	}
	if (loc->order == WIN_ORDER_UNKNOWN)
		result_evidence(r, NULL, _("the PC's short date format is unknown (no Control "
					   "Panel\\International sShortDate under HKEY_CURRENT_USER or "
					   "HKEY_USERS\\.DEFAULT): a date such as 11/01/2022 cannot be "
					   "read"));

	char *src = NULL;
	struct win_timezone *tz = &loc->tz;
	int rc = tz_minutes(ctx, "Bias", &tz->bias, &src);
	if (rc == 0) {
		char *ignore = NULL;
		/* absent biases are 0, as Windows treats them; malformed ones leave the zone unknown */
		int rs = tz_minutes(ctx, "StandardBias", &tz->standard_bias, &ignore);
		free(ignore);
		ignore = NULL;
		int rd = tz_minutes(ctx, "DaylightBias", &tz->daylight_bias, &ignore);
		free(ignore);
		struct winreg_value sv, dv;
		bool have_s = winreg_read(ctx->root, TZ_KEY, "StandardStart", &sv) == 0;
		bool have_d = winreg_read(ctx->root, TZ_KEY, "DaylightStart", &dv) == 0;
		bool rules_ok = (!have_s || systemtime_rule(&sv, &tz->standard_start)) &&
				(!have_d || systemtime_rule(&dv, &tz->daylight_start));
		if (have_s)
			winreg_value_free(&sv);
		if (have_d)
			winreg_value_free(&dv);
		tz->has_dst = tz->standard_start.month && tz->daylight_start.month;
		tz->known = (rs == 0 || rs == -ENOENT) && (rd == 0 || rd == -ENOENT) && rules_ok;
		struct winreg_value kn;
		const char *name = NULL;
		if (winreg_read(ctx->root, TZ_KEY, "TimeZoneKeyName", &kn) == 0)
			name = winreg_value_string(&kn);
		if (tz->known)
			result_evidence(r, src, _("time zone %s: Bias = %d minutes (UTC%+d:%02d)%s: net "
						  "user times are read as this local time"),
					name && *name ? name : "-", (int)tz->bias,
					-tz->bias / 60, abs(tz->bias) % 60,
					tz->has_dst ? _(", with daylight saving time") : "");
		else
			result_evidence(r, src, _("TimeZoneInformation is malformed (StandardBias, "
						  "DaylightBias or a transition date): net user times "
						  "cannot be placed"));
		if (name || kn.data)
			winreg_value_free(&kn);
	} else {
		result_evidence(r, NULL, _("the PC's time zone is unknown (%s\\Bias: %s): net user "
					   "times, which are local, cannot be placed"), TZ_KEY,
				rc == -EINVAL ? _("not a number of minutes") : rootfs_strerror(rc));
	}
	free(src);
}

int win_users_load(struct audit_context *ctx, struct win_user **users, size_t *n, bool *sids_known,
		   char *origin, size_t originlen, struct check_result *r, char *why, size_t whylen)
{
	*users = NULL;
	*n = 0;
	*sids_known = true;
	struct win_text t;
	char w[1024];
	int rc = win_source_text(ctx, WIN_SRC_LOCALUSERS, NULL, &t, w, sizeof w);
	if (rc == 0) {
		char pw[512];
		if (localuser_csv_parse(t.text, t.len, users, n, pw, sizeof pw)) {
			msg_snprintf(origin, originlen, "%s", t.origin);
			win_text_free(&t);
			return 0;
		}
		msg_snprintf(w, sizeof w, "%s: %s", t.origin, pw);
		win_text_free(&t);
	}
	result_evidence(r, NULL, _("Get-LocalUser not used: %s"), w);
	*sids_known = false;
	int first = rc == 0 ? -EINVAL : rc;
	rc = win_source_text(ctx, WIN_SRC_NET_USER_LIST, NULL, &t, why, whylen);
	if (rc == -ENOENT && first != -ENOENT) {
		msg_snprintf(why, whylen, "%s", w);
		return first;
	}
	if (rc < 0)
		return rc;
	char **names;
	size_t nn;
	char pw[512];
	if (!net_user_list_parse(t.text, t.len, &names, &nn, pw, sizeof pw)) {
		msg_snprintf(why, whylen, "%s: %s", t.origin, pw);
		win_text_free(&t);
		return -EINVAL;
	}
	msg_snprintf(origin, originlen, "%s", t.origin);
	win_text_free(&t);
	struct win_locale loc;
	win_locale_load(ctx, &loc, r);
	*users = xcalloc(nn ? nn : 1, sizeof **users);
	/* One account's `net user NAME` that cannot be read leaves that account unjudged, not the
	 * others: the reason travels with it (win_user.unread). */
	for (size_t i = 0; i < nn; i++) {
		struct win_user *u = &(*users)[(*n)++];
		char uwhy[512];
		rc = win_source_text(ctx, WIN_SRC_NET_USER, names[i], &t, uwhy, sizeof uwhy);
		if (rc == 0) {
			if (!net_user_detail_parse(t.text, t.len, names[i], &loc, u, pw, sizeof pw))
				msg_snprintf(u->unread, sizeof u->unread, "%s: %s", t.origin, pw);
			win_text_free(&t);
		} else {
			memset(u, 0, sizeof *u);
			msg_snprintf(u->name, sizeof u->name, "%s", names[i]);
			msg_snprintf(u->unread, sizeof u->unread, "%s%s", uwhy,
				 rc == -EACCES ? _(" (run elevated, as Administrator)") : "");
		}
	}
	win_names_free(names, nn);
	return 0;
}

int win_registry_for_check(struct audit_context *ctx, struct check_result *r)
{
	char *path;
	int rc = winreg_key_path(ctx->root, "HKEY_LOCAL_MACHINE", &path);
	if (rc == 0) {
		free(path);
		return 0;
	}
	if (rc == -ENOENT)
		result_error(r, ctx->live ? _("no registry at %s/HKEY_LOCAL_MACHINE: not a Cygwin "
					      "system")
					  : _("no registry under the root (%s/HKEY_LOCAL_MACHINE): "
					      "copy it as kensa(8) describes"), WINREG_ROOT);
	else if (rc == -EACCES)
		result_error(r, _("the registry cannot be read (run elevated, as Administrator)"));
	else
		result_error(r, _("the registry cannot be read: %s"), rootfs_strerror(rc));
	return -1;
}

long win_sid_rid(const char *sid)
{
	const char *dash = strrchr(sid, '-');
	if (!dash || strncasecmp(sid, "S-1-", 4) != 0)
		return -1;
	char *end;
	long rid = strtol(dash + 1, &end, 10);
	return *end || end == dash + 1 ? -1 : rid;
}
