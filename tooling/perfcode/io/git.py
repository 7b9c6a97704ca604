"""A git revision's records in a folder (the edge `perfcode diff` reads from).

The revision's tree is listed with `git ls-tree -r -z` and its regular files (modes 100644
and 100755) are written into the folder from one `git cat-file --batch`, so the records of
any commit can be loaded and scored exactly as a checkout of it would be, without touching
the working tree. What a checkout would hold that is not a regular file — a symbolic link
(mode 120000) or a submodule (160000) — is never written: it is the same problem the loader
reports for it in a working tree (`files`), for the revision that holds it.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perfcode.errors import PerfcodeError
from perfcode.io import files
from perfcode.problems import Problem, error

#: what a revision's records are made of
SCHEMAS = "schemas"
PARTS = ("people", "cycles", SCHEMAS)
#: tree modes of regular files, of symbolic links and of submodules (gitlinks)
REGULAR, LINK, SUBMODULE = ("100644", "100755"), "120000", "160000"


def blob_id(data: bytes) -> str:
    """The git (SHA-1) blob id of a file's bytes: what `git hash-object` prints."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of `git ls-tree -r`."""

    mode: str
    kind: str  # blob | commit (a submodule)
    object: str
    path: str


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision written into a folder: its commit id, and the problems with entries
    that are not regular files (never written)."""

    commit: str
    problems: tuple[Problem, ...]


def parse_tree(listing: bytes) -> list[Entry]:
    """The entries of `git ls-tree -r -z` output (paths are UTF-8; others are replaced)."""
    entries: list[Entry] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode("ascii").split(" ")
        entries.append(Entry(mode, kind, sha, path.decode("utf-8", errors="replace")))
    return entries


def split_batch(out: bytes, count: int) -> list[bytes]:
    """The contents of `count` objects in `git cat-file --batch` output, in order."""
    contents: list[bytes] = []
    at = 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3:  # "<sha> missing"
            raise ValueError(out[at:end].decode("utf-8", errors="replace"))
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return contents


def entry_problem(entry: Entry, content: bytes = b"") -> Problem | None:
    """The problem a checkout's loader would report for a tree entry (None: a regular file
    where the loader looks); `content` is a link's blob, the path it points at."""
    if not files.walked(entry.path):
        return None
    if entry.mode == LINK:
        return files.link_problem(entry.path, content.decode("utf-8", errors="replace"))
    if entry.mode == SUBMODULE:
        return files.submodule_problem(entry.path)
    if entry.mode not in REGULAR:
        return error(entry.path, "PC051", f"git holds an entry of mode {entry.mode} here").at(1, 1)
    return None


def run(
    root: Path, *args: str, check: bool = True, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`git -C root ARGS`; with CHECK, a failure is a PerfcodeError saying what git said."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise PerfcodeError("git is not installed") from exc
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        raise PerfcodeError(f"git {args[0]} failed: {message}")
    return done


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    return run(root, *args, data=data).stdout


def resolve(root: Path, revision: str) -> str:
    """The full commit id of `revision` (a branch, tag, sha, HEAD~1 ...)."""
    if revision.startswith("-"):
        raise PerfcodeError(f"{revision!r} is not a revision")
    try:
        _git(root, "rev-parse", "--git-dir")
    except PerfcodeError:
        raise PerfcodeError(
            f"{root} is not a git repository: perfcode diff compares two of its commits"
        ) from None
    try:
        return (
            _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
            .decode()
            .strip()
        )
    except PerfcodeError:
        raise PerfcodeError(f"{revision!r} is not a commit of the repository at {root}") from None


def tree(root: Path, commit: str, parts: Iterable[str]) -> list[Entry]:
    """Every entry of `commit` under the top-level folders `parts`."""
    return parse_tree(_git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *parts))


def contents(root: Path, objects: list[str]) -> list[bytes]:
    """The contents of many objects, read with one `git cat-file --batch`."""
    if not objects:
        return []
    out = _git(root, "cat-file", "--batch", data="".join(f"{o}\n" for o in objects).encode())
    try:
        return split_batch(out, len(objects))
    except ValueError as exc:
        raise PerfcodeError(f"git cat-file cannot read an object: {exc}") from None


def _safe(path: str) -> bool:
    return all(part not in ("", ".", "..", ".git") for part in path.split("/"))


