"""`perfcode sample`: a valid synthetic organisation for trials."""

from __future__ import annotations

from pathlib import Path

from perfcode.errors import EXIT_CLEAN, PerfcodeError


def run(*, folder: str, people: int, seed: int) -> int:
    from perfcode.scaffold import sample

    if not 1 <= people <= sample.MAX_PEOPLE:
        raise PerfcodeError(f"--people must be between 1 and {sample.MAX_PEOPLE:,}")
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise PerfcodeError(f"{target} is not empty; choose a new folder")
    files = sample.write(target, people=people, seed=seed)
    print(f"wrote a sample organisation of {people} people ({files} files) to {target}")
    return EXIT_CLEAN
