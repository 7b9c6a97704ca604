"""Faults for the writer tests: a full disk, a read-only folder, a read-only file system and
Ctrl-C, injected into the system calls `perfcode.io.write` makes (and a real read-only folder
where the tests do not run as root, for whom chmod stops nothing).

Each fault is a function (monkeypatch, folder, files) that arranges for the next write
under FOLDER to fail (FILES: how many the command writes at once); `leftovers` lists the
temporary and backup files a writer must not leave.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Fault = Callable[[pytest.MonkeyPatch, Path, int], None]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
_REAL_WRITE = os.write
_REAL_OPEN = os.open
_REAL_REPLACE = os.replace
_REAL_LINK = os.link


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def _failing_write(folder: Path, exc: BaseException) -> Callable[[int, Any], int]:
    """os.write failing for files under FOLDER (the terminal, pipes to git still work)."""

    def write(fd: int, data: Any) -> int:
        try:
            where = Path(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # no /proc: every file but standard output and error
            where = folder if fd > 2 else Path("/dev/tty")
        if not where.is_relative_to(folder):
            return _REAL_WRITE(fd, data)
        raise exc

    return write


def _failing_create(folder: Path, exc: BaseException) -> Callable[..., int]:
    def open_(path: Any, flags: int, mode: int = 0o777, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(os.path.abspath(path)).is_relative_to(folder):
            raise exc
        return _REAL_OPEN(path, flags, mode, *args, **kwargs)

    return open_


def disk_full(monkeypatch: pytest.MonkeyPatch, folder: Path, files: int) -> None:
    monkeypatch.setattr(os, "write", _failing_write(folder, _oserror(errno.ENOSPC)))


def read_only_file_system(monkeypatch: pytest.MonkeyPatch, folder: Path, files: int) -> None:
    monkeypatch.setattr(os, "open", _failing_create(folder, _oserror(errno.EROFS)))


def read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path, files: int) -> None:
    """A real chmod 0o555 on FOLDER and every folder below it; as root (whom permissions do
    not stop), the same refusal is injected where files are created."""
    if IS_ROOT:
        monkeypatch.setattr(os, "open", _failing_create(folder, _oserror(errno.EACCES)))
        return
    folders = [folder, *(p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())]
    for each in folders:
        each.chmod(0o555)
    _READ_ONLY.extend(folders)


_READ_ONLY: list[Path] = []


def writable() -> None:
    """Undo `read_only_folder` (called by the tests after each case)."""
    while _READ_ONLY:
        _READ_ONLY.pop().chmod(0o755)


def interrupted_while_writing(monkeypatch: pytest.MonkeyPatch, folder: Path, files: int) -> None:
    monkeypatch.setattr(os, "write", _failing_write(folder, KeyboardInterrupt()))


def interrupted_while_renaming(monkeypatch: pytest.MonkeyPatch, folder: Path, files: int) -> None:
    """Ctrl-C at the last rename (or link) into place of the FILES written at once: the
    earlier ones must be undone."""
    count = [0]

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(str(src)).name.endswith(".tmp"):
            count[0] += 1
            if count[0] == files:
                raise KeyboardInterrupt
        _REAL_REPLACE(src, dst, **kwargs)

    def link(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(str(src)).name.endswith(".tmp"):
            raise KeyboardInterrupt
        _REAL_LINK(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)


FAULTS: dict[str, tuple[Fault, str, int]] = {
    # name: (fault, what the one line says, exit code)
    "disk-full": (disk_full, "the disk is full", 2),
    "read-only-folder": (read_only_folder, "permission denied", 2),
    "read-only-file-system": (read_only_file_system, "the file system is read-only", 2),
    "ctrl-c-while-writing": (interrupted_while_writing, "interrupted while writing", 130),
    "ctrl-c-while-renaming": (interrupted_while_renaming, "interrupted while writing", 130),
}


def leftovers(folder: Path) -> list[str]:
    """Temporary or backup files of a writer under FOLDER."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.name.startswith(".") and p.name.endswith((".tmp", ".old"))
    )


#: perfcode's cache of loads in a git folder: not the repository's content, and kept
#: (or not) whatever a command's own writing did (`perfcode.load.cache`)
CACHE = ".git/perfcode/"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under FOLDER and its bytes (the cache of loads aside)."""
    return {
        name: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and stat.S_ISREG(p.lstat().st_mode)
        if not (name := p.relative_to(folder).as_posix()).startswith(CACHE)
    }
