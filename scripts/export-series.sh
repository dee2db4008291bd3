#!/bin/sh
# Exports base..series of build/linux into the series directory
# (SERIES_DIR) with git format-patch.  The cover letter keeps the subject
# and text of the existing 0000-cover-letter.patch; shortlog, diffstat and
# base-commit are regenerated.  Unchanged commits give byte-identical files
# (zero commit ids, no signature, the cover dated like the newest patch).
# The person exporting signs the series: From: and Signed-off-by: come from
# their git config (user.name, user.email), never from this script.
set -eu
. "$(dirname "$0")/lib.sh"

git -C "$TREE" rev-parse -q --verify series >/dev/null || die "no branch series in $TREE (make tree)"
name=$(git -C "$ROOT" config user.name || true)
email=$(git -C "$ROOT" config user.email || true)
if [ -z "$name" ] || [ -z "$email" ]; then
	cat >&2 <<MSG

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! git config user.name / user.email are not set: the patches keep the
!!! From: and Signed-off-by: of the commits.  Set both and export again
!!! before you send the series: only you can sign it off.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git -C "$TREE" format-patch -q --no-signature --zero-commit --cover-letter \
	--base=base -o "$out" base..series

python3 - "$out/0000-cover-letter.patch" "$SERIES_DIR/0000-cover-letter.patch" "$out" "$name" "$email" <<'PY'
import glob, os, re, sys
new_path, old_path, out, name, email = sys.argv[1:]
if name and email:
    ident = f"{name} <{email}>"
    for p in glob.glob(out + "/0*.patch"):
        text = open(p).read()
        head, sep, body = text.partition("\n\n")
        # format-patch folds a long From: onto continuation lines.
        head = re.sub(r"^From: .*(?:\n[ \t].*)*$", lambda m: "From: " + ident, head, count=1, flags=re.M)
        msg, dashes, rest = body.partition("\n---\n")
        if dashes and not p.endswith("0000-cover-letter.patch"):
            msg = re.sub(r"^Signed-off-by: .*\n?", "", msg, flags=re.M).rstrip("\n")
            trailers = all(re.match(r"^[A-Za-z-]+: ", line) for line in msg.split("\n\n")[-1].split("\n"))
            msg += ("\n" if trailers else "\n\n") + "Signed-off-by: " + ident
        open(p, "w").write(head + sep + msg + dashes + rest)
new = open(new_path).read()
subject, body = "*** SUBJECT HERE ***", "*** BLURB HERE ***\n"
if os.path.exists(old_path):
    old = open(old_path).read()
    head, _, rest = old.partition("\n\n")
    m = re.search(r"^Subject: \[[^\]]*\] (.*(?:\n .*)*)", head, re.M)
    if m:
        subject = m.group(1)
    lines = rest.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^\S.*\(\d+\):$", line) and i + 1 < len(lines) and lines[i + 1].startswith("  "):
            body = "\n".join(lines[:i]).rstrip("\n") + "\n"
            break
if name and email:
    # The shortlog groups by commit author: one sender, one group.
    subjects = []
    for p in sorted(glob.glob(out + "/0*.patch")):
        if p.endswith("0000-cover-letter.patch"):
            continue
        m = re.search(r"^Subject: \[[^\]]*\] (.*(?:\n .*)*)", open(p).read(), re.M)
        subjects.append("  " + re.sub(r"\n ", " ", m.group(1)))
    new = re.sub(r"^\S.*\(\d+\):\n(?:(?:  .*|\S.*\(\d+\):)?\n)*?(?=\n [^ ])",
                 lambda m: f"{name} ({len(subjects)}):\n" + "\n".join(subjects) + "\n",
                 new, count=1, flags=re.M)
new = new.replace("*** SUBJECT HERE ***", subject, 1)
new = new.replace("*** BLURB HERE ***\n", body, 1)
dates = [re.search(r"^Date: .*$", open(p).read(), re.M).group(0)
         for p in sorted(glob.glob(out + "/0*.patch")) if not p.endswith("0000-cover-letter.patch")]
if dates:
    new = re.sub(r"^Date: .*$", dates[-1], new, count=1, flags=re.M)
open(new_path, "w").write(new)
PY

mkdir -p "$SERIES_DIR"
changed=0
for f in "$out"/*.patch; do
	cmp -s "$f" "$SERIES_DIR/$(basename "$f")" || changed=$((changed + 1))
done
for f in "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$f" ] && [ ! -e "$out/$(basename "$f")" ] && rm "$f" && changed=$((changed + 1))
done
cp "$out"/*.patch "$SERIES_DIR/"
say "exported $(ls "$out" | wc -l) files to ${SERIES_DIR#"$ROOT"/} ($changed changed)"
