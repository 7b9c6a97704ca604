"""A stand-in for `perfcode signatures ... --post-check` in the workflow-step tests (copied
into the fake checkout as tooling/perfcode/__main__.py): prints the arguments it was given
and exits with STUB_EXIT (0 all signed, 1 someone missing, 2 could not run)."""

import os
import sys

print("perfcode", *sys.argv[1:])
print("token:", "set" if os.environ.get("GITHUB_TOKEN") else "missing")
sys.exit(int(os.environ.get("STUB_EXIT", "0")))
