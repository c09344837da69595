/* The denial log's thread (denial_log.h): records in, lines out.
 *
 * Why a thread: with the listener's synchronous wake-up the target runs
 * only while the supervisor waits, so every microsecond spent on a line
 * before the next receive is a microsecond the target waits; decoding,
 * formatting and writing took more than the notification's round trip
 * itself.  Here they run on another CPU while the supervisor answers.
 *
 * Why one mutex: the ring's indices and the counts handed back change
 * under it, so each record is filled before it is published and read
 * after, and the thread's counts are whole when the supervisor reads them.
 * The supervisor takes it once per denial for a few stores; it never waits
 * for the thread but when the ring is full.  The thread is woken once per
 * DLOG_BATCH records, or by a timed wait for the oldest's deadline, not
 * once per record (a wake-up is a system call). */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "denial.h"
#include "denial_log.h"
#include "scfs/escape.h"
#include "scfs/names.h"

static int64_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The decoder's string reader for a record: the strings read while the
 * notification was held, or ESRCH when it was gone after the reads. */
static int rec_read(void *ud, uint64_t addr, char *buf, size_t len)
{
	const struct dlog_rec *r = ud;

	if (r->dead)
		return -ESRCH;
	for (unsigned i = 0; i < r->n; i++) {
		const struct dlog_string *v = &r->str[i];

		if (v->addr != addr)
			continue;
		if (v->r > 0)
			memcpy(buf, v->buf, (size_t)v->r < len ? (size_t)v->r : len);
		return v->r;
	}
	return -ENOENT; /* not read: no signature said it was a string */
}

size_t dlog_call(const struct dlog_rec *r, unsigned flags, char *out, size_t len)
{
	return scfs_decode_call_flags(r->name, r->args, r->compat32, flags, rec_read, (void *)r, out, len);
}

/* A line builder: printf's format parsing was a tenth of a denial storm's
 * time, for a line of fixed shape made of strings and integers. */
struct linebuf {
	char *p, *end;
};

static inline void put_mem(struct linebuf *b, const char *s, size_t n)
{
	size_t room = (size_t)(b->end - b->p);

	memcpy(b->p, s, n < room ? n : room);
	b->p += n < room ? n : room;
}

static void put_str(struct linebuf *b, const char *str)
{
	put_mem(b, str, strlen(str));
}

/* The fixed parts: their lengths known here, their copies inlined. */
#define PUT_LIT(b, lit) put_mem(b, lit, sizeof(lit) - 1)

static void put_int(struct linebuf *b, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char tmp[24];
	int n = (int)sizeof(tmp);

	do
		tmp[--n] = (char)('0' + u % 10);
	while ((u /= 10) && n > 1);
	if (v < 0)
		tmp[--n] = '-';
	put_mem(b, tmp + n, sizeof(tmp) - (size_t)n);
}

/* One line of the denial log (doc/state-format.md) into @buf; its length. */
static size_t format_line(const struct denial_record *r, const char *comm_field, char *buf, size_t size)
{
	struct linebuf b = { buf, buf + size - 1 };

	put_str(&b, r->time);
	PUT_LIT(&b, " pid=");
	put_int(&b, r->pid);
	PUT_LIT(&b, " tid=");
	put_int(&b, r->tid);
	PUT_LIT(&b, " comm=");
	put_str(&b, comm_field);
	PUT_LIT(&b, " arch=");
	put_str(&b, r->arch);
	PUT_LIT(&b, " syscall=");
	put_str(&b, r->syscall);
	PUT_LIT(&b, " nr=");
	put_int(&b, r->nr);
	PUT_LIT(&b, " call=");
	put_str(&b, r->call);
	PUT_LIT(&b, " action=");
	put_str(&b, r->action);
	if (r->err >= 0) {
		PUT_LIT(&b, " errno=");
		put_int(&b, r->err);
		PUT_LIT(&b, " errname=");
		put_str(&b, r->errname);
	}
	PUT_LIT(&b, " rule=");
	put_str(&b, r->rule);
	PUT_LIT(&b, " mode=");
	put_str(&b, r->mode);
	if (r->launcher)
		PUT_LIT(&b, " phase=launcher");
	*b.p = '\0';
	return (size_t)(b.p - buf);
}

