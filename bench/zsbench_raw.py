"""The raw output the benchmark runners keep, read back: workloads, the
counted runs of each kernel and workload, and a run directory's meta lines.

A run directory (bench/results/<date>-<name>/) holds raw/ with meta.txt,
kernels.txt ("NAME SHA SUBJECT" per kernel) and KERNEL-bootN.txt per boot;
a record's raw/ holds a meta.txt and one such directory per part instead."""
import collections
import dataclasses
import glob
import os
import re
import sys

KV = re.compile(r"(\w+)=(\S+)")
WORKLOAD = re.compile(r"(\d+):(\d+):(munmap|exit):(words|mixed):(zram|zswap)(?::(\d+k))?")
BOOT = re.compile(r"-boot\d+\.txt$")
# A measurement reference (bench/limits/NAME.patch) says so in its guest's
# output; its zram slots leak, so its memory back and held memory measure
# nothing.
LEAKS = "# kernel: leaks "
LEAKED = ("mem_back_ns", "held_bytes")


class RawError(Exception):
    """Raw output that cannot be read as a run."""


@dataclasses.dataclass(frozen=True)
class Workload:
    """One cell of the workload grid, written MiB:procs:mode:data:swap[:folio]
    in the raw output (the folio size only when it is not 4k)."""
    size_mib: int
    procs: int
    mode: str
    data: str
    swap: str
    folio: str = "4k"

    @classmethod
    def parse(cls, text):
        m = WORKLOAD.fullmatch(text.strip())
        if not m:
            raise ValueError(f"not MiB:procs:mode:data:swap[:folio]: {text!r}")
        return cls.from_match(m)

    @classmethod
    def from_match(cls, m):
        size, procs, mode, data, swap, folio = m.groups()
        return cls(int(size), int(procs), mode, data, swap, folio or "4k")

    def __str__(self):
        text = f"{self.size_mib}:{self.procs}:{self.mode}:{self.data}:{self.swap}"
        return text if self.folio == "4k" else f"{text}:{self.folio}"

    def sort_key(self):
        """The order of the reports: swap, folio, data, mode, procs, size."""
        return (self.swap, self.folio, self.data, self.mode, self.procs, self.size_mib)

    def series(self):
        """Everything but the size: the workloads one line of a plot joins."""
        return self.sort_key()[:5]


@dataclasses.dataclass
class Samples:
    """The counted lines of one kernel and workload."""
    proc: list = dataclasses.field(default_factory=list)
    run: list = dataclasses.field(default_factory=list)
    folios: list = dataclasses.field(default_factory=list)
    freeq: list = dataclasses.field(default_factory=list)
    skip: list = dataclasses.field(default_factory=list)
    leaks: bool = False


@dataclasses.dataclass
class Run:
    """data: {(kernel, Workload): Samples}; order: kernels in boot order;
    meta: meta.txt's lines; kernels: kernels.txt's lines."""
    data: dict
    order: list
    meta: list
    kernels: list

    def only(self, keep):
        """The run restricted to the kernels named in KEEP."""
        return Run({key: s for key, s in self.data.items() if key[0] in keep},
                   [k for k in self.order if k in keep], self.meta,
                   [k for k in self.kernels if k.split()[0] in keep])

    def base(self):
        return "base" if "base" in self.order else self.order[0]

    def workloads(self):
        return sorted({w for _, w in self.data}, key=Workload.sort_key)

    def limits(self):
        """The run's kernels whose guests said they leak, in boot order."""
        leaky = {k for (k, _), s in self.data.items() if s.leaks}
        return [k for k in self.order if k in leaky]


def read_lines(path):
    with open(path) as f:
        return f.read().strip().splitlines()


def boot_files(raw):
    """[(kernel, path)] of RAW's KERNEL-bootN.txt files, by file name."""
    paths = sorted(glob.glob(os.path.join(raw, "*-boot*.txt")))
    return [(BOOT.sub("", os.path.basename(p)), p) for p in paths]


def kernel_order(files):
    order = []
    for kernel, _ in files:
        if kernel not in order:
            order.append(kernel)
    return order


