#!/bin/bash
# Benchmark 4: the cost of one allowed call (getpid, and socket(1000,
# SOCK_STREAM, 0) which takes Docker's argument-checked socket rule) with no
# filter, the one-rule allow-all filter, Docker's default filter loaded
# directly, and Docker's default observed by scfs run.  syscall_cost prints
# the best of 5 timed passes of N calls; each line is run 3 times, and
# syscall_summary.py reports the lowest of the three.
#   N=2000000 bench/run/syscall.sh     (PIN="taskset -c 1" to pin)
. "$(dirname "$0")/common.sh"
N=${N:-2000000}
read -r -a P <<<"${PIN:-}"
{
machine_facts
prepare_filters
for call in getpid socket-inval; do
	echo "## $call"
	wait_quiet
	for _ in 1 2 3; do
		echo "bare:      $("${P[@]}" "$SYSCALL_COST" "$call" "$N")"
		echo "allow-all: $("${P[@]}" "$SYSCALL_COST" -f "$WORK/allow.bpf" "$call" "$N")"
		echo "docker:    $("${P[@]}" "$SYSCALL_COST" -f "$WORK/docker.bpf" "$call" "$N")"
		echo "scfs run:  $("${P[@]}" "$SCFS" run -p "$DOCKER" -- "$SYSCALL_COST" "$call" "$N")"
	done
done
} | tee "$WORK/syscall.out"
python3 "$ROOT/bench/run/syscall_summary.py" "$WORK/syscall.out"
