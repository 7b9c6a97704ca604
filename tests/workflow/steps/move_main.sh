#!/bin/sh
# Another pull request is merged while the recorder works: a second clone pushes a merge
# commit to the origin (ORIGIN) first, on each of the first MOVES calls (counted in COUNTER).
set -eu
calls=$(($(cat "$COUNTER" 2>/dev/null || echo 0) + 1))
echo "$calls" > "$COUNTER"
[ "$calls" -le "$MOVES" ] || exit 0
other=$(mktemp -d)
git clone --quiet "$ORIGIN" "$other/clone"
cd "$other/clone"
echo "merged while recording ($calls)" >> merged.txt
git add merged.txt
git -c user.name=merger -c user.email=merger@example.com \
  commit --quiet -m "Merge pull request #$((100 + calls)) from acme/concurrent"
git push --quiet origin HEAD:main
rm -rf "$other"
