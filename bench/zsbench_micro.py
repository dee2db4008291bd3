"""`zsbench.py microbench`: the zs_freeq_bench KUnit figures of every boot
(RUNDIR/raw/KERNEL-bootN.txt, or bootN.txt for series alone; meta.txt) as
medians and ranges over boots, per mode (mixed sizes or one small class
freed in allocation order, or mixed sizes in a random order) and CPU
count, a column per kernel."""
import glob
import os
import re
import statistics

from zsbench_raw import RawError, boot_files, read_lines
from zsbench_report import REPORT, header

LINE = re.compile(r"zs_bench (cpus=.*)")
FIGS = (
    ("zs_free_ns", "zs_free(), ns per object (wall, all CPUs)"),
    ("freeq_push_ns", "push of one record, a block ready for every record, ns per object"),
    ("push_speedup_milli", "speedup of the frees, blocks ready (x)"),
    ("drain_ns", "drain, CPU ns per record"),
    ("drain_vs_zs_free_cpu_milli", "drain CPU per record / zs_free() CPU per object"),
    ("default_spares_push_ns", "push of one record, queue as enabled, ns per object"),
    ("default_spares_speedup_milli", "speedup of the frees, queue as enabled (x)"),
    ("default_spares_drain_ns", "drain, queue as enabled, CPU ns per record"),
    ("default_spares_fallbacks", "frees done at once, queue as enabled (of 32768)"),
    ("zs_free_many_ns", "zs_free_many() of 32 handles at a time, ns per object"),
    ("free_many_speedup_milli", "speedup of zs_free_many() over zs_free() (x)"),
)
EXPLAIN = (
    "Each boot runs 7 rounds per CPU count and mode; in every round zs_free(), "
    "a push of one record at a time with a block ready for every record, the "
    "same on a queue as enabled (blocks allocated by its worker as it goes) and "
    "zs_free_many() of 32 handles at a time (where the kernel has it) free 32768 "
    "objects in turns: of 800-3200 bytes (mixed) or of 64 bytes (seq) in "
    "allocation order, or of 800-3200 bytes in a random order (shuffled).  A "
    "boot reports the median of its rounds (ratios are taken per round); the "
    "table gives the median over boots and the range.  Kernels boot in turn "
    "(A B A B ...).")


def parse_line(line):
    """(mode, cpus, {figure: int}) of a zs_bench line, or None."""
    m = LINE.search(line)
    if not m:
        return None
    kv = dict(f.split("=", 1) for f in m.group(1).split())
    mode = kv.pop("mode", "mixed")
    return mode, int(kv["cpus"]), {k: int(v) for k, v in kv.items()}


def parse(raw):
    """({(mode, cpus): {kernel: [figures of one boot]}}, kernels in boot
    order) of RAW's boot files."""
    rows, order = {}, []
    files = [("series", p) for p in sorted(glob.glob(os.path.join(raw, "boot*.txt")))]
    files += boot_files(raw)
    for kernel, path in files:
        if kernel not in order:
            order.append(kernel)
        for parsed in filter(None, map(parse_line, read_lines(path))):
            mode, cpus, figs = parsed
            rows.setdefault((mode, cpus), {}).setdefault(kernel, []).append(figs)
    if not rows:
        raise RawError("no zs_bench lines in " + raw)
    return rows, order


def fmt(key, v):
    return f"{v / 1000:.2f}" if key.endswith("_milli") else f"{v:.0f}"


def cell(key, boots):
    vals = [b[key] for b in boots if key in b]
    if not vals:
        return "–"
    return f"{fmt(key, statistics.median(vals))} ({fmt(key, min(vals))}-{fmt(key, max(vals))})"


def section(mode, cpus, by_kernel, order):
    kernels = [k for k in order if k in by_kernel]
    boots = min(len(by_kernel[k]) for k in kernels)
    lines = [f"## {mode}: {cpus} CPU{'s' if cpus > 1 else ''} freeing at once "
             f"({boots} boots)", "",
             "| figure | " + " | ".join(f"{k}: median (range)" for k in kernels) + " |",
             "|---|" + "---:|" * len(kernels)]
    for key, label in FIGS:
        lines.append(f"| {label} | " +
                     " | ".join(cell(key, by_kernel[k]) for k in kernels) + " |")
    return lines + [""]


def write_microbench(rundir):
    """Writes RUNDIR/report.md from RUNDIR/raw; returns its path."""
    raw = os.path.join(rundir, "raw")
    rows, order = parse(raw)
    lines = header("zsmalloc free queue: microbenchmark (KUnit zs_freeq_bench)",
                   "microbench", "raw")
    lines += [f"- {m}" for m in read_lines(os.path.join(raw, "meta.txt"))] + ["", EXPLAIN, ""]
    for mode, cpus in sorted(rows):
        lines += section(mode, cpus, rows[(mode, cpus)], order)
    path = os.path.join(rundir, REPORT)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path
