# Shared by every script under scripts/: paths, messages, package installs.
# shellcheck shell=sh

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# SCRIPT --help: the comment at the top of SCRIPT.
case ${1:-} in
-h | --help)
	sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0" | sed '/^#!/d'
	exit 0
	;;
esac
BUILD=${BUILD:-$ROOT/build}
SERIES_DIR=${SERIES_DIR:-$ROOT/series/v7.3}
TREE=$BUILD/linux
# The .deb lives outside the checkout so that a fresh clone does not fetch it again.
CACHE=${ZS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zsdefer}

# ZS_T0 (seconds since the epoch, set by make check): each step shows the
# minutes it started at, so that a slow run says where the time went.
clock() { t=$(($(date +%s) - ZS_T0)); printf '%d:%02d' $((t / 60)) $((t % 60)); }
say() { printf '>>> %s%s\n' "${ZS_T0:+[$(clock)] }" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# need PKG... : install the Debian packages that are missing.
need() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing Debian packages:$missing"
	if [ ! -f "$BUILD/.apt-updated" ]; then
		apt-get update -qq >&2 || die "apt-get update failed"
		mkdir -p "$BUILD" && touch "$BUILD/.apt-updated"
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2 ||
		die "apt-get install$missing failed"
}

# Packages every kernel build needs.
need_kbuild() {
	need build-essential flex bison bc libelf-dev libssl-dev cpio git python3 rsync
}

# kmake_arch ARCH ARG...: make in a kernel tree for ARCH (x86_64, i386,
# arm64, arm), with Debian's cross compiler where ARCH is not the machine's,
# through ccache: a tree this machine has built before (another build
# directory, a fresh clone, CI after a session) rebuilds in a minute or two
# instead of about 8 (x86_64 and arm64 guest kernels, timed cold here).
kmake_arch() {
	need ccache
	karch=$1 kcross=$(cross_compile "$1")
	shift
	# Paths relative to the checkout, so that a fresh clone elsewhere hits.
	CCACHE_BASEDIR=$ROOT CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G} \
		make ARCH="$karch" CROSS_COMPILE="$kcross" CC="ccache ${kcross}gcc" "$@"
}
# cross_compile ARCH: the prefix of ARCH's compiler, installed if missing
# (empty for the x86 kernels, which the machine's gcc builds).
cross_compile() {
	case $1 in
	x86_64 | i386) ;;
	arm64) need gcc-aarch64-linux-gnu libc6-dev-arm64-cross && echo aarch64-linux-gnu- ;;
	arm) need gcc-arm-linux-gnueabihf libc6-dev-armhf-cross && echo arm-linux-gnueabihf- ;;
	*) die "no architecture $1 (x86_64, i386, arm64, arm)" ;;
	esac
}
# debian_arch ARCH: Debian's name of ARCH, for its binary packages.
debian_arch() {
	case $1 in
	x86_64) echo amd64 ;;
	arm) echo armhf ;;
	*) echo "$1" ;;
	esac
}

# kv FILE KEY: value of KEY=value in FILE.
kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# Runs a long command, keeping its output in LOG and printing a progress line
# every STEP lines that match PATTERN; on failure the end of LOG is shown and
# the command's exit status returned.
with_progress() {
	label=$1 log=$2 pattern=$3 step=$4
	shift 4
	mkdir -p "$(dirname "$log")"
	rc_file=$log.rc
	( "$@" >"$log" 2>&1; echo $? >"$rc_file" ) &
	pid=$!
	last=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		n=$(grep -c -E "$pattern" "$log" 2>/dev/null || true)
		if [ "$((n / step))" -gt "$((last / step))" ]; then
			printf '    %s: %s\n' "$label" "$n" >&2
			last=$n
		fi
	done
	wait "$pid" 2>/dev/null
	rc=$(cat "$rc_file" 2>/dev/null || echo 1)
	rm -f "$rc_file"
	if [ "$rc" != 0 ]; then
		tail -n 40 "$log" >&2
		say "$label failed (exit $rc, full log: $log)"
	fi
	return "$rc"
}

