# Stress (make stress, make check) on the debug kernel.  First every
# allocation made while bringing up a zram device or a zswap pool is failed
# once in turn (fail-nth): each must end in a clean error or in a device
# that frees synchronously and works.  Then swap_stress runs for SECONDS on
# two small zram devices, in a memory cgroup that reclaims, with zswap in
# front part of the time, while CPUs go offline and online, the second
# device is swapped off, reset and brought back, zswap and the free queues
# are switched, the root cgroup is reclaimed from (every shrinker), and
# non-sleeping allocations fail at random.  At the end
# nothing may be left: zram and zswap back at their start, the free queues
# balanced, no leak for kmemleak.
. /jobs/lib.sh
echo "KTAP version 1"
secs=${1:-240}
# Every STEPth allocation site is failed in the sweeps (0: no sweeps).
step=${2:-1}
dbg=/sys/kernel/debug
zp=/sys/module/zswap/parameters
cg=/sys/fs/cgroup
count() { [ -f "/tmp/$1" ] && wc -l <"/tmp/$1" || echo 0; }

# Warnings and worse on the console, not every device resize.
echo 5 >/proc/sys/kernel/printk
# Leaks from before the job are not the job's.
echo scan >$dbg/kmemleak && echo clear >$dbg/kmemleak

for f in failslab fail_page_alloc; do
	echo 0 >$dbg/$f/verbose
	echo N >$dbg/$f/ignore-gfp-wait
	echo -1 >$dbg/$f/times
done
echo N >$dbg/fail_page_alloc/ignore-gfp-highmem
echo 0 >$dbg/fail_page_alloc/min-order

# inject N FILE VALUE: write VALUE to FILE with the Nth fault-injection site
# this process reaches failing.  Prints the write's status and "hit" or
# "missed" (the write reached fewer than N sites).  The files are opened
# before the count starts and the count is cleared right after the write,
# before anything that could reach a site (a fork, say), so only the write
# itself counts.
inject() {
	(
		exec 2>/dev/null 3>"$2" 4>/proc/thread-self/fail-nth 5</proc/thread-self/fail-nth
		echo "$1" >&4
		echo "$3" >&3
		rc=$?
		read -r left <&5
		echo 0 >&4
		if [ "${left:-0}" = 0 ]; then echo "$rc hit"; else echo "$rc missed"; fi
	)
}

# Every allocation bringing up zram1 (disksize store: table, pool, free
# queue, compression streams) fails once, in turn, until one write reaches
# no more sites.
zc=$(cat /sys/class/zram-control/hot_add)
z1=/sys/block/zram$zc
head -c 1048576 /dev/urandom >/tmp/mib
noq0=$(dmesg | grep -c 'no free queue, freeing swap slots at once')
site=0 clean=0 unclean=0 broken=0
while [ "$step" -gt 0 ] && [ $site -lt 5000 ]; do
	site=$((site + step))
	echo 1 >$z1/reset
	set -- $(inject $site $z1/disksize 8M)
	if [ "$1" != 0 ]; then
		size=$(cat $z1/disksize)
		if [ "$size" = 0 ]; then
			clean=$((clean + 1))
		else
			unclean=$((unclean + 1))
			echo "# site $site: the write failed, yet disksize reads $size"
		fi
	else
		dd if=/tmp/mib of=/dev/zram$zc bs=64k 2>/dev/null &&
			dd if=/dev/zram$zc bs=64k count=16 2>/dev/null | cmp -s - /tmp/mib ||
			broken=$((broken + 1))
	fi
	[ "$2" = hit ] || break
done
echo 1 >$z1/reset
sync=$(($(dmesg | grep -c 'no free queue, freeing swap slots at once') - noq0))
if [ "$step" -gt 0 ]; then
	echo "# zram bring-up: allocation sites 1 to $site failed in turn (in steps of $step): $clean clean errors, $unclean not clean, $sync came up freeing synchronously, $broken lost data"
	check "zram bring-up with allocations failed in turn: every failed write left the device unset ($unclean not)" [ "$unclean" = 0 ]
	# The free queue's enable makes a handful of allocations: only a sweep
	# of every site is sure to fail one of them.
	if [ "$step" = 1 ]; then
		check "zram bring-up: a failed free-queue enable leaves a device that frees at once ($sync such)" [ "$sync" -gt 0 ]
	else
		echo "# zram bring-up: $sync devices came up without a free queue (every ${step}th site failed)"
	fi
	check "zram bring-up: every device that came up stored and read back 1 MiB ($broken did not)" [ "$broken" = 0 ]
fi

