"""A git revision's records in a folder (the edge `perfcode diff` reads from).

`git archive REV people cycles schemas`, unpacked with `tarfile`'s data filter (no links
out of the folder, no absolute paths), so the records of any commit can be loaded and
scored exactly as a checkout of it would be, without touching the working tree.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

#: what a revision's records are made of
PARTS = ("people", "cycles", "schemas")


class RevisionError(Exception):
    """The revision cannot be read (the message says why, for the user)."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        raise RevisionError(f"git {args[0]} failed: {message}")
    return done.stdout


def resolve(root: Path, revision: str) -> str:
    """The full commit id of `revision` (a branch, tag, sha, HEAD~1 ...)."""
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision")
    try:
        _git(root, "rev-parse", "--git-dir")
    except RevisionError:
        raise RevisionError(
            f"{root} is not a git repository: perfcode diff compares two of its commits"
        ) from None
    try:
        return (
            _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
            .decode()
            .strip()
        )
    except RevisionError:
        raise RevisionError(f"{revision!r} is not a commit of the repository at {root}") from None


def materialise(root: Path, revision: str, target: Path) -> str:
    """Unpack the records of `revision` into `target`; returns the commit id."""
    commit = resolve(root, revision)
    listing = _git(root, "ls-tree", "--name-only", commit).decode("utf-8").split("\n")
    present = [part for part in PARTS if part in listing]
    target.mkdir(parents=True, exist_ok=True)
    if not present:
        return commit
    archive = _git(root, "archive", "--format=tar", commit, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return commit
