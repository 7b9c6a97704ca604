"""New documents from the policy and the registry (`perfcode new`), so nobody starts blank.

Pure: the repository (and, where a grade matters, the cycle's results) in, a `Scaffold`
(repository-relative path and text) out; the CLI refuses to overwrite and writes. Every
scaffold validates as written: where a value must be chosen by a person (a rating, a
reason), it holds a clearly marked placeholder, and header comments say what to do.
A review scaffold is a draft (no `submitted:` date, `Review.draft`): scoring does not count
it and `perfcode status` keeps listing it as owed until its rater dates it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.errors import PerfcodeError
from perfcode.io import yaml as yamlio
from perfcode.layout import YEARS
from perfcode.score import CycleResult

KINDS = ("contract", "review", "plan", "interview", "appeal", "cycle")
#: an improvement plan runs one quarter unless edited (seed 004's example)
PLAN_DAYS = 90
TODO = m.PLACEHOLDERS  # the placeholder validate and status recognise


@dataclass(frozen=True, slots=True)
class Scaffold:
    path: str
    text: str


# --- YAML out -----------------------------------------------------------------------------


def _dump(data: Mapping[str, Any]) -> str:
    return yamlio.dump(dict(data))


def _comments(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


# --- lookups ------------------------------------------------------------------------------


def _person(repo: m.Repository, person_id: str) -> m.Person:
    person = repo.people.get(person_id)
    if person is None:
        raise PerfcodeError(f'there is no person "{person_id}" in people/')
    return person


def _policy(repo: m.Repository, cycle_id: str) -> tuple[m.Cycle, m.Policy]:
    cycle = repo.cycles.get(cycle_id)
    if cycle is None or cycle.policy is None:
        known = ", ".join(c for c in repo.cycle_ids() if repo.cycles[c].policy) or "none"
        raise PerfcodeError(f"there is no cycle {cycle_id} with a policy (cycles: {known})")
    return cycle, cycle.policy


def latest_cycle(repo: m.Repository) -> str:
    having = [c for c in repo.cycle_ids() if repo.cycles[c].policy is not None]
    if not having:
        raise PerfcodeError("there is no cycle with a policy: start one with `perfcode new cycle`")
    return having[-1]


def _describe(repo: m.Repository, person_id: str | None) -> str:
    if person_id is None:
        return "nobody (top of the organisation)"
    person = repo.people.get(person_id)
    return f"{person.name} ({person_id})" if person is not None else person_id


def _previous_contract(repo: m.Repository, cycle_id: str, person_id: str) -> m.Contract | None:
    """The person's contract in the nearest earlier cycle that has one."""
    ids = repo.cycle_ids()
    policy = repo.cycles[cycle_id].policy
    order = [policy.previous] if policy is not None and policy.previous else []
    order += list(reversed(ids[: ids.index(cycle_id)]))
    for earlier in order:
        cycle = repo.cycles.get(earlier)
        if cycle is not None and person_id in cycle.contracts:
            return cycle.contracts[person_id]
    return None


def _contract_of(cycle: m.Cycle, person_id: str, kind: str) -> m.Contract:
    contract = cycle.contracts.get(person_id)
    if contract is None:
        raise PerfcodeError(
            f"{person_id} has no contract in cycle {cycle.id}: a {kind} follows the contract "
            f"(start with `perfcode new contract {person_id} --cycle {cycle.id}`)"
        )
    return contract


def _todo(policy: m.Policy) -> str:
    return TODO.get(policy.language, TODO["en"])


# --- contract -----------------------------------------------------------------------------


def contract(repo: m.Repository, cycle_id: str, person_id: str) -> Scaffold:
    person = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    if not policy.templates:
        raise PerfcodeError(f"the policy of {cycle_id} defines no template")
    before = _previous_contract(repo, cycle_id, person_id)
    template = policy.templates[0]
    if before is not None and policy.template(before.template) is not None:
        template = policy.template(before.template) or template
    carried = before if before is not None and before.template == template.id else None
    todo = _todo(policy)
    sections: dict[str, list[dict[str, Any]]] = {}
    for section in template.sections:
        items = [i for i in carried.items if i.section == section.id] if carried else []
        if items:
            sections[section.id] = [_carried_item(item) for item in items]
        else:
            sections[section.id] = [
                {"id": f"{section.id}-1", "title": f"{section.name} {todo}", "weight": 100}
            ]
    goals = _goal_lines(cycle, person)
    header = [
        f"Performance contract of {person.name} ({person_id}), {person.title}, cycle {cycle_id}",
        f"({policy.period_start} – {policy.period_end}); department {person.department}, "
        f"group {person.group}.",
        f"Manager: {_describe(repo, person.manager)} — signs with {person_id} by approving "
        "the pull request.",
        f"Template: {template.id} ({template.name})"
        + (f", as in {carried.cycle}: its items are copied, check them" if carried else "")
        + ".",
        "Item weights inside each section add up to 100; add `supports: [goal-id]` to link",
        "an item to a department goal, and `deliverables:` with due dates.",
        *goals,
    ]
    data: dict[str, Any] = {"template": template.id}
    data["personal_goals"] = [todo]
    data["sections"] = sections
    text = layout.modeline("contract", 3) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/contracts/{person_id}.yaml", text)


