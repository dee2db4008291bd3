#!/bin/sh
# Boots the patched kernel BOOTS times with only the zs_freeq_bench KUnit
# suite (zs_free() against zs_freeq_push(), one and two CPUs, and the
# drain's cost per record), keeps the raw output in bench/results/NAME/raw/
# and writes bench/results/NAME/report.md.
set -eu
. "$(dirname "$0")/lib.sh"

BOOTS=${BOOTS:-3}
NAME=${NAME:-$(date +%Y-%m-%d)-microbench}
run=$ROOT/bench/results/$NAME
raw=$run/raw
rm -rf "$raw"
mkdir -p "$raw"

guest_kernel series
guest_initramfs x86_64
for b in $(seq 1 "$BOOTS"); do
	say "boot $b/$BOOTS: zs_freeq_bench (7 rounds per CPU count and mode)"
	VM_TIMEOUT=${VM_TIMEOUT:-1800} sh "$ROOT/scripts/run-vm.sh" \
		"$(kimage series)" "$(initramfs x86_64)" \
		"$raw/boot$b.log" zsjob=true kunit.enable=1 kunit.filter_glob=zs_freeq_bench \
		>/dev/null || die "boot $b failed: $raw/boot$b.log"
	grep -E 'zs_bench cpus=|^ *(not )?ok ' "$raw/boot$b.log" >"$raw/boot$b.txt" || true
	rm "$raw/boot$b.log"
done
machine_meta "$(basename "$0") BOOTS=$BOOTS" x86_64 "$(git -C "$TREE" log -1 --format='%h %s')" >"$raw/meta.txt"
/usr/bin/python3 "$ROOT/bench/zsbench.py" microbench "$run"
say "report: bench/results/$NAME/report.md"
