"""`zsbench.py readme`: rewrites the generated blocks of the Markdown files
that bench/readme-inputs.txt names, from the summary.json of the runs it
lists, so that every figure there comes from bench/results/.

A block is the lines between a begin marker and an end marker, each on a
line of its own:

    <!-- generated:NAME -->
    ...
    <!-- generated:end -->

Every block a listed file holds must be listed, and every listed block
must be there."""
import dataclasses
import json
import os
import re

from zsbench_raw import meta_brief
from zsbench_report import REPORT, SUMMARY, rule
from zsbench_repeat import resolve, run_links, table as repeat_table
from zsbench_stats import ratio_cell, speedup

BEGIN = re.compile(r"<!-- generated:([\w.-]+) -->")
END = "<!-- generated:end -->"
NOTE = ("<!-- bench/zsbench.py readme writes this block from "
        "bench/readme-inputs.txt: edit that, not this -->")
STYLES = ("headline", "full", "repeat")
LIMITS_NOTE = (" ÷ LIMIT: the kernel's median free latency over that limit's, a base kernel "
               "that leaks every freed slot on purpose (bench/limits/).")


class ReadmeError(Exception):
    """An input list or a Markdown file that the blocks cannot be written from or to."""


@dataclasses.dataclass
class Input:
    """One line of the input list: FILE's block BLOCK shows the runs in DIRS
    in STYLE; WHERE names the line, for errors."""
    file: str
    block: str
    style: str
    dirs: list
    where: str


def parse_inputs(text, source="readme-inputs.txt"):
    """The Inputs of an input list: "FILE BLOCK STYLE RUNDIR..." a line,
    "#" to the end of a line a comment."""
    inputs, seen = [], set()
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        where = f"{source}:{number}"
        if len(words) < 4 or words[2] not in STYLES or not BEGIN.fullmatch(
                f"<!-- generated:{words[1]} -->") or words[1] == "end":
            raise ReadmeError(f"{where}: not FILE BLOCK {'|'.join(STYLES)} RUNDIR...: {line}")
        if (words[0], words[1]) in seen:
            raise ReadmeError(f"{where}: block {words[1]} of {words[0]} listed twice")
        seen.add((words[0], words[1]))
        inputs.append(Input(words[0], words[1], words[2], words[3:], where))
    return inputs


def find_blocks(lines, path):
    """{NAME: (index of the begin marker, index of the end marker)} of LINES."""
    blocks, open_name = {}, None
    for i, line in enumerate(lines):
        m = BEGIN.fullmatch(line.strip())
        if m and m.group(1) != "end":
            if open_name:
                raise ReadmeError(f"{path}:{i + 1}: block {m.group(1)} begins inside "
                                  f"block {open_name[0]}")
            if m.group(1) in blocks:
                raise ReadmeError(f"{path}:{i + 1}: a second block {m.group(1)}")
            open_name = (m.group(1), i)
        elif line.strip() == END:
            if not open_name:
                raise ReadmeError(f"{path}:{i + 1}: {END} without a block")
            blocks[open_name[0]] = (open_name[1], i)
            open_name = None
    if open_name:
        raise ReadmeError(f"{path}:{open_name[1] + 1}: block {open_name[0]} has no {END}")
    return blocks


def replace_blocks(text, contents, path):
    """TEXT with each block's lines replaced by CONTENTS[NAME]; a block of
    CONTENTS that TEXT lacks, or one of TEXT that CONTENTS lacks, is an error."""
    lines = text.split("\n")
    blocks = find_blocks(lines, path)
    missing = sorted(set(contents) - set(blocks))
    if missing:
        raise ReadmeError(f"{path}: no block <!-- generated:{missing[0]} --> ... {END}, "
                          f"which bench/readme-inputs.txt lists")
    unlisted = sorted(set(blocks) - set(contents))
    if unlisted:
        raise ReadmeError(f"{path}: block {unlisted[0]} is not in bench/readme-inputs.txt")
    for name, (begin, end) in sorted(blocks.items(), key=lambda b: -b[1][0]):
        lines[begin + 1:end] = [NOTE, ""] + contents[name]
    return "\n".join(lines)


def ms(s, spread=True):
    """A Stats cell in ms: "median (Q1–Q3)", or the median alone."""
    if not s:
        return "–"
    return f"{s[0] * 1e-6:.1f} ({s[1] * 1e-6:.1f}–{s[2] * 1e-6:.1f})" if spread \
        else f"{s[0] * 1e-6:.1f}"


def speedup_cell(b, f):
    """Ratio base/kernel of the median latencies, or a dash."""
    r = speedup(b, f)
    return f"{r.median:.2f}x" if r else "–"


def by_workload(summary):
    """{workload: {kernel: figures}} in the summary's order, the kernels
    other than base and the limits, and base."""
    rows = {}
    for f in summary["figures"]:
        rows.setdefault(f["workload"], {})[f["kernel"]] = f
    base = summary["base"]
    skip = {base} | set(summary.get("limits", ()))
    return rows, [k.split()[0] for k in summary["kernels"] if k.split()[0] not in skip], base


