. /jobs/lib.sh
echo 5 >/proc/sys/kernel/printk
st() { cat /sys/kernel/debug/zsmalloc/*/free_queue | awk '$1 ~ /^(pushed|drained|whole_objs|fallbacks)$/ { s[$1] += $2 } END { printf "%d %d %d %d", s["pushed"], s["drained"], s["whole_objs"], s["fallbacks"] }'; }
for d in words mixed; do for m in munmap exit; do for i in "" "-i"; do
	set -- $(st)
	swap_free_bench -s 256 -n 1 -m $m -d $d -r 3 -w 0 $i >/tmp/out 2>&1 || echo "# FAIL"
	sleep 2
	set -- $(st) $1 $2 $3 $4
	echo "# PHASE d=$d m=$m readback=${i:-no} pushed=$(($1-$5)) drained=$(($2-$6)) whole=$(($3-$7)) fallbacks=$(($4-$8)) pct=$(( ($3-$7)*100/($2-$6+1) ))"
done; done; done
