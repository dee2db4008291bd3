#!/bin/sh
# Downloads the pinned linux-source .deb into the cache and prints its path.
# A private apt state keeps the machine's own apt configuration untouched.
set -eu
. "$(dirname "$0")/lib.sh"

conf=$SERIES_DIR/base.conf
pkg=$(kv "$conf" package)
want=$(kv "$conf" version)
suites=$(kv "$conf" suites)

mkdir -p "$CACHE"
cached=$(ls "$CACHE/${pkg}_"*.deb 2>/dev/null | grep -F "_${want}_" | head -n 1 || true)
if [ -n "$cached" ]; then
	echo "$cached"
	exit 0
fi

need apt ca-certificates
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
	grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' \
	/etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || die "no Debian mirror found in the machine's apt configuration"

state=$CACHE/apt
mkdir -p "$state/lists/partial" "$state/archives/partial"
: >"$state/sources.list"
for s in $suites; do
	echo "deb [trusted=yes] $mirror $s main" >>"$state/sources.list"
done
apt_opts="-o Dir::Etc::sourcelist=$state/sources.list -o Dir::Etc::sourceparts=/dev/null
	-o Dir::State::Lists=$state/lists -o Dir::Cache::archives=$state/archives
	-o APT::Sandbox::User=root -o Debug::NoLocking=1"
say "apt-get update (private state, suites: $suites)"
# shellcheck disable=SC2086
apt-get $apt_opts update -qq >&2 || die "apt-get update of the private state failed"

# shellcheck disable=SC2086
offered=$(apt-cache $apt_opts madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')
version=$want
if ! printf '%s\n' "$offered" | grep -qx "$want"; then
	version=$(printf '%s\n' "$offered" | sort -V | tail -n 1)
	[ -n "$version" ] || die "$pkg is not offered by $suites"
	cat >&2 <<MSG

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! $pkg $want is no longer offered; falling back to $version.
!!! The series was exported against $want: expect fuzz or rejects.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
fi
say "downloading $pkg $version (~170 MB)"
# shellcheck disable=SC2086
(cd "$CACHE" && apt-get $apt_opts download "$pkg=$version" >&2) ||
	die "apt-get download $pkg=$version failed"
ls "$CACHE/${pkg}_"*.deb | grep -F "_$(echo "$version" | sed 's/:/%3a/')_" | head -n 1
