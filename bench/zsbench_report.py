"""`zsbench.py report`: an A/B run's report.md, summary.json and plots,
every figure computed from the run's raw output."""
import json
import os

import zsbench_plot
from zsbench_raw import RawError, guest_vcpus, load_run
from zsbench_stats import cost, figures, fmt, folio_counts, ratio_cell, speedup

REPORT, SUMMARY = "report.md", "summary.json"
# The plots: figure key, axis label, file name stem.
PLOTS = (("lat", "free latency (ms)", "latency"),
         ("back", "time until memory is back (ms)", "memory-back"))

EXPLAIN = (
    "Each cell: median [interquartile range] over all counted runs "
    "(one warm-up run after each boot is discarded). Latency is per "
    "process; CPU is the run time of all CPUs from the start of the free "
    "until zram's (and zswap's) compressed memory is back; *back* is that "
    "moment; *held* is the compressed memory not yet given back when the last "
    "free returned. Latency ratio = base median / kernel median (above 1: "
    "faster), in brackets base Q1 / kernel Q3 to base Q3 / kernel Q1; CPU and "
    "throughput ratios = kernel / base, the CPU ratio's brackets kernel Q1 / base "
    "Q3 to kernel Q3 / base Q1. A workload with more "
    "processes than the guest's {vcpus} vCPUs is marked oversubscribed. "
    "Swap-in reads every page back once (one load per page) and pages it out "
    "again before the free, so where it is measured notify_free counts every "
    "page twice per run: once when swap-in frees its slot, once at the free.")
HEAD = ("| workload (MiB:procs:mode:data:swap[:folio]) | kernel | n | free latency ms | "
        "ns/page | ratio | CPU ms | ratio | memory back ms | held MiB | notify_free/run | "
        "miss_free/run | pageout MiB/s | ratio | swap-in MiB/s | ratio |")
FOLIO_KEYS = ("anon_fault_alloc", "anon_fault_fallback", "swpout", "swpout_fallback",
              "zswpout", "swpin", "swpin_fallback", "split")
FOLIO_INTRO = ("Large folios: the kernel's per-size counters "
               "(/sys/kernel/mm/transparent_hugepage/hugepages-*/stats), summed over "
               "each kernel's boots for the workload, warm-up runs included.")
FREEQ_INTRO = ("Free queues: the counters of every zsmalloc pool's free queue "
               "(/sys/kernel/debug/zsmalloc/*/free_queue) and zram's miss_free, summed "
               "over each kernel's boots for the workload, warm-up runs included: "
               "records pushed, drained, freed at once for want of a block "
               "(fallbacks), blocks not refilled, hand-overs by the monitor, by "
               "reclaim and by CPU hotplug, the drain's CPU time per record, and the "
               "records it freed in zspages released whole, their free lists "
               "unwritten (– where the kernel did not count them). A kernel without free queues has no row.")
FREEQ_HEAD = ("| workload | kernel | pushed | drained | fallbacks | fallback % | "
              "refill failures | timed flushes | pressure drains | hotplug flushes | "
              "drain ns/record | freed whole | miss_free |")
LIMIT_INTRO = (
    "Limits: base kernels whose zram slot-free notify and zswap_invalidate() only "
    "take and drop the slot's or the tree's lock (lock-only) or return at once "
    "(no-op), or whose zswap_invalidate() erases and releases each entry but frees "
    "neither it nor its object (release-only, zswap only): measurement references "
    "that leak every freed slot and zswap entry "
    "on purpose (bench/limits/), never part of the "
    "series, booted in turn with the others. A limit's memory never comes back, "
    "so its CPU time ends when its free returns, and it has no memory back, "
    "held memory or zram counters. Each ratio: the kernel's median over the "
    "limit's (1.00: at the limit, 2.00: twice its time), in brackets kernel Q1 / "
    "limit Q3 to kernel Q3 / limit Q1.")
ZSWAP_INTRO = ("zswap: how often its pool reached its limit, the sum of its reject_* "
               "counters (stores refused for a failed allocation or compression, and "
               "write-backs that failed; a store refused at the pool's limit counts "
               "only as a hit) and the pages it wrote back, summed over each kernel's "
               "boots for the workload, warm-up runs included. A limit fills the pool "
               "with what it leaks and writes nothing back: where its pool reached the "
               "limit, zswap's shrink worker failed write-backs beside the workload, and "
               "the limit's figures there are no clean reference.")
