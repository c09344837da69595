/* The denial log's writing (core/run/denial.c, denial_log.c):
 * - denied.jsonl's objects, written by scfs, are byte for byte what json-c
 *   writes for the same object, for every byte a string can hold, nulls,
 *   extreme numbers, the optional keys;
 * - records handed to the log's thread faster than it writes them (more
 *   than its ring holds) all arrive, in order, counted, with kernel
 *   records' lines among them; the decoded call comes from the strings the
 *   record holds. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "../../core/run/denial.h"
#include "../../core/run/denial_log.h"

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* The object as json-c builds and prints it (the keys in denied.jsonl's order). */
static char *jsonc_text(const struct denial_record *r)
{
	json_object *o = json_object_new_object(), *args = NULL;
	char *out;

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
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

static bool same_as_jsonc(const struct denial_record *r, const char *what)
{
	char *want = jsonc_text(r), *got = denial_json(r);
	char small[16];
	size_t len = denial_json_put(small, sizeof(small), r);
	bool ok = strcmp(want, got) == 0 && len == strlen(want) && strncmp(small, want, sizeof(small) - 1) == 0 &&
		  small[sizeof(small) - 1] == '\0';

	if (!tap_ok(ok, "JSON as json-c writes it: %s", what))
		tap_diag("got  %s\nwant %s", got, want);
	free(want);
	free(got);
	return ok;
}

static void json_battery(void)
{
	static const uint64_t args[6] = { 0, 1, 18446744073709551516ull, UINT64_MAX, 0x7fffffff, 493 };
	char every[256], *p = every;
	struct denial_record r = {
		.time = "2026-12-05T12:07:35.589495Z", .pid = 10486, .tid = 10486, .comm = "sysprobe", .arch = "x86_64",
		.syscall = "socket", .nr = 41, .args = args, .call = "socket(AF_PACKET,SOCK_RAW,0x300)",
		.action = "ERRNO", .err = 1, .errname = "EPERM", .rule = "syscalls[0]", .mode = "enforce",
		.source = "notify", .ip = UINT64_MAX,
	};

	same_as_jsonc(&r, "a notification");
	/* Every byte but NUL, in every string field at once. */
	for (int c = 1; c < 256; c++)
		*p++ = (char)c;
	*p = '\0';
	r.comm = r.call = r.syscall = r.rule = every;
	same_as_jsonc(&r, "bytes 1 to 255 in the strings (quotes, backslashes, controls, '/', 0x7f, high bytes)");
	r = (struct denial_record){ .time = "t", .pid = -2147483647 - 1, .tid = -1, .comm = "a\"b\\c/d", .arch = "?",
				    .syscall = "?", .nr = -1, .action = "KILL_PROCESS", .err = -1,
				    .candidates = "syscalls[1],syscalls[2]", .mode = "complain", .source = "kernel" };
	same_as_jsonc(&r, "a kernel record: nulls, candidates, INT_MIN, negative nr");
	r.rule = "syscalls[3]";
	r.candidates = NULL;
	r.launcher = true;
	r.err = 0;
	r.errname = NULL;
	same_as_jsonc(&r, "the launcher's phase, errno 0 without a name");
}

/* Records pushed through the thread, one kernel line among them. */
static void thread_battery(void)
{
	char tmpl[] = "/tmp/scfs-dlog-XXXXXX", *base = mkdtemp(tmpl), *why = NULL, line[4096];
	struct scfs_profile prof = { 0 };
	struct scfs_state st;
	struct dlog l = { 0 };
	const unsigned n = 3 * DLOG_RING + 7;
	FILE *f;
	int fd, r;
	unsigned seen = 0, in_order = 0, kernel = 0, decoded = 0;

	fd = base ? scfs_state_base_open(base, &why) : -1;
	r = fd >= 0 ? scfs_state_create(&st, fd, base, 4242, SCFS_MODE_ENFORCE) : -1;
	if (!tap_ok(r == 0, "a state directory in %s", base ? base : "?"))
		return;
	for (unsigned i = 0; i < n; i++) {
		struct dlog_rec rec = { .tid = (int)i, .pid = 7, .nr = 83, .token = SCMP_ARCH_X86_64,
					.verdict = SECCOMP_RET_ERRNO | 13, .rule = SCFS_RULE_DEFAULT, .n = 1,
					.args = { 0x1000, 0755 } };

		if (i == n / 2) {
			dlog_push(&l, &st, &prof, SCFS_MODE_ENFORCE,
				  &(struct dlog_rec){ .line = strdup("KERNEL-LINE"), .json = strdup("{\"k\":1}") });
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &rec.when);
		snprintf(rec.comm, sizeof(rec.comm), "c%u", i);
		snprintf(rec.name, sizeof(rec.name), "mkdir");
		rec.str[0] = (struct dlog_string){ .addr = 0x1000, .r = 3 };
		memcpy(rec.str[0].buf, "a b", 3);
		dlog_push(&l, &st, &prof, SCFS_MODE_ENFORCE, &rec);
	}
	dlog_stop(&l, &st);
	tap_ok(st.hdr->logged == n && st.hdr->dropped == 0, "%u records: all logged (logged %llu, dropped %llu)", n,
	       (unsigned long long)st.hdr->logged, (unsigned long long)st.hdr->dropped);
	f = fdopen(openat(st.dir_fd, "denied", O_RDONLY | O_CLOEXEC), "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned tid;
		const char *t = strstr(line, " tid=");

		if (strcmp(line, "KERNEL-LINE\n") == 0) {
			kernel += seen == n / 2;
		} else if (t && sscanf(t, " tid=%u", &tid) == 1) {
			in_order += tid == seen;
			decoded += strstr(line, " call=mkdir(\"a\\x20b\",0755) action=ERRNO errno=13 errname=EACCES "
						"rule=default mode=enforce\n") != NULL;
		}
		seen++;
	}
	if (f)
		fclose(f);
	tap_ok(seen == n && in_order == n - 1 && kernel == 1, "denied: %u lines in the order handed over (%u in order, "
	       "kernel line in its place: %u)", seen, in_order, kernel);
	tap_ok(decoded == n - 1, "each call decoded from the record's string (%u)", decoded);
	{
		json_object *o;
		unsigned objs = 0, ok = 0;

		f = fdopen(openat(st.dir_fd, "denied.jsonl", O_RDONLY | O_CLOEXEC), "r");
		while (f && fgets(line, sizeof(line), f)) {
			o = json_tokener_parse(line);
			ok += o && (objs == n / 2 ? json_object_object_length(o) == 1
						  : json_object_get_int(json_object_object_get(o, "tid")) == (int)objs);
			json_object_put(o);
			objs++;
		}
		if (f)
			fclose(f);
		tap_ok(objs == n && ok == n, "denied.jsonl: %u objects, %u parsed and in order", objs, ok);
	}
	dlog_done(&l, &st);
	scfs_state_close(&st);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", base);
	}
}

int main(void)
{
	json_battery();
	thread_battery();
	return tap_done();
}
