# Helpers shared by the tests that run a busybox-static bundle under real
# crun through scfs-runtime with a private agent (tests/agent.sh,
# tests/tui/watch-container.sh).  Sourced.  A failed probe ends the test
# with a TAP plan that skips, saying why.

crun_skip() { echo "1..0 # SKIP $*"; exit 0; }

# Outside: root (for WHY), crun, jq (for JQ_WHY), a static busybox (sets
# bb) and a private mount namespace.
crun_probe() { # WHY JQ_WHY
	[ "$(id -u)" = 0 ] || crun_skip "needs root ($1)"
	command -v crun >/dev/null || crun_skip "crun is not installed"
	command -v jq >/dev/null || crun_skip "jq is not installed ($2)"
	bb=$(command -v busybox)
	if [ -z "$bb" ] || ! LC_ALL=C ldd "$bb" 2>&1 | grep -q 'not a dynamic executable'; then
		crun_skip "busybox-static is not installed (a static busybox is the container's rootfs)"
	fi
	unshare -m --propagation private true 2>/dev/null ||
		crun_skip "cannot make a private mount namespace here"
}

# Inside: a fresh work directory PREFIX.XXXXXX (in crun_w) with the agent's
# state base (SCFS_STATE_DIR), its socket (sock) and crun's root (crun:
# the command, no cgroup manager) in it.
crun_work() { # PREFIX
	crun_w=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	chmod 755 "$crun_w"
	export SCFS_STATE_DIR=$crun_w/state
	sock=$crun_w/run/agent.sock
	crun=(crun --root "$crun_w/crun" --cgroup-manager=disabled)
}

# In the private mount namespace (../shared/ENV.md's recipe): crun needs
# the cgroup2 part hidden on this host's hybrid layout.
crun_hide_cgroup2() { # WORKDIR
	if [ -d /sys/fs/cgroup/unified ] && ! mount -t tmpfs none /sys/fs/cgroup/unified 2>"$1/mount.err"; then
		crun_skip "cannot hide the cgroup2 part in a private mount namespace: $(head -c 200 "$1/mount.err")"
	fi
}

# WORKDIR/rootfs with busybox as APPLETS, and WORKDIR/seccomp.json: the
# shipped default expanded for Docker's capabilities (an OCI object as
# Docker and Podman write into config.json).
crun_rootfs() { # WORKDIR SCFS SOURCE_ROOT BUSYBOX APPLETS...
	local w=$1 scfs=$2 src=$3 busybox=$4 a
	shift 4
	mkdir -p "$w/rootfs/bin" "$w/rootfs/proc" "$w/rootfs/dev"
	cp "$busybox" "$w/rootfs/bin/busybox"
	for a in "$@"; do ln -s busybox "$w/rootfs/bin/$a"; done
	"$scfs" expand --caps docker "$src/profiles/default.json" >"$w/seccomp.json" 2>"$w/expand.err" ||
		crun_skip "scfs expand failed: $(head -c 200 "$w/expand.err")"
}

# The agent on $sock (its pid in agent_pid), stderr to LOG; fails when the
# socket does not appear within 5 s.
crun_agent_start() { # SCFS LOG
	"$1" agent --socket "$sock" --state-dir "$SCFS_STATE_DIR" 2>>"$2" &
	agent_pid=$!
	for _ in $(seq 100); do [ -S "$sock" ] && return 0; sleep 0.05; done
	return 1
}
