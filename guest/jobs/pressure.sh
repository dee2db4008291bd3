# Global reclaim (make pressure): does the free queue make reclaim worse,
# and does reclaim get the pending records back?  ROUNDS rounds with zram0's
# free queue on and off in turn (the first pair is a warm-up).  In each,
# for SECONDS, swap_stress workers (WORKERS x WORKER_MIB) page their memory
# out, exit with it in swap and start over, so frees stream through zram; a
# tmpfs file of compressible text, HOG_PERCENT of the guest's memory, is
# written meanwhile: kswapd and direct reclaim push it out to zram.
# No memory cgroup limit: only global reclaim calls zsmalloc's shrinkers.
# Each round prints one "# round=" line of key=value figures.
. /jobs/lib.sh
rounds=${1:-20} hog_percent=${2:-125} secs=${3:-30} workers=${4:-2} worker_mib=${5:-32}
hog=/tmp/hog
mkdir -p $hog
mount -t tmpfs -o size=4G hog $hog
hog_kib=$(awk -v p="$hog_percent" '$1 == "MemTotal:" { print int($2 * p / 100) }' /proc/meminfo)
echo "# memtotal_kib=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo) hog_kib=$hog_kib"

uptime_cs() { awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime; }
reclaim() {
	awk '$1 ~ /^pgscan_(kswapd|direct)$/ { scan += $2 } $1 ~ /^pgsteal_(kswapd|direct)$/ { steal += $2 }
	     $1 == "allocstall_normal" || $1 == "allocstall_movable" || $1 == "allocstall_dma32" { stall += $2 }
	     $1 == "pswpout" { out = $2 } $1 == "oom_kill" { oom = $2 }
	     END { print scan + 0, steal + 0, stall + 0, out + 0, oom + 0 }' /proc/vmstat
}
# The line of text the hog is made of compresses like prose, not like zeros.
line='the drain worker frees records in class batches after reclaim asked for memory'

r=0 bad=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	mode=$((r % 2))
	if [ "$mode" = 1 ]; then freeq_off zram0 N; else freeq_off zram0 Y; fi
	set -- $(reclaim)
	scan0=$1 steal0=$2 stall0=$3 out0=$4 oom0=$5
	swap_stress -n "$workers" -s "$worker_mib" -t "$secs" >/tmp/stress.out 2>&1 &
	stress=$!
	# The workers' first page-out is under way before the hog starts.
	sleep 2
	t0=$(uptime_cs)
	yes "$line" | head -c $((hog_kib * 1024)) >$hog/file
	hog_rc=$?
	t1=$(uptime_cs)
	wait $stress
	stress_rc=$?
	grep -q '^not ok' /tmp/stress.out && stress_rc=1
	set -- $(reclaim)
	drains=0 drained=0 pushed=0 fallbacks=0 max_wait=0
	if [ $mode = 1 ]; then
		drains=$(freeq_field zram0 pressure_drains)
		drained=$(freeq_field zram0 drained)
		pushed=$(freeq_field zram0 pushed)
		fallbacks=$(freeq_field zram0 fallbacks)
		max_wait=$(freeq_field zram0 max_wait_us)
	fi
	echo "# round=$r deferred=$mode hog_ms=$(((t1 - t0) * 10)) hog_rc=$hog_rc stress_rc=$stress_rc" \
		"pgscan=$(($1 - scan0)) pgsteal=$(($2 - steal0)) allocstall=$(($3 - stall0))" \
		"pswpout=$(($4 - out0)) oom_kill=$(($5 - oom0)) zram_peak_bytes=$(zram_field mm_stat 5)" \
		"pressure_drains=$drains drained=$drained pushed=$pushed fallbacks=$fallbacks max_wait_us=$max_wait"
	[ $hog_rc = 0 ] && [ $stress_rc = 0 ] && [ $(($5 - oom0)) = 0 ] || bad=$((bad + 1))
	rm -f $hog/file
	# Reset the peak so that each round reports its own.
	echo 0 >/sys/block/zram0/mem_used_max
	[ $bad = 0 ] || tail -n 5 /tmp/stress.out
done
check "$rounds rounds of global reclaim with no OOM kill, no failed write and swap_stress intact" [ $bad = 0 ]
finish
