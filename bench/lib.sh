# Shared by the benchmark runners: the kernels they compare, the interleaved
# boots and the lines every report starts with.
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"

# The guest the benchmark runs on: VARIANT series (x86_64, the default),
# arm64 (4 KiB pages) or arm64-16k.  Its series kernel is the one make
# check builds (build/obj/VARIANT); the other kernels go to
# build/obj/NAME-VARIANT.
VARIANT=${VARIANT:-series}
bench_arch=$(variant_arch "$VARIANT")
# bench_obj NAME: where the kernel NAME of this benchmark is built.
bench_obj() {
	if [ "$VARIANT" = series ]; then
		echo "$BUILD/obj/$1"
	elif [ "$1" = series ]; then
		echo "$BUILD/obj/$VARIANT"
	else
		echo "$BUILD/obj/$1-$VARIANT"
	fi
}

# bench_kernels RAW: build/initramfs-ARCH.cpio.gz with the series' test
# programs (the same binaries for every kernel) and every kernel of
# KERNELS, listed in RAW/kernels.txt.
bench_kernels() {
	guest_initramfs "$bench_arch"
	for k in $KERNELS; do
		build_named_kernel "$k" "$1/kernels.txt"
	done
}

# interleaved_boots RAW WHAT PATTERN PARAM...: boots each kernel of KERNELS
# in turn (A B A B ...), BOOTS times, with the kernel parameters PARAM...;
# shows the guest's lines that match "^# PATTERN" (or KUnit's, indented) as
# progress, and keeps only those lines or TAP results of each boot in
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
			# A limit leaks on purpose: its guest does not wait for
			# the memory to come back.
			leaks=
			limit_patch "$name" >/dev/null && leaks=zsleaks=1
			{
				# shellcheck disable=SC2086
				ARCH=$bench_arch sh "$ROOT/scripts/run-vm.sh" \
					"$(kimage_in "$(bench_obj "$name")" "$bench_arch")" \
					"$(initramfs "$bench_arch")" "$log" "$@" $leaks
				echo $? >"$raw/rc"
			} | sed -n -u -E "s/^ *# ($pattern)/    \1/p"
			[ "$(cat "$raw/rc")" = 0 ] || die "boot $i failed: $log"
			splats=$(kernel_splats "$log")
			[ -z "$splats" ] || { printf '%s\n' "$splats" >&2; die "boot $i: the kernel log reports a problem: $log"; }
			grep -E "^ *# ($pattern)|^(not )?ok " "$log" >"${log%.log}.txt" || true
			rm "$log"
		done
	done
	rm -f "$raw/rc"
}

# limit_patch NAME: the patch that makes the measurement reference NAME
# (bench/limits/NAME.patch) of the base kernel; fails for any other kernel.
limit_patch() {
	[ -f "$ROOT/bench/limits/$1.patch" ] && echo "$ROOT/bench/limits/$1.patch"
}

# build_named_kernel NAME[=REF] LIST: builds a kernel in build/obj/NAME from
# the work tree: series is the branch as it stands, NAME alone any other ref
# of that name (base), a limit (bench/limits/NAME.patch) base with that
# patch, NAME=REF the commit REF.  All but series are checked out in turn in
# one worktree, build/src/base, where ccache knows every object of base.
# Appends "NAME SHA SUBJECT" to LIST.
build_named_kernel() {
	name=${1%%=*} ref=${1#*=} limit=
	src=$TREE
	if [ "$name" != series ]; then
		src=$BUILD/src/base
		limit=$(limit_patch "$name") && ref=base
		# checkout takes "series^{/subject}" for a path: give it the hash.
		ref=$(git -C "$TREE" rev-parse --verify -q "$ref^{commit}") || die "no commit $1"
		[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$src" "$ref"
		git -C "$src" checkout -q -f --detach "$ref"
		[ -z "$limit" ] || git -C "$src" apply "$limit" || die "$limit does not apply to base"
	fi
	# shellcheck disable=SC2046
	ARCH=$bench_arch sh "$ROOT/scripts/build-kernel.sh" "$src" "$(bench_obj "$name")" \
		$(variant_fragments "$VARIANT")
	if [ -n "$limit" ]; then
		git -C "$src" log -1 --format="$name %H %s + bench/limits/$name.patch" >>"$2"
		git -C "$src" checkout -q -f --detach "$ref"
	else
		git -C "$src" log -1 --format="$name %H %s" >>"$2"
	fi
}

# bench_meta COMMAND KERNEL RAW: machine_meta for the benchmark guest, the
# config fragments KERNEL was built from, and the page size and free queue
# block capacity of each kernel, as its guest reported them in RAW.
bench_meta() {
	machine_meta "$1" "$bench_arch" "" "zram 3G lzo-rle"
	for f in "$3"/*-boot1.txt; do
		sed -n "s|^# kernel: |$(basename "$f" -boot1.txt): |p" "$f" | head -n 1
	done
	o=$(bench_obj "$2")
	echo "config ($bench_arch): tinyconfig + $(variant_fragments "$VARIANT" | sed "s|^$ROOT/||" | tr '\n' ' ')(fragment md5 $(cut -d- -f1 "$o/.fragments"))"
	echo "kernel options: $(grep -E '^# CONFIG_SLUB_TINY |^CONFIG_(SLUB_TINY|CC_OPTIMIZE_FOR_[A-Z]*|PREEMPT|PREEMPT_VOLUNTARY|PREEMPT_NONE|HZ|MEMCG|TRANSPARENT_HUGEPAGE|WERROR|ARM64_[0-9]*K_PAGES)[= ]' \
		"$o/.config" | sed 's/^# \(CONFIG_[A-Z_]*\) is not set/\1=n/' | tr '\n' ' ')"
}
