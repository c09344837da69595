/* The compiled-filter cache (fcache.h).
 *
 * One file per key, named by a hash of the key material:
 *
 *   header  char magic[8]; u32 key_len; u32 body_len; u64 body_sum
 *   key     the key material, compared byte for byte with ours
 *   body    u32 flags, default_action, prog_len, stub_len
 *           u32 n_arch, then each arch's OCI name (str)
 *           u32 n_stub, then (u32 arch, i32 max_nr) each
 *           u32 n_entries, then (u32 rule, name, arch, i32 nr, u32 status) each
 *           the program (prog_len struct sock_filter)
 *           u32 n_diags, then (u32 level, str path, str msg) each
 *           str pfc
 *
 * A str is a u32 length and that many bytes.  Native byte order: a cache
 * is one machine's (an entry from another byte order fails its checks). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "config.h"
#include "scfs/bpf.h"
#include "scfs/fcache.h"

/* Bump when the layout or the meaning of a field changes. */
#define ENTRY_MAGIC "SCFSFC1\n"
#define ENTRY_MAX_BYTES (64u << 20)
#define PROG_MAX_INSNS 4096u
#define ARCH_MAX 64u

struct entry_header {
	char magic[8];
	uint32_t key_len;
	uint32_t body_len;
	uint64_t body_sum;
};

/* ---------------------------------------------------------------- hash */

/* FNV-1a over 64-bit words in four lanes, with murmur3's finaliser.  Not
 * cryptographic, and it need not be: the hash only names the entry file
 * and catches accidental corruption of the body.  Trust comes from
 * elsewhere: an entry is used only if its stored key equals ours byte for
 * byte (a collision is a miss) and only if it and its directory can be
 * written by us alone.  No library scfs links exports a general-purpose
 * hash, and these lines are cheaper than a dependency.  Words and lanes,
 * because every hit hashes the ~200 KB body of Docker's default.  Each
 * step is a bijection of its lane, and the lanes are folded by bijections,
 * so any single changed word always changes the result. */
#define FNV_PRIME 0x100000001b3ULL

static uint64_t hash_bytes(uint64_t seed, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h[4] = { seed, seed ^ 1, seed ^ 2, seed ^ 3 }, w[4];

	for (; len >= sizeof(w); p += sizeof(w), len -= sizeof(w)) {
		memcpy(w, p, sizeof(w));
		for (size_t i = 0; i < 4; i++)
			h[i] = (h[i] ^ w[i]) * FNV_PRIME;
	}
	for (size_t i = 1; i < 4; i++)
		h[0] = (h[0] ^ h[i]) * FNV_PRIME;
	for (; len; p++, len--)
		h[0] = (h[0] ^ *p) * FNV_PRIME;
	return h[0];
}

static uint64_t hash_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static uint64_t hash(const void *buf, size_t len)
{
	return hash_final(hash_bytes(0xcbf29ce484222325ULL, buf, len));
}

/* ---------------------------------------------------------------- build ids */

/* The build id says which code produced an entry: scfs's version number
 * does not change between two builds of a changed compiler, nor
 * libseccomp's between two distribution patches. */
struct build_id_query {
	uintptr_t addr;   /* an address inside the object, or 0 */
	const char *name; /* part of the object's file name, or NULL */
	char hex[2 * 64 + 1];
};

static bool object_contains(const struct dl_phdr_info *info, uintptr_t addr)
{
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && addr >= start && addr - start < ph->p_memsz)
			return true;
	}
	return false;
}

static void to_hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* The NT_GNU_BUILD_ID note in one PT_NOTE segment. */
static bool segment_build_id(const unsigned char *p, size_t left, size_t align, char *hex, size_t hexsz)
{
	while (left >= sizeof(ElfW(Nhdr))) {
		const ElfW(Nhdr) *n = (const void *)p;
		size_t name = (n->n_namesz + align - 1) & ~(align - 1);
		size_t desc = (n->n_descsz + align - 1) & ~(align - 1);
		size_t total = sizeof(*n) + name + desc;

		if (total > left)
			return false;
		if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(p + sizeof(*n), "GNU", 4) == 0 &&
		    n->n_descsz > 0 && 2 * (size_t)n->n_descsz < hexsz) {
			to_hex(p + sizeof(*n) + name, n->n_descsz, hex);
			return true;
		}
		p += total;
		left -= total;
	}
	return false;
}

