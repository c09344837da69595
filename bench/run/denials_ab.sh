#!/bin/bash
# Denials/s with every denial logged (N below the log's cap), interleaved
# rounds of: the bare notify bound, a base build's scfs (BASE, e.g. the
# commit before decoded lines), and this build's scfs with
# `target loop N mkdir` (mkdir(NULL, 0): nothing to read) and with
# `target loopstr N mkdir` (a path read from the target per denial).
#   BASE=/path/to/base/build N=100000 ROUNDS=5 bash bench/run/denials_ab.sh
# With QUIET_WAIT=S each round first waits up to S seconds for the CPUs to
# be 90% idle (wait_quiet, common.sh) and says how idle they were.
# Each scfs figure is N / (wall - mean wall of 5 runs at N=0, same build);
# every run's counters must say N denials and N logged.
. "$(dirname "$0")/common.sh"
N=${N:-100000}
ROUNDS=${ROUNDS:-5}
BASE=${BASE:?set BASE to a base build directory}
machine_facts
prepare_filters

now() { date +%s%N; }
# wall seconds of one scfs run; checks its counters
run_once() {
	local bin=$1 loop=$2 n=$3 t0 t1 pid show
	rm -rf "$SCFS_STATE_DIR"
	t0=$(now)
	"$bin" run -p "$WORK/deny-mkdir.json" -- "$TARGET" "$loop" "$n" mkdir >/dev/null 2>&1
	t1=$(now)
	pid=$(ls -t "$SCFS_STATE_DIR" | head -1)
	show=$("$bin" show "$pid")
	if [ "$n" -gt 0 ] && ! grep -qE "^Denials:[[:space:]]+$n$" <<<"$show"; then echo "COUNTERS!=N: $bin $loop $(grep -E "^(Denials|Logged):" <<<"$show" | tr "\n" " ")" >&2; fi
	if [ "$n" -gt 0 ] && ! grep -qE "^Logged:[[:space:]]+$n$" <<<"$show"; then echo "LOGGED!=N" >&2; fi
	python3 -c "print(($t1 - $t0) / 1e9)"
}
startup() {
	local s=0
	for _ in 1 2 3 4 5; do s=$(python3 -c "print($s + $(run_once "$1" loop 0))"); done
	python3 -c "print($s / 5)"
}
for r in $(seq "$ROUNDS"); do
	[ -n "${QUIET_WAIT:-}" ] && wait_quiet
	echo "## round $r load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
	b=$("$NOTIFY_BOUND" "$N" mkdir | sed -n 's/.*calls_per_s=\([0-9]*\).*/\1/p')
	sb=$(startup "$BASE/cli/scfs")
	wb=$(run_once "$BASE/cli/scfs" loop "$N")
	sd=$(startup "$SCFS")
	wd=$(run_once "$SCFS" loop "$N")
	ws=$(run_once "$SCFS" loopstr "$N")
	python3 - "$N" "$b" "$sb" "$wb" "$sd" "$wd" "$ws" <<'PY'
import sys
n, b, sb, wb, sd, wd, ws = (float(x) for x in sys.argv[1:])
rb, rd, rs = n / (wb - sb), n / (wd - sd), n / (ws - sd)
print(f"bound={b:.0f}/s base={rb:.0f}/s ({rb / b:.2f}) decoded={rd:.0f}/s ({rd / b:.2f}) "
      f"decoded+string={rs:.0f}/s ({rs / b:.2f})")
PY
done