@dataclass(frozen=True, slots=True)
class Listing:
    """A revision's records as git holds them, nothing written: the blob id of every
    regular file under PARTS, and the problems of entries a checkout would not hold as
    regular files (links, submodules: never read)."""

    root: Path  # the git repository
    commit: str
    blobs: dict[str, str]  # path → blob id
    problems: tuple[Problem, ...]

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        """The contents of the files PATHS, read with one `git cat-file --batch`."""
        wanted = sorted(set(paths))
        return dict(zip(wanted, contents(self.root, [self.blobs[p] for p in wanted]), strict=True))


def listing(root: Path, revision: str, parts: tuple[str, ...] = PARTS) -> Listing:
    """The records of `revision`: what `materialise` would write, without writing it."""
    commit = resolve(root, revision)
    entries = [e for e in tree(root, commit, parts) if e.path.split("/", 1)[0] in parts]
    links = [e for e in entries if e.kind == "blob" and e.mode == LINK and files.walked(e.path)]
    targets = dict(
        zip((e.path for e in links), contents(root, [e.object for e in links]), strict=True)
    )
    problems: list[Problem] = []
    blobs: dict[str, str] = {}
    for entry in entries:
        if not _safe(entry.path):
            problems.append(
                error(entry.path, "PC035", "git holds a path that cannot be checked out").at(1, 1)
            )
            continue
        problem = entry_problem(entry, targets.get(entry.path, b""))
        if problem is not None:
            problems.append(problem)
        elif entry.mode in REGULAR and entry.kind == "blob":
            blobs[entry.path] = entry.object
    return Listing(root, commit, blobs, tuple(sorted(problems, key=Problem.sort_key)))


def materialise(
    root: Path, revision: str, target: Path, parts: tuple[str, ...] = PARTS
) -> Revision:
    """Write the regular files of `revision`'s records (its folders PARTS) into `target`."""
    return write_out(listing(root, revision, parts), target, parts)


def write_out(found: Listing, target: Path, parts: tuple[str, ...] = PARTS) -> Revision:
    """Write the regular files of FOUND under its folders PARTS into `target`."""
    wanted = [p for p in found.blobs if p.split("/", 1)[0] in parts]
    data = found.read(wanted)
    target.mkdir(parents=True, exist_ok=True)
    for path, content in data.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    return Revision(found.commit, found.problems)


# --- history: what `perfcode verify` and `perfcode signatures record` walk -------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One commit of a branch's first-parent history."""

    commit: str
    parent: str | None  # None: the first commit
    subject: str


@dataclass(frozen=True, slots=True)
class Change:
    """A path a commit changed against its first parent, and its blob after (None: deleted)."""

    path: str
    status: str  # added | removed | modified (git's A, D, M; a type change is modified)
    blob: str | None


def first_parents(root: Path, revision: str, limit: int | None = None) -> list[Step]:
    """The first-parent history of `revision`, oldest first (the last `limit` commits)."""
    commit = resolve(root, revision)
    args = ["log", "--first-parent", "--format=%H%x00%P%x00%s%x00", commit]
    if limit is not None:
        args.insert(1, f"--max-count={limit}")
    fields = _git(root, *args).decode("utf-8", errors="replace").split("\x00")
    steps: list[Step] = []
    for at in range(0, len(fields) - 2, 3):
        sha, parents, subject = fields[at].strip(), fields[at + 1].split(), fields[at + 2]
        steps.append(Step(sha, parents[0] if parents else None, subject))
    return steps[::-1]


_STATUS = {"A": "added", "D": "removed", "M": "modified", "T": "modified"}


def changes(root: Path, parent: str | None, commit: str) -> list[Change]:
    """What `commit` changed against `parent` (renames as a deletion and an addition)."""
    args = ["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id"]
    args += [parent, commit] if parent is not None else ["--root", commit]
    fields = _git(root, *args).split(b"\0")
    found: list[Change] = []
    for at in range(0, len(fields) - 1, 2):
        meta = fields[at].decode("ascii").lstrip(":").split(" ")
        if len(meta) < 5:
            continue
        status = _STATUS.get(meta[4][:1], "modified")
        path = fields[at + 1].decode("utf-8", errors="replace")
        found.append(Change(path, status, None if status == "removed" else meta[3]))
    return found


def file_at(root: Path, commit: str, path: str) -> str | None:
    """The text of a regular file in `commit`, or None when there is none there."""
    listed = run(root, "ls-tree", "-z", "--full-tree", commit, "--", path, check=False)
    listing = parse_tree(listed.stdout) if listed.returncode == 0 else []
    entry = next((e for e in listing if e.path == path), None)
    if entry is None or entry.mode not in REGULAR:
        return None
    done = run(root, "cat-file", "blob", entry.object, check=False)
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None
