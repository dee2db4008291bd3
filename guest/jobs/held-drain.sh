# Sourced by check.sh: what must not wait for the free queue's worker.  A
# limit must not count memory that only waits in a free queue (zram's
# mem_limit, zswap's max_pool_percent, a memory cgroup's memory.max), and
# reclaim must release queued frees itself, each right after processes
# exit, with the worker held off the CPUs so that their frees are still
# queued when the next store or reclaim comes.  (Left alone, the worker
# usually wins that race under TCG within a few milliseconds, and the
# tests would pass without the fixes.)

# held POOLS SCRIPT [CGROUP]: runs the shell SCRIPT (with /jobs/lib.sh) at
# SCHED_FIFO 2 while a SCHED_FIFO 1 busy loop holds each CPU, so that no
# kworker runs until it ends: not the drain, not the monitor's flushes
# of other CPUs' blocks, not the refill of spare blocks.  RT throttling and
# the fair server, which would let kworkers through every second, are off
# meanwhile.  A phone whose CPUs are busy with the foreground app sees the
# same.  SCRIPT runs in CGROUP if given: it is joined before the CPUs are
# held, as joining waits for an RCU grace period, which the held CPUs would
# stop.  Right before, the free queues of POOLS (a glob) are given spare
# blocks (spares_ready): with none, and no worker to refill them, every
# free would be made at once and the test would see no queue at all.  The
# trim of an idle queue may still take them between that look and the busy
# loops' start; once the loops run, nothing can, so the spares are looked
# at again then, and the CPUs let go and held again (three tries) if they
# went.  SCRIPT must not wait for a worker: a watchdog above the busy loops
# (held_watchdog in lib.sh) ends them after HELD_LIMIT seconds, and held()
# fails.
HELD_LIMIT=300
held() {
	rt_runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
	echo -1 >/proc/sys/kernel/sched_rt_runtime_us
	for c in /sys/kernel/debug/sched/fair_server/cpu*; do
		cat "$c/runtime" >"/tmp/fair-${c##*/}"
		echo 0 >"$c/runtime"
	done
	rm -f /tmp/held-expired /tmp/held-hogs
	t0=$(deadline 0)
	# Started here, in the root cgroup: a task of the watchdog left in
	# CGROUP would keep it from being removed.
	rt 3 - sh -c ". /jobs/lib.sh; held_watchdog $HELD_LIMIT" &
	dog=$!
	# shellcheck disable=SC2016
	rt 2 - sh -c '
		[ -z "$3" ] || echo $$ >"$3/cgroup.procs" || exit 1
		. /jobs/lib.sh
		try=1
		while :; do
			spares_ready "$1" ||
				echo "# no spare blocks in $1 before the CPUs were held: $(freeq_show "$1")"
			hogs=
			for c in $(seq 0 $(($(grep -c ^processor /proc/cpuinfo) - 1))); do
				rt 1 "$c" sh -c "while :; do :; done" &
				hogs="$hogs $!"
			done
			echo $hogs >/tmp/held-hogs
			usleep 100000
			state=$(freeq_state "$1")
			[ "$state" != ready ] || break
			echo "# try $try: $1 was $state, not ready, once the CPUs were held: $(freeq_show "$1")"
			[ "$try" -lt 3 ] || break
			rm -f /tmp/held-hogs
			kill $hogs
			wait
			try=$((try + 1))
		done
		sh -c ". /jobs/lib.sh; $2"
		rc=$?
		rm -f /tmp/held-hogs
		kill $hogs 2>/dev/null
		wait
		exit $rc' held "$1" "$2" "${3:-}"
	rc=$?
	for c in /sys/kernel/debug/sched/fair_server/cpu*; do
		cat "/tmp/fair-${c##*/}" >"$c/runtime"
	done
	echo "$rt_runtime" >/proc/sys/kernel/sched_rt_runtime_us
	kill $dog 2>/dev/null
	wait $dog 2>/dev/null
	echo "# held $1 for $(since "$t0") s"
	if [ -e /tmp/held-expired ]; then
		echo "# the CPUs were held for more than $HELD_LIMIT s: the script waited for what only a worker does"
		return 1
	fi
	return $rc
}

