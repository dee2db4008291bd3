#!/bin/sh
# Makes build/linux: the pristine source committed and tagged `base`, and the
# branch `series` with the series (SERIES_DIR) applied by git am.  An existing `series`
# branch is the developer's work and is left alone unless RESET=1.
set -eu
. "$(dirname "$0")/lib.sh"
need_kbuild
need xz-utils

conf=$SERIES_DIR/base.conf
# A fixed identity and date make `base` the same commit on every machine.
export GIT_AUTHOR_NAME="Debian kernel package" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"

if ! git -C "$TREE" rev-parse -q --verify base >/dev/null 2>&1; then
	deb=$(sh "$ROOT/scripts/fetch-kernel.sh")
	version=$(dpkg-deb -f "$deb" Version)
	rm -rf "$TREE" "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	say "extracting $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		xz -dc -T0 | tar -x -C "$TREE.tmp" --strip-components=1
	say "committing the pristine tree (takes a minute)"
	git -C "$TREE.tmp" init -q -b pristine
	git -C "$TREE.tmp" config gc.auto 0
	git -C "$TREE.tmp" config core.preloadIndex true
	git -C "$TREE.tmp" add -A -f .  # Debian's .gitignore ignores "/*"
	git -C "$TREE.tmp" commit -q -m "$(kv "$conf" package) $version (Debian)"
	git -C "$TREE.tmp" tag base
	echo "$version" >"$TREE.tmp/.git/base-version"
	mv "$TREE.tmp" "$TREE"
fi

cd "$TREE"
# Commits made here are the developer's own: no identity is set for them.
git config --unset user.name 2>/dev/null || true
git config --unset user.email 2>/dev/null || true

if git rev-parse -q --verify refs/heads/series >/dev/null; then
	if [ "${RESET:-0}" != 1 ]; then
		say "build/linux: branch series exists ($(git rev-list --count base..series) patches); RESET=1 rebuilds it from series/"
		exit 0
	fi
	[ -z "$(git status --porcelain --untracked-files=no)" ] ||
		die "build/linux has uncommitted changes; commit or discard them first"
	git checkout -q --detach base
	git branch -q -D series
fi
git checkout -q -b series base
set -- "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch
[ -e "$1" ] || die "no patches in $SERIES_DIR"
for p in "$@"; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	git -c user.name=series -c user.email=series am -q --committer-date-is-author-date "$p" ||
		{ git am --abort; die "$(basename "$p") does not apply to base"; }
done
say "build/linux: branch series = base + $(git rev-list --count base..series) patches"
