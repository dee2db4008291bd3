#!/bin/sh
# stress.sh [SECONDS [STEP]]: builds the debug kernel (config/debug.config,
# with config/$SANITIZER.config: kasan, the default, or kcsan) of
# build/linux as it stands and boots it with the stress job for SECONDS
# (default 3600), after sweeps that fail every STEPth allocation of a zram
# and a zswap bring-up (default 1; 0: none).  Prints a PASS:/FAIL: line per
# test on stdout, the guest's output on stderr; a run of 10 minutes or more
# is recorded in tests/results/.
set -eu
. "$(dirname "$0")/lib.sh"

secs=${1:-3600} step=${2:-1}
san=${SANITIZER:-kasan}
[ -f "$ROOT/config/$san.config" ] || die "SANITIZER=$san: no config/$san.config"
obj=$BUILD/obj/$san
label=stress-$san

build_debug_kernel "$san" >&2
sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/series" >&2
sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/series" "$BUILD/initramfs-series.cpio.gz" >&2

log=$BUILD/logs/$label-${secs}s.log
results=$BUILD/logs/$label-${secs}s.results
say "stress job on the $san debug kernel for ${secs}s (progress every tenth of it)"
set +e
# Boot, the fail-nth sweeps and the final kmemleak scans: up to half an hour
# when the machine is busy.
GUEST_JOB=stress GUEST_ARGS=$secs,$step VM_TIMEOUT=$((secs + 3600)) \
	sh "$ROOT/tests/guest-check.sh" "$obj/arch/x86/boot/bzImage" \
	"$BUILD/initramfs-series.cpio.gz" "$log" "$label" >"$results"
rc=$?
set -e
cat "$results"

[ "$secs" -ge 600 ] || exit $rc
record=$ROOT/tests/results/$(date -u +%Y-%m-%d)-$label-${secs}s.md
mkdir -p "$(dirname "$record")"
{
	echo "# Stress run: debug kernel with $san, ${secs} s"
	echo
	echo '```'
	machine_meta "make stress DURATION=$secs SANITIZER=$san" \
		"$(git -C "$TREE" describe --always --tags) ($(git -C "$TREE" log -1 --format=%s))"
	echo "config: guest.config x86_64.config debug.config $san.config"
	echo "result: $(grep -c '^PASS' "$results") passed, $(grep -c '^FAIL' "$results") failed"
	echo '```'
	echo
	echo '## Tests'
	echo
	sed 's/^/- /' "$results"
	echo
	echo '## Counters (from the guest)'
	echo
	echo '```'
	sed -n '/=== ZS-BEGIN/,/=== ZS-END/p' "$log" | grep '^# '
	echo '```'
} >"$record"
say "recorded in ${record#"$ROOT"/}"
exit $rc
