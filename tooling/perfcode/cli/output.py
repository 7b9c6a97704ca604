"""Standard output for the command line: replacement characters where the terminal cannot
show Chinese, and a reader that goes away (`perfcode validate | head`) does not change the
exit code."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class _Sink(io.RawIOBase):
    """Standard output's file descriptor; once its reader has gone (a closed pipe), the rest
    of the output is discarded, so the command still finishes and keeps its exit code."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.gone = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data: object) -> int:
        size = len(memoryview(data))  # type: ignore[arg-type]
        if not self.gone:
            try:
                return os.write(self.fd, data)  # type: ignore[arg-type]
            except BrokenPipeError:
                self.gone = True
                discard_output()
        return size


def discard_output() -> None:
    """Point standard output at the null device (the Python documentation's recipe), so
    nothing fails again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass


@contextmanager
def standard_output() -> Iterator[None]:
    """Replacement characters where the terminal cannot show Chinese; a closed pipe on the
    real standard output is not an error."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    original = sys.stdout
    if (
        original is None
        or original is not sys.__stdout__
        or not isinstance(original, io.TextIOWrapper)
    ):
        yield
        return
    try:
        fd = original.fileno()
        original.flush()
    except (OSError, ValueError):
        yield
        return
    safe = io.TextIOWrapper(
        io.BufferedWriter(_Sink(fd)),
        encoding=original.encoding,
        errors="replace",
        line_buffering=original.line_buffering,
    )
    sys.stdout = safe
    try:
        yield
    finally:
        safe.flush()
        sys.stdout = original
