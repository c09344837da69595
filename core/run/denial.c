/* Shared parts of denial-log lines. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "denial.h"
#include "scfs/escape.h"

#define X32_SYSCALL_BIT 0x40000000u

void denial_time_at(const struct timespec *ts, char *buf, size_t len)
{
	/* The calendar part changes once a second; a storm formats thousands
	 * of lines a second.  One cache a thread: the log thread formats
	 * notifications' times, the supervisor the kernel records'. */
	static _Thread_local time_t last_sec = -1;
	static _Thread_local char day[40];
	static _Thread_local size_t day_len;
	char out[64];
	long us = ts->tv_nsec / 1000;

	if (ts->tv_sec != last_sec) {
		struct tm tm;

		gmtime_r(&ts->tv_sec, &tm);
		day_len = strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = ts->tv_sec;
	}
	/* ".%06ldZ" without printf: a storm's lines each have one. */
	memcpy(out, day, day_len);
	out[day_len] = '.';
	for (int i = 6; i >= 1; i--, us /= 10)
		out[day_len + (size_t)i] = (char)('0' + us % 10);
	out[day_len + 7] = 'Z';
	if (len) {
		size_t n = day_len + 8 < len ? day_len + 8 : len - 1;

		memcpy(buf, out, n);
		buf[n] = '\0';
	}
}

void denial_time(char *buf, size_t len)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	denial_time_at(&ts, buf, len);
}

void denial_comm_field(const char *comm, size_t len, char *out, size_t size)
{
	/* Blanks and '=' would split the field; a comm is the target's to
	 * choose, controls and invalid UTF-8 included. */
	scfs_escape_buf(out, size, comm, len, 0, " =");
}

void denial_rule_label(const struct scfs_profile *p, uint32_t rule, char *buf, size_t len)
{
	if (rule == SCFS_RULE_DEFAULT)
		snprintf(buf, len, "default");
	else if (rule == SCFS_RULE_ENOSYS)
		snprintf(buf, len, "enosys");
	else if (rule < p->n_rules)
		snprintf(buf, len, "syscalls[%zu]", p->rules[rule].index);
	else
		snprintf(buf, len, "unknown");
}

uint32_t denial_source_rule(const struct scfs_profile *p, uint32_t rule)
{
	return rule < p->n_rules ? (uint32_t)p->rules[rule].index : rule;
}

uint32_t denial_arch_token(uint32_t audit_arch, int nr)
{
	if (audit_arch == AUDIT_ARCH_X86_64 && ((uint32_t)nr & X32_SYSCALL_BIT))
		return SCMP_ARCH_X32;
	return audit_arch;
}

/* denied.jsonl's objects are written here rather than by json-c: json-c
 * builds a tree per object (a table, an allocation per value) and then
 * walks it to print, which was a fifth of a denial storm's time even with
 * one object kept and its values set.  The output is byte for byte what
 * json_object_to_json_string_ext(JSON_C_TO_STRING_PLAIN |
 * JSON_C_TO_STRING_NOSLASHESCAPE) gives for the same object (the keys in
 * this order, json-c's escapes); tests/unit/test_denial_json.c compares
 * the two.  A bounded appender that keeps counting past the end, as
 * snprintf does. */
struct jbuf {
	char *buf;
	size_t size, pos;
};

/* Inline, so that the literals' copies (JLIT) are a few moves rather
 * than a call each: an object has some forty pieces. */
static inline void jput(struct jbuf *b, const char *s, size_t n)
{
	if (b->pos + n <= b->size)
		memcpy(b->buf + b->pos, s, n);
	else if (b->pos < b->size)
		memcpy(b->buf + b->pos, s, b->size - b->pos);
	b->pos += n;
}

#define JLIT(b, lit) jput(b, lit, sizeof(lit) - 1)

static void jlit(struct jbuf *b, const char *s)
{
	jput(b, s, strlen(s));
}

/* json-c's escapes: the two-letter ones, other controls as \u00xx, every
 * other byte as it is ('/' too, with NOSLASHESCAPE). */
static void jstr(struct jbuf *b, const char *s)
{
	const char *run = s;

	if (!s) {
		JLIT(b, "null");
		return;
	}
	jput(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *e;
		char u[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
		  : c == '\t' ? "\\t" : c == '\f' ? "\\f" : NULL;
		jput(b, run, (size_t)(s - run));
		run = s + 1;
		if (!e) {
			u[4] = "0123456789abcdef"[c >> 4];
			u[5] = "0123456789abcdef"[c & 15];
			u[6] = '\0';
			e = u;
		}
		jlit(b, e);
	}
	jput(b, run, (size_t)(s - run));
	jput(b, "\"", 1);
}

static void jnum(struct jbuf *b, uint64_t v, bool negative)
{
	char tmp[24];
	int n = (int)sizeof(tmp);

	do
		tmp[--n] = (char)('0' + v % 10);
	while ((v /= 10) && n > 1);
	if (negative)
		tmp[--n] = '-';
	jput(b, tmp + n, sizeof(tmp) - (size_t)n);
}

static void jint(struct jbuf *b, long long v)
{
	jnum(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/* A number, or null when @present is false. */
static void jint_or_null(struct jbuf *b, long long v, bool present)
{
	if (present)
		jint(b, v);
	else
		JLIT(b, "null");
}

size_t denial_json_put(char *buf, size_t size, const struct denial_record *r)
{
	struct jbuf b = { buf, size, 0 };

	JLIT(&b, "{\"time\":");
	jstr(&b, r->time);
	JLIT(&b, ",\"pid\":");
	jint(&b, r->pid);
	JLIT(&b, ",\"tid\":");
	jint_or_null(&b, r->tid, r->tid >= 0);
	JLIT(&b, ",\"comm\":");
	jstr(&b, r->comm);
	JLIT(&b, ",\"arch\":");
	jstr(&b, r->arch);
	JLIT(&b, ",\"syscall\":");
	jstr(&b, r->syscall);
	JLIT(&b, ",\"nr\":");
	jint(&b, r->nr);
	JLIT(&b, ",\"args\":");
	for (int i = 0; r->args && i < 6; i++) {
		jput(&b, i ? "," : "[", 1);
		jnum(&b, r->args[i], false);
	}
	if (r->args)
		JLIT(&b, "]");
	else
		JLIT(&b, "null");
	JLIT(&b, ",\"call\":");
	jstr(&b, r->call);
	JLIT(&b, ",\"action\":");
	jstr(&b, r->action);
	JLIT(&b, ",\"errno\":");
	jint_or_null(&b, r->err, r->err >= 0);
	JLIT(&b, ",\"errname\":");
	jstr(&b, r->err < 0 ? NULL : r->errname);
	JLIT(&b, ",\"rule\":");
	jstr(&b, r->rule);
	if (r->candidates) {
		JLIT(&b, ",\"candidates\":");
		jstr(&b, r->candidates);
	}
	JLIT(&b, ",\"mode\":");
	jstr(&b, r->mode);
	JLIT(&b, ",\"source\":");
	jstr(&b, r->source);
	JLIT(&b, ",\"ip\":");
	jnum(&b, r->ip, false);
	if (r->launcher)
		JLIT(&b, ",\"phase\":\"launcher\"");
	JLIT(&b, "}");
	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return b.pos;
}

char *denial_json(const struct denial_record *r)
{
	size_t len = denial_json_put(NULL, 0, r);
	char *out = scfs_xcalloc(len + 1, 1);

	denial_json_put(out, len + 1, r);
	return out;
}
