/* Vocabulary tables of the profile format. */
#include <ctype.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/capability.h>

#include "scfs/kabi.h"
#include "scfs/names.h"

static const char *const action_names[_SCFS_ACT_MAX] = {
	[SCFS_ACT_KILL] = "SCMP_ACT_KILL",
	[SCFS_ACT_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[SCFS_ACT_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[SCFS_ACT_TRAP] = "SCMP_ACT_TRAP",
	[SCFS_ACT_ERRNO] = "SCMP_ACT_ERRNO",
	[SCFS_ACT_TRACE] = "SCMP_ACT_TRACE",
	[SCFS_ACT_LOG] = "SCMP_ACT_LOG",
	[SCFS_ACT_ALLOW] = "SCMP_ACT_ALLOW",
	[SCFS_ACT_NOTIFY] = "SCMP_ACT_NOTIFY",
};

static const char *const cmp_names[_SCFS_CMP_MAX] = {
	[SCFS_CMP_NE] = "SCMP_CMP_NE",
	[SCFS_CMP_LT] = "SCMP_CMP_LT",
	[SCFS_CMP_LE] = "SCMP_CMP_LE",
	[SCFS_CMP_EQ] = "SCMP_CMP_EQ",
	[SCFS_CMP_GE] = "SCMP_CMP_GE",
	[SCFS_CMP_GT] = "SCMP_CMP_GT",
	[SCFS_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

/* Exact-case matching, as crun does: the profile vocabulary is upper case. */
static int lookup(const char *const *table, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (table[i] && strcmp(table[i], s) == 0)
			return (int)i;
	return -EINVAL;
}

enum scfs_action_kind scfs_action_from_string(const char *s)
{
	return lookup(action_names, _SCFS_ACT_MAX, s);
}

const char *scfs_action_to_string(enum scfs_action_kind k)
{
	return k >= 0 && k < _SCFS_ACT_MAX ? action_names[k] : NULL;
}

bool scfs_action_takes_data(enum scfs_action_kind k)
{
	return k == SCFS_ACT_ERRNO || k == SCFS_ACT_TRACE;
}

enum scfs_cmp scfs_cmp_from_string(const char *s)
{
	return lookup(cmp_names, _SCFS_CMP_MAX, s);
}

const char *scfs_cmp_to_string(enum scfs_cmp c)
{
	return c >= 0 && c < _SCFS_CMP_MAX ? cmp_names[c] : NULL;
}

static const struct {
	const char *name;
	unsigned bit;
} flag_table[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
};

unsigned scfs_flag_from_string(const char *s)
{
	for (size_t i = 0; i < ELEMENTSOF(flag_table); i++)
		if (strcmp(flag_table[i].name, s) == 0)
			return flag_table[i].bit;
	return 0;
}

const char *scfs_flag_to_string(unsigned bit)
{
	for (size_t i = 0; i < ELEMENTSOF(flag_table); i++)
		if (flag_table[i].bit == bit)
			return flag_table[i].name;
	return NULL;
}

/* Every arch of the OCI list.  The Go short names are those moby compares
 * includes/excludes.arches with (profile-format.md 2.4 and 3.3). */
static const struct scfs_arch_info arch_table[] = {
	{ "SCMP_ARCH_X86", "x86", "x86" },
	{ "SCMP_ARCH_X86_64", "x86_64", "amd64" },
	{ "SCMP_ARCH_X32", "x32", "x32" },
	{ "SCMP_ARCH_ARM", "arm", "arm" },
	{ "SCMP_ARCH_AARCH64", "aarch64", "arm64" },
	{ "SCMP_ARCH_MIPS", "mips", "mips" },
	{ "SCMP_ARCH_MIPS64", "mips64", "mips64" },
	{ "SCMP_ARCH_MIPS64N32", "mips64n32", "mips64n32" },
	{ "SCMP_ARCH_MIPSEL", "mipsel", "mipsel" },
	{ "SCMP_ARCH_MIPSEL64", "mipsel64", "mipsel64" },
	{ "SCMP_ARCH_MIPSEL64N32", "mipsel64n32", "mipsel64n32" },
	{ "SCMP_ARCH_PPC", "ppc", "ppc" },
	{ "SCMP_ARCH_PPC64", "ppc64", "ppc64" },
	{ "SCMP_ARCH_PPC64LE", "ppc64le", "ppc64le" },
	{ "SCMP_ARCH_S390", "s390", "s390" },
	{ "SCMP_ARCH_S390X", "s390x", "s390x" },
	{ "SCMP_ARCH_PARISC", "parisc", NULL },
	{ "SCMP_ARCH_PARISC64", "parisc64", NULL },
	{ "SCMP_ARCH_RISCV64", "riscv64", "riscv64" },
	{ "SCMP_ARCH_LOONGARCH64", "loongarch64", "loong64" },
	{ "SCMP_ARCH_M68K", "m68k", NULL },
	{ "SCMP_ARCH_SH", "sh", NULL },
	{ "SCMP_ARCH_SHEB", "sheb", NULL },
};

const struct scfs_arch_info *scfs_arch_lookup(const char *s)
{
	const char *base = s;

	if (strncmp(s, "SCMP_ARCH_", 10) == 0)
		base = s + 10;
	for (size_t i = 0; i < ELEMENTSOF(arch_table); i++) {
		if (strcmp(arch_table[i].oci, s) == 0)
			return &arch_table[i];
		/* crun's spelling: prefix stripped, compared without case. */
		if (strcasecmp(arch_table[i].scmp_name, base) == 0)
			return &arch_table[i];
	}
	return NULL;
}

const struct scfs_arch_info *scfs_arch_lookup_go(const char *s)
{
	for (size_t i = 0; i < ELEMENTSOF(arch_table); i++)
		if (arch_table[i].go_name && strcmp(arch_table[i].go_name, s) == 0)
			return &arch_table[i];
	return NULL;
}

uint32_t scfs_arch_token(const struct scfs_arch_info *a)
{
	return a ? seccomp_arch_resolve_name(a->scmp_name) : 0;
}

const struct scfs_arch_info *scfs_arch_from_token(uint32_t token)
{
	for (size_t i = 0; i < ELEMENTSOF(arch_table); i++)
		if (token && scfs_arch_token(&arch_table[i]) == token)
			return &arch_table[i];
	return NULL;
}

const struct scfs_arch_info *scfs_arch_native(void)
{
	return scfs_arch_from_token(seccomp_arch_native());
}

const char *scfs_errno_name(int e)
{
	return e > 0 ? strerrorname_np(e) : NULL;
}

int scfs_errno_from_string(const char *s)
{
	char *end;
	long v;

	if (!*s)
		return -EINVAL;
	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end || v > 65535)
			return -EINVAL;
		return (int)v;
	}
	/* glibc names errnos; search its table rather than keep our own. */
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, s) == 0)
			return e;
	}
	return -EINVAL;
}

