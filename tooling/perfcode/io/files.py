"""Regular files inside the repository: the one place perfcode walks folders and opens files.

Git stores symbolic links and submodules, so a pull request can plant a record that is a
link to a file outside the repository, or to /dev/stdin. perfcode never follows a link:
folders are walked with `os.scandir` without following links; every entry that is not a
regular file or a real folder (a link, a named pipe, a device, a socket), every folder
that cannot be read and every folder that is a separate git repository is a problem with
its path, never opened and never skipped in silence. A file is opened with
O_NOFOLLOW | O_NONBLOCK and checked with `fstat` to be a regular file before a byte is
read, so a named pipe cannot make a command hang. The records, the schemas, the site's
hand-written pages (`site_sources`) and `perfcode diff`'s git revisions (`gitrev`) share
these rules and these sentences.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perfcode.problems import Problem, error

#: how a file is opened: never through a link at the last step, never waiting on a pipe
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | _NOFOLLOW
)
#: link targets are shown up to this many characters
_SHOWN = 80


class Refused(Exception):
    """A path that is not a regular file inside the repository (`problem` says why)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class TooLarge(Exception):
    """A file over the size limit (`size` in bytes)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def what(mode: int) -> str:
    """A file-system entry's kind in words ("a named pipe (FIFO)", ...)."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def link_problem(path: str, target: str) -> Problem:
    """PC050: `path` is a symbolic link (pointing at `target`)."""
    shown = target if len(target) <= _SHOWN else target[: _SHOWN - 1] + "…"
    return error(
        path,
        "PC050",
        f'this is a symbolic link (to "{shown}"); perfcode never follows links, so it was '
        "not read: put the file or folder itself here",
    ).at(1, 1)


def special_problem(path: str, mode: int) -> Problem:
    """PC051: `path` is a named pipe, a device or a socket."""
    return error(
        path,
        "PC051",
        f"this is {what(mode)}, not a regular file, so it was not read: delete it",
    ).at(1, 1)


def folder_problem(path: str, reason: str) -> Problem:
    """PC052: the folder `path` cannot be read (`reason`, as the system says it)."""
    return error(
        path,
        "PC052",
        f"the folder cannot be read ({reason}), so nothing in it was checked: "
        "give read permission to everyone who runs perfcode",
    ).at(1, 1)


def submodule_problem(path: str) -> Problem:
    """PC052: the folder `path` is a separate git repository (a submodule)."""
    return error(
        path,
        "PC052",
        "this folder is a separate git repository (a submodule), so nothing in it was "
        "checked: records live in this repository; move the files here",
    ).at(1, 1)


def unreadable_problem(path: str, reason: str) -> Problem:
    """PC053: the file `path` cannot be read (`reason`, as the system says it)."""
    return error(
        path,
        "PC053",
        f"the file cannot be read ({reason}): give read permission to everyone who runs perfcode",
    ).at(1, 1)


def undecodable(name: str) -> bool:
    """Whether NAME, as the system listed it, was not UTF-8 (Python keeps such bytes as
    lone surrogates, which no output can print)."""
    return not name.isprintable() and any("\udc80" <= ch <= "\udcff" for ch in name)


def printable_name(name: str) -> str:
    """NAME with the bytes that are not UTF-8 written as \\xff escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def name_problem(path: str) -> Problem:
    """PC035: the last part of `path` (already escaped) is not UTF-8 text."""
    return error(
        path,
        "PC035",
        "this name is not UTF-8 text (the bytes shown as \\x.. escapes), so nobody can "
        "read it and Git shows it differently on each system: rename it with an id in "
        "lower-case letters, digits, - and _",
    ).at(1, 1)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _link_target(full: str) -> str:
    try:
        return os.readlink(full)
    except OSError:
        return "?"


def _entry_problem(path: str, full: str, mode: int) -> Problem | None:
    """The problem with an entry that is not a regular file or a real folder, if any."""
    if stat.S_ISLNK(mode):
        return link_problem(path, _link_target(full))
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return special_problem(path, mode)


@dataclass(frozen=True, slots=True)
class Walk:
    """What a walk found: regular files (repository-relative, sorted) and problems."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]


def walked(path: str) -> bool:
    """Whether `walk` looks at the repository-relative `path`: no folder on the way to it
    is hidden (named `.something`)."""
    return not any(part.startswith(".") for part in path.split("/")[:-1])


def _kind(entry: os.DirEntry[str]) -> int:
    """An entry's file type (the S_IF* bits), from the folder listing when it tells."""
    if entry.is_symlink():
        return stat.S_IFLNK
    if entry.is_file(follow_symlinks=False):
        return stat.S_IFREG
    if entry.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    return stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode)


