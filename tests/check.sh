#!/bin/sh
# make check: the series applies to the pinned base with no fuzz, is what the
# work tree holds, passes checkpatch --strict, builds after every patch, and
# the patched kernel swaps through zram and zswap without losing a byte or
# printing a warning.  Ends with "N passed, N failed"; exits 1 on a failure.
set -u
ZS_T0=${ZS_T0:-$(date +%s)}
export ZS_T0
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
result $rc "series applies to $(kv "$SERIES_DIR/base.conf" package) $version with no fuzz"

# The tree must hold what series/ holds, or everything below tests the wrong thing.
rc=0
exported=$(for p in $patches; do git patch-id --stable <"$p" | cut -d' ' -f1; done)
committed=$(for c in $(git rev-list --reverse base..series); do git show "$c" | git patch-id --stable | cut -d' ' -f1; done)
[ "$exported" = "$committed" ] || { rc=1; say "build/linux branch series differs from series/: make export (or RESET=1 make tree)"; }
result $rc "build/linux branch series matches ${SERIES_DIR#"$ROOT"/}"

for p in $patches; do
	out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q "$p" 2>&1)
	rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out"
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
git checkout -q --detach base
rc=0
sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj" &&
	ARCH=i386 sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj32" || rc=1
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
		{ rc=1; tail -n 30 "$BUILD/logs/w1.log"; }
	result $rc "builds after patch $i (W=1, x86_64 and i386: ${objs:-no kernel object}; test programs): $(git log -1 --format=%s "$c")"
done
git checkout -q series
rc=0
sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj" || rc=1
result $rc "the series builds whole for x86_64"
[ $rc = 0 ] || summary

sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/series" &&
	sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/series" "$BUILD/initramfs-series.cpio.gz" ||
	{ result 1 "initramfs"; summary; }

# Each line the guest check prints is a test of its own.
sh "$ROOT/tests/guest-check.sh" "$obj/arch/x86/boot/bzImage" "$BUILD/initramfs-series.cpio.gz" \
	"$BUILD/logs/check-series.log" x86_64 >"$BUILD/logs/check-series.results"
results_from "$BUILD/logs/check-series.results"

# 32-bit has no room for the class index in the obj: the compile-time
# fallback must build, boot and swap correctly too.
if ARCH=i386 sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj32" &&
	ARCH=i386 sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/i386" &&
	ARCH=i386 sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/i386" "$BUILD/initramfs-i386.cpio.gz"; then
	result 0 "i386 kernel and test programs build"
	VM_ARCH=i386 sh "$ROOT/tests/guest-check.sh" "$obj32/arch/x86/boot/bzImage" \
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
