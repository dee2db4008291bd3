#!/bin/sh
# make mutants: each patch in tests/mutants/ plants a bug in the series; the
# guest check (swap integrity, KUnit, kernel log) must catch every one.
# MUTANT_JOB=stress: the stress job on the KASAN debug kernel must
# (STRESS_SECONDS of it, default 180, without the fault-injection sweeps).
set -u
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/logs"
sh "$ROOT/scripts/prepare-tree.sh" || exit 1
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes"
sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/series" &&
	sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/series" "$BUILD/initramfs-series.cpio.gz" ||
	die "initramfs"

job=${MUTANT_JOB:-check}
secs=${STRESS_SECONDS:-180}
obj=$BUILD/obj/mutant limit=600
# The stress kernel's own build directory: a mutant recompiles one file.
[ "$job" = check ] || obj=$BUILD/obj/kasan limit=$((secs + 1800))
for m in "$ROOT"/tests/mutants/${MUTANTS:-*}.patch; do
	name=$(basename "$m" .patch)
	if ! git -C "$TREE" apply "$m"; then
		result 1 "mutant $name applies to the series"
		continue
	fi
	if [ "$job" = check ]; then
		sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$obj"
	else
		build_debug_kernel kasan
	fi
	rc=$?
	git -C "$TREE" apply -R "$m"
	[ $rc = 0 ] || { result 1 "mutant $name builds"; continue; }
	out=$BUILD/logs/mutant-$job-$name
	GUEST_JOB=$job GUEST_ARGS=$secs,0 VM_TIMEOUT=$limit \
		sh "$ROOT/tests/guest-check.sh" "$obj/arch/x86/boot/bzImage" \
		"$BUILD/initramfs-series.cpio.gz" "$out.log" "$name" >"$out.results" 2>/dev/null
	caught=$(sed -n 's/^FAIL: //p' "$out.results")
	if [ -n "$caught" ]; then
		result 0 "mutant $name caught by: $(printf '%s\n' "$caught" | head -n 3 | tr '\n' ';')"
	else
		result 1 "mutant $name not caught (log ${out#"$ROOT"/}.log)"
	fi
done
summary
