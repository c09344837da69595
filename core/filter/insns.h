/* A floor under the size of the program libseccomp will write for a
 * profile, found without libseccomp (insns.c has the proof), so that a
 * profile whose program cannot fit in the kernel is refused at once. */
#pragma once

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

struct insns_floor;

/* Where the largest share of the floor comes from. */
struct insns_worst {
	size_t rule, name; /* the first rule and name of that syscall's rules */
	size_t rules;      /* how many distinct argument rules it has */
	size_t insns;      /* instructions its rules add to the floor */
};

struct insns_floor *insns_floor_new(uint32_t default_action);
void insns_floor_free(struct insns_floor *fl);

/* The rules that follow go into the context of arch @tok. */
void insns_floor_arch(struct insns_floor *fl, uint32_t tok);

/* seccomp_rule_add_array(ctx, @action, @nr, @n, @cmps) as the compiler
 * calls it on the current arch (@nr is a native number, as libseccomp is
 * given it); @rule and @name say where it comes from.  Returns -EEXIST
 * where libseccomp is known to refuse it (same conditions, another
 * action), else 0. */
int insns_floor_rule(struct insns_floor *fl, uint32_t action, int nr, unsigned n, const struct scmp_arg_cmp *cmps,
		     size_t rule, size_t name);

/* The floor: libseccomp's program has at least this many instructions
 * whenever it builds one.  @worst (may be NULL, else zeroed by the caller)
 * is filled when the floor has any argument rule in it.  Call it once. */
size_t insns_floor_count(struct insns_floor *fl, struct insns_worst *worst);