static int build_id_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct build_id_query *q = data;

	if (q->name ? !strstr(info->dlpi_name, q->name) : !object_contains(info, q->addr))
		return 0;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_NOTE &&
		    segment_build_id((const unsigned char *)(info->dlpi_addr + ph->p_vaddr), ph->p_memsz,
				     ph->p_align == 8 ? 8 : 4, q->hex, sizeof(q->hex)))
			return 1;
	}
	return 1; /* the object, without a build id */
}

/* The build id of the object holding this code (scfs, statically linked
 * with libscfs); false when it has none. */
static bool self_build_id(char *hex, size_t size)
{
	static const char anchor;
	struct build_id_query q = { .addr = (uintptr_t)&anchor };

	dl_iterate_phdr(build_id_cb, &q);
	snprintf(hex, size, "%s", q.hex);
	return q.hex[0] != 0;
}

/* libseccomp's, or "-" when it is linked statically or has none (then
 * scfs's own build id covers it, or only its version does). */
static void libseccomp_build_id(char *hex, size_t size)
{
	struct build_id_query q = { .name = "libseccomp" };

	dl_iterate_phdr(build_id_cb, &q);
	snprintf(hex, size, "%s", q.hex[0] ? q.hex : "-");
}

/* ---------------------------------------------------------------- key */

/* Everything the result of scfs_compile depends on.  The profile's bytes
 * and the host determine the expanded profile (the caller guarantees @eff
 * came from them); the kernel decides the flag and NOTIFY probes. */
static char *key_material(const struct scfs_fcache_key *k, const struct scfs_compile_opts *o, size_t *len)
{
	const struct scmp_version *v = seccomp_version();
	char self[2 * 64 + 1], lib[2 * 64 + 1];
	struct utsname u;
	char *out = NULL;
	FILE *m;

	if (!self_build_id(self, sizeof(self)) || uname(&u) < 0)
		return NULL;
	libseccomp_build_id(lib, sizeof(lib));
	m = open_memstream(&out, len);
	if (!m)
		return NULL;
	fprintf(m, "scfs filter cache key 1\nscfs %s build %s\n", SCFS_VERSION, self);
	fprintf(m, "libseccomp %u.%u.%u build %s native %#x\n", v->major, v->minor, v->micro, lib,
		seccomp_arch_native());
	fprintf(m, "kernel %s %s %s\n", u.release, u.version, u.machine);
	fprintf(m, "host %s caps %#llx kernel %u.%u\n", k->host->arch->oci, (unsigned long long)k->host->caps,
		k->host->kernel.major, k->host->kernel.minor);
	fprintf(m, "options strict %d optimize %d enosys %d skip_conflicts %d libseccomp_names %d\n", o->strict,
		o->optimize, (int)o->enosys, o->skip_conflicts, o->libseccomp_names);
	fprintf(m, "profile %zu\n", k->len);
	fwrite(k->text, 1, k->len, m);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---------------------------------------------------------------- place */

char *scfs_fcache_dir(const struct scfs_env *e)
{
	const char *no = e ? e->no_cache : NULL, *env = e ? e->cache_dir : NULL;
	const char *xdg = e ? e->cache_home : NULL, *home = e ? e->home : NULL;

	if (no && *no && strcmp(no, "0") != 0)
		return NULL;
	if (env && *env)
		return scfs_xstrdup(env);
	if (geteuid() == 0)
		return scfs_xstrdup("/var/cache/scfs");
	/* The XDG spec: a relative path is invalid and ignored. */
	if (xdg && xdg[0] == '/')
		return scfs_xasprintf("%s/scfs", xdg);
	if (home && home[0] == '/')
		return scfs_xasprintf("%s/.cache/scfs", home);
	return NULL;
}

/* Why we must not trust a file or directory, or NULL. */
static char *untrusted(const struct stat *st)
{
	if (st->st_uid != geteuid())
		return scfs_xasprintf("owned by uid %u, not %u", (unsigned)st->st_uid, (unsigned)geteuid());
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return scfs_xasprintf("writable by group or others (mode %04o)", (unsigned)(st->st_mode & 07777));
	return NULL;
}


/* Open the cache directory (creating it when @create), or -errno.  A
 * directory we cannot trust is refused with a note. */
static int open_dir(const char *dir, bool create, struct scfs_diag *d)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *why = NULL;
	struct stat st;
	int r;

	/* 0700 for what is created: the XDG spec's mode. */
	if (create && (r = scfs_mkdir_p(dir, 0700)) < 0) {
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cache %s: cannot create: %s", dir, strerror(-r));
		return r;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno; /* a cache not made yet is no news */
	if (fstat(fd, &st) < 0)
		return -errno;
	why = untrusted(&st);
	if (why) {
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cache %s not used: %s", dir, why);
		return -EPERM;
	}
	return TAKE_FD(fd);
}

static char *entry_name(const char *key, size_t len)
{
	return scfs_xasprintf("%016llx.filter", (unsigned long long)hash(key, len));
}

/* ---------------------------------------------------------------- write */

static void put_u32(FILE *m, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, m);
}

