#!/bin/sh
# Boots each kernel of KERNELS (default: series; NAME=REF as in bench.sh)
# in turn, BOOTS times, with only the zs_freeq_bench KUnit suite
# (zs_free() against zs_freeq_push(), one and two CPUs, and the drain's
# cost per record), keeps the raw output in bench/results/NAME/raw/ and
# writes bench/results/NAME/report.md, one column per kernel.
set -eu
. "$(dirname "$0")/lib.sh"

BOOTS=${BOOTS:-3}
KERNELS=${KERNELS:-series}
NAME=${NAME:-$(date +%Y-%m-%d)-microbench}
run=$ROOT/bench/results/$NAME
raw=$run/raw
rm -rf "$raw"
mkdir -p "$raw"

bench_kernels "$raw"
interleaved_boots "$raw" "zs_freeq_bench, 7 rounds per CPU count and mode" 'zs_bench' \
	zsjob=true kunit.enable=1 kunit.filter_glob=zs_freeq_bench
machine_meta "$(basename "$0") KERNELS='$KERNELS' BOOTS=$BOOTS" x86_64 \
	"$(git -C "$TREE" log -1 --format='%h %s')" >"$raw/meta.txt"
/usr/bin/python3 "$ROOT/bench/zsbench.py" microbench "$run"
say "report: bench/results/$NAME/report.md"
