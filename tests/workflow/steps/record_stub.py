"""A stand-in for `perfcode signatures record` in the workflow-step tests (copied into the
fake repository as tooling/perfcode/__main__.py, where the workflow's
`PYTHONPATH=tooling python -m perfcode` finds it). It keeps record's contract: every commit
among the last --depth first-parent commits of --root's HEAD that merged a pull request
(here: its subject starts with "Merge pull request #") and has no entry yet gets one in
cycles/2026-H1/signatures.yaml; files only, no commit; exit 0 also when nothing is new.
When AFTER_RECORD names a program, it runs it afterwards (the tests move main there)."""

import os
import subprocess
import sys
from pathlib import Path

args = sys.argv[1:]
if args[:2] != ["signatures", "record"]:
    sys.exit(f"stub: unexpected arguments {args}")
options = dict(zip(args[2::2], args[3::2], strict=True))
if not (os.environ.get("PERFCODE_EVIDENCE_KEY") and os.environ.get("GITHUB_TOKEN")):
    sys.exit("stub: PERFCODE_EVIDENCE_KEY and GITHUB_TOKEN must be set")
root = Path(options["--root"])
log = subprocess.run(
    ["git", "-C", str(root), "log", "--first-parent", f"-n{options['--depth']}", "--format=%H %s"],
    capture_output=True,
    text=True,
    check=True,
).stdout.splitlines()
evidence = root / "cycles" / "2026-H1" / "signatures.yaml"
recorded = evidence.read_text(encoding="utf-8").split() if evidence.exists() else []
merges = [line.split()[0] for line in reversed(log) if " Merge pull request #" in line]
new = [sha for sha in merges if sha not in recorded]
if new:
    with evidence.open("a", encoding="utf-8") as out:
        out.writelines(f"- merge: {sha}\n" for sha in new)
print(f"recorded {len(new)} merge(s)")
if os.environ.get("AFTER_RECORD"):
    subprocess.run([os.environ["AFTER_RECORD"]], check=True)