static void put_str(FILE *m, const char *s, size_t len)
{
	put_u32(m, (uint32_t)len);
	fwrite(s, 1, len, m);
}

/* Index of @a in the entry's arch table, adding it. */
static uint32_t arch_index(const struct scfs_arch_info **tab, size_t *n, const struct scfs_arch_info *a)
{
	for (size_t i = 0; i < *n; i++)
		if (tab[i] == a)
			return (uint32_t)i;
	tab[*n] = a;
	return (uint32_t)(*n)++;
}

static void put_arches(FILE *m, const struct scfs_filter *f, const struct scfs_arch_info **tab, size_t *n)
{
	for (size_t i = 0; i < f->n_stub; i++)
		arch_index(tab, n, f->stub[i].arch);
	for (size_t i = 0; i < f->n_entries; i++)
		arch_index(tab, n, f->entries[i].arch);
	put_u32(m, (uint32_t)*n);
	for (size_t i = 0; i < *n; i++)
		put_str(m, tab[i]->oci, strlen(tab[i]->oci));
}

static void put_filter(FILE *m, const struct scfs_filter *f)
{
	const struct scfs_arch_info **tab = scfs_xcalloc(f->n_stub + f->n_entries, sizeof(*tab));
	size_t n = 0;

	put_u32(m, f->flags);
	put_u32(m, f->default_action);
	put_u32(m, (uint32_t)f->prog_len);
	put_u32(m, (uint32_t)f->stub_len);
	put_arches(m, f, tab, &n);
	put_u32(m, (uint32_t)f->n_stub);
	for (size_t i = 0; i < f->n_stub; i++) {
		put_u32(m, arch_index(tab, &n, f->stub[i].arch));
		put_u32(m, (uint32_t)f->stub[i].max_nr);
	}
	put_u32(m, (uint32_t)f->n_entries);
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];

		put_u32(m, (uint32_t)e->rule);
		put_u32(m, (uint32_t)e->name);
		put_u32(m, arch_index(tab, &n, e->arch));
		put_u32(m, (uint32_t)e->nr);
		put_u32(m, (uint32_t)e->status);
	}
	fwrite(f->prog, sizeof(*f->prog), f->prog_len, m);
	free(tab);
}

/* libseccomp's PFC listing, kept so a hit can write filter.txt without
 * the context.  NULL if it cannot be had. */
static char *export_pfc(void *ctx, size_t *len)
{
	_cleanup_close_ int fd = memfd_create("scfs-pfc", MFD_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t got = 0;

	if (fd < 0 || seccomp_export_pfc(ctx, fd) < 0 || fstat(fd, &st) < 0)
		return NULL;
	buf = scfs_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got);

		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	*len = got;
	return TAKE_PTR(buf);
}

