# Benchmark job.  Arguments: rN (measured runs per workload; one warm-up run
# is discarded), then workloads SIZE_MIB:PROCS:MODE:DATA:SWAP with MODE
# munmap|exit, DATA words|mixed, SWAP zram|zswap.
runs=${1#r}
shift
for w in "$@"; do
	IFS=: read -r size procs mode data swap <<W
$w
W
	if [ "$swap" = zswap ]; then zswap=Y; else zswap=N; fi
	echo $zswap >/sys/module/zswap/parameters/enabled
	echo "# workload=$w"
	swap_free_bench -s "$size" -n "$procs" -m "$mode" -d "$data" -r "$runs" -w 1
	echo "# workload_end=$w rc=$?"
done