def parse_boot(lines, kernel, data):
    """Adds the counted lines of one boot's output to DATA; a limit's
    memory back and held memory, which measure nothing, are left out."""
    workload = None
    leaks = False
    for line in lines:
        if line.startswith("# workload="):
            text = line.split("=", 1)[1].strip()
            m = WORKLOAD.match(text)
            if not m:
                raise RawError(f"{kernel}: not a workload: {line!r}")
            # The kernel's console output can land inside the guest's line.
            if m.end() < len(text):
                sys.stderr.write(f"zsbench: {kernel}: ignored after the workload: "
                                 f"{text[m.end():]!r}\n")
            workload = Workload.from_match(m)
        elif line.startswith(LEAKS):
            leaks = True
        elif line.startswith(("# folios=", "# freeq=", "# workload_skip=")):
            kind = {"# folios=": "folios", "# freeq=": "freeq"}.get(line[:line.index("=") + 1],
                                                                  "skip")
            getattr(data[(kernel, workload)], kind).append(line.split("=", 1)[1].strip())
        elif workload and line.startswith(("# proc=", "# run=")):
            fields = dict(KV.findall(line))
            if fields.get("counted") == "1":
                samples = data[(kernel, workload)]
                samples.leaks |= leaks
                for key in LEAKED if leaks else ():
                    fields.pop(key, None)
                kind = "proc" if line.startswith("# proc=") else "run"
                getattr(samples, kind).append(fields)


def parse_run(raw):
    """({(kernel, Workload): Samples}, kernels in boot order) of one run."""
    data = collections.defaultdict(Samples)
    files = boot_files(raw)
    for kernel, path in files:
        with open(path) as f:
            parse_boot(f, kernel, data)
    return dict(data), kernel_order(files)


def parts_of(raw):
    """A record's part directories, in the order of their names."""
    return sorted(os.path.dirname(m) for m in glob.glob(os.path.join(raw, "*", "meta.txt")))


def merge_part(run, part):
    """Adds one part of a record to RUN, with a "part NAME: command" meta
    line; a workload a kernel ran in an earlier part, or a kernel built
    from other sources than in an earlier part, is an error."""
    data, order = parse_run(part)
    twice = sorted(set(data) & set(run.data), key=lambda k: (k[0], k[1].sort_key()))
    if twice:
        raise RawError(f"{part}: {twice[0][0]} ran {twice[0][1]} in an earlier part too")
    run.data.update(data)
    run.order += [k for k in order if k not in run.order]
    for line in read_lines(os.path.join(part, "kernels.txt")):
        same = [k for k in run.kernels if k.split()[0] == line.split()[0]]
        if same and same[0] != line:
            raise RawError(f"{part}: kernel {line.split()[0]} is not the one earlier parts ran")
        if not same:
            run.kernels.append(line)
    command = next(m for m in read_lines(os.path.join(part, "meta.txt"))
                   if m.startswith("command: "))
    run.meta.append(f"part {os.path.basename(part)}: {command.split(': ', 1)[1]}")


def load_run(raw):
    """The Run of RAW: one run, or a record's parts merged."""
    meta = read_lines(os.path.join(raw, "meta.txt"))
    parts = parts_of(raw)
    if not parts:
        data, order = parse_run(raw)
        return Run(data, order, meta, read_lines(os.path.join(raw, "kernels.txt")))
    run = Run({}, [], meta, [])
    for part in parts:
        merge_part(run, part)
    return run


def meta_value(meta, key):
    """The value of META's "KEY: value" line, or None."""
    return next((m.split(": ", 1)[1] for m in meta if m.startswith(key + ": ")), None)


def guest_vcpus(meta):
    """The guest's vCPUs from the "guest: N vCPUs, ..." meta line, or 0."""
    guest = meta_value(meta, "guest")
    return int(guest.split()[0]) if guest else 0


def meta_brief(meta):
    """The command and date lines of META, joined: what names a run."""
    return "; ".join(m for m in meta if m.startswith(("command", "date")))