def source_line(summary, link):
    return [f"From [`{link}`]({link}): {meta_brief(summary['meta'])}.", ""]


def headline(summary, link):
    """Medians only: workload, base and kernel latency, the ratios of
    latency and CPU time, memory back on base and on the kernel, and the
    kernel's latency over each limit's where the run has limits."""
    rows, others, base = by_workload(summary)
    limits = summary.get("limits", [])
    many = len(others) > 1
    kernel = "kernel" if many or not others else others[0]
    head = (f"| workload |{' kernel |' if many else ''} {base} ms | {kernel} ms | ratio | "
            f"CPU ratio | memory back ms, {base} → {kernel} |" +
            "".join(f" ÷ {k} |" for k in limits))
    note = "Medians, ms." + (LIMITS_NOTE if limits else "")
    out = source_line(summary, link) + [note, "", head, rule(head)]
    for w, ks in rows.items():
        b = ks.get(base)
        for k in others or [None]:
            f = ks.get(k)
            back = f"{ms(b and b['back'], False)} → {ms(f and f['back'], False)}"
            out.append(f"| {w} |{f' {k} |' if many else ''} {ms(b and b['lat'], False)} | "
                       f"{ms(f and f['lat'], False)} | {speedup_cell(b, f)} | "
                       f"{ratio_cell(b, f, 'cpu')} | {back} |" +
                       "".join(f" {ratio_cell(ks.get(lk), f, 'lat')} |" for lk in limits))
    return out + [""]


def full(summary, link):
    """Per workload: base's latency, and per other kernel its latency, the
    ratios of latency and CPU time, memory back, the swap-out and swap-in
    throughput ratios where the run measured swap-in, and its latency over
    each limit's where the run has limits."""
    rows, others, base = by_workload(summary)
    limits = summary.get("limits", [])
    inout = any(f.get("in") for f in summary["figures"])
    per = ["free ms", "ratio", "CPU ratio", "memory back ms"] + \
        (["swap-out ratio", "swap-in ratio"] if inout else []) + [f"÷ {k}" for k in limits]
    head = f"| MiB:procs:mode:data:swap[:folio] | {base} free ms |" + "".join(
        f" {k} {p} |" if p.endswith(" ms") else f" {p} |" for k in others for p in per)
    out = source_line(summary, link) + [
        "Medians with interquartile ranges, ms." + (LIMITS_NOTE if limits else ""), "",
        head, rule(head)]
    for w, ks in rows.items():
        b = ks.get(base)
        cells = [w, ms(b and b["lat"])]
        for f in (ks.get(k) for k in others):
            cells += [ms(f and f["lat"]), speedup_cell(b, f), ratio_cell(b, f, "cpu"),
                      ms(f and f["back"])]
            cells += [ratio_cell(b, f, "out"), ratio_cell(b, f, "in")] if inout else []
            cells += [ratio_cell(ks.get(lk), f, "lat") for lk in limits]
        out.append("| " + " | ".join(cells) + " |")
    return out + [""]


def repeat(summary, link, summary_dir, md_dir):
    """A repeat report's runs, table and count line."""
    links = run_links(resolve(summary, summary_dir), md_dir)
    return [f"Repeatability, from [`{link}`]({link}): " + "; ".join(links) + ".", ""] \
        + repeat_table(summary)


def render(entry, root):
    """The lines of ENTRY's block: one part per run directory."""
    md_dir = os.path.dirname(os.path.join(root, entry.file))
    out = []
    for d in entry.dirs:
        path = os.path.join(root, d, SUMMARY)
        if not os.path.exists(path):
            raise ReadmeError(f"{entry.where}: no {SUMMARY} in {d}")
        with open(path) as f:
            summary = json.load(f)
        kind = "repeat" if entry.style == "repeat" else "ab"
        if summary.get("kind", "ab") != kind:
            raise ReadmeError(f"{entry.where}: {d} is not a run for style {entry.style}")
        link = os.path.relpath(os.path.join(root, d, REPORT), md_dir)
        if entry.style == "repeat":
            out += repeat(summary, link, os.path.join(root, d), md_dir)
        else:
            out += (headline if entry.style == "headline" else full)(summary, link)
    return out


def update(root, inputs_path, check=False):
    """Rewrites the blocks that INPUTS_PATH lists, paths relative to ROOT.
    Returns the files whose text changed (with CHECK: would change), and
    writes nothing with CHECK."""
    with open(inputs_path) as f:
        inputs = parse_inputs(f.read(), os.path.relpath(inputs_path, root))
    files = {}
    for entry in inputs:
        files.setdefault(entry.file, {})[entry.block] = render(entry, root)
    changed = {}
    # Every file is read and checked before any is written: an error leaves all as they were.
    for name, contents in files.items():
        path = os.path.join(root, name)
        if not os.path.exists(path):
            raise ReadmeError(f"{name}: no such file, which bench/readme-inputs.txt lists")
        with open(path) as f:
            text = f.read()
        new = replace_blocks(text, contents, name)
        if new != text:
            changed[path] = new
    for path, new in changed.items() if not check else ():
        with open(path, "w") as f:
            f.write(new)
    return [os.path.relpath(path, root) for path in changed]
