#!/bin/bash
# Benchmark 3: what --count costs on syscall-heavy workloads, against
# strace -c -f on the same workloads.  One hyperfine run (-N, 3 runs after
# 1 warm-up) per workload: bare, scfs run, scfs run --count,
# strace -c -f -o /dev/null.  scfs uses its shipped default profile (no -p).
# The calls each workload makes are counted once with strace -c -f.
#   bench/run/count.sh
. "$(dirname "$0")/common.sh"
need hyperfine hyperfine strace strace
machine_facts
declare -A WL=(
	[getpid]="$TARGET loop 1000000 getpid"
	[find]="find /usr -name '*.h'"
)
for w in getpid find; do
	cmd=${WL[$w]}
	echo "## workload $w: $cmd"
	strace -c -f -o "$WORK/count-$w.strace" sh -c "exec $cmd" >/dev/null
	echo "system calls made (strace -c -f, one run): $(awk '$NF=="total" {print $4}' "$WORK/count-$w.strace")"
	rm -rf "$SCFS_STATE_DIR"
	wait_quiet
	hyperfine -N --warmup 1 --runs 3 --export-json "$WORK/count-$w.json" \
		-n bare "$cmd" \
		-n 'scfs run' "$SCFS run -- $cmd" \
		-n 'scfs run --count' "$SCFS run --count -- $cmd" \
		-n 'strace -c -f' "strace -c -f -o /dev/null $cmd" >/dev/null
	hyperfine_table "$WORK/count-$w.json"
	python3 - "$WORK/count-$w.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
b = r["bare"]
s = {k: r[k] - b for k in r}
ratio = s["scfs run --count"] / s["strace -c -f"]
print(f"slowdown over bare (s): scfs run {s['scfs run']:.3f}, --count {s['scfs run --count']:.3f}, "
      f"strace {s['strace -c -f']:.3f}; --count/strace = {ratio:.2f} (target <= 0.5: {'met' if ratio <= 0.5 else 'missed'})")
PY
done
