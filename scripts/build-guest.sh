#!/bin/sh
# build-guest.sh VARIANT: everything a guest boots, from build/linux as it
# stands: the kernel in build/obj/VARIANT and build/initramfs-ARCH.cpio.gz
# (guest/init, guest/jobs and the test programs, built for the kernel's
# ARCH).  Prints the two paths and ARCH, for run-vm.sh.
#   series, mutant   x86_64 (config/guest.config, x86.config, x86_64.config)
#   i386             32-bit, no class index in the obj (i386.config)
#   arm64            64-bit Arm, 4 KiB pages (arm64.config)
#   arm64-16k        64-bit Arm, 16 KiB pages (arm64-16k.config on top)
#   arm              32-bit Arm, no class index in the obj (arm.config)
#   kasan, kcsan     x86_64 debug kernels (+ config/debug.config and
#                    config/VARIANT.config)
set -eu
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: $0 VARIANT (--help)"
arch=$(variant_arch "$1")
guest_kernel "$1" >&2
guest_initramfs "$arch" >&2
echo "$(kimage "$1") $(initramfs "$arch") $arch"
