"""The report's plots (matplotlib, Debian's python3-matplotlib): lines
against size for the workloads measured at several sizes, bars per
workload and kernel for the others."""
import collections
import functools
import sys

from zsbench_stats import figures

TITLE = "{}: median, bars = interquartile range"


@functools.lru_cache(maxsize=None)
def pyplot():
    """matplotlib and its pyplot, or None (with a warning) without them."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("zsbench: no matplotlib for this python3 (Debian: python3-matplotlib, "
              "/usr/bin/python3): the report has no plots", file=sys.stderr)
        return None
    return matplotlib, plt


def plot(run, out_png, key, ylabel):
    """Plots figure KEY of RUN: lines in OUT_PNG, bars in OUT_PNG or, with
    lines there, in *-by-workload.png.  Returns the PNGs written."""
    workloads = run.workloads()
    sizes = collections.defaultdict(set)
    for w in workloads:
        sizes[w.series()].add(w.size_mib)
    lined = [w for w in workloads if len(sizes[w.series()]) > 1]
    others = [w for w in workloads if w not in lined]
    libs = pyplot() if workloads else None
    if not libs:
        return []
    made = []
    if lined:
        made.append(size_lines(libs, run, lined, out_png, key, ylabel))
    if others:
        png = out_png.replace(".png", "-by-workload.png") if lined else out_png
        made.append(bars(libs, run, others, png, key, ylabel))
    return made


def millis(s):
    """The median and the distances to its quartiles, in ms."""
    return s[0] / 1e6, (s[0] - s[1]) / 1e6, (s[2] - s[0]) / 1e6


def finish(fig, ax, ylabel, out_png):
    ax.set_ylabel(ylabel)
    ax.set_title(TITLE.format(ylabel))
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    return out_png


def size_lines(libs, run, workloads, out_png, key, ylabel):
    matplotlib, plt = libs
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series = collections.defaultdict(list)
    for w in workloads:
        for k in run.order:
            s = figures(run.data[(k, w)])[key] if (k, w) in run.data else None
            if s:
                series[(k, w.procs, w.mode, w.data, w.swap, w.folio)].append((w.size_mib, s))
    for (k, procs, mode, data, swap, folio), pts in sorted(series.items()):
        pts.sort()
        y, lo, hi = zip(*(millis(s) for _, s in pts))
        ax.errorbar([size for size, _ in pts], y, yerr=[lo, hi], marker="o", capsize=3,
                    label=f"{k}, {procs} proc, {mode}, {data}, {swap}, {folio}")
    ax.set_xlabel("size per process (MiB)")
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted({w.size_mib for w in workloads}))
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    return finish(fig, ax, ylabel, out_png)


def bars(libs, run, workloads, out_png, key, ylabel):
    """A group of bars per workload, one bar per kernel."""
    _, plt = libs
    fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(workloads) + 2), 4.5))
    width = 0.8 / len(run.order)
    for i, k in enumerate(run.order):
        xs, ys, lo, hi = [], [], [], []
        for j, w in enumerate(workloads):
            s = figures(run.data[(k, w)])[key] if (k, w) in run.data else None
            if s:
                xs.append(j + (i - (len(run.order) - 1) / 2) * width)
                for values, v in zip((ys, lo, hi), millis(s)):
                    values.append(v)
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=2, label=k)
    ax.set_xticks(range(len(workloads)))
    if len({w.size_mib for w in workloads}) == 1:
        ax.set_xticklabels([str(w).split(":", 1)[1].replace(":", "\n") for w in workloads],
                           fontsize=7)
        ax.set_xlabel(f"procs, mode, data, swap, folio ({workloads[0].size_mib} MiB per process)")
    else:
        ax.set_xticklabels([str(w).replace(":", "\n") for w in workloads], fontsize=7)
        ax.set_xlabel("MiB per process, procs, mode, data, swap, folio")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    return finish(fig, ax, ylabel, out_png)