/* A notification's line and object, into the writer. */
static void write_rec(struct dlog *l, const struct dlog_rec *rec)
{
	uint32_t act = rec->verdict & SECCOMP_RET_ACTION_FULL, data = rec->verdict & SECCOMP_RET_DATA;
	const struct scfs_arch_info *a = scfs_arch_from_token(rec->token);
	char when[48], comm[DENIAL_COMM_FIELD_MAX], jcomm[DENIAL_COMM_FIELD_MAX], call[DLOG_CALL_MAX];
	char *line, *json;
	int e = act == SECCOMP_RET_ERRNO ? (int)data : act == SECCOMP_RET_TRACE ? ENOSYS : -1;
	struct denial_record r = {
		.time = when, .pid = rec->pid, .tid = rec->tid, .comm = jcomm, .arch = a ? a->scmp_name : "?",
		.syscall = rec->name, .nr = rec->nr, .args = rec->args, .call = call,
		.action = scfs_action_word_name(rec->verdict), .err = e,
		.errname = e >= 0 && scfs_errno_name(e) ? scfs_errno_name(e) : "-", .rule = l->rule_label,
		.mode = scfs_mode_string(l->mode), .source = "notify", .ip = rec->ip, .launcher = rec->launcher,
	};
	size_t len, jlen, jroom = 2048;

	denial_time_at(&rec->when, when, sizeof(when));
	/* A storm is one rule's again and again. */
	if (!l->rule_set || l->rule != rec->rule) {
		denial_rule_label(l->profile, rec->rule, l->rule_label, sizeof(l->rule_label));
		l->rule = rec->rule;
		l->rule_set = true;
	}
	denial_comm_field(rec->comm, strlen(rec->comm), comm, sizeof(comm));
	/* In JSON blanks are no separators: the comm escaped as any text. */
	scfs_escape_buf(jcomm, sizeof(jcomm), rec->comm, strlen(rec->comm), 0, NULL);
	dlog_call(rec, SCFS_DECODE_FIELD, call, sizeof(call));
	/* Formatted where they are written from: no copy.  The line's fields
	 * are bounded (the call, names of 32, a comm of
	 * DENIAL_COMM_FIELD_MAX); the object rarely needs more than 2 KiB. */
	scfs_log_writer_room(&l->w, sizeof(call) + 512, jroom, &line, &json);
	len = format_line(&r, comm, line, sizeof(call) + 512);
	while ((jlen = denial_json_put(json, jroom, &r)) >= jroom) {
		jroom = jlen + 1;
		scfs_log_writer_room(&l->w, sizeof(call) + 512, jroom, &line, &json);
	}
	scfs_log_writer_commit(&l->w, len, jlen);
}

static void write_one(struct dlog *l, struct dlog_rec *rec)
{
	if (!rec->line) {
		write_rec(l, rec);
		return;
	}
	scfs_log_writer_add(&l->w, rec->line, strlen(rec->line), rec->json, strlen(rec->json));
	free(rec->line);
	free(rec->json);
	rec->line = rec->json = NULL;
}

