#!/bin/sh
# make check: the series applies to the pinned base with no fuzz, is what the
# work tree holds, passes checkpatch --strict, builds after every patch, and
# the patched kernel swaps through zram and zswap without losing a byte or
# printing a warning.  Prints KTAP; ends with "N passed, N failed" and
# exits 1 on a failure.
#   QUICK=1   make check-quick: no per-patch builds, no i386, UML or debug
#             kernel: apply, checkpatch, the tip's build, one x86_64 guest
#   ZSARGS    the check job's groups to run (guest/jobs/check.sh), all
#             by default
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
python3 "$ROOT/bench/zsbench.py" readme --check >&2
result $? "README.md and bench/README.md tables are what bench/results gives (make readme)"

# The tree must hold what series/ holds, or everything below tests the wrong thing.
rc=0
exported=$(for p in $patches; do git patch-id --stable <"$p" | cut -d' ' -f1; done)
committed=$(for c in $(git rev-list --reverse base..series); do git show "$c" | git patch-id --stable | cut -d' ' -f1; done)
[ "$exported" = "$committed" ] || { rc=1; say "build/linux branch series differs from series/: make export (or RESET=1 make tree)"; }
result $rc "build/linux branch series matches ${SERIES_DIR#"$ROOT"/}"

for p in $patches; do
	out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q "$p" 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out" >&2
	result $rc "checkpatch --strict: $(basename "$p")"
done

# Every patch builds on its own, with -Werror (config/guest.config) and W=1:
# the kernel is built whole at the base and at the tip, for x86_64 and for
# i386 (no class index in the obj), and in between, patch by patch, the
# kernel objects each patch touches are compiled for both, and the test
# programs built.
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
obj=$BUILD/obj/series
obj32=$BUILD/obj/i386
build_each_patch() {
	git checkout -q --detach base
	rc=0
	guest_kernel series && guest_kernel i386 || rc=1
	result $rc "the base builds for x86_64 and i386"
	i=0
	for c in $(git rev-list --reverse base..series); do
		i=$((i + 1))
		git checkout -q --detach "$c"
		objs=$(touched_objects "$c")
		say "patch $i: W=1 for x86_64 and i386:" ${objs:-none}
		rc=0
		# shellcheck disable=SC2086
		{ [ -z "$objs" ] || { kmake -s -C "$TREE" O="$obj" W=1 $objs &&
			kmake -s -C "$TREE" O="$obj32" ARCH=i386 W=1 $objs; }; } >"$BUILD/logs/w1.log" 2>&1 &&
			sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/step" >>"$BUILD/logs/w1.log" 2>&1 ||
			{ rc=1; tail -n 30 "$BUILD/logs/w1.log" >&2; }
		result $rc "builds after patch $i (W=1, x86_64 and i386: ${objs:-no kernel object}; test programs): $(git log -1 --format=%s "$c")"
	done
}
[ "$quick" = 1 ] || build_each_patch
git checkout -q series
rc=0
guest_kernel series && guest_initramfs x86_64 || rc=1
result $rc "the series builds whole for x86_64, with its test programs"
[ $rc = 0 ] || summary

# Each line the guest check prints is a test of its own.
sh "$ROOT/tests/guest-check.sh" "$(bzimage series)" "$(initramfs x86_64)" \
	"$BUILD/logs/check-series.log" x86_64 >"$BUILD/logs/check-series.results"
results_from "$BUILD/logs/check-series.results"
[ "$quick" != 1 ] || summary

# 32-bit has no room for the class index in the obj: the compile-time
# fallback must build, boot and swap correctly too.
if guest_kernel i386 && guest_initramfs i386; then
	result 0 "i386 kernel and test programs build"
	ARCH=i386 sh "$ROOT/tests/guest-check.sh" "$(bzimage i386)" \
		"$(initramfs i386)" "$BUILD/logs/check-i386.log" i386 >"$BUILD/logs/check-i386.results"
	results_from "$BUILD/logs/check-i386.results"
else
	result 1 "i386 kernel and test programs build"
fi

sh "$ROOT/tests/kunit-uml.sh" >"$BUILD/logs/kunit-uml.results"
results_from "$BUILD/logs/kunit-uml.results"

# The debug kernel (KASAN, lockdep, kmemleak, fault injection) under the
# stress job, bounded (two minutes, every 8th allocation site failed in
# the sweeps) to keep make check within its time; make stress runs it for
# an hour and fails every site.
DURATION=${DURATION:-120} sh "$ROOT/tests/stress.sh" 8 >"$BUILD/logs/stress.results"
results_from "$BUILD/logs/stress.results"

summary
