/* Internal: a kernel record of a kill or trap (scfs/kaudit.h) turned into
 * a denial: the deciding rule and the log line. */
#pragma once

#include <stdbool.h>

#include "scfs/kaudit.h"
#include "scfs/observe.h"

struct killrec {
	uint32_t token;   /* libseccomp arch token */
	uint32_t verdict; /* the action word (data unknown: the record has none) */
	uint32_t rule;    /* SCFS_RULE_UNKNOWN when the arguments would decide */
	char *line;       /* the denial-log line, malloc'd */
	char *json;       /* its object for denied.jsonl, malloc'd */
};

/* Attribute @rec with @o's real filter and format its line. */
void killrec_make(struct scfs_observer *o, const struct scfs_kaudit_rec *rec, enum scfs_mode mode,
		  struct killrec *out);
