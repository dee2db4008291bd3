#!/bin/sh
# make check: the series applies to the pinned base with no fuzz, is what the
# work tree holds, passes checkpatch --strict, builds after every patch, and
# the patched kernel swaps through zram and zswap without losing a byte or
# printing a warning.  Ends with "N passed, N failed"; exits 1 on a failure.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

passed=0 failed=0 failures=""
result() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1)); printf 'PASS: %s\n' "$2"
	else
		failed=$((failed + 1)); failures="$failures
  $2"; printf 'FAIL: %s\n' "$2"
	fi
}
summary() {
	[ -z "$failures" ] || printf '\nfailed:%s\n' "$failures"
	printf '\n%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
	exit
}

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

log=$BUILD/logs/check-series.log
{
	sh "$ROOT/scripts/run-vm.sh" "$obj/arch/x86/boot/bzImage" "$BUILD/initramfs-series.cpio.gz" \
		"$log" zsjob=check
	echo $? >"$log.rc"
} | tee "$log.tap"
rc=$(cat "$log.rc")
result $rc "guest check job completed (exit $rc, log ${log#"$ROOT"/})"
# Each TAP line of the guest is a test of its own.
while IFS= read -r line; do
	case $line in
	"ok "*) result 0 "guest: ${line#ok * - }" ;;
	"not ok "*) result 1 "guest: ${line#not ok * - }" ;;
	esac
done <<TAP
$(grep -E '^(not )?ok [0-9]+ - ' "$log.tap")
TAP

splats=$(grep -E 'WARNING:|BUG:|Oops|Call Trace:|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called|KASAN:|Kernel panic' "$log" | head -n 20)
[ -z "$splats" ] || printf '%s\n' "$splats"
result "$([ -z "$splats" ] && echo 0 || echo 1)" "kernel log free of WARNING, BUG and lockdep reports"

summary
