/*
 * write-login-records - plant real login accounting records for tests.
 *
 * The record layouts come from the C library's own <utmp.h> / <lastlog.h>
 * (struct utmp, struct lastlog), and wtmp records are appended with the
 * library's own updwtmp(), so a test image gets byte-for-byte what login(1)
 * and pam_lastlog would have written on that platform, not a layout packed
 * by the test suite itself.
 *
 * Usage:
 *   write-login-records WTMP LASTLOG USER UID EPOCH TTY HOST
 *       login: append a USER_PROCESS record to WTMP and write the user's
 *       struct lastlog at offset UID * sizeof(struct lastlog) in LASTLOG
 *       (sparse file, as pam_lastlog does).  Either path may be "-" to skip
 *       that file.
 *   write-login-records --logout WTMP TTY EPOCH
 *       append a DEAD_PROCESS record for TTY (what login/sshd write on logout)
 *   write-login-records --boot WTMP EPOCH
 *       append a BOOT_TIME "reboot" record (what systemd-update-utmp writes)
 *   write-login-records --sizes
 *       print sizeof(struct utmp) and sizeof(struct lastlog)
 *
 * A missing WTMP or LASTLOG file is created with mode 0664 (updwtmp() itself
 * never creates the file).  Exit status: 0 ok, 1 I/O error, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <lastlog.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmp.h>

static const char *prog = "write-login-records";

static int usage(void)
{
    fprintf(stderr,
            "usage: %s WTMP LASTLOG USER UID EPOCH TTY HOST\n"
            "       %s --logout WTMP TTY EPOCH\n"
            "       %s --boot WTMP EPOCH\n"
            "       %s --sizes\n",
            prog, prog, prog, prog);
    return 2;
}

static int parse_ll(const char *s, long long min, long long max, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Copy without requiring NUL termination, as the utmp fields are fixed width. */
static void put_field(char *dst, size_t dstlen, const char *src)
{
    size_t n = strlen(src);
    memset(dst, 0, dstlen);
    memcpy(dst, src, n < dstlen ? n : dstlen);
}

/* ut_id as login(1)/agetty derive it: the line's last 4 characters. */
static void put_id(struct utmp *ut, const char *line)
{
    size_t n = strlen(line);
    const char *tail = n > sizeof ut->ut_id ? line + n - sizeof ut->ut_id : line;
    put_field(ut->ut_id, sizeof ut->ut_id, tail);
}

static int ensure_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0664);
    if (fd < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return -1;
    }
    close(fd);
    return 0;
}

static int append_wtmp(const char *path, const struct utmp *ut)
{
    struct stat before, after;
    if (ensure_file(path) != 0)
        return -1;
    if (stat(path, &before) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return -1;
    }
    updwtmp(path, ut); /* void: verify that the record really landed */
    if (stat(path, &after) != 0 ||
        after.st_size != before.st_size + (off_t)sizeof *ut) {
        fprintf(stderr, "%s: %s: updwtmp did not append a record\n", prog, path);
        return -1;
    }
    return 0;
}

static void set_time(struct utmp *ut, long long epoch)
{
    /* int32_t on x86-64 (__WORDSIZE_TIME64_COMPAT32); range checked by callers */
    ut->ut_tv.tv_sec = (int32_t)epoch;
    ut->ut_tv.tv_usec = 0;
}

static int do_login(char **argv)
{
    const char *wtmp = argv[0], *lastlog = argv[1], *user = argv[2];
    const char *tty = argv[5], *host = argv[6];
    long long uid, epoch;

    if (parse_ll(argv[3], 0, UINT_MAX - 1LL, &uid) != 0 ||
        parse_ll(argv[4], 0, INT32_MAX, &epoch) != 0)
        return usage();

    if (strcmp(wtmp, "-") != 0) {
        struct utmp ut;
        memset(&ut, 0, sizeof ut);
        ut.ut_type = USER_PROCESS;
        ut.ut_pid = 4242;
        put_field(ut.ut_line, sizeof ut.ut_line, tty);
        put_id(&ut, tty);
        put_field(ut.ut_user, sizeof ut.ut_user, user);
        put_field(ut.ut_host, sizeof ut.ut_host, host);
        ut.ut_session = 4242;
        set_time(&ut, epoch);
        struct in6_addr a6;
        struct in_addr a4;
        if (inet_pton(AF_INET, host, &a4) == 1)
            memcpy(&ut.ut_addr_v6[0], &a4, sizeof a4);
        else if (inet_pton(AF_INET6, host, &a6) == 1)
            memcpy(ut.ut_addr_v6, &a6, sizeof a6);
        if (append_wtmp(wtmp, &ut) != 0)
            return 1;
    }

    if (strcmp(lastlog, "-") != 0) {
        struct lastlog ll;
        memset(&ll, 0, sizeof ll);
        ll.ll_time = (int32_t)epoch;
        put_field(ll.ll_line, sizeof ll.ll_line, tty);
        put_field(ll.ll_host, sizeof ll.ll_host, host);
        int fd = open(lastlog, O_RDWR | O_CREAT | O_CLOEXEC, 0664);
        if (fd < 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, lastlog, strerror(errno));
            return 1;
        }
        off_t off = (off_t)uid * (off_t)sizeof ll;
        ssize_t n = pwrite(fd, &ll, sizeof ll, off);
        if (n != (ssize_t)sizeof ll) {
            fprintf(stderr, "%s: %s: short write: %s\n", prog, lastlog,
                    n < 0 ? strerror(errno) : "partial");
            close(fd);
            return 1;
        }
        if (close(fd) != 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, lastlog, strerror(errno));
            return 1;
        }
    }
    return 0;
}

static int do_logout(char **argv)
{
    long long epoch;
    if (parse_ll(argv[2], 0, INT32_MAX, &epoch) != 0)
        return usage();
    struct utmp ut;
    memset(&ut, 0, sizeof ut);
    ut.ut_type = DEAD_PROCESS;
    ut.ut_pid = 4242;
    put_field(ut.ut_line, sizeof ut.ut_line, argv[1]);
    put_id(&ut, argv[1]);
    set_time(&ut, epoch);
    return append_wtmp(argv[0], &ut) == 0 ? 0 : 1;
}

static int do_boot(char **argv)
{
    long long epoch;
    if (parse_ll(argv[1], 0, INT32_MAX, &epoch) != 0)
        return usage();
    struct utmp ut;
    memset(&ut, 0, sizeof ut);
    ut.ut_type = BOOT_TIME;
    put_field(ut.ut_line, sizeof ut.ut_line, "~");
    put_field(ut.ut_id, sizeof ut.ut_id, "~~");
    put_field(ut.ut_user, sizeof ut.ut_user, "reboot");
    put_field(ut.ut_host, sizeof ut.ut_host, "6.1.0-test-amd64");
    set_time(&ut, epoch);
    return append_wtmp(argv[0], &ut) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--sizes") == 0) {
        printf("utmp %zu\nlastlog %zu\n", sizeof(struct utmp), sizeof(struct lastlog));
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "--logout") == 0)
        return do_logout(argv + 2);
    if (argc == 4 && strcmp(argv[1], "--boot") == 0)
        return do_boot(argv + 2);
    if (argc == 8 && (argv[1][0] != '-' || strcmp(argv[1], "-") == 0))
        return do_login(argv + 1);
    return usage();
}
