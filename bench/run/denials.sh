#!/bin/bash
# Benchmark 2: denials recorded per second by scfs run against the bare
# notify round trip (notify_bound), unpinned and pinned to CPU 0.
#   N=1000000 PINS="none cpu0" LOOP=loop bench/run/denials.sh
# LOOP=loopstr makes each call mkdir("/nonexistent/...", 0755): every
# logged denial then has a string read from the target before the answer.
# scfs: wall time of `scfs run -p deny-mkdir.json -- target loop N mkdir`
# minus the mean wall time of the same with N=0 (start-up, 20 runs); the
# counters of each run (scfs show PID: Denials, Logged, Dropped) must say N
# denials.  The bound, the bound with a poll() before each receive (as a
# supervisor that also watches signals and pipes must do) and scfs are
# interleaved, 3 rounds, so machine noise hits all three alike; each round
# prints scfs's ratio to that round's bound.
. "$(dirname "$0")/common.sh"
need hyperfine hyperfine
N=${N:-1000000}
LOOP=${LOOP:-loop}
machine_facts
prepare_filters

now() { date +%s%N; }

for pin in ${PINS:-none cpu0}; do
	if [ "$pin" = cpu0 ]; then P=(taskset -c 0); else P=(); fi
	echo "## pin=$pin"
	wait_quiet
	rm -rf "$SCFS_STATE_DIR"
	hyperfine -N --warmup 3 --runs 20 --export-json "$WORK/denials-startup-$pin.json" \
		-n "scfs N=0 ($pin)" "${P[*]} $SCFS run -p $WORK/deny-mkdir.json -- $TARGET loop 0 mkdir" >/dev/null
	start_ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["mean"]*1e3))' \
		"$WORK/denials-startup-$pin.json")
	echo "scfs startup (N=0, 20 runs mean): ${start_ms} ms"
	for _ in 1 2 3; do
		wait_quiet
		bound=$("${P[@]}" "$NOTIFY_BOUND" "$N" mkdir)
		echo "$bound"
		"${P[@]}" "$NOTIFY_BOUND" --poll "$N" mkdir
		rm -rf "$SCFS_STATE_DIR"
		t0=$(now)
		"${P[@]}" "$SCFS" run -p "$WORK/deny-mkdir.json" -- "$TARGET" "$LOOP" "$N" mkdir \
			>"$WORK/denials.out" 2>"$WORK/denials.err"
		t1=$(now)
		pid=$(ls -t "$SCFS_STATE_DIR" | head -1) # the newest state dir is this run's
		show=$("$SCFS" show "$pid")
		den=$(awk '/^Denials:/ {print $2}' <<<"$show")
		logged=$(awk '/^Logged:/ {print $2}' <<<"$show")
		dropped=$(awk '/^Dropped:/ {print $2}' <<<"$show")
		python3 - "$N" "$t0" "$t1" "$start_ms" "$den" "$logged" "$dropped" "$(cat "$WORK/denials.out")" "$bound" <<'PY'
import re, sys
n, t0, t1, start, den, logged, dropped, out, bound = sys.argv[1:]
n = int(n); wall = (int(t1) - int(t0)) / 1e9; net = wall - float(start) / 1e3
rate = n / net; b = float(re.search(r"calls_per_s=(\d+)", bound).group(1))
print(f"scfs n={n} wall_s={wall:.3f} net_s={net:.3f} denials_per_s={rate:.0f} ns_per_denial={net / n * 1e9:.1f} "
      f"counter_denials={den} logged={logged} dropped={dropped} target_saw=\"{out}\" "
      f"{'counters=N' if den == str(n) else 'COUNTERS!=N'} ratio_to_bound={rate / b:.2f}")
PY
	done
done
