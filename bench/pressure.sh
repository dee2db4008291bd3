#!/bin/sh
# pressure.sh: global reclaim against deferred free (guest job pressure):
# each kernel in KERNELS (default: series; names as for bench.sh) boots
# BOOTS times, interleaved, in a 512 MiB guest, and runs ROUNDS rounds with
# zram0's deferred_free on and off in turn, each writing HOG percent of the
# guest's memory to tmpfs while swap_stress frees through zram for SECS.
# Keeps the raw output in bench/results/NAME/raw/ and writes
# bench/results/NAME/report.md.
set -eu
. "$(dirname "$0")/lib.sh"

need qemu-system-x86 python3
KERNELS=${KERNELS:-series} BOOTS=${BOOTS:-1} ROUNDS=${ROUNDS:-22}
HOG=${HOG:-125} SECS=${SECS:-30}
NAME=${NAME:-$(date +%Y-%m-%d)-pressure}
run=$ROOT/bench/results/$NAME
raw=$run/raw
rm -rf "$raw"
mkdir -p "$raw"

export VM_MEM=512M VM_TIMEOUT=$((ROUNDS * (SECS + 180) + 300))
bench_kernels "$raw"
interleaved_boots "$raw" "$ROUNDS rounds" 'memtotal|round=' \
	zszram=1G zsjob=pressure "zsargs=$ROUNDS,$HOG,$SECS"
{
	machine_meta "$(basename "$0") KERNELS='$KERNELS' BOOTS=$BOOTS ROUNDS=$ROUNDS HOG=$HOG SECS=$SECS" \
		x86_64 "" "zram 1G lzo-rle, no memory cgroup limit"
	echo "config: tinyconfig + config/guest.config + config/x86_64.config"
} >"$raw/meta.txt"
/usr/bin/python3 "$ROOT/bench/zsbench.py" pressure "$run"
say "report: bench/results/$NAME/report.md"
