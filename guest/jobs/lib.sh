# Sourced by the jobs: TAP lines and the zram/zswap counters they check.
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
finish() { echo "1..$n"; [ "$failed" = 0 ]; }

pagesize=$(awk '/^KernelPageSize:/ { print $2 * 1024; exit }' /proc/self/smaps)
# pages_of MIB: how many pages MIB MiB take.
pages_of() { echo $(($1 * 1048576 / pagesize)); }
# The kernel has the size class index in the obj value (64-bit), or
# zsmalloc's fallback for 32-bit.
case $(uname -m) in
x86_64 | aarch64) class_bits=1 ;;
*) class_bits=0 ;;
esac

thp=/sys/kernel/mm/transparent_hugepage
# mthp_only SIZE (such as 64k): that multi-size THP size alone, on madvise
# (PMD-sized THP would take the aligned ranges); fails if there is none.
mthp_only() {
	for c in "$thp"/hugepages-*/enabled; do echo never >"$c"; done
	echo madvise 2>/dev/null >"$thp/hugepages-$1B/enabled"
}
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
# zram_field FILE N [DEV]: the Nth number (from 1) of /sys/block/DEV/FILE
# (DEV: zram0).
zram_field() { grep -v '^version' "/sys/block/${3:-zram0}/$1" | awk -v n="$2" '{ print $n }'; }

show_stats() {
	for f in mm_stat io_stat debug_stat; do
		echo "# zram0 $f: $(grep -v '^version' /sys/block/zram0/$f)"
	done
	for f in /sys/kernel/debug/zsmalloc/*/free_queue; do
		[ -f "$f" ] && echo "# $f: $(tr '\n' ' ' <"$f")"
	done
	for f in /sys/kernel/debug/zsmalloc/*/classes; do
		[ -f "$f" ] || continue
		echo "# $f (classes in use):"
		awk '$1 == "class" || $1 == "Total" || ($1 ~ /^[0-9]+$/ && $14 > 0)' "$f" | sed 's/^/#   /'
	done
}

