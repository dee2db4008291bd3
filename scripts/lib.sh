# Shared by every script under scripts/: paths, messages, package installs.
# shellcheck shell=sh

ROOT=$(cd "$(dirname "$0")/.." && pwd)
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

# kmake ARG...: make in a kernel tree, through ccache: a tree this machine
# has built before (another build directory, a fresh clone, CI after a
# session) rebuilds in minutes instead of a quarter of an hour.
kmake() {
	need ccache
	# Paths relative to the checkout, so that a fresh clone elsewhere hits.
	CCACHE_BASEDIR=$ROOT CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G} make CC="ccache gcc" "$@"
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

# build_debug_kernel SANITIZER: build/linux as it stands, with debug.config
# and SANITIZER.config (kasan or kcsan), in build/obj/SANITIZER.
build_debug_kernel() {
	ARCH=x86_64 sh "$ROOT/scripts/build-kernel.sh" "$TREE" "$BUILD/obj/$1" \
		"$ROOT/config/guest.config" "$ROOT/config/x86_64.config" \
		"$ROOT/config/debug.config" "$ROOT/config/$1.config"
}

# build_named_kernel NAME[=REF] LIST: builds a kernel in build/obj/NAME from
# the work tree: series is the branch as it stands, NAME alone any other ref
# of that name (base), NAME=REF the commit REF, checked out in
# build/src/NAME.  Appends "NAME SHA SUBJECT" to LIST.
build_named_kernel() {
	name=${1%%=*} ref=${1#*=}
	src=$BUILD/src/$name
	[ "$name" = series ] && src=$TREE
	if [ "$src" != "$TREE" ]; then
		# checkout takes "series^{/subject}" for a path: give it the hash.
		ref=$(git -C "$TREE" rev-parse --verify -q "$ref^{commit}") || die "no commit $1"
		[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$src" "$ref"
		git -C "$src" checkout -q --detach "$ref"
	fi
	sh "$ROOT/scripts/build-kernel.sh" "$src" "$BUILD/obj/$name"
	git -C "$src" log -1 --format="$name %H %s" >>"$2"
}

# bench_kernels RAW: the series' test programs in build/initramfs-bench.cpio.gz
# (the same binaries for every kernel) and every kernel of KERNELS, listed
# in RAW/kernels.txt.
bench_kernels() {
	sh "$ROOT/scripts/build-tests.sh" "$TREE" "$BUILD/progs/series"
	sh "$ROOT/scripts/make-initramfs.sh" "$BUILD/progs/series" "$BUILD/initramfs-bench.cpio.gz"
	for k in $KERNELS; do
		build_named_kernel "$k" "$1/kernels.txt"
	done
}

# interleaved_boots RAW WHAT PATTERN PARAM...: boots each kernel of KERNELS
# in turn (A B A B ...), BOOTS times, with the kernel parameters PARAM...;
# shows the guest's lines that match "^# PATTERN" as progress, and keeps
# only the lines matching "^# PATTERN" or TAP results of each boot in
# RAW/NAME-bootN.txt.  Exits on a boot that fails.
interleaved_boots() {
	raw=$1 what=$2 pattern=$3
	shift 3
	total=$((BOOTS * $(echo "$KERNELS" | wc -w)))
	i=0
	for b in $(seq 1 "$BOOTS"); do
		for k in $KERNELS; do
			name=${k%%=*}
			i=$((i + 1))
			say "boot $i/$total: $name, round $b ($what)"
			log=$raw/$name-boot$b.log
			{
				sh "$ROOT/scripts/run-vm.sh" "$BUILD/obj/$name/arch/x86/boot/bzImage" \
					"$BUILD/initramfs-bench.cpio.gz" "$log" "$@"
				echo $? >"$raw/rc"
			} | sed -n -u -E "s/^# ($pattern)/    \1/p"
			[ "$(cat "$raw/rc")" = 0 ] || die "boot $i failed: $log"
			grep -E "^# ($pattern)|^(not )?ok " "$log" >"${log%.log}.txt" || true
			rm "$log"
		done
	done
	rm -f "$raw/rc"
}

# machine_meta COMMAND [KERNEL [GUEST]]: the lines every benchmark report
# starts with.
machine_meta() {
	echo "command: $1"
	[ -z "${2:-}" ] || echo "kernel: $2"
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "base: $(kv "$SERIES_DIR/base.conf" package) $(cat "$TREE/.git/base-version")"
	echo "qemu: $(qemu-system-x86_64 --version | head -n 1)"
	echo "accel: $(cat "$BUILD/accel")"
	echo "guest: ${VM_CPUS:-2} vCPUs, ${VM_MEM:-4G}${3:+, $3}"
	echo "host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
}

# bench_meta COMMAND KERNEL: machine_meta for the benchmark guest, and the
# config fragments KERNEL was built from.
bench_meta() {
	machine_meta "$1" "" "zram 3G lzo-rle"
	echo "config: tinyconfig + config/guest.config + config/x86_64.config (fragment md5 $(cut -d- -f1 "$BUILD/obj/$2/.fragments"))"
	echo "kernel options: $(grep -E '^# CONFIG_SLUB_TINY |^CONFIG_(SLUB_TINY|CC_OPTIMIZE_FOR_[A-Z]*|PREEMPT|PREEMPT_VOLUNTARY|PREEMPT_NONE|HZ|MEMCG|TRANSPARENT_HUGEPAGE|WERROR)[= ]' \
		"$BUILD/obj/$2/.config" | sed 's/^# \(CONFIG_[A-Z_]*\) is not set/\1=n/' | tr '\n' ' ')"
}
