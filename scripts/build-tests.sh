#!/bin/sh
# build-tests.sh SRC OUT: the in-tree test programs of SRC, linked statically
# so that they run in the busybox initramfs, copied to OUT.  ARCH=i386
# builds them for the 32-bit guest.
set -eu
. "$(dirname "$0")/lib.sh"
need build-essential
m32=""
[ "${ARCH:-x86_64}" != i386 ] || { need gcc-multilib; m32=-m32; }

src=$1 out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
for dir in zram; do
	mkdir -p "$out/$dir"
	make -s -C "$src/tools/testing/selftests/$dir" OUTPUT="$out/$dir" \
		USERCFLAGS="-static -Werror $m32" USERLDFLAGS="-static $m32" >&2 ||
		die "building selftests/$dir failed"
done
# Upstream's zram selftests (shell scripts, run by the check job with bash)
# keep their directory: zram.sh runs ./zram01.sh and ./zram02.sh.
mkdir -p "$out/kselftest/zram"
cp "$src"/tools/testing/selftests/zram/*.sh "$out/kselftest/zram/"
# Upstream's zswap cgroup test, which the check job runs on the patched kernel.
mkdir -p "$out/cgroup"
make -s -C "$src/tools/testing/selftests/cgroup" OUTPUT="$out/cgroup" \
	USERCFLAGS="-static $m32" USERLDFLAGS="-static $m32" "$out/cgroup/test_zswap" >&2 ||
	die "building selftests/cgroup/test_zswap failed"
