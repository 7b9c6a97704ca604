"""`perfcode verify`: the signature evidence of every change on the branch, offline."""

from __future__ import annotations

import sys

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.report import problems as report


def run(*, root: str, ref: str, format: str, keys: list[str] | None = None) -> int:
    from perfcode.signatures import base as basetree
    from perfcode.signatures import verify

    folder = root_folder(root, records=False)
    if not basetree.is_checkout(folder):
        raise PerfcodeError(f"{root} is not a git clone: perfcode verify walks its history")
    outcome = verify.verify(folder, ref, tuple(keys or ()))
    problems = sorted(outcome.problems, key=lambda p: p.sort_key())
    if format == "json":
        about = {
            "ref": ref,
            "since": outcome.since or "",
            "commits": str(outcome.commits),
            "changes": str(outcome.merges),
        }
        sys.stdout.write(report.as_json(problems, outcome.documents, about))
    else:
        sys.stdout.write(report.render(problems, outcome.documents, format))
    if format == "text":
        since = f"since commit {outcome.since[:12]}" if outcome.since else "(no evidence kept yet)"
        print(
            f"Verified {outcome.merges} change(s) in {outcome.commits} commit(s) {since}: "
            + ("every change carries its signatures." if not problems else "gaps above.")
        )
    return EXIT_PROBLEMS if problems else EXIT_CLEAN
