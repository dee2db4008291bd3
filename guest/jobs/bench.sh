# Benchmark job.  Arguments: RUNS SIZES PROCS MODES DATA SWAPS FOLIOS, each
# list joined with "+" (the kernel command line is too short for the
# workloads one by one): measured runs per workload (one warm-up run is
# discarded), sizes in MiB per process, process counts, munmap|exit,
# words|mixed, zram|zswap, and 4k or a multi-size THP size such as 64k.
. /jobs/lib.sh
runs=$1
# Nothing below a warning on the console: printed by a console thread,
# kernel messages land inside the job's lines (zswap's "loaded using
# pool" did, inside a workload line, on arm64).
echo 5 >/proc/sys/kernel/printk
# mthp_stats SIZE: the kernel's large-folio swap counters for that size.
mthp_stats() {
	for s in anon_fault_alloc anon_fault_fallback swpout swpout_fallback zswpout swpin \
		swpin_fallback split; do
		printf ' %s=%s' "$s" "$(cat "$thp/hugepages-$1B/stats/$s" 2>/dev/null || echo -1)"
	done
}
# freeq_stats: the free queue counters of every zsmalloc pool, summed,
# zram0's debug_stat (miss_free) and zswap's pool limit hits, the sum of
# its reject_* counters and pages written back; a kernel without free
# queues prints none of the first.
freeq_stats() {
	cat /sys/kernel/debug/zsmalloc/*/free_queue 2>/dev/null | awk '
		$1 ~ /^(pushed|drained|fallbacks|refill_failures|timed_flushes|pressure_drains|hotplug_flushes|drain_us|whole_objs)$/ { s[$1] += $2 }
		END { for (k in s) printf " %s=%d", k, s[k] }'
	printf ' miss_free=%s' "$(zram_field debug_stat 2)"
	z=/sys/kernel/debug/zswap
	[ -d "$z" ] || return 0
	printf ' zswap_limit_hits=%s zswap_rejects=%s zswap_written_back=%s' "$(cat "$z/pool_limit_hit")" \
		"$(cat "$z"/reject_* | awk '{ s += $1 } END { print s + 0 }')" "$(cat "$z/written_back_pages")"
}
list() { echo "$1" | tr + ' '; }
echo "# kernel: page size $pagesize bytes, free queue blocks of $(freeq_field zram0 records_per_block 2>/dev/null || echo no) records"
# A limit (bench/limits/) frees no zram slot or zswap entry when swap frees
# it: the memory never comes back, so the runs read none of zram's figures
# and end when the free returns.
leak_opts=
if grep -qw zsleaks=1 /proc/cmdline; then
	leak_opts="-z none -t 0"
	echo "# kernel: leaks zram slots and zswap entries on purpose (a limit): no zram figures, no memory back"
fi
# workload SIZE PROCS MODE DATA SWAP FOLIO
workload() {
	w=$1:$2:$3:$4:$5
	[ "$6" = 4k ] || w=$w:$6
	if [ "$5" = zswap ]; then zswap=Y; else zswap=N; fi
	echo $zswap >/sys/module/zswap/parameters/enabled
	echo "# workload=$w"
	folio_opt=""
	if [ "$6" != 4k ]; then
		if ! mthp_only "$6"; then
			echo "# workload_skip=$w no $6B multi-size THP in this kernel"
			return
		fi
		folio_opt="-H ${6%k}"
		echo "# folios=$w when=before$(mthp_stats "$6")"
	fi
	echo "# freeq=$w when=before$(freeq_stats)"
	# shellcheck disable=SC2086
	swap_free_bench -s "$1" -n "$2" -m "$3" -d "$4" -r "$runs" -w 1 -i $folio_opt $leak_opts
	rc=$?
	echo "# freeq=$w when=after$(freeq_stats)"
	echo "# workload_end=$w rc=$rc"
	[ -z "$folio_opt" ] || echo "# folios=$w when=after$(mthp_stats "$6")"
}
for sw in $(list "$6"); do for f in $(list "$7"); do for d in $(list "$5"); do
	for m in $(list "$4"); do for p in $(list "$3"); do for s in $(list "$2"); do
		workload "$s" "$p" "$m" "$d" "$sw" "$f"
	done; done; done
done; done; done
