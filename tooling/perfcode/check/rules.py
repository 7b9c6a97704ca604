"""Cross-document rules: what a schema cannot see on its own.

`check(repository)` is pure: documents in, problems out (each with a stable code and a
pointer into its file; `load.locate` adds lines and columns). The rules are grouped by
the document they look at; policy checks are the ones the scoring engine relies on.
"""

from __future__ import annotations

import calendar
import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from perfcode import model as m
from perfcode.problems import Problem, error, quoted, shown, warning
from perfcode.signatures import rules as signatures

HUNDRED = Decimal(100)
ORG_PATH = "people/org.yaml"


def _fmt(value: Decimal) -> str:
    """A number as people write it; an absurdly large or small one in powers of ten."""
    value = value.normalize()
    if value.is_finite() and value and not -12 <= value.adjusted() < 15:
        return f"{value:.6G}"
    return format(value, "f")


def _grade_ids(policy: m.Policy) -> str:
    return ", ".join(grade.id for grade in policy.grades)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(quoted(value) for value in values)


def _duplicates(values: Iterable[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def check(repo: m.Repository) -> list[Problem]:
    problems: list[Problem] = []
    problems.extend(check_org(repo))
    problems.extend(check_people(repo))
    for cycle_id in repo.cycle_ids():
        cycle = repo.cycles[cycle_id]
        if cycle.policy is None:
            path = f"cycles/{cycle_id}/cycle.yaml"
            if path not in repo.broken:  # a broken cycle.yaml has its own problems
                problems.append(
                    error(
                        path,
                        "PC010",
                        f"the folder cycles/{cycle_id} has no cycle.yaml: every cycle needs "
                        "its policy (copy the previous cycle's cycle.yaml and adjust it)",
                    )
                )
            continue
        problems.extend(check_policy(cycle.policy, repo))
        problems.extend(check_cycle(cycle, cycle.policy, repo))
    problems.extend(signatures.check_evidence(repo))
    return problems


# --- the organisation and its people ------------------------------------------------------


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
    for dup in _duplicates(ids):
        yield error(
            org.path,
            "PC027",
            f'the department id "{dup}" is used twice',
            ("departments", len(ids) - 1 - ids[::-1].index(dup), "id"),
        )
    groups = [g.id for g in org.groups]
    for dup in _duplicates(groups):
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
    yield from _manager_loops(repo)


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


# --- the policy (cycle.yaml) ------------------------------------------------------------


def period_bounds(cycle_id: str) -> tuple[str, str]:
    """The first and last day a cycle id names: 2026-H2 → 2026-07-01 .. 2026-12-31."""
    year, _, rest = cycle_id.partition("-")
    if not rest:
        first_month, last_month = 1, 12
    elif rest.startswith("H"):
        first_month = 1 if rest == "H1" else 7
        last_month = first_month + 5
    elif rest.startswith("Q"):
        first_month = 3 * int(rest[1:]) - 2
        last_month = first_month + 2
    else:
        first_month = last_month = int(rest)
    start = date(int(year), first_month, 1)
    end = date(int(year), last_month, calendar.monthrange(int(year), last_month)[1])
    return start.isoformat(), end.isoformat()


def check_policy(policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = policy.path
    yield from _check_period(policy, repo)
    yield from _check_phases(policy)
    if policy.scale_min >= policy.scale_max:
        yield error(
            path,
            "PC014",
            f"the scale's min ({_fmt(policy.scale_min)}) must be below "
            f"its max ({_fmt(policy.scale_max)})",
            ("scale", "min"),
        )
    for i, level in enumerate(policy.levels):
        if not policy.scale_min <= level.value <= policy.scale_max:
            yield error(
                path,
                "PC014",
                f"the level {_fmt(level.value)} is outside the scale "
                f"{_fmt(policy.scale_min)}–{_fmt(policy.scale_max)}",
                ("scale", "levels", i, "value"),
            )
    yield from _check_achievement(policy)
    yield from _check_raters(policy)
    yield from _check_templates(policy, repo)
    yield from _check_bands(policy)
    yield from _check_distribution(policy)
    yield from _check_outcomes(policy)
    yield from _check_scoring_inputs(policy, repo)


def _check_period(policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = policy.path
    first, last = period_bounds(policy.cycle)
    if policy.period_start > policy.period_end:
        yield error(
            path,
            "PC022",
            f"the period starts ({policy.period_start}) after it ends ({policy.period_end})",
            ("period", "start"),
        )
    start_ok = first <= policy.period_start <= last
    end_ok = first <= policy.period_end <= last
    if not start_ok and not end_ok:
        yield error(
            path,
            "PC026",
            f"the folder says cycle {policy.cycle} ({first} to {last}), but the period is "
            f"{policy.period_start} to {policy.period_end}: correct the period, or move "
            "the files to the folder of the cycle they belong to",
            ("period",),
            key=True,
        )
    elif not start_ok:
        yield error(
            path,
            "PC026",
            f"the folder says cycle {policy.cycle} ({first} to {last}), "
            f"but the period starts on {policy.period_start}",
            ("period", "start"),
        )
    elif not end_ok:
        yield error(
            path,
            "PC026",
            f"the folder says cycle {policy.cycle} ({first} to {last}), "
            f"but the period ends on {policy.period_end}",
            ("period", "end"),
        )
    if policy.previous is not None and policy.previous not in repo.cycles:
        yield error(
            path,
            "PC041",
            f'the previous cycle "{policy.previous}" does not exist under cycles/',
            ("previous",),
        )


def _check_phases(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    ids = [p.id for p in policy.phases]
    for dup in _duplicates(ids):
        yield error(path, "PC027", f'the phase "{dup}" is listed twice', ("phases",))
    previous: m.Phase | None = None
    for i, phase in enumerate(policy.phases):
        if phase.end is not None and phase.end < phase.start:
            yield error(
                path,
                "PC023",
                f'the phase "{phase.id}" ends ({phase.end}) before it starts ({phase.start})',
                ("phases", i, "end"),
            )
        if phase.start < policy.period_start:
            yield error(
                path,
                "PC022",
                f'the phase "{phase.id}" starts ({phase.start}) before '
                f"the cycle's period ({policy.period_start})",
                ("phases", i, "start"),
            )
        if previous is not None and phase.start < previous.start:
            yield error(
                path,
                "PC023",
                f'the phase "{phase.id}" starts ({phase.start}) before '
                f'the phase listed above it, "{previous.id}" ({previous.start}); '
                "list phases in the order they happen",
                ("phases", i, "start"),
            )
        previous = phase


def _check_achievement(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    if not policy.achievement:
        return
    outside: set[int] = set()
    for i, threshold in enumerate(policy.achievement):
        if not policy.scale_min <= threshold.rating <= policy.scale_max:
            outside.add(i)
            yield error(
                path,
                "PC033",
                f"the threshold's rating {_fmt(threshold.rating)} is outside the scale",
                ("achievement", i, "rating"),
            )
    out_of_order = False
    for i in range(1, len(policy.achievement)):
        upper, lower = policy.achievement[i - 1], policy.achievement[i]
        stricter = upper.percent > lower.percent or (
            upper.percent == lower.percent
            and upper.above_percent is not None
            and lower.min_percent is not None
        )
        if not stricter:
            out_of_order = True
            yield error(
                path,
                "PC033",
                "list achievement thresholds from the highest percentage down: "
                f"{_fmt(lower.percent)}% comes after {_fmt(upper.percent)}%",
                ("achievement", i),
            )
        elif lower.rating > upper.rating and not outside & {i - 1, i}:
            yield error(
                path,
                "PC033",
                f"a lower achievement ({_fmt(lower.percent)}%) earns a "
                f"higher rating ({_fmt(lower.rating)}) than {_fmt(upper.percent)}% "
                f"({_fmt(upper.rating)})",
                ("achievement", i, "rating"),
            )
    last = policy.achievement[-1]
    has_zero = any(t.min_percent == 0 for t in policy.achievement)
    if last.min_percent != 0 and not (out_of_order and has_zero):
        yield error(
            path,
            "PC033",
            "the last achievement threshold must be min_percent: 0, so every result has a rating",
            ("achievement", len(policy.achievement) - 1),
        )


def _check_raters(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    weights = dict(policy.rater_weights)
    if sum(weights.values(), Decimal(0)) <= 0:
        yield error(
            path, "PC032", "at least one rater role needs a weight above 0", ("raters", "weights")
        )
    for i, role in enumerate(policy.required_roles):
        if weights.get(role, Decimal(0)) <= 0:
            yield error(
                path,
                "PC032",
                f'the role "{role}" is required but has no weight',
                ("raters", "required", i),
            )


def _check_templates(policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = policy.path
    ids = [t.id for t in policy.templates]
    for dup in _duplicates(ids):
        yield error(path, "PC027", f'the template id "{dup}" is used twice', ("templates",))
    for t, template in enumerate(policy.templates):
        total = sum((s.weight for s in template.sections), Decimal(0))
        if total != HUNDRED:
            yield error(
                path,
                "PC013",
                f'section weights in template "{template.id}" add up to {_fmt(total)}, not 100',
                ("templates", t, "sections"),
                key=True,
            )
        for dup in _duplicates(s.id for s in template.sections):
            yield error(
                path,
                "PC027",
                f'the section "{dup}" appears twice in template "{template.id}"',
                ("templates", t, "sections"),
            )
        if template.rollup:
            rollup_total = sum((c.weight for c in template.rollup), Decimal(0))
            if rollup_total != HUNDRED:
                yield error(
                    path,
                    "PC034",
                    f'roll-up weights in template "{template.id}" add up '
                    f"to {_fmt(rollup_total)}, not 100",
                    ("templates", t, "rollup"),
                    key=True,
                )
            for c, component in enumerate(template.rollup):
                for sub in component.cycles:
                    if sub not in repo.cycles:
                        yield error(
                            path,
                            "PC041",
                            f'the roll-up names cycle "{sub}", which does not exist',
                            ("templates", t, "rollup", c, "cycles"),
                        )


def _check_bands(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    ids = [g.id for g in policy.grades]
    for dup in _duplicates(ids):
        yield error(path, "PC027", f'the grade "{dup}" is defined twice', ("grades",))
    spelled: dict[str, str] = {}
    for i, grade_id in enumerate(ids):
        other = spelled.setdefault(grade_id.casefold(), grade_id)
        if other != grade_id:
            yield error(
                path,
                "PC027",
                f'the grades "{other}" and "{grade_id}" differ only in capitals, so a record '
                "that names one is easily read as naming the other; give them different names",
                ("grades", i, "id"),
            )
    order = sorted(range(len(policy.grades)), key=lambda i: policy.grades[i].min, reverse=True)
    for rank, i in enumerate(order):
        grade = policy.grades[i]
        if grade.below is not None and grade.below <= grade.min:
            yield error(
                path,
                "PC025",
                f"grade {grade.id}: below ({_fmt(grade.below)}) must be "
                f"above min ({_fmt(grade.min)})",
                ("grades", i, "below"),
            )
        if rank == 0:
            if grade.below is not None:
                yield error(
                    path,
                    "PC025",
                    f"the top grade {grade.id} must have no upper bound "
                    "(remove below), or scores above it get no grade",
                    ("grades", i, "below"),
                )
            continue
        higher = policy.grades[order[rank - 1]]
        if grade.below is None:
            yield error(
                path,
                "PC025",
                f"grade {grade.id} needs below: {_fmt(higher.min)} "
                f"(where grade {higher.id} starts)",
                ("grades", i),
            )
        elif grade.below > higher.min:
            yield error(
                path,
                "PC025",
                f"grades {grade.id} and {higher.id} overlap: {grade.id} "
                f"runs up to {_fmt(grade.below)} but {higher.id} starts at "
                f"{_fmt(higher.min)}; set below: {_fmt(higher.min)} on {grade.id}",
                ("grades", i, "below"),
            )
        elif grade.below < higher.min:
            yield error(
                path,
                "PC025",
                f"a gap between grades {grade.id} and {higher.id}: scores "
                f"from {_fmt(grade.below)} to below {_fmt(higher.min)} get no grade; "
                f"set below: {_fmt(higher.min)} on {grade.id}",
                ("grades", i, "below"),
            )
    if order and policy.grades[order[-1]].min > 0:
        lowest = policy.grades[order[-1]]
        yield error(
            path,
            "PC025",
            f"the lowest grade {lowest.id} starts at {_fmt(lowest.min)}; "
            "it must start at 0 so every score gets a grade",
            ("grades", order[-1], "min"),
        )


def _check_distribution(policy: m.Policy) -> Iterator[Problem]:
    distribution = policy.distribution
    if distribution is None:
        return
    path = policy.path
    grades = {g.id for g in policy.grades}
    total = sum((q.percent for q in distribution.quotas), Decimal(0))
    if total != HUNDRED:
        listed = " + ".join(_fmt(q.percent) for q in distribution.quotas)
        yield error(
            path,
            "PC024",
            f"distribution quotas add up to {_fmt(total)}% ({listed}), not 100%",
            ("distribution", "quotas"),
            key=True,
        )
    for i, quota in enumerate(distribution.quotas):
        if quota.grade not in grades:
            yield error(
                path,
                "PC031",
                f'the quota names grade "{quota.grade}", which the policy does not define',
                ("distribution", "quotas", i, "grade"),
            )
    for dup in _duplicates(q.grade for q in distribution.quotas):
        yield error(path, "PC027", f'grade "{dup}" has two quotas', ("distribution", "quotas"))


def _check_outcomes(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    grades = {g.id for g in policy.grades}
    for dup in _duplicates(o.id for o in policy.outcomes):
        yield error(path, "PC027", f'the outcome "{dup}" is defined twice', ("outcomes",))
    for i, rule in enumerate(policy.outcomes):
        where = ("outcomes", i, "when", rule.when)
        if rule.when == "grades":
            for g, grade in enumerate(rule.grades):
                if grade not in grades:
                    yield error(
                        path,
                        "PC031",
                        f'the outcome "{rule.id}" names grade "{grade}", '
                        f"which the policy does not define (grades: {_grade_ids(policy)})",
                        (*where, g),
                    )
        elif rule.when in ("top_percent", "bottom_percent") and rule.value is not None:
            if not Decimal(0) < rule.value <= HUNDRED:
                yield error(
                    path,
                    "PC039",
                    f'the outcome "{rule.id}" needs a percentage above 0 and at most 100',
                    where,
                )
        elif rule.when == "declines" and rule.value is not None:
            if rule.value < 1 or rule.value != rule.value.to_integral_value():
                yield error(
                    path,
                    "PC039",
                    f'the outcome "{rule.id}" needs a whole number of declines, at least 1',
                    where,
                )


def _check_scoring_inputs(policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    """What the scoring engine needs beyond the sums: roll-ups and `previous` that point
    at earlier cycles (never at this one or a later one), and fields where they mean something."""
    path = policy.path
    own = m.cycle_sort_key(policy.cycle)
    if policy.previous is not None and policy.previous in repo.cycles:
        if m.cycle_sort_key(policy.previous) >= own:
            yield error(
                path,
                "PC041",
                f'the previous cycle "{policy.previous}" must end before {policy.cycle}',
                ("previous",),
            )
    for t, template in enumerate(policy.templates):
        for c, component in enumerate(template.rollup):
            where: tuple[str | int, ...] = ("templates", t, "rollup", c)
            if component.source == "cycles" and not component.cycles:
                yield error(
                    path,
                    "PC010",
                    "a roll-up component with source: cycles needs the list of sub-cycles "
                    "(cycles: [...])",
                    where,
                )
            if component.source != "cycles" and component.cycles:
                yield error(
                    path,
                    "PC044",
                    f"cycles is only for source: cycles, not {component.source}",
                    (*where, "cycles"),
                    key=True,
                )
            if component.source != "checks" and component.kinds:
                yield error(
                    path,
                    "PC044",
                    f"kinds is only for source: checks, not {component.source}",
                    (*where, "kinds"),
                    key=True,
                )
            first, last = period_bounds(policy.cycle)
            for s, sub in enumerate(component.cycles):
                if sub not in repo.cycles:
                    continue  # reported by _check_templates
                sub_first, sub_last = period_bounds(sub)
                if m.cycle_sort_key(sub) >= own or not first <= sub_first <= sub_last <= last:
                    yield error(
                        path,
                        "PC041",
                        f'the roll-up names cycle "{sub}", which is not a shorter cycle '
                        f"inside {policy.cycle} ({first} to {last})",
                        (*where, "cycles", s),
                    )
    for i, rule in enumerate(policy.outcomes):
        if rule.within_days is not None and rule.when != "grades":
            yield error(
                path,
                "PC039",
                f'the outcome "{rule.id}" has within_days, which only applies to a '
                "grades condition (an interview within N days for failing grades)",
                ("outcomes", i, "within_days"),
                key=True,
            )


# --- the records of a cycle --------------------------------------------------------------


def check_cycle(cycle: m.Cycle, policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    yield from _check_goals(cycle, repo)
    for _person_id, contract in sorted(cycle.contracts.items()):
        yield from _check_contract(contract, policy, cycle, repo)
    for review in cycle.reviews:
        yield from _check_review(review, policy, cycle, repo)
        if policy.rater_weight(review.role) <= 0:
            yield warning(
                review.path,
                "PC032",
                f"this cycle's policy gives {review.role} reviews no weight "
                "(raters: weights:), so this review does not count toward the score",
            )
    for checkins in cycle.checkins.values():
        yield from _check_checkins(checkins, policy, cycle, repo)
    for adjustments in cycle.adjustments.values():
        yield from _check_adjustments(adjustments, policy, repo)
    if cycle.calibration is not None:
        yield from _check_calibration(cycle.calibration, policy, cycle, repo)
    for interview in cycle.interviews.values():
        yield from _check_interview(interview, policy, repo)
    for plan in cycle.plans.values():
        yield from _check_plan(plan, repo)
    for appeal in cycle.appeals.values():
        yield from _check_appeal(appeal, policy, repo)


def _contract_broken(cycle_id: str, person: str, repo: m.Repository) -> bool:
    """The contract exists but could not be read: its own problems say why."""
    return f"cycles/{cycle_id}/contracts/{person}.yaml" in repo.broken


def _goal_missing(cycle: m.Cycle, goal_id: str, repo: m.Repository) -> bool:
    """The goal is not in goals.yaml (a broken goals.yaml is not asked: it has its own problems)."""
    if cycle.goals is None:
        return f"cycles/{cycle.id}/goals.yaml" not in repo.broken
    return cycle.goals.get(goal_id) is None


def _person_known(path: str, person: str, repo: m.Repository) -> Iterator[Problem]:
    if not repo.person_exists(person):
        yield error(
            path,
            "PC015",
            f'this file is for "{person}", who is not in people/ '
            f"(add people/{person}.yaml or move the file)",
        )


def period_agrees(policy: m.Policy) -> bool:
    """The policy's period lies within the cycle its folder names."""
    first, last = period_bounds(policy.cycle)
    return first <= policy.period_start <= policy.period_end <= last


def _in_period(
    path: str, day: str | None, policy: m.Policy, pointer: tuple[str | int, ...], what: str
) -> Iterator[Problem]:
    if not period_agrees(policy):  # the policy's own problem (PC026) comes first
        return
    if day is not None and not policy.period_start <= day <= policy.period_end:
        yield error(
            path,
            "PC022",
            f"{what} ({day}) is outside the cycle's period "
            f"{policy.period_start} to {policy.period_end}",
            pointer,
        )


def _check_goals(cycle: m.Cycle, repo: m.Repository) -> Iterator[Problem]:
    goals = cycle.goals
    if goals is None:
        return
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    ids = [g.id for g in goals.goals]
    for dup in _duplicates(ids):
        yield error(goals.path, "PC027", f'the goal id "{dup}" is used twice')
    company = [g for g in goals.goals if g.department is None]
    reported: set[str] = set()
    for goal in goals.goals:
        if goal.department is None:
            continue
        if (
            repo.org is not None
            and goal.department not in departments
            and goal.department not in reported
        ):
            reported.add(goal.department)
            yield error(
                goals.path,
                "PC016",
                f'"{goal.department}" is not a department of {ORG_PATH} '
                f"(departments: {', '.join(sorted(departments))})",
                ("departments", goal.department),
                key=True,
            )
        index = [g.id for g in goals.goals if g.department == goal.department].index(goal.id)
        for s, supported in enumerate(goal.supports):
            if goals.get(supported) is None:
                yield error(
                    goals.path,
                    "PC017",
                    f'the goal "{goal.id}" supports "{supported}", '
                    "which is not a goal of this cycle",
                    ("departments", goal.department, index, "supports", s),
                )
    del company


def _check_contract(
    contract: m.Contract, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = contract.path
    yield from _person_known(path, contract.person, repo)
    template = policy.template(contract.template)
    if template is None:
        names = ", ".join(t.id for t in policy.templates)
        yield error(
            path,
            "PC029",
            f'the template "{contract.template}" is not in this cycle\'s '
            f"policy (templates: {names})",
            ("template",),
        )
    for i, goal_id in enumerate(contract.supports):
        if _goal_missing(cycle, goal_id, repo):
            yield error(
                path,
                "PC017",
                f'the goal "{goal_id}" is not in this cycle\'s goals.yaml',
                ("supports", i),
            )
    ids = [item.id for item in contract.items]
    for dup in _duplicates(ids):
        second = [item for item in contract.items if item.id == dup][1]
        index = [item for item in contract.items if item.section == second.section].index(second)
        yield error(
            path,
            "PC027",
            f'the item id "{dup}" is used twice in this contract; reviews name items by id, '
            "so give each item its own",
            ("sections", second.section, index, "id"),
        )
    known_sections = {s.id for s in template.sections} if template else set()
    unused = sorted(known_sections - set(contract.sections))
    meant: set[str] = set()  # template sections an unknown section was probably meant to be
    for section in contract.sections:
        items = [item for item in contract.items if item.section == section]
        if template is not None and section not in known_sections:
            close = difflib.get_close_matches(section, [u for u in unused if u not in meant], 1)
            meant.update(close)
            hint = (
                f'; did you mean "{close[0]}"?'
                if close
                else f" (sections: {', '.join(sorted(known_sections))})"
            )
            yield error(
                path,
                "PC029",
                f'the section "{section}" is not in template "{template.id}"{hint}',
                ("sections", section),
                key=True,
            )
            continue
        total = sum((item.weight for item in items), Decimal(0))
        if items and total != HUNDRED:
            yield error(
                path,
                "PC012",
                f'item weights in section "{section}" add up to {_fmt(total)}, not 100',
                ("sections", section),
                key=True,
            )
        for i, item in enumerate(items):
            where: tuple[str | int, ...] = ("sections", section, i)
            for s, goal_id in enumerate(item.supports):
                if _goal_missing(cycle, goal_id, repo):
                    yield error(
                        path,
                        "PC017",
                        f'the item "{item.id}" supports "{goal_id}", which '
                        "is not in this cycle's goals.yaml",
                        (*where, "supports", s),
                    )
            if item.target is not None and item.target.value == 0:
                yield error(
                    path,
                    "PC036",
                    f'the target of "{item.id}" is 0: achievement cannot be measured against zero',
                    (*where, "target", "value"),
                )
            for d, deliverable in enumerate(item.deliverables):
                yield from _in_period(
                    path,
                    deliverable.due,
                    policy,
                    (*where, "deliverables", d, "due"),
                    "the due date",
                )
    if template is not None:
        for section_def in template.sections:
            if section_def.id in meant:
                continue
            if not any(item.section == section_def.id for item in contract.items):
                yield error(
                    path,
                    "PC029",
                    f'the template\'s section "{section_def.id}" '
                    f"({shown(section_def.name)}) has no items in this contract",
                    ("sections",),
                    key=True,
                )


def _check_review(
    review: m.Review, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = review.path
    person = repo.people.get(review.person)
    yield from _person_known(path, review.person, repo)
    if review.role == "self" and review.rater != review.person:
        yield error(
            path,
            "PC021",
            f"a self review of {review.person} must be written by "
            f"{review.person}, not {review.rater}: name the file "
            f"self-{review.person}.yaml",
        )
    elif review.role == "manager" and person is not None and review.rater != person.manager:
        if person.manager is None:
            yield error(
                path,
                "PC020",
                f"{review.person} has no manager in people/{review.person}.yaml, "
                "so there is no manager review to write",
            )
        else:
            yield error(
                path,
                "PC020",
                f"a manager review of {review.person} must be written by their manager, "
                f"{person.manager}, not {review.rater}: "
                f"name the file manager-{person.manager}.yaml",
            )
    if review.aggregated and review.role not in ("subordinate", "customer"):
        yield error(
            path,
            "PC044",
            f"only subordinate and customer feedback may be aggregated; each {review.role} "
            f"writes their own review, named {review.role}-<their id>.yaml",
        )
    if not review.aggregated and review.respondents is not None:
        yield error(
            path,
            "PC044",
            f"respondents is only for aggregated feedback ({review.role}-aggregated.yaml)",
            ("respondents",),
            key=True,
        )
    if (
        not review.aggregated
        and review.role in ("peer", "subordinate")
        and not repo.person_exists(review.rater)
    ):
        yield error(path, "PC015", f'the rater "{review.rater}" is not in people/')
    if review.role in ("peer", "subordinate") and review.rater == review.person:
        yield error(
            path, "PC044", f"{review.person} cannot give {review.role} feedback on themselves"
        )
    if review.collected_by is not None and not repo.person_exists(review.collected_by):
        yield error(path, "PC015", f'"{review.collected_by}" is not in people/', ("collected_by",))
    if review.submitted is not None:
        closed = policy.phase("closed")
        last = closed.start if closed is not None else None
        if review.submitted < policy.period_start:
            yield error(
                path,
                "PC022",
                f"the review is dated {review.submitted}, before the cycle starts "
                f"({policy.period_start})",
                ("submitted",),
            )
        elif last is not None and review.submitted > last:
            yield error(
                path,
                "PC022",
                f"the review is dated {review.submitted}, after the cycle closed ({last})",
                ("submitted",),
            )
    contract = cycle.contracts.get(review.person)
    if contract is None:
        if review.person in repo.people and not _contract_broken(review.cycle, review.person, repo):
            yield error(
                path,
                "PC030",
                f"{review.person} has no contract in cycle {review.cycle}: "
                "a review rates the items of a contract",
            )
        return
    rated = [r.item for r in review.ratings]
    unrated = [item.id for item in contract.items if item.id not in rated]
    meant: set[str] = set()  # unrated items that an unknown item id was probably meant to be
    for i, rating in enumerate(review.ratings):
        where: tuple[str | int, ...] = ("ratings", i)
        item = contract.item(rating.item)
        if item is None:
            close = difflib.get_close_matches(
                rating.item, [u for u in unrated if u not in meant], 1
            )
            hint = f'; did you mean "{close[0]}"?' if close else ""
            meant.update(close)
            yield error(
                path,
                "PC018",
                f'"{rating.item}" is not an item of {review.person}\'s contract{hint}',
                (*where, "item"),
            )
            continue
        if rated.index(rating.item) != i:
            yield error(
                path,
                "PC038",
                f'the item "{rating.item}" is rated twice in this review',
                (*where, "item"),
            )
        if rating.rating is not None and not policy.scale_min <= rating.rating <= policy.scale_max:
            yield error(
                path,
                "PC014",
                f"the rating {_fmt(rating.rating)} is outside the scale "
                f"{_fmt(policy.scale_min)}–{_fmt(policy.scale_max)}",
                (*where, "rating"),
            )
        if rating.actual is not None and item.target is None:
            yield error(
                path,
                "PC036",
                f'"{item.id}" has no target in the contract, so give it a rating, not an actual',
                (*where, "actual"),
            )
        if rating.actual is not None and item.target is not None and not policy.achievement:
            yield error(
                path,
                "PC033",
                "the policy has no achievement thresholds to turn an actual into a rating",
                (*where, "actual"),
            )
    if not review.aggregated:
        missing = [item_id for item_id in unrated if item_id not in meant]
        if missing:
            yield error(
                path,
                "PC037",
                f"this review does not rate {_quoted(missing)}; rate every item of the contract",
                ("ratings",),
                key=True,
            )


def _check_checkins(
    checkins: m.Checkins, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = checkins.path
    yield from _person_known(path, checkins.person, repo)
    contract = cycle.contracts.get(checkins.person)
    for i, entry in enumerate(checkins.entries):
        yield from _in_period(path, entry.date, policy, ("entries", i, "date"), "the check-in")
        if entry.by is not None and not repo.person_exists(entry.by):
            yield error(path, "PC015", f'"{entry.by}" is not in people/', ("entries", i, "by"))
        for p, progress in enumerate(entry.progress):
            if contract is not None and contract.item(progress.item) is None:
                yield error(
                    path,
                    "PC018",
                    f'"{progress.item}" is not an item of {checkins.person}\'s contract',
                    ("entries", i, "progress", p, "item"),
                )


def _check_adjustments(
    adjustments: m.Adjustments, policy: m.Policy, repo: m.Repository
) -> Iterator[Problem]:
    path = adjustments.path
    yield from _person_known(path, adjustments.person, repo)
    for i, entry in enumerate(adjustments.entries):
        yield from _in_period(path, entry.date, policy, ("entries", i, "date"), "the date")
        if entry.by is not None and not repo.person_exists(entry.by):
            yield error(path, "PC015", f'"{entry.by}" is not in people/', ("entries", i, "by"))
        cap = policy.commendation_max if entry.kind == "commendation" else policy.penalty_max
        if cap is not None and entry.points > cap:
            yield warning(
                path,
                "PC044",
                f"{_fmt(entry.points)} points is more than the policy's "
                f"cap of {_fmt(cap)} for a {entry.kind}; only {_fmt(cap)} count",
                ("entries", i, "points"),
            )


def _check_calibration(
    calibration: m.Calibration, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = calibration.path
    for i, member in enumerate(calibration.members):
        if not repo.person_exists(member):
            yield error(path, "PC015", f'"{member}" is not in people/', ("meeting", "members", i))
    seen: set[str] = set()
    for i, decision in enumerate(calibration.decisions):
        where: tuple[str | int, ...] = ("decisions", i)
        if not repo.person_exists(decision.person):
            yield error(path, "PC015", f'"{decision.person}" is not in people/', (*where, "person"))
        elif decision.person not in cycle.contracts and not _contract_broken(
            cycle.id, decision.person, repo
        ):
            yield error(
                path,
                "PC030",
                f"{decision.person} has no contract in this cycle",
                (*where, "person"),
            )
        if decision.person in seen:
            yield error(
                path,
                "PC027",
                f"{decision.person} has two calibration decisions",
                (*where, "person"),
            )
        seen.add(decision.person)
        if policy.grade(decision.grade) is None:
            yield error(
                path,
                "PC031",
                f'the grade "{decision.grade}" is not defined by the policy '
                f"(grades: {_grade_ids(policy)})",
                (*where, "grade"),
            )


def _check_interview(
    interview: m.Interview, policy: m.Policy, repo: m.Repository
) -> Iterator[Problem]:
    path = interview.path
    yield from _person_known(path, interview.person, repo)
    if not repo.person_exists(interview.interviewer):
        yield error(
            path,
            "PC015",
            f'the interviewer "{interview.interviewer}" is not in people/',
            ("interviewer",),
        )
    if interview.final_grade is not None and policy.grade(interview.final_grade) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{interview.final_grade}" is not defined by the policy '
            f"(grades: {_grade_ids(policy)})",
            ("final_grade",),
        )
    if interview.date < policy.period_start:
        yield error(
            path,
            "PC022",
            f"the interview ({interview.date}) is before the cycle starts ({policy.period_start})",
            ("date",),
        )


def _check_plan(plan: m.Plan, repo: m.Repository) -> Iterator[Problem]:
    path = plan.path
    yield from _person_known(path, plan.person, repo)
    if plan.end < plan.start:
        yield error(
            path,
            "PC022",
            f"the plan ends ({plan.end}) before it starts ({plan.start})",
            ("period", "end"),
        )
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    for i, support in enumerate(plan.support):
        if repo.org is not None and support.department not in departments:
            yield error(
                path,
                "PC016",
                f'the department "{support.department}" does not exist',
                ("responsibilities", "support", i, "department"),
            )
    for i, checkin in enumerate(plan.checkins):
        if checkin.date < plan.start:
            yield error(
                path,
                "PC022",
                f"the check-in ({checkin.date}) is before the plan starts ({plan.start})",
                ("checkins", i, "date"),
            )


def _check_appeal(appeal: m.Appeal, policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = appeal.path
    yield from _person_known(path, appeal.person, repo)
    if appeal.grade_received is not None and policy.grade(appeal.grade_received) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{appeal.grade_received}" is not defined by the policy '
            f"(grades: {_grade_ids(policy)})",
            ("grade_received",),
        )
    answer = appeal.answer
    if answer is None:
        return
    if not repo.person_exists(answer.by):
        yield error(path, "PC015", f'"{answer.by}" is not in people/', ("answer", "by"))
    if answer.date < appeal.filed:
        yield error(
            path,
            "PC022",
            f"the answer ({answer.date}) is dated before the appeal was filed ({appeal.filed})",
            ("answer", "date"),
        )
    if answer.new_grade is not None and policy.grade(answer.new_grade) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{answer.new_grade}" is not defined by the policy '
            f"(grades: {_grade_ids(policy)})",
            ("answer", "new_grade"),
        )
