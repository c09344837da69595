/* Internal: the constant tables and syscall signatures decode.c uses. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scfs/util.h"

struct decode_sym {
	const char *name;
	uint64_t value;
};

struct decode_table {
	const char *name;
	const struct decode_sym *v;
	size_t n;
	bool is_flags; /* bits OR'ed together; else one value of an enum */
};

/* A syscall's arguments, one letter or %table each, blank-separated
 * (the letters are listed in decode_tables.c). */
struct decode_sig {
	const char *name;
	const char *args;
};

const struct decode_sig *decode_sig_lookup(const char *name);
const struct decode_table *decode_table_lookup(const char *name, size_t len);
/* For the unit test: the binary search needs sigs[] sorted. */
bool decode_sigs_sorted(void);
