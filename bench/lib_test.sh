#!/bin/sh
# Unit test of bench/lib.sh's build_named_kernel on a toy repository: a
# limit built before series must not leak its patch into series' build or
# its log line, and must leave the work tree on branch series.  Then
# kernel_splats, which ends a benchmark run on a report in a guest's log.
# Prints KTAP.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../tests/lib.sh"

toy=$(mktemp -d)
trap 'rm -rf "$toy"' EXIT
# The fixture stands in for the checkout: its own limits and a
# build-kernel.sh that records which tree it was given and what it held.
ROOT=$toy/root BUILD=$toy/build TREE=$toy/build/linux
mkdir -p "$ROOT/scripts" "$ROOT/bench/limits" "$TREE"
cat >"$ROOT/scripts/build-kernel.sh" <<'STUB'
printf '%s %s\n' "$1" "$(cat "$1/file")" >>"$BUILD/built"
STUB
git -C "$TREE" init -q -b series
git -C "$TREE" config user.name toy
git -C "$TREE" config user.email toy@example.org
echo base >"$TREE/file"
git -C "$TREE" add file
git -C "$TREE" commit -q -m base
git -C "$TREE" tag base
echo limit >"$TREE/file"
git -C "$TREE" diff >"$ROOT/bench/limits/toy.patch"
echo series >"$TREE/file"
git -C "$TREE" commit -q -am series
export BUILD

check() {
	eval "$2"
	result $? "$1"
}
ktap_header
list=$toy/kernels.txt
build_named_kernel toy "$list" 2>/dev/null
build_named_kernel series "$list" 2>/dev/null
check "the limit is built from base with its patch" \
	'grep -qx "$BUILD/src/base limit" "$BUILD/built"'
check "series after a limit is built from the work tree as it is" \
	'grep -qx "$TREE series" "$BUILD/built"'
check "the limit's line names its patch" \
	'grep -q "^toy .* base + bench/limits/toy.patch$" "$list"'
check "series' line names no patch" \
	'grep -qx "series [0-9a-f]* series" "$list"'
check "the work tree stays on branch series" \
	'[ "$(git -C "$TREE" symbolic-ref -q --short HEAD)" = series ]'

log=$toy/guest.log
cat >"$log" <<'LOG'
[   12.000000] swap_free_bench: page allocation failure: order:0, mode:0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), nodemask=(null)
[   12.000001] CPU: 1 PID: 88 Comm: swap_free_bench
[   12.000002] Call Trace:
=== ZS-END bench rc=0 ===
LOG
check "a failed allocation's stack trace is no report" '[ -z "$(kernel_splats "$log")" ]'
echo '[   13.000000] WARNING: CPU: 0 PID: 1 at mm/zswap.c:1693 zswap_swapoff+0x5c/0x70' >>"$log"
check "a WARNING is one" \
	'[ "$(kernel_splats "$log")" = "[   13.000000] WARNING: CPU: 0 PID: 1 at mm/zswap.c:1693 zswap_swapoff+0x5c/0x70" ]'
summary
