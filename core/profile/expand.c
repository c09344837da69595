/* includes/excludes and archMap resolved for one host, in moby's order
 * (profile-format.md 5.6 and 6.2). */
#include <errno.h>

#include "scfs/expand.h"

const char *scfs_drop_reason_string(enum scfs_drop_reason r)
{
	switch (r) {
	case SCFS_KEEP:
		return "kept";
	case SCFS_DROP_EXCLUDES_ARCH:
		return "excludes.arches matches the host arch";
	case SCFS_DROP_EXCLUDES_CAP:
		return "excludes.caps: a listed capability is in the bounding set";
	case SCFS_DROP_EXCLUDES_KERNEL:
		return "excludes.minKernel: the kernel is at least that version";
	case SCFS_DROP_INCLUDES_ARCH:
		return "includes.arches does not list the host arch";
	case SCFS_DROP_INCLUDES_CAP:
		return "includes.caps: a listed capability is not in the bounding set";
	case SCFS_DROP_INCLUDES_KERNEL:
		return "includes.minKernel: the kernel is older";
	}
	return "?";
}

static bool host_arch_in(const struct scfs_host *h, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (h->arch->go_name && strcmp(v[i], h->arch->go_name) == 0)
			return true;
	return false;
}

static bool has_cap(const struct scfs_host *h, const char *name)
{
	int c = scfs_cap_from_string(name);

	/* An unknown name is never in the set (moby compares strings). */
	return strncmp(name, "CAP_", 4) == 0 && c >= 0 && c < 64 && (h->caps & (UINT64_C(1) << c));
}

static bool any_cap(const struct scfs_host *h, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (has_cap(h, v[i]))
			return true;
	return false;
}

static bool all_caps(const struct scfs_host *h, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!has_cap(h, v[i]))
			return false;
	return true;
}

enum scfs_drop_reason scfs_rule_evaluate(const struct scfs_rule *r, const struct scfs_host *h)
{
	const struct scfs_cond *ex = &r->excludes, *in = &r->includes;

	if (ex->n_arches && host_arch_in(h, ex->arches, ex->n_arches))
		return SCFS_DROP_EXCLUDES_ARCH;
	if (ex->n_caps && any_cap(h, ex->caps, ex->n_caps))
		return SCFS_DROP_EXCLUDES_CAP;
	if (ex->has_min_kernel && scfs_kver_cmp(h->kernel, ex->min_kernel) >= 0)
		return SCFS_DROP_EXCLUDES_KERNEL;
	if (in->n_arches && !host_arch_in(h, in->arches, in->n_arches))
		return SCFS_DROP_INCLUDES_ARCH;
	if (in->n_caps && !all_caps(h, in->caps, in->n_caps))
		return SCFS_DROP_INCLUDES_CAP;
	if (in->has_min_kernel && scfs_kver_cmp(h->kernel, in->min_kernel) < 0)
		return SCFS_DROP_INCLUDES_KERNEL;
	return SCFS_KEEP;
}

/* archMap: the first entry for the host arch gives the list; none, an
 * empty list (native only). */
static void expand_arches(const struct scfs_profile *src, const struct scfs_host *h, struct scfs_profile *dst)
{
	const struct scfs_archmap_entry *e = NULL;

	if (!src->n_arch_map) {
		dst->arches = scfs_xcalloc(src->n_arches, sizeof(*dst->arches));
		if (src->n_arches)
			memcpy(dst->arches, src->arches, src->n_arches * sizeof(*dst->arches));
		dst->n_arches = src->n_arches;
		return;
	}
	for (size_t i = 0; i < src->n_arch_map && !e; i++)
		if (src->arch_map[i].arch == h->arch)
			e = &src->arch_map[i];
	dst->arches = scfs_xcalloc(e ? e->n_subs + 1 : 0, sizeof(*dst->arches));
	if (!e)
		return;
	dst->arches_from_archmap = true;
	dst->arches[dst->n_arches++] = e->arch;
	for (size_t i = 0; i < e->n_subs; i++)
		dst->arches[dst->n_arches++] = e->subs[i];
}

int scfs_profile_expand(const struct scfs_profile *src, const struct scfs_host *host, struct scfs_profile **ret)
{
	struct scfs_profile *dst;

	if (!host->arch)
		return -EINVAL;
	dst = scfs_xcalloc(1, sizeof(*dst));
	dst->source = scfs_xstrdup(src->source);
	dst->has_default_action = src->has_default_action;
	dst->default_action = src->default_action;
	dst->has_flags = src->has_flags;
	dst->flags = src->flags;
	dst->listener_path = src->listener_path ? scfs_xstrdup(src->listener_path) : NULL;
	dst->listener_metadata = src->listener_metadata ? scfs_xstrdup(src->listener_metadata) : NULL;
	dst->has_syscalls = src->has_syscalls;
	expand_arches(src, host, dst);
	dst->rules = scfs_xcalloc(src->n_rules, sizeof(*dst->rules));
	for (size_t i = 0; i < src->n_rules; i++) {
		if (!src->expanded && scfs_rule_evaluate(&src->rules[i], host) != SCFS_KEEP)
			continue;
		scfs_rule_copy(&dst->rules[dst->n_rules], &src->rules[i]);
		dst->rules[dst->n_rules].legacy_name = false;
		dst->n_rules++;
	}
	dst->expanded = true;
	dst->host_arch = host->arch;
	*ret = dst;
	return 0;
}

bool scfs_profile_depends_on_caps(const struct scfs_profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].includes.n_caps || p->rules[i].excludes.n_caps)
			return true;
	return false;
}
