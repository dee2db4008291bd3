#!/usr/bin/python3
"""zsbench.py: the benchmark side of the harness in one tool.

  run         an interleaved A/B run (bench/bench.sh), options as its variables
  record      the record run (bench/record.sh)
  report      report.md, summary.json and plots of an A/B run directory
  repeat      whether the ratios of several runs repeat within their spread
  microbench  the report of a zs_freeq_bench run (bench/microbench.sh)
  pressure    the report of a pressure run (bench/pressure.sh)
  readme      the generated blocks of README.md and bench/README.md

A run directory is bench/results/<date>-<name>/: report.md, summary.json,
the plots and raw/ (the guest's output)."""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import zsbench_micro  # noqa: E402
import zsbench_pressure  # noqa: E402
import zsbench_readme  # noqa: E402
import zsbench_repeat  # noqa: E402
import zsbench_report  # noqa: E402
from zsbench_raw import RawError  # noqa: E402

ROOT = os.path.dirname(HERE)
# run's options: option, bench.sh variable, whether it takes a list.
RUN_VARS = (("kernels", "KERNELS", True), ("sizes", "SIZES", True), ("procs", "PROCS", True),
            ("modes", "MODES", True), ("data", "DATA", True), ("swap", "SWAP", True),
            ("folios", "FOLIOS", True), ("boots", "BOOTS", False), ("runs", "RUNS", False),
            ("name", "NAME", False))


def runner_env(args, names, env=None):
    """ENV (default os.environ) with the variables of NAMES (option names of
    RUN_VARS) that ARGS sets, lists joined by spaces, and FAST=1 for --fast."""
    env = dict(os.environ if env is None else env)
    for option, var, many in RUN_VARS:
        value = getattr(args, option, None)
        if option in names and value is not None:
            env[var] = " ".join(value) if many else str(value)
    if getattr(args, "fast", False):
        env["FAST"] = "1"
    return env


def run_script(script, env):
    return subprocess.call(["sh", os.path.join(HERE, script)], env=env)


def cmd_run(args):
    return run_script("bench.sh", runner_env(args, [o for o, _, _ in RUN_VARS]))


def cmd_record(args):
    return run_script("record.sh", runner_env(args, ("boots", "runs", "name")))


def cmd_report(args):
    if args.base_only:
        print(zsbench_report.write_report(args.rundir, args.base_only, ["base"],
                                          not args.no_plots))
    else:
        print(zsbench_report.write_report(args.rundir, plots=not args.no_plots))
    return 0


def cmd_repeat(args):
    print(zsbench_repeat.write_repeat(args.out, args.rundirs))
    return 0


def cmd_microbench(args):
    print(zsbench_micro.write_microbench(args.rundir))
    return 0


def cmd_pressure(args):
    print(zsbench_pressure.write_pressure(args.rundir))
    return 0


def cmd_readme(args):
    changed = zsbench_readme.update(args.root, args.inputs, args.check)
    for name in changed:
        print(f"{name}: {'out of date' if args.check else 'rewritten'}")
    return 1 if args.check and changed else 0


def add_run(sub):
    p = sub.add_parser("run", help="an interleaved A/B run (bench/bench.sh)",
                       description="Runs bench/bench.sh with the variables these options "
                       "set (unset: bench.sh's defaults); it builds and boots every kernel "
                       "and writes bench/results/NAME/.")
    p.add_argument("--kernels", nargs="+", metavar="K",
                   help="base, series, or NAME=REF (a commit of build/linux)")
    for option, help_text in (("sizes", "MiB per process"), ("procs", "process counts"),
                              ("modes", "munmap, exit"), ("data", "words, mixed"),
                              ("swap", "zram, zswap"), ("folios", "4k, or an mTHP size: 64k")):
        p.add_argument("--" + option, nargs="+", metavar="V", help=help_text)
    add_counts(p)
    p.add_argument("--fast", action="store_true",
                   help="FAST=1: base and series, 256 MiB, 1 and 2 processes, 2 boots of 3 runs")
    p.set_defaults(func=cmd_run)


def add_counts(p):
    p.add_argument("--boots", type=int, help="boots per kernel")
    p.add_argument("--runs", type=int, help="counted runs per boot")
    p.add_argument("--name", help="the run's name, bench/results/NAME/ (default <date>-ab, "
                   "<date>-record)")


def add_reports(sub):
    p = sub.add_parser("report", help="report.md, summary.json and plots of an A/B run",
                       description="Reads RUNDIR/raw (meta.txt, kernels.txt, "
                       "KERNEL-bootN.txt, or one such directory per part of a record) "
                       "and writes RUNDIR/report.md, summary.json and the PNG plots.")
    p.add_argument("rundir")
    p.add_argument("--base-only", metavar="OUT",
                   help="the base kernel alone, written to directory OUT instead")
    p.add_argument("--no-plots", action="store_true", help="leave the plots out")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("repeat", help="do the ratios of several runs repeat?",
                       description="Writes OUT/report.md and OUT/summary.json: the ratios "
                       "to base of every RUNDIR side by side, and whether each lies within "
                       "the spread every other run states.")
    p.add_argument("out")
    p.add_argument("rundirs", nargs="+", metavar="RUNDIR")
    p.set_defaults(func=cmd_repeat)
    for name, func, what in (("microbench", cmd_microbench, "bench/microbench.sh"),
                             ("pressure", cmd_pressure, "bench/pressure.sh")):
        p = sub.add_parser(name, help=f"the report of a {what} run",
                           description=f"Writes RUNDIR/report.md from RUNDIR/raw, "
                           f"the output {what} keeps.")
        p.add_argument("rundir")
        p.set_defaults(func=func)


def add_readme(sub):
    p = sub.add_parser("readme", help="rewrite the generated blocks of the READMEs",
                       description="Rewrites every <!-- generated:NAME --> ... "
                       "<!-- generated:end --> block of the files INPUTS lists, from the "
                       "summary.json of the runs it lists for the block.")
    p.add_argument("--inputs", default=os.path.join(HERE, "readme-inputs.txt"),
                   help="the input list (default bench/readme-inputs.txt)")
    p.add_argument("--root", default=ROOT,
                   help="the directory the paths in INPUTS are relative to (default: the "
                   "repository)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when a block is out of date")
    p.set_defaults(func=cmd_readme)


def parser():
    p = argparse.ArgumentParser(prog="zsbench.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_run(sub)
    p_record = sub.add_parser("record", help="the record run (bench/record.sh)",
                              description="Runs bench/record.sh: three interleaved grids "
                              "against base, one report in bench/results/NAME/.")
    add_counts(p_record)
    p_record.set_defaults(func=cmd_record)
    add_reports(sub)
    add_readme(sub)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (RawError, zsbench_readme.ReadmeError, OSError) as e:
        print(f"zsbench: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