/* The body of an entry for @f and the diagnostics its compile added. */
static char *body_of(const struct scfs_filter *f, const struct scfs_diag_entry *dv, size_t nd, size_t *len)
{
	_cleanup_free_ char *pfc = NULL;
	size_t pfc_len = 0;
	char *out = NULL;
	FILE *m;

	pfc = export_pfc(f->ctx, &pfc_len);
	if (!pfc)
		return NULL;
	m = open_memstream(&out, len);
	if (!m)
		return NULL;
	put_filter(m, f);
	put_u32(m, (uint32_t)nd);
	for (size_t i = 0; i < nd; i++) {
		put_u32(m, (uint32_t)dv[i].level);
		put_str(m, dv[i].path, strlen(dv[i].path));
		put_str(m, dv[i].msg, strlen(dv[i].msg));
	}
	put_str(m, pfc, pfc_len);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Write header, key and body to a new file and rename it over @name, so
 * a reader sees a whole entry or none.  No fsync: after a crash a short
 * or empty entry fails its checks and is a miss. */
static int write_entry(int dfd, const char *name, const char *key, size_t key_len, const char *body,
		       size_t body_len)
{
	struct entry_header h = { .key_len = (uint32_t)key_len, .body_len = (uint32_t)body_len };
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = -1;
	struct timespec ts;
	int r;

	/* pid and time: writers in other pid namespaces may share the cache. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	tmp = scfs_xasprintf(".%s.%d.%lx.tmp", name, (int)getpid(), (unsigned long)ts.tv_nsec);
	memcpy(h.magic, ENTRY_MAGIC, sizeof(h.magic));
	h.body_sum = hash(body, body_len);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	r = scfs_write_all(fd, &h, sizeof(h));
	if (r == 0)
		r = scfs_write_all(fd, key, key_len);
	if (r == 0)
		r = scfs_write_all(fd, body, body_len);
	if (r == 0 && close(TAKE_FD(fd)) < 0)
		r = -errno;
	if (r == 0 && renameat(dfd, tmp, dfd, name) < 0)
		r = -errno;
	if (r < 0)
		(void)unlinkat(dfd, tmp, 0);
	return r;
}

static void store(const char *dir, const char *name, const char *key, size_t key_len, const struct scfs_filter *f,
		  const struct scfs_diag_entry *dv, size_t nd, struct scfs_diag *d)
{
	_cleanup_free_ char *body = NULL;
	_cleanup_close_ int dfd = -1;
	size_t body_len = 0;
	int r;

	body = body_of(f, dv, nd, &body_len);
	if (!body || key_len > UINT32_MAX || body_len > UINT32_MAX)
		return;
	dfd = open_dir(dir, true, d);
	if (dfd < 0)
		return;
	r = write_entry(dfd, name, key, key_len, body, body_len);
	if (r < 0)
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cache: cannot write %s/%s: %s", dir, name, strerror(-r));
	else
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cached in %s/%s", dir, name);
}

/* ---------------------------------------------------------------- read */

struct reader {
	const unsigned char *p;
	size_t left;
	bool bad;
};

static const void *get_bytes(struct reader *r, size_t n)
{
	const void *p = r->p;

	if (r->bad || n > r->left) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static uint32_t get_u32(struct reader *r)
{
	const void *p = get_bytes(r, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

/* A count of records of at least @size bytes each: more than the rest of
 * the entry could hold is corruption (and must not size an allocation). */
static size_t get_count(struct reader *r, size_t size)
{
	uint32_t n = get_u32(r);

	if (size && n > r->left / size)
		r->bad = true;
	return r->bad ? 0 : n;
}

static char *get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	const char *p = get_bytes(r, n);
	char *s;

	if (!p)
		return NULL;
	s = scfs_xmalloc((size_t)n + 1);
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

/* The arch table: each must be one of the expanded profile's arches. */
static const struct scfs_arch_info **get_arches(struct reader *r, const struct scfs_profile *eff, size_t *n)
{
	const struct scfs_arch_info **tab;

	*n = get_count(r, 4);
	if (*n > ARCH_MAX)
		r->bad = true;
	tab = scfs_xcalloc(*n, sizeof(*tab));
	for (size_t i = 0; i < *n && !r->bad; i++) {
		_cleanup_free_ char *name = get_str(r);
		const struct scfs_arch_info *a = name ? scfs_arch_lookup(name) : NULL;
		bool known = a && (!eff || a == eff->host_arch);

		for (size_t k = 0; a && eff && k < eff->n_arches; k++)
			known |= eff->arches[k] == a;
		r->bad |= !known;
		tab[i] = a;
	}
	return tab;
}

static const struct scfs_arch_info *arch_at(struct reader *r, const struct scfs_arch_info **tab, size_t n)
{
	uint32_t i = get_u32(r);

	if (i >= n) {
		r->bad = true;
		return NULL;
	}
	return tab[i];
}

static void get_entries(struct reader *r, struct scfs_filter *f, const struct scfs_arch_info **tab, size_t n_tab)
{
	const struct scfs_profile *eff = f->profile;

	f->n_entries = get_count(r, 5 * 4);
	f->entries = scfs_xcalloc(f->n_entries, sizeof(*f->entries));
	for (size_t i = 0; i < f->n_entries && !r->bad; i++) {
		struct scfs_entry *e = &f->entries[i];

		e->rule = get_u32(r);
		e->name = get_u32(r);
		e->arch = arch_at(r, tab, n_tab);
		e->nr = (int)get_u32(r);
		e->status = (enum scfs_entry_status)get_u32(r);
		if ((eff && (e->rule >= eff->n_rules || e->name >= eff->rules[e->rule].n_names)) ||
		    (unsigned)e->status > SCFS_ENTRY_NEWER_UNADDABLE)
			r->bad = true;
	}
}

static void get_filter(struct reader *r, struct scfs_filter *f)
{
	_cleanup_free_ const struct scfs_arch_info **tab = NULL;
	const void *prog;
	size_t n_tab;

	f->flags = get_u32(r);
	f->default_action = get_u32(r);
	f->prog_len = get_u32(r);
	f->stub_len = get_u32(r);
	if (f->prog_len == 0 || f->prog_len > PROG_MAX_INSNS || f->stub_len > f->prog_len)
		r->bad = true;
	tab = get_arches(r, f->profile, &n_tab);
	f->n_stub = get_count(r, 2 * 4);
	f->stub = scfs_xcalloc(f->n_stub, sizeof(*f->stub));
	for (size_t i = 0; i < f->n_stub && !r->bad; i++) {
		f->stub[i].arch = arch_at(r, tab, n_tab);
		f->stub[i].max_nr = (int)get_u32(r);
	}
	get_entries(r, f, tab, n_tab);
	prog = get_bytes(r, f->prog_len * sizeof(*f->prog));
	if (!prog)
		return;
	f->prog = scfs_xcalloc(f->prog_len, sizeof(*f->prog));
	memcpy(f->prog, prog, f->prog_len * sizeof(*f->prog));
	/* The kernel's syntax check: a program we could not load or evaluate
	 * is corruption even when the checksum agrees. */
	r->bad |= scfs_bpf_check(f->prog, f->prog_len) < 0;
}

/* The diagnostics, into @out; a successful compile never added errors. */
static void get_diags(struct reader *r, struct scfs_diag *out)
{
	size_t n = get_count(r, 3 * 4);

	for (size_t i = 0; i < n && !r->bad; i++) {
		uint32_t level = get_u32(r);
		_cleanup_free_ char *path = get_str(r), *msg = get_str(r);

		if (r->bad || (level != SCFS_DIAG_WARNING && level != SCFS_DIAG_NOTE)) {
			r->bad = true;
			return;
		}
		scfs_diag_add(out, (enum scfs_diag_level)level, path, "%s", msg);
	}
}

/* Decode an entry for @eff.  Returns NULL and why in *@why on any doubt. */
static struct scfs_filter *decode(const unsigned char *buf, size_t len, const char *key, size_t key_len,
				  const struct scfs_profile *eff, struct scfs_diag *diags, const char **why)
{
	struct entry_header h;
	struct reader r;
	struct scfs_filter *f;

	if (len < sizeof(h)) {
		*why = "truncated (header)";
		return NULL;
	}
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, ENTRY_MAGIC, sizeof(h.magic)) != 0) {
		*why = "not an entry of this scfs (magic)";
		return NULL;
	}
	if ((uint64_t)h.key_len + h.body_len != len - sizeof(h)) {
		*why = "truncated or extended (lengths)";
		return NULL;
	}
	if (h.key_len != key_len || memcmp(buf + sizeof(h), key, key_len) != 0) {
		*why = "made for another key (hash collision)";
		return NULL;
	}
	r = (struct reader){ buf + sizeof(h) + key_len, h.body_len, false };
	if (hash(r.p, r.left) != h.body_sum) {
		*why = "corrupt (checksum)";
		return NULL;
	}
	f = scfs_xcalloc(1, sizeof(*f));
	f->profile = eff;
	get_filter(&r, f);
	get_diags(&r, diags);
	f->pfc_len = get_u32(&r);
	f->pfc = get_bytes(&r, f->pfc_len);
	if (r.bad || r.left) {
		*why = "corrupt (contents)";
		return scfs_filter_free(f);
	}
	return f;
}

/* Map the entry, refusing one that is not ours alone.  Mapped, not read:
 * the listing in it is most of its ~220 KB, and copying it into fresh
 * memory costs more page faults than the rest of a hit.  The filter keeps
 * the mapping for its listing; scfs only ever replaces entries by rename,
 * which leaves a mapped one whole (only the owner truncating the file in
 * place while a run is starting could make that read fault). */
static int map_entry(int dfd, const char *name, void **map, size_t *len, char **why)
{
	_cleanup_close_ int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	int e;

	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0 || fstat(fd, &st) < 0) {
		e = errno;
		*why = scfs_xstrdup(strerror(e));
		return -e;
	}
	*why = S_ISREG(st.st_mode) ? untrusted(&st) : scfs_xstrdup("not a regular file");
	if (!*why && (st.st_size < (off_t)sizeof(struct entry_header) || st.st_size > ENTRY_MAX_BYTES))
		*why = scfs_xasprintf("bad size %lld", (long long)st.st_size);
	if (*why)
		return -EPERM;
	*len = (size_t)st.st_size;
	*map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (*map == MAP_FAILED) {
		e = errno;
		*why = scfs_xstrdup(strerror(e));
		return -e;
	}
	return 0;
}

/* A hit: 0 and *@ret, its diagnostics replayed into @d.  -errno otherwise. */
static int lookup(const char *dir, const char *name, const char *key, size_t key_len, const struct scfs_profile *eff,
		  struct scfs_filter **ret, struct scfs_diag *d)
{
	_cleanup_close_ int dfd = open_dir(dir, false, d);
	_cleanup_free_ char *why = NULL;
	const char *bad = NULL;
	struct scfs_diag replay;
	void *map = NULL;
	size_t len = 0;
	int r;

	if (dfd < 0)
		return dfd;
	r = map_entry(dfd, name, &map, &len, &why);
	if (r < 0) {
		if (why)
			scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cache entry %s/%s not used: %s", dir, name, why);
		return r;
	}
	scfs_diag_init(&replay, "");
	*ret = decode(map, len, key, key_len, eff, &replay, &bad);
	if (*ret) {
		/* The listing points into the entry: the filter keeps it mapped. */
		(*ret)->map = map;
		(*ret)->map_len = len;
		for (size_t i = 0; i < replay.n; i++)
			scfs_diag_add(d, replay.v[i].level, replay.v[i].path, "%s", replay.v[i].msg);
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter from cache %s/%s", dir, name);
	} else {
		munmap(map, len);
		scfs_diag_add(d, SCFS_DIAG_NOTE, "", "filter cache entry %s/%s not used: %s", dir, name, bad);
	}
	scfs_diag_done(&replay);
	return *ret ? 0 : -EINVAL;
}

/* ---------------------------------------------------------------- entry point */

/* Whether the diagnostics scfs_compile added since @n0 can be replayed
 * exactly: none dropped past the limit, and (it succeeded) no errors. */
static bool replayable(const struct scfs_diag *d, size_t n0, size_t dropped0)
{
	if (d->n_dropped != dropped0)
		return false;
	for (size_t i = n0; i < d->n; i++)
		if (d->v[i].level == SCFS_DIAG_ERROR)
			return false;
	return true;
}

/* An arch the expanded profile has (an entry's and a stub's). */
static bool arch_known(const struct scfs_profile *eff, const struct scfs_arch_info *a)
{
	bool known = a && a == eff->host_arch;

	for (size_t k = 0; a && k < eff->n_arches; k++)
		known |= eff->arches[k] == a;
	return known;
}

int scfs_fcache_lookup(const struct scfs_compile_opts *o, const struct scfs_fcache_key *k, const char *dir,
		       struct scfs_filter **ret, struct scfs_diag *diag)
{
	_cleanup_free_ char *key = NULL, *name = NULL;
	size_t key_len = 0;

	if (!dir || !k || !k->host || !k->host->arch || o->map_action || o->map_default || o->no_size_limit ||
	    o->floor_out)
		return -ENOENT;
	key = key_material(k, o, &key_len);
	if (!key)
		return -ENOENT;
	name = entry_name(key, key_len);
	if (lookup(dir, name, key, key_len, NULL, ret, diag) < 0)
		return -ENOENT;
	(*ret)->libseccomp_names = o->libseccomp_names;
	return 0;
}

int scfs_fcache_verify(struct scfs_filter *f, const struct scfs_profile *eff)
{
	for (size_t i = 0; i < f->n_stub; i++)
		if (!arch_known(eff, f->stub[i].arch))
			return -EINVAL;
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];

		if (!arch_known(eff, e->arch) || e->rule >= eff->n_rules || e->name >= eff->rules[e->rule].n_names)
			return -EINVAL;
	}
	f->profile = eff;
	return 0;
}

