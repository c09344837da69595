#!/bin/bash
# Real containers, end to end: rootful Podman running a busybox-static root
# file system through the scfs runtime wrapper (`podman --runtime WRAPPER`),
# with a private agent on a private socket and state directory.
#
#   containers.sh SCFS SCFS_RUNTIME PROBE SOURCE_ROOT SHARED_DIR   (TAP)
#
# SCFS_RUNTIME is the wrapper ('' when not built); PROBE is sysprobe linked
# statically (it runs inside the container).  Proves, with crun and with
# runc underneath where they run here:
#   - a battery of calls (namespaces by unshare and clone, socket families,
#     personality, mount, keyctl, syscalls newer than the profile) gives the
#     same value and errno under plain Podman and through the wrapper, with
#     Docker's default profile (../shared) and with Podman's own;
#   - each denial is in the agent's state (rule, decoded call) within a
#     second, counted exactly; `scfs ps` and `scfs show` find the container by
#     its name; `podman exec` processes are observed;
#   - complain mode from `--annotation io.scfs.mode=complain`;
#   - no agent: the container does not start unobserved; agent killed: the
#     next notified call fails with ENOSYS and the container shows as lost.
# Everything runs in a private mount namespace (../shared/ENV.md's recipe:
# a cgroup2 mount, cgroupfs, no network, no pids limit, ulimits the host
# allows) with Podman's storage, run root and tmp in a mktemp directory, so
# the host's Podman storage and parallel runs are not touched.
set -u

# ---------------------------------------------------------------- inner part
# Runs in the private mount namespace; everything it needs is in the
# environment the outer part exported.
. "$(dirname "$0")/ct-lib.sh"
. "$(dirname "$0")/containers-inner.sh"
if [ "${1:-}" = --inner ]; then
	. "$(dirname "$0")/tap.sh"
	ct_inner containers_main
fi

scfs=$(realpath "$1") wrapper=${2:+$(realpath "$2")} probe=${3:+$(realpath "$3")} src=$4 shared=$5
n=0

# ---------------------------------------------------------------- probes
ct_probe "rootful Podman"
command -v podman >/dev/null || plan_skip "podman is not installed (tools/deps.sh installs it)"
command -v crun >/dev/null || plan_skip "crun is not installed (tools/deps.sh installs it)"
ct_probe_static
command -v unshare >/dev/null || plan_skip "no unshare(1)"
unshare -m --propagation private sh -c 'mount -t cgroup2 none /sys/fs/cgroup' 2>/dev/null ||
	plan_skip "cannot mount cgroup2 in a private mount namespace here (../shared/ENV.md's recipe)"

tmp=$(mktemp -d /tmp/scfs-containers.XXXXXXXX)
chmod 755 "$tmp"
inner_pid=
cleanup() {
	[ "$BASHPID" = "$$" ] || return
	[ -n "$inner_pid" ] && kill -9 "$inner_pid" 2>/dev/null
	# Processes the inner part started and recorded (agents, podman runs
	# that outlived it): by pid, never by name.
	if [ -s "$tmp/pids" ]; then
		while read -r p; do kill -9 "$p" 2>/dev/null; done <"$tmp/pids"
	fi
	# conmon and containers are found by the private run root in their
	# command lines (unique to this run).
	for p in $(grep -lsF -- "$tmp/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
		[ "$p" = "$$" ] || kill -9 "$p" 2>/dev/null
	done
	ct_remove_tmp
}
trap cleanup EXIT

export CT_SCFS=$scfs CT_WRAPPER=$wrapper CT_PROBE=$probe CT_SRC=$src CT_SHARED=$shared
export CT_TMP=$tmp CT_BUSYBOX=$busybox
ct_run_inner
