"""`perfcode new`: a document started from the policy and the registry (never overwriting)."""

from __future__ import annotations

import os
from pathlib import Path

from perfcode.cli.commands._common import root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio
from perfcode.model import Repository
from perfcode.scaffold.new import Scaffold
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
    template: str | None = None,
) -> int:
    from perfcode import clock
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    folder = root_folder(root)
    if kind == "cycle":
        return _write(folder, *_cycle(folder, name, previous, template))
    if kind in ("contract", "review"):
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
    return _write(folder, made)


def _write(folder: Path, *made: Scaffold) -> int:
    """Each scaffold at its path, none when any of them exists already."""
    for one in made:
        if os.path.lexists(folder / one.path):  # a link, even one pointing nowhere, exists
            raise PerfcodeError(f"{one.path} exists already; perfcode new never overwrites a file")
    for one in made:
        fsio.write(folder / one.path, one.text, root=folder, new=True)
        print(f"wrote {one.path}")
    return EXIT_CLEAN


def _cycle(
    folder: Path, cycle_id: str, previous: str | None, template: str | None
) -> tuple[Scaffold, ...]:
    """A new cycle's policy and goals: from --from PREVIOUS, from --template NAME, else
    from the latest cycle before it (a first cycle needs a template)."""
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    if previous and template:
        raise PerfcodeError("new cycle starts from --from PREVIOUS or --template NAME, not both")
    repo, _problems = load.load_repository(folder)
    if template:
        language = repo.org.language if repo.org is not None else "zh"
        text = scaffold.policy_template(template, language)
        return scaffold.new_cycle(repo, cycle_id, text, template=template)
    if not previous:
        previous = scaffold.previous_cycle(repo, cycle_id)
        if previous is None:
            raise PerfcodeError(
                f"there is no cycle before {cycle_id} to copy: start the first cycle from a "
                f"built-in policy template with --template NAME "
                f"(templates: {scaffold.policy_templates_listed()})"
            )
    source = folder / "cycles" / previous / "cycle.yaml"
    if not source.is_file():
        raise PerfcodeError(f"there is no cycles/{previous}/cycle.yaml to copy")
    text = source.read_text(encoding="utf-8")
    return scaffold.new_cycle(repo, cycle_id, text, previous=previous)


def _scored(folder: Path, kind: str) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Through the one gate (a plan, interview or appeal starts from the person's result)."""
    return scored(
        folder,
        before=f"before starting {_STARTS[kind]} (it starts from the person's computed grade)",
    )
