#!/bin/bash
# Real Docker, end to end: a private dockerd (docker.io 20.10, its own
# managed containerd 1.6) runs an image imported from a busybox-static root
# file system, through the scfs runtime wrapper registered as a Docker
# runtime, with a private agent on a private socket and state directory.
#
#   docker.sh SCFS SCFS_RUNTIME PROBE SOURCE_ROOT SHARED_DIR   (TAP)
#
# Proves, with runc (Docker's own runtime) and crun underneath:
#   - a battery of calls gives the same value and errno through the wrapper
#     (`docker run --runtime scfs`) as under plain `docker run`, with the
#     profile dockerd builds in and with Docker's default from ../shared;
#     through crun it differs from plain runc only where plain crun does;
#   - the denials are in the agent's state with rule and decoded call,
#     counted exactly, listed by `scfs ps` under the CONTAINER ID that
#     `docker ps` prints; `docker exec` processes are observed;
#   - no agent: the container does not start, and docker says why.
# Host set-up, all undone on exit: a private mount namespace (tmpfs over
# /run and over the cgroup2 part of a hybrid layout, so Docker uses the v1
# controllers: crun's device filter on cgroup2 needs RLIMIT_MEMLOCK raised,
# which root here may not), cgroups under a name unique to this run,
# dockerd's data, exec root, socket and key in a mktemp directory.  A host
# dockerd, its socket, /etc/docker and /var/lib/docker are not touched.
set -u

. "$(dirname "$0")/ct-lib.sh"
if [ "${1:-}" = --inner ]; then
	. "$(dirname "$0")/tap.sh"
	. "$(dirname "$0")/docker-inner.sh"
	ct_inner docker_main
fi

scfs=$(realpath "$1") wrapper=${2:+$(realpath "$2")} probe=${3:+$(realpath "$3")} src=$4 shared=$5

# ---------------------------------------------------------------- probes
ct_probe dockerd
dockerd=$(command -v dockerd) || plan_skip "dockerd is not installed (docker.io; tools/deps.sh installs it)"
# The client of the same package when it is there (another may be first in PATH).
cli=$(dirname "$(dirname "$dockerd")")/bin/docker
[ -x "$cli" ] || cli=$(command -v docker) || plan_skip "no docker client"
command -v containerd >/dev/null || plan_skip "containerd is not installed"
command -v runc >/dev/null || plan_skip "runc is not installed"
command -v jq >/dev/null || plan_skip "jq is not installed (tools/deps.sh installs it)"
ct_probe_static
[ -n "$wrapper" ] && [ -x "$wrapper" ] || plan_skip "the scfs-runtime wrapper is not built"
unshare -m --propagation private sh -c 'mount -t tmpfs none /run' 2>/dev/null ||
	plan_skip "cannot make a private mount namespace here"

tmp=$(mktemp -d /tmp/scfs-docker.XXXXXXXX)
chmod 755 "$tmp"
cg=${tmp##*/} # the cgroup parent's name: unique to this run
inner_pid=

# The cgroups made under $cg (Docker's --cgroup-parent, relative: runc puts
# it under this process's own cgroup, crun under each hierarchy's root):
# what is in them is killed, then they are removed, deepest first.
cg_dirs() {
	local ctrls path base
	while IFS=: read -r _ ctrls path; do
		if [ -z "$ctrls" ]; then
			base=/sys/fs/cgroup/unified
			[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] && base=/sys/fs/cgroup
		else
			base=/sys/fs/cgroup/${ctrls#name=}
		fi
		for d in "$base/$cg" "$base${path%/}/$cg"; do [ -d "$d" ] && echo "$d"; done
	done </proc/$$/cgroup | sort -u
}
cg_remove() {
	local d p
	for d in $(cg_dirs); do
		for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	done
	for _ in 1 2 3 4 5; do
		for d in $(cg_dirs); do find "$d" -depth -type d -exec rmdir {} + 2>/dev/null; done
		[ -z "$(cg_dirs)" ] && return 0
		sleep 0.2
	done
	echo "# cgroups left: $(cg_dirs | tr '\n' ' ')" >&2
}
# Processes of this run: dockerd, containerd, shims and the agent name
# $tmp/ in their command lines; containers are in the cgroups.
run_pids() {
	grep -lsF -- "$tmp/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | grep -vx "$$"
}
cleanup() {
	[ "$BASHPID" = "$$" ] || return
	local p
	[ -n "$inner_pid" ] && kill -9 "$inner_pid" 2>/dev/null
	# dockerd first, gently: it stops its containers and its containerd.
	p=$(cat "$tmp/dockerd.pid" 2>/dev/null)
	if [ -n "$p" ] && kill -TERM "$p" 2>/dev/null; then
		for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	fi
	cg_remove
	for p in $(run_pids); do kill -9 "$p" 2>/dev/null; done
	cg_remove
	ct_remove_tmp
}
trap cleanup EXIT
trap 'exit 143' TERM INT

export DK_SCFS=$scfs DK_WRAPPER=$wrapper DK_PROBE=$probe DK_SRC=$src DK_SHARED=$shared
export DK_TMP=$tmp DK_BUSYBOX=$busybox DK_DOCKERD=$dockerd DK_CLI=$cli DK_CG=$cg
ct_run_inner