# A chain run under held(): ROUNDS processes in a row page MIB MiB out and
# exit, each storing while the frees of the one before may still wait.
# After each exit the records queued in the pools matching POOLS are noted
# in /tmp/queued; STORED (a shell test reading the counter file that
# pageout printed, in /tmp/stat) says whether every page was stored.
# chain ROUNDS MIB FILE POOLS STORED
chain() {
	echo "
	: >/tmp/queued
	i=0
	while [ \$i -lt $1 ]; do
		pageout $2 $3 >/tmp/stat || exit 1
		$5 || { echo \"# round \$i: not every page stored: \$(cat /tmp/stat)\"; exit 1; }
		freeq_pending '$4' >>/tmp/queued
		i=\$((i + 1))
	done"
}
most_queued() { sort -n /tmp/queued | tail -n 1; }

# zram: mem_limit at 1.3 times what one process's 16 MiB take compressed.
# zs_freeq_reclaim() cannot take the block of another CPU whose flush is
# held too: at most one block (509 records of about 2 KiB here) per other
# CPU, well within the margin.
z=/sys/block/zram0
echo 1 >$z/reset
echo 80M >$z/disksize
mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
used0=$(zram_field mm_stat 3) data0=$(zram_field mm_stat 1)
one=$(($(pageout 16 $z/mm_stat | awk '{ print $3 }') - used0))
echo $((used0 + one * 13 / 10)) >$z/mem_limit
failed0=$(zram_field io_stat 2)
bytes=$((16 << 20))
check "zram at mem_limit (1.3 x one process's $one bytes): 10 processes in a row page 16 MiB out and exit with the drain held; every page stored" \
	held zram0 "$(chain 10 16 $z/mm_stat zram0 "[ \$(awk '{ print \$1 }' /tmp/stat) -ge $((data0 + bytes)) ]")"
check "no write failed at mem_limit ($(($(zram_field io_stat 2) - failed0)) failed_writes)" \
	[ "$(zram_field io_stat 2)" = "$failed0" ]
check "the window was open: up to $(most_queued) frees still queued when the next process stored" \
	[ "$(most_queued)" -ge "$(pages_of 4)" ]
echo 0 >$z/mem_limit

# Pressure: reclaim through vmscan (proactive reclaim of the root cgroup
# scans every shrinker) releases queued frees in the reclaimer's context.
# 16 MiB of tmpfs give it pages to take: after 16 rounds that reclaim
# nothing, memory.reclaim drains every CPU's LRU batches with
# lru_add_drain_all(), which waits for a worker on each held CPU (an arm
# guest of 2026-12-02 hung there).
drains0=$(freeq_field zram0 pressure_drains)
dd if=/dev/zero of=/tmp/reclaimable bs=1M count=16 2>/dev/null
: >/tmp/reclaimed
check "memory.reclaim with the CPUs held, after an exit: no wait for a worker" \
	held zram0 "pageout 16 >/dev/null
	q0=\$(freeq_pending zram0)
	echo 4M >/sys/fs/cgroup/memory.reclaim 2>/dev/null
	echo \$q0 \$(freeq_pending zram0) >/tmp/reclaimed"
rm -f /tmp/reclaimable
read -r q0 q1 </tmp/reclaimed
check "reclaim releases queued frees itself, the worker held ($q0 queued after an exit, $q1 after memory.reclaim)" \
	[ "$q0" -ge "$(pages_of 4)" -a "$q1" -lt "$q0" ]
check "the shrinker drained ($(($(freeq_field zram0 pressure_drains) - drains0)) pressure drains)" \
	[ "$(freeq_field zram0 pressure_drains)" -gt "$drains0" ]
show_stats

# zswap in front of zram0: max_pool_percent=1, each process sized to take
# about 1/1.3 of that compressed.
zs=/sys/kernel/debug/zswap zp=/sys/module/zswap/parameters
echo Y >$zp/enabled
max_pct=$(cat $zp/max_pool_percent)
echo 1 >$zp/max_pool_percent
size0=$(cat $zs/pool_total_size)
per16=$(($(pageout 16 $zs/pool_total_size) - size0))
total=$(awk '$1 == "MemTotal:" { print $2 * 1024 }' /proc/meminfo)
check "zswap took the 16 MiB of the calibration ($per16 bytes compressed)" [ "$per16" -gt 0 ]
[ "$per16" -gt 0 ] || per16=$((8 << 20))
mib=$((total / 100 * 10 / 13 * 16 / per16))
hit0=$(cat $zs/pool_limit_hit) reject0=$(cat $zs/reject_reclaim_fail)
check "zswap at max_pool_percent=1 (processes of $mib MiB, 1.3 to the limit): 6 in a row page out and exit with the drain held; every page stored" \
	held 'zswap*' "$(chain 6 "$mib" $zs/stored_pages 'zswap*' "[ \$(cat /tmp/stat) -ge $(pages_of "$mib") ]")"
check "zswap did not mark itself full ($(($(cat $zs/pool_limit_hit) - hit0)) pool_limit_hit, $(($(cat $zs/reject_reclaim_fail) - reject0)) reject_reclaim_fail)" \
	[ "$(cat $zs/pool_limit_hit)" = "$hit0" ]
check "the window was open: up to $(most_queued) frees still queued when the next process stored" \
	[ "$(most_queued)" -ge "$(pages_of 4)" ]
echo "$max_pct" >$zp/max_pool_percent

# memcg: a member of a cgroup at memory.max exits with its memory in zswap
# and, the drain still held, another member takes as much again, with no
# swap left to the cgroup (memory.swap.max=0 from then on).  An entry that
# only waits in the free queue must not stay charged, or the cgroup's
# reclaim finds nothing to take and the OOM killer runs.
cg=/sys/fs/cgroup/zs-oom
mkdir -p $cg
echo 64M >$cg/memory.max
oom_kills() { awk '$1 == "oom_kill" { print $2 }' $cg/memory.events; }
: >/tmp/queued
check "memcg at memory.max=64M: a member's 48 MiB in zswap, it exits, another takes 48 MiB of tmpfs at once with the drain held" \
	held 'zswap*' "pageout 48 && freeq_pending 'zswap*' >/tmp/queued &&
		cat $cg/memory.zswap.current >/tmp/zs-charged &&
		echo 0 >$cg/memory.swap.max && dd if=/dev/zero of=/tmp/zs-oom bs=1M count=48 2>/dev/null
		rc=\$?; rm -f /tmp/zs-oom; exit \$rc" $cg
check "no OOM kill in the cgroup ($(oom_kills) oom_kill)" [ "$(oom_kills)" = 0 ]
# Whether the OOM killer runs depends on how much the queued entries
# compressed to (with a drain that uncharged them, once it did not); what
# stays charged does not: 0 bytes on the series, 13 MB with that bug.
check "the exit uncharged its zswap entries at once: memory.zswap.current $(cat /tmp/zs-charged) bytes (at most 1 MiB) with $(most_queued) frees still queued" \
	[ "$(cat /tmp/zs-charged)" -le 1048576 ]
check "the window was open: $(most_queued) frees still queued when the other member allocated" \
	[ "$(most_queued)" -ge "$(pages_of 4)" ]
check "the cgroup's memory.zswap.current is back to 0 ($(cat $cg/memory.zswap.current))" \
	[ "$(cat $cg/memory.zswap.current)" = 0 ]
rmdir $cg
echo N >$zp/enabled
show_stats
swapoff /dev/zram0
