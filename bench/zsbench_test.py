#!/usr/bin/python3
"""Unit tests of bench/zsbench.py: python3 bench/zsbench_test.py, or
python3 -m unittest from bench/.  The fixtures in bench/testdata/ are real
raw output, trimmed: record/ two parts of the 2026-11-30 record (256 MiB
munmap and 64 MiB exit with 64 KiB mTHP, runs 1 and 2), 2026-11-22-fast-*
two fast runs (256 MiB, one process), microbench/ and pressure/."""
import collections
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import zsbench  # noqa: E402
import zsbench_micro  # noqa: E402
import zsbench_pressure  # noqa: E402
import zsbench_readme  # noqa: E402
import zsbench_repeat  # noqa: E402
import zsbench_raw  # noqa: E402
import zsbench_report  # noqa: E402
from zsbench_raw import RawError, Samples, Workload, load_run, parse_boot, parse_run  # noqa: E402
from zsbench_stats import Stats, cost, figures, fmt, folio_counts, speedup, stats  # noqa: E402

DATA = os.path.join(HERE, "testdata")
W256 = Workload(256, 1, "munmap", "words", "zram")
W64K = Workload(64, 1, "exit", "mixed", "zram", "64k")
# Free latency of 256:1:munmap:words:zram in the record fixture, ns.
BASE_LAT = [27872788, 29058856, 35017727, 30411991]
SERIES_LAT = [18493584, 19759126, 17355180, 18276210]


def parsed(lines, kernel):
    """The samples parse_boot makes of one boot's LINES."""
    store = collections.defaultdict(Samples)
    parse_boot(lines, kernel, store)
    return store


