"""The base branch as the signatures check sees it: its registry and its files.

Who must sign is decided by the registry *before* the change (people/, people/org.yaml and
each cycle's cycle.yaml), read with real git from the base commit, so nothing a pull
request edits can change its own signers. When the folder is not a git checkout holding
that commit, the caller may say the working tree *is* the base (CI checks out the base
branch) and the files are read from there.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from perfcode import model as m
from perfcode.io import files
from perfcode.io import git as gitrev
from perfcode.load import repository as load

#: the part of a repository the signatures check reads from the base
_REGISTRY = ("people/", "schemas/")


@dataclass(frozen=True, slots=True)
class Base:
    """The base commit's registry, and a way to read its files."""

    repository: m.Repository
    root: Path
    commit: str | None  # None: the working tree is the base

    def text(self, path: str) -> str | None:
        """The text of a regular file at the base, or None when there is none there (a
        link, a submodule or a pipe is not a file: the loader never reads one either)."""
        if self.commit is None:
            try:
                data = files.read(self.root, path, load.max_bytes(path))
            except (files.Refused, files.TooLarge, OSError):
                return None
            return data.decode("utf-8", errors="replace")
        return gitrev.file_at(self.root, self.commit, path)


def is_checkout(root: Path) -> bool:
    """Whether `root` is the top of a git checkout."""
    done = gitrev.run(root, "rev-parse", "--show-prefix", check=False)
    return done.returncode == 0 and not done.stdout.strip()


def has_commit(root: Path, sha: str) -> bool:
    """Whether `root` is a git repository that holds commit `sha`."""
    done = gitrev.run(root, "cat-file", "-e", f"{sha}^{{commit}}", check=False)
    return done.returncode == 0


def _wanted(path: str) -> bool:
    if path.startswith(_REGISTRY):
        return True
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "cycles" and parts[2] == "cycle.yaml"


def from_git(root: Path, sha: str) -> Base:
    """Load the registry as it is in commit `sha` of the repository at `root`: its regular
    files only, as the loader reads a working tree (a link or a submodule is not read)."""
    listing = gitrev.run(
        root, "ls-tree", "-r", "-z", "--full-tree", sha, "--", "people", "schemas", "cycles"
    )
    blobs = [
        (entry.object, entry.path)
        for entry in gitrev.parse_tree(listing.stdout)
        if entry.kind == "blob" and entry.mode in gitrev.REGULAR and _wanted(entry.path)
    ]
    with tempfile.TemporaryDirectory(prefix="perfcode-base-") as folder:
        target = Path(folder)
        if blobs:
            contents = gitrev.contents(root, [blob for blob, _ in blobs])
            for (_, path), data in zip(blobs, contents, strict=True):
                out = target / path
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
        repository, _problems = load.load_repository(target)
    return Base(repository=repository, root=root, commit=sha)


def from_worktree(root: Path) -> Base:
    """The registry from the files in `root` (a checkout of the base branch)."""
    repository, _problems = load.load_repository(root)
    return Base(repository=repository, root=root, commit=None)