static struct timespec abs_mono(int64_t ns)
{
	return (struct timespec){ .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
}

/* Under @mu: wait until a batch is due (DLOG_BATCH records, the oldest's
 * deadline, or the stop); returns how many records to take. */
static unsigned wait_batch(struct dlog *l)
{
	while (!l->stop) {
		unsigned n = l->head - l->tail;
		int64_t due;
		struct timespec ts;

		if (n >= DLOG_BATCH)
			break;
		if (n == 0) {
			l->waiting = DLOG_IDLE;
			pthread_cond_wait(&l->wake, &l->mu);
			continue;
		}
		due = l->first_ns + DLOG_DELAY_NS;
		if (mono_now() >= due)
			break;
		l->waiting = DLOG_GATHER;
		ts = abs_mono(due);
		(void)pthread_cond_timedwait(&l->wake, &l->mu, &ts);
	}
	l->waiting = DLOG_BUSY;
	return l->head - l->tail;
}

static void *thread_main(void *arg)
{
	struct dlog *l = arg;

	pthread_mutex_lock(&l->mu);
	for (;;) {
		unsigned n = wait_batch(l), first = l->tail;
		int64_t taken = mono_now();

		if (!n && l->stop)
			break;
		/* The records [first, first + n) are the thread's until the
		 * tail moves past them: the supervisor only writes at head. */
		pthread_mutex_unlock(&l->mu);
		for (unsigned i = 0; i < n; i++)
			write_one(l, &l->ring[(first + i) % DLOG_RING]);
		scfs_log_writer_flush(&l->w);
		pthread_mutex_lock(&l->mu);
		l->tail += n;
		/* What came meanwhile came after the batch was taken. */
		l->first_ns = taken;
		l->logged = l->w.logged;
		l->failed = l->w.failed;
		if (l->w.error && !l->error) {
			l->error = l->w.error;
			memcpy(l->error_file, l->w.error_file, sizeof(l->error_file));
		}
		atomic_fetch_add_explicit(&l->batches, 1, memory_order_release);
		pthread_cond_signal(&l->room);
	}
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

static void start(struct dlog *l, struct scfs_state *s, const struct scfs_profile *p, enum scfs_mode mode)
{
	pthread_condattr_t ca;
	sigset_t all, old;

	l->started = true;
	l->profile = p;
	l->mode = mode;
	scfs_log_writer_init(&l->w, s);
	l->ring = scfs_xcalloc(DLOG_RING, sizeof(*l->ring));
	pthread_mutex_init(&l->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->wake, &ca);
	pthread_cond_init(&l->room, &ca);
	pthread_condattr_destroy(&ca);
	/* Signals stay the supervisor's (its signalfd): none for the thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	l->threaded = pthread_create(&l->thread, NULL, thread_main, l) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

bool dlog_full(const struct dlog *l)
{
	return l->accepted >= SCFS_DENIED_MAX_LINES;
}

/* Under @mu: wait for room, waking the thread; false after DLOG_ROOM_NS,
 * and at once while the thread has not freed any since (a writer stuck in
 * write(2) must not hold every later answer for as long). */
static bool wait_room(struct dlog *l)
{
	int64_t until = mono_now() + DLOG_ROOM_NS;

	if (l->head - l->tail < DLOG_RING)
		l->stalled = false;
	while (l->head - l->tail == DLOG_RING && !l->stalled) {
		struct timespec ts = abs_mono(until);

		pthread_cond_signal(&l->wake);
		if (pthread_cond_timedwait(&l->room, &l->mu, &ts) == ETIMEDOUT && l->head - l->tail == DLOG_RING)
			l->stalled = true;
	}
	return l->head - l->tail < DLOG_RING;
}

/* The record and the strings it holds, not the rest of str[]. */
static void copy_rec(struct dlog_rec *to, const struct dlog_rec *r)
{
	memcpy(to, r, offsetof(struct dlog_rec, str));
	for (unsigned i = 0; i < r->n && i < ELEMENTSOF(r->str); i++) {
		const struct dlog_string *v = &r->str[i];

		memcpy(&to->str[i], v, offsetof(struct dlog_string, buf) + (v->r > 0 ? (size_t)v->r : 0));
	}
}

void dlog_push(struct dlog *l, struct scfs_state *s, const struct scfs_profile *p, enum scfs_mode mode,
	       const struct dlog_rec *r)
{
	unsigned n;

	if (!l->started)
		start(l, s, p, mode);
	l->accepted++;
	if (!l->threaded) {
		struct dlog_rec tmp;

		copy_rec(&tmp, r);
		write_one(l, &tmp);
		scfs_log_writer_flush(&l->w);
		return;
	}
	pthread_mutex_lock(&l->mu);
	if (!wait_room(l)) {
		pthread_mutex_unlock(&l->mu);
		/* Counted, never silent: dropped, and shown as such. */
		l->accepted--;
		s->hdr->dropped++;
		s->dirty = true;
		free(r->line);
		free(r->json);
		return;
	}
	copy_rec(&l->ring[l->head % DLOG_RING], r);
	n = ++l->head - l->tail;
	if (n == 1)
		l->first_ns = mono_now();
	if ((l->waiting == DLOG_IDLE && n == 1) || (l->waiting == DLOG_GATHER && n >= DLOG_BATCH))
		pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->mu);
}

int dlog_merge(struct dlog *l, struct scfs_state *s)
{
	uint64_t logged, failed;
	int error;
	char file[32];

	if (!l->started)
		return -1;
	/* Once per loop turn: the lock only when the thread wrote a batch. */
	if (l->threaded && atomic_load_explicit(&l->batches, memory_order_acquire) == l->merged_batches)
		return l->accepted > l->merged_logged ? (int)(DLOG_DELAY_NS / 1000000) + 1 : -1;
	if (l->threaded) {
		pthread_mutex_lock(&l->mu);
		l->merged_batches = atomic_load_explicit(&l->batches, memory_order_relaxed);
	}
	logged = l->threaded ? l->logged : l->w.logged;
	failed = l->threaded ? l->failed : l->w.failed;
	error = l->threaded ? l->error : l->w.error;
	memcpy(file, l->threaded ? l->error_file : l->w.error_file, sizeof(file));
	if (l->threaded)
		pthread_mutex_unlock(&l->mu);
	scfs_state_log_merge(s, logged - l->merged_logged, failed - l->merged_failed, error, file);
	/* As before the thread: a denial whose line could not be written
	 * leaves its place under the cap to a later one. */
	l->accepted -= failed - l->merged_failed;
	l->merged_logged = logged;
	l->merged_failed = failed;
	return l->accepted > logged ? (int)(DLOG_DELAY_NS / 1000000) + 1 : -1;
}

void dlog_stop(struct dlog *l, struct scfs_state *s)
{
	if (!l->started)
		return;
	if (l->threaded) {
		pthread_mutex_lock(&l->mu);
		l->stop = true;
		pthread_cond_signal(&l->wake);
		pthread_mutex_unlock(&l->mu);
		pthread_join(l->thread, NULL);
		/* The writer is the supervisor's from here: counts read from it. */
		l->threaded = false;
	}
	scfs_log_writer_flush(&l->w);
	(void)dlog_merge(l, s);
}

void dlog_done(struct dlog *l, struct scfs_state *s)
{
	if (!l->started)
		return;
	dlog_stop(l, s);
	scfs_log_writer_done(&l->w);
	pthread_cond_destroy(&l->wake);
	pthread_cond_destroy(&l->room);
	pthread_mutex_destroy(&l->mu);
	free(l->ring);
	*l = (struct dlog){ 0 };
}
