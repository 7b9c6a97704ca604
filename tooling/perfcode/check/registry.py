"""The organisation and its people: departments, groups, heads, managers, logins, loops."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import layout
from perfcode import model as m
from perfcode.check.common import ORG_PATH, duplicates
from perfcode.problems import Problem, error, quoted, shown, warning


def check_org(repo: m.Repository) -> Iterator[Problem]:
    org = repo.org
    if org is None:
        if ORG_PATH not in repo.broken:  # a broken org.yaml has its own problems
            yield error(
                ORG_PATH,
                "PC010",
                "people/org.yaml is missing: it names the organisation, "
                "its departments and policy owners",
            )
        return
    ids = [d.id for d in org.departments]
    for dup in duplicates(ids):
        yield error(
            org.path,
            "PC027",
            f'the department id "{dup}" is used twice',
            ("departments", len(ids) - 1 - ids[::-1].index(dup), "id"),
        )
    groups = [g.id for g in org.groups]
    for dup in duplicates(groups):
        yield error(org.path, "PC027", f'the group id "{dup}" is used twice', ("groups",))
    for i, dept in enumerate(org.departments):
        if not repo.person_exists(dept.head):
            yield error(
                org.path,
                "PC015",
                f"the head of {shown(dept.name)}, {quoted(dept.head)}, is not in people/",
                ("departments", i, "head"),
            )
        if dept.parent is not None and dept.parent not in ids:
            yield error(
                org.path,
                "PC016",
                f'the parent department "{dept.parent}" does not exist',
                ("departments", i, "parent"),
            )
    for i, owner in enumerate(org.policy_owners):
        if not repo.person_exists(owner):
            yield error(
                org.path,
                "PC015",
                f'the policy owner "{owner}" is not in people/',
                ("policy_owners", i),
            )


def check_people(repo: m.Repository) -> Iterator[Problem]:
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    groups = {g.id for g in repo.org.groups} if repo.org else set()
    logins: dict[str, str] = {}
    for person_id, person in sorted(repo.people.items()):
        if person_id in layout.RESERVED_IDS:
            yield error(
                person.path,
                "PC044",
                f'the id "{person_id}" is reserved: a review file <role>-{person_id}.yaml '
                "is feedback the admin office aggregates from several raters; give this "
                "person another id (rename the file)",
            )
        for field in ("name", "title"):  # what `perfcode new person` leaves to write
            if m.holds_placeholder(getattr(person, field)):
                yield warning(
                    person.path,
                    "PC102",
                    f"the {field} still holds the placeholder perfcode new wrote: write the "
                    f"person's {field}",
                    (field,),
                )
        if repo.org is not None and person.department not in departments:
            yield error(
                person.path,
                "PC016",
                f'the department "{person.department}" does not exist in {ORG_PATH}',
                ("department",),
            )
        if repo.org is not None and person.group not in groups:
            yield error(
                person.path,
                "PC028",
                f'the group "{person.group}" does not exist in '
                f"{ORG_PATH} (groups: {', '.join(sorted(groups))})",
                ("group",),
            )
        if person.manager is not None and not repo.person_exists(person.manager):
            yield error(
                person.path,
                "PC015",
                f'the manager "{person.manager}" is not in people/',
                ("manager",),
            )
        if person.left is not None and person.left < person.joined:
            yield error(
                person.path,
                "PC022",
                f"left ({person.left}) is before joined ({person.joined})",
                ("left",),
            )
        login = person.github.lower()
        if login in logins:
            yield error(
                person.path,
                "PC027",
                f'the GitHub login "{person.github}" is already used by {logins[login]}'
                + (
                    " (GitHub ignores upper and lower case)"
                    if repo.people[logins[login]].github != person.github
                    else ""
                ),
                ("github",),
            )
        else:
            logins[login] = person_id
    yield from _employee_numbers(repo)
    yield from _manager_loops(repo)
    yield from _after_leaving(repo)


def _after_leaving(repo: m.Repository) -> Iterator[Problem]:
    """Records dated after someone left (PC090, a warning at the record's date): a contract
    in a cycle whose period began after its person left, a review submitted after its
    person or its rater left, a check-in held after its person left. Either the record
    or the `left:` day is probably wrong; with `leavers: {scored: true}` such a person would
    be scored on it."""

    def left(pid: str | None) -> str | None:
        person = repo.people.get(pid) if pid is not None else None
        return person.left if person is not None else None

    def after(day: str, pid: str | None) -> str | None:
        gone = left(pid)
        return f"dated {day}, after {pid} left on {gone}" if gone and day > gone else None

    for cycle_id in repo.cycle_ids():
        cycle = repo.cycles[cycle_id]
        start = cycle.policy.period_start if cycle.policy is not None else None
        for pid, contract in sorted(cycle.contracts.items()):
            gone = left(pid)
            if start is not None and gone is not None and gone < start:
                yield warning(
                    contract.path,
                    "PC090",
                    f"{pid} left on {gone}, before the period of {cycle_id} began ({start}), "
                    "but has a contract in it: check their left: day, or remove the contract",
                )
        for review in cycle.reviews:
            if review.submitted is None:
                continue
            for pid in dict.fromkeys((review.person, review.rater)):
                if said := after(review.submitted, pid):
                    yield warning(
                        review.path,
                        "PC090",
                        f"this review is {said}: check the submitted date or their left: day",
                        ("submitted",),
                    )
        for pid, held in sorted(cycle.checkins.items()):
            for i, entry in enumerate(held.entries):
                if said := after(entry.date, pid):
                    yield warning(
                        held.path,
                        "PC090",
                        f"this check-in is {said}: check its date or their left: day",
                        ("entries", i, "date"),
                    )


def _employee_numbers(repo: m.Repository) -> Iterator[Problem]:
    """PC097 at every person after the first (by id) with an employee number already taken:
    payroll keys on it, so two people with one number would be paid as one."""
    first: dict[str, str] = {}
    for person_id, person in sorted(repo.people.items()):
        number = person.employee_number
        if number is None:
            continue
        if number in first:
            yield error(
                person.path,
                "PC097",
                f"the employee number {quoted(number)} is already {first[number]}'s: "
                "payroll keys on it, so give each person their own",
                ("employee_number",),
            )
        else:
            first[number] = person_id


def _manager_loops(repo: m.Repository) -> Iterator[Problem]:
    reported: set[str] = set()
    for start in sorted(repo.people):
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in repo.people and current not in chain:
            chain.append(current)
            current = repo.people[current].manager
        if current is None or current not in chain:
            continue
        loop = chain[chain.index(current) :]
        if reported.intersection(loop):
            continue
        reported.update(loop)
        if len(loop) == 1:
            yield error(
                repo.people[current].path,
                "PC019",
                f"{current} is named as their own manager",
                ("manager",),
            )
            continue
        first = min(loop)
        path = repo.people[first].path
        circle = " → ".join([*loop[loop.index(first) :], *loop[: loop.index(first)], first])
        yield error(path, "PC019", f"the manager chain loops: {circle}", ("manager",))
