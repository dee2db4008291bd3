#!/bin/sh
# Interleaved A/B benchmark: builds every kernel in KERNELS from the same
# source and config, boots them in turn (A B A B ...) BOOTS times, runs the
# workloads in each boot (the first run after boot is discarded), keeps the
# raw output under bench/results/NAME/raw/ and writes bench/results/NAME/
# report.md (bench/zsbench.py report).  bench/zsbench.py run sets these:
#   KERNELS   names: base = tag base, series = branch series, or NAME=REF
#             (a commit of build/linux, such as series~2); default: base series
#   BOOTS     boots per kernel (default 2); RUNS measured runs per boot (5)
#   SIZES PROCS MODES DATA SWAP FOLIOS   the workload grid (default: all)
#   FAST=1    base and series, 256 MiB, 1 and 2 processes, munmap, zram,
#             4 KiB pages, 2 boots of 3 runs (two boots, because runs
#             cluster by boot and one boot would hide that from the spread)
#   RAW       where the raw output goes (default bench/results/NAME/raw)
#   REPORT    empty: no report (default: bench/results/NAME/report.md)
set -eu
. "$(dirname "$0")/lib.sh"

need python3-matplotlib
if [ "${FAST:-0}" = 1 ]; then
	: "${KERNELS:=base series}" "${SIZES:=256}" "${PROCS:=1 2}" "${MODES:=munmap}" \
		"${DATA:=words}" "${SWAP:=zram}" "${FOLIOS:=4k}" "${BOOTS:=2}" "${RUNS:=3}" \
		"${NAME:=$(date +%Y-%m-%d)-fast}"
fi
KERNELS=${KERNELS:-base series}
SIZES=${SIZES:-64 128 256 512} PROCS=${PROCS:-1 2 4} MODES=${MODES:-munmap exit}
DATA=${DATA:-words mixed} SWAP=${SWAP:-zram zswap} FOLIOS=${FOLIOS:-4k 64k}
BOOTS=${BOOTS:-2} RUNS=${RUNS:-5}
NAME=${NAME:-$(date +%Y-%m-%d)-ab}
run=$ROOT/bench/results/$NAME
raw=${RAW:-$run/raw}
rm -rf "$raw"
mkdir -p "$raw"

# "1 2 4" -> "1+2+4": commas separate the job's arguments.
plus() { echo "$1" | tr ' ' +; }
n=$(($(echo "$SIZES" | wc -w) * $(echo "$PROCS" | wc -w) * $(echo "$MODES" | wc -w) *
	$(echo "$DATA" | wc -w) * $(echo "$SWAP" | wc -w) * $(echo "$FOLIOS" | wc -w)))
# A boot's limit: 0.2 s per MiB filled, paged out, read back and freed,
# five times the 0.04 s that TCG took on this machine.
mib=0
for s in $SIZES; do for p in $PROCS; do mib=$((mib + s * p)); done; done
mib=$((mib * n * (RUNS + 1) / $(echo "$SIZES" | wc -w) / $(echo "$PROCS" | wc -w)))
export VM_TIMEOUT="${VM_TIMEOUT:-$((600 + mib / 5))}"
bench_kernels "$raw"
interleaved_boots "$raw" "$n workloads x $((RUNS + 1)) runs" \
	'kernel: |workload=|workload_skip=|folios=|freeq=|run=|proc=' zsjob=bench \
	"zsargs=$RUNS,$(plus "$SIZES"),$(plus "$PROCS"),$(plus "$MODES"),$(plus "$DATA"),$(plus "$SWAP"),$(plus "$FOLIOS")"

bench_meta "$(basename "$0") KERNELS='$KERNELS' BOOTS=$BOOTS RUNS=$RUNS SIZES='$SIZES' PROCS='$PROCS' MODES='$MODES' DATA='$DATA' SWAP='$SWAP' FOLIOS='$FOLIOS'" \
	"$(echo "$KERNELS" | cut -d' ' -f1 | cut -d= -f1)" "$raw" >"$raw/meta.txt"
REPORT=${REPORT-1}
[ -z "$REPORT" ] || {
	/usr/bin/python3 "$ROOT/bench/zsbench.py" report "$run"
	say "report: $run/report.md"
}
