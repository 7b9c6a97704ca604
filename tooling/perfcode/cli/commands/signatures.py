"""`perfcode signatures`: whether everyone who must sign a pull request has (and post that
as the check run); `record` keeps the evidence after merges; `keygen` makes the recorder's
key pair."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from perfcode.cli.commands._common import day, root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError

if TYPE_CHECKING:
    from perfcode.io.github import GitHub

KEY_VARIABLE = "PERFCODE_EVIDENCE_KEY"


def run(
    *,
    action: str | None,
    repo: str | None,
    pr: int | None,
    commit: str | None,
    root: str,
    format: str,
    post_check: bool,
    depth: int,
    today: str | None,
) -> int:
    if action == "keygen":
        return _keygen()
    if not repo:
        raise PerfcodeError("--repo OWNER/NAME is required")
    folder = root_folder(root, records=False)
    if action == "record":
        return _record(repo, folder, depth)
    if pr is None and commit is None:
        raise PerfcodeError("name the pull request: --pr N, or --commit SHA for its head")
    if pr is not None and pr < 1:
        raise PerfcodeError("--pr must be a pull request number")
    return _check(repo, folder, pr, commit, format, post_check, today)


def _platform(repo: str) -> GitHub:
    from perfcode.io.github import DEFAULT_API, GitHub

    api = os.environ.get("GITHUB_API_URL") or DEFAULT_API
    return GitHub(repo, os.environ.get("GITHUB_TOKEN"), api)


def _check(
    repo: str,
    folder: Path,
    pr: int | None,
    commit: str | None,
    format: str,
    post_check: bool,
    today: str | None,
) -> int:
    from perfcode.io import git as gitrev
    from perfcode.signatures import base as basetree
    from perfcode.signatures import check as signcheck
    from perfcode.signatures import rules as sig

    judged = day(today).isoformat() if today else None
    if not basetree.is_checkout(folder):
        raise PerfcodeError(
            f"{folder} is not a git checkout: the signatures check reads the registry from "
            "the default branch's commit checked out there"
        )
    base = basetree.from_git(folder, gitrev.resolve(folder, "HEAD"))
    platform = _platform(repo)
    if pr is not None:
        pulls = [signcheck.default_pull(platform, pr)]
    else:
        pulls = signcheck.open_pulls_with_head(platform, commit or "")
        if not pulls:
            print(f"No open pull request into the default branch has the head {commit}.")
            return EXIT_CLEAN
    complete = True
    for pull in pulls:
        check = signcheck.judge(platform, pull, base, judged)
        if format == "json":
            sys.stdout.write(sig.as_json_text(check.verdict, check.registry))
        else:
            sys.stdout.write(sig.text(check.verdict, check.pull, check.registry))
        if post_check:
            run_id = platform.post_check(signcheck.check_run(check))
            print(f"posted the check run {sig.CHECK_NAME!r} ({run_id}) on {check.verdict.head}")
        complete = complete and check.verdict.complete
    return EXIT_CLEAN if complete else EXIT_PROBLEMS


def _record(repo: str, folder: Path, depth: int) -> int:
    from perfcode.signatures import check as signcheck

    key = os.environ.get(KEY_VARIABLE, "")
    if not key.strip():
        raise PerfcodeError(
            f"{KEY_VARIABLE} is not set: record runs in the workflow that holds the "
            "recorder's private key (perfcode signatures keygen makes one)"
        )
    if depth < 1:
        raise PerfcodeError("--depth must be at least 1")
    failed = 0
    for done in signcheck.record(_platform(repo), folder, key, depth):
        short = done.commit[:12]
        if done.error is not None:
            failed += 1
            print(f"could not record commit {short}: {done.error}")
        elif done.pull is None:
            print(
                f"commit {short} was not merged from a pull request into the default branch: "
                "nothing to record (perfcode verify reports it)"
            )
        else:
            state = "signed" if done.complete else "NOT fully signed"
            files = ", ".join(f"cycles/{c}/signatures.yaml" for c in done.files)
            print(f"recorded #{done.pull} (commit {short}, {state}) in {files}")
    if failed:
        print(f"{failed} merge(s) could not be recorded; the others were.")
    return EXIT_PROBLEMS if failed else EXIT_CLEAN


def _keygen() -> int:
    from perfcode.signatures import proof

    private, public = proof.new_key()
    sys.stdout.write(
        "# The recorder's key pair for signature evidence.\n"
        f"# 1. Store this line as the secret {KEY_VARIABLE} of the `signatures` environment\n"
        "#    (Settings > Environments), and nowhere else:\n"
        f"{private}\n"
        "# 2. Add this line to people/org.yaml under `evidence_keys:` in a pull request:\n"
        f"{public}\n"
    )
    return EXIT_CLEAN
