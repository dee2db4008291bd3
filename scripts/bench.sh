#!/bin/sh
# Interleaved A/B benchmark: builds every kernel in KERNELS from the same
# source and config, boots them in turn (A B A B ...) BOOTS times, runs the
# workloads in each boot (the first run after boot is discarded), keeps the
# raw output under bench/results/raw/NAME/ and writes bench/results/NAME.md.
#   KERNELS   names: base = tag base, series = branch series, or NAME=REF
#   BOOTS     boots per kernel (default 2); RUNS measured runs per boot (5)
#   SIZES PROCS MODES DATA SWAP   the workload grid
#   FAST=1    256 MiB, 1 and 2 processes, munmap only, 1 boot of 5 runs
set -eu
. "$(dirname "$0")/lib.sh"

need python3-matplotlib qemu-system-x86
KERNELS=${KERNELS:-base series}
if [ "${FAST:-0}" = 1 ]; then
	: "${SIZES:=256}" "${BOOTS:=1}" "${NAME:=$(date +%Y-%m-%d)-fast}"
fi
SIZES=${SIZES:-64 128 256 512} PROCS=${PROCS:-1 2} MODES=${MODES:-munmap}
DATA=${DATA:-words} SWAP=${SWAP:-zram} BOOTS=${BOOTS:-2} RUNS=${RUNS:-5}
NAME=${NAME:-$(date +%Y-%m-%d)-ab}
raw=$ROOT/bench/results/raw/$NAME
rm -rf "$raw"
mkdir -p "$raw"

workloads=""
for sw in $SWAP; do for d in $DATA; do for m in $MODES; do for p in $PROCS; do for s in $SIZES; do
	workloads="$workloads,$s:$p:$m:$d:$sw"
done; done; done; done; done

export VM_TIMEOUT=${VM_TIMEOUT:-3600}
bench_kernels "$raw"
interleaved_boots "$raw" "$(echo "$workloads" | tr ',' '\n' | grep -c .) workloads x $((RUNS + 1)) runs" \
	'workload=|run=|proc=' zsjob=bench "zsargs=r$RUNS$workloads"

{
	machine_meta "$(basename "$0") KERNELS='$KERNELS' BOOTS=$BOOTS RUNS=$RUNS SIZES='$SIZES' PROCS='$PROCS' MODES='$MODES' DATA='$DATA' SWAP='$SWAP'" \
		"" "zram 3G lzo-rle"
	echo "config: tinyconfig + config/guest.config + config/x86_64.config (fragment md5 $(cut -d- -f1 "$BUILD/obj/$(echo "$KERNELS" | cut -d' ' -f1 | cut -d= -f1)/.fragments"))"
} >"$raw/meta.txt"
/usr/bin/python3 "$ROOT/scripts/bench-report.py" "$raw" "$ROOT/bench/results/$NAME.md"
say "report: bench/results/$NAME.md"
