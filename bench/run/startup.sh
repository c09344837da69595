#!/bin/bash
# Benchmark 1: start-up cost of `scfs run -p DOCKER -- /bin/true` against
# bare /bin/true and bwrap loading the same compiled filter, in one
# hyperfine run without a shell (-N).  bwrap needs its filter on fd 3, which
# only a shell can open per run, so it runs as `sh -c 'exec bwrap ... 3<F'`
# and `sh -c 'exec /bin/true'` is measured beside it: bwrap's overhead is
# the difference of those two, scfs's is scfs run minus bare.  `scfs run`
# and `scfs compile` take the filter from the cache (warmed below and by
# hyperfine's warmup); the `--no-cache` lines are the cold cost.
#   RUNS=200 bench/run/startup.sh          PERF=1 also profiles scfs run
. "$(dirname "$0")/common.sh"
need hyperfine hyperfine bwrap bubblewrap
RUNS=${RUNS:-200}
machine_facts
prepare_filters
# Warm the cache for exactly the command measured, and show it is a hit.
"$SCFS" run -v -p "$DOCKER" -- /bin/true 2>&1 | grep -E 'note: filter (from cache|cached in)' | sed 's/^/## /'
wait_quiet
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$WORK/startup.json" \
	-n bare '/bin/true' \
	-n 'scfs run' "$SCFS run -p $DOCKER -- /bin/true" \
	-n 'scfs run --no-cache' "$SCFS run --no-cache -p $DOCKER -- /bin/true" \
	-n 'sh+true' "sh -c 'exec /bin/true'" \
	-n 'sh+bwrap' "sh -c 'exec bwrap --dev-bind / / --seccomp 3 /bin/true 3<$WORK/docker.bpf'" \
	-n 'scfs compile' "$SCFS compile -o /dev/null $DOCKER" \
	-n 'scfs compile --no-cache' "$SCFS compile --no-cache -o /dev/null $DOCKER" >/dev/null
hyperfine_table "$WORK/startup.json"
python3 - "$WORK/startup.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def m(k): return r[k]["mean"] * 1e3
def sd(k): return r[k]["stddev"] * 1e3
bo = m("sh+bwrap") - m("sh+true")
for k in ("scfs run", "scfs run --no-cache"):
    so = m(k) - m("bare")
    print(f"overhead: {k} {so:.2f} ms (sd {sd(k):.2f}), bwrap {bo:.2f} ms (sd {sd('sh+bwrap'):.2f}),"
          f" ratio {so / bo:.1f}x; target scfs <= bwrap: {'met' if so <= bo else 'missed'}")
PY

if [ "${PERF:-0}" = 1 ]; then
	wait_quiet
	echo "## where scfs run spends its CPU (perf cpu-clock, dwarf stacks, 20 runs)"
	perf record -q -e cpu-clock -F 5000 --call-graph dwarf,16384 -o "$WORK/startup.perf" -- \
		sh -c "for i in \$(seq 20); do $SCFS run -p $DOCKER -- /bin/true; done" 2>/dev/null
	perf script -i "$WORK/startup.perf" -F comm,ip,sym 2>/dev/null | python3 "$ROOT/bench/run/perf_breakdown.py"
fi

wait_quiet
echo "## wall-clock phases of scfs run (strace --seccomp-bpf markers, 3 runs)"
traces=()
for i in 1 2 3; do
	strace --seccomp-bpf -f -ttt -o "$WORK/startup.trace.$i" \
		-e trace=execve,openat,memfd_create,clone,pidfd_getfd,exit_group \
		"$SCFS" run -p "$DOCKER" -- /bin/true
	traces+=("$WORK/startup.trace.$i")
done
python3 "$ROOT/bench/run/strace_phases.py" "$DOCKER" "${traces[@]}"