def _carried_item(item: m.Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "title": item.title}
    if item.output:
        out["output"] = item.output
    if item.measure:
        out["measure"] = item.measure
    out["weight"] = item.weight
    if item.target is not None:
        target: dict[str, Any] = {"value": item.target.value}
        if item.target.unit:
            target["unit"] = item.target.unit
        target["better"] = item.target.better
        out["target"] = target
    return out


def _goal_lines(cycle: m.Cycle, person: m.Person) -> list[str]:
    if cycle.goals is None:
        return []
    mine = [g for g in cycle.goals.goals if g.department == person.department]
    if not mine:
        return []
    return ["", "Goals of the department this contract may support:"] + [
        f"  {g.id}: {g.title}" for g in mine
    ]


# --- review -------------------------------------------------------------------------------


def review(
    repo: m.Repository, cycle_id: str, person_id: str, role: str, rater: str | None
) -> Scaffold:
    person = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    if role not in m.ROLES:
        raise PerfcodeError(f"--role must be one of {', '.join(m.ROLES)}, not {role!r}")
    minimum = policy.anonymous_minimum(role)
    if minimum is not None and rater not in (None, m.AGGREGATED):
        raise PerfcodeError(
            f"the policy of {cycle_id} makes {role} feedback anonymous: the admin office "
            f"collects it as one review (--rater {m.AGGREGATED}, or leave --rater out)"
        )
    if rater is None:
        if minimum is not None:
            rater = m.AGGREGATED
        elif role == "self":
            rater = person_id
        elif role == "manager":
            if person.manager is None:
                raise PerfcodeError(f"{person_id} has no manager in people/{person_id}.yaml")
            rater = person.manager
        else:
            raise PerfcodeError(f"a {role} review needs --rater (a person id)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", rater):
        raise PerfcodeError(
            f"--rater must be an id (lower-case letters, digits, - and _): {rater!r}"
        )
    if role == "self" and rater != person_id:
        raise PerfcodeError(f"a self review of {person_id} is written by {person_id}, not {rater}")
    if role == "manager" and rater != person.manager:
        raise PerfcodeError(
            f"a manager review of {person_id} is written by their manager "
            f"({person.manager or 'none in people/' + person_id + '.yaml'}), not {rater}"
        )
    if role in ("peer", "subordinate") and rater != m.AGGREGATED and rater not in repo.people:
        raise PerfcodeError(f'there is no person "{rater}" in people/ to write a {role} review')
    agreed = _contract_of(cycle, person_id, "review")
    middle = _middle(policy)
    scale = ", ".join(f"{_num(level.value)} {level.label}" for level in policy.levels)
    header = [
        f"{role} review of {person.name} ({person_id}) by "
        f"{'the admin office (aggregated)' if rater == m.AGGREGATED else _describe(repo, rater)}, "
        f"cycle {cycle_id}.",
        f"Every rating starts at {_num(middle)}: replace each with yours ({scale}).",
        "For an item with a target you may give `actual:` (the measured value) instead.",
        "When done, add `submitted: YYYY-MM-DD`; until then the review is a draft:",
        "it does not count, and the score waits for it (the person stays incomplete).",
        "",
        "Items (from the contract):",
        *(
            f"  {i.id}: {i.title}"
            + (f" (target {_num(i.target.value)}{i.target.unit or ''})" if i.target else "")
            for i in agreed.items
        ),
    ]
    data: dict[str, object] = {}
    if rater == m.AGGREGATED:
        at_least = f" (the policy asks for at least {minimum})" if minimum is not None else ""
        header[1:1] = [
            f"Feedback of several {role} raters, collected by the admin office: set `raters:`",
            f"to how many it gathers{at_least}, and each rating to their mean.",
        ]
        data["raters"] = minimum or 1
    data["ratings"] = [{"item": item.id, "rating": middle} for item in agreed.items]
    text = layout.modeline("review", 4) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/reviews/{person_id}/{role}-{rater}.yaml", text)


