/* Facts about the host a profile is expanded for. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/utsname.h>

#include "scfs/host.h"

/* The bounding set as the kernel reports it for this process.  The target
 * inherits it across execve, so it is the set includes/excludes.caps are
 * compared with (moby compares with the container's bounding set). */
static int read_cap_bounding(uint64_t *ret)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/status", "re");
	char line[256];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapBnd: %" SCNx64, ret) == 1)
			return 0;
	return -ENOENT;
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

int scfs_caps_parse(const char *spec, uint64_t *ret, char **bad)
{
	_cleanup_free_ char *copy = scfs_xstrdup(spec);
	char *save = NULL;
	uint64_t set = 0;

	if (strcasecmp(spec, "none") == 0 || !*spec) {
		*ret = 0;
		return 0;
	}
	if (strcasecmp(spec, "all") == 0) {
		unsigned n = (unsigned)cap_max_bits();

		*ret = n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
		return 0;
	}
	for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		int c = scfs_cap_from_string(w);

		if (c < 0 || c > 63) {
			if (bad)
				*bad = scfs_xstrdup(w);
			return -EINVAL;
		}
		set |= UINT64_C(1) << c;
	}
	*ret = set;
	return 0;
}
