"""The one error handler of the command line, and the bug log.

Every command runs inside `error_handler()`, which turns what escapes it into an exit code:
a `PerfcodeError` (a user's mistake or a refusal) is one line, `perfcode: <message>`, on
standard error for a usage mistake (exit 2) and on standard output, beside the problems it
belongs with, for a problem in the files (exit 1); Ctrl-C is `perfcode: interrupted` (130);
the file system's refusals name the path (2); a reader that went away keeps the command
from reporting success (1). Anything else is a bug in perfcode: one sentence, and the
traceback in a log file of the user's own (3), never dumped on the user.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from perfcode.cli.output import discard_output
from perfcode.errors import EXIT_BUG, EXIT_CLEAN, EXIT_INTERRUPTED, EXIT_PROBLEMS, PerfcodeError


@dataclass(slots=True)  # not frozen: the handler sets the code when the command fails
class Outcome:
    """The exit code of what ran inside `error_handler()`."""

    code: int = EXIT_CLEAN


@contextmanager
def error_handler() -> Iterator[Outcome]:
    """Run a command; whatever escapes it becomes `outcome.code` and one line for the user."""
    outcome = Outcome()
    try:
        yield outcome
    except PerfcodeError as exc:
        stream = sys.stdout if exc.exit_code == EXIT_PROBLEMS else sys.stderr
        print(f"perfcode: {exc.message}", file=stream)
        outcome.code = exc.exit_code
    except KeyboardInterrupt as exc:
        print(f"perfcode: {str(exc) or 'interrupted'}", file=sys.stderr)
        outcome.code = EXIT_INTERRUPTED
    except BrokenPipeError:  # standard error went away, or output not through standard_output
        discard_output()
        outcome.code = EXIT_PROBLEMS  # the result could not be shown: never report success
    except OSError as exc:  # the file system refused: a folder that does not exist, a file
        # where a folder should be, no permission. The user's path, not a bug in perfcode.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"perfcode: {where}{exc.strerror or exc}", file=sys.stderr)
        outcome.code = PerfcodeError.exit_code
    except Exception as exc:  # one handler for bugs: a sentence, and the details in a log
        outcome.code = _bug(exc)


def _bug(exc: Exception) -> int:
    details = traceback.format_exc()
    summary = (
        f"perfcode: internal error ({type(exc).__name__}: {exc}). This is a bug in perfcode, "
        "not in your records"
    )
    try:
        log = bug_log(details)
    except OSError as why:
        reason = why.strerror or str(why)
        print(
            f"{summary}; the details could not be written to a log ({reason}):\n{details}",
            file=sys.stderr,
            end="",
        )
    else:
        print(f"{summary}; the details are in {log}.", file=sys.stderr)
    return EXIT_BUG


def bug_log_folder() -> Path:
    """Where bug reports go: $XDG_STATE_HOME/perfcode, or ~/.local/state/perfcode."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):  # the XDG rule: a relative value is ignored
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "perfcode"


def bug_log(details: str) -> Path:
    """Write DETAILS to a new file of the user's own (mode 0600, never through a link)."""
    folder = bug_log_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise OSError(f"{folder} is not a folder of yours")
    # mkstemp: a new name (O_EXCL, so no link is followed), readable by the user alone
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fd, name = tempfile.mkstemp(prefix=f"error-{stamp}-", suffix=".log", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(details)
    return Path(name)
