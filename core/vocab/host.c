/* Facts about the host a profile is expanded for. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/utsname.h>

#include "scfs/host.h"

/* The bounding set as the kernel reports it for this process.  The target
 * inherits it across execve, so it is the set includes/excludes.caps are
 * compared with (moby compares with the container's bounding set). */
static int read_cap_set(const char *field, uint64_t *ret)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	size_t n = strlen(field);

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0 && line[n] == ':' && sscanf(line + n + 1, " %" SCNx64, ret) == 1)
			return 0;
	return -ENOENT;
}

static int read_cap_bounding(uint64_t *ret)
{
	return read_cap_set("CapBnd", ret);
}

int scfs_caps_enforce_plan(uint64_t want, bool *drop)
{
	uint64_t eff = 0, prm = 0;
	int r = read_cap_set("CapEff", &eff);

	if (r == 0)
		r = read_cap_set("CapPrm", &prm);
	if (r < 0)
		return r;
	/* PR_CAPBSET_DROP needs CAP_SETPCAP in the effective set. */
	*drop = eff & (UINT64_C(1) << CAP_SETPCAP);
	if (*drop)
		return 0;
	/* Without it the bounding set stays, but run sets no_new_privs, so
	 * execve cannot raise the permitted set (file capabilities and
	 * setuid are ignored): a permitted set inside @want is enough. */
	return (prm & ~want) ? -EPERM : 0;
}

int scfs_kver_parse(const char *s, struct scfs_kver *ret)
{
	unsigned long v[2];
	const char *p = s;

	if (!*s) {
		*ret = (struct scfs_kver){ 0, 0 };
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		char *end;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		v[i] = strtoul(p, &end, 10);
		if (errno || v[i] > 255)
			return -EINVAL;
		p = end;
		if (i == 0 && *p++ != '.')
			return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	*ret = (struct scfs_kver){ (unsigned)v[0], (unsigned)v[1] };
	return 0;
}

int scfs_kver_cmp(struct scfs_kver a, struct scfs_kver b)
{
	if (a.major != b.major)
		return a.major < b.major ? -1 : 1;
	if (a.minor != b.minor)
		return a.minor < b.minor ? -1 : 1;
	return 0;
}

/* uname's release, major.minor only ("6.18.44-fc" -> 6.18). */
static int read_kernel(struct scfs_kver *ret)
{
	struct utsname u;
	unsigned maj, min;

	if (uname(&u) < 0)
		return -errno;
	if (sscanf(u.release, "%u.%u", &maj, &min) != 2)
		return -EINVAL;
	*ret = (struct scfs_kver){ maj, min };
	return 0;
}

int scfs_host_detect(struct scfs_host *h)
{
	int r;

	*h = (struct scfs_host){ .arch = scfs_arch_native() };
	if (!h->arch)
		return -ENOTSUP;
	r = read_cap_bounding(&h->caps);
	if (r < 0)
		return r;
	return read_kernel(&h->kernel);
}

#define CAP(n) (UINT64_C(1) << CAP_##n)

/* The capabilities a container gets by default (doc/scfs.1 says where
 * each list comes from).  Runtimes set the bounding set to these, so they
 * are what includes/excludes.caps are decided against in a container. */
static const struct {
	const char *name;
	uint64_t caps;
} presets[] = {
	/* moby oci/defaults.go defaultCapabilities; containerd oci/spec.go
	 * defaultUnixCaps is the same list. */
	{ "docker", CAP(CHOWN) | CAP(DAC_OVERRIDE) | CAP(FSETID) | CAP(FOWNER) | CAP(MKNOD) | CAP(NET_RAW) |
			    CAP(SETGID) | CAP(SETUID) | CAP(SETFCAP) | CAP(SETPCAP) | CAP(NET_BIND_SERVICE) |
			    CAP(SYS_CHROOT) | CAP(KILL) | CAP(AUDIT_WRITE) },
	{ "containerd", CAP(CHOWN) | CAP(DAC_OVERRIDE) | CAP(FSETID) | CAP(FOWNER) | CAP(MKNOD) | CAP(NET_RAW) |
				CAP(SETGID) | CAP(SETUID) | CAP(SETFCAP) | CAP(SETPCAP) | CAP(NET_BIND_SERVICE) |
				CAP(SYS_CHROOT) | CAP(KILL) | CAP(AUDIT_WRITE) },
	/* containers.conf default_capabilities (Podman 4.x; Debian 12's
	 * /usr/share/containers/containers.conf): no MKNOD, NET_RAW or
	 * AUDIT_WRITE. */
	{ "podman", CAP(CHOWN) | CAP(DAC_OVERRIDE) | CAP(FOWNER) | CAP(FSETID) | CAP(KILL) | CAP(NET_BIND_SERVICE) |
			    CAP(SETFCAP) | CAP(SETGID) | CAP(SETPCAP) | CAP(SETUID) | CAP(SYS_CHROOT) },
};

/* How many capabilities this kernel has: /proc/sys/kernel/cap_last_cap,
 * else the bounding set's reach (PR_CAPBSET_READ fails past the last). */
static unsigned caps_known(void)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	unsigned last, n = 0;

	if (f && fscanf(f, "%u", &last) == 1 && last < 64)
		return last + 1;
	while (n < 64 && prctl(PR_CAPBSET_READ, (unsigned long)n) >= 0)
		n++;
	return n;
}

static uint64_t caps_all(void)
{
	unsigned n = caps_known();

	return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

/* One word of a --caps list: a preset, all, none or a capability. */
static int caps_word(const char *w, uint64_t *set)
{
	int c;

	for (size_t i = 0; i < ELEMENTSOF(presets); i++)
		if (strcasecmp(w, presets[i].name) == 0) {
			*set |= presets[i].caps;
			return 0;
		}
	if (strcasecmp(w, "all") == 0) {
		*set |= caps_all();
		return 0;
	}
	if (strcasecmp(w, "none") == 0)
		return 0;
	c = scfs_cap_from_string(w);
	if (c < 0 || c > 63)
		return -EINVAL;
	*set |= UINT64_C(1) << c;
	return 0;
}

int scfs_caps_parse(const char *spec, uint64_t *ret, char **bad)
{
	_cleanup_free_ char *copy = scfs_xstrdup(spec);
	char *save = NULL;
	uint64_t set = 0;

	for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		if (caps_word(w, &set) < 0) {
			if (bad)
				*bad = scfs_xstrdup(w);
			return -EINVAL;
		}
	}
	*ret = set;
	return 0;
}
