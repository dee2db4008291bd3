#!/bin/sh
# The record run (make bench): every level of every workload dimension of
# bench/bench.sh measured against base, as interleaved grids, since their
# product (192 workloads, 4 kernels) would take days of TCG time here; the
# headline workloads also against the limits (bench/limits/: base kernels
# whose zram notify and zswap_invalidate() only lock, or return at once;
# for zswap's munmap also release-only, whose zswap_invalidate() does all
# but free the entry and its object):
#   1-munmap  base, series and limits: 256 MiB, 1 and 2 processes, munmap,
#             repeating words, zram, 4 KiB pages
#   2-sizes   base and series: 64, 128 and 512 MiB, otherwise as 1-munmap
#   3-exit    base, series and limits: 64 MiB, 1 and 4 processes, exit,
#             mixed data, zram, 4 KiB pages
#   4-exit-zswap  base, series and limits: part 3 on zswap
#   5-exit-64k  base and series: part 3 with 64 KiB mTHP, on zram and zswap
#   6-munmap-zswap  base, series, limits and release-only: part 1 on zswap
# One report from the parts: bench/results/NAME/report.md (NAME:
# <date>-record), the raw output of each part in bench/results/NAME/raw/PART/.
# BOOTS and RUNS as for bench.sh; PARTS="4 6" runs only those parts.
# VARIANT=arm64 or arm64-16k (make bench ARCH=arm64 runs both) records the
# headline workloads on an arm64 guest, about half as fast as x86_64 under
# TCG: part 1 and the exit of 64 MiB of mixed data by one process on zram,
# as <date>-record-VARIANT.
set -eu
. "$(dirname "$0")/lib.sh"

suffix=
[ "$VARIANT" = series ] || suffix=-$VARIANT
NAME=${NAME:-$(date +%Y-%m-%d)-record$suffix}
BOOTS=${BOOTS:-2} RUNS=${RUNS:-5}
export BOOTS RUNS
run=$ROOT/bench/results/$NAME
raw=$run/raw
start=$(date +%s)
rm -rf "$raw"
mkdir -p "$raw"
# part N NAME KERNELS SIZES PROCS MODES DATA SWAP FOLIOS
part() {
	case " ${PARTS:-1 2 3 4 5 6} " in *" $1 "*) ;; *) return 0 ;; esac
	say "record part $1: $2"
	FAST=0 RAW="$raw/$2" REPORT='' KERNELS="$3" SIZES="$4" PROCS="$5" MODES="$6" \
		DATA="$7" SWAP="$8" FOLIOS="$9" sh "$ROOT/bench/bench.sh"
}
if [ "$VARIANT" = series ]; then
	limits="base series lock-only no-op"
	part 1 1-munmap "$limits" 256 "1 2" munmap words zram 4k
	part 2 2-sizes "base series" "64 128 512" 1 munmap words zram 4k
	part 3 3-exit "$limits" 64 "1 4" exit mixed zram 4k
	part 4 4-exit-zswap "$limits" 64 "1 4" exit mixed zswap 4k
	part 5 5-exit-64k "base series" 64 "1 4" exit mixed "zram zswap" 64k
	part 6 6-munmap-zswap "$limits release-only" 256 "1 2" munmap words zswap 4k
else
	part 1 1-munmap "base series" 256 "1 2" munmap words zram 4k
	part 2 3-exit "base series" 64 1 exit mixed zram 4k
fi
{
	# shellcheck disable=SC2012,SC2016
	bench_meta "$(basename "$0") BOOTS=$BOOTS RUNS=$RUNS VARIANT=$VARIANT${PARTS:+ PARTS='$PARTS'}" \
		base "$(ls -d "$raw"/*/ | head -n 1)"
	echo "elapsed: $((($(date +%s) - start) / 60)) min, kernel builds included"
} >"$raw/meta.txt"
/usr/bin/python3 "$ROOT/bench/zsbench.py" report "$run"
say "report: bench/results/$NAME/report.md"
