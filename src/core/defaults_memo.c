/* password.defaults' memo of fully tested hashes (see defaults_memo.h). */
#include "defaults_memo.h"
#include "i18n.h"
#include "output.h"
#include "statefile.h"
#include "xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEMO_MAGIC "kensa-defaults-memo 1"
#define MEMO_MAX_BYTES (4u << 20) /* 40,000 accounts; a larger file is not ours */
#define KEY_NAME "kensa-defaults.key"

struct memo_entry {
	unsigned char digest[SHA256_DIGEST_SIZE];
	char date[11];
	bool keep; /* found or added in this run */
};

struct defaults_memo {
	char *dir, *memo_name;
	char date[11];
	unsigned char key[32];
	bool key_new;
	bool used;        /* password.defaults asked: only then is the memo written again */
	const char *note; /* N_() why the memo read was void, or NULL */
	struct memo_entry *entries;
	size_t n, cap;
	/* prepared before the sandbox (defaults_memo_prepare): the broker renames them */
	struct output key_out, memo_out;
	bool key_open, memo_open;
};

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void add_entry(struct defaults_memo *m, const unsigned char d[SHA256_DIGEST_SIZE],
		      const char *date, bool keep)
{
	XGROW(m->entries, m->n, m->cap, m->n + 1);
	struct memo_entry *e = &m->entries[m->n++];
	memcpy(e->digest, d, SHA256_DIGEST_SIZE);
	msg_snprintf(e->date, sizeof e->date, "%s", date);
	e->keep = keep;
}

/* "MAGIC\n" then "HEX64 YYYY-MM-DD\n" lines; anything else makes the whole memo void. */
static bool parse_memo(struct defaults_memo *m, char *buf, size_t len)
{
	size_t magic = strlen(MEMO_MAGIC);
	if (len < magic + 1 || memcmp(buf, MEMO_MAGIC "\n", magic + 1) != 0)
		return false;
	size_t pos = magic + 1;
	while (pos < len) {
		const size_t line = 2 * SHA256_DIGEST_SIZE + 1 + 10 + 1;
		if (len - pos < line || buf[pos + 64] != ' ' || buf[pos + line - 1] != '\n')
			return false;
		unsigned char d[SHA256_DIGEST_SIZE];
		for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
			int hi = hexval(buf[pos + 2 * i]), lo = hexval(buf[pos + 2 * i + 1]);
			if (hi < 0 || lo < 0)
				return false;
			d[i] = (unsigned char)(hi << 4 | lo);
		}
		char date[11];
		memcpy(date, buf + pos + 65, 10);
		date[10] = '\0';
		for (int i = 0; i < 10; i++)
			if ((i == 4 || i == 7) ? date[i] != '-' : (date[i] < '0' || date[i] > '9'))
				return false;
		add_entry(m, d, date, false);
		pos += line;
	}
	return true;
}

struct defaults_memo *defaults_memo_open(int dirfd, const char *dir, const char *host,
					 const char *date, const char **note, char *err,
					 size_t errlen)
{
	*note = NULL;
	struct defaults_memo *m = xcalloc(1, sizeof *m);
	const char **note_out = note;
	note = &m->note; /* kept for the check's evidence as well */
	m->dir = xstrdup(dir);
	m->memo_name = xasprintf("kensa-defaults-%s.memo", host);
	msg_snprintf(m->date, sizeof m->date, "%s", date);
	char *keybuf;
	long klen = state_file_read(dirfd, KEY_NAME, sizeof m->key + 1, &keybuf);
	if (klen == (long)sizeof m->key) {
		memcpy(m->key, keybuf, sizeof m->key);
		memset(keybuf, 0, sizeof m->key);
		free(keybuf);
	} else {
		if (keybuf)
			memset(keybuf, 0, (size_t)klen);
		free(keybuf);
		if (klen != -ENOENT)
			*note = N_("the memo's key was unreadable: a new key is made and every account is tested again");
		if (hmac_random_key(m->key, sizeof m->key) != 0) {
			msg_snprintf(err, errlen, _("cannot make a key for the password.defaults memo: %s"),
				 kensa_strerror(errno));
			defaults_memo_free(m);
			return NULL;
		}
		m->key_new = true;
		*note_out = m->note;
		return m; /* a memo under another key means nothing */
	}
	char *buf;
	long len = state_file_read(dirfd, m->memo_name, MEMO_MAX_BYTES, &buf);
	if (len >= 0 && !parse_memo(m, buf, (size_t)len)) {
		m->n = 0;
		*note = N_("the memo was malformed: every account is tested again");
	} else if (len < 0 && len != -ENOENT) {
		*note = N_("the memo was unreadable: every account is tested again");
	}
	free(buf);
	*note_out = m->note;
	return m;
}

