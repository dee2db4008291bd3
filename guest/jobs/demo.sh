# What make demo shows: the benchmark once at 256 MiB, 1 and 2 processes,
# on zram alone and then with zswap (enabled through sysfs) in front of it.
. /jobs/lib.sh
for zswap in N Y; do
	echo $zswap >/sys/module/zswap/parameters/enabled
	echo "# zswap enabled: $(cat /sys/module/zswap/parameters/enabled)"
	for procs in 1 2; do
		swap_free_bench -s 256 -n "$procs" -r 1 -w 0 -d mixed
	done
	show_stats
done
