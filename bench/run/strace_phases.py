#!/usr/bin/env python3
"""Wall-clock phases of one `scfs run -p PROFILE -- CMD` from a marker trace:

  strace --seccomp-bpf -f -ttt -o T \
      -e trace=execve,openat,memfd_create,clone,pidfd_getfd,exit_group \
      scfs run -p PROFILE -- /bin/true
  bench/run/strace_phases.py PROFILE T [T...]

--seccomp-bpf stops only on the listed calls, so the rest run at full speed.
Prints milliseconds per phase for each trace and the mean."""
import re
import sys

LABELS = [
    "exec scfs -> profile read (loader, option parsing)",
    "profile read -> export 1 (parse, expand, libseccomp rules: real filter)",
    "export 1 -> profile re-read (seccomp_export_bpf + checks: real filter)",
    "profile re-read -> export 2 (libseccomp rules: rule-id program)",
    "export 2 -> fork (seccomp_export_bpf: rule-id program)",
    "fork -> pidfd_getfd (state dir + files written; child loads filter)",
    "pidfd_getfd -> target execve (handoff)",
    "target execve -> target exit (/bin/true)",
    "target exit -> scfs exit (exit file, msync, teardown)",
]


def phases(path, profile):
    ev = []
    for line in open(path):
        m = re.match(r"(\d+)\s+(\d+\.\d+)\s+(.*)", line)
        if m:
            ev.append((int(m.group(1)), float(m.group(2)), m.group(3)))
    main = ev[0][0]
    t = {}
    opens = [e for e in ev if e[0] == main and e[2].startswith("openat(") and profile in e[2]]
    memfds = [e for e in ev if e[0] == main and e[2].startswith("memfd_create(")]
    t["start"] = ev[0][1]
    t["open1"], t["open2"] = opens[0][1], opens[1][1]
    t["memfd1"], t["memfd2"] = memfds[0][1], memfds[1][1]
    t["fork"] = next(e[1] for e in ev if e[0] == main and e[2].startswith("clone("))
    t["getfd"] = next(e[1] for e in ev if e[0] == main and e[2].startswith("pidfd_getfd("))
    t["exec"] = next(e[1] for e in ev if e[0] != main and e[2].startswith("execve("))
    t["exit"] = next(e[1] for e in ev if e[0] != main and e[2].startswith("exit_group("))
    t["end"] = [e[1] for e in ev if e[0] == main][-1]
    order = ["start", "open1", "memfd1", "open2", "memfd2", "fork", "getfd", "exec", "exit", "end"]
    return [(t[b] - t[a]) * 1e3 for a, b in zip(order, order[1:])]


def main():
    profile, traces = sys.argv[1], sys.argv[2:]
    rows = [phases(p, profile) for p in traces]
    print(f"{'phase':<72}" + "".join(f"{'run' + str(i + 1):>8}" for i in range(len(rows))) + f"{'mean':>8}")
    for i, label in enumerate(LABELS):
        vals = [r[i] for r in rows]
        print(f"{label:<72}" + "".join(f"{v:8.2f}" for v in vals) + f"{sum(vals) / len(vals):8.2f}")
    tot = [sum(r) for r in rows]
    print(f"{'total (ms)':<72}" + "".join(f"{v:8.2f}" for v in tot) + f"{sum(tot) / len(tot):8.2f}")


if __name__ == "__main__":
    main()
