#!/bin/sh
# guest-check.sh KERNEL INITRAMFS LOG LABEL: boots KERNEL with the check job
# and the zsmalloc KUnit suites (GUEST_JOB=stress GUEST_ARGS=SECONDS: the
# stress job instead), shows the guest's output on stderr, and prints one
# "PASS: ..." or "FAIL: ..." line per test on stdout: the job's TAP lines,
# the KUnit cases, and a clean kernel log.  Exits 1 on a failure.
set -u
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 log=$3 label=$4

job=${GUEST_JOB:-check}
if [ "$job" = check ]; then
	set -- zsjob=check kunit.enable=1 'kunit.filter_glob=zsmalloc*'
else
	# 4-level paging on the debug kernel: with QEMU's LA57 CPU, KASAN once
	# reported a wild access of an interrupt that came while identify_cpu()
	# rebuilt the boot CPU's feature bits (LA57 among them), long before
	# zsmalloc was initialised (make check of 2026-11-30).
	set -- "zsjob=$job" "zsargs=${GUEST_ARGS:-}" zszram=0 no5lvl
fi
VM_TIMEOUT=${VM_TIMEOUT:-900} sh "$ROOT/scripts/run-vm.sh" "$kernel" "$initrd" "$log" "$@" >&2
rc=$?
result $rc "$label guest check job completed (exit $rc, log ${log#"$ROOT"/})"

# The job's tests are "ok N - what" lines.
grep -E '^(not )?ok [0-9]+ - ' "$log" | while IFS= read -r line; do
	case $line in
	"ok "*) echo "PASS: $label guest: ${line#ok * - }" ;;
	*) echo "FAIL: $label guest: ${line#not ok * - }" ;;
	esac
done
grep -qE '^not ok [0-9]+ - ' "$log" && failed=1

# KUnit ran at boot, before the job.
[ "$job" != check ] || ktap_results "$log" "$label" || failed=1

# The stress job fails allocations on purpose: the stack trace that the page
# allocator prints for such a failure is no report.
splats=$(awk '
	/, mode:0x[0-9a-f]*\(.*nodemask=/ { expected = NR + 6 }
	/Call Trace:/ && NR <= expected { next }
	/WARNING:|BUG:|Oops|Call Trace:|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called|KASAN:|KCSAN:|suspected memory leak|Kernel panic/
' "$log" | head -n 20)
[ -z "$splats" ] || printf '%s\n' "$splats" >&2
result "$([ -z "$splats" ] && echo 0 || echo 1)" "$label kernel log free of WARNING, BUG, lockdep, KASAN, KCSAN and kmemleak reports"
[ "$failed" = 0 ]