void defaults_memo_free(struct defaults_memo *m)
{
	if (!m)
		return;
	defaults_memo_abandon(m);
	memset(m->key, 0, sizeof m->key);
	free(m->entries);
	free(m->dir);
	free(m->memo_name);
	free(m);
}

void defaults_memo_list_digest(const char *const *entries, size_t n,
			       unsigned char out[SHA256_DIGEST_SIZE])
{
	struct sha256 s;
	sha256_init(&s);
	for (size_t i = 0; i < n; i++)
		sha256_update(&s, entries[i], strlen(entries[i]) + 1);
	sha256_final(&s, out);
}

void defaults_memo_digest(const struct defaults_memo *m, const char *stored_hash,
			  const char *account, const char *host,
			  const unsigned char list_digest[SHA256_DIGEST_SIZE],
			  unsigned char out[SHA256_DIGEST_SIZE])
{
	((struct defaults_memo *)m)->used = true; /* allocated non-const: the run consulted it */
	/* every input that decides the candidates and their outcome, NUL-separated; the version
	 * tag changes whenever the candidates kensa derives from a name change */
	static const char tag[] = "kensa password.defaults v1";
	struct hmac_sha256 h;
	hmac_sha256_init(&h, m->key, sizeof m->key);
	hmac_sha256_update(&h, tag, sizeof tag);
	hmac_sha256_update(&h, stored_hash, strlen(stored_hash) + 1);
	hmac_sha256_update(&h, account, strlen(account) + 1);
	hmac_sha256_update(&h, host ? host : "", strlen(host ? host : "") + 1);
	hmac_sha256_update(&h, list_digest, SHA256_DIGEST_SIZE);
	hmac_sha256_final(&h, out);
}

const char *defaults_memo_find(struct defaults_memo *m, const unsigned char d[SHA256_DIGEST_SIZE])
{
	for (size_t i = 0; i < m->n; i++)
		if (memcmp(m->entries[i].digest, d, SHA256_DIGEST_SIZE) == 0) {
			m->entries[i].keep = true;
			return m->entries[i].date;
		}
	return NULL;
}

void defaults_memo_add(struct defaults_memo *m, const unsigned char d[SHA256_DIGEST_SIZE])
{
	for (size_t i = 0; i < m->n; i++)
		if (memcmp(m->entries[i].digest, d, SHA256_DIGEST_SIZE) == 0) {
			m->entries[i].keep = true;
			return;
		}
	add_entry(m, d, m->date, true);
}

const char *defaults_memo_note(const struct defaults_memo *m)
{
	return m->note;
}

int defaults_memo_prepare(struct defaults_memo *m, const char *audit_root, struct broker *broker,
			  char *err, size_t errlen)
{
	if (m->key_new) {
		char *path = xasprintf("%s/%s", m->dir, KEY_NAME);
		int rc = output_open(&m->key_out, path, audit_root, err, errlen);
		free(path);
		if (rc != 0)
			return -1;
		m->key_open = true;
		output_use_broker(&m->key_out, broker, NULL);
	}
	char *path = xasprintf("%s/%s", m->dir, m->memo_name);
	int rc = output_open(&m->memo_out, path, audit_root, err, errlen);
	free(path);
	if (rc != 0)
		return -1;
	m->memo_open = true;
	output_use_broker(&m->memo_out, broker, NULL);
	return 0;
}

int defaults_memo_save(struct defaults_memo *m, char *err, size_t errlen)
{
	if (!m->used || !m->memo_open) { /* password.defaults did not run: leave the memo as it is */
		defaults_memo_abandon(m);
		return 0;
	}
	if (m->key_open) {
		size_t w = fwrite(m->key, 1, sizeof m->key, m->key_out.fp);
		m->key_open = false;
		if (output_commit(&m->key_out, w == sizeof m->key ? 0 : -1, err, errlen) != 0) {
			defaults_memo_abandon(m);
			return -1;
		}
		m->key_new = false;
	}
	FILE *fp = m->memo_out.fp;
	fputs(MEMO_MAGIC "\n", fp);
	for (size_t i = 0; i < m->n; i++) {
		if (!m->entries[i].keep)
			continue;
		for (int k = 0; k < SHA256_DIGEST_SIZE; k++)
			fprintf(fp, "%02x", m->entries[i].digest[k]);
		fprintf(fp, " %s\n", m->entries[i].date);
	}
	m->memo_open = false;
	return output_commit(&m->memo_out, ferror(fp) ? -1 : 0, err, errlen);
}

void defaults_memo_abandon(struct defaults_memo *m)
{
	if (m->key_open)
		output_abandon(&m->key_out);
	if (m->memo_open)
		output_abandon(&m->memo_out);
	m->key_open = m->memo_open = false;
}
