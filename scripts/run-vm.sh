#!/bin/sh
# run-vm.sh KERNEL INITRAMFS LOG [PARAM=VALUE...]: boots the guest under QEMU,
# keeps the whole serial console in LOG, shows the job's own output as it
# comes, and exits with the job's exit status (98: no end marker: crash,
# hang or timeout).  VM_MEM, VM_CPUS, VM_TIMEOUT (s) and VM_SHELL=1 (an
# interactive console for make vm) change the defaults; ARCH (x86_64,
# i386, arm64, arm) is the guest kernel's architecture.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 log=$3
shift 3
arch=${ARCH:-x86_64} cpus=${VM_CPUS:-2} limit=${VM_TIMEOUT:-900}
case $arch in
x86_64 | i386)
	need qemu-system-x86
	machine=pc console=ttyS0 mem=4G cpu=max
	# TCG's "max" CPU says AuthenticAMD, which a 32-bit kernel takes for a
	# pair of K7s that are not fit for SMP, and warns.  A 32-bit guest
	# addresses 4 GiB at most, devices included.
	[ "$arch" != i386 ] || mem=2G cpu=max,vendor=GenuineIntel
	;;
arm64)
	need qemu-system-arm
	# QEMU's own pointer authentication algorithm, which QEMU documents
	# as much cheaper to emulate than the architected QARMA.
	machine=virt console=ttyAMA0 mem=4G cpu=max,pauth-impdef=on
	;;
arm)
	need qemu-system-arm
	# No LPAE in the kernel: 32-bit physical addresses.
	machine=virt,highmem=off console=ttyAMA0 mem=2G cpu=cortex-a15
	;;
*) die "no architecture $arch (x86_64, i386, arm64, arm)" ;;
esac
qemu_arch=$arch
[ "$arch" != arm64 ] || qemu_arch=aarch64
mem=${VM_MEM:-$mem}
mkdir -p "$(dirname "$log")"

qemu() {
	accel=$1 cmdline=$2
	shift 2
	$limiter "qemu-system-$qemu_arch" -machine "$machine" -accel "$accel" -cpu "$cpu" \
		-smp "$cpus" -m "$mem" -nodefaults -nographic -no-reboot -serial mon:stdio \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=$console panic=-1 oops=panic $cmdline" "$@"
}

# /dev/kvm here has been seen to exist yet not run a stock kernel: trust
# KVM only after a smoke boot, once per machine.  Arm guests run under TCG.
pick_accel() {
	case $arch in x86_64 | i386) ;; *) echo tcg,thread=multi && return ;; esac
	cache=$BUILD/accel
	if [ ! -s "$cache" ]; then
		echo tcg,thread=multi >"$cache"
		if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
			say "trying KVM with a smoke boot"
			if timeout 60 sh -c "$(command -v qemu-system-x86_64) -accel kvm -cpu max -smp 1 -m 512M \
				-nodefaults -nographic -no-reboot -serial stdio -kernel '$kernel' \
				-initrd '$initrd' -append 'console=ttyS0 panic=-1 zsjob=true zszram=0'" \
				</dev/null 2>&1 | grep -q 'ZS-END true rc=0'; then
				echo kvm >"$cache"
			fi
		fi
		say "accelerator: $(cat "$cache")"
	fi
	cat "$cache"
}
accel=$(pick_accel)

params="$*"
case " $params " in *" zszram="*) ;; *) params="zszram=3G $params" ;; esac
limiter=""
if [ "${VM_SHELL:-0}" = 1 ]; then
	qemu "$accel" "zsjob=shell $params"
	exit 0
fi

say "booting $(basename "$kernel") ($accel, $cpus vCPUs, $mem): $params"
limiter="timeout $limit"
set +e
qemu "$accel" "$params" </dev/null 2>&1 | sed -u 's/\r//g' | tee "$log" |
	awk '/=== ZS-BEGIN/ { on = 1; next } /=== ZS-END/ { on = 0 } on { print; fflush() }'
set -e
rc=$(sed -n 's/.*=== ZS-END [^ ]* rc=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ]; then
	tail -n 30 "$log" >&2
	say "the guest ended without an end marker (crash, hang or ${limit}s timeout): $log"
	exit 98
fi
exit "$rc"
