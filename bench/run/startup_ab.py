#!/usr/bin/env python3
"""Interleaved start-up A/B: wall time of each command, one run of each in
turn, ROUNDS times, so that load arriving on a shared machine falls on all
of them alike (hyperfine runs one command's runs back to back).

  startup_ab.py ROUNDS PROFILE BPF NAME=SCFS [NAME=SCFS...]

Measures `/bin/true`, `bwrap --dev-bind / / --seccomp 3 /bin/true` with BPF
opened on fd 3 by this program (no shell), and `SCFS run -p PROFILE --
/bin/true` for each NAME=SCFS.  Prints median, 25th percentile, mean and
min in ms, and each one's overhead over /bin/true (median and p25).  Every
run's exit status must be 0."""
import os
import statistics
import sys
import time

TRUE = "/bin/true"


def spawn(argv, fd3=None):
    """Wall ns from spawn to reaped; fd3 is opened before the clock starts."""
    # stderr to /dev/null, as hyperfine does (scfs prints a note on each run)
    actions = [(os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
    f = None
    if fd3:
        f = os.open(fd3, os.O_RDONLY)
        actions.append((os.POSIX_SPAWN_DUP2, f, 3))
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, st = os.waitpid(pid, 0)
    t1 = time.perf_counter_ns()
    if f is not None:
        os.close(f)
    if st != 0:
        sys.exit(f"{' '.join(argv)}: wait status {st}")
    return t1 - t0


def main():
    rounds, profile, bpf = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    cmds = [("bare", [TRUE], None), ("bwrap", ["/usr/bin/bwrap", "--dev-bind", "/", "/", "--seccomp", "3", TRUE], bpf)]
    for spec in sys.argv[4:]:
        name, scfs = spec.split("=", 1)
        cmds.append((name, [scfs, "run", "-p", profile, "--", TRUE], None))
    for name, argv, fd3 in cmds:  # warm: page cache, the filter cache
        for _ in range(3):
            spawn(argv, fd3)
    times = {name: [] for name, _, _ in cmds}
    for _ in range(rounds):
        for name, argv, fd3 in cmds:
            times[name].append(spawn(argv, fd3) / 1e6)
    q = {n: (statistics.median(v), sorted(v)[len(v) // 4], statistics.mean(v), min(v)) for n, v in times.items()}
    print(f"{'command':<10} {'median':>8} {'p25':>8} {'mean':>8} {'min':>8}   overhead: median  p25 (ms, {rounds} rounds)")
    for name, (med, p25, mean, mn) in q.items():
        extra = "" if name == "bare" else f"   {med - q['bare'][0]:14.2f} {p25 - q['bare'][1]:5.2f}"
        print(f"{name:<10} {med:8.2f} {p25:8.2f} {mean:8.2f} {mn:8.2f}{extra}")


if __name__ == "__main__":
    main()
