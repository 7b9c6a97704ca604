"""Writing files without losing one: the only place perfcode writes or deletes files.

Every file perfcode writes goes through `write` (one file) or `write_all` (several, all or
nothing): a temporary file in the same folder is written, flushed and synced, then renamed
over the target, so a full disk, a read-only folder or Ctrl-C leaves the old file as it was.
Nothing is written through a symbolic link: the target and every folder between the given
root and the target must be real. `new=True` never replaces anything, a dangling link
included (the temporary file is hard-linked into place, which fails when the name exists).

A file the user names on the command line (`export -o`) is refused when any part of the
name as typed is a link (`typed_path`).

The site's output folder is perfcode's only when it is new, empty (no entry at all), or
holds the marker file an earlier build left, and never the home folder (`claim_output`);
MkDocs empties that folder and writes into it, so it is checked first, links inside it
included.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from perfcode.errors import PerfcodeError

#: left in every folder `perfcode site` builds: the folder is perfcode's to empty next time
MARKER = ".perfcode-site"
MARKER_TEXT = (
    "This folder is built by `perfcode site`: every build empties it first.\n"
    "perfcode builds only into a new or empty folder, or one holding this file.\n"
)
#: folders of a repository that hold records or code: never an output folder
PROTECTED = ("people", "cycles", "schemas", "tooling", "tests", ".git", ".github")
_COUNT_LIMIT = 10_000
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied (the folder is read-only for you)",
    errno.EPERM: "permission denied (the folder is read-only for you)",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a part of its path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.EEXIST: "it exists already",
}


class Refused(PerfcodeError):
    """perfcode will not write or delete there (a link, a records folder, someone's files)."""


class WriteFailed(PerfcodeError):
    """The file system refused a write; the sentence names the file and what is unchanged."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while writing; the sentence names the file and says nothing was changed."""


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _relative(path: Path, root: Path) -> tuple[str, ...]:
    """PATH's parts below ROOT, refused when PATH is not lexically inside ROOT."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise Refused(f"refusing to write {path}: it is outside {root}") from None
    if not parts or ".." in parts:
        raise Refused(f"refusing to write {path}: it is not a file inside {root}")
    return parts


def link_below(root: Path, path: Path) -> Path | None:
    """The first symbolic link among the folders and files from ROOT (excluded) to PATH."""
    current = root
    for part in _relative(path, root):
        current = current / part
        info = _lstat(current)
        if info is None:
            return None
        if stat.S_ISLNK(info.st_mode):
            return current
    return None


def _refuse_links(root: Path, path: Path) -> None:
    link = link_below(root, path)
    if link is not None:
        what = "the file" if link == path else "the folder"
        raise Refused(
            f"refusing to write {_shown(path, root)}: {what} {_shown(link, root)} is a symbolic "
            f"link (to {os.readlink(link)}); perfcode never writes through a link"
        )


def typed_path(value: str) -> Path:
    """The file VALUE names, absolute; Refused when a part of VALUE as typed is a symbolic
    link (a relative name starts at the current folder, which the system gives without links;
    an absolute one at /). Free of links, the name is made absolute lexically (`..` too) and
    still means the file it meant to the shell."""
    typed = Path(value)
    start = Path(os.getcwd()) / typed.anchor  # an absolute name replaces the current folder
    parts = typed.parts[1:] if typed.anchor else typed.parts
    current, shown = start, Path(typed.anchor)
    for index, part in enumerate(parts):
        current, shown = current / part, shown / part
        info = _lstat(current)
        if info is None:
            break
        if stat.S_ISLNK(info.st_mode):
            what = "the file" if index == len(parts) - 1 else "the folder"
            raise Refused(
                f"refusing to write {value}: {what} {shown} is a symbolic link (to "
                f"{os.readlink(current)}); perfcode never writes through a link"
            )
    return Path(os.path.normpath(start / typed))


def _make_folders(root: Path, folder: Path, made: list[Path], shown: str) -> None:
    """Create the missing folders from ROOT to FOLDER (appended to MADE, outermost first)."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        info = _lstat(current)
        if info is None:
            os.mkdir(current)
            made.append(current)
        elif not stat.S_ISDIR(info.st_mode):
            raise Refused(f"refusing to write {shown}: {_shown(current, root)} is not a folder")


@dataclass(frozen=True, slots=True)
class _Target:
    path: Path
    shown: str
    existed: bool


def _target(root: Path, path: Path, *, new: bool, named: str | None) -> _Target:
    _relative(path, root)
    _refuse_links(root, path)
    info = _lstat(path)
    shown = named or _shown(path, root)
    if info is not None:
        if new:
            raise Refused(f"{shown} exists already; perfcode never replaces it")
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"refusing to write {shown}: it is not a regular file")
    return _Target(path, shown, info is not None)


