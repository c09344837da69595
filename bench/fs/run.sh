#!/bin/bash
# Benchmarks of the FUSE view (figures in BENCHMARKS.md):
#   cat /scfs/PID/status against cat /proc/PID/status (open+read+close, 1000 runs)
#   listing /scfs with 1000 targets (readdir in-process, and ls as a process)
# Usage: bench/fs/run.sh BUILD_DIR [MOUNT_OPTION...]     (root, /dev/fuse)
set -eu
build=$(realpath "$1")
shift
here=$(dirname "$(realpath "$0")")
scfs=$build/cli/scfs
tmp=$(mktemp -d)
export SCFS_STATE_DIR=$tmp/state
mnt=$tmp/mnt
mkdir -p "$mnt"
runner=""
cleanup() {
	mountpoint -q "$mnt" && fusermount3 -u -z "$mnt"
	[ -n "$runner" ] && kill "$runner" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

cc -O2 -o "$tmp/fs_latency" "$here/fs_latency.c"

# A running target (sleeping, under the default profile) ...
"$scfs" run --name bench -- sleep 600 2>/dev/null &
runner=$!
for _ in $(seq 100); do [ -n "$(ls "$SCFS_STATE_DIR" 2>/dev/null)" ] && break; sleep 0.05; done
pid=$(ls "$SCFS_STATE_DIR")
# ... and 1000 more: one exited target's state hard-linked under 1000 pid names.
"$scfs" run --name done -- true 2>/dev/null
done_pid=$(ls "$SCFS_STATE_DIR" | grep -vx "$pid")
for i in $(seq 3000000 3000999); do cp -al "$SCFS_STATE_DIR/$done_pid" "$SCFS_STATE_DIR/$i"; done

"$scfs" mount "$mnt" "$@"
echo "# $(uname -r), $(nproc) CPUs, scfs mount options: ${*:-none}; $(ls "$mnt" | grep -c '^[0-9]') targets"
"$tmp/fs_latency" -n 1000 "/proc/$pid/status" "$mnt/$pid/status" "$mnt/$pid/counters" "$mnt/$pid/info" \
	"$mnt/host/$pid/status"
"$tmp/fs_latency" -n 100 -d "$mnt" "$mnt/$pid" /proc

# The commands themselves (fork, exec, the file system, output), with hyperfine.
if command -v hyperfine >/dev/null && command -v python3 >/dev/null; then
	hyperfine -N --warmup 20 --runs 1000 --export-json "$tmp/cat.json" \
		"cat /proc/$pid/status" "cat $mnt/$pid/status" >/dev/null
	hyperfine -N --warmup 5 --runs 200 --export-json "$tmp/ls.json" "ls $mnt" "ls $SCFS_STATE_DIR" >/dev/null
	python3 - "$tmp/cat.json" "$tmp/ls.json" <<'EOF'
import json, statistics, sys
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        t = sorted(r["times"])
        print("%-36s runs=%d median=%.1fus p99=%.1fus max=%.1fus (hyperfine)" % (
            r["command"], len(t), statistics.median(t) * 1e6, t[int(len(t) * 0.99) - 1] * 1e6, t[-1] * 1e6))
EOF
fi
