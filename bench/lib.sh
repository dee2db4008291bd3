# Shared by the benchmark runners: the kernels they compare, the interleaved
# boots and the lines every report starts with.
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"

# bench_kernels RAW: build/initramfs-x86_64.cpio.gz with the series' test
# programs (the same binaries for every kernel) and every kernel of
# KERNELS, listed in RAW/kernels.txt.
bench_kernels() {
	guest_initramfs x86_64
	for k in $KERNELS; do
		build_named_kernel "$k" "$1/kernels.txt"
	done
}

# interleaved_boots RAW WHAT PATTERN PARAM...: boots each kernel of KERNELS
# in turn (A B A B ...), BOOTS times, with the kernel parameters PARAM...;
# shows the guest's lines that match "^# PATTERN" as progress, and keeps
# only the lines matching "^# PATTERN" or TAP results of each boot in
# RAW/NAME-bootN.txt.  Exits on a boot that fails.
interleaved_boots() {
	raw=$1 what=$2 pattern=$3
	shift 3
	total=$((BOOTS * $(echo "$KERNELS" | wc -w)))
	i=0
	for b in $(seq 1 "$BOOTS"); do
		for k in $KERNELS; do
			name=${k%%=*}
			i=$((i + 1))
			say "boot $i/$total: $name, round $b ($what)"
			log=$raw/$name-boot$b.log
			{
				sh "$ROOT/scripts/run-vm.sh" "$(bzimage "$name")" \
					"$(initramfs x86_64)" "$log" "$@"
				echo $? >"$raw/rc"
			} | sed -n -u -E "s/^# ($pattern)/    \1/p"
			[ "$(cat "$raw/rc")" = 0 ] || die "boot $i failed: $log"
			grep -E "^# ($pattern)|^(not )?ok " "$log" >"${log%.log}.txt" || true
			rm "$log"
		done
	done
	rm -f "$raw/rc"
}

# build_named_kernel NAME[=REF] LIST: builds a kernel in build/obj/NAME from
# the work tree: series is the branch as it stands, NAME alone any other ref
# of that name (base), NAME=REF the commit REF, checked out in
# build/src/NAME.  Appends "NAME SHA SUBJECT" to LIST.
build_named_kernel() {
	name=${1%%=*} ref=${1#*=}
	src=$BUILD/src/$name
	[ "$name" = series ] && src=$TREE
	if [ "$src" != "$TREE" ]; then
		# checkout takes "series^{/subject}" for a path: give it the hash.
		ref=$(git -C "$TREE" rev-parse --verify -q "$ref^{commit}") || die "no commit $1"
		[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$src" "$ref"
		git -C "$src" checkout -q --detach "$ref"
	fi
	sh "$ROOT/scripts/build-kernel.sh" "$src" "$BUILD/obj/$name"
	git -C "$src" log -1 --format="$name %H %s" >>"$2"
}

# bench_meta COMMAND KERNEL: machine_meta for the benchmark guest, and the
# config fragments KERNEL was built from.
bench_meta() {
	machine_meta "$1" "" "zram 3G lzo-rle"
	echo "config: tinyconfig + config/guest.config + config/x86_64.config (fragment md5 $(cut -d- -f1 "$BUILD/obj/$2/.fragments"))"
	echo "kernel options: $(grep -E '^# CONFIG_SLUB_TINY |^CONFIG_(SLUB_TINY|CC_OPTIMIZE_FOR_[A-Z]*|PREEMPT|PREEMPT_VOLUNTARY|PREEMPT_NONE|HZ|MEMCG|TRANSPARENT_HUGEPAGE|WERROR)[= ]' \
		"$BUILD/obj/$2/.config" | sed 's/^# \(CONFIG_[A-Z_]*\) is not set/\1=n/' | tr '\n' ' ')"
}
