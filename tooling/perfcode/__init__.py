"""perfcode: performance management as code.

The public surface is `__all__`; every other module is private by convention (its names
may change without notice). The stages, each a thin door onto the module that does it:

    repository, problems = load_repository(root)  # files → documents (and what is wrong)
    checked = check_repository(root)              # load + every rule: .problems, .failed
    results = score_all(checked.repository)       # cycle id → scores and grades
    lines = explanation(results["2026-H2"], checked.repository, "sunli")
    records = evidence(checked.repository, "sunli")  # who signed the person's records

The functions are not called `load`, `check`, `score` and `explain`: those are the
sub-packages of the stages, and importing a sub-package sets the package's attribute of
its name, which would replace a function so named. Each function imports its stage when
called, so `import perfcode` stays cheap (and Ctrl-C while it loads stays quiet).
"""

from __future__ import annotations

# `_signal`, not `signal` (which loads enum, ~7 ms): built in and loaded with the
# interpreter, so the handler is in place at once. It has no type stubs.
import _signal  # type: ignore[import-not-found]


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C while perfcode loads: one line and exit 130, not a traceback through the
    half-imported modules."""
    import os  # loaded with the interpreter

    os.write(2, b"perfcode: interrupted\n")
    os._exit(130)


def _quiet_interrupts(on: bool) -> None:
    """ON while the `perfcode` command loads; off again inside the command's guard
    (`perfcode.cli.main`), which reports Ctrl-C from then on. Only Python's default handler
    is replaced, and only in the main thread: a host program's own handler is kept."""
    try:
        current = _signal.getsignal(_signal.SIGINT)
        if on and current is _signal.default_int_handler:
            _signal.signal(_signal.SIGINT, _interrupted)
        elif not on and current is _interrupted:
            _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    except ValueError:  # not the main thread: signals are not ours
        pass


def _starting_the_command() -> bool:
    """Whether this process is the `perfcode` command starting (its console script, or
    `python -m perfcode` while Python looks for `perfcode.__main__`), not a program that
    imports perfcode (that one keeps Python's Ctrl-C)."""
    import os
    import sys

    launched = os.path.basename(sys.argv[0]) if sys.argv else ""
    if launched in ("perfcode", "perfcode.exe", "perfcode-script.py"):
        return True
    line = sys.orig_argv
    return launched == "-m" and any(
        a == "-mperfcode" or (a == "-m" and line[i + 1 : i + 2] == ["perfcode"])
        for i, a in enumerate(line)
    )


_quiet_interrupts(_starting_the_command())

from typing import TYPE_CHECKING  # noqa: E402

from perfcode.problems import Problem  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from perfcode.check import CheckResult
    from perfcode.model import Repository, SignatureRecord
    from perfcode.score import CycleResult

__version__ = "0.1.0"
__all__ = [
    "Problem",
    "check_repository",
    "evidence",
    "explanation",
    "load_repository",
    "score_all",
]


def load_repository(root: Path) -> tuple[Repository, list[Problem]]:
    """Read a repository folder: its documents, and the problems of reading them (a file's
    YAML, its schema, its place); the rules between documents are `check`'s."""
    from perfcode.load import repository

    return repository.load_repository(root)


def check_repository(root: Path) -> CheckResult:
    """Load a repository folder and check every rule; `.problems`, `.failed`, `.repository`."""
    from perfcode import check

    return check.check_repository(root)


def score_all(repository: Repository, *, detail: bool = True) -> dict[str, CycleResult]:
    """Every cycle with a policy, scored: cycle id → results (oldest first). Score only a
    repository whose check found no errors before scoring (`CheckResult.failed_before_scoring`)."""
    from perfcode import score

    return score.score_all(repository, detail=detail)


def explanation(result: CycleResult, repository: Repository, person: str) -> list[str]:
    """Every step from a person's ratings to their grade in one cycle, in the policy's
    language, one line each."""
    from perfcode.explain import text

    return text.explain(result, repository, person)


def evidence(repository: Repository, person: str) -> list[SignatureRecord]:
    """The authentic signature evidence (signatures.yaml entries) of the merged pull
    requests that changed any of a person's records."""
    from perfcode.signatures import evidence as kept

    return kept.evidence_for(repository, person)
