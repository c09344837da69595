#!/usr/bin/env python3
"""Summarise bench/run/syscall.sh output: per call and variant the lowest
best_ns over the repetitions, and the ratios the target is about.
  bench/run/syscall_summary.py LOG"""
import re
import sys

cur, d = None, {}
for line in open(sys.argv[1]):
    if line.startswith("## ") and not line.startswith(("## cpu", "## machine")):
        cur = line[3:].strip()
    m = re.match(r"(\S[^:]*):\s+name=\S+ n=\d+ best_ns=([\d.]+)", line)
    if m:
        d.setdefault((cur, m.group(1)), []).append(float(m.group(2)))
for call in sorted({k[0] for k in d}):
    mins = {k[1]: min(v) for k, v in d.items() if k[0] == call}
    print(f"{call}: " + ", ".join(f"{k} {v:.1f} ns (reps {d[(call, k)]})" for k, v in mins.items()))
    a = mins["allow-all"]
    r = mins["scfs run"] / a
    print(f"  scfs run / allow-all {r:.3f} (target <= 1.05: {'met' if r <= 1.05 else 'missed'}), "
          f"docker / allow-all {mins['docker'] / a:.3f}, scfs run / docker {mins['scfs run'] / mins['docker']:.3f}")
