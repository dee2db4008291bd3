#!/bin/sh
# make-initramfs.sh PROGS OUT: busybox-static, bash-static, guest/init,
# guest/jobs, the executables found under PROGS and its kselftest/ tree, as
# a gzipped cpio archive OUT.  For an ARCH other than x86_64 (i386, arm64,
# arm) Debian's static binaries of that architecture come instead of the
# machine's own.
set -eu
. "$(dirname "$0")/lib.sh"
need busybox-static bash-static cpio

progs=$1 out=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/dev" "$stage/proc" \
	"$stage/sys" "$stage/tmp" "$stage/jobs"
# static PACKAGE PATH: ARCH's build of PATH from PACKAGE's .deb, or the
# machine's own PATH.
static() {
	if [ "${ARCH:-x86_64}" != x86_64 ]; then
		deb=$(sh "$ROOT/scripts/apt-download.sh" "$(debian_arch "$ARCH")" bookworm "$1=newest")
		dpkg-deb --fsys-tarfile "$deb" | tar -xO ".$2"
	else
		cat "$2"
	fi
}
static busybox-static /bin/busybox >"$stage/bin/busybox"
# Upstream's zram selftests are bash scripts.
static bash-static /bin/bash-static >"$stage/bin/bash"
chmod 755 "$stage/bin/busybox" "$stage/bin/bash"
for applet in $(/bin/busybox --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
cp "$ROOT/guest/init" "$stage/init"
cp "$ROOT/guest/jobs/"*.sh "$stage/jobs/"
find "$progs" -path "$progs/kselftest" -prune -o -type f -perm -u+x -exec cp {} "$stage/usr/bin/" \;
[ ! -d "$progs/kselftest" ] || cp -r "$progs/kselftest" "$stage/kselftest"
# busybox has mke2fs but no mkfs.ext2, the name the zram selftests look for,
# and, unlike e2fsprogs, leaves blocks smaller than the device's logical
# block size (4 KiB on zram, whatever the page size), which the kernel then
# refuses to mount.  (With 16 KiB blocks busybox's mke2fs writes a file
# system that e2fsck calls corrupt.)
printf '#!/bin/sh\nexec mke2fs -b 4096 "$@"\n' >"$stage/usr/bin/mkfs.ext2"
chmod 755 "$stage/usr/bin/mkfs.ext2"
# The kernel opens /dev/console before init mounts devtmpfs.
mknod -m 600 "$stage/dev/console" c 5 1
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
