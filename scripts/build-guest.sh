#!/bin/sh
# build-guest.sh VARIANT: everything a guest boots, from build/linux as it
# stands: the kernel build/obj/VARIANT/arch/x86/boot/bzImage and
# build/initramfs-ARCH.cpio.gz (guest/init, guest/jobs and the test
# programs, built for the kernel's ARCH).  Prints the two paths.
#   series, mutant   x86_64 (config/guest.config + config/x86_64.config)
#   i386             32-bit, no class index in the obj (config/i386.config)
#   kasan, kcsan     x86_64 debug kernels (+ config/debug.config and
#                    config/VARIANT.config)
set -eu
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: $0 VARIANT (--help)"
arch=x86_64
[ "$1" != i386 ] || arch=i386
guest_kernel "$1" >&2
guest_initramfs "$arch" >&2
echo "$(bzimage "$1") $(initramfs "$arch")"
