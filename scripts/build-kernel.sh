#!/bin/sh
# build-kernel.sh SRC OBJ FRAGMENT...: out-of-tree (O=OBJ) build of SRC.
# tinyconfig plus the fragments (scripts/lib.sh's variant_fragments gives a
# guest kernel's); a requested symbol that olddefconfig dropped is an error, not
# a surprise at boot time.  ARCH (x86_64, i386, arm64, arm) is the
# architecture built for; CONFIGURE_ONLY=1 stops after the configuration
# (for builds of single objects).
set -eu
. "$(dirname "$0")/lib.sh"
need_kbuild

src=$1 obj=$2
shift 2
arch=${ARCH:-x86_64}
[ $# -gt 0 ] || die "usage: $0 SRC OBJ FRAGMENT... (--help)"
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)

# Reconfigure when the fragments or the source's Kconfig change: walking the
# series patch by patch, a symbol a later patch adds must come back.
stamp=$(cat "$@" | md5sum | cut -d' ' -f1)-$arch-$(find "$src" -name 'Kconfig*' \
	-not -path '*/.git/*' -exec cat {} + | md5sum | cut -c1-12)
if [ "$(cat "$obj/.fragments" 2>/dev/null)" != "$stamp" ] || [ ! -f "$obj/.config" ]; then
	say "configuring $(basename "$obj") ($arch): tinyconfig + $(for f; do printf '%s ' "$(basename "$f")"; done)"
	# A configuration cut short must not pass for a finished one next time.
	rm -f "$obj/.fragments"
	kmake_arch "$arch" -s -C "$src" O="$obj" tinyconfig >/dev/null
	cat "$@" >"$obj/.fragment"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$obj/.fragment" >/dev/null
	kmake_arch "$arch" -s -C "$src" O="$obj" olddefconfig >/dev/null
	lost=$(awk -F= '
		NR == FNR { if ($0 ~ /^CONFIG_/) got[$1] = $2
			    else if ($0 ~ /^# CONFIG_.* is not set/) { split($0, w, " "); got[w[2]] = "n" }
			    next }
		/^CONFIG_/ { have = ($1 in got) ? got[$1] : "n"
			     if (have != $2) printf "  %s=%s (got %s)\n", $1, $2, have }
	' "$obj/.config" "$obj/.fragment")
	# A symbol this source does not define (a test the series adds, built
	# for the base kernel) is no loss.
	missing=""
	for sym in $(printf '%s\n' "$lost" | sed -n 's/^  CONFIG_\([A-Za-z0-9_]*\)=.*/\1/p'); do
		if grep -rqxE --include="Kconfig*" "(menu)?config $sym" "$src"; then
			missing="$missing
$(printf '%s\n' "$lost" | grep "CONFIG_$sym=")"
		else
			say "note: CONFIG_$sym is not defined by this source"
		fi
	done
	[ -z "$missing" ] || die "olddefconfig dropped requested symbols:$missing"
	echo "$stamp" >"$obj/.fragments"
fi

[ "${CONFIGURE_ONLY:-0}" = 0 ] || exit 0
say "building $(basename "$obj") ($arch, -j$(nproc))"
with_progress "$(basename "$obj"): objects compiled" "$obj/build.log" '^  CC ' 400 \
	kmake_arch "$arch" -C "$src" O="$obj" -j"$(nproc)" "$(kimage_target "$arch")" || exit 1
say "$(basename "$obj"): $(ls "$(kimage_in "$obj" "$arch")")"