/* The capabilities' names, indexed by number (the kernel's headers give
 * the numbers): the names libcap and capabilities(7) use, without CAP_. */
static const char *const cap_names[] = {
	[CAP_CHOWN] = "chown",
	[CAP_DAC_OVERRIDE] = "dac_override",
	[CAP_DAC_READ_SEARCH] = "dac_read_search",
	[CAP_FOWNER] = "fowner",
	[CAP_FSETID] = "fsetid",
	[CAP_KILL] = "kill",
	[CAP_SETGID] = "setgid",
	[CAP_SETUID] = "setuid",
	[CAP_SETPCAP] = "setpcap",
	[CAP_LINUX_IMMUTABLE] = "linux_immutable",
	[CAP_NET_BIND_SERVICE] = "net_bind_service",
	[CAP_NET_BROADCAST] = "net_broadcast",
	[CAP_NET_ADMIN] = "net_admin",
	[CAP_NET_RAW] = "net_raw",
	[CAP_IPC_LOCK] = "ipc_lock",
	[CAP_IPC_OWNER] = "ipc_owner",
	[CAP_SYS_MODULE] = "sys_module",
	[CAP_SYS_RAWIO] = "sys_rawio",
	[CAP_SYS_CHROOT] = "sys_chroot",
	[CAP_SYS_PTRACE] = "sys_ptrace",
	[CAP_SYS_PACCT] = "sys_pacct",
	[CAP_SYS_ADMIN] = "sys_admin",
	[CAP_SYS_BOOT] = "sys_boot",
	[CAP_SYS_NICE] = "sys_nice",
	[CAP_SYS_RESOURCE] = "sys_resource",
	[CAP_SYS_TIME] = "sys_time",
	[CAP_SYS_TTY_CONFIG] = "sys_tty_config",
	[CAP_MKNOD] = "mknod",
	[CAP_LEASE] = "lease",
	[CAP_AUDIT_WRITE] = "audit_write",
	[CAP_AUDIT_CONTROL] = "audit_control",
	[CAP_SETFCAP] = "setfcap",
	[CAP_MAC_OVERRIDE] = "mac_override",
	[CAP_MAC_ADMIN] = "mac_admin",
	[CAP_SYSLOG] = "syslog",
	[CAP_WAKE_ALARM] = "wake_alarm",
	[CAP_BLOCK_SUSPEND] = "block_suspend",
	[CAP_AUDIT_READ] = "audit_read",
	[CAP_PERFMON] = "perfmon",
	[CAP_BPF] = "bpf",
	[CAP_CHECKPOINT_RESTORE] = "checkpoint_restore",
};

