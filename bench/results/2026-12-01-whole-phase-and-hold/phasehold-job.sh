. /jobs/lib.sh
echo 5 >/proc/sys/kernel/printk
swap_free_bench -s 256 -n 1 -m munmap -d words -r 5 -w 0 -i >/tmp/out 2>&1 || echo "# FAIL"
sleep 2
echo "# HOLD $(grep -E '^(max_hold_ns|max_hold_objs|whole_objs|drained) ' /sys/kernel/debug/zsmalloc/zram0/free_queue | tr '\n' ' ')"
