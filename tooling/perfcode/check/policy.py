"""The policy (cycle.yaml): period, phases, scale, achievement, raters, templates, bands,
distribution, outcomes, and the inputs scoring relies on.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcode import layout
from perfcode import model as m
from perfcode.check.common import HUNDRED, duplicates, fmt, grade_ids, period_bounds
from perfcode.problems import Problem, error


def check_policy(policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = policy.path
    yield from _check_period(policy, repo)
    yield from _check_phases(policy)
    if policy.scale_min >= policy.scale_max:
        yield error(
            path,
            "PC014",
            f"the scale's min ({fmt(policy.scale_min)}) must be below "
            f"its max ({fmt(policy.scale_max)})",
            ("scale", "min"),
        )
    for i, level in enumerate(policy.levels):
        if not policy.scale_min <= level.value <= policy.scale_max:
            yield error(
                path,
                "PC014",
                f"the level {fmt(level.value)} is outside the scale "
                f"{fmt(policy.scale_min)}–{fmt(policy.scale_max)}",
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
    for dup in duplicates(ids):
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
                f"the threshold's rating {fmt(threshold.rating)} is outside the scale",
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
                f"{fmt(lower.percent)}% comes after {fmt(upper.percent)}%",
                ("achievement", i),
            )
        elif lower.rating > upper.rating and not outside & {i - 1, i}:
            yield error(
                path,
                "PC033",
                f"a lower achievement ({fmt(lower.percent)}%) earns a "
                f"higher rating ({fmt(lower.rating)}) than {fmt(upper.percent)}% "
                f"({fmt(upper.rating)})",
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
    for dup in duplicates(ids):
        yield error(path, "PC027", f'the template id "{dup}" is used twice', ("templates",))
    for t, template in enumerate(policy.templates):
        total = sum((s.weight for s in template.sections), Decimal(0))
        if total != HUNDRED and template.needs_reviews:  # a pure roll-up has no sections
            yield error(
                path,
                "PC013",
                f'section weights in template "{template.id}" add up to {fmt(total)}, not 100',
                ("templates", t, "sections"),
                key=True,
            )
        for dup in duplicates(s.id for s in template.sections):
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
                    f"to {fmt(rollup_total)}, not 100",
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
    for dup in duplicates(ids):
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
                f"grade {grade.id}: below ({fmt(grade.below)}) must be "
                f"above min ({fmt(grade.min)})",
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
                f"grade {grade.id} needs below: {fmt(higher.min)} (where grade {higher.id} starts)",
                ("grades", i),
            )
        elif grade.below > higher.min:
            yield error(
                path,
                "PC025",
                f"grades {grade.id} and {higher.id} overlap: {grade.id} "
                f"runs up to {fmt(grade.below)} but {higher.id} starts at "
                f"{fmt(higher.min)}; set below: {fmt(higher.min)} on {grade.id}",
                ("grades", i, "below"),
            )
        elif grade.below < higher.min:
            yield error(
                path,
                "PC025",
                f"a gap between grades {grade.id} and {higher.id}: scores "
                f"from {fmt(grade.below)} to below {fmt(higher.min)} get no grade; "
                f"set below: {fmt(higher.min)} on {grade.id}",
                ("grades", i, "below"),
            )
    if order and policy.grades[order[-1]].min > 0:
        lowest = policy.grades[order[-1]]
        yield error(
            path,
            "PC025",
            f"the lowest grade {lowest.id} starts at {fmt(lowest.min)}; "
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
        listed = " + ".join(fmt(q.percent) for q in distribution.quotas)
        yield error(
            path,
            "PC024",
            f"distribution quotas add up to {fmt(total)}% ({listed}), not 100%",
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
    for dup in duplicates(q.grade for q in distribution.quotas):
        yield error(path, "PC027", f'grade "{dup}" has two quotas', ("distribution", "quotas"))


def _check_outcomes(policy: m.Policy) -> Iterator[Problem]:
    path = policy.path
    grades = {g.id for g in policy.grades}
    for dup in duplicates(o.id for o in policy.outcomes):
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
                        f"which the policy does not define (grades: {grade_ids(policy)})",
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
    own = layout.cycle_key(policy.cycle)
    if policy.previous is not None and policy.previous in repo.cycles:
        if layout.cycle_key(policy.previous) >= own:
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
                if layout.cycle_key(sub) >= own or not first <= sub_first <= sub_last <= last:
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