ZSWAP_KEYS = ("zswap_limit_hits", "zswap_rejects", "zswap_written_back")
# Raw files of 2026-12-02 call the sum of reject_* zswap_refused.
ZSWAP_OLD_KEYS = {"zswap_refused": "zswap_rejects"}
# The figures summary.json keeps of each kernel and workload.
SUMMARY_KEYS = ("lat", "cpu", "back", "held", "miss", "out", "in")


def rule(head):
    """The Markdown separator row under table header HEAD."""
    return "|" + "---|" * (head.count("|") - 1)


def header(title, tool, rel):
    """A report's title and its "Generated by" line, raw output at REL."""
    return [f"# {title}", "",
            f"Generated by `bench/zsbench.py {tool}` from the raw output in "
            f"[`{rel}`]({rel}); no figure here is typed by hand.", ""]


def meta_lines(run):
    return [f"- {m}" for m in run.meta] + [f"- kernel {k}" for k in run.kernels]


def figure_row(label, kernel, f, b):
    """One kernel's row of the main table; B: base's figures or None."""
    r, c = speedup(b, f), cost(b, f)
    ratio = r.cell("x") if r else "–"
    return (f"| {label} | {kernel} | {f['runs']} | {fmt(f['lat'], 1e-6, 1)} | "
            f"{fmt(f['nspp'], 1, 0)} | {ratio} | {fmt(f['cpu'], 1e-6, 1)} | "
            f"{c.cell() if c else '–'} | {fmt(f['back'], 1e-6, 1)} | "
            f"{fmt(f['held'], 1 / 2**20, 1)} | {fmt(f['notify'], 1, 0)} | "
            f"{fmt(f['miss'], 1, 0)} | {fmt(f['out'], 1, 0)} | {ratio_cell(b, f, 'out')} | "
            f"{fmt(f['in'], 1, 0)} | {ratio_cell(b, f, 'in')} |")


def figure_table(run, vcpus):
    lines = [HEAD, rule(HEAD)]
    base = run.base()
    for w in run.workloads():
        b = figures(run.data[(base, w)]) if (base, w) in run.data else None
        label = f"{w} (oversubscribed)" if vcpus and w.procs > vcpus else str(w)
        for k in run.order:
            if (k, w) in run.data and run.data[(k, w)].run:
                lines.append(figure_row(label, k, figures(run.data[(k, w)]), b))
    return lines + [""]


def limit_table(run):
    """Every other kernel's latency and CPU time against each limit, for
    the workloads a limit ran."""
    limits = run.limits()
    if not limits:
        return []
    head = ("| workload | kernel | free latency ms | " +
            "".join(f"÷ {k} | " for k in limits) + "CPU ms | " +
            "".join(f"CPU ÷ {k} | " for k in limits))
    lines = [LIMIT_INTRO, "", head.rstrip(), rule(head)]
    for w in run.workloads():
        refs = [figures(run.data[(k, w)]) if (k, w) in run.data else None for k in limits]
        if not any(refs):
            continue
        for k in run.order:
            if k in limits or (k, w) not in run.data or not run.data[(k, w)].run:
                continue
            f = figures(run.data[(k, w)])
            cells = [str(w), k, fmt(f["lat"], 1e-6, 1)]
            cells += [c.cell() if (c := cost(r, f, "lat")) else "–" for r in refs]
            cells.append(fmt(f["cpu"], 1e-6, 1))
            cells += [c.cell() if (c := cost(r, f)) else "–" for r in refs]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def folio_table(run):
    rows = [(w, k, folio_counts(run.data[(k, w)].folios))
            for w in run.workloads() for k in run.order
            if (k, w) in run.data and run.data[(k, w)].folios]
    if not rows:
        return []
    head = "| workload | kernel | " + " | ".join(FOLIO_KEYS) + " |"
    return [FOLIO_INTRO, "", head, rule(head)] + [
        f"| {w} | {k} | " + " | ".join(str(c[key]) for key in FOLIO_KEYS) + " |"
        for w, k, c in rows] + [""]


def freeq_row(w, k, c):
    pushed, fallbacks = c["pushed"], c["fallbacks"]
    share = f"{100 * fallbacks / (pushed + fallbacks):.1f}" if pushed + fallbacks else "–"
    per = f"{1000 * c['drain_us'] / c['drained']:.0f}" if c["drained"] else "–"
    return (f"| {w} | {k} | {pushed} | {c['drained']} | {fallbacks} | {share} | "
            f"{c['refill_failures']} | {c['timed_flushes']} | {c['pressure_drains']} | "
            f"{c['hotplug_flushes']} | {per} | {c['whole_objs'] if 'whole_objs' in c else '–'} | "
            f"{c['miss_free']} |")


