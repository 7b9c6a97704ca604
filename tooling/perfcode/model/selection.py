"""Whose records a command looks at: `--manager ID [--all-levels]` and `--department ID`.

One home for the selection of people, shared by `status`, `score` and `export` (the
options themselves are added by `perfcode.cli.parser.add_selection`). Pure: the
repository's registry in, a set of person ids out.

- `--department D`: the people of D and of every department below it (the org's tree,
  `Department.parent`).
- `--manager M`: M's direct reports (`Person.manager == M`); with `--all-levels`, everyone
  whose manager chain reaches M (their reports, the reports' reports, and so on).
- both: the people in both.

Leavers are selected like anyone else; what a command shows of them is its own rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from perfcode.errors import PerfcodeError
from perfcode.model.registry import Department, Person
from perfcode.model.repository import Repository

#: how many known ids a usage error names before "and N more"
_NAMED = 8


@dataclass(frozen=True, slots=True)
class Selection:
    """The people a command is asked about (every field unset: everyone)."""

    manager: str | None = None
    all_levels: bool = False
    department: str | None = None

    @property
    def everyone(self) -> bool:
        return self.manager is None and self.department is None

    def describe(self) -> str:
        """The selection in words, for a line that says whom a listing covers."""
        parts = []
        if self.manager is not None:
            whom = "everyone below" if self.all_levels else "the direct reports of"
            parts.append(f"{whom} {self.manager}")
        if self.department is not None:
            parts.append(f"department {self.department} and the departments below it")
        return " in ".join(parts) if parts else "everyone"


def people(repo: Repository, selection: Selection) -> frozenset[str] | None:
    """The ids of the people SELECTION names, or None when it names everyone. A usage
    error (`PerfcodeError`, exit 2) for a manager or department the registry does not
    know, and for `--all-levels` without `--manager`."""
    if selection.all_levels and selection.manager is None:
        raise PerfcodeError(
            "--all-levels goes with --manager: name the manager whose chain to take"
        )
    if selection.everyone:
        return None
    chosen: frozenset[str] | None = None
    if selection.manager is not None:
        if selection.manager not in repo.people:
            raise PerfcodeError(
                f"there is no person {selection.manager} to take as manager "
                f"(people: {_known(repo.people)})"
            )
        chosen = reports(repo.people, selection.manager, all_levels=selection.all_levels)
    if selection.department is not None:
        departments = repo.org.departments if repo.org is not None else ()
        if selection.department not in {d.id for d in departments}:
            raise PerfcodeError(
                f"there is no department {selection.department} in people/org.yaml "
                f"(departments: {_known(d.id for d in departments)})"
            )
        below = subtree(departments, selection.department)
        members = frozenset(p.id for p in repo.people.values() if p.department in below)
        chosen = members if chosen is None else chosen & members
    return chosen


def reports(people: Mapping[str, Person], manager: str, *, all_levels: bool) -> frozenset[str]:
    """MANAGER's direct reports, or with ALL_LEVELS everyone whose manager chain reaches
    MANAGER (never MANAGER themself, even in a chain that loops back: validate's PC019)."""
    below = direct_reports(people)
    found: set[str] = set()
    todo = list(below.get(manager, ()))
    while todo:
        current = todo.pop()
        if current in found or current == manager:
            continue
        found.add(current)
        if all_levels:
            todo.extend(below.get(current, ()))
    return frozenset(found)


def direct_reports(people: Mapping[str, Person]) -> dict[str, tuple[str, ...]]:
    """Each manager's direct reports (`Person.manager`), by id, in id order: one pass,
    for a caller that asks about many managers (the site's person pages)."""
    below: dict[str, list[str]] = {}
    for pid in sorted(people):
        manager = people[pid].manager
        if manager is not None:
            below.setdefault(manager, []).append(pid)
    return {manager: tuple(ids) for manager, ids in below.items()}


def subtree(departments: Iterable[Department], top: str) -> frozenset[str]:
    """TOP and every department below it in the org's tree."""
    children: dict[str, list[str]] = {}
    for d in departments:
        if d.parent is not None:
            children.setdefault(d.parent, []).append(d.id)
    found: set[str] = set()
    todo = [top]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        todo.extend(children.get(current, ()))
    return frozenset(found)


def _known(ids: Iterable[str]) -> str:
    """Known ids, briefly: the first few in order, and how many more."""
    every = sorted(ids)
    if not every:
        return "none"
    shown = ", ".join(every[:_NAMED])
    rest = len(every) - _NAMED
    return f"{shown} and {rest} more" if rest > 0 else shown
