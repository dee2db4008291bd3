#!/usr/bin/python3
"""bench-report.py RAWDIR OUT.md [KERNEL,...]: medians, quartiles and ratios
to base from the raw benchmark output that scripts/bench.sh keeps, as a
Markdown report with PNG plots beside it, optionally for some kernels only.
RAWDIR is one run, or a record (scripts/bench-record.sh): a meta.txt and one
run per subdirectory, each its own interleaved grid, with no workload run
twice by a kernel.  Every number in the report comes from RAWDIR."""
import collections
import glob
import json
import os
import re
import statistics
import sys

KV = re.compile(r"(\w+)=(\S+)")


def parse(raw):
    """{(kernel, workload): {"proc": [dict], "run": [dict], "folios": [dict]}},
    counted runs only; and the kernels in boot order."""
    data = collections.defaultdict(lambda: {"proc": [], "run": [], "folios": [], "skip": []})
    order = []
    for path in sorted(glob.glob(os.path.join(raw, "*-boot*.txt"))):
        kernel = re.sub(r"-boot\d+\.txt$", "", os.path.basename(path))
        if kernel not in order:
            order.append(kernel)
        workload = None
        for line in open(path):
            if line.startswith("# workload="):
                workload = line.split("=", 1)[1].strip()
                continue
            fields = dict(KV.findall(line))
            if line.startswith(("# folios=", "# workload_skip=")):
                kind = "folios" if line.startswith("# folios=") else "skip"
                data[(kernel, workload)][kind].append(line.split("=", 1)[1].strip())
                continue
            if not workload or fields.get("counted") != "1":
                continue
            kind = "proc" if line.startswith("# proc=") else "run" if line.startswith("# run=") else None
            if kind:
                data[(kernel, workload)][kind].append(fields)
    return data, order


def lines_of(path):
    return open(path).read().strip().splitlines()


def load(raw):
    """parse() of RAWDIR, its meta lines and kernels; of a record, its runs
    merged in the order of their names, with a "part NAME: command" line
    per run."""
    parts = sorted(os.path.dirname(m) for m in glob.glob(os.path.join(raw, "*", "meta.txt")))
    meta = lines_of(os.path.join(raw, "meta.txt"))
    if not parts:
        data, order = parse(raw)
        return data, order, meta, lines_of(os.path.join(raw, "kernels.txt"))
    data, order, kernels = {}, [], []
    for part in parts:
        name = os.path.basename(part)
        d, o = parse(part)
        twice = sorted(set(d) & set(data))
        if twice:
            sys.exit(f"{part}: {twice[0][0]} ran {twice[0][1]} in an earlier part too")
        data.update(d)
        order += [k for k in o if k not in order]
        for line in lines_of(os.path.join(part, "kernels.txt")):
            same = [k for k in kernels if k.split()[0] == line.split()[0]]
            if same and same[0] != line:
                sys.exit(f"{part}: kernel {line.split()[0]} is not the one earlier parts ran")
            if not same:
                kernels.append(line)
        command = next(m for m in lines_of(os.path.join(part, "meta.txt"))
                       if m.startswith("command: "))
        meta.append(f"part {name}: {command.split(': ', 1)[1]}")
    return data, order, meta, kernels