def freeq_table(run):
    rows = [(w, k, folio_counts(run.data[(k, w)].freeq))
            for w in run.workloads() for k in run.order
            if (k, w) in run.data and run.data[(k, w)].freeq]
    rows = [(w, k, c) for w, k, c in rows if "pushed" in c]
    if not rows:
        return []
    return [FREEQ_INTRO, "", FREEQ_HEAD, rule(FREEQ_HEAD)] + [
        freeq_row(w, k, c) for w, k, c in rows] + [""]


def zswap_table(run):
    rows = [(w, k, folio_counts(run.data[(k, w)].freeq))
            for w in run.workloads() if w.swap == "zswap" for k in run.order
            if (k, w) in run.data and run.data[(k, w)].freeq]
    rows = [(w, k, {ZSWAP_OLD_KEYS.get(key, key): n for key, n in c.items()})
            for w, k, c in rows if ZSWAP_KEYS[0] in c]
    if not rows:
        return []
    head = "| workload | kernel | pool limit hits | reject_* | written back |"
    return [ZSWAP_INTRO, "", head, rule(head)] + [
        f"| {w} | {k} | " + " | ".join(str(c[key]) for key in ZSWAP_KEYS) + " |"
        for w, k, c in rows] + [""]


def skipped(run):
    lines = sorted({(k, line) for (k, _), s in run.data.items() for line in s.skip})
    return ["Not run:", ""] + [f"- {k}: {line}" for k, line in lines] + [""] if lines else []


def report_lines(run, name, rel, pngs=()):
    """The report of RUN, named NAME, raw output at REL; PNGS: (label,
    file) of its plots."""
    lines = header(f"Benchmark: {name}", "report", rel) + meta_lines(run)
    lines += ["", EXPLAIN.format(vcpus=guest_vcpus(run.meta)), ""]
    lines += figure_table(run, guest_vcpus(run.meta)) + limit_table(run)
    lines += folio_table(run) + freeq_table(run) + zswap_table(run)
    lines += skipped(run)
    for label, png in pngs:
        lines += [f"![{label}]({png})", ""]
    return lines


def summary(run, name):
    """What `zsbench.py readme` needs of a run: its meta, kernels, base and
    the figures of each kernel and workload."""
    rows = []
    for w in run.workloads():
        for k in run.order:
            if (k, w) in run.data:
                f = figures(run.data[(k, w)])
                rows.append({"workload": str(w), "kernel": k, "runs": f["runs"],
                             **{key: f[key] for key in SUMMARY_KEYS}})
    return {"kind": "ab", "name": name, "report": REPORT, "meta": run.meta,
            "kernels": run.kernels, "base": run.base(), "limits": run.limits(),
            "figures": rows}


def make_plots(run, out):
    """The PNGs of RUN in OUT (stale ones removed first), as (label, file)."""
    made = []
    for key, label, stem in PLOTS:
        for png in (f"{stem}.png", f"{stem}-by-workload.png"):
            if os.path.exists(os.path.join(out, png)):
                os.remove(os.path.join(out, png))
        for png in zsbench_plot.plot(run, os.path.join(out, stem + ".png"), key, label):
            made.append((label, os.path.basename(png)))
    return made


def write_report(rundir, out=None, only=None, plots=True):
    """Reads RUNDIR/raw and writes report.md, summary.json and the plots to
    OUT (default RUNDIR), for the kernels in ONLY (default all).  Returns
    the report's path."""
    raw = os.path.join(rundir, "raw")
    run = load_run(raw)
    if only:
        run = run.only(only)
    if not run.data:
        raise RawError(f"no counted runs under {raw}")
    out = out or rundir
    os.makedirs(out, exist_ok=True)
    name = os.path.basename(os.path.abspath(out))
    pngs = make_plots(run, out) if plots else []
    rel = os.path.relpath(raw, out)
    path = os.path.join(out, REPORT)
    with open(path, "w") as f:
        f.write("\n".join(report_lines(run, name, rel, pngs)))
    with open(os.path.join(out, SUMMARY), "w") as f:
        json.dump(summary(run, name), f, indent=1)
    return path
