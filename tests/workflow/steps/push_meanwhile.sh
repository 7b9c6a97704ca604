#!/bin/sh
# The recorder's checkout's pre-push hook in the moving-main test: another pull request's
# merge, prepared in the clone $MEANWHILE, lands on the origin just before the recorder's
# first push (once: a marker beside the clone says it has).
set -eu
cat > /dev/null # the refs git is about to push
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
[ ! -e "$MEANWHILE.pushed" ] || exit 0
git -C "$MEANWHILE" push --quiet origin HEAD:main
touch "$MEANWHILE.pushed"
