/* Syscalls that libseccomp 2.5.4 does not know.  libseccomp's table stops
 * at futex_requeue (Linux 6.7); Docker's default profile already names
 * newer ones, and dropping them would deny calls the profile allows.  The
 * numbers are the kernel's: since 4.19 new syscalls take the same number on
 * every arch's table (x32 adds its 0x40000000 bit, MIPS its ABI offset). */
#include <seccomp.h>

#include "scfs/newsys.h"

static const struct scfs_newsys table[] = {
	{ "statmount", { 6, 8 }, 457, 0, NULL },
	{ "listmount", { 6, 8 }, 458, 0, NULL },
	{ "lsm_get_self_attr", { 6, 8 }, 459, 0, NULL },
	{ "lsm_set_self_attr", { 6, 8 }, 460, 0, NULL },
	{ "lsm_list_modules", { 6, 8 }, 461, 0, NULL },
	{ "mseal", { 6, 10 }, 462, 0, NULL },
	{ "setxattrat", { 6, 13 }, 463, 0, NULL },
	{ "getxattrat", { 6, 13 }, 464, 0, NULL },
	{ "listxattrat", { 6, 13 }, 465, 0, NULL },
	{ "removexattrat", { 6, 13 }, 466, 0, NULL },
	{ "open_tree_attr", { 6, 15 }, 467, 0, NULL },
	{ "file_getattr", { 6, 17 }, 468, 0, NULL },
	{ "file_setattr", { 6, 17 }, 469, 0, NULL },
	/* Arch-specific ones, outside the unified range. */
	{ "uretprobe", { 6, 11 }, -1, 335, "x86_64" },
	{ "riscv_hwprobe", { 6, 4 }, 258, 0, "riscv64" },
};

const struct scfs_newsys *scfs_newsys_lookup(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

const struct scfs_newsys *scfs_newsys_get(size_t i)
{
	return i < ELEMENTSOF(table) ? &table[i] : NULL;
}

int scfs_newsys_nr(const struct scfs_newsys *s, uint32_t arch_token)
{
	if (s->only_arch && seccomp_arch_resolve_name(s->only_arch) != arch_token)
		return -1;
	switch (arch_token) {
	case SCMP_ARCH_X86_64:
		return s->nr_x86_64 ? s->nr_x86_64 : s->nr_generic;
	case SCMP_ARCH_X32:
		return s->nr_generic < 0 ? -1 : s->nr_generic + 0x40000000;
	case SCMP_ARCH_MIPS:
	case SCMP_ARCH_MIPSEL:
		return s->nr_generic < 0 ? -1 : s->nr_generic + 4000;
	case SCMP_ARCH_MIPS64:
	case SCMP_ARCH_MIPSEL64:
		return s->nr_generic < 0 ? -1 : s->nr_generic + 5000;
	case SCMP_ARCH_MIPS64N32:
	case SCMP_ARCH_MIPSEL64N32:
		return s->nr_generic < 0 ? -1 : s->nr_generic + 6000;
	default:
		return s->nr_generic;
	}
}
