"""What `perfcode edit`, `show` and `rekey` share at the edges: the caller's key, a record
named on the command line, read as every command reads files (never through a link)."""

from __future__ import annotations

import os
from pathlib import Path

from perfcode.errors import PerfcodeError
from perfcode.io import files, identity
from perfcode.load import repository as load
from perfcode.problems import Problem


def identities(explicit: str | None, *, required: bool) -> identity.Identities | None:
    """The caller's identities (`io.identity`); None when there is no key and REQUIRED is
    false. A key that cannot be read, or none when REQUIRED, is a usage error (exit 2)."""
    path = identity.choose(explicit)
    if path is None:
        if not required:
            return None
        raise PerfcodeError(
            "no key to open the confidential words with: give your age identity file or "
            f"SSH private key with --identity FILE, or set ${identity.ENVIRONMENT} "
            "(else ~/.ssh/id_ed25519 or ~/.ssh/id_rsa is used)"
        )
    try:
        return identity.load(path)
    except identity.IdentityProblem as problem:
        raise PerfcodeError(str(problem)) from None


def record_path(root: Path, given: str) -> str:
    """GIVEN (a record's path below ROOT, or as typed from here) as a repository path."""
    candidate = Path(given)
    if not candidate.is_absolute() and not os.path.lexists(root / candidate):
        candidate = Path.cwd() / candidate
    if candidate.is_absolute():
        try:
            relative = Path(os.path.abspath(candidate)).relative_to(os.path.abspath(root))
        except ValueError:
            raise PerfcodeError(f"{given} is not inside the repository {root}") from None
        return relative.as_posix()
    return candidate.as_posix()


def read_record(root: Path, path: str) -> tuple[str | None, list[Problem]]:
    """The text of the record at PATH, or the problems that keep it from being read (a
    link, a pipe, a folder on the way that is a link: never followed)."""
    try:
        data = files.read(root, path, load.max_bytes(path))
    except FileNotFoundError:
        raise PerfcodeError(f"there is no file {path} in {root}") from None
    except files.Refused as refused:
        return None, [refused.problem]
    except files.TooLarge:
        raise PerfcodeError(f"{path} is too large to be a record") from None
    except OSError as exc:
        return None, [files.unreadable_problem(path, exc.strerror or type(exc).__name__)]
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError:
        raise PerfcodeError(f"{path} is not UTF-8 text: run perfcode validate") from None
