#!/bin/sh
# build-tests.sh SRC OUT: the in-tree test programs of SRC, linked statically
# so that they run in the busybox initramfs, copied to OUT, for ARCH
# (x86_64, the default, i386, arm64 or arm).
set -eu
. "$(dirname "$0")/lib.sh"
need build-essential
arch=${ARCH:-x86_64}
m32=""
# gcc-N-multilib, not Debian's gcc-multilib, which conflicts with the
# Arm cross compilers: installing one would remove the others.  What
# gcc-multilib adds besides, the /usr/include/asm link for -m32, comes
# from -idirafter (the x86_64 kernel headers serve i386 as well).
if [ "$arch" = i386 ]; then
	need "gcc-$(gcc -dumpversion | cut -d. -f1)-multilib"
	m32="-m32 -idirafter /usr/include/$(gcc -dumpmachine)"
fi
CROSS_COMPILE=$(cross_compile "$arch")
CC=${CROSS_COMPILE}gcc
export CROSS_COMPILE

src=$1 out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The zram selftests installed as the kselftest runner has them
# (run_kselftest.sh runs zram.sh and swap_free.sh), and their programs in
# zram/, which the initramfs puts on the guest's PATH for the jobs.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out/kselftest"
make -s -C "$src/tools/testing/selftests" TARGETS=zram O="$tmp/build" \
	INSTALL_PATH="$out/kselftest" USERCFLAGS="-static -Werror $m32" \
	USERLDFLAGS="-static $m32" install >&2 ||
	die "building and installing selftests/zram failed"
mkdir -p "$out/zram"
find "$out/kselftest/zram" -type f -perm -u+x ! -name '*.sh' -exec cp {} "$out/zram/" \;
# The harness's own guest helpers (guest/progs), with the selftests'
# swap_util.h.
for c in "$ROOT"/guest/progs/*.c; do
	"$CC" -static $m32 -Wall -Werror -O2 -I"$src/tools/testing/selftests/zram" \
		-o "$out/$(basename "$c" .c)" "$c" >&2 ||
		die "building guest/progs/$(basename "$c") failed"
done
# Upstream's zswap cgroup test, which the check job runs on the patched
# kernel, with two changes that it makes to timing, not to what it checks.
# First, test_no_kmem_bypass gives kswapd 20 rounds (a trigger allocation
# and 100 ms each) to move totalram/5 pages into zswap, and in this guest
# zswap can stop taking pages for a while just short of that, on unpatched
# 7.2 too (one run of 25 needed 23 rounds: see
# tests/results/2026-11-22-test-no-kmem-bypass.md); it gets 200 rounds and
# stops at the first round past the mark either way.  Second,
# test_zswap_writeback enables the memory controller in subtree_control of
# a cgroup whose only process it has just reaped, and the kernel answers
# EBUSY until that process has been switched out for the last time
# (cgroup_task_dead() from finish_task_switch()), which on busy CPUs comes
# after waitpid() has returned: 6 runs of 12 failed so on unpatched 7.3 as
# on the series (tests/results/2026-12-01-test-zswap-subtree-control-ebusy.md).
# The write is retried on EBUSY for up to a second; any other error fails.
cg=$src/tools/testing/selftests/cgroup
mkdir -p "$out/cgroup"
rounds='for (int i = 0; i < 20; i++) {'
enable='if (cg_write(test_group, "cgroup.subtree_control", "+memory"))'
retried='if (({ int r, n = 0; while ((r = cg_write(test_group, "cgroup.subtree_control", "+memory")) == -EBUSY \&\& n++ < 100) usleep(10000); r; }))'
for line in "$rounds" "$enable"; do
	[ "$(grep -cF "$line" "$cg/test_zswap.c")" = 1 ] ||
		die "selftests/cgroup/test_zswap.c: '$line' not found once"
done
sed -e "s/$rounds/for (int i = 0; i < 200; i++) {/" -e "s/$enable/$retried/" \
	"$cg/test_zswap.c" >"$tmp/test_zswap.c"
"$CC" -static $m32 -Wall -pthread -I"$cg/.." -I"$cg/lib/include" \
	-o "$out/cgroup/test_zswap" "$tmp/test_zswap.c" "$cg/lib/cgroup_util.c" >&2 ||
	die "building selftests/cgroup/test_zswap failed"
