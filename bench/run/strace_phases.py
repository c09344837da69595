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

# (marker, label of the phase that ends at this marker).  The rule-id
# program's compile (second profile read and export) is optional: since
# 20a0496 scfs builds it on first use, after the target has started.
# With the filter from the cache there is no export before the fork: the
# cache entry's openat marks the end of parse/expand, and the phase up to
# the fork is the entry's checks and decoding.
LABELS = {
    "open1": "exec scfs -> profile read (loader, option parsing)",
    "cache": "profile read -> cache entry opened (parse, expand, cache key)",
    "memfd1": "previous marker -> export 1 (libseccomp rules: real filter; on a miss)",
    "open2": "export 1 -> profile re-read (seccomp_export_bpf + checks: real filter)",
    "memfd2": "profile re-read -> export 2 (libseccomp rules: rule-id program)",
    "fork": "previous marker -> fork (cache entry checked and decoded, or export 2 if built at start-up)",
    "getfd": "fork -> pidfd_getfd (child loads filter; kernel log opened, state thread started)",
    "exec": "pidfd_getfd -> target execve (handoff)",
    "exit": "target execve -> target exit (/bin/true)",
    "end": "target exit -> scfs exit (exit file, teardown)",
}


def phases(path, profile):
    ev = []
    for line in open(path):
        m = re.match(r"(\d+)\s+(\d+\.\d+)\s+(.*)", line)
        if m:
            ev.append((int(m.group(1)), float(m.group(2)), m.group(3)))
    main = ev[0][0]
    t = {"start": ev[0][1]}
    opens = [e[1] for e in ev if e[0] == main and e[2].startswith("openat(") and profile in e[2]]
    memfds = [e[1] for e in ev if e[0] == main and e[2].startswith("memfd_create(")]
    entries = [e[1] for e in ev if e[0] == main and e[2].startswith("openat(") and '.filter"' in e[2]]
    fork = next(e[1] for e in ev if e[0] == main and e[2].startswith("clone("))
    t["open1"] = opens[0]
    if entries and entries[0] < fork:
        t["cache"] = entries[0]
    if memfds and memfds[0] < fork:
        t["memfd1"] = memfds[0]
    # Profile reads and exports before the fork belong to start-up.
    if len(opens) > 1 and opens[1] < fork:
        t["open2"] = opens[1]
    if len(memfds) > 1 and memfds[1] < fork:
        t["memfd2"] = memfds[1]
    t["fork"] = fork
    t["getfd"] = next(e[1] for e in ev if e[0] == main and e[2].startswith("pidfd_getfd("))
    t["exec"] = next(e[1] for e in ev if e[0] != main and e[2].startswith("execve("))
    t["exit"] = next(e[1] for e in ev if e[0] != main and e[2].startswith("exit_group("))
    t["end"] = [e[1] for e in ev if e[0] == main][-1]
    out, prev = {}, "start"
    for k in LABELS:
        if k in t:
            out[k] = (t[k] - t[prev]) * 1e3
            prev = k
    return out


def main():
    profile, traces = sys.argv[1], sys.argv[2:]
    rows = [phases(p, profile) for p in traces]
    keys = [k for k in LABELS if all(k in r for r in rows)]
    print(f"{'phase':<72}" + "".join(f"{'run' + str(i + 1):>8}" for i in range(len(rows))) + f"{'mean':>8}")
    for k in keys:
        vals = [r[k] for r in rows]
        print(f"{LABELS[k]:<72}" + "".join(f"{v:8.2f}" for v in vals) + f"{sum(vals) / len(vals):8.2f}")
    tot = [sum(r.values()) for r in rows]
    print(f"{'total (ms)':<72}" + "".join(f"{v:8.2f}" for v in tot) + f"{sum(tot) / len(tot):8.2f}")


if __name__ == "__main__":
    main()
