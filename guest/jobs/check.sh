# Integrity: 256 MiB through zram, then through zswap in front of zram; every
# page must reach swap and read back intact, and nothing may stay allocated.
. /jobs/lib.sh
pages=$((256 * 256))

# The swap header page written by mkswap stays: compare with the start.
data0=$(zram_field mm_stat 1) used0=$(zram_field mm_stat 3)
zram_empty() { [ "$(zram_field mm_stat 1)" = "$data0" ] && [ "$(zram_field mm_stat 3)" = "$used0" ]; }
bench() { swap_free_bench -s 128 -n 2 -r 1 -w 0 -v -d mixed -t 20000 "$@"; }

out0=$(vmstat pswpout)
notify0=$(zram_field io_stat 4)
check "256 MiB through zram: every page in swap and read back intact" bench
# -v pages out twice.
check "zram stored every page ($(($(vmstat pswpout) - out0)) >= 2*$pages)" \
	[ $(($(vmstat pswpout) - out0)) -ge $((2 * pages)) ]
check "notify_free rose by every freed slot" \
	[ $(($(zram_field io_stat 4) - notify0)) -ge $((2 * pages)) ]
check "no slot free was missed (miss_free=$(zram_field debug_stat 2))" \
	[ "$(zram_field debug_stat 2)" = 0 ]
check "zram and its zsmalloc pool back to the start after the free (orig_data_size=$(zram_field mm_stat 1) mem_used_total=$(zram_field mm_stat 3), at start $data0 $used0)" \
	zram_empty

echo Y >/sys/module/zswap/parameters/enabled
zout0=$(vmstat zswpout)
check "256 MiB through zswap over zram: every page in swap and read back intact" bench
check "zswap stored every page ($(($(vmstat zswpout) - zout0)) >= 2*$pages)" \
	[ $(($(vmstat zswpout) - zout0)) -ge $((2 * pages)) ]
check "zswap pool is empty after the free ($(cat /sys/kernel/debug/zswap/pool_total_size) bytes)" \
	[ "$(cat /sys/kernel/debug/zswap/pool_total_size)" = 0 ]
echo N >/sys/module/zswap/parameters/enabled

swapoff /dev/zram0
check "zram back to the start after swapoff (orig_data_size=$(zram_field mm_stat 1) mem_used_total=$(zram_field mm_stat 3), at start $data0 $used0)" \
	zram_empty
show_stats
finish
