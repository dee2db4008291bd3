#!/bin/sh
# make mutants: each patch in tests/mutants/ plants a bug in the series; the
# guest check (swap integrity, KUnit, kernel log) must catch every one.
# ZSJOB=stress: the stress job on the KASAN debug kernel must (DURATION
# seconds of it, default 180, without the fault-injection sweeps).
# MUTANTS='NAME ...' (globs too): only those; ZSARGS: only those groups of the
# check job.
set -u
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/logs"
sh "$ROOT/scripts/prepare-tree.sh" || exit 1
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes"
guest_initramfs x86_64 || die "initramfs"

job=${ZSJOB:-check}
secs=${DURATION:-180}
variant=mutant limit=600
# The stress kernel's own build directory: a mutant recompiles one file.
[ "$job" = check ] || variant=kasan limit=$((secs + 1800))
ktap_header
# try_mutant PATCH: apply, build, boot, revert; caught if a test fails.
try_mutant() {
	m=$1
	name=$(basename "$m" .patch)
	if ! git -C "$TREE" apply "$m"; then
		result 1 "mutant $name applies to the series"
		return
	fi
	# Interrupted, the run would leave the bug planted in build/linux.
	undo_on_exit 'git -C "$TREE" apply -R "$m"'
	guest_kernel $variant
	rc=$?
	git -C "$TREE" apply -R "$m"
	undo_done
	[ $rc = 0 ] || { result 1 "mutant $name builds"; return; }
	out=$BUILD/logs/mutant-$job-$name
	args=$secs,0
	[ "$job" != check ] || args=${ZSARGS:-}
	ZSJOB=$job ZSARGS=$args VM_TIMEOUT=$limit \
		sh "$ROOT/tests/guest-check.sh" "$(kimage $variant)" \
		"$(initramfs x86_64)" "$out.log" "$name" >"$out.results" 2>/dev/null
	caught=$(sed -n 's/^not ok [0-9]* - //p' "$out.results")
	if [ -n "$caught" ]; then
		result 0 "mutant $name caught by: $(printf '%s\n' "$caught" | head -n 3 | tr '\n' ';')"
	else
		result 1 "mutant $name not caught (log ${out#"$ROOT"/}.log)"
	fi
}
set -f
for g in ${MUTANTS:-*}; do
	set +f
	for m in "$ROOT"/tests/mutants/$g.patch; do
		try_mutant "$m"
	done
done
summary
