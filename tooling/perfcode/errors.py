"""The one user-error exception, and the exit codes.

A `PerfcodeError` is a mistake the user can fix (a wrong option, a folder that holds no
records, a revision git does not know, a file perfcode will not overwrite) or a refusal of
the world outside (GitHub, git, the file system), told in one sentence. The command line's
one handler (`perfcode.cli.errors.error_handler`) prints it as `perfcode: <message>` and
exits with its `exit_code`: 2 for a usage mistake (the default), 1 when the records or the
repository's files have a problem. Mistakes *in the records* are not exceptions at all:
they are `Problem`s, reported all at once. Anything else that escapes a command is a bug.
"""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class PerfcodeError(Exception):
    """A user's mistake or a refusal, as one line for the user, with its exit code."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
