"""`perfcode new`: a document started from the policy and the registry (never overwriting)."""

from __future__ import annotations

import os
from pathlib import Path

from perfcode.cli.commands._common import root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio
from perfcode.model import Repository
from perfcode.score import CycleResult

#: what a plan, an interview and an appeal start from: the person's computed result
_STARTS = {"plan": "a plan", "interview": "an interview", "appeal": "an appeal"}


def run(
    *,
    kind: str,
    name: str,
    root: str,
    cycle: str | None,
    role: str | None,
    rater: str | None,
    previous: str | None,
    today: str | None,
) -> int:
    from perfcode import clock
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    folder = root_folder(root)
    if kind == "cycle":
        if not previous:
            raise PerfcodeError("new cycle needs --from PREVIOUS (the cycle to copy)")
        repo, _problems = load.load_repository(folder)
        source = folder / "cycles" / previous / "cycle.yaml"
        if not source.is_file():
            raise PerfcodeError(f"there is no cycles/{previous}/cycle.yaml to copy")
        made = scaffold.new_cycle(repo, source.read_text(encoding="utf-8"), name, previous)
    elif kind in ("contract", "review"):
        repo, _problems = load.load_repository(folder)
        chosen = cycle or scaffold.latest_cycle(repo)
        if kind == "contract":
            made = scaffold.contract(repo, chosen, name)
        else:
            if not role:
                raise PerfcodeError("new review needs --role (self, manager, peer, ...)")
            made = scaffold.review(repo, chosen, name, role, rater)
    else:
        found = _scored(folder, kind)
        if found is None:
            return EXIT_PROBLEMS
        repo, results = found
        chosen = cycle or scaffold.latest_cycle(repo)
        judged = clock.today(repo.org, today).day  # the date written into the document
        make = {
            "plan": scaffold.plan,
            "interview": scaffold.interview,
            "appeal": scaffold.appeal,
        }[kind]
        made = make(repo, results.get(chosen), chosen, name, judged)
    target = folder / made.path
    if os.path.lexists(target):  # a link, even one pointing nowhere, is something that exists
        raise PerfcodeError(f"{made.path} exists already; perfcode new never overwrites a file")
    fsio.write(target, made.text, root=folder, new=True)
    print(f"wrote {made.path}")
    return EXIT_CLEAN


def _scored(folder: Path, kind: str) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Through the one gate (a plan, interview or appeal starts from the person's result)."""
    return scored(
        folder,
        before=f"before starting {_STARTS[kind]} (it starts from the person's computed grade)",
    )
