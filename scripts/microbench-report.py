#!/usr/bin/python3
"""microbench-report.py RAW OUT.md: the zs_deferred_bench figures of every
boot under RAW (boot*.txt, meta.txt) as a table of medians and ranges."""
import glob
import os
import re
import statistics
import sys

raw, out = sys.argv[1], sys.argv[2]
rows = {}
for path in sorted(glob.glob(os.path.join(raw, "boot*.txt"))):
    for line in open(path):
        m = re.search(r"zs_bench (cpus=.*)", line)
        if not m:
            continue
        kv = dict(f.split("=", 1) for f in m.group(1).split())
        rows.setdefault(int(kv["cpus"]), []).append({k: int(v) for k, v in kv.items()})
if not rows:
    sys.exit("no zs_bench lines in " + raw)

FIGS = [
    ("zs_free_ns", "zs_free(), ns per object (wall, all CPUs)"),
    ("deferred_push_ns", "zs_free_deferred(), spares for all, ns per object"),
    ("push_speedup_milli", "speedup of the frees, spares for all (x)"),
    ("drain_ns", "drain, CPU ns per record"),
    ("drain_vs_zs_free_cpu_milli", "drain CPU per record / zs_free() CPU per object"),
    ("default_spares_push_ns", "zs_free_deferred(), default spares, ns per object"),
    ("default_spares_speedup_milli", "speedup of the frees, default spares (x)"),
    ("default_spares_drain_ns", "drain with default spares, CPU ns per record"),
    ("default_spares_fallbacks", "synchronous fallbacks with default spares (of 32768)"),
]


def fmt(key, v):
    return f"{v / 1000:.2f}" if key.endswith("_milli") else f"{v:.0f}"


meta = open(os.path.join(raw, "meta.txt")).read().strip().splitlines()
with open(out, "w") as f:
    f.write("# zsmalloc deferred free: microbenchmark (KUnit zs_deferred_bench)\n\n")
    for line in meta:
        f.write(f"- {line}\n")
    f.write("\nEach boot runs 7 rounds per CPU count; in every round zs_free(), "
            "zs_free_deferred() with spares for every record, and with the default "
            "spares free 32768 objects (800-3200 bytes) in turns.  A boot reports the "
            "median of its rounds (ratios are taken per round); the table gives the "
            "median over boots and the range.\n\n")
    for cpus in sorted(rows):
        runs = rows[cpus]
        f.write(f"## {cpus} CPU{'s' if cpus > 1 else ''} freeing at once ({len(runs)} boots)\n\n")
        f.write("| figure | median | range |\n|---|---:|---:|\n")
        for key, label in FIGS:
            vals = [r[key] for r in runs if key in r]
            if not vals:
                continue
            f.write(f"| {label} | {fmt(key, statistics.median(vals))} | "
                    f"{fmt(key, min(vals))}-{fmt(key, max(vals))} |\n")
        f.write("\n")
print(out)
