/* Shared parts of denial-log lines. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <json-c/json.h>
#include <time.h>

#include "denial.h"
#include "scfs/escape.h"

#define X32_SYSCALL_BIT 0x40000000u

void denial_time(char *buf, size_t len)
{
	/* The calendar part changes once a second; a storm formats thousands
	 * of lines a second. */
	static time_t last_sec = -1;
	static char day[40];
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != last_sec) {
		struct tm tm;

		gmtime_r(&ts.tv_sec, &tm);
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = ts.tv_sec;
	}
	snprintf(buf, len, "%s.%06ldZ", day, ts.tv_nsec / 1000);
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

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *build_object(const struct denial_record *r)
{
	json_object *o = json_object_new_object(), *args = NULL;

	if (r->args) {
		args = json_object_new_array_ext(6);
		for (int i = 0; i < 6; i++)
			json_object_array_add(args, json_object_new_uint64(r->args[i]));
	}
	json_object_object_add(o, "time", json_object_new_string(r->time));
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	json_object_object_add(o, "tid", r->tid < 0 ? NULL : json_object_new_int(r->tid));
	json_object_object_add(o, "comm", json_object_new_string(r->comm));
	json_object_object_add(o, "arch", json_object_new_string(r->arch));
	json_object_object_add(o, "syscall", json_object_new_string(r->syscall));
	json_object_object_add(o, "nr", json_object_new_int(r->nr));
	json_object_object_add(o, "args", args);
	json_object_object_add(o, "call", str_or_null(r->call));
	json_object_object_add(o, "action", json_object_new_string(r->action));
	json_object_object_add(o, "errno", r->err < 0 ? NULL : json_object_new_int(r->err));
	json_object_object_add(o, "errname", r->err < 0 ? NULL : str_or_null(r->errname));
	json_object_object_add(o, "rule", str_or_null(r->rule));
	if (r->candidates)
		json_object_object_add(o, "candidates", json_object_new_string(r->candidates));
	json_object_object_add(o, "mode", json_object_new_string(r->mode));
	json_object_object_add(o, "source", json_object_new_string(r->source));
	json_object_object_add(o, "ip", json_object_new_uint64(r->ip));
	if (r->launcher)
		json_object_object_add(o, "phase", json_object_new_string("launcher"));
	return o;
}

static const char *to_text(json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

char *denial_json(const struct denial_record *r)
{
	json_object *o = build_object(r);
	char *out = scfs_xstrdup(to_text(o));

	json_object_put(o);
	return out;
}

/* Which keys are null or absent: an object of the same shape is reused. */
static unsigned shape_of(const struct denial_record *r)
{
	return (r->tid < 0) | !r->args << 1 | !r->call << 2 | (r->err < 0) << 3 | !r->rule << 4 |
	       !!r->candidates << 5 | r->launcher << 6 | !r->errname << 7;
}

/* json-c prints integers with snprintf, a third of a storm's JSON time;
 * a kept object's integers are printed by this serializer instead (digits
 * only: nothing to escape), json-c still writes the document. */
static int int_to_json(json_object *o, struct printbuf *pb, int level, int flags)
{
	char tmp[24];
	int n = (int)sizeof(tmp);
	bool neg = json_object_get_type(o) == json_type_int && json_object_get_int64(o) < 0;
	uint64_t v = neg ? 0 - (uint64_t)json_object_get_int64(o) : json_object_get_uint64(o);

	do
		tmp[--n] = (char)('0' + v % 10);
	while ((v /= 10) && n > 1);
	if (neg)
		tmp[--n] = '-';
	return printbuf_memappend(pb, tmp + n, (int)sizeof(tmp) - n);
}

static const char *const cache_keys[DENIAL_JSON_KEYS] = {
	"time", "pid", "tid", "comm", "arch", "syscall", "nr", "args", "call", "action", "errno", "errname", "rule",
	"candidates", "mode", "source", "ip",
};
enum { K_TIME, K_PID, K_TID, K_COMM, K_ARCH, K_SYSCALL, K_NR, K_ARGS, K_CALL, K_ACTION, K_ERRNO, K_ERRNAME,
       K_RULE, K_CANDIDATES, K_MODE, K_SOURCE, K_IP };

/* A new kept object: its values found once, its integers given the fast
 * serializer. */
static void cache_build(struct denial_json_cache *c, const struct denial_record *r)
{
	json_object_put(c->o);
	c->o = build_object(r);
	c->shape = shape_of(r);
	for (size_t k = 0; k < DENIAL_JSON_KEYS; k++) {
		json_object *v = json_object_object_get(c->o, cache_keys[k]);

		c->v[k] = v;
		if (v && json_object_get_type(v) == json_type_int)
			json_object_set_serializer(v, int_to_json, NULL, NULL);
	}
	for (size_t i = 0; c->v[K_ARGS] && i < 6; i++) {
		c->args[i] = json_object_array_get_idx(c->v[K_ARGS], i);
		json_object_set_serializer(c->args[i], int_to_json, NULL, NULL);
	}
}

/* A storm's objects differ only in their values: setting them in one kept
 * object spares json-c a table and some twenty allocations per denial. */
const char *denial_json_cached(struct denial_json_cache *c, const struct denial_record *r)
{
	json_object **v = c->v;

	if (!c->o || c->shape != shape_of(r)) {
		cache_build(c, r);
		return to_text(c->o);
	}
	json_object_set_string(v[K_TIME], r->time);
	json_object_set_int(v[K_PID], r->pid);
	json_object_set_string(v[K_COMM], r->comm);
	json_object_set_string(v[K_ARCH], r->arch);
	json_object_set_string(v[K_SYSCALL], r->syscall);
	json_object_set_int(v[K_NR], r->nr);
	json_object_set_string(v[K_ACTION], r->action);
	json_object_set_string(v[K_MODE], r->mode);
	json_object_set_string(v[K_SOURCE], r->source);
	json_object_set_uint64(v[K_IP], r->ip);
	if (r->tid >= 0)
		json_object_set_int(v[K_TID], r->tid);
	for (size_t i = 0; r->args && i < 6; i++)
		json_object_set_uint64(c->args[i], r->args[i]);
	if (r->call)
		json_object_set_string(v[K_CALL], r->call);
	if (r->err >= 0)
		json_object_set_int(v[K_ERRNO], r->err);
	if (r->err >= 0 && r->errname)
		json_object_set_string(v[K_ERRNAME], r->errname);
	if (r->rule)
		json_object_set_string(v[K_RULE], r->rule);
	if (r->candidates)
		json_object_set_string(v[K_CANDIDATES], r->candidates);
	return to_text(c->o);
}

void denial_json_cache_done(struct denial_json_cache *c)
{
	json_object_put(c->o);
	c->o = NULL;
}
