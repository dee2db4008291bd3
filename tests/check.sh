#!/bin/sh
# make check: the series applies to the pinned base with no fuzz, is what the
# work tree holds, passes checkpatch --strict, builds after every patch, and
# the patched kernel swaps through zram and zswap without losing a byte or
# printing a warning.  Ends with "N passed, N failed"; exits 1 on a failure.
set -u
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/logs"
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
result $rc "series applies to linux-source-7.2 $version with no fuzz"

# The tree must hold what series/ holds, or everything below tests the wrong thing.
rc=0
exported=$(for p in $patches; do git patch-id --stable <"$p" | cut -d' ' -f1; done)
committed=$(for c in $(git rev-list --reverse base..series); do git show "$c" | git patch-id --stable | cut -d' ' -f1; done)
[ "$exported" = "$committed" ] || { rc=1; say "build/linux branch series differs from series/: make export (or RESET=1 make tree)"; }
result $rc "build/linux branch series matches series/v7.2"

for p in $patches; do
	out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q "$p" 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out"
	result $rc "checkpatch --strict: $(basename "$p")"
done

# Every patch builds on its own: walk the branch in the one build directory,
# so each step recompiles only what the patch touched.
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	result 1 "build/linux has uncommitted changes: commit them before make check"
	summary
fi
obj=$BUILD/obj/series
i=0
for c in $(git rev-list --reverse base..series); do
	i=$((i + 1))
	git checkout -q --detach "$c"
	rc=0
	sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj" && 
		sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/step" || rc=1
	result $rc "builds after patch $i: $(git log -1 --format=%s "$c")"
done
git checkout -q series
[ "$i" -gt 0 ] || { sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj" || result 1 "build"; }

sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/series" &&
	sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/series" "$BUILD/initramfs-series.cpio.gz" ||
	{ result 1 "initramfs"; summary; }

# Each line the guest check prints is a test of its own.
sh "$ROOT/tests/guest-check.sh" "$obj/arch/x86/boot/bzImage" "$BUILD/initramfs-series.cpio.gz" \
	"$BUILD/logs/check-series.log" x86_64 >"$BUILD/logs/check-series.results"
results_from "$BUILD/logs/check-series.results"

# 32-bit has no room for the class index in the obj: the compile-time
# fallback must build, boot and swap correctly too.
if ARCH=i386 sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$BUILD/obj/i386" &&
	ARCH=i386 sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/i386" &&
	ARCH=i386 sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/i386" "$BUILD/initramfs-i386.cpio.gz"; then
	result 0 "i386 kernel and test programs build"
	VM_ARCH=i386 sh "$ROOT/tests/guest-check.sh" "$BUILD/obj/i386/arch/x86/boot/bzImage" \
		"$BUILD/initramfs-i386.cpio.gz" "$BUILD/logs/check-i386.log" i386 >"$BUILD/logs/check-i386.results"
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
sh "$ROOT/scripts/stress.sh" "${STRESS_SECONDS:-120}" 8 >"$BUILD/logs/stress.results"
results_from "$BUILD/logs/stress.results"

summary
