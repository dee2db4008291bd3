#!/bin/sh
# guest-check.sh KERNEL INITRAMFS LOG LABEL: boots KERNEL with the job
# ZSJOB (check, the default, with the zsmalloc KUnit suites at boot; or
# stress) and its arguments ZSARGS (check: the names of the groups to run,
# default all; stress: SECONDS,STEP), shows the guest's output on stderr
# and prints KTAP on stdout: a result per test of the job, per KUnit case,
# and one for a clean kernel log.  Exits 1 on a failure.
set -u
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 log=$3 label=$4

job=${ZSJOB:-check}
if [ "$job" = check ]; then
	set -- zsjob=check "zsargs=${ZSARGS:-}" kunit.enable=1 'kunit.filter_glob=zsmalloc*'
else
	# 4-level paging on the debug kernel: with QEMU's LA57 CPU, KASAN once
	# reported a wild access of an interrupt that came while identify_cpu()
	# rebuilt the boot CPU's feature bits (LA57 among them), long before
	# zsmalloc was initialised (make check of 2026-11-30).
	set -- "zsjob=$job" "zsargs=${ZSARGS:-}" zszram=0 no5lvl
fi
ktap_header
VM_TIMEOUT=${VM_TIMEOUT:-900} sh "$ROOT/scripts/run-vm.sh" "$kernel" "$initrd" "$log" "$@" >&2
rc=$?
result $rc "$label guest $job job completed (exit $rc, log ${log#"$ROOT"/})"

results_from "$log" "$label guest: "

# KUnit ran at boot, before the job.
[ "$job" != check ] || ktap_results "$log" "$label"

splats=$(kernel_splats "$log")
[ -z "$splats" ] || printf '%s\n' "$splats" >&2
result "$([ -z "$splats" ] && echo 0 || echo 1)" "$label kernel log free of WARNING, BUG, lockdep, KASAN, KCSAN and kmemleak reports"
ktap_plan
[ "$failed" = 0 ]
