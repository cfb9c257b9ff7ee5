/* libFuzzer harness: message identities read from a saved report (report/msg_json.c) and
 * rendered (core/msg.c). The input is {"messages": [...], "m": MESSAGE}. Whatever msg_from_json
 * accepts must render, in English and with the built-in Japanese catalogue, without ever using
 * stored text as a format, and write back to JSON that reads again to the same rendering;
 * whatever it refuses gets a reason. */
#include "core/i18n.h"
#include "core/msg.h"
#include "report/msg_json.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	if (!j)
		return 0;
	char err[256] = "";
	struct msg_table t;
	if (msg_table_from_json(json_object_get(j, "messages"), &t, err, sizeof err) != 0) {
		json_decref(j);
		if (!err[0])
			abort();
		return 0;
	}
	struct kmsg *m = msg_from_json(json_object_get(j, "m"), &t, err, sizeof err);
	json_decref(j);
	msg_table_free(&t);
	if (!m) {
		if (!err[0])
			abort();
		return 0;
	}
	for (int lang = 0; lang < 2; lang++) {
		i18n_use_builtin(lang ? "ja" : "en");
		char *text = msg_render(m);
		struct msg_table out = { 0 }, in;
		json_t *back = msg_to_json(m, &out);
		json_t *table = msg_table_to_json(&out);
		if (msg_table_from_json(table, &in, err, sizeof err) != 0)
			abort();
		struct kmsg *again = msg_from_json(back, &in, err, sizeof err);
		if (!again)
			abort(); /* what was accepted writes back readable */
		char *text2 = msg_render(again);
		if ((text == NULL) != (text2 == NULL) || (text && strcmp(text, text2)))
			abort();
		free(text);
		free(text2);
		msg_free(again);
		json_decref(back);
		json_decref(table);
		msg_table_free(&out);
		msg_table_free(&in);
	}
	msg_free(m);
	return 0;
}
