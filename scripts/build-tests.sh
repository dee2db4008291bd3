#!/bin/sh
# build-tests.sh SRC OUT: the in-tree test programs of SRC, linked statically
# so that they run in the busybox initramfs, copied to OUT.
set -eu
. "$(dirname "$0")/lib.sh"
need build-essential

src=$1 out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
for dir in zram; do
	mkdir -p "$out/$dir"
	make -s -C "$src/tools/testing/selftests/$dir" OUTPUT="$out/$dir" \
		USERCFLAGS="-static -Werror" USERLDFLAGS=-static >&2 ||
		die "building selftests/$dir failed"
done