# guest_kernel VARIANT: the kernel of build/linux as it stands, in
# build/obj/VARIANT, from tinyconfig and variant_fragments VARIANT;
# guest_config VARIANT: only its configuration, for single objects.
guest_kernel() { guest_build "$1" 0; }
guest_config() { guest_build "$1" 1; }
guest_build() {
	# shellcheck disable=SC2046
	ARCH=$(variant_arch "$1") CONFIGURE_ONLY=$2 sh "$ROOT/scripts/build-kernel.sh" \
		"$TREE" "$BUILD/obj/$1" $(variant_fragments "$1")
}
# variant_fragments VARIANT: the config fragments of a guest kernel:
# series and mutant (x86_64), i386, arm64 (4 KiB pages), arm64-16k (16 KiB
# pages), arm (32-bit), or the x86_64 debug kernels kasan and kcsan
# (config/debug.config and config/VARIANT.config on top).
variant_fragments() {
	c=$ROOT/config
	case $1 in
	series | mutant) set -- x86 x86_64 ;;
	i386) set -- x86 i386 ;;
	arm64) set -- arm64 ;;
	arm64-16k) set -- arm64 arm64-16k ;;
	arm) set -- arm ;;
	kasan | kcsan) set -- x86 x86_64 debug "$1" ;;
	*) die "no guest kernel variant $1 (series, mutant, i386, arm64, arm64-16k, arm, kasan, kcsan)" ;;
	esac
	echo "$c/guest.config"
	for f; do echo "$c/$f.config"; done
}
# variant_arch VARIANT: the architecture the guest kernel VARIANT is built for.
variant_arch() {
	case $1 in
	i386 | arm64 | arm) echo "$1" ;;
	arm64-*) echo arm64 ;;
	*) echo x86_64 ;;
	esac
}

# guest_initramfs ARCH: build/initramfs-ARCH.cpio.gz, with the test
# programs of build/linux as it stands built for ARCH.
guest_initramfs() {
	ARCH=$1 sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/$1" &&
		ARCH=$1 sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/$1" "$(initramfs "$1")"
}
initramfs() { echo "$BUILD/initramfs-$1.cpio.gz"; }
# kimage_target ARCH: what make builds for a boot of ARCH's kernel.
kimage_target() {
	case $1 in
	x86_64 | i386) echo bzImage ;;
	arm64) echo Image ;;
	arm) echo zImage ;;
	esac
}
# kimage VARIANT: the kernel image build/obj/VARIANT boots from.
kimage() { kimage_in "$BUILD/obj/$1" "$(variant_arch "$1")"; }
# kimage_in OBJ ARCH: the image of ARCH's kernel built in OBJ.
kimage_in() {
	d=$2
	[ "$d" != x86_64 ] && [ "$d" != i386 ] || d=x86
	echo "$1/arch/$d/boot/$(kimage_target "$2")"
}

# kernel_splats LOG: up to 20 lines of the guest's serial LOG that report a
# kernel problem (WARNING, BUG, lockdep, KASAN, KCSAN, kmemleak).  The
# stack trace the page allocator prints for a failed allocation is none:
# the stress job fails allocations on purpose.
kernel_splats() {
	awk '
		/, mode:0x[0-9a-f]*\(.*nodemask=/ { expected = NR + 6 }
		/Call [Tt]race:/ && NR <= expected { next }
		/WARNING:|BUG:|Oops|Internal error:|Unable to handle kernel|Call [Tt]race:|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called|KASAN:|KCSAN:|suspected memory leak|Kernel panic/
	' "$1" | head -n 20
}

# machine_meta COMMAND ARCH [KERNEL [GUEST]]: the lines every benchmark
# report starts with, for a guest of ARCH.
machine_meta() {
	echo "command: $1"
	[ -z "${3:-}" ] || echo "kernel: $3"
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "base: $(kv "$SERIES_DIR/base.conf" package) $(cat "$TREE/.git/base-version")"
	q=qemu-system-x86_64
	case $2 in arm64) q=qemu-system-aarch64 ;; arm) q=qemu-system-arm ;; esac
	echo "qemu: $($q --version | head -n 1)"
	case $2 in
	x86_64 | i386) echo "accel: $(cat "$BUILD/accel")" ;;
	*) echo "accel: tcg,thread=multi" ;;
	esac
	echo "guest: ${VM_CPUS:-2} vCPUs, ${VM_MEM:-4G}${4:+, $4}"
	echo "host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
}
