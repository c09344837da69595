# Helpers shared by the container tests (tests/containers.sh with Podman,
# tests/docker.sh with dockerd): the outer part's probes and the way it runs
# its inner part in a private mount namespace, and, for the inner parts,
# the call battery, the private agent and the lookup of a container's
# state directory.  Sourced; the inner parts set tmp, state and sock, and
# CT_SCFS names the scfs executable.

# ---------------------------------------------------------------- outer part
# The inner entry: TAP from the inner part's MAIN function, then the plan;
# the exit status says whether every check passed.
ct_inner() { # MAIN
	n=0 failed=0
	skip() { n=$((n + 1)); echo "ok $n - $* # SKIP"; }
	"$1"
	echo "1..$n"
	[ "$failed" = 0 ]
	exit
}
plan_skip() { echo "1..0 # SKIP $*"; exit 0; }
# Probes both tests share: root (for WHAT), user notification, a static
# busybox (sets busybox) and the static sysprobe ($probe).
ct_probe() { # WHAT
	[ "$(id -u)" = 0 ] || plan_skip "needs root ($1)"
	grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null ||
		plan_skip "this kernel has no seccomp user notification"
}
ct_probe_static() {
	busybox=$(command -v busybox || echo /bin/busybox)
	# ldd fails on a static executable ("not a dynamic executable").
	if ! [ -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
		plan_skip "no statically linked busybox (busybox-static; tools/deps.sh installs it)"
	fi
	[ -n "$probe" ] && [ -x "$probe" ] || plan_skip "sysprobe-static was not built (no static libseccomp or libc here)"
}
# $tmp goes unless SCFS_TEST_KEEP=1 keeps it to look into (said on stderr).
ct_remove_tmp() {
	if [ -n "${SCFS_TEST_KEEP:-}" ]; then
		echo "# kept $tmp" >&2
	else
		rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp"; }
	fi
}
# The inner part (this script again with --inner) in a private mount
# namespace: its output is the TAP stream; its stderr (the engine's
# chatter) goes to a file shown on failure.  Exits with its status.
ct_run_inner() {
	local rc
	unshare -m --propagation private bash "$0" --inner 2>"$tmp/inner.err" &
	inner_pid=$!
	wait "$inner_pid"
	rc=$?
	inner_pid=
	if [ "$rc" != 0 ]; then
		echo "# inner stderr (last lines):"
		tail -n 30 "$tmp/inner.err" | sed 's/^/#   /'
	fi
	exit "$rc"
}

# ---------------------------------------------------------------- inner part
# The calls every container makes, in one sysprobe run (one line each:
# NAME ret=R errno=E): namespaces by unshare and by clone, socket
# families (AF_VSOCK is denied by Docker's argument rule, AF_UNIX allowed,
# AF_PACKET needs CAP_NET_RAW), personality (an argument rule), mount,
# keyctl, file_getattr (468, newer than both profiles and libseccomp),
# syscall 1000, getpid (pid 1 in the container), mseal (462: newer than
# libseccomp 2.5.4; Docker's default names it, and the runtimes, which
# drop names libseccomp lacks, give it the default action).
BATTERY=(unshare 0x10000000 ';' unshare 0x20000 ';' clone 0x10000011 0 0 0 0 ';'
	socket 40 1 0 ';' socket 1 1 0 ';' socket 17 3 768 ';'
	personality 0x400000 ';' personality 0xffffffff ';'
	mount s:x s:/mnt s:tmpfs 0 0 ';' keyctl 0 0 0 0 0 ';' 468 0 0 0 0 0 ';' 1000 ';' getpid ';' 462 0 0 0)

# The agent: started in the background on the private socket and state
# base; its pid is kept for the outer part's clean-up.
agent_pid=
agent_start() {
	rm -f "$sock"
	"$CT_SCFS" agent --socket "$sock" --state-dir "$state" >>"$tmp/agent.log" 2>&1 &
	agent_pid=$!
	echo "$agent_pid" >>"$tmp/pids"
	for _ in $(seq 40); do
		[ -S "$sock" ] && return 0
		kill -0 "$agent_pid" 2>/dev/null || break
		sleep 0.05
	done
	return 1
}
agent_stop() { # SIGNAL
	[ -n "$agent_pid" ] || return 0
	kill "-$1" "$agent_pid" 2>/dev/null
	wait "$agent_pid" 2>/dev/null
	agent_pid=
}

# The wrapper as a site would install it, pointed at this run's agent:
# $tmp/bin/scfs-crun and scfs-runc run WRAPPER over crun and over runc.
ct_wrappers() { # WRAPPER
	local rt
	for rt in crun runc; do
		cat >"$tmp/bin/scfs-$rt" <<-EOF
			#!/bin/sh
			SCFS_RUNTIME=$rt SCFS_AGENT_SOCKET='$sock' SCFS_STATE_DIR='$state' PATH='$(dirname "$CT_SCFS")':\$PATH
			export SCFS_RUNTIME SCFS_AGENT_SOCKET SCFS_STATE_DIR PATH
			exec '$1' "\$@"
		EOF
		chmod 755 "$tmp/bin/scfs-$rt"
	done
}

# Every container's id lands in $tmp/cid-NAME (ct_dir finds it): for each
# --name NAME among the run options, --cidfile $tmp/cid-NAME (made afresh)
# is added to the caller's array extra.
ct_cid_opts() { # RUN-OPTIONS...
	local a prev=
	for a in "$@"; do
		[ "$prev" = --name ] && { rm -f "$tmp/cid-$a"; extra+=(--cidfile "$tmp/cid-$a"); }
		prev=$a
	done
}
# The state directory of the container the engine ran as --name $1 (its id
# from --cidfile $tmp/cid-NAME, matched with info container_id), waiting up
# to a second for it.  Podman 4.3 puts no name in config.json: the id is
# what the runtime and the agent see (with Docker too).
ct_id() { cat "$tmp/cid-$1" 2>/dev/null; }
ct_dir() {
	local d id
	id=$(ct_id "$1")
	[ -n "$id" ] || return 1
	for _ in $(seq 20); do
		for d in "$state"/[0-9]*/; do
			[ -f "$d/info" ] && grep -qx "container_id	$id" "$d/info" && { echo "${d%/}"; return 0; }
		done
		sleep 0.05
	done
	return 1
}
# Wait up to a second for a line matching ERE $2 in file $1.
wait_has() {
	for _ in $(seq 20); do
		has "$1" "$2" && return 0
		sleep 0.05
	done
	return 1
}
show() { "$CT_SCFS" show --state-dir "$state" "$@"; }