int scfs_cap_from_string(const char *s)
{
	const char *name = strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : s;

	for (size_t i = 0; i < ELEMENTSOF(cap_names); i++)
		if (cap_names[i] && strcasecmp(cap_names[i], name) == 0)
			return (int)i;
	return -EINVAL;
}

/* ---- action words (the values a filter returns) ---- */

bool scfs_action_denies(uint32_t v)
{
	uint32_t a = v & SECCOMP_RET_ACTION_FULL;

	return a != SECCOMP_RET_ALLOW && a != SECCOMP_RET_LOG && a != SECCOMP_RET_USER_NOTIF;
}

const char *scfs_action_word_name(uint32_t v)
{
	switch (v & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD:
		return "KILL_THREAD";
	case SECCOMP_RET_TRAP:
		return "TRAP";
	case SECCOMP_RET_ERRNO:
		return "ERRNO";
	case SECCOMP_RET_USER_NOTIF:
		return "NOTIFY";
	case SECCOMP_RET_TRACE:
		return "TRACE";
	case SECCOMP_RET_LOG:
		return "LOG";
	case SECCOMP_RET_ALLOW:
		return "ALLOW";
	}
	return "?";
}

void scfs_action_word_format(uint32_t w, char *buf, size_t len)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL, data = w & SECCOMP_RET_DATA;
	const char *name = scfs_action_word_name(w), *en;

	if (act == SECCOMP_RET_ERRNO) {
		en = scfs_errno_name((int)data);
		snprintf(buf, len, "ERRNO(%u)%s%s", data, en ? " " : "", en ? en : "");
	} else if (act == SECCOMP_RET_TRACE) {
		snprintf(buf, len, "TRACE(%u)", data);
	} else {
		snprintf(buf, len, "%s", name);
	}
}

void scfs_action_word_label(uint32_t w, char *buf, size_t len)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL, data = w & SECCOMP_RET_DATA;
	const char *en = act == SECCOMP_RET_ERRNO ? scfs_errno_name((int)data) : NULL;

	if (en)
		snprintf(buf, len, "ERRNO(%s)", en);
	else if (act == SECCOMP_RET_ERRNO || act == SECCOMP_RET_TRACE)
		snprintf(buf, len, "%s(%u)", scfs_action_word_name(w), data);
	else
		snprintf(buf, len, "%s", scfs_action_word_name(w));
}

enum scfs_action_class scfs_action_word_class(uint32_t w)
{
	switch (w & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		return SCFS_ACTION_CLASS_ALLOW;
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_USER_NOTIF:
		return SCFS_ACTION_CLASS_RECORD;
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
		return SCFS_ACTION_CLASS_KILL;
	default:
		return SCFS_ACTION_CLASS_DENY;
	}
}

bool scfs_action_word_allows(uint32_t w)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL;

	return act == SECCOMP_RET_ALLOW || act == SECCOMP_RET_LOG;
}

bool scfs_action_word_may_allow(uint32_t w)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL;

	return scfs_action_word_allows(w) || act == SECCOMP_RET_TRACE || act == SECCOMP_RET_USER_NOTIF;
}
