/* `net localgroup GROUP` output in any display language: header lines (Alias name / エイリアス名,
 * Comment / コメント, Members / メンバー), a line of dashes, one member per line (names may hold
 * blanks: "NT AUTHORITY\INTERACTIVE", "CLINIC\Domain Admins"), then the completion line ("The
 * command completed successfully." / "コマンドは正常に終了しました。"), which is the last
 * non-empty line. Pure: text (UTF-8) in, names out. */
#ifndef KENSA_WIN_LOCALGROUP_H
#define KENSA_WIN_LOCALGROUP_H
#include <stdbool.h>
#include <stddef.h>

/* false with why when there is no dashed line followed by a completion line. */
bool net_localgroup_parse(const char *text, size_t len, char ***members, size_t *n, char *why,
			  size_t whylen);
void net_localgroup_free(char **members, size_t n);

#endif
