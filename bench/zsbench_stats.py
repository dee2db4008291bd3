"""Medians, quartiles and ratios of the counted runs, and their cells."""
import collections
import statistics
import typing

from zsbench_raw import KV


class Stats(typing.NamedTuple):
    """Median, first and third quartile, and how many values."""
    median: float
    q1: float
    q3: float
    n: int


class Ratio(typing.NamedTuple):
    """A median ratio and the spread a ratio from another run should fall in."""
    median: float
    low: float
    high: float

    def cell(self, suffix=""):
        return f"{self.median:.2f}{suffix} [{self.low:.2f}–{self.high:.2f}]"


# Figures of the samples of a kernel and workload: key, line kind, field.
FIGURES = (("lat", "proc", "latency_ns"), ("nspp", "proc", "ns_per_page"),
           ("cpu", "run", "cpu_ns"), ("back", "run", "mem_back_ns"),
           ("out", "proc", "pageout_mib_s"), ("in", "proc", "swapin_mib_s"),
           ("held", "run", "held_bytes"), ("notify", "run", "notify_free"),
           ("miss", "run", "miss_free"))


def stats(values):
    """Stats of VALUES, None left out; None when nothing is left."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    if len(values) == 1:
        return Stats(values[0], values[0], values[0], 1)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Stats(q2, q1, q3, len(values))


def fmt(s, scale=1.0, digits=1):
    """"median [Q1–Q3]" scaled, or a dash."""
    if s is None:
        return "–"
    return f"{s[0] * scale:.{digits}f} [{s[1] * scale:.{digits}f}–{s[2] * scale:.{digits}f}]"


def number(fields, key, zero_is_none=False):
    """FIELDS[KEY] as a float; None when missing or negative (not measured),
    or zero with ZERO_IS_NONE."""
    if key not in fields or float(fields[key]) < 0:
        return None
    value = float(fields[key])
    return None if zero_is_none and not value else value


def figures(samples):
    """{key: Stats or None} of FIGURES for one kernel and workload, and
    "runs": how many counted runs.  A swap-in rate of 0 was not measured."""
    result = {key: stats(number(f, field, key == "in") for f in getattr(samples, kind))
              for key, kind, field in FIGURES}
    result["runs"] = len(samples.run)
    return result


def speedup(b, f):
    """Latency ratio base/kernel: the median ratio and the ratios of the
    interquartile bounds (base Q1 / kernel Q3, base Q3 / kernel Q1)."""
    if not (b and f and b["lat"] and f["lat"]):
        return None
    (bm, bl, bh, _), (fm, fl, fh, _) = b["lat"], f["lat"]
    return Ratio(bm / fm, bl / fh, bh / fl)


def cost(b, f, key="cpu"):
    """Ratio kernel/base of figure KEY: the median ratio and the ratios of
    the quartiles (kernel Q1 / base Q3, kernel Q3 / base Q1)."""
    if not (b and f and b[key] and f[key] and b[key][0] > 0 and b[key][1] > 0):
        return None
    (bm, bl, bh, _), (fm, fl, fh, _) = b[key], f[key]
    return Ratio(fm / bm, fl / bh, fh / bl)


def ratio_cell(b, f, key):
    """cost()'s median ratio, formatted, or a dash."""
    c = cost(b, f, key)
    return f"{c[0]:.2f}" if c else "–"


def folio_counts(lines):
    """Deltas of the large-folio swap counters over the workload's boots:
    each "when=before" line against the line after it."""
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
