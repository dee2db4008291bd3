"""`zsbench.py pressure`: the rounds of the pressure job that
bench/pressure.sh keeps (RUNDIR/raw: KERNEL-bootN.txt, kernels.txt,
meta.txt) as medians and quartiles per kernel, with deferred free on and
off.  The first pair of rounds of each boot is a warm-up, not counted."""
import collections
import os
import re

from zsbench_raw import RawError, boot_files, kernel_order, read_lines
from zsbench_report import REPORT, header, rule
from zsbench_stats import fmt, stats

WARMUP_ROUNDS = 2
NUMBER = re.compile(r"(\w+)=(-?\d+)")
EXPLAIN = (
    "Each round: zram0's `deferred_free` set (on and off in turn), two swap_stress "
    "workers page out, read back, fork, unmap and exit with their memory in swap "
    "while a tmpfs file of compressible text larger than the guest's memory is "
    "written, so that kswapd and direct reclaim push it out to zram.  No memory "
    "cgroup limit: global reclaim, the only reclaim that calls zsmalloc's "
    "shrinkers.  *write s*: time to write the file (reclaim stalls included); "
    "*pgscan*, *allocstall*, *pswpout*, *OOM kills*: /proc/vmstat deltas of the "
    "round; *pressure drains*: calls of the deferred-free shrinker that drained "
    "records, and the rounds in which it did; *max wait*: the longest a record "
    "waited in the round.  Cells: median [interquartile range].  Rounds with "
    "deferral on and off alternate within a boot, so their ratio is the comparison; "
    "a boot's pace varies with the shared host, so kernels booted once each are "
    "not comparable to each other.")
HEAD = ("| kernel | deferred | rounds | write s | ratio (off/on) | pgscan | allocstall "
        "| pswpout | OOM kills | pressure drains | rounds with one | fallbacks | max wait ms |")
PASSED = ("Every boot's check passed: no OOM kill, no failed write, "
          "every page swap_stress read back was intact.")


def parse(raw):
    """({(kernel, deferred): [round]}, kernels in boot order, failed TAP
    lines) of the counted rounds under RAW."""
    rounds = collections.defaultdict(list)
    failures = []
    files = boot_files(raw)
    for kernel, path in files:
        for line in read_lines(path):
            if line.startswith("not ok"):
                failures.append(f"{os.path.basename(path)}: {line.strip()}")
            if line.startswith("# round="):
                fields = {k: int(v) for k, v in NUMBER.findall(line)}
                if fields["round"] > WARMUP_ROUNDS:
                    rounds[(kernel, fields["deferred"])].append(fields)
    return rounds, kernel_order(files), failures


def row(kernel, mode, rs, off):
    """The row of KERNEL's rounds RS with deferral MODE (1: on); OFF: the
    Stats of its write time with deferral off, for the ratio."""
    def col(key, scale=1.0, digits=0):
        return fmt(stats(r[key] for r in rs), scale, digits)

    hog = stats(r["hog_ms"] for r in rs)
    ratio = f"{off[0] / hog[0]:.3f}" if mode == 1 and off else "–"
    with_drain = sum(1 for r in rs if r["pressure_drains"] > 0)
    on_only = [col("pressure_drains"), f"{with_drain}/{len(rs)}", col("fallbacks"),
               col("max_wait_us", 1e-3, 1)] if mode else ["–"] * 4
    return (f"| {kernel} | {'on' if mode else 'off'} | {len(rs)} | {fmt(hog, 1e-3, 1)} | {ratio} "
            f"| {col('pgscan')} | {col('allocstall')} | {col('pswpout')} "
            f"| {sum(r['oom_kill'] for r in rs)} | " + " | ".join(on_only) + " |")


def write_pressure(rundir):
    """Writes RUNDIR/report.md from RUNDIR/raw; returns its path."""
    raw = os.path.join(rundir, "raw")
    rounds, order, failures = parse(raw)
    if not rounds:
        raise RawError("no rounds in " + raw)
    name = os.path.basename(os.path.abspath(rundir))
    lines = header(f"Global reclaim and deferred free: {name}", "pressure", "raw")
    lines += [f"- {m}" for m in read_lines(os.path.join(raw, "meta.txt"))]
    lines += [f"- kernel {k}" for k in read_lines(os.path.join(raw, "kernels.txt"))]
    lines += ["", EXPLAIN, "", HEAD, rule(HEAD)]
    for kernel in order:
        off = stats(r["hog_ms"] for r in rounds.get((kernel, 0), []))
        lines += [row(kernel, mode, rounds[(kernel, mode)], off)
                  for mode in (1, 0) if rounds.get((kernel, mode))]
    lines.append("")
    if failures:
        lines += ["## Failures", ""] + [f"- {f}" for f in failures] + [""]
    else:
        lines += [PASSED, ""]
    path = os.path.join(rundir, REPORT)
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path
