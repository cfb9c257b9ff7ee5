/* Allocation helpers that end the program on exhaustion: an auditor that half-reports is worse. */
#ifndef KENSA_XALLOC_H
#define KENSA_XALLOC_H
#include <stdarg.h>
#include <stddef.h>
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Grow an array so that it holds at least `need` elements. */
#define XGROW(arr, n, cap, need)                                                        \
	do {                                                                            \
		if ((need) > (cap)) {                                                   \
			size_t newcap_ = (cap) ? (cap) * 2 : 8;                         \
			while (newcap_ < (need))                                        \
				newcap_ *= 2;                                           \
			(arr) = xreallocarray((arr), newcap_, sizeof *(arr));           \
			(cap) = newcap_;                                                \
		}                                                                       \
	} while (0)
#endif