def stats(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    if len(values) == 1:
        return values[0], values[0], values[0], 1
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q2, q1, q3, len(values)


def fmt(s, scale=1.0, digits=1):
    if s is None:
        return "–"
    med, lo, hi, _ = s
    return f"{med * scale:.{digits}f} [{lo * scale:.{digits}f}–{hi * scale:.{digits}f}]"


def figures(entry):
    procs, runs = entry["proc"], entry["run"]
    num = lambda d, k: float(d[k]) if k in d and float(d[k]) >= 0 else None
    return {
        "lat": stats(num(p, "latency_ns") for p in procs),
        "nspp": stats(num(p, "ns_per_page") for p in procs),
        "cpu": stats(num(r, "cpu_ns") for r in runs),
        "back": stats(num(r, "mem_back_ns") for r in runs),
        "out": stats(num(p, "pageout_mib_s") for p in procs),
        "in": stats(num(p, "swapin_mib_s") if num(p, "swapin_mib_s") else None for p in procs),
        "held": stats(num(r, "held_bytes") for r in runs),
        "notify": stats(num(r, "notify_free") for r in runs),
        "miss": stats(num(r, "miss_free") for r in runs),
        "runs": len(runs),
    }


def speedup(b, f):
    """Latency ratio base/kernel as (median, low, high): the median ratio and
    the ratios of the interquartile bounds (base Q1 / kernel Q3, base Q3 /
    kernel Q1), the spread a ratio from another run should fall into."""
    if not (b and f and b["lat"] and f["lat"]):
        return None
    (bm, bl, bh, _), (fm, fl, fh, _) = b["lat"], f["lat"]
    return bm / fm, bl / fh, bh / fl


def cost(b, f, key="cpu"):
    """Ratio kernel/base of figure KEY as (median, low, high): the median
    ratio and the ratios of the quartiles (kernel Q1 / base Q3, kernel Q3 /
    base Q1)."""
    if not (b and f and b[key] and f[key] and b[key][0] > 0 and b[key][1] > 0):
        return None
    (bm, bl, bh, _), (fm, fl, fh, _) = b[key], f[key]
    return fm / bm, fl / bh, fh / bl


def ratio_cell(b, f, key):
    """cost()'s median ratio, formatted, or a dash."""
    c = cost(b, f, key)
    return f"{c[0]:.2f}" if c else "–"


def workload_key(w):
    size, procs, mode, data, swap, *folio = w.split(":")
    return (swap, folio[0] if folio else "4k", data, mode, int(procs), int(size))


def folio_counts(lines):
    """Deltas of the large-folio swap counters over the workloads' boots."""
    total = collections.Counter()
    before = None
    for line in lines:
        fields = {k: int(v) for k, v in KV.findall(line) if v.lstrip("-").isdigit()}
        if "when=before" in line:
            before = fields
        elif before is not None:
            total.update({k: v - before[k] for k, v in fields.items() if before.get(k, -1) >= 0})
            before = None
    return total


def plot(data, order, workloads, out_png, key, ylabel):
    """Lines against size for the workloads measured at several sizes, bars
    for the others (in OUT_PNG when there are no lines); the PNGs written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    sizes = collections.defaultdict(set)
    for w in workloads:
        sizes[workload_key(w)[:5]].add(workload_key(w)[5])
    lined = [w for w in workloads if len(sizes[workload_key(w)[:5]]) > 1]
    others = [w for w in workloads if w not in lined]
    made = []
    if lined:
        made.append(size_lines(matplotlib, plt, data, order, lined, out_png, key, ylabel))
    if others:
        png = out_png.replace(".png", "-by-workload.png") if lined else out_png
        made.append(bars(plt, data, order, others, png, key, ylabel))
    return made


def size_lines(matplotlib, plt, data, order, workloads, out_png, key, ylabel):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series = collections.defaultdict(list)
    for w in workloads:
        swap, folio, dat, mode, procs, size = workload_key(w)
        for k in order:
            if (k, w) not in data:
                continue
            s = figures(data[(k, w)])[key]
            if s:
                series[(k, procs, mode, dat, swap, folio)].append((size, s))
    for (k, procs, mode, dat, swap, folio), pts in sorted(series.items()):
        pts.sort()
        x = [p[0] for p in pts]
        y = [p[1][0] / 1e6 for p in pts]
        err = [[(p[1][0] - p[1][1]) / 1e6 for p in pts], [(p[1][2] - p[1][0]) / 1e6 for p in pts]]
        ax.errorbar(x, y, yerr=err, marker="o", capsize=3,
                    label=f"{k}, {procs} proc, {mode}, {dat}, {swap}, {folio}")
    ax.set_xlabel("size per process (MiB)")
    ax.set_ylabel(ylabel)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted({workload_key(w)[5] for w in workloads}))
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title(f"{ylabel}: median, bars = interquartile range")
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    return out_png


def bars(plt, data, order, workloads, out_png, key, ylabel):
    """A group of bars per workload, one bar per kernel."""
    fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(workloads) + 2), 4.5))
    width = 0.8 / len(order)
    for i, k in enumerate(order):
        xs, ys, lo, hi = [], [], [], []
        for j, w in enumerate(workloads):
            s = figures(data[(k, w)])[key] if (k, w) in data else None
            if s:
                xs.append(j + (i - (len(order) - 1) / 2) * width)
                ys.append(s[0] / 1e6)
                lo.append((s[0] - s[1]) / 1e6)
                hi.append((s[2] - s[0]) / 1e6)
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=2, label=k)
    ax.set_xticks(range(len(workloads)))
    if len({workload_key(w)[5] for w in workloads}) == 1:
        ax.set_xticklabels([w.split(":", 1)[1].replace(":", "\n") for w in workloads], fontsize=7)
        ax.set_xlabel(f"procs, mode, data, swap, folio ({workloads[0].split(':')[0]} MiB per process)")
    else:
        ax.set_xticklabels([w.replace(":", "\n") for w in workloads], fontsize=7)
        ax.set_xlabel("MiB per process, procs, mode, data, swap, folio")
    ax.set_ylabel(ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(f"{ylabel}: median, bars = interquartile range")
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    return out_png


def main():
    raw, out = sys.argv[1], sys.argv[2]
    only = sys.argv[3].split(",") if len(sys.argv) > 3 else None
    data, order, meta, kernels = load(raw)
    if only:
        order = [k for k in order if k in only]
        data = {key: v for key, v in data.items() if key[0] in only}
    if not data:
        sys.exit(f"no counted runs under {raw}")
    base = "base" if "base" in order else order[0]
    workloads = sorted({w for _, w in data}, key=workload_key)
    vcpus = next((int(m.split()[1]) for m in meta if m.startswith("guest: ")), 0)
    kernels = [k for k in kernels if not only or k.split()[0] in only]
    name = os.path.splitext(os.path.basename(out))[0]
    rel = os.path.relpath(raw, os.path.dirname(out))

    lines = [f"# Benchmark: {name}", "",
             "Generated by `scripts/bench-report.py` from the raw output in "
             f"[`{rel}`]({rel}); no figure here is typed by hand.", ""]
    lines += [f"- {m}" for m in meta]
    lines += [f"- kernel {k}" for k in kernels]
    lines += ["",
              "Each cell: median [interquartile range] over all counted runs "
              "(one warm-up run after each boot is discarded). Latency is per "
              "process; CPU is the run time of all CPUs from the start of the free "
              "until zram's (and zswap's) compressed memory is back; *back* is that "
              "moment; *held* is the compressed memory not yet given back when the last "
              "free returned. Latency ratio = base median / kernel median (above 1: "
              "faster), in brackets base Q1 / kernel Q3 to base Q3 / kernel Q1; CPU and "
              "throughput ratios = kernel / base, the CPU ratio's brackets kernel Q1 / base "
              "Q3 to kernel Q3 / base Q1. A workload with more "
              f"processes than the guest's {vcpus} vCPUs is marked oversubscribed. "
              "Swap-in reads every page back once (one load per page) and pages it out "
              "again before the free, so where it is measured notify_free counts every "
              "page twice per run: once when swap-in frees its slot, once at the free.", ""]
    head = ("| workload (MiB:procs:mode:data:swap[:folio]) | kernel | n | free latency ms | "
            "ns/page | ratio | CPU ms | ratio | memory back ms | held MiB | notify_free/run | "
            "miss_free/run | pageout MiB/s | ratio | swap-in MiB/s | ratio |")
    lines += [head, "|" + "---|" * (head.count("|") - 1)]
    for w in workloads:
        b = figures(data[(base, w)]) if (base, w) in data else None
        label = w
        if vcpus and workload_key(w)[4] > vcpus:
            label += " (oversubscribed)"
        for k in order:
            if (k, w) not in data or not data[(k, w)]["run"]:
                continue
            f = figures(data[(k, w)])
            r = speedup(b, f)
            ratio = f"{r[0]:.2f}x [{r[1]:.2f}–{r[2]:.2f}]" if r else "–"
            c = cost(b, f)
            cpu = f"{c[0]:.2f} [{c[1]:.2f}–{c[2]:.2f}]" if c else "–"
            lines.append(
                f"| {label} | {k} | {f['runs']} | {fmt(f['lat'], 1e-6, 1)} | "
                f"{fmt(f['nspp'], 1, 0)} | {ratio} | {fmt(f['cpu'], 1e-6, 1)} | "
                f"{cpu} | {fmt(f['back'], 1e-6, 1)} | "
                f"{fmt(f['held'], 1 / 2**20, 1)} | {fmt(f['notify'], 1, 0)} | "
                f"{fmt(f['miss'], 1, 0)} | {fmt(f['out'], 1, 0)} | {ratio_cell(b, f, 'out')} | "
                f"{fmt(f['in'], 1, 0)} | {ratio_cell(b, f, 'in')} |")
    lines.append("")
    folio_rows = [(w, k, folio_counts(data[(k, w)]["folios"]))
                  for w in workloads for k in order
                  if (k, w) in data and data[(k, w)]["folios"]]
    if folio_rows:
        lines += ["Large folios: the kernel's per-size counters "
                  "(/sys/kernel/mm/transparent_hugepage/hugepages-*/stats), summed over "
                  "each kernel's boots for the workload, warm-up runs included.", "",
                  "| workload | kernel | anon_fault_alloc | anon_fault_fallback | swpout | "
                  "swpout_fallback | zswpout | swpin | swpin_fallback | split |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for w, k, c in folio_rows:
            lines.append(f"| {w} | {k} | {c['anon_fault_alloc']} | {c['anon_fault_fallback']} | "
                         f"{c['swpout']} | {c['swpout_fallback']} | {c['zswpout']} | "
                         f"{c['swpin']} | {c['swpin_fallback']} | {c['split']} |")
        lines.append("")
    skipped = sorted({(k, line) for (k, w), e in data.items() for line in e["skip"]})
    if skipped:
        lines += ["Not run:", ""] + [f"- {k}: {line}" for k, line in skipped] + [""]
    stem = os.path.splitext(out)[0]
    for key, label, suffix in (("lat", "free latency (ms)", "latency"),
                               ("back", "time until memory is back (ms)", "memory-back")):
        for png in plot(data, order, workloads, f"{stem}-{suffix}.png", key, label):
            lines += [f"![{label}]({os.path.basename(png)})", ""]
    open(out, "w").write("\n".join(lines))
    summary = {"report": os.path.basename(out), "meta": meta, "kernels": kernels,
               "base": base, "figures": []}
    for w in workloads:
        for k in order:
            if (k, w) in data:
                f = figures(data[(k, w)])
                summary["figures"].append({"workload": w, "kernel": k, "runs": f["runs"],
                                           **{key: f[key] for key in
                                              ("lat", "cpu", "back", "held", "miss", "out", "in")}})
    json.dump(summary, open(stem + ".json", "w"), indent=1)


if __name__ == "__main__":
    main()
