/* The state files written once at the start: "info" and the profile, its
 * filter and what scfs knows about its names (doc/state-format.md). */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "scfs/escape.h"
#include "supervise.h"

/* The command line as one field of "info": each argument escaped, blanks
 * in it too, so that the blanks between arguments are the only ones. */
static char *join_argv(char *const *argv)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; argv[i]; i++) {
		if (i)
			fputc(' ', m);
		scfs_escape_put(m, argv[i], strlen(argv[i]), 0, " ");
	}
	fclose(m);
	return out;
}

/* A name unknown to libseccomp is whatever the profile says: one TSV
 * field, escaped (',' too, where names are listed). */
static void put_name(FILE *m, const char *name)
{
	scfs_escape_put(m, name, strlen(name), 0, "\t,");
}

/* The names not on @a, joined: "a,b,c<TAB>0,0,3" (each name's rule). */
static bool put_not_on_arch(FILE *m, const struct scfs_filter *f, const struct scfs_arch_info *a)
{
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		if (pass && n)
			fputc('\t', m);
		for (size_t i = 0, k = 0; i < f->n_entries; i++) {
			const struct scfs_entry *e = &f->entries[i];
			const struct scfs_rule *r = &f->profile->rules[e->rule];

			if (e->arch != a || e->status != SCFS_ENTRY_NOT_ON_ARCH)
				continue;
			if (k++)
				fputc(',', m);
			if (pass == 0)
				put_name(m, r->names[e->name]);
			else
				fprintf(m, "%zu", r->index);
			n++;
		}
	}
	if (n)
		fprintf(m, "\t%s\t%s\n", a->scmp_name, scfs_entry_status_string(SCFS_ENTRY_NOT_ON_ARCH));
	return n;
}

/* One line per name unknown or added by number, one per arch for the
 * names that arch does not have (a profile for several arches lists many). */
static char *render_unknown(const struct scfs_filter *f)
{
	const struct scfs_profile *p = f->profile;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &p->rules[e->rule];

		if (e->status == SCFS_ENTRY_ADDED || e->status == SCFS_ENTRY_SKIPPED_DEFAULT ||
		    e->status == SCFS_ENTRY_NOT_ON_ARCH)
			continue;
		put_name(m, r->names[e->name]);
		fprintf(m, "\t%zu\t%s\t%s\n", r->index, e->arch->scmp_name, scfs_entry_status_string(e->status));
	}
	put_not_on_arch(m, f, p->host_arch);
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] != p->host_arch)
			put_not_on_arch(m, f, p->arches[i]);
	fclose(m);
	return out;
}

/* Whether the target can rewrite its own record.  It runs with scfs's
 * uids (scfs never changes them, and no_new_privs makes set-id programs
 * run without their ids), so it owns the state directory's files unless
 * scfs runs as another uid than the one that owns it, which
 * scfs_state_base_open refuses: today this is always "writable".  The
 * wording says what still holds. */
static const char *record_trust(const struct supervisor *s)
{
	if (s->ct)
		return "kept by the agent: the container's processes do not see this directory (their own mount "
		       "namespace and root) unless the host's state directory is mounted into the container";
	return "writable by the target (it runs as the uid that owns this directory): the denial log and these "
	       "files can be rewritten while it runs; scfs keeps its counts in its own memory, writes them to "
	       "counters.bin and prints the summary from them, and writes exit last, once no process of the "
	       "target is left";
}

static void put_field(FILE *m, const char *key, const char *value)
{
	_cleanup_free_ char *e = scfs_escape_str(value && *value ? value : "-", 0, NULL);

	fprintf(m, "%s\t%s\n", key, e);
}

/* A container's keys: who it is to its runtime and orchestrator. */
static char *render_container(const struct supervisor *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	fputs("kind\tcontainer\n", m);
	if (s->ct) {
		put_field(m, "container_id", s->ct->id);
		put_field(m, "container_name", s->ct->name);
		put_field(m, "pod", s->ct->pod);
		put_field(m, "namespace", s->ct->pod_namespace);
		put_field(m, "runtime", s->ct->runtime);
		put_field(m, "bundle", s->ct->bundle);
		if (s->ct->unobservable)
			put_field(m, "unobservable", s->ct->unobservable);
	}
	fclose(m);
	return out;
}

static char *render_info(struct supervisor *s)
{
	const struct scfs_run_spec *sp = s->spec;
	const struct scfs_profile *p = sp->filter->profile;
	_cleanup_free_ char *cmd = join_argv(sp->argv), *arches = NULL, *klog = sv_kernel_log_status(s);
	_cleanup_free_ char *kind = s->ct ? render_container(s) : scfs_xstrdup("kind\ttarget\n");
	const char *raw = sp->name ? sp->name : strrchr(sp->argv[0], '/') ? strrchr(sp->argv[0], '/') + 1 : sp->argv[0];
	/* Every value one field of one line (doc/state-format.md). */
	_cleanup_free_ char *name = scfs_escape_str(raw, 0, NULL), *prof = scfs_escape_str(sp->profile_path, 0, NULL);
	size_t alen = 0;
	FILE *m = open_memstream(&arches, &alen);

	fprintf(m, "%s", p->host_arch->scmp_name);
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] != p->host_arch)
			fprintf(m, " %s", p->arches[i]->scmp_name);
	fclose(m);
	return scfs_xasprintf("name\t%s\npid\t%d\nscfs_pid\t%d\ncommand\t%s\nprofile\t%s\nmode\t%s\narches\t%s\n"
			      "rules\t%zu\nstart_ns\t%lld\nkernel_log\t%s\nrecord\t%s\n%s",
			      name, (int)s->pid, (int)getpid(), cmd, prof, scfs_mode_string(sp->mode), arches,
			      p->n_rules, (long long)s->state.hdr->start_ns, klog, record_trust(s), kind);
}