# zswap_counts: zswap's stored pages and how many of them are incompressible.
zswap_counts() {
	echo "$(cat /sys/kernel/debug/zswap/stored_pages) $(cat /sys/kernel/debug/zswap/stored_incompressible_pages)"
}
# zswap_counts_none: zswap counts no stored page, incompressible or not.
zswap_counts_none() { [ "$(zswap_counts)" = "0 0" ]; }
# freeq_field POOL KEY: a value of the pool's debugfs free_queue file.
freeq_field() { awk -v k="$2" '$1 == k { print $2 }' "/sys/kernel/debug/zsmalloc/$1/free_queue"; }
# freeq_balanced POOL: every record pushed was drained or is pending.
freeq_balanced() {
	awk '{ v[$1] = $2 } END { exit !(v["pushed"] == v["drained"] + v["pending_percpu"] + v["pending_queued"]) }' \
		"/sys/kernel/debug/zsmalloc/$1/free_queue"
}
# freeq_counts POOLS: the records pending (queued, not yet drained) in the
# free queues of the pools matching the glob POOLS, and the most spare
# blocks one of them has, from one read of each.
freeq_counts() {
	cat /sys/kernel/debug/zsmalloc/$1/free_queue 2>/dev/null | awk '
		$1 ~ /^pending_/ { pending += $2 }
		$1 == "spare_blocks" && $2 > spares { spares = $2 }
		END { print pending + 0, spares + 0 }'
}
# freeq_pending POOLS: the records pending in them.
# shellcheck disable=SC2046
freeq_pending() { set -- $(freeq_counts "$1"); echo "$1"; }
# freeq_off POOLS Y|N: switches the free queue of the pools matching the
# glob POOLS off (Y: every push falls back to an immediate free) or on.
# Pools come and go under load: one that went meanwhile is no error.
freeq_off() {
	for f in /sys/kernel/debug/zsmalloc/$1/free_queue_off; do
		echo "$2" 2>/dev/null >"$f"
	done
	return 0
}
# deadline SECONDS: the guest's uptime SECONDS from now (0: now), for
# before and since.  Uptime, not date: the guest has no clock to trust.
deadline() { awk -v s="$1" '{ print $1 + s }' /proc/uptime; }
# before END: the guest's uptime has not reached END.
before() { awk -v e="$1" '{ exit !($1 < e) }' /proc/uptime; }
# since START: the seconds of uptime since START, to a hundredth.
since() { awk -v t="$1" '{ printf "%.2f", $1 - t }' /proc/uptime; }
# freeq_idle POOL: the pool's free queue holds no memory (no block, no
# scratch buffer), waiting up to 5 s of the guest's uptime for it to give back
# what it held.  busybox's sleep may take no fraction: whole seconds.
freeq_idle() {
	end=$(deadline 5)
	while [ "$(freeq_field "$1" blocks)" != 0 ] || [ "$(freeq_field "$1" scratch_buffer)" != 0 ]; do
		before "$end" || return 1
		sleep 1
	done
}
# freeq_show POOLS: the free_queue files of the pools matching the glob
# POOLS, one line each.
freeq_show() {
	for f in /sys/kernel/debug/zsmalloc/$1/free_queue; do
		[ -f "$f" ] && echo "$f: $(tr '\n' ' ' <"$f")"
	done
}
# freeq_state POOLS: "busy" if a free queue of the pools matching the glob
# POOLS has records pending, else "ready" if one has two spare blocks or
# more, else "idle".
freeq_state() {
	# shellcheck disable=SC2046
	set -- $(freeq_counts "$1")
	if [ "$1" != 0 ]; then
		echo busy
	elif [ "$2" -ge 2 ]; then
		echo ready
	else
		echo idle
	fi
}
# spares_ready POOLS: freeq_state ready, for frees made while no worker can
# refill the spares, and with nothing pending, so that no drain holds the
# drain lock (which reclaim only tries) when the CPUs are held.  An idle
# queue frees its spares after a second: 8 MiB paged out and freed bring
# them back.  This waits up to 10 s of the guest's uptime, 50 ms at a time,
# for the worker's drain and refill, paging out again whenever the queue
# is idle without spares (the second passed between two looks, as on a
# slow host, or the frees found no spare and the refill came after them),
# then 100 ms more for the worker to let go of the lock.
spares_ready() {
	end=$(deadline 10)
	pageout 8 >/dev/null || return 1
	while :; do
		case $(freeq_state "$1") in
		ready) break ;;
		idle)
			pageout 8 >/dev/null || return 1
			# Let the kworker refill, should the frees have found no spare.
			usleep 50000
			;;
		*) usleep 50000 ;;
		esac
		before "$end" || return 1
	done
	usleep 100000
}
# held_watchdog LIMIT: once /tmp/held-hogs names busy loops holding the
# CPUs (held-drain.sh), and if it names some again LIMIT seconds of uptime
# later, shows where every task of SCHED_FIFO priority 2 (the held script
# and its children) sleeps, ends the loops and leaves /tmp/held-expired.
# The file is gone between two tries to hold the CPUs, when they are let
# go: no deadline there.  Runs until killed.
held_watchdog() {
	until [ -e /tmp/held-hogs ]; do sleep 1; done
	end=$(deadline "$1")
	while :; do
		sleep 1
		! before "$end" || continue
		hogs=$(cat /tmp/held-hogs 2>/dev/null) || continue
		: >/tmp/held-expired
		show_held
		# shellcheck disable=SC2086
		kill $hogs
		return
	done
}
show_held() {
	for d in /proc/[0-9]*; do
		# Fields 40 (rt_priority) and 41 (policy) of stat, past "PID (COMM) ".
		# shellcheck disable=SC2046
		set -- $(sed 's/^.*) //' "$d/stat" 2>/dev/null)
		[ "${38:-}" = 2 ] && [ "${39:-}" = 1 ] || continue
		echo "# held past the limit: ${d#/proc/} $(cat "$d/comm") (state $1, in $(cat "$d/wchan")):"
		sed 's/^/#   /' "$d/stack"
	done
}
