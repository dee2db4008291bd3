#!/bin/sh
# make-initramfs.sh PROGS OUT: busybox-static, guest/init, guest/jobs and the
# executables found under PROGS, as a gzipped cpio archive OUT.  ARCH=i386
# takes Debian's i386 busybox-static instead of the machine's own.
set -eu
. "$(dirname "$0")/lib.sh"
need busybox-static cpio

progs=$1 out=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/dev" "$stage/proc" \
	"$stage/sys" "$stage/tmp" "$stage/jobs"
if [ "${ARCH:-x86_64}" = i386 ]; then
	deb=$(sh "$ROOT/scripts/apt-download.sh" i386 bookworm busybox-static=newest)
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./bin/busybox >"$stage/bin/busybox"
	chmod 755 "$stage/bin/busybox"
else
	cp /bin/busybox "$stage/bin/busybox"
fi
for applet in $(/bin/busybox --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
cp "$ROOT/guest/init" "$stage/init"
cp "$ROOT/guest/jobs/"*.sh "$stage/jobs/"
find "$progs" -type f -perm -u+x -exec cp {} "$stage/usr/bin/" \;
# The kernel opens /dev/console before init mounts devtmpfs.
mknod -m 600 "$stage/dev/console" c 5 1
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
