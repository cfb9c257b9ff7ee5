/* nft -j list ruleset: {"nftables": [{"metainfo": ...}, {"table": ...}, {"chain": {"family",
 * "table", "name", "type", "hook", "prio", "policy"}}, {"rule": {"family", "table", "chain",
 * "expr": [...]}}]}; chains come before their rules. */
#include "nft_json.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Every statement only counts, logs or comments, and one drops or rejects: nothing matches. */
static bool unconditional_drop(json_t *expr)
{
	if (!json_is_array(expr))
		return false;
	bool verdict = false;
	size_t i;
	json_t *st;
	json_array_foreach(expr, i, st) {
		const char *key;
		json_t *v;
		size_t keys = 0;
		json_object_foreach(st, key, v) {
			(void)v;
			keys++;
			if (!strcmp(key, "drop") || !strcmp(key, "reject"))
				verdict = true;
			else if (strcmp(key, "counter") && strcmp(key, "log"))
				return false;
		}
		if (keys != 1)
			return false;
	}
	return verdict;
}

static struct nft_json_chain *find(struct nft_json_ruleset *out, const char *family,
				   const char *table, const char *name)
{
	for (size_t i = 0; i < out->n_input; i++)
		if (!strcmp(out->input[i].family, family) && !strcmp(out->input[i].table, table) &&
		    !strcmp(out->input[i].name, name))
			return &out->input[i];
	return NULL;
}

void nft_json_parse(const char *buf, size_t len, struct nft_json_ruleset *out)
{
	memset(out, 0, sizeof *out);
	json_error_t err;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	json_t *list = json_object_get(root, "nftables");
	if (!json_is_array(list)) {
		json_decref(root);
		return;
	}
	out->valid = true;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *c = json_object_get(item, "chain");
		if (json_is_object(c) && !strcmp(str(c, "hook"), "input") &&
		    out->n_input < NFT_JSON_MAX_CHAINS && !find(out, str(c, "family"), str(c, "table"),
								str(c, "name"))) {
			struct nft_json_chain *ch = &out->input[out->n_input++];
			snprintf(ch->family, sizeof ch->family, "%s", str(c, "family"));
			snprintf(ch->table, sizeof ch->table, "%s", str(c, "table"));
			snprintf(ch->name, sizeof ch->name, "%s", str(c, "name"));
			ch->policy_drop = !strcmp(str(c, "policy"), "drop");
			continue;
		}
		json_t *r = json_object_get(item, "rule");
		if (!json_is_object(r))
			continue;
		struct nft_json_chain *ch = find(out, str(r, "family"), str(r, "table"),
						 str(r, "chain"));
		if (!ch)
			continue;
		ch->n_rules++;
		if (unconditional_drop(json_object_get(r, "expr")))
			ch->drop_rule = true;
	}
	json_decref(root);
}
