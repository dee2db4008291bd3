#!/bin/sh
# make check: the series applies to the pinned base with no fuzz, is what the
# work tree holds, passes checkpatch --strict, builds after every patch for
# x86_64, i386, arm64 and arm, and the patched kernel swaps through zram and
# zswap without losing a byte or printing a warning on x86_64, arm64 (4 and
# 16 KiB pages), i386 and arm guests.  Prints KTAP; ends with "N passed, N
# failed" and exits 1 on a failure.
#   QUICK=1   make check-quick: no per-patch builds, no other guest, no
#             debug kernel: apply, checkpatch, the tip's build, one x86_64
#             guest
#   ZSARGS    the check job's groups to run on every guest
#             (guest/jobs/check.sh), all by default
#   DURATION  seconds of the bounded stress run (default 120)
set -u
ZS_T0=${ZS_T0:-$(date +%s)}
export ZS_T0
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/logs"
ktap_header
quick=${QUICK:-0}
sh "$ROOT/scripts/prepare-tree.sh" || { result 1 "prepare the work tree (make tree)"; summary; }
cd "$TREE" || exit 1
version=$(cat .git/base-version)
patches=$(ls "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch | grep -v /0000-cover-letter.patch)
pinned=$(kv "$SERIES_DIR/base.conf" version)
[ "$version" = "$pinned" ] || say "NOTICE: checking against $version, not the pinned $pinned"

# git apply refuses any fuzz; a scratch index leaves the work tree alone.
index=$(mktemp)
GIT_INDEX_FILE=$index git read-tree base
rc=0
for p in $patches; do
	GIT_INDEX_FILE=$index git apply --cached "$p" 2>&1 || { rc=1; say "$(basename "$p") does not apply"; break; }
done
rm -f "$index"
result $rc "series applies to $(kv "$SERIES_DIR/base.conf" package) $version with no fuzz"

# The harness's own code: the benchmark tool's unit tests.
python3 "$ROOT/bench/zsbench_test.py" >"$BUILD/logs/zsbench-test.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -n 20 "$BUILD/logs/zsbench-test.log" >&2
result $rc "bench/zsbench.py unit tests ($(grep -E '^Ran [0-9]+ tests' "$BUILD/logs/zsbench-test.log" | cut -c5-))"
sh "$ROOT/bench/lib_test.sh" >"$BUILD/logs/bench-lib-test.log" 2>&1
rc=$?
[ $rc = 0 ] || grep '^not ok' "$BUILD/logs/bench-lib-test.log" >&2
result $rc "bench/lib.sh unit tests ($(grep -c '^ok' "$BUILD/logs/bench-lib-test.log") of $(sed -n 's/^1\.\.//p' "$BUILD/logs/bench-lib-test.log"))"
python3 "$ROOT/bench/zsbench.py" readme --check >&2
result $? "README.md and bench/README.md tables are what bench/results gives (make readme)"

# The tree must hold what series/ holds, or everything below tests the wrong thing.
rc=0
exported=$(for p in $patches; do git patch-id --stable <"$p" | cut -d' ' -f1; done)
committed=$(for c in $(git rev-list --reverse base..series); do git show "$c" | git patch-id --stable | cut -d' ' -f1; done)
[ "$exported" = "$committed" ] || { rc=1; say "build/linux branch series differs from series/: make export (or RESET=1 make tree)"; }
result $rc "build/linux branch series matches ${SERIES_DIR#"$ROOT"/}"

# applies_to REF KIND USER PATCH...: a test for each PATCH that it applies
# to REF on its own, with no fuzz.
applies_to() {
	ref=$1 kind=$2 user=$3
	shift 3
	index=$(mktemp)
	GIT_INDEX_FILE=$index git read-tree "$ref"
	for p in "$@"; do
		GIT_INDEX_FILE=$index git apply --cached --check "$p" 2>&1
		result $? "$kind $(basename "$p" .patch) applies to $ref ($user)"
	done
	rm -f "$index"
}
# make mutants and make bench take hours, so make check runs neither; but a
# patch of theirs that stopped applying is a test or a reference that
# stopped running, unnoticed.
applies_to series mutant "make mutants" "$ROOT"/tests/mutants/*.patch
applies_to base "measurement reference" "make bench" "$ROOT"/bench/limits/*.patch

for p in $patches; do
	out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q "$p" 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out" >&2
	result $rc "checkpatch --strict: $(basename "$p")"
done

# Every patch builds on its own, with -Werror (config/guest.config) and W=1:
# the kernel is built whole at the base for x86_64 and i386 (no class index
# in the obj) and at the tip for every guest, and in between, patch by
# patch, the kernel objects each patch touches are compiled for x86_64,
# i386, arm64 with 16 KiB pages and 32-bit arm, and the test programs
# built.
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	result 1 "build/linux has uncommitted changes: commit them before make check"
	summary
fi
# touched_objects COMMIT: the kernel objects built from what COMMIT changes.
touched_objects() {
	git diff --name-only "$1^" "$1" | sed -n \
		-e 's|^include/linux/zsmalloc\.h$|mm/zsmalloc.o|p' \
		-e 's|^mm/tests/zsmalloc_kunit\.h$|mm/zsmalloc.o|p' \
		-e 's|^drivers/block/zram/.*|drivers/block/zram/zram_drv.o|p' \
		-e 's|^mm/\([^/]*\)\.c$|mm/\1.o|p' | sort -u
}
patch_variants="series i386 arm64-16k arm"
build_each_patch() {
	# Interrupted, the run would leave build/linux detached at a patch.
	undo_on_exit 'git checkout -q series'
	git checkout -q --detach base
	rc=0
	guest_kernel series && guest_kernel i386 && guest_config arm64-16k && guest_config arm || rc=1
	result $rc "the base builds for x86_64 and i386 (arm64-16k and arm: configured)"
	i=0
	for c in $(git rev-list --reverse base..series); do
		i=$((i + 1))
		git checkout -q --detach "$c"
		objs=$(touched_objects "$c")
		say "patch $i: W=1 for $patch_variants:" ${objs:-none}
		rc=0
		: >"$BUILD/logs/w1.log"
		for v in $patch_variants; do
			# shellcheck disable=SC2086
			[ -z "$objs" ] || kmake_arch "$(variant_arch $v)" -s -C "$TREE" O="$BUILD/obj/$v" W=1 $objs \
				>>"$BUILD/logs/w1.log" 2>&1 || rc=1
		done
		[ $rc != 0 ] || sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/step" >>"$BUILD/logs/w1.log" 2>&1 || rc=1
		[ $rc = 0 ] || tail -n 30 "$BUILD/logs/w1.log" >&2
		result $rc "builds after patch $i (W=1, $patch_variants: ${objs:-no kernel object}; test programs): $(git log -1 --format=%s "$c")"
	done
}
[ "$quick" = 1 ] || build_each_patch
git checkout -q series
undo_done
# Every guest runs the KUnit suite and every check group: x86_64 (make
# check-quick stops after it), Android's arm64 with 16 and with 4 KiB
# pages, and the two without room for the class index in the obj (the
# compile-time fallback), i386 and 32-bit arm.
for v in series arm64-16k arm64 i386 arm; do
	a=$(variant_arch "$v") label=$v
	[ "$v" != series ] || label=x86_64
	if guest_kernel "$v" && guest_initramfs "$a"; then
		result 0 "$label kernel and test programs build"
		# Each line the guest check prints is a test of its own.
		ARCH=$a sh "$ROOT/tests/guest-check.sh" "$(kimage "$v")" "$(initramfs "$a")" \
			"$BUILD/logs/check-$v.log" "$label" >"$BUILD/logs/check-$v.results"
		results_from "$BUILD/logs/check-$v.results"
	else
		result 1 "$label kernel and test programs build"
	fi
	[ "$quick" != 1 ] || summary
done

# The debug kernel (KASAN, lockdep, kmemleak, fault injection) under the
# stress job, bounded (two minutes, every 8th allocation site failed in
# the sweeps) to keep make check within its time; make stress runs it for
# an hour and fails every site.
DURATION=${DURATION:-120} sh "$ROOT/tests/stress.sh" 8 >"$BUILD/logs/stress.results"
results_from "$BUILD/logs/stress.results"

summary
