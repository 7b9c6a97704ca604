"""`perfcode signatures`: whether everyone who must sign a pull request has; `record`
keeps the evidence after the merge."""

from __future__ import annotations

import os
import sys

from perfcode.cli.commands._common import day, root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError


def run(
    *,
    action: str | None,
    repo: str,
    pr: int,
    root: str,
    format: str,
    base_from_worktree: bool,
    today: str | None,
) -> int:
    from perfcode.io.github import DEFAULT_API, GitHub
    from perfcode.signatures import base as basetree
    from perfcode.signatures import check as signcheck
    from perfcode.signatures import rules as sig

    folder = root_folder(root, records=False)
    if pr < 1:
        raise PerfcodeError("--pr must be a pull request number")

    def load_base(sha: str) -> basetree.Base:
        if basetree.has_commit(folder, sha):
            return basetree.from_git(folder, sha)
        if base_from_worktree:
            return basetree.from_worktree(folder)
        raise PerfcodeError(
            f"{folder} does not hold the base commit {sha[:12]}; fetch it (git fetch), or pass "
            "--base-from-worktree when the folder is a checkout of the base branch"
        )

    judged = day(today).isoformat() if today else None
    api = os.environ.get("GITHUB_API_URL") or DEFAULT_API
    platform = GitHub(repo, os.environ.get("GITHUB_TOKEN"), api)
    check = signcheck.run(platform, pr, load_base, judged)
    if action == "record":
        if check.pull.merged_at is None:
            raise PerfcodeError(f"pull request #{pr} is not merged; record evidence after merge")
        for path, written in signcheck.record(check, folder):
            print(f"{'wrote' if written else 'already recorded in'} {path}")
    elif format == "json":
        sys.stdout.write(sig.as_json_text(check.verdict, check.registry))
    else:
        sys.stdout.write(sig.text(check.verdict, check.pull, check.registry))
    return EXIT_CLEAN if check.verdict.complete else EXIT_PROBLEMS
