# shellcheck shell=bash
# Sourced by the bench/run/*.sh scripts: paths and machine facts.
# BUILD (default ROOT/build), DOCKER_PROFILE and WORK (default
# /tmp/scfs-bench-run, holds generated filters, SCFS_STATE_DIR and
# SCFS_CACHE_DIR) can be overridden from the environment.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SCFS=$BUILD/cli/scfs
TARGET=$BUILD/tests/helpers/target
NOTIFY_BOUND=$BUILD/bench/run/notify_bound
SYSCALL_COST=$BUILD/bench/run/syscall_cost
DOCKER=${DOCKER_PROFILE:-$ROOT/../shared/upstream-profiles/moby-profiles--seccomp-default.json}
WORK=${WORK:-/tmp/scfs-bench-run}
export SCFS_STATE_DIR=$WORK/state
# The filter cache too: benchmarks neither use nor fill the user's.
export SCFS_CACHE_DIR=$WORK/cache
mkdir -p "$WORK" "$SCFS_STATE_DIR"

for f in "$SCFS" "$TARGET" "$NOTIFY_BOUND" "$SYSCALL_COST"; do
	[ -x "$f" ] || { echo "missing $f: run ninja -C $BUILD" >&2; exit 1; }
done
[ -r "$DOCKER" ] || { echo "missing Docker profile $DOCKER (set DOCKER_PROFILE)" >&2; exit 1; }

# need TOOL PACKAGE [TOOL PACKAGE...]: the tools a benchmark runs.  Missing
# ones are installed from Debian when running as root, else named in one
# line (tools/deps.sh installs what the build and tests need, not these).
need() {
	local missing=()
	while [ $# -ge 2 ]; do
		command -v "$1" >/dev/null || missing+=("$2")
		shift 2
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "## installing ${missing[*]}" >&2
		apt-get install -y "${missing[@]}" >/dev/null 2>&1 ||
			{ apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null 2>&1; } && return 0
	fi
	echo "this benchmark needs: ${missing[*]} (apt-get install ${missing[*]})" >&2
	exit 1
}

machine_facts() {
	echo "## machine: nproc=$(nproc) cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\"" \
	     "kernel=$(uname -r) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
}

# Filters every benchmark shares: Docker's default, exactly as scfs loads it,
# and the one-rule allow-all floor.
prepare_filters() {
	"$SCFS" compile -o "$WORK/docker.bpf" "$DOCKER"
	echo '{"defaultAction":"SCMP_ACT_ALLOW"}' > "$WORK/allow.json"
	"$SCFS" compile -o "$WORK/allow.bpf" "$WORK/allow.json"
	printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' \
		> "$WORK/deny-mkdir.json"
}

# mean and stddev (ms) of each command in a hyperfine JSON export.
hyperfine_table() {
	python3 - "$1" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
base = res[0]["mean"]
print(f"{'command':<16} {'mean ms':>10} {'sd ms':>9} {'min ms':>9} {'median ms':>10} {'over first ms':>14} runs")
for r in res:
    print(f"{r['command']:<16} {r['mean']*1e3:10.2f} {r['stddev']*1e3:9.2f} {r['min']*1e3:9.2f} "
          f"{r['median']*1e3:10.2f} {(r['mean']-base)*1e3:14.2f} {len(r['times'])}")
PY
}

# Other people's jobs share this machine: wait (up to QUIET_WAIT seconds,
# default 600) until the CPUs were at least 90% idle over 3 seconds, and say
# how idle they were.
wait_quiet() {
	local waited=0 idle
	while :; do
		idle=$(python3 - <<'PY'
import time
def snap():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return f[3] + f[4], sum(f)
i0, t0 = snap(); time.sleep(3); i1, t1 = snap()
print(int(100 * (i1 - i0) / max(t1 - t0, 1)))
PY
)
		if [ "$idle" -ge 90 ] || [ "$waited" -ge "${QUIET_WAIT:-600}" ]; then
			echo "## cpu idle over 3 s before this step: ${idle}% (waited ${waited} s)"
			return 0
		fi
		sleep 5
		waited=$((waited + 8))
	done
}