# Two small devices: every slot is reused at once.  zram0, swapped on
# first, fills first; the rest goes to the second, which is swapped off,
# reset and brought back under load.
swapoff -a 2>/dev/null
echo 1 >/sys/block/zram0/reset
zram_up() { # DEV SIZE ALG
	echo "$3" >/sys/block/$1/comp_algorithm && echo "$2" >/sys/block/$1/disksize &&
		mkswap /dev/$1 >/dev/null && swapon /dev/$1 &&
		echo "$(zram_field mm_stat 1 $1) $(zram_field mm_stat 3 $1)" >/tmp/start.$1
}
check "zram0 (16 MiB) set up as swap" zram_up zram0 16M lzo-rle
check "zram$zc (32 MiB) set up as swap" zram_up zram$zc 32M lz4

# The same for a zswap pool (compressor store: pool, zsmalloc pool, free
# queue, per-CPU contexts).
echo Y >$zp/enabled
warned0=$(dmesg | grep -c 'no free queue, freeing entries at once')
site=0 refused=0 comp=lz4
while [ "$step" -gt 0 ] && [ $site -lt 5000 ]; do
	site=$((site + step))
	set -- $(inject $site $zp/compressor $comp)
	if [ "$1" = 0 ]; then
		[ $comp = lz4 ] && comp=lzo || comp=lz4
	else
		refused=$((refused + 1))
	fi
	[ "$2" = hit ] || break
done
zsync=$(($(dmesg | grep -c 'no free queue, freeing entries at once') - warned0))
if [ "$step" -gt 0 ]; then
	echo "# zswap pool creation: allocation sites 1 to $site failed in turn (in steps of $step): $refused writes failed, $zsync pools freeing synchronously"
	if [ "$step" = 1 ]; then
		check "zswap pool creation with allocations failed in turn: a failed free-queue enable leaves a pool that frees at once ($zsync such)" [ "$zsync" -gt 0 ]
	else
		echo "# zswap pool creation: $zsync pools came up without a free queue (every ${step}th site failed)"
	fi
fi
# swap_stress, not swap_free_bench: the slots may land on either device.
check "zswap works after the pool creations: compressor $(cat $zp/compressor), enabled $(cat $zp/enabled)" \
	swap_stress -n 2 -s 4 -t 10
echo N >$zp/enabled

echo +memory >$cg/cgroup.subtree_control
mkdir -p $cg/stress
echo 24M >$cg/stress/memory.max
echo 4M >$cg/stress/memory.zswap.max
echo Y >$zp/shrinker_enabled
pswpout0=$(vmstat pswpout) pswpin0=$(vmstat pswpin) zswpwb0=$(vmstat zswpwb)
rejected0=$(cat $dbg/zswap/reject_alloc_fail)

rm -f /tmp/stop /tmp/settle /tmp/n.*
running() { [ ! -e /tmp/stop ]; }
hotplug() {
	while running; do
		for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
			echo 0 >"$c" && echo >>/tmp/n.offline
			sleep 0.3
			echo 1 >"$c"
		done
		sleep 0.5
	done
}
# swapoff brings everything on the device back into memory: the cgroup's
# limit is lifted meanwhile, or the workers would be OOM-killed.
swap_cycle() {
	alg=lzo-rle
	while running; do
		sleep 2
		echo max >$cg/stress/memory.max
		if swapoff /dev/zram$zc 2>/dev/null; then
			echo 1 >$z1/reset
			zram_up zram$zc 32M $alg && echo >>/tmp/n.swapcycle
			[ $alg = lz4 ] && alg=lzo-rle || alg=lz4
		else
			echo >>/tmp/n.swapoff_refused
		fi
		echo 24M >$cg/stress/memory.max
	done
}
zswap_switch() {
	while running; do
		echo Y >$zp/enabled; sleep 0.4
		echo lz4 >$zp/compressor; sleep 0.4
		echo N >$zp/enabled; sleep 0.2
		echo Y >$zp/enabled; sleep 0.4
		echo lzo >$zp/compressor && echo >>/tmp/n.zswap
	done
}
# Stops for the last fifth of the run, so that the counters checked at the
# end (which a switch off and on resets) cover a stretch of the load.
freeq_switch() {
	while running && [ ! -e /tmp/settle ]; do
		for v in Y N; do
			freeq_off '*' $v
			sleep 0.3
		done
		echo >>/tmp/n.freeq
	done
}
# Proactive reclaim of the root cgroup goes through vmscan to every
# shrinker, the free queues' included: their pressure path from real
# reclaim, under lockdep, while the queues fill and drain.
root_reclaim() {
	while running; do
		echo 8M >$cg/memory.reclaim 2>/dev/null
		echo >>/tmp/n.reclaim
		sleep 0.5
	done
}
hotplug & swap_cycle & zswap_switch & freeq_switch & root_reclaim &
(sleep $((secs * 4 / 5)); touch /tmp/settle) &