void sv_write_info(struct supervisor *s)
{
	_cleanup_free_ char *info = render_info(s);

	sv_put_text(s, "info", info);
}

/* Everything but "info": written once the launcher has been let go, so the
 * target does not wait for it (readers see each file appear whole). */
void sv_write_files(struct supervisor *s)
{
	const struct scfs_filter *f = s->spec->filter;
	_cleanup_free_ char *eff = scfs_profile_to_json(f->profile), *unknown = render_unknown(f);
	_cleanup_free_ char *tmp = NULL;
	int fd;

	(void)scfs_state_put(&s->state, "profile.json", s->spec->profile_text, s->spec->profile_len);
	sv_put_text(s, "effective.json", eff);
	(void)scfs_state_put(&s->state, "filter.bpf", f->prog, f->prog_len * sizeof(*f->prog));
	(void)scfs_state_put(&s->state, "loaded.bpf", s->obs.prog, s->obs.prog_len * sizeof(*s->obs.prog));
	if (s->obs.trap_prog)
		(void)scfs_state_put(&s->state, "trap.bpf", s->obs.trap_prog,
				     s->obs.trap_prog_len * sizeof(*s->obs.trap_prog));
	sv_put_text(s, "unknown", unknown);
	fd = scfs_tmpfile_at(s->state.dir_fd, "filter.txt", 0644, &tmp);
	if (fd >= 0) {
		int r = scfs_filter_write_pfc(f, fd);

		if (close(fd) == 0 && r >= 0 && renameat(s->state.dir_fd, tmp, s->state.dir_fd, "filter.txt") == 0)
			return;
		(void)unlinkat(s->state.dir_fd, tmp, 0);
	}
}

/* "info" and the files above, once the directory is made; @s->state is
 * the caller's until then. */
static void write_all(struct supervisor *s)
{
	s->state.hdr->start_ns = s->start_ns;
	sv_write_info(s);
	sv_write_files(s);
}

/* The directory with its first files (counters.bin, denied, denied.jsonl)
 * at once, then "info" and the rest when the launch says the profile is
 * complete (on a filter-cache hit it is parsed meanwhile); 0 or -errno. */
static void *open_state_thread(void *arg)
{
	struct sv_state_job *j = arg;
	struct supervisor *s = j->s;
	int r = scfs_state_create(&s->state, TAKE_FD(s->base_fd), s->spec->state_base, s->pid, s->spec->mode), go;

	pthread_mutex_lock(&j->mu);
	while (!j->go)
		pthread_cond_wait(&j->cv, &j->mu);
	go = j->go;
	pthread_mutex_unlock(&j->mu);
	if (r == 0 && go > 0)
		write_all(s);
	return (void *)(intptr_t)r;
}

/* Started right after the fork, so that the directory and its files are
 * written while the launcher loads its filter and execs (a new inode
 * costs 0.1 ms on some file systems, and there are a dozen).  Until
 * sv_state_end the thread alone uses @s->state and @s->base_fd; it only
 * reads the rest of what it touches (the spec, the filter and its profile
 * once sv_state_go says so, the observer's programs, the kernel log's
 * status, the pid), which the launch does not change after that. */
void sv_state_begin(struct sv_state_job *j, struct supervisor *s)
{
	*j = (struct sv_state_job){ .s = s };
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->started = pthread_create(&j->th, NULL, open_state_thread, j) == 0;
}

void sv_state_go(struct sv_state_job *j, bool go)
{
	pthread_mutex_lock(&j->mu);
	j->go = go ? 1 : -1;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

/* The thread's result (or, when it could not be started, the same work
 * done here); with @made false only the directory it made, if any, is
 * removed again: the launch failed, and scfs leaves no record of it. */
int sv_state_end(struct sv_state_job *j, bool made)
{
	struct supervisor *s = j->s;
	void *ret = NULL;
	char name[16];
	int r;

	if (!j->go)
		sv_state_go(j, made);
	if (j->started) {
		pthread_join(j->th, &ret);
		r = (int)(intptr_t)ret;
	} else {
		r = made ? scfs_state_create(&s->state, TAKE_FD(s->base_fd), s->spec->state_base, s->pid,
					     s->spec->mode) : 0;
		if (made && r == 0)
			write_all(s);
	}
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	if (!made && s->state.dir) {
		snprintf(name, sizeof(name), "%d", (int)s->pid);
		(void)scfs_rm_tree_at(s->state.base_fd, name, 1);
	}
	return r;
}
