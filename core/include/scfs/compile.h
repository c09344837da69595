/* Compilation: an expanded profile -> libseccomp filter -> the exact BPF
 * program scfs loads (with the ENOSYS stub in front).  Records, for every
 * (rule, name, arch), what became of it. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "profile.h"

enum scfs_entry_status {
	SCFS_ENTRY_ADDED,            /* added through libseccomp by name */
	SCFS_ENTRY_ADDED_BY_NUMBER,  /* unknown to libseccomp, added from scfs's table */
	SCFS_ENTRY_SKIPPED_DEFAULT,  /* action equals the default action */
	SCFS_ENTRY_NOT_ON_ARCH,      /* the syscall does not exist on this arch */
	SCFS_ENTRY_UNKNOWN,          /* unknown to libseccomp and to scfs's table */
	SCFS_ENTRY_NEWER_UNADDABLE,  /* in scfs's table, but libseccomp can only take raw numbers for the native arch */
};

SCFS_API const char *scfs_entry_status_string(enum scfs_entry_status s);

/* What became of one name of one rule on one arch. */
struct scfs_entry {
	size_t rule;      /* index into the profile's rules[] (not the source index) */
	size_t name;      /* index into that rule's names[] */
	const struct scfs_arch_info *arch;
	int nr;           /* syscall number on that arch, or -1 */
	enum scfs_entry_status status;
};

/* ENOSYS threshold for one arch: calls numbered above max get ENOSYS. */
struct scfs_stub_arch {
	const struct scfs_arch_info *arch;
	int max_nr;
};

enum scfs_enosys_model {
	SCFS_ENOSYS_STUB, /* per-arch stub in front of the filter (default) */
	SCFS_ENOSYS_NONE, /* calls newer than the profile get the default action */
};

struct scfs_compile_opts {
	bool strict;                     /* unknown syscall names are errors */
	bool optimize;                   /* libseccomp binary tree (SCMP_FLTATR_CTL_OPTIMIZE=2) */
	/* Give libseccomp every repeat of a rule too (slow on large profiles;
	 * for checking that skipping them changes nothing). */
	bool no_dedupe;
	/* Build and keep a program of any size (the kernel takes 4096
	 * instructions): for comparing the size floor with libseccomp. */
	bool no_size_limit;
	/* If set, receives the size floor (core/filter/insns.c) the program
	 * is refused on before libseccomp builds it, even when it is small. */
	size_t *floor_out;
	enum scfs_enosys_model enosys;
	/* Optional: replace each rule's action word when compiling (used to
	 * build observation variants); NULL keeps the profile's actions. */
	uint32_t (*map_action)(void *userdata, const struct scfs_rule *r, uint32_t action);
	uint32_t (*map_default)(void *userdata, uint32_t action);
	/* Drop a rule libseccomp finds in conflict (EEXIST) instead of failing;
	 * only for variants whose actions were remapped. */
	bool skip_conflicts;
	void *userdata;
	/* As crun and runc compile: a name libseccomp does not know is
	 * skipped, never added by number from scfs's table of newer syscalls
	 * (the container runtime wrapper must decide as the runtime does). */
	bool libseccomp_names;
};

SCFS_API void scfs_compile_opts_init(struct scfs_compile_opts *o);

struct scfs_filter {
	const struct scfs_profile *profile; /* not owned: must outlive the filter */
	void *ctx;                          /* scmp_filter_ctx, owned; NULL for a filter from the cache */
	struct scfs_entry *entries;
	size_t n_entries;
	struct scfs_stub_arch *stub;
	size_t n_stub;
	struct sock_filter *prog; /* the exact program to load */
	size_t prog_len;
	size_t stub_len;          /* leading instructions that are the stub */
	unsigned flags;           /* seccomp(2) flags to load with */
	bool libseccomp_names;    /* compiled with that option (observe.c's id program follows it) */
	uint32_t default_action;  /* action word */
	/* A filter from the cache (fcache.h) has no ctx: libseccomp's PFC
	 * listing is then read from the cache entry, which the filter keeps
	 * mapped (unmapped by scfs_filter_free). */
	const char *pfc;
	size_t pfc_len;
	void *map;
	size_t map_len;
};

/**
 * Compile an expanded profile.  Problems go to @diag with the path of the
 * rule and name that caused them (libseccomp's EEXIST/EINVAL included).
 * @p must be expanded (scfs_profile_expand) and must outlive the result.
 * Returns 0 and *@ret, -EINVAL if the profile cannot be compiled, or
 * another -errno.
 */
SCFS_API int scfs_compile(const struct scfs_profile *p, const struct scfs_compile_opts *o,
			  struct scfs_filter **ret, struct scfs_diag *diag);

SCFS_API struct scfs_filter *scfs_filter_free(struct scfs_filter *f);
static inline void scfs_filter_freep(struct scfs_filter **f)
{
	*f = scfs_filter_free(*f);
}

/* Write the program as raw struct sock_filter bytes. Returns 0 or -errno. */
SCFS_API int scfs_filter_write_bpf(const struct scfs_filter *f, int fd);
/* Write a readable listing: the stub, then libseccomp's PFC (from ctx, or
 * the stored listing of a filter from the cache). */
SCFS_API int scfs_filter_write_pfc(const struct scfs_filter *f, int fd);

/* Count entries with a status (over all arches). */
SCFS_API size_t scfs_filter_count(const struct scfs_filter *f, enum scfs_entry_status s);
