"""`perfcode new`: a document started from the policy and the registry (never overwriting)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from perfcode.cli.commands._common import root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.io import write as fsio
from perfcode.model import Repository
from perfcode.scaffold.new import PersonFields as PersonFields
from perfcode.scaffold.new import Scaffold
from perfcode.score import CycleResult


def run(
    *,
    kind: str,
    name: str | None,
    root: str,
    cycle: str | None,
    role: str | None,
    rater: str | None,
    previous: str | None,
    today: str | None,
    template: str | None = None,
    every: bool = False,
    department: str | None = None,
    person: PersonFields | None = None,
) -> int:
    from perfcode import clock
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    person = person or PersonFields()
    _usage(kind, name, every, department, person)
    folder = root_folder(root)
    if kind == "cycle":
        assert name is not None  # _usage: new cycle needs its id
        words, cycle_files = _cycle(folder, name, previous, template)
        return _write(folder, *cycle_files, t=words)
    if kind in ("plan", "interview", "appeal"):
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
        assert name is not None
        made = make(repo, results.get(chosen), chosen, name, judged)
        return _write(folder, made, t=_words(repo))
    if kind == "contract" and every:
        # a batch starts from records without errors (the one gate, and its one load): a
        # person whose record cannot be read would be left out without a word (a single
        # contract may start beside them)
        gated = _scored(folder, "contracts")
        if gated is None:
            return EXIT_PROBLEMS
        repo = gated[0]
        chosen = cycle or scaffold.latest_cycle(repo)
        day_written = clock.today(repo.org, today).day.isoformat()
        return _every_contract(folder, repo, chosen, day_written, department)
    repo, _problems = load.load_repository(folder)
    t = _words(repo)
    day = clock.today(repo.org, today).day
    if kind == "person":
        assert name is not None
        if person.joined is not None:
            clock.parse(person.joined, "--joined")
        made = scaffold.person(repo, name, person, day, _person_schema(folder))
        return _write(folder, made, t=t)
    chosen = cycle or scaffold.latest_cycle(repo)
    if kind == "goals":
        return _write(folder, scaffold.goals(repo, chosen), t=t)
    if kind == "calibration":
        return _write(folder, scaffold.calibration(repo, chosen), t=t)
    assert name is not None
    if kind == "contract":
        made = scaffold.contract(repo, chosen, name)
    elif kind == "checkins":
        made = scaffold.checkins(repo, chosen, name, day)
    elif kind == "adjustments":
        made = scaffold.adjustments(repo, chosen, name, day)
    else:
        if not role:
            raise PerfcodeError("new review needs --role (self, manager, peer, ...)")
        made = scaffold.review(repo, chosen, name, role, rater)
    return _write(folder, made, t=t)


#: the kinds that start one cycle-wide document, named by --cycle alone
_CYCLE_WIDE = ("goals", "calibration")


def _usage(
    kind: str, name: str | None, every: bool, department: str | None, person: PersonFields
) -> None:
    """The options each kind takes: a usage error (exit 2) for any other combination."""
    if every and kind != "contract":
        raise PerfcodeError(f"--all goes with new contract, not new {kind}")
    if every and name is not None:
        raise PerfcodeError(
            f"new contract --all writes every missing contract: give no person ({name}), "
            "or leave out --all"
        )
    if kind in _CYCLE_WIDE and name is not None:
        raise PerfcodeError(
            f"new {kind} takes no {name!r}: it starts the cycle's {kind} (name the cycle "
            "with --cycle)"
        )
    if kind not in _CYCLE_WIDE and not every and name is None:
        what = "the new cycle's id" if kind == "cycle" else "a person's id"
        also = " (or --all for every missing contract)" if kind == "contract" else ""
        raise PerfcodeError(f"new {kind} needs {what}{also}")
    if department is not None and not every:
        raise PerfcodeError(
            "--department goes with new contract --all (whose contracts) or new person "
            "(their department)"
        )
    given = [f for f in fields(person) if getattr(person, f.name) is not None]
    if given and kind != "person":
        options = ", ".join(f"--{f.name}" for f in given)
        raise PerfcodeError(f"{options} go with new person, not new {kind}")


def _every_contract(
    folder: Path, repo: Repository, cycle_id: str, today: str, department: str | None
) -> int:
    """`new contract --all`: every missing contract of the cycle, from the one load;
    nothing written when any cannot be started."""
    from perfcode.model.selection import Selection
    from perfcode.model.selection import people as selected
    from perfcode.scaffold import new as scaffold

    among = selected(repo, Selection(department=department))
    batch = scaffold.missing_contracts(
        repo, cycle_id, today, lambda path: os.path.lexists(folder / path), among
    )
    t = _words(repo)
    _write(folder, *batch.written, t=t)
    for path in batch.skipped:
        print(t.say("skipped_exists", path=path))
    whose = t.say("contracts_whose", department=department) if department else ""
    n = len(batch.written)
    written = t.say("one_contract") if n == 1 else t.say("n_contracts", n=n)
    print(
        t.say(
            "contracts_batch",
            written=written,
            skipped=len(batch.skipped),
            cycle=cycle_id,
            whose=whose,
        )
    )
    return EXIT_CLEAN


def _words(repo: Repository) -> Labels:
    """The words of what `new` reports: the organisation's language."""
    return Labels(organisation_language(repo.org))


def _person_schema(folder: Path) -> Callable[[dict[str, Any]], list[str]]:
    """The repository's person schema, as the sentences of its errors about a record."""
    from perfcode.io import schemas

    schema = schemas.Schemas(schemas.schema_dir(folder))["person"]
    return lambda data: [error.message for error in schema.errors(data)]


def _write(folder: Path, *made: Scaffold, t: Labels) -> int:
    """Each scaffold at its path, none when any of them exists already; each said in T."""
    for one in made:
        if os.path.lexists(folder / one.path):  # a link, even one pointing nowhere, exists
            raise PerfcodeError(f"{one.path} exists already; perfcode new never overwrites a file")
    for one in made:
        fsio.write(folder / one.path, one.text, root=folder, new=True)
        print(t.say("wrote", path=one.path))
        if one.plain:
            print(t.say("new_plain", fields=t.say("list").join(one.plain)))
        if one.keyless:
            print(t.say("new_keyless", people=t.say("list").join(one.keyless)))
    return EXIT_CLEAN


def _cycle(
    folder: Path, cycle_id: str, previous: str | None, template: str | None
) -> tuple[Labels, tuple[Scaffold, ...]]:
    """A new cycle's policy and goals: from --from PREVIOUS, from --template NAME, else
    from the latest cycle before it (a first cycle needs a template); and the words of
    the organisation, to report them in."""
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    if previous and template:
        raise PerfcodeError("new cycle starts from --from PREVIOUS or --template NAME, not both")
    repo, _problems = load.load_repository(folder)
    if template:
        language = repo.org.language if repo.org is not None else "zh"
        text = scaffold.policy_template(template, language)
        return _words(repo), scaffold.new_cycle(repo, cycle_id, text, template=template)
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
    return _words(repo), scaffold.new_cycle(repo, cycle_id, text, previous=previous)


def _scored(folder: Path, kind: str) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Through the one gate (a plan, interview or appeal starts from the person's result)."""
    return scored(folder, before=f"before_{kind}")
