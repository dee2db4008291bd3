#!/bin/sh
# apt-download.sh ARCH "SUITES" PKG[=VERSION]: downloads a .deb into the
# cache through a private apt state and prints its path; the machine's own
# apt configuration is only read (for the mirror), never changed.
# PKG=newest: newest version offered.  Caches by package, arch and version.
set -eu
. "$(dirname "$0")/lib.sh"

arch=$1 suites=$2 spec=$3
pkg=${spec%%=*} version=
[ "$pkg" = "$spec" ] || version=${spec#*=}

mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
	grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' \
	/etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || die "no Debian mirror found in the machine's apt configuration"

state=$CACHE/apt-$arch-$(echo "$suites" | tr ' ' '+')
mkdir -p "$state/lists/partial" "$state/archives/partial"
for s in $suites; do echo "deb [trusted=yes arch=$arch] $mirror $s main"; done >"$state/sources.list"
set -- -o Dir::Etc::sourcelist="$state/sources.list" -o Dir::Etc::sourceparts=/dev/null \
	-o Dir::State::Lists="$state/lists" -o Dir::Cache::archives="$state/archives" \
	-o APT::Architecture="$arch" -o APT::Architectures="$arch" \
	-o APT::Sandbox::User=root -o Debug::NoLocking=1

cached() { ls "$CACHE/${pkg}_"*"_$arch.deb" "$CACHE/${pkg}_"*_all.deb 2>/dev/null | grep -F "_$(echo "$1" | sed 's/:/%3a/')_" | head -n 1; }
if [ -n "$version" ] && [ "$version" != newest ] && [ -n "$(cached "$version")" ]; then
	cached "$version"
	exit 0
fi
if [ -z "$(find "$state/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
	say "apt-get update (private state: $arch, $suites)"
	apt-get "$@" update -qq >&2 || die "apt-get update of the private state failed"
fi
offered=$(apt-cache "$@" madison "$pkg" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
newest=$(printf '%s\n' "$offered" | sort -V | tail -n 1)
[ -n "$newest" ] || die "$pkg ($arch) is not offered by $suites"
if [ -z "$version" ] || [ "$version" = newest ]; then
	version=$newest
elif ! printf '%s\n' "$offered" | grep -qx "$version"; then
	cat >&2 <<MSG

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! $pkg $version is no longer offered; falling back to $newest.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
	version=$newest
fi
if [ -z "$(cached "$version")" ]; then
	say "downloading $pkg $version ($arch)"
	(cd "$CACHE" && apt-get "$@" download "$pkg:$arch=$version" >&2) ||
		die "apt-get download $pkg=$version failed"
fi
cached "$version"