class TempDir(unittest.TestCase):
    """A test with a temporary directory, and fixtures copied into it."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="zsbench-test-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def fixture(self, name, as_name=None):
        dest = os.path.join(self.tmp, as_name or name)
        shutil.copytree(os.path.join(DATA, name), dest)
        return dest

    def read(self, *path):
        with open(os.path.join(self.tmp, *path)) as f:
            return f.read()


class WorkloadTest(unittest.TestCase):
    def test_round_trip(self):
        for text in ("256:1:munmap:words:zram", "64:4:exit:mixed:zswap:64k"):
            self.assertEqual(str(Workload.parse(text)), text)

    def test_fields(self):
        self.assertEqual(Workload.parse("64:1:exit:mixed:zram:64k"), W64K)
        self.assertEqual(Workload.parse("256:1:munmap:words:zram").folio, "4k")
        self.assertEqual(str(Workload.parse("256:1:munmap:words:zram:4k")),
                         "256:1:munmap:words:zram")

    def test_bad(self):
        for text in ("256:1:munmap:words", "a:1:munmap:words:zram", "1:2:3:4:5:6:7",
                     "64:1:exit:mixed:zramzswap: loaded using pool lzo", "64:1:free:words:zram"):
            with self.assertRaises(ValueError):
                Workload.parse(text)

    def test_order(self):
        texts = ["64:1:exit:mixed:zram:64k", "512:1:munmap:words:zram", "64:4:exit:mixed:zram",
                 "64:1:munmap:words:zram", "64:1:exit:mixed:zswap", "64:1:exit:mixed:zram"]
        got = [str(w) for w in sorted(map(Workload.parse, texts), key=Workload.sort_key)]
        self.assertEqual(got, ["64:1:exit:mixed:zram", "64:4:exit:mixed:zram",
                               "64:1:munmap:words:zram", "512:1:munmap:words:zram",
                               "64:1:exit:mixed:zram:64k", "64:1:exit:mixed:zswap"])


class ParseTest(unittest.TestCase):
    def test_boot_lines(self):
        lines = ["# workload=64:1:exit:mixed:zram:64k",
                 "# proc=0 run=-1 counted=0 latency_ns=5",
                 "# proc=0 run=1 counted=1 latency_ns=7",
                 "# run=1 counted=1 cpu_ns=9",
                 "ok 1 run 1",
                 "# workload=64:4:exit:mixed:zram:64k",
                 "# workload_skip=64:4:exit:mixed:zram:64k no 64kB multi-size THP"]
        store = parsed(lines, "base")
        first, skipped = store[("base", W64K)], store[("base", Workload(64, 4, "exit", "mixed",
                                                                       "zram", "64k"))]
        self.assertEqual([p["latency_ns"] for p in first.proc], ["7"])
        self.assertEqual([r["cpu_ns"] for r in first.run], ["9"])
        self.assertEqual(skipped.skip, ["64:4:exit:mixed:zram:64k no 64kB multi-size THP"])
        self.assertEqual(skipped.run, [])

    def test_console_inside_line(self):
        lines = ["# workload=64:1:exit:mixed:zramzswap: loaded using pool lzo",
                 "# run=1 counted=1 cpu_ns=9"]
        store = collections.defaultdict(Samples)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            parse_boot(lines, "series", store)
        w = Workload(64, 1, "exit", "mixed", "zram")
        self.assertEqual([r["cpu_ns"] for r in store[("series", w)].run], ["9"])
        self.assertIn("'zswap: loaded using pool lzo'", err.getvalue())
        with self.assertRaises(RawError):
            parse_boot(["# workload=garbage"], "series", store)

    def test_run(self):
        data, order = parse_run(os.path.join(DATA, "record", "raw", "1-munmap"))
        self.assertEqual(order, ["base", "series"])
        self.assertEqual(sorted(data), [("base", W256), ("series", W256)])
        self.assertEqual(sorted(int(p["latency_ns"]) for p in data[("base", W256)].proc),
                         sorted(BASE_LAT))
        self.assertEqual(len(data[("series", W256)].run), 4)

    def test_record(self):
        run = load_run(os.path.join(DATA, "record", "raw"))
        self.assertEqual(run.workloads(), [W256, W64K])
        self.assertEqual(run.base(), "base")
        self.assertEqual(len(run.kernels), 2)
        self.assertEqual(run.meta[-2:], [
            "part 1-munmap: bench.sh KERNELS='base series' BOOTS=2 RUNS=5 SIZES='256' "
            "PROCS='1 2' MODES='munmap' DATA='words' SWAP='zram' FOLIOS='4k'",
            "part 3-exit: bench.sh KERNELS='base series' BOOTS=2 RUNS=5 SIZES='64' "
            "PROCS='1 4' MODES='exit' DATA='mixed' SWAP='zram zswap' FOLIOS='4k 64k'"])
        self.assertEqual(run.only(["base"]).order, ["base"])


class RecordErrorTest(TempDir):
    def test_workload_twice(self):
        raw = os.path.join(self.fixture("record"), "raw")
        shutil.copytree(os.path.join(raw, "1-munmap"), os.path.join(raw, "2-again"))
        with self.assertRaisesRegex(RawError, "2-again: base ran 256:1:munmap:words:zram"):
            load_run(raw)

    def test_other_kernel(self):
        raw = os.path.join(self.fixture("record"), "raw")
        with open(os.path.join(raw, "3-exit", "kernels.txt"), "w") as f:
            f.write("series 0000 another build\n")
        with self.assertRaisesRegex(RawError, "kernel series is not the one"):
            load_run(raw)


class StatsTest(unittest.TestCase):
    def test_quartiles(self):
        # Inclusive quartiles of four values: a + 3/4 (b - a), (b + c) / 2, c + 1/4 (d - c).
        self.assertEqual(stats([4, None, 1, 3, 2]), Stats(2.5, 1.75, 3.25, 4))
        self.assertEqual(stats([7]), Stats(7, 7, 7, 1))
        self.assertIsNone(stats([None]))

    def test_fmt(self):
        self.assertEqual(fmt(stats(BASE_LAT), 1e-6, 1), "29.7 [28.8–31.6]")
        self.assertEqual(fmt(stats(SERIES_LAT), 1e-6, 1), "18.4 [18.0–18.8]")
        self.assertEqual(fmt(None), "–")

    def test_ratios(self):
        b, f = {"lat": stats(BASE_LAT), "cpu": Stats(10, 8, 12, 4)}, \
            {"lat": stats(SERIES_LAT), "cpu": Stats(15, 12, 18, 4)}
        self.assertEqual(speedup(b, f).cell("x"), "1.62x [1.53–1.75]")
        self.assertEqual(tuple(cost(b, f)), (1.5, 1.0, 2.25))
        self.assertIsNone(cost(b, {"cpu": None}))
        self.assertIsNone(cost({"cpu": Stats(0, 0, 0, 1)}, f))
        self.assertIsNone(speedup(None, f))

    def test_figures(self):
        samples = Samples(proc=[{"latency_ns": "10", "swapin_mib_s": "0"},
                                {"latency_ns": "-1", "swapin_mib_s": "5"}],
                          run=[{"cpu_ns": "3"}])
        f = figures(samples)
        self.assertEqual(f["lat"], Stats(10, 10, 10, 1))
        self.assertEqual(f["in"], Stats(5, 5, 5, 1))
        self.assertIsNone(f["back"])
        self.assertEqual(f["runs"], 1)

    def test_folio_counts(self):
        c = folio_counts(["x when=before swpout=2 split=-1", "x when=after swpout=10 split=3",
                          "x when=before swpout=10", "x when=after swpout=11"])
        self.assertEqual(c, {"swpout": 9})


class FreeqTest(unittest.TestCase):
    def test_freeq_lines(self):
        lines = ["# workload=256:1:munmap:words:zram",
                 "# freeq=256:1:munmap:words:zram when=before pushed=10 drained=10 "
                 "fallbacks=0 drain_us=1 refill_failures=0 miss_free=0",
                 "# freeq=256:1:munmap:words:zram when=after pushed=4010 drained=3010 "
                 "fallbacks=1000 drain_us=7 refill_failures=2 miss_free=0",
                 "# workload=64:1:exit:mixed:zram",
                 "# freeq=64:1:exit:mixed:zram when=before miss_free=0",
                 "# freeq=64:1:exit:mixed:zram when=after miss_free=0"]
        store = parsed(lines, "series")
        self.assertEqual(len(store[("series", W256)].freeq), 2)
        self.assertEqual(store[("series", W256)].skip, [])
        run = zsbench_raw.Run(dict(store), ["series"], [], [])
        table = zsbench_report.freeq_table(run)
        # 1000 of 5000 frees at once; 6 us of drain for 3000 records.
        self.assertIn("| 256:1:munmap:words:zram | series | 4000 | 3000 | 1000 | 20.0 | 2 | "
                      "0 | 0 | 0 | 2 | – | 0 |", table)
        # A kernel that counts the records freed in zspages released whole.
        lines[1] += " whole_objs=5"
        lines[2] += " whole_objs=45"
        store = parsed(lines, "series")
        table = zsbench_report.freeq_table(zsbench_raw.Run(dict(store), ["series"], [], []))
        self.assertIn("| 2 | 40 | 0 |", table[-2])
        # A kernel without free queues (only miss_free) has no row.
        self.assertFalse(any("64:1:exit" in line for line in table))

    def test_zswap_counters(self):
        w = "64:1:exit:mixed:zswap"
        lines = [f"# workload={w}",
                 f"# freeq={w} when=before miss_free=0 zswap_limit_hits=1 "
                 "zswap_rejects=5 zswap_written_back=0",
                 f"# freeq={w} when=after miss_free=0 zswap_limit_hits=3 "
                 "zswap_rejects=105 zswap_written_back=0",
                 "# workload=256:1:munmap:words:zram",
                 "# freeq=256:1:munmap:words:zram when=before miss_free=0 zswap_limit_hits=3",
                 "# freeq=256:1:munmap:words:zram when=after miss_free=0 zswap_limit_hits=3"]
        store = parsed(lines, "lock-only")
        table = zsbench_report.zswap_table(zsbench_raw.Run(dict(store), ["lock-only"], [], []))
        self.assertIn(f"| {w} | lock-only | 2 | 100 | 0 |", table)
        # Raw files of 2026-12-02 call the sum zswap_refused.
        store = parsed([line.replace("_rejects", "_refused") for line in lines], "lock-only")
        self.assertEqual(zsbench_report.zswap_table(
            zsbench_raw.Run(dict(store), ["lock-only"], [], [])), table)
        # Only zswap workloads have a row.
        self.assertFalse(any("zram |" in line for line in table))
        store = parsed(lines[:1] + [line.split(" miss_free")[0] + " miss_free=0"
                                    for line in lines[1:3]], "base")
        self.assertEqual(zsbench_report.zswap_table(
            zsbench_raw.Run(dict(store), ["base"], [], [])), [])

    def test_no_freeq(self):
        run = zsbench_raw.Run({("base", W256): Samples()}, ["base"], [], [])
        self.assertEqual(zsbench_report.freeq_table(run), [])


class ReportTest(TempDir):
    def test_report(self):
        rundir = self.fixture("record")
        zsbench_report.write_report(rundir, plots=False)
        report = self.read("record", "report.md")
        self.assertIn("from the raw output in [`raw`](raw)", report)
        self.assertIn("| 256:1:munmap:words:zram | series | 4 | 18.4 [18.0–18.8] | ", report)
        self.assertIn(" | 1.62x [1.53–1.75] | 41.7 [", report)
        self.assertIn("| 64:1:exit:mixed:zram:64k | base | 6144 | 0 | 6144 | 0 | 0 | 0 | 0 | 0 |",
                      report)
        self.assertNotIn("oversubscribed)", report)
        summary = json.loads(self.read("record", "summary.json"))
        self.assertEqual(summary["base"], "base")
        row = summary["figures"][1]
        self.assertEqual((row["workload"], row["kernel"], row["runs"]),
                         ("256:1:munmap:words:zram", "series", 4))
        self.assertEqual(row["lat"], [18384897.0, 18045952.5, 18809969.5, 4])

    def test_base_only(self):
        rundir = self.fixture("record")
        out = os.path.join(self.tmp, "baseline")
        zsbench_report.write_report(rundir, out, ["base"], plots=False)
        report = self.read("baseline", "report.md")
        self.assertIn("# Benchmark: baseline", report)
        self.assertIn("[`../record/raw`](../record/raw)", report)
        self.assertNotIn("| series |", report)
        self.assertNotIn("- kernel series", report)
        self.assertFalse(os.path.exists(os.path.join(rundir, "report.md")))

    def limit_fixture(self):
        """The record fixture with a lock-only limit in its 256 MiB part:
        latency 10 ms, CPU 12 ms, and memory back and held figures that the
        parser must drop."""
        rundir = self.fixture("record")
        part = os.path.join(rundir, "raw", "1-munmap")
        with open(os.path.join(part, "lock-only-boot1.txt"), "w") as f:
            f.write("# kernel: leaks zram slots and zswap entries on purpose (a limit): no zram figures, no memory back\n"
                    "# workload=256:1:munmap:words:zram\n" + "".join(
                f"# proc=0 run={i} counted=1 latency_ns=10000000\n"
                f"# run={i} counted=1 cpu_ns=12000000 mem_back_ns=11000000 held_bytes=5\n"
                for i in (1, 2)))
        with open(os.path.join(part, "kernels.txt"), "a") as f:
            f.write("lock-only 8304dd5f7c95409a6c900336d8ac6dc27007c637 linux-source-7.3 "
                    "7.3.4-1~bpo13+1 (Debian) + bench/limits/lock-only.patch\n")
        return rundir

    def test_limits(self):
        rundir = self.limit_fixture()
        run = load_run(os.path.join(rundir, "raw"))
        self.assertEqual(run.limits(), ["lock-only"])
        # The guest's line decides, not the kernel's name.
        os.rename(os.path.join(rundir, "raw", "1-munmap", "lock-only-boot1.txt"),
                  os.path.join(rundir, "raw", "1-munmap", "toy-boot1.txt"))
        self.assertEqual(load_run(os.path.join(rundir, "raw", "1-munmap")).limits(), ["toy"])
        os.rename(os.path.join(rundir, "raw", "1-munmap", "toy-boot1.txt"),
                  os.path.join(rundir, "raw", "1-munmap", "lock-only-boot1.txt"))
        lim = figures(run.data[("lock-only", W256)])
        self.assertEqual((lim["back"], lim["held"], lim["cpu"][0]), (None, None, 12000000))
        zsbench_report.write_report(rundir, plots=False)
        report = self.read("record", "report.md").splitlines()
        head = report.index("| workload | kernel | free latency ms | ÷ lock-only | CPU ms | "
                            "CPU ÷ lock-only |")
        rows = report[head + 2:report.index("", head)]
        self.assertEqual([r.split(" | ")[:2] for r in rows],
                         [["| 256:1:munmap:words:zram", "base"],
                          ["| 256:1:munmap:words:zram", "series"]])
        self.assertTrue(rows[1].startswith("| 256:1:munmap:words:zram | series | "
                                           "18.4 [18.0–18.8] | 1.84 [1.80–1.88] | "))
        self.assertIn("| 256:1:munmap:words:zram | lock-only | 2 | 10.0 [10.0–10.0] | ",
                      "\n".join(report))
        summary = json.loads(self.read("record", "summary.json"))
        self.assertEqual(summary["limits"], ["lock-only"])
        lines = zsbench_readme.headline(summary, "report.md")
        self.assertIn("| workload | base ms | series ms | ratio | CPU ratio | "
                      "memory back ms, base → series | ÷ lock-only |", lines)
        self.assertRegex("\n".join(lines), r"\| 256:1:munmap:words:zram \| 29\.7 \| 18\.4 \| "
                         r"1\.62x \| 1\.24 \| [\d.]+ → [\d.]+ \| 1\.84 \|")
        self.assertRegex("\n".join(lines), r"\| 64:1:exit:mixed:zram:64k \|.* \| – \|")
        self.assertFalse([line for line in lines if "| lock-only |" in line])
        lines = zsbench_readme.full(summary, "report.md")
        self.assertTrue([line for line in lines if line.startswith(
            "| MiB:procs:mode:data:swap[:folio] | base free ms | series free ms |")
            and line.endswith(" swap-in ratio | ÷ lock-only |")])
        self.assertRegex("\n".join(lines), r"\| 256:1:munmap:words:zram \| .* \| 1\.84 \|\n")

    def test_no_runs(self):
        rundir = self.fixture("record")
        with self.assertRaisesRegex(RawError, "no counted runs"):
            zsbench_report.write_report(rundir, only=["nosuch"], plots=False)


class RepeatTest(TempDir):
    def test_repeat(self):
        runs = [self.fixture("2026-11-22-fast-1"), self.fixture("2026-11-22-fast-2")]
        out = os.path.join(self.tmp, "repeat")
        self.assertEqual(zsbench_repeat.write_repeat(out, runs),
                         "2 of 2 ratios repeat within the stated spread.")
        report = self.read("repeat", "report.md")
        # The rows of the real 2026-11-22-fast-repeat report for this workload.
        self.assertIn("| 256:1:munmap:words:zram | series | latency | 3.25 [3.04–3.48] | "
                      "3.32 [3.00–3.59] | yes |", report)
        self.assertIn("| 256:1:munmap:words:zram | series | CPU | 0.65 [0.60–0.69] | "
                      "0.67 [0.61–0.77] | yes |", report)
        self.assertIn("[`2026-11-22-fast-1`](../2026-11-22-fast-1/report.md)", report)

    def test_within(self):
        self.assertTrue(zsbench_repeat.within([(1.0, 0.9, 1.2), (1.1, 0.95, 1.3)]))
        self.assertFalse(zsbench_repeat.within([(1.0, 0.9, 1.05), (1.1, 0.95, 1.3)]))
        # The bounds count as inside.
        self.assertTrue(zsbench_repeat.within([(1.0, 1.0, 1.2), (1.2, 1.0, 1.2)]))


class OtherReportsTest(TempDir):
    def test_microbench(self):
        zsbench_micro.write_microbench(self.fixture("microbench"))
        report = self.read("microbench", "report.md")
        self.assertIn("## mixed: 1 CPU freeing at once (2 boots)", report)
        self.assertIn("| figure | series: median (range) |", report)
        self.assertIn("| zs_free(), ns per object (wall, all CPUs) | 842 (784-899) |", report)
        self.assertIn("| speedup of the frees, blocks ready (x) | 9.22 (9.17-9.27) |", report)
        self.assertIn("## seq: 2 CPUs freeing at once (2 boots)", report)

    def test_microbench_kernels(self):
        """KERNEL-bootN.txt files: a column per kernel, in boot order."""
        rundir = self.fixture("microbench")
        raw = os.path.join(rundir, "raw")
        os.rename(os.path.join(raw, "boot1.txt"), os.path.join(raw, "old-boot1.txt"))
        os.rename(os.path.join(raw, "boot2.txt"), os.path.join(raw, "new-boot1.txt"))
        zsbench_micro.write_microbench(rundir)
        report = self.read("microbench", "report.md")
        self.assertIn("## mixed: 1 CPU freeing at once (1 boots)", report)
        self.assertIn("| figure | new: median (range) | old: median (range) |", report)
        self.assertIn("| zs_free(), ns per object (wall, all CPUs) | 899 (899-899) | "
                      "784 (784-784) |", report)

    def test_pressure(self):
        zsbench_pressure.write_pressure(self.fixture("pressure"))
        report = self.read("pressure", "report.md")
        # Rounds 3 and 5 (on) and 4 and 6 (off): 1 and 2 are the warm-up.
        self.assertIn("| series | on | 2 | 74.6 [74.3–74.8] | 1.007 |", report)
        self.assertIn("| series | off | 2 | 75.1 [75.1–75.1] | – |", report)
        self.assertIn("Every boot's check passed", report)


PAGE = """# Title
<!-- generated:headline -->
stale
<!-- generated:end -->
text
"""


class ReadmeTest(TempDir):
    def test_replace(self):
        new = zsbench_readme.replace_blocks(PAGE, {"headline": ["a", "b"]}, "R.md")
        self.assertEqual(new, "# Title\n<!-- generated:headline -->\n" + zsbench_readme.NOTE
                         + "\n\na\nb\n<!-- generated:end -->\ntext\n")

    def test_missing_block(self):
        with self.assertRaisesRegex(zsbench_readme.ReadmeError,
                                    "R.md: no block <!-- generated:record -->"):
            zsbench_readme.replace_blocks(PAGE, {"headline": [], "record": []}, "R.md")

    def test_unlisted_block(self):
        with self.assertRaisesRegex(zsbench_readme.ReadmeError, "block headline is not in"):
            zsbench_readme.replace_blocks(PAGE, {}, "R.md")

    def test_bad_markers(self):
        for text, error in ((PAGE.replace("<!-- generated:end -->", ""), "has no"),
                            (PAGE + "<!-- generated:end -->\n", "without a block"),
                            (PAGE.replace("stale", "<!-- generated:x -->"), "inside")):
            with self.assertRaisesRegex(zsbench_readme.ReadmeError, error):
                zsbench_readme.replace_blocks(text, {"headline": []}, "R.md")

    def test_inputs(self):
        inputs = zsbench_readme.parse_inputs(
            "# comment\n\nREADME.md headline headline a b  # two runs\n")
        self.assertEqual([(i.file, i.block, i.style, i.dirs) for i in inputs],
                         [("README.md", "headline", "headline", ["a", "b"])])
        for bad in ("README.md headline table a", "README.md headline full",
                    "README.md end full a", "R x full a\nR x full b"):
            with self.assertRaises(zsbench_readme.ReadmeError):
                zsbench_readme.parse_inputs(bad)

    def test_update(self):
        inputs = self.record_page("README.md headline headline bench/results/record\n"
                                  "bench/README.md full full bench/results/record\n"
                                  "bench/README.md repeat repeat bench/results/repeat\n")
        results = os.path.join(self.tmp, "bench", "results")
        fast = [os.path.join(results, n) for n in ("2026-11-22-fast-1", "2026-11-22-fast-2")]
        for d in fast:
            shutil.copytree(os.path.join(DATA, os.path.basename(d)), d)
        zsbench_repeat.write_repeat(os.path.join(results, "repeat"), fast)
        with open(os.path.join(self.tmp, "bench", "README.md"), "w") as f:
            f.write("<!-- generated:full -->\n<!-- generated:end -->\n"
                    "<!-- generated:repeat -->\n<!-- generated:end -->\n")
        self.assertEqual(zsbench_readme.update(self.tmp, inputs, check=True),
                         ["README.md", "bench/README.md"])
        self.assertEqual(self.read("README.md"), PAGE)
        zsbench_readme.update(self.tmp, inputs)
        self.assertEqual(zsbench_readme.update(self.tmp, inputs, check=True), [])
        readme, bench = self.read("README.md"), self.read("bench", "README.md")
        self.assertIn("[`bench/results/record/report.md`](bench/results/record/report.md)", readme)
        self.assertIn("| workload | base ms | series ms | ratio | CPU ratio | "
                      "memory back ms, base → series |", readme)
        self.assertRegex(readme, r"\| 256:1:munmap:words:zram \| 29\.7 \| 18\.4 \| 1\.62x \| "
                         r"1\.24 \| [\d.]+ → [\d.]+ \|")
        self.assertIn("| 256:1:munmap:words:zram | 29.7 (28.8–31.6) | 18.4 (18.0–18.8) | "
                      "1.62x | 1.24 |", bench)
        self.assertIn("[`2026-11-22-fast-1`](results/2026-11-22-fast-1/report.md)", bench)
        self.assertIn("2 of 2 ratios repeat within the stated spread.", bench)

    def record_page(self, inputs_text):
        """The record fixture reported in bench/results/record, README.md
        with PAGE and an input list INPUTS_TEXT; returns the list's path."""
        rundir = self.fixture("record", os.path.join("bench", "results", "record"))
        zsbench_report.write_report(rundir, plots=False)
        with open(os.path.join(self.tmp, "README.md"), "w") as f:
            f.write(PAGE)
        inputs = os.path.join(self.tmp, "inputs.txt")
        with open(inputs, "w") as f:
            f.write(inputs_text)
        return inputs

    def test_update_all_or_nothing(self):
        inputs = self.record_page("README.md headline headline bench/results/record\n"
                                  "bench/README.md full full bench/results/record\n")
        with self.assertRaisesRegex(zsbench_readme.ReadmeError, "bench/README.md: no such file"):
            zsbench_readme.update(self.tmp, inputs)
        self.assertEqual(self.read("README.md"), PAGE)

    def test_update_wrong_style(self):
        inputs = self.record_page("README.md headline repeat bench/results/record\n")
        with self.assertRaisesRegex(zsbench_readme.ReadmeError, "not a run for style repeat"):
            zsbench_readme.update(self.tmp, inputs)