def _write_temp(folder: Path, name: str, data: bytes, *, sync: bool) -> Path:
    """A new temporary file in FOLDER holding DATA (removed again if anything fails)."""
    temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temp, flags, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove(temp)
        raise
    return temp


def _remove(path: Path) -> None:
    with suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _deferred_interrupt(caught: list[int]) -> Iterator[None]:
    """Hold Ctrl-C back while the renames run, so they all happen or none does; a Ctrl-C
    pressed meanwhile is appended to CAUGHT."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write(
    path: Path,
    content: str | bytes,
    *,
    root: Path,
    new: bool = False,
    sync: bool = True,
    named: str | None = None,
) -> None:
    """Write one file atomically (see the module's docstring); folders are made as needed.
    NAMED: how messages name the file (default: its path below ROOT)."""
    write_all({path: content}, root=root, new=new, sync=sync, named=named)


def write_all(
    files: Mapping[Path, str | bytes],
    *,
    root: Path,
    new: bool = False,
    sync: bool = True,
    named: str | None = None,
) -> None:
    """Write every file or none: temporary files for all, then all renamed in one go.

    ROOT bounds the link check: no folder from ROOT to a file may be a link. Text is
    written as UTF-8 exactly as given (callers use "\\n" line ends). SYNC=False skips the
    fsync for files that are rebuilt anyway (the site's pages, a sample organisation)."""
    targets = [_target(root, path, new=new, named=named) for path in files]
    made: list[Path] = []
    temps: list[Path] = []
    at: list[_Target] = []  # the file being written when something fails
    try:
        for target in targets:
            at.append(target)
            _make_folders(root, target.path.parent, made, target.shown)
            data = _data(files[target.path])
            temps.append(_write_temp(target.path.parent, target.path.name, data, sync=sync))
        held = _commit(targets, temps, at, new=new)
    except OSError as exc:
        _undo(temps, made)
        raise WriteFailed(_failed(at[-1], _reason(exc), len(targets))) from exc
    except KeyboardInterrupt as exc:
        _undo(temps, made)
        raise Interrupted(_failed(at[-1], "interrupted", len(targets))) from exc
    except BaseException:
        _undo(temps, made)
        raise
    if sync:
        for folder in {t.path.parent for t in targets}:
            _sync_folder(folder)
    if held:  # Ctrl-C during the renames: they were finished first
        done = targets[0].shown if len(targets) == 1 else f"all {len(targets)} files"
        raise Interrupted(f"interrupted just after writing {done} in full")


def _failed(target: _Target, why: str, count: int) -> str:
    if count > 1:
        kept = f"none of the {count} files was changed"
    elif target.existed:
        kept = "the old file is unchanged"
    else:
        kept = "nothing was written"
    if why == "interrupted":
        return f"interrupted while writing {target.shown}; {kept}"
    return f"could not write {target.shown}: {why}; {kept}"


def _commit(targets: list[_Target], temps: list[Path], at: list[_Target], *, new: bool) -> bool:
    """Rename every temporary file into place; on a failure, put back what was there.
    True when Ctrl-C was pressed (and held back) meanwhile."""
    done: list[tuple[_Target, Path | None]] = []
    caught: list[int] = []
    with _deferred_interrupt(caught):
        try:
            for target, temp in zip(targets, temps, strict=True):
                at.append(target)
                if new:
                    _link_new(temp, target)
                    done.append((target, None))
                    continue
                backup = _backup(target)
                try:
                    os.replace(temp, target.path)
                except BaseException:
                    if backup is not None:
                        _remove(backup)
                    raise
                done.append((target, backup))
        except BaseException:
            for target, backup in reversed(done):
                if backup is not None:
                    os.replace(backup, target.path)
                else:
                    _remove(target.path)
            raise
        for _target_done, backup in done:
            if backup is not None:
                _remove(backup)
    return bool(caught)


def _backup(target: _Target) -> Path | None:
    """A hard link to the old file, to put it back if a later rename fails."""
    if not target.existed:
        return None
    backup = target.path.with_name(f".{target.path.name}.{secrets.token_hex(4)}.old")
    try:
        os.link(target.path, backup)
    except OSError:  # a file system without hard links: no way back, but renames rarely fail
        return None
    return backup


def _link_new(temp: Path, target: _Target) -> None:
    """Put TEMP at TARGET only if nothing has that name (a dangling link included)."""
    try:
        os.link(temp, target.path, follow_symlinks=False)
    except FileExistsError:
        raise Refused(f"{target.shown} exists already; perfcode never replaces it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        _copy_new(temp, target.path)  # no hard links here: create exclusively and copy
    finally:
        _remove(temp)


def _copy_new(temp: Path, path: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o666)
    try:
        try:
            data = memoryview(temp.read_bytes())
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
    except BaseException:
        _remove(path)
        raise


def _undo(temps: list[Path], made: list[Path]) -> None:
    for temp in temps:
        _remove(temp)
    for folder in reversed(made):
        with suppress(OSError):
            os.rmdir(folder)


# --- folders perfcode empties -------------------------------------------------------------


def _count_files(folder: Path) -> tuple[int, bool]:
    """How many files below FOLDER MkDocs would delete (hidden ones it keeps), and whether
    the count stopped at its limit."""
    count = 0
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            for _dirpath, _dirs, names in os.walk(entry.path):
                count += len(names)
                if count >= _COUNT_LIMIT:
                    return count, True
        else:
            count += 1
    return count, False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _in_repository(path: Path, root: Path) -> Path | None:
    """PATH relative to the repository ROOT (lexically, or after resolving both), or None."""
    for base in (Path(os.path.abspath(root)), root.resolve()):
        absolute = Path(os.path.abspath(path))
        if _inside(absolute, base):
            return absolute.relative_to(base)
    return None


def relative_name(root: Path, path: Path) -> str:
    """PATH as the user knows it: relative to the repository when inside it."""
    relative = _in_repository(path, root)
    if relative is None:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
    return relative.as_posix()


def real_folder_inside(root: Path, folder: Path, what: str) -> None:
    """Refuse FOLDER (named WHAT in the sentence) unless it lies inside ROOT with no link
    on the way: a folder perfcode writes into or deletes from."""
    relative = _in_repository(folder, root)
    if relative is None or relative == Path("."):
        where = "the repository itself" if relative is not None else "outside the repository"
        raise Refused(
            f"refusing to use {what} {folder}: it is {where}; perfcode writes and deletes "
            "generated pages there, so it must be a folder inside the repository"
        )
    base = Path(os.path.abspath(root))
    link = link_below(base, base / relative)
    if link is not None:
        raise Refused(
            f"refusing to use {what} {relative.as_posix()}: {_shown(link, base)} is a symbolic "
            f"link (to {os.readlink(link)}); perfcode never writes or deletes through a link"
        )
    for name in PROTECTED:
        if _inside(relative, Path(name)):
            raise Refused(
                f"refusing to use {what} {relative.as_posix()}: it lies in {name}/, which holds "
                "the repository's records or code"
            )


def claim_output(root: Path, out: Path, docs: Path | None, *, shown: str, inside: bool) -> None:
    """Refuse OUT as the site's output folder unless it is new, empty (no entry at all, hidden
    ones included) or perfcode's own (the marker), and holds no symbolic link anywhere.

    MkDocs empties the folder it builds into: the repository, a folder holding it, a records
    folder, the docs folder, the home folder (or one holding it) and a folder of someone
    else's files are never it; and it writes through a link it finds there. INSIDE: the
    folder comes from mkdocs.yml and must lie inside the repository with no link on the way."""
    if inside:
        relative = _in_repository(out, root)
        if relative is None:
            raise Refused(
                f"refusing to build into {shown}: site_dir in mkdocs.yml points outside the "
                "repository; name a folder inside it, or pass --out"
            )
        base = Path(os.path.abspath(root))
        link = link_below(base, base / relative) if relative != Path(".") else None
        if link is not None:
            raise Refused(
                f"refusing to build into {shown}: {_shown(link, base)} is a symbolic link "
                f"(to {os.readlink(link)}); MkDocs would empty the folder it points to"
            )
    real, repository = out.resolve(), root.resolve()
    refuse = f"refusing to build into {shown}: it"
    empties = "and MkDocs empties the folder it builds into"
    if real == repository:
        raise Refused(f"{refuse} is the repository itself, {empties}: every record would be lost")
    if _inside(repository, real):
        raise Refused(
            f"{refuse} holds the repository {repository}, {empties}: every record would be lost"
        )
    if _inside(real, repository):
        for name in PROTECTED:
            folder = repository / name
            if real == folder:
                raise Refused(
                    f"{refuse} is the repository's {name}/ folder, {empties}: "
                    f"{_lost(folder)}; name a new or empty folder"
                )
            if _inside(real, folder):
                raise Refused(
                    f"{refuse} lies inside {name}/, which holds the repository's records or "
                    "code; name a new or empty folder outside it"
                )
        real_docs = docs.resolve() if docs is not None else None
        if real_docs is not None and (_inside(real, real_docs) or _inside(real_docs, real)):
            raise Refused(
                f"{refuse} is or holds the docs folder {_shown(real_docs, repository)}/ (the "
                f"site's sources), {empties}: {_lost(real_docs)}"
            )
    home = Path(os.path.expanduser("~")).resolve()
    if _inside(home, real):
        what = "is your home folder" if real == home else f"holds your home folder {home}"
        raise Refused(f"{refuse} {what}; name a new or empty folder for the site")
    info = _lstat(real)
    if info is None:
        return
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(f"{refuse} is a file, not a folder")
    marker = _lstat(real / MARKER)
    if marker is None or not stat.S_ISREG(marker.st_mode):
        _refuse_unless_empty(real, refuse, empties)
    link = _link_inside(real)
    if link is not None:
        raise Refused(
            f"{refuse} holds a symbolic link, {link.relative_to(real).as_posix()} (to "
            f"{os.readlink(link)}), and MkDocs would write through it; delete the link"
        )


def _refuse_unless_empty(folder: Path, refuse: str, empties: str) -> None:
    """A folder without the marker is perfcode's only when it holds no entry at all."""
    entries = sorted(os.listdir(folder))
    if not entries:
        return
    unless = (
        f"name a new or empty folder (an earlier build of this site: delete it, or create "
        f"an empty file {MARKER} in it)"
    )
    if _count_files(folder)[0]:
        raise Refused(
            f"{refuse} holds files that perfcode did not build, {empties}: "
            f"{_lost(folder)}; {unless}"
        )
    shown = ", ".join(entries[:3]) + (f" and {len(entries) - 3} more" if len(entries) > 3 else "")
    raise Refused(
        f"{refuse} is not empty (it holds {shown}), and perfcode builds only into a "
        f"folder of its own; {unless}"
    )


def _link_inside(folder: Path) -> Path | None:
    """The first symbolic link anywhere below FOLDER (hidden entries included), or None."""
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_symlink():
                    return Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return None


def _lost(folder: Path) -> str:
    count, more = _count_files(folder) if folder.is_dir() else (0, False)
    if more:
        return f"more than {_COUNT_LIMIT:,} files would be deleted"
    return "its 1 file would be deleted" if count == 1 else f"its {count} files would be deleted"


def mark_output(out: Path) -> None:
    """Leave the marker that makes OUT perfcode's to empty and rebuild next time."""
    out.mkdir(parents=True, exist_ok=True)
    write(out / MARKER, MARKER_TEXT, root=out, sync=False)


def clear(folder: Path, names: tuple[str, ...]) -> None:
    """Delete FOLDER/NAME for each name (folders whole), refusing links on the way: only
    real files and folders perfcode generated are removed."""
    for name in names:
        target = folder / name
        link = link_below(folder, target)
        if link is not None:
            raise Refused(
                f"refusing to delete {_shown(target, folder)} in {folder}: "
                f"{_shown(link, folder)} is a symbolic link (to {os.readlink(link)}); perfcode "
                "deletes only the real folders it generated"
            )
        info = _lstat(target)
        if info is None:
            continue
        if stat.S_ISDIR(info.st_mode):
            import shutil

            shutil.rmtree(target)
        elif stat.S_ISREG(info.st_mode):
            target.unlink()
        else:
            raise Refused(f"refusing to delete {target}: it is not a regular file or folder")
