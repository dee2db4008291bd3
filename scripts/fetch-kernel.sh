#!/bin/sh
# Downloads the pinned linux-source .deb named by series/v7.3/base.conf into
# the cache and prints its path.  When the pinned version has left the
# archive, the newest one offered is used, with a loud notice.
set -eu
. "$(dirname "$0")/lib.sh"

conf=$SERIES_DIR/base.conf
need apt ca-certificates
sh "$ROOT/scripts/apt-download.sh" amd64 "$(kv "$conf" suites)" \
	"$(kv "$conf" package)=$(kv "$conf" version)"
