#!/usr/bin/env python3
"""Attribute `perf script -F comm,ip,sym` samples of scfs to startup phases.

  perf record -e cpu-clock -F 5000 --call-graph dwarf,16384 -o P.data -- \
      sh -c 'for i in $(seq 20); do scfs run -p PROFILE -- /bin/true; done'
  perf script -i P.data -F comm,ip,sym | bench/run/perf_breakdown.py

A sample's phase is the first of these frames found in its stack (innermost
caller first wins for the libseccomp split)."""
import sys

PHASES = [
    ("scfs_profile_parse", "profile parse (cli/pipeline.c)"),
    ("pipeline_run", "compile of the real filter, or the filter cache (cli/pipeline.c)"),
    ("scfs_observer_init", "compile of the rule-id program (core/run/observe.c)"),
    ("scfs_state_create", "state directory, counters.bin, denied files (state thread)"),
    ("sv_write_info", "info (state thread)"),
    ("sv_write_files", "static state files (sv_write_files, state thread)"),
    ("scfs_state_close", "state close"),
    ("scfs_run", "rest of scfs_run (fork, handoff, loop, finish)"),
    ("_dl_start", "dynamic loader"),
]


def main():
    samples, cur = [], None
    for line in sys.stdin:
        if not line.strip():
            continue
        if not line[0].isspace():
            cur = {"comm": line.split()[0], "syms": []}
            samples.append(cur)
        elif cur is not None:
            parts = line.split(None, 1)
            cur["syms"].append(parts[1].strip() if len(parts) > 1 else "")
    mine = [s for s in samples if s["comm"] == "scfs"]
    print(f"samples: {len(samples)} total, {len(mine)} in comm scfs")
    counts = {}
    for s in mine:
        key = "other"
        for frame, label in PHASES:
            if any(frame == x.split(" ")[0] for x in s["syms"]):
                key = label
                if frame in ("pipeline_run", "scfs_observer_init"):
                    syms = s["syms"]
                    key += ": " + ("seccomp_export_bpf" if any(x.startswith("seccomp_export_bpf") for x in syms)
                                   else "libseccomp rules/other" if any(x.startswith("scfs_compile ") or x == "scfs_compile" for x in syms)
                                   else "cache lookup" if any(x.startswith(("lookup", "decode", "map_entry", "key_material")) for x in syms)
                                   else "other")
                break
        counts[key] = counts.get(key, 0) + 1
    for k, v in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{100.0 * v / max(len(mine), 1):6.1f}%  {v:6d}  {k}")


if __name__ == "__main__":
    main()
