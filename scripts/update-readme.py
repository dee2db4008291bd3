#!/usr/bin/python3
"""update-readme.py SUMMARY.json [README.md]: replaces the part of the README
between the results markers with the headline table of a benchmark run, so
that every figure there comes from bench/results/."""
import json
import os
import sys

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def cell(s, scale=1e-6):
    if not s:
        return "–"
    med, lo, hi, _ = s
    return f"{med * scale:.1f} ({lo * scale:.1f}–{hi * scale:.1f})"


def main():
    summary = json.load(open(sys.argv[1]))
    readme = sys.argv[2] if len(sys.argv) > 2 else "README.md"
    base = summary["base"]
    rows = {}
    for f in summary["figures"]:
        rows.setdefault(f["workload"], {})[f["kernel"]] = f
    kernels = [k.split()[0] for k in summary["kernels"]]
    others = [k for k in kernels if k != base]
    report = os.path.join("bench/results", summary["report"])
    out = [BEGIN, "",
           f"From [`{report}`]({report}) (generated; medians with interquartile "
           "range, ms). " + "; ".join(m for m in summary["meta"] if m.startswith(("date", "guest"))) + ".",
           ""]
    head = "| MiB:procs:mode:data:swap | " + f"{base} free ms | " + "".join(
        f"{k} free ms | ratio | CPU ratio | {k} memory back ms | " for k in others)
    out += [head, "|" + "---|" * (head.count("|") - 1)]
    for w, ks in rows.items():
        b = ks.get(base)
        line = f"| {w} | {cell(b['lat']) if b else '–'} | "
        for k in others:
            f = ks.get(k)
            if not f:
                line += "– | – | – | – | "
                continue
            ratio = f"{b['lat'][0] / f['lat'][0]:.2f}x" if b and b["lat"] and f["lat"] else "–"
            cpu = f"{f['cpu'][0] / b['cpu'][0]:.2f}" if b and b["cpu"] and f["cpu"] else "–"
            line += f"{cell(f['lat'])} | {ratio} | {cpu} | {cell(f['back'])} | "
        out.append(line.rstrip())
    out += ["", END]
    text = open(readme).read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{readme} has no {BEGIN} ... {END} section")
    head_part, rest = text.split(BEGIN, 1)
    _, tail_part = rest.split(END, 1)
    open(readme, "w").write(head_part + "\n".join(out) + tail_part)


if __name__ == "__main__":
    main()
