/* See remote_access_verdict.h. */
#include "remote_access_verdict.h"
#include "../core/i18n.h"
#include "../core/msg.h"
#include "../core/xalloc.h"
#include <stdlib.h>

void remote_access_detail(struct finding *f, bool starts)
{
	const char *detail = starts
		? N_("set to start, or running: confirm with the vendor who uses it, from where, and how access is granted")
		: N_("installed or configured, not set to start: confirm with the vendor whether it is used");
	free(f->detail);
	f->detail = xasprintf("%s", _(detail));
	msg_free(f->detail_msg);
	f->detail_msg = msg_phrase(detail);
}

void remote_access_conclude(struct check_result *r, const char *names, size_t found)
{
	if (found)
		result_manual(r, _("remote maintenance channels found: %s; confirm each with the "
				   "vendor: answer item 2-2 in the site file"), names);
	else
		result_manual(r, _("no remote maintenance channel found on this host (a vendor may "
				   "still reach it through a network device): answer item 2-2 in the "
				   "site file"));
}
