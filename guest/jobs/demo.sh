# What make demo shows: one benchmark pass, 256 MiB, 1 and 2 processes.
. /jobs/lib.sh
for procs in 1 2; do
	swap_free_bench -s 256 -n "$procs" -r 1 -w 0 -d mixed
done
show_stats
