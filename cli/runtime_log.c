/* The wrapper's words: its one line when it refuses (rt_fail), its notes,
 * and the same lines in the runtime's --log file, where a container manager
 * looks for the reason a create failed. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "runtime.h"

/* Under containerd (Docker, Kubernetes) the runtime's standard error is the
 * container's own output, and what the user is shown of a failed create is
 * the last "error" entry of the --log file: runc's format, which the shims
 * parse (json: level, msg, time; text: logrus's key=value line). */
static const char *log_path;
static bool log_json;

void rt_log_to(const char *path, const char *format)
{
	log_path = path && *path ? path : NULL;
	log_json = format && strcmp(format, "json") == 0;
}

static void log_text_value(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
	}
	fputc('"', f);
}

static void log_entry(const char *level, const char *msg)
{
	_cleanup_fclose_ FILE *f = NULL;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	int fd;

	if (!log_path)
		return;
	fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0 || !(f = fdopen(fd, "a"))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	if (log_json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "level", json_object_new_string(level));
		json_object_object_add(o, "msg", json_object_new_string(msg));
		json_object_object_add(o, "time", json_object_new_string(when));
		fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		fprintf(f, "time=\"%s\" level=%s msg=", when, level);
		log_text_value(f, msg);
		fputc('\n', f);
	}
}

/* "scfs-runtime: " and the message, cut to @len. */
static void format_msg(char *msg, size_t len, const char *fmt, va_list ap)
{
	int k = snprintf(msg, len, "scfs-runtime: ");

	vsnprintf(msg + k, len - k, fmt, ap);
}

int rt_fail(const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	format_msg(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", msg);
	log_entry("error", msg);
	return RT_EXIT_FAILURE;
}

/* A note goes to the log when there is one: under containerd the runtime's
 * standard error is the container's own. */
void rt_note(const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	format_msg(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_path)
		log_entry("warning", msg);
	else
		fprintf(stderr, "%s\n", msg);
}

int rt_diag(const struct scfs_diag *d)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m) {
		scfs_diag_print(d, stderr, SCFS_DIAG_ERROR);
		return RT_EXIT_FAILURE;
	}
	scfs_diag_print(d, m, SCFS_DIAG_ERROR);
	fclose(m);
	for (char *s = buf, *nl; s && *s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		if (*s) {
			fprintf(stderr, "%s\n", s);
			log_entry("error", s);
		}
	}
	return RT_EXIT_FAILURE;
}