class CliTest(TempDir):
    def test_help(self):
        for command in ([], ["run"], ["record"], ["report"], ["repeat"], ["microbench"],
                        ["pressure"], ["readme"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as done:
                zsbench.main(command + ["--help"])
            self.assertEqual(done.exception.code, 0)
            self.assertIn("usage: zsbench.py", out.getvalue())

    def test_run_env(self):
        with mock.patch("subprocess.call", return_value=0) as call, \
                mock.patch.dict(os.environ, {"SIZES": "1", "KERNELS": "keep"}):
            self.assertEqual(zsbench.main(["run", "--sizes", "64", "128", "--boots", "3",
                                           "--fast", "--name", "x"]), 0)
        (argv,), kwargs = call.call_args
        self.assertEqual(argv, ["sh", os.path.join(HERE, "bench.sh")])
        env = kwargs["env"]
        self.assertEqual((env["SIZES"], env["BOOTS"], env["FAST"], env["NAME"], env["KERNELS"]),
                         ("64 128", "3", "1", "x", "keep"))
        self.assertNotIn("RUNS", env)

    def test_record_env(self):
        with mock.patch("subprocess.call", return_value=0) as call:
            zsbench.main(["record", "--runs", "2"])
        (argv,), kwargs = call.call_args
        self.assertEqual((argv[1], kwargs["env"]["RUNS"]), (os.path.join(HERE, "record.sh"), "2"))

    def test_report_cli(self):
        rundir = self.fixture("record")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(zsbench.main(["report", rundir, "--no-plots"]), 0)
        self.assertTrue(os.path.exists(os.path.join(rundir, "summary.json")))

    def test_error(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(zsbench.main(["report", os.path.join(self.tmp, "none")]), 1)
        self.assertIn("zsbench: ", err.getvalue())


if __name__ == "__main__":
    unittest.main()
