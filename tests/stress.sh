#!/bin/sh
# stress.sh [STEP]: builds the debug kernel (config/debug.config, with
# config/$SANITIZER.config: kasan, the default, or kcsan) of build/linux as
# it stands and boots it with the stress job for DURATION seconds (default
# 3600), after sweeps that fail every STEPth allocation of a zram and a
# zswap bring-up (default 1; 0: none).  Prints KTAP on stdout, the guest's
# output on stderr; a run of 10 minutes or more is recorded in
# tests/results/.
set -eu
. "$(dirname "$0")/lib.sh"

secs=${DURATION:-3600} step=${1:-1}
san=${SANITIZER:-kasan}
[ -f "$ROOT/config/$san.config" ] || die "SANITIZER=$san: no config/$san.config"
label=stress-$san

guest_kernel "$san" >&2
guest_initramfs x86_64 >&2
# What was built, not what the tree holds when the run ends.
built="$(git -C "$TREE" describe --always --tags) ($(git -C "$TREE" log -1 --format=%s))"

log=$BUILD/logs/$label-${secs}s.log
results=$BUILD/logs/$label-${secs}s.results
say "stress job on the $san debug kernel for ${secs}s (progress every tenth of it)"
set +e
# Boot, the fail-nth sweeps and the final kmemleak scans: up to half an hour
# when the machine is busy.
ZSJOB=stress ZSARGS=$secs,$step VM_TIMEOUT=$((secs + 3600)) \
	sh "$ROOT/tests/guest-check.sh" "$(kimage "$san")" \
	"$(initramfs x86_64)" "$log" "$label" >"$results"
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
	machine_meta "make stress DURATION=$secs SANITIZER=$san" x86_64 "$built"
	echo "config: guest.config x86_64.config debug.config $san.config"
	echo "result: $(grep -c '^ok ' "$results") passed, $(grep -c '^not ok ' "$results") failed"
	echo '```'
	echo
	echo '## Tests'
	echo
	grep -E '^(not )?ok ' "$results" | sed 's/^/- /'
	echo
	echo '## Counters (from the guest)'
	echo
	echo '```'
	sed -n '/=== ZS-BEGIN/,/=== ZS-END/p' "$log" | grep '^# '
	echo '```'
} >"$record"
say "recorded in ${record#"$ROOT"/}"
exit $rc
