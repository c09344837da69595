/* scfs_attach: supervise a listener a container runtime handed over, with
 * the loop, evaluator and state writer of scfs_run. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "scfs/escape.h"
#include "scfs/kabi.h"
#include "scfs/run.h"
#include "scfs/state.h"
#include "supervise.h"

/* "exit" of a container: it ended when its listeners hung up; scfs is not
 * its parent, so there is no status to give. */
static void finish_container(struct supervisor *s)
{
	struct scfs_counters_header *h = s->state.hdr;
	_cleanup_free_ char *last = sv_describe_last(s), *exitf = NULL;
	_cleanup_free_ char *tname = scfs_escape_str(s->spec->name, 0, NULL);

	sv_log_flush(s); /* the log is whole before "exit" says the end */
	h->state = SCFS_TARGET_ENDED;
	h->end_ns = now_ns(CLOCK_REALTIME);
	exitf = scfs_xasprintf("state\tended\ncode\t-\nsignal\t-\ndenials\t%llu\nlogged\t%llu\ndropped\t%llu\n"
			       "last\t%s\nsummary\t%s ended: every listener hung up (the agent is not its parent: "
			       "no exit status)\nkernel_records\t%llu\nkernel_suppressed\t%llu\nkernel_overruns\t%llu\n"
			       "listeners\t%llu\nlisteners_refused\t%llu\n",
			       (unsigned long long)h->denials, (unsigned long long)h->logged,
			       (unsigned long long)h->dropped, last, tname, (unsigned long long)s->kernel_records,
			       (unsigned long long)s->kernel_suppressed, (unsigned long long)s->kernel_lost,
			       (unsigned long long)(1 + s->extra_total), (unsigned long long)s->extra_refused);
	(void)scfs_state_sync(&s->state);
	sv_put_text(s, "exit", exitf);
	sv_report_state_error(s);
}

static int open_container_state(struct supervisor *s, struct scfs_diag *diag)
{
	_cleanup_free_ char *why = NULL;
	int base = scfs_state_base_open(s->spec->state_base, &why), r;

	if (base < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "state directory %s", why);
		return base;
	}
	r = scfs_state_create(&s->state, base, s->spec->state_base, s->pid, s->spec->mode);
	if (r < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot create the state directory under %s: %s",
			      s->spec->state_base, strerror(-r));
		return r;
	}
	s->state.hdr->start_ns = now_ns(CLOCK_REALTIME);
	s->state.hdr->state = SCFS_TARGET_RUNNING;
	sv_write_info(s);
	sv_write_files(s);
	(void)scfs_state_sync(&s->state);
	return 0;
}

int scfs_attach(const struct scfs_attach_spec *sp, struct scfs_diag *diag)
{
	const struct scfs_run_spec rs = {
		.argv = sp->argv, .name = sp->name, .mode = sp->mode, .state_base = sp->state_base,
		.filter = sp->filter, .profile_path = sp->profile_path, .profile_text = sp->profile_text,
		.profile_len = sp->profile_len,
	};
	/* No launcher to wait for and no child of ours: the loop runs until
	 * the listeners hang up. */
	struct supervisor s = { .spec = &rs, .ct = sp->ct, .listener = sp->listener, .control = sp->control,
				.pid = sp->pid, .sigfd = -1, .exec_r = -1, .setup_r = -1, .kmsg = -1,
				.tree = { .nl = -1 }, .base_fd = -1, .exec_done = true, .main_exited = true,
				.state = { .base_fd = -1, .dir_fd = -1, .denied_fd = -1, .jsonl_fd = -1 } };
	uint64_t fl = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
	int r;

	r = scfs_observer_init_external(&s.obs, sp->filter, sp->mode, diag);
	if (r < 0) {
		sv_teardown(&s);
		return r;
	}
	/* 8x faster round trips where the kernel has it (6.6+). */
	(void)ioctl(s.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, fl);
	/* Kills and traps from the kernel's records, matched to the
	 * container's processes: its init is created but has not run the
	 * container's program yet, so every fork after it is seen. */
	sv_kernel_log_open(&s);
	ptree_set_root(&s.tree, sp->pid);
	r = sv_alloc_notif(&s);
	if (r == 0)
		r = open_container_state(&s, diag);
	if (r == 0)
		r = sv_loop(&s);
	if (r == 0)
		finish_container(&s);
	sv_teardown(&s);
	return r;
}
