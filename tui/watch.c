/* Targets to watch (watch.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scfs/scfs.h"
#include "watch.h"

/* @raw (taken) for a terminal and a column: blanks escaped too, as scfs
 * ps shows it. */
static void shown(char *raw, char *out, size_t size, const char *none)
{
	_cleanup_free_ char *esc = raw ? scfs_escape_str(raw, SCFS_ESC_SHOW, " ") : NULL;

	free(raw);
	snprintf(out, size, "%s", esc ? esc : none);
}

static void entry_of(const struct scfs_state_view *v, struct sctui_watch_entry *e)
{
	*e = (struct sctui_watch_entry){ .pid = v->pid, .container = scfs_state_view_is_container(v),
					 .denials = v->hdr.denials, .dropped = v->hdr.dropped };
	shown(scfs_state_view_label(v), e->label, sizeof(e->label), "?");
	shown(scfs_state_view_info(v, "mode"), e->mode, sizeof(e->mode), "?");
	snprintf(e->state, sizeof(e->state), "%s", scfs_state_name(v));
}

size_t sctui_watch_list(const char *base, struct sctui_watch_entry **ret)
{
	struct scfs_target_ref *t = NULL;
	size_t n = scfs_state_targets(base, NULL, NULL, &t), k = 0;

	*ret = n ? scfs_xmalloc(n * sizeof(**ret)) : NULL;
	for (size_t i = 0; i < n; i++) {
		struct scfs_state_view v;

		if (scfs_state_view_open_light(&v, base, t[i].pid, false) == 0) {
			entry_of(&v, &(*ret)[k++]);
			scfs_state_view_done(&v);
		}
	}
	scfs_state_targets_free(t, n);
	return k;
}

char *sctui_watch_list_text(const char *base)
{
	_cleanup_free_ struct sctui_watch_entry *e = NULL;
	size_t n = sctui_watch_list(base, &e), len = 0, cap = 256 + n * 96;
	char *s = scfs_xmalloc(cap);

	len += (size_t)snprintf(s, cap, "Targets and containers in %s, oldest first (as scfs ps):\n\n"
				"%-8s %-9s %-16s %-9s %8s %8s %s\n", base, "PID", "KIND", "NAME", "MODE", "DENIALS",
				"DROPPED", "STATE");
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(s + len, cap - len, "%-8d %-9s %-16s %-9s %8llu %8llu %s\n", (int)e[i].pid,
					e[i].container ? "container" : "target", e[i].label, e[i].mode, e[i].denials,
					e[i].dropped, e[i].state);
	if (n == 0 && len < cap)
		snprintf(s + len, cap - len, "none: nothing has run with this state base yet\n");
	return s;
}

pid_t sctui_watch_resolve(const char *base, const char *who)
{
	return scfs_state_find(base, who);
}

int sctui_watch_profile(const char *base, pid_t pid, char **text, size_t *len, const char **which)
{
	_cleanup_close_ int dirfd = scfs_state_dir_open(base, pid);
	int r;

	*text = NULL;
	if (dirfd < 0)
		return dirfd;
	*which = "profile.json";
	r = scfs_state_file_read(dirfd, *which, SCFS_STATE_FILE_MAX, text, len);
	if (r < 0) {
		*which = "effective.json";
		r = scfs_state_file_read(dirfd, *which, SCFS_STATE_FILE_MAX, text, len);
	}
	return r;
}