int scfs_compile_cached(const struct scfs_profile *eff, const struct scfs_compile_opts *o,
			const struct scfs_fcache_key *k, const char *dir, struct scfs_filter **ret,
			struct scfs_diag *diag)
{
	struct scfs_compile_opts defaults;
	_cleanup_free_ char *key = NULL, *name = NULL;
	size_t key_len = 0, n0, dropped0;
	int r;

	if (!o) {
		scfs_compile_opts_init(&defaults);
		o = &defaults;
	}
	/* Remapped actions are code, not data: they cannot be keyed.  A
	 * program past the kernel's size limit is never stored. */
	if (!dir || !k || !k->host || !k->host->arch || o->map_action || o->map_default || o->no_size_limit ||
	    o->floor_out || !eff->expanded)
		return scfs_compile(eff, o, ret, diag);
	key = key_material(k, o, &key_len);
	if (!key) {
		scfs_diag_add(diag, SCFS_DIAG_NOTE, "", "filter cache not used: this scfs binary has no build id");
		return scfs_compile(eff, o, ret, diag);
	}
	name = entry_name(key, key_len);
	if (lookup(dir, name, key, key_len, eff, ret, diag) == 0) {
		(*ret)->libseccomp_names = o->libseccomp_names; /* keyed: the entry was built so */
		return 0;
	}
	/* Only what the compile adds is stored, not the lookup's notes. */
	n0 = diag->n;
	dropped0 = diag->n_dropped;
	r = scfs_compile(eff, o, ret, diag);
	if (r == 0 && replayable(diag, n0, dropped0))
		store(dir, name, key, key_len, *ret, diag->v + n0, diag->n - n0, diag);
	return r;
}