def _start(root: Path, folder: str) -> tuple[int | None, Problem | None]:
    """The type of a folder a walk starts from (None: it does not exist), or the problem
    with it or with a folder on the way to it."""
    parts = folder.split("/")
    for depth in range(1, len(parts) + 1):
        path = "/".join(parts[:depth])
        full = os.path.join(root, path)
        try:
            mode = os.lstat(full).st_mode
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, folder_problem(path, _reason(exc))
        problem = _entry_problem(path, full, mode)
        if problem is not None:
            return None, problem
        if depth < len(parts) and not stat.S_ISDIR(mode):
            return None, None
    return stat.S_IFMT(mode), None


def walk(root: Path, folders: Iterable[str]) -> Walk:
    """Every regular file under `folders` (paths relative to `root`; a folder that does
    not exist is skipped) and a problem for every other entry: links, pipes, devices,
    sockets, folders that cannot be read and submodules. Hidden folders are not entered
    (their names start with "."); hidden files are listed like the others. A folder
    given that is a regular file is listed as a file, for the caller to judge."""
    found: list[str] = []
    problems: list[Problem] = []
    stack: list[str] = []
    for folder in folders:
        kind, problem = _start(root, folder)
        if problem is not None:
            problems.append(problem)
        elif kind == stat.S_IFDIR:
            stack.append(folder)
        elif kind is not None:
            found.append(folder)
    while stack:  # a stack, not recursion: folders nested ten thousand deep are walked too
        folder = stack.pop()
        try:
            with os.scandir(os.path.join(root, folder)) as listing:
                entries = [(entry.name, entry.path, _kind(entry)) for entry in listing]
        except OSError as exc:
            problems.append(folder_problem(folder, _reason(exc)))
            continue
        if any(name == ".git" for name, _, _ in entries):
            problems.append(submodule_problem(folder))
            continue
        for name, full, kind in entries:
            if undecodable(name):  # reported, never read: no output could show its path
                problems.append(name_problem(f"{folder}/{printable_name(name)}"))
                continue
            path = f"{folder}/{name}"
            problem = _entry_problem(path, full, kind)
            if problem is not None:
                problems.append(problem)
            elif kind == stat.S_IFREG:
                found.append(path)
            elif not name.startswith("."):
                stack.append(path)
    return Walk(tuple(sorted(found)), tuple(sorted(problems, key=Problem.sort_key)))


def _check_folders(root: Path, path: str) -> None:
    """Refuse a path whose folders (below `root`) are links, or that climbs out."""
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise FileNotFoundError(2, "not a path inside the repository", path)
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        full = os.path.join(root, folder)
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            raise Refused(link_problem(folder, _link_target(full)))
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(20, "not a folder", folder)


def read(root: Path, path: str, limit: int, *, folders_checked: bool = False) -> bytes:
    """The bytes of the regular file `path` (relative to `root`), at most `limit` of them.

    Raises `Refused` when the file or a folder on its way is a link or the file is not a
    regular file (it is then never read), `TooLarge` over the limit, OSError when the
    system cannot read it. `folders_checked`: a walk has just checked the folders."""
    if not folders_checked:
        _check_folders(root, path)
    full = os.path.join(root, path)
    if not _NOFOLLOW:  # pragma: no cover - systems without O_NOFOLLOW (Windows)
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            raise Refused(link_problem(path, _link_target(full)))
    try:
        descriptor = os.open(full, _FLAGS)
    except OSError:
        try:  # a link (ELOOP), a socket (ENXIO)...: say which without opening it
            mode = os.lstat(full).st_mode
        except OSError:
            mode = stat.S_IFREG
        problem = _entry_problem(path, full, mode)
        if problem is not None:
            raise Refused(problem) from None
        raise
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "a folder, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(special_problem(path, info.st_mode))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        return _read_all(descriptor, info.st_size, limit)
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, size: int, limit: int) -> bytes:
    """Every byte of the open regular file, which `fstat` said has `size` bytes: read
    until the end of the file, however it grows meanwhile, or `TooLarge` once more than
    `limit` bytes came. The first read asks for one byte more than `size`, so a file that
    did not change is read whole by it and the next (small) read sees the end; a file
    that grew is read in chunks that double."""
    chunks: list[bytes] = []
    total = 0
    want = min(size, limit) + 1
    while chunk := os.read(descriptor, want):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(max(total, os.fstat(descriptor).st_size))
        want = min(limit + 1 - total, max(total, 4096))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def site_sources(root: Path, docs: Path) -> list[Problem]:
    """The problems with the site's sources: every entry of the docs folder that is not a
    regular file or a real folder (MkDocs would follow a link, copying whatever it points
    at into the public site), and every folder of it that cannot be read. Paths are
    relative to `root` when the docs folder is inside it."""
    try:
        folder = Path(os.path.abspath(docs)).relative_to(os.path.abspath(root)).as_posix()
        top = root
    except ValueError:
        top, folder = docs.parent, docs.name
    return list(walk(top, [folder]).problems)


def refusal(problems: Iterable[Problem]) -> str:
    """Why the site is not built from these sources: one line per problem."""
    lines = [f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}" for p in problems]
    return (
        "the docs folder holds entries that are not regular files inside the repository, "
        "which MkDocs would copy (with whatever they point at) into the site:\n" + "\n".join(lines)
    )
