/* Host facts: /etc/hostname and os-release inside the root; uname only for the live host. */
#include "hostinfo.h"
#include "rootfs.h"
#include "xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static char *first_line(struct rootfs *root, const char *path)
{
	struct file_buf buf;
	if (rootfs_read_file(root, path, 4096, &buf) != 0)
		return NULL;
	size_t n = strcspn(buf.data, "\r\n");
	char *s = xstrndup(buf.data, n);
	file_buf_free(&buf);
	return s;
}

static char *os_release_name(struct rootfs *root)
{
	const char *paths[] = { "/etc/os-release", "/usr/lib/os-release" };
	for (size_t p = 0; p < 2; p++) {
		struct file_buf buf;
		if (rootfs_read_file(root, paths[p], 64 * 1024, &buf) != 0)
			continue;
		struct line_iter it;
		char line[1024];
		bool truncated;
		char *name = NULL;
		line_iter_init(&it, &buf);
		while (line_iter_next(&it, line, sizeof line, &truncated)) {
			if (strncmp(line, "PRETTY_NAME=", 12) != 0)
				continue;
			char *v = line + 12;
			size_t n = strlen(v);
			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v[n - 1] = '\0';
				v++;
			}
			free(name);
			name = xstrdup(v);
		}
		file_buf_free(&buf);
		if (name)
			return name;
	}
	return NULL;
}

void hostinfo_collect(struct rootfs *root, bool live, struct host_info *out)
{
	memset(out, 0, sizeof *out);
	out->live = live;
	if (live) {
		char name[256];
		if (gethostname(name, sizeof name) == 0) {
			name[sizeof name - 1] = '\0';
			out->hostname = xstrdup(name);
		}
		struct utsname u;
		if (uname(&u) == 0)
			out->kernel = xasprintf("%s %s %s", u.sysname, u.release, u.machine);
	}
	if (!out->hostname)
		out->hostname = first_line(root, "/etc/hostname");
	if (!out->hostname || !*out->hostname) {
		free(out->hostname);
		out->hostname = xstrdup("unknown");
	}
	out->os = os_release_name(root);
	if (!out->os)
		out->os = xstrdup("unknown");
}

void hostinfo_free(struct host_info *h)
{
	free(h->hostname);
	free(h->os);
	free(h->kernel);
	free(h->platform);
	free(h->root);
}
