"""The base branch as the signatures check sees it: its registry and its files.

Who must sign is decided by the registry *before* the change (people/, people/org.yaml and
each cycle's cycle.yaml), read with real git from the base commit, so nothing a pull
request edits can change its own signers. When the folder is not a git checkout holding
that commit, the caller may say the working tree *is* the base (CI checks out the base
branch) and the files are read from there.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from perfcode import load
from perfcode import model as m

#: the part of a repository the signatures check reads from the base
_REGISTRY = ("people/", "schemas/")


class BaseError(Exception):
    """The base cannot be read (the message says why)."""


@dataclass(frozen=True, slots=True)
class Base:
    """The base commit's registry, and a way to read its files."""

    repository: m.Repository
    root: Path
    commit: str | None  # None: the working tree is the base

    def text(self, path: str) -> str | None:
        """The text of a file at the base, or None when it does not exist there."""
        if self.commit is None:
            full = self.root / path
            return full.read_text(encoding="utf-8", errors="replace") if full.is_file() else None
        done = _git(self.root, "cat-file", "blob", f"{self.commit}:{path}", check=False)
        return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def _git(
    root: Path, *args: str, check: bool = True, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise BaseError("git is not installed") from exc
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        raise BaseError(f"git {args[0]} failed: {message}")
    return done


def has_commit(root: Path, sha: str) -> bool:
    """Whether `root` is a git repository that holds commit `sha`."""
    done = _git(root, "cat-file", "-e", f"{sha}^{{commit}}", check=False)
    return done.returncode == 0


def _wanted(path: str) -> bool:
    if path.startswith(_REGISTRY):
        return True
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "cycles" and parts[2] == "cycle.yaml"


def from_git(root: Path, sha: str) -> Base:
    """Load the registry as it is in commit `sha` of the repository at `root`."""
    listing = _git(
        root, "ls-tree", "-r", "-z", "--full-tree", sha, "--", "people", "schemas", "cycles"
    )
    blobs: list[tuple[str, str]] = []
    for entry in listing.stdout.decode("utf-8").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split(" ")
        if kind == "blob" and mode in ("100644", "100755") and _wanted(path):
            blobs.append((blob, path))
    with tempfile.TemporaryDirectory(prefix="perfcode-base-") as folder:
        target = Path(folder)
        if blobs:
            contents = _batch(root, [blob for blob, _ in blobs])
            for (_, path), data in zip(blobs, contents, strict=True):
                out = target / path
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
        repository, _problems = load.load_repository(target)
    return Base(repository=repository, root=root, commit=sha)


def _batch(root: Path, blobs: list[str]) -> list[bytes]:
    """The contents of many blobs in one `git cat-file --batch`."""
    done = _git(root, "cat-file", "--batch", data="".join(f"{b}\n" for b in blobs).encode())
    out, contents, at = done.stdout, [], 0
    for _ in blobs:
        end = out.index(b"\n", at)
        size = int(out[at:end].split(b" ")[2])
        contents.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return contents


def from_worktree(root: Path) -> Base:
    """The registry from the files in `root` (a checkout of the base branch)."""
    repository, _problems = load.load_repository(root)
    return Base(repository=repository, root=root, commit=None)