# Random failures of allocations that cannot sleep, in any task.
for f in failslab fail_page_alloc; do
	echo Y >$dbg/$f/ignore-gfp-wait
	echo 1 >$dbg/$f/probability
done

{ sh -c "echo \$\$ >$cg/stress/cgroup.procs && exec swap_stress -n 4 -s 8 -t $secs" 2>&1
	echo $? >/tmp/stress.rc; } | sed 's/^/# /'
for f in failslab fail_page_alloc; do echo 0 >$dbg/$f/probability; done
touch /tmp/stop
wait
for c in /sys/devices/system/cpu/cpu[1-9]*/online; do echo 1 >"$c"; done
echo "# disturbances: $(count n.offline) CPU offlines, $(count n.swapcycle) swapoff/reset/swapon cycles ($(count n.swapoff_refused) swapoffs refused for lack of room), $(count n.zswap) zswap switch rounds, $(count n.freeq) free-queue switch rounds, $(count n.reclaim) root memory.reclaim writes"
echo "# swap: pswpout +$(($(vmstat pswpout) - pswpout0)), pswpin +$(($(vmstat pswpin) - pswpin0)), zswap writeback +$(($(vmstat zswpwb) - zswpwb0)), zswap stores refused for a failed allocation +$(($(cat $dbg/zswap/reject_alloc_fail) - rejected0))"
check "swap_stress: $secs s of page-out, swap-in, fork, munmap and exit under disturbance, every page read back intact" \
	[ "$(cat /tmp/stress.rc)" = 0 ]
check "every disturbance ran (CPU offline, swap cycle, zswap and free queues switched, root reclaim)" \
	[ "$(count n.offline)" -gt 0 -a "$(count n.swapcycle)" -gt 0 -a "$(count n.zswap)" -gt 0 -a "$(count n.freeq)" -gt 0 -a "$(count n.reclaim)" -gt 0 ]
check "memory went to swap, came back and was written back from zswap" \
	[ $(($(vmstat pswpout) - pswpout0)) -gt 0 -a $(($(vmstat pswpin) - pswpin0)) -gt 0 -a $(($(vmstat zswpwb) - zswpwb0)) -gt 0 ]

freeq_off '*' N
rmdir $cg/stress
show_stats
for f in $dbg/zsmalloc/*/free_queue; do
	pool=$(basename "$(dirname "$f")")
	check "$pool's free queue balances: pushed = drained + pending ($(tr '\n' ' ' <"$f"))" \
		freeq_balanced "$pool"
done
check "zram0 queued frees in the run ($(freeq_field zram0 pushed) records)" \
	[ "$(freeq_field zram0 pushed)" -gt 0 ]
echo N >$zp/enabled
# settled DEV: after swapoff DEV stores what it stored at its start (the
# swap header), and its pool has no object in use but those of the pages
# it stores.  Its pool may hold fewer pages than at the start, which was
# read under load for a device brought back: the pool's shrinker compacts.
objs_used() { awk '$1 == "Total" { print $14 }' "$dbg/zsmalloc/$1/classes"; }
settled() {
	[ "$(zram_field mm_stat 1 $1)" = "$(cut -d' ' -f1 /tmp/start.$1)" ] &&
		[ "$(objs_used $1)" = $(($(zram_field mm_stat 1 $1) / pagesize - $(zram_field mm_stat 6 $1))) ]
}
for d in zram0 zram$zc; do
	swapoff /dev/$d
	check "$d back to the start after swapoff (orig_data_size $(zram_field mm_stat 1 $d), at start $(cut -d' ' -f1 /tmp/start.$d); $(objs_used $d) objects in use for $(zram_field mm_stat 1 $d) bytes stored, $(zram_field mm_stat 6 $d) of them same-filled pages)" \
		settled $d
done
check "zswap pool is empty ($(cat $dbg/zswap/pool_total_size) bytes, $(cat $dbg/zswap/stored_pages) pages)" \
	[ "$(cat $dbg/zswap/pool_total_size)" = 0 ]
check "zswap counts no stored page after swapoff (stored, incompressible: $(zswap_counts))" \
	zswap_counts_none
echo 1 >/sys/block/zram0/reset
echo 1 >$z1/reset

# Twice: kmemleak reports an object only once it was unreferenced in two
# scans.  It turns itself off if it cannot track an allocation.
check "kmemleak is still on after the injected failures" sh -c "echo scan >$dbg/kmemleak"
echo scan >$dbg/kmemleak
leaks=$(grep -c '^unreferenced object' $dbg/kmemleak)
[ "$leaks" = 0 ] || head -n 40 $dbg/kmemleak | sed 's/^/# /'
check "kmemleak finds no leak ($leaks unreferenced objects)" [ "$leaks" = 0 ]
finish