def _middle(policy: m.Policy) -> Decimal:
    """The scale's level nearest to its middle (the lower one on a tie)."""
    centre = (policy.scale_min + policy.scale_max) / 2
    values = [level.value for level in policy.levels] or [policy.scale_min, policy.scale_max]
    return min(values, key=lambda v: (abs(v - centre), v))


def _num(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


# --- plan, interview, appeal --------------------------------------------------------------


def _grade(result: CycleResult | None, person_id: str) -> str | None:
    if result is None or person_id not in result.people:
        return None
    return result.people[person_id].grade


def plan(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, person_id: str, today: date
) -> Scaffold:
    person = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    agreed = _contract_of(cycle, person_id, "plan")
    todo = _todo(policy)
    grade = _grade(result, person_id)
    failing = {g.id for g in policy.grades if g.failing}
    person_result = result.people.get(person_id) if result is not None else None
    trigger = "failed_review"
    if person_result is not None and person_result.declines >= 2 and grade not in failing:
        trigger = "consecutive_decline"
    end = today + timedelta(days=PLAN_DAYS)
    actuals = _actuals(cycle, person_id)
    gaps: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for item in agreed.items:
        if item.target is None:
            continue
        gap: dict[str, Any] = {"measure": item.title, "target": item.target.value}
        if item.id in actuals:
            gap["actual"] = actuals[item.id]
        if item.target.unit:
            gap["unit"] = item.target.unit
        gaps.append(gap)
        target: dict[str, Any] = {"measure": item.title, "target": item.target.value}
        if item.target.unit:
            target["unit"] = item.target.unit
        target["due"] = end.isoformat()
        targets.append(target)
    if not gaps:
        gaps = [{"measure": todo}]
        targets = [{"measure": todo, "due": end.isoformat()}]
    data: dict[str, Any] = {
        "trigger": trigger,
        "period": {"start": today.isoformat(), "end": end.isoformat()},
        "gaps": gaps,
        "targets": targets,
        "actions": [{"action": todo, "owner": person_id, "due": end.isoformat()}],
    }
    header = [
        f"Improvement plan of {person.name} ({person_id}), cycle {cycle_id}"
        + (f", grade {grade}" if grade else "")
        + ".",
        f"Manager: {_describe(repo, person.manager)}; both sign by approving the pull request.",
        "Gaps and targets come from the contract's measured items (actuals from the reviews):",
        "state each gap with data, set SMART targets, add root causes, actions with owners,",
        "responsibilities, and weekly check-ins.",
    ]
    text = layout.modeline("plan", 3) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/plans/{person_id}.yaml", text)


def _actuals(cycle: m.Cycle, person_id: str) -> dict[str, Decimal]:
    """Measured actuals from the person's manager review (else any review)."""
    found: dict[str, Decimal] = {}
    reviews = sorted(cycle.reviews_of(person_id), key=lambda r: r.role != "manager")
    for one in reviews:
        for rating in one.ratings:
            if rating.actual is not None:
                found.setdefault(rating.item, rating.actual)
    return found


def interview(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, person_id: str, today: date
) -> Scaffold:
    person = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    _contract_of(cycle, person_id, "interview")
    grade = _grade(result, person_id)
    if grade is None:
        raise PerfcodeError(
            f"{person_id} has no grade in {cycle_id} yet (incomplete or not scored): "
            "an interview confirms the final grade"
        )
    if person.manager is None:
        raise PerfcodeError(f"{person_id} has no manager to hold the interview")
    todo = _todo(policy)
    data: dict[str, Any] = {
        "date": today.isoformat(),
        "interviewer": person.manager,
        "final_grade": grade,
        "strengths": todo,
        "weaknesses": todo,
        "career_interests": todo,
        "improvement": todo,
        "employee_comments": todo,
    }
    header = [
        f"Review interview of {person.name} ({person_id}) with "
        f"{_describe(repo, person.manager)}, cycle {cycle_id}.",
        f"The final grade {grade} is the scored grade; both sign by approving the pull request.",
    ]
    text = layout.modeline("interview", 3) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/interviews/{person_id}.yaml", text)


def appeal(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, person_id: str, today: date
) -> Scaffold:
    person = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    _contract_of(cycle, person_id, "appeal")
    grade = _grade(result, person_id)
    todo = _todo(policy)
    data: dict[str, Any] = {"filed": today.isoformat(), "about": "grade"}
    if grade is not None:
        data["grade_received"] = grade
    data["reason"] = todo
    data["requested"] = todo
    days = policy.appeal_answer_working_days
    owners = ", ".join(repo.org.policy_owners) if repo.org else "HR"
    header = [
        f"Appeal of {person.name} ({person_id}) against the result of cycle {cycle_id}.",
        "about: grade | score | rating | process. Say why, and what you ask for.",
        f"The policy owners ({owners}) answer"
        + (f" within {days} working days" if days else "")
        + " under `answer:`.",
    ]
    text = layout.modeline("appeal", 3) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/appeals/{person_id}.yaml", text)


# --- a new cycle from the previous one ----------------------------------------------------


def period_of(cycle_id: str) -> tuple[date, date]:
    """The calendar period a cycle id names: 2027, 2027-H1, 2027-Q3, 2027-07."""
    if layout.parse_cycle(cycle_id) is None:
        raise PerfcodeError(
            f"{cycle_id!r} is not a cycle id (a year 2027, a half 2027-H1, a quarter 2027-Q3 "
            "or a month 2027-07)"
        )
    if not layout.in_years(cycle_id):
        raise PerfcodeError(
            f"cycle {cycle_id} lies outside the years perfcode holds records for "
            f"({YEARS.start} to {YEARS.stop - 1})"
        )
    return layout.cycle_bounds(cycle_id)


def shift_months(day: date, months: int) -> date | None:
    """The same day `months` later, kept inside the month (31 Dec + 6 months = 30 Jun);
    None when that day lies outside the years records may hold (`schemas.YEARS`)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year not in YEARS:
        return None
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _moved_phase(phase: Mapping[str, Any], months: int, cycle_id: str) -> dict[str, Any]:
    """A phase of the previous policy (as written), its dates `months` later."""
    moved = dict(phase)
    for name in ("start", "end"):
        if name not in phase:
            continue
        old = date.fromisoformat(phase[name])
        day = shift_months(old, months)
        if day is None:
            year = (old.year * 12 + old.month - 1 + months) // 12
            raise PerfcodeError(
                f'cycle {cycle_id} cannot be copied: its phase "{phase["id"]}" would {name} '
                f"in the year {year}, outside the years perfcode holds records for "
                f"({YEARS.start} to {YEARS.stop - 1}); write cycles/{cycle_id}/cycle.yaml "
                "by hand"
            )
        moved[name] = day.isoformat()
    return moved


def new_cycle(repo: m.Repository, policy_text: str, cycle_id: str, previous: str) -> Scaffold:
    """cycles/<cycle_id>/cycle.yaml: the previous policy, its dates moved to the new period."""
    if cycle_id in repo.cycles:
        raise PerfcodeError(f"cycle {cycle_id} exists already (cycles/{cycle_id}/)")
    _cycle, old = _policy(repo, previous)
    start, end = period_of(cycle_id)
    old_start = date.fromisoformat(old.period_start)
    months = (start.year - old_start.year) * 12 + start.month - old_start.month
    if months <= 0:
        raise PerfcodeError(f"cycle {cycle_id} does not start after {previous}")
    try:
        tree = yamlio.parse(policy_text)
    except yamlio.YamlError:
        tree = None
    if not isinstance(tree, dict):
        raise PerfcodeError(f"cycles/{previous}/cycle.yaml has problems: run perfcode validate")

    data: dict[str, Any] = {}
    for key, value in tree.items():
        if key == "period":
            data[key] = {"start": start.isoformat(), "end": end.isoformat()}
            data["previous"] = previous
        elif key == "previous":
            continue
        elif key == "phases":
            data[key] = [_moved_phase(phase, months, cycle_id) for phase in value]
        elif key == "calendar":
            continue  # holidays differ every year: the new period's must be entered anew
        else:
            data[key] = value
    if "previous" not in data:
        data["previous"] = previous
    header = [
        f"Copied from {previous} by `perfcode new cycle`: the phases moved {months} months.",
        "Check the title, the phases and the quotas, then add this period's public holidays",
        "and extra working days (calendar: holidays: [...], workdays: [...]): the previous",
        "period's were not copied.",
    ]
    text = layout.modeline("cycle", 2) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/cycle.yaml", text)
