/* The two argument rules systemd can say in its own words: socket's
 * address family (RestrictAddressFamilies=) and personality's persona
 * (LockPersonality=).  Without them an export has to deny socket and
 * personality outright, which breaks every network service.
 *
 * What the profile allows is asked of the compiled filter with scfs's BPF
 * evaluator, one call at a time, on the host's arch (the one the profile
 * was expanded for); the other arches of the filter are compared with it. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "export_sd.h"
#include "scfs/bpf.h"
#include "scfs/decode.h"
#include "scfs/diff.h"

/* Whether @f allows the call @name(@a0, @a1, 0...) on arch @a.  A call the
 * arch does not have is not allowed. */
static bool allows(const struct scfs_filter *f, const struct scfs_arch_info *a, const char *name, uint64_t a0,
		   uint64_t a1)
{
	int nr = seccomp_syscall_resolve_name_arch(scfs_arch_token(a), name);
	struct seccomp_data d = { .nr = nr, .arch = scfs_arch_audit(a), .args = { a0, a1 } };
	uint32_t w;

	return nr >= 0 && scfs_bpf_run(f->prog, f->prog_len, &d, &w) == 0 && scfs_action_word_allows(w);
}

/* The socket types probed for each family (systemd does not look at the
 * type: a family it lets through gets every type). */
static const uint64_t sock_types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, SOCK_DCCP,
				       SOCK_PACKET, SOCK_STREAM | SOCK_CLOEXEC, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC };

/* Family @fam on arch @a: 0 denied for every probed type, 1 for some, 2
 * allowed for all. */
static int family_allowed(const struct scfs_filter *f, const struct scfs_arch_info *a, uint64_t fam)
{
	size_t n = 0;

	for (size_t i = 0; i < ELEMENTSOF(sock_types); i++)
		n += allows(f, a, "socket", fam, sock_types[i]);
	return n == 0 ? 0 : n == ELEMENTSOF(sock_types) ? 2 : 1;
}

/* "AF_INET", or NULL for a family scfs has no name for. */
static bool family_name(uint64_t fam, char *buf, size_t size)
{
	scfs_decode_arg("socket", 0, fam, buf, size);
	return strncmp(buf, "AF_", 3) == 0;
}

/* A family number past every known one, for "and the families after". */
#define FAMILY_BEYOND ((uint64_t)AF_MAX + 100)

static void put_list(FILE *m, const bool *in, bool want, size_t *n)
{
	char name[48];

	for (uint64_t fam = 1; fam < AF_MAX; fam++)
		if (in[fam] == want && family_name(fam, name, sizeof(name)))
			fprintf(m, "%s%s", (*n)++ ? " " : "", name);
}

int scfs_sd_socket(const struct scfs_filter *f, struct scfs_sd_arg *ret)
{
	const struct scfs_profile *p = f->profile;
	bool allowed[AF_MAX] = { false }, beyond, any = false;
	char *set = NULL, *approx = NULL, name[48];
	size_t set_len = 0, approx_len = 0, n = 0, n_part = 0;
	FILE *sm, *am;

	*ret = (struct scfs_sd_arg){ 0 };
	for (uint64_t fam = 1; fam < AF_MAX; fam++) {
		int v = family_allowed(f, p->host_arch, fam);

		allowed[fam] = v > 0;
		any |= v > 0;
		if (v == 1 && family_name(fam, name, sizeof(name)))
			n_part++;
	}
	beyond = family_allowed(f, p->host_arch, FAMILY_BEYOND) > 0;
	if (!any && !beyond)
		return 0;
	sm = open_memstream(&set, &set_len);
	am = open_memstream(&approx, &approx_len);
	if (!sm || !am)
		abort();
	/* The families the profile lets through by number past the known
	 * ones: a deny list keeps them allowed, as the profile does. */
	fputs(beyond ? "RestrictAddressFamilies=~" : "RestrictAddressFamilies=", sm);
	put_list(sm, allowed, !beyond, &n);
	if (n_part) {
		fputs("socket: systemd lets a listed family through with every type; the profile allows only some types of",
		      am);
		for (uint64_t fam = 1; fam < AF_MAX; fam++)
			if (family_allowed(f, p->host_arch, fam) == 1 && family_name(fam, name, sizeof(name)))
				fprintf(am, " %s", name);
	}
	for (size_t i = 0; i < p->n_arches; i++) {
		bool same = true;

		if (p->arches[i] == p->host_arch ||
		    seccomp_syscall_resolve_name_arch(scfs_arch_token(p->arches[i]), "socket") < 0)
			continue;
		for (uint64_t fam = 1; fam < AF_MAX && same; fam++)
			same = (family_allowed(f, p->arches[i], fam) > 0) == allowed[fam];
		if (!same)
			fprintf(am, "%ssocket: on %s the profile allows other families than on %s; the setting follows %s",
				ftell(am) ? "\n" : "", p->arches[i]->scmp_name, p->host_arch->scmp_name,
				p->host_arch->scmp_name);
	}
	fclose(sm);
	fclose(am);
	if (n == 0 && beyond) /* every known family and more: nothing to restrict */
		free(TAKE_PTR(set));
	ret->setting = set;
	ret->approx = approx_len ? approx : NULL;
	if (!approx_len)
		free(approx);
	ret->list = true;
	return 0;
}

/* Values of personality's argument probed for the note: the personas and
 * flags programs use (setarch, linux32) and the query. */
static const uint64_t personas[] = { 0x0008, 0x20000, 0x20008, 0x0040000, 0x0400000, 0x0200000, 0xffffffff };

int scfs_sd_personality(const struct scfs_filter *f, struct scfs_sd_arg *ret)
{
	const struct scfs_profile *p = f->profile;
	char *approx = NULL, name[64];
	size_t len = 0, n = 0;
	FILE *am;

	*ret = (struct scfs_sd_arg){ 0 };
	/* LockPersonality=yes makes personality(x) fail with EPERM for every x
	 * but the unit's persona, PER_LINUX unless Personality= says
	 * otherwise: even the query 0xffffffff is refused.  It allows no more
	 * than the profile when the profile allows PER_LINUX. */
	if (!allows(f, p->host_arch, "personality", 0, 0))
		return 0;
	am = open_memstream(&approx, &len);
	if (!am)
		abort();
	for (size_t i = 0; i < ELEMENTSOF(personas); i++)
		if (allows(f, p->host_arch, "personality", personas[i], 0)) {
			scfs_decode_arg("personality", 0, personas[i], name, sizeof(name));
			fprintf(am, "%s%s", n++ ? ", " : "personality: LockPersonality=yes allows only PER_LINUX (the "
							  "unit's persona); the profile also allows ", name);
		}
	if (n)
		fputs(", which systemd denies with EPERM", am);
	fclose(am);
	ret->setting = scfs_xstrdup("LockPersonality=yes");
	ret->approx = n ? approx : NULL;
	if (!n)
		free(approx);
	ret->list = true;
	return 0;
}

void scfs_sd_arg_done(struct scfs_sd_arg *a)
{
	free(a->setting);
	free(a->approx);
	*a = (struct scfs_sd_arg){ 0 };
}
