#!/usr/bin/python3
"""microbench-report.py RAW OUT.md: the zs_freeq_bench figures of every
boot under RAW (boot*.txt, meta.txt) as a table of medians and ranges, per
mode (mixed sizes, or one small class freed in allocation order) and CPU
count."""
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
        mode = kv.pop("mode", "mixed")
        rows.setdefault((mode, int(kv["cpus"])), []).append({k: int(v) for k, v in kv.items()})
if not rows:
    sys.exit("no zs_bench lines in " + raw)

FIGS = [
    ("zs_free_ns", "zs_free(), ns per object (wall, all CPUs)"),
    ("freeq_push_ns", "zs_freeq_push(), a block ready for every record, ns per object"),
    ("push_speedup_milli", "speedup of the frees, blocks ready (x)"),
    ("drain_ns", "drain, CPU ns per record"),
    ("drain_vs_zs_free_cpu_milli", "drain CPU per record / zs_free() CPU per object"),
    ("default_spares_push_ns", "zs_freeq_push(), queue as enabled, ns per object"),
    ("default_spares_speedup_milli", "speedup of the frees, queue as enabled (x)"),
    ("default_spares_drain_ns", "drain, queue as enabled, CPU ns per record"),
    ("default_spares_fallbacks", "frees done at once, queue as enabled (of 32768)"),
]


def fmt(key, v):
    return f"{v / 1000:.2f}" if key.endswith("_milli") else f"{v:.0f}"


meta = open(os.path.join(raw, "meta.txt")).read().strip().splitlines()
with open(out, "w") as f:
    f.write("# zsmalloc free queue: microbenchmark (KUnit zs_freeq_bench)\n\n")
    for line in meta:
        f.write(f"- {line}\n")
    f.write("\nEach boot runs 7 rounds per CPU count and mode; in every round zs_free(), "
            "zs_freeq_push() with a block ready for every record, and zs_freeq_push() on "
            "a queue as enabled (blocks allocated by its worker as it goes) free 32768 "
            "objects in turns: of 800-3200 bytes (mixed), or of 64 bytes in allocation "
            "order (seq).  A boot reports the median of its rounds (ratios are taken per "
            "round); the table gives the median over boots and the range.\n\n")
    for mode, cpus in sorted(rows):
        runs = rows[(mode, cpus)]
        f.write(f"## {mode}: {cpus} CPU{'s' if cpus > 1 else ''} freeing at once "
                f"({len(runs)} boots)\n\n")
        f.write("| figure | median | range |\n|---|---:|---:|\n")
        for key, label in FIGS:
            vals = [r[key] for r in runs if key in r]
            if not vals:
                continue
            f.write(f"| {label} | {fmt(key, statistics.median(vals))} | "
                    f"{fmt(key, min(vals))}-{fmt(key, max(vals))} |\n")
        f.write("\n")
print(out)
