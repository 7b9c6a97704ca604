"""New documents from the policy and the registry (`perfcode new`), so nobody starts blank.

Pure: the repository (and, where a grade matters, the cycle's results) in, a `Scaffold`
(repository-relative path and text) out; the CLI refuses to overwrite and writes. Every
scaffold validates as written: where a value must be chosen by a person (a rating, a
reason), it holds a clearly marked placeholder, and header comments say what to do.
A review scaffold is a draft (no `submitted:` date, `Review.draft`): scoring does not count
it and `perfcode status` keeps listing it as owed until its rater dates it.

The confidential words a scaffold writes (the placeholders of a plan's actions, an
interview's notes, an appeal's reason: what the cycle's policy keeps `confidential:`) are
sealed to their readers (`seal.document.seal_text`, the repository naming them on the day
written) when any of them has a key in people/; when none has, they are written plain under
a header line saying `perfcode edit` encrypts them (`Scaffold.plain`), and the command says so.
"""

from __future__ import annotations

import calendar
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

from perfcode import i18n, layout
from perfcode import model as m
from perfcode.errors import PerfcodeError
from perfcode.io import yaml as yamlio
from perfcode.layout import YEARS
from perfcode.score import CycleResult
from perfcode.score import adjustments as score_adjustments
from perfcode.workflow import owed, workdays

KINDS = ("contract", "review", "plan", "interview", "appeal", "cycle")
#: an improvement plan runs one quarter unless edited (seed 004's example)
PLAN_DAYS = 90
TODO = m.PLACEHOLDERS  # the placeholder validate and status recognise


@dataclass(frozen=True, slots=True)
class Scaffold:
    path: str
    text: str
    #: the confidential fields written plain: none of their readers has a key yet
    plain: tuple[str, ...] = ()
    #: readers of the words sealed here who have no key (they cannot read them yet)
    keyless: tuple[str, ...] = ()


def _listed(names: tuple[str, ...], language: str) -> str:
    return i18n.Labels(language).say("list").join(names)


def sealed(repo: m.Repository, policy: m.Policy, made: Scaffold, today: date) -> Scaffold:
    """MADE with its confidential words sealed to their readers (REPO names them on
    TODAY); those none of whose readers has a key stay plain, under a header line that
    says so (`perfcode edit` seals them once a reader has a key)."""
    from perfcode.seal import document

    record = document.Record.parse(made.path, made.text)
    if record is None:
        return made
    sealing = document.seal_text(made.text, record, policy, repo, today.isoformat())
    text = sealing.text
    plain = tuple(
        dict.fromkeys(
            ".".join(str(p) for p in pointer if not isinstance(p, int))
            for pointer in sealing.unsealable
        )
    )
    if plain:
        note = _comments(
            _say("plain_words", policy.language, fields=_listed(plain, policy.language))
        )
        lines = text.splitlines(keepends=True)
        # after the modeline and the header comments, just above the document's values
        at = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        text = "".join(lines[:at]) + note + "".join(lines[at:])
    keyless = sealing.keyless if sealing.sealed else ()
    return Scaffold(made.path, text, plain, keyless)


# --- YAML out -----------------------------------------------------------------------------


def _dump(data: Mapping[str, Any]) -> str:
    return yamlio.dump(dict(data))


def _wrapped(*paragraphs: str) -> list[str]:
    """Paragraphs as comment lines of at most 88 characters."""
    return [line for text in paragraphs for line in textwrap.wrap(text, 86, break_long_words=False)]


def _comments(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def _say(key: str, language: str, *, wrap: bool = True, **values: object) -> list[str]:
    """The comment lines of sentence KEY (i18n.SCAFFOLD) in LANGUAGE: as broken where it
    breaks its lines (and in Chinese, or without WRAP), else wrapped."""
    template = i18n.Labels(language).scaffold(key)
    text = template.format(**values) if values else template
    if "\n" in template or language == "zh" or not wrap:
        return text.split("\n")
    return _wrapped(text)


def _phrase(key: str, language: str, **values: object) -> str:
    """A part of a sentence (i18n.SCAFFOLD), in LANGUAGE."""
    return i18n.Labels(language).scaffold(key, **values)


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


def _describe(repo: m.Repository, person_id: str | None, language: str = "en") -> str:
    if person_id is None:
        return _phrase("nobody", language)
    person = repo.people.get(person_id)
    if person is None:
        return person_id
    return _phrase("person_named", language, name=person.name, id=person_id)


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
    language = policy.language
    header = [
        *_say(
            "contract",
            language,
            name=person.name,
            id=person_id,
            title=person.title,
            cycle=cycle_id,
            start=policy.period_start,
            end=policy.period_end,
            department=person.department,
            group=person.group,
            manager=_describe(repo, person.manager, language),
        ),
        *(
            _say(
                "contract_template_carried",
                language,
                wrap=False,
                id=template.id,
                name=template.name,
                cycle=carried.cycle,
            )
            if carried
            else _say("contract_template", language, wrap=False, id=template.id, name=template.name)
        ),
        *_say("contract_weights", language),
        *_goal_lines(cycle, person, language),
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


def _goal_lines(cycle: m.Cycle, person: m.Person, language: str) -> list[str]:
    if cycle.goals is None:
        return []
    mine = [g for g in cycle.goals.goals if g.department == person.department]
    if not mine:
        return []
    return ["", *_say("contract_goals", language)] + [f"  {g.id}: {g.title}" for g in mine]


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
    if not policy.reviews_needed(agreed.template):  # a pure roll-up: Template.needs_reviews
        raise PerfcodeError(
            f'{person_id} is not reviewed in {cycle_id}: the template "{agreed.template}" '
            "rolls up sub-cycles or check scores only and needs no review of its own"
        )
    middle = _middle(policy)
    language = policy.language
    words = i18n.Labels(language)
    scale = words.say("list").join(f"{_num(level.value)} {level.label}" for level in policy.levels)
    by = (
        _phrase("review_office", language)
        if rater == m.AGGREGATED
        else _describe(repo, rater, language)
    )
    # English names the role by its id ("manager review"), Chinese by the review it gives
    named = role if language == "en" else words.role(role)
    header = _say(
        "review",
        language,
        wrap=False,
        role=named,
        name=person.name,
        id=person_id,
        rater=by,
        cycle=cycle_id,
    )
    data: dict[str, object] = {}
    if rater == m.AGGREGATED:
        at_least = _phrase("review_at_least", language, n=minimum) if minimum is not None else ""
        raters = role if language == "en" else words.rater(role)
        header += _say("review_aggregated", language, role=raters, at_least=at_least)
        data["raters"] = minimum or 1
    header += [
        *_say("review_ratings", language, middle=_num(middle), scale=scale),
        "",
        *_say("review_items", language),
        *(
            f"  {i.id}: {i.title}"
            + (
                _phrase(
                    "review_target",
                    language,
                    value=f"{_num(i.target.value)}{i.target.unit or ''}",
                )
                if i.target
                else ""
            )
            for i in agreed.items
        ),
    ]
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
    language = policy.language
    header = _say(
        "plan",
        language,
        name=person.name,
        id=person_id,
        cycle=cycle_id,
        grade=_phrase("plan_grade", language, grade=grade) if grade else "",
        manager=_describe(repo, person.manager, language),
    )
    text = layout.modeline("plan", 3) + _comments(header) + _dump(data)
    return sealed(repo, policy, Scaffold(f"cycles/{cycle_id}/plans/{person_id}.yaml", text), today)


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
    header = _say(
        "interview",
        policy.language,
        name=person.name,
        id=person_id,
        manager=_describe(repo, person.manager, policy.language),
        cycle=cycle_id,
        grade=grade,
    )
    text = layout.modeline("interview", 3) + _comments(header) + _dump(data)
    made = Scaffold(f"cycles/{cycle_id}/interviews/{person_id}.yaml", text)
    return sealed(repo, policy, made, today)


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
    language = policy.language
    owners = ", ".join(repo.org.policy_owners) if repo.org else _phrase("appeal_hr", language)
    header = _say(
        "appeal",
        language,
        name=person.name,
        id=person_id,
        cycle=cycle_id,
        owners=owners,
        within=_phrase("appeal_within", language, days=days) if days else "",
    )
    text = layout.modeline("appeal", 3) + _comments(header) + _dump(data)
    return sealed(
        repo, policy, Scaffold(f"cycles/{cycle_id}/appeals/{person_id}.yaml", text), today
    )


# --- a new cycle: its policy (from the previous cycle's or a built-in template) and goals --

#: the built-in policy templates, the seeds' schemes, each a complete cycle.yaml in both
#: languages (scaffold/policies/<language>/<id>.yaml, package data): the performance
#: contract 60/20/20 (seed 000), customer service 德勤能绩 20/20/30/30 with the 20/30/50
#: roll-up of checks and the year-end review (seed 002), the business department
#: 40/30/20/10, monthly (seed 003)
POLICY_TEMPLATES = ("contract", "service", "business")

_ZH_QUARTERS = "一二三四"
_EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)


def cycle_title(cycle_id: str, language: str) -> str:
    """The title a cycle id gives a cycle, in the policy's language: 2027-H1 →
    "2027年上半年绩效考核" / "2027 H1 performance review"."""
    cycle = layout.parse_cycle(cycle_id)
    if cycle is None:
        raise ValueError(f"{cycle_id!r} is not a cycle id")  # callers pass checked ids
    year, first = cycle.year, cycle.first_month
    half, quarter = (first + 5) // 6, (first + 2) // 3
    if language == "zh":
        period = {
            12: f"{year}年度",
            6: f"{year}年{'上下'[half - 1]}半年",
            3: f"{year}年第{_ZH_QUARTERS[quarter - 1]}季度",
            1: f"{year}年{first}月",
        }[cycle.months]
        return f"{period}绩效考核"
    period = {
        12: f"{year}",
        6: f"{year} H{half}",
        3: f"{year} Q{quarter}",
        1: f"{_EN_MONTHS[first - 1]} {year}",
    }[cycle.months]
    return f"{period} performance review"


def policy_template(template_id: str, language: str) -> str:
    """The text of a built-in policy template in LANGUAGE (zh or en)."""
    if template_id not in POLICY_TEMPLATES:
        raise PerfcodeError(
            f'there is no built-in policy template "{template_id}" '
            f"(templates: {policy_templates_listed()})"
        )
    folder = resources.files("perfcode.scaffold") / "policies" / language
    return (folder / f"{template_id}.yaml").read_text(encoding="utf-8")


def policy_templates_listed() -> str:
    """Each built-in template's id and its names in Chinese and English, for a message."""
    named = []
    for template_id in POLICY_TEMPLATES:
        names = [_template_name(policy_template(template_id, lang)) for lang in ("zh", "en")]
        named.append(f"{template_id} ({' · '.join(names)})")
    return ", ".join(named)


def _template_name(text: str) -> str:
    tree = yamlio.parse(text)
    return str(tree["templates"][0]["name"])


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


def previous_cycle(repo: m.Repository, cycle_id: str) -> str | None:
    """What a new cycle copies when no source is named, and its `previous:`: the latest
    cycle with a policy of the same kind (a month for a month, a quarter for a quarter)
    that ends before CYCLE_ID starts, else the latest of any kind that does (2026-04 after
    2026-03 and 2026-Q1: 2026-03; 2026-08 after 2026-H1 and 2026-H2: 2026-H1)."""
    start, _end = period_of(cycle_id)
    months = _kind(cycle_id)
    ended = [
        other
        for other in repo.cycle_ids()
        if repo.cycles[other].policy is not None and layout.cycle_bounds(other)[1] < start
    ]
    alike = [other for other in ended if _kind(other) == months]
    chosen = alike or ended
    return chosen[-1] if chosen else None


def _kind(cycle_id: str) -> int:
    """How many months a (checked) cycle id spans: 12, 6, 3 or 1."""
    parsed = layout.parse_cycle(cycle_id)
    if parsed is None:
        raise ValueError(f"{cycle_id!r} is not a cycle id")  # callers pass checked ids
    return parsed.months


def _months(start: date, end: date) -> int:
    """How many calendar months START to END touch (2026-07-01 to 2026-12-31: 6)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def shift_months(day: date, months: int) -> date | None:
    """The same day `months` later, kept inside the month (31 Dec + 6 months = 30 Jun);
    None past the calendar's end (year 9999)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def move_day(day: date, old: tuple[date, date], new: tuple[date, date]) -> date | None:
    """A date of the old period's timetable, in the new period's: moved by whole months
    when both periods are as long, else fitted to the new period (a day inside the period
    keeps its share of the way through it; a day after the period, its distance from the
    period's end). None past the calendar's end."""
    (old_start, old_end), (new_start, new_end) = old, new
    if _months(old_start, old_end) == _months(new_start, new_end):
        return shift_months(day, _months(old_start, new_start) - 1)
    try:
        if day > old_end:
            return new_end + (day - old_end)
        if day < old_start:
            return new_start - (old_start - day)
        span, offset = (old_end - old_start).days, (day - old_start).days
        return new_start + timedelta(
            days=(2 * offset * (new_end - new_start).days + span) // (2 * span)
        )
    except OverflowError:
        return None


def _iso(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Source:
    """What a new policy starts from, as written: its tree and its dates, checked."""

    name: str  # for messages: "2026-H2" or "the template contract"
    tree: dict[str, Any]
    period: tuple[date, date]
    phases: tuple[tuple[str, date, date | None], ...]
    days: workdays.Calendar  # its own calendar, for which phases followed which


def _source(text: str, name: str, path: str) -> _Source:
    broken = PerfcodeError(f"{path} has problems: run perfcode validate")
    try:
        tree = yamlio.parse(text)
    except yamlio.YamlError:
        raise broken from None
    if not isinstance(tree, dict) or not isinstance(tree.get("period"), dict):
        raise broken
    start, end = _iso(tree["period"].get("start")), _iso(tree["period"].get("end"))
    phases: list[tuple[str, date, date | None]] = []
    for phase in tree.get("phases") or []:
        if not isinstance(phase, dict) or not isinstance(phase.get("id"), str):
            raise broken
        first, last = _iso(phase.get("start")), _iso(phase.get("end"))
        if first is None or (last is None and "end" in phase):
            raise broken
        phases.append((phase["id"], first, last))
    if start is None or end is None or end < start:
        raise broken
    kept = tree["calendar"] if isinstance(tree.get("calendar"), dict) else {}
    days = _calendar(kept, date.min)
    return _Source(name, tree, (start, end), tuple(phases), days)


def _calendar(value: Mapping[str, Any], since: date) -> workdays.Calendar:
    return workdays.Calendar(
        frozenset(date.fromisoformat(d) for d in _calendar_dates(value.get("holidays"), since)),
        frozenset(date.fromisoformat(d) for d in _calendar_dates(value.get("workdays"), since)),
    )


def _calendar_dates(value: object, since: date) -> list[str]:
    """A previous policy's holidays or extra working days from SINCE on (dates are
    facts: those that fall in the new cycle's time still hold)."""
    days = [_iso(d) for d in value] if isinstance(value, list) else []
    return [d.isoformat() for d in days if d is not None and d >= since]


#: a phase that starts at most this many days after another ended followed it directly
#: (a long weekend between them, with a holiday its calendar may not list)
_BETWEEN = 3


def _follows(end: date, start: date, days: workdays.Calendar) -> bool:
    """Whether a phase starting on START followed directly one that ended on END: no
    working day between them, or no more than a long weekend."""
    if start <= end:
        return False
    between = [end + timedelta(days=n) for n in range(1, (start - end).days)]
    return len(between) <= _BETWEEN or not any(days.is_working_day(d) for d in between)


def _timetable(
    source: _Source, period: tuple[date, date], days: workdays.Calendar, cycle_id: str
) -> list[dict[str, str]]:
    """The source's phases in the new period, on working days, with no working day left
    out that the source had in a phase. The first phase starts on the period's first
    working day; every other start moves forward to a working day. A phase that the next
    followed directly (`_follows`) ends on the working day before that one starts, and one
    that overlapped the next (results, interviews and appeals start together) ends no
    earlier; any other end moves as the day after it does, less a day, back to a working
    day. No phase ends before it starts."""
    starts: list[date] = []
    ends: list[date | None] = []
    for n, (phase_id, start, end) in enumerate(source.phases):
        day = period[0] if n == 0 else move_day(start, source.period, period)
        first = _in_years(_on_working_day(day, days, forward=True), cycle_id, source, phase_id)
        last: date | None = None
        if end is not None:
            after = move_day(end + timedelta(days=1), source.period, period)
            day = after - timedelta(days=1) if after is not None else None
            day = _on_working_day(day, days, forward=False)
            last = max(first, _in_years(day, cycle_id, source, phase_id, "end"))
        starts.append(first)
        ends.append(last)
    settled: set[int] = set()
    for n, (_phase, start, _end) in enumerate(source.phases):
        before = _on_working_day(starts[n] - timedelta(days=1), days, forward=False)
        for k, (_other, other_start, other_end) in enumerate(source.phases[:n]):
            last = ends[k]
            if other_end is None or last is None or before is None:
                continue
            if k not in settled and _follows(other_end, start, source.days):
                ends[k] = max(starts[k], before)
                settled.add(k)
            elif other_start <= start <= other_end:
                ends[k] = max(last, before)
    out: list[dict[str, str]] = []
    for (phase_id, _start, _end), first, last in zip(source.phases, starts, ends, strict=True):
        moved = {"id": phase_id, "start": first.isoformat()}
        if last is not None:
            moved["end"] = last.isoformat()
        out.append(moved)
    return out


def _on_working_day(day: date | None, days: workdays.Calendar, *, forward: bool) -> date | None:
    if day is None:
        return None
    try:
        if forward:
            return workdays.working_day_on_or_after(day, days)
        return workdays.working_day_on_or_before(day, days)
    except OverflowError:
        return None


def _in_years(
    day: date | None, cycle_id: str, source: _Source, phase: str, which: str = "start"
) -> date:
    if day is not None and day.year in YEARS:
        return day
    year = f"the year {day.year}" if day is not None else "a year past 9999"
    raise PerfcodeError(
        f'cycle {cycle_id} cannot be started from {source.name}: its phase "{phase}" would '
        f"{which} in {year}, outside the years perfcode holds records for "
        f"({YEARS.start} to {YEARS.stop - 1}); write cycles/{cycle_id}/cycle.yaml by hand"
    )


def new_cycle(
    repo: m.Repository,
    cycle_id: str,
    policy_text: str,
    *,
    previous: str | None = None,
    template: str | None = None,
) -> tuple[Scaffold, Scaffold]:
    """cycles/<cycle_id>/cycle.yaml and goals.yaml: the policy of the PREVIOUS cycle or of
    a built-in TEMPLATE (POLICY_TEXT, as written), its title from the cycle id and its
    phases moved to the new period's working days; the goals to set for the period."""
    if (previous is None) == (template is None):
        raise ValueError("a new cycle starts from a previous cycle or from a template")
    if cycle_id in repo.cycles:
        raise PerfcodeError(f"cycle {cycle_id} exists already (cycles/{cycle_id}/)")
    period = period_of(cycle_id)
    if previous is not None:
        _policy(repo, previous)
        source = _source(policy_text, previous, f"cycles/{previous}/cycle.yaml")
        if source.period[1] >= period[0]:
            raise PerfcodeError(
                f"cycle {cycle_id} ({period[0]} to {period[1]}) cannot start from {previous} "
                f"({source.period[0]} to {source.period[1]}): a new cycle starts from one "
                f"that ended before {period[0]}"
            )
    else:
        source = _source(policy_text, f"the template {template}", f"the template {template}")
    earlier = previous or previous_cycle(repo, cycle_id)
    tree = source.tree
    language = "en" if tree.get("language") == "en" else "zh"
    kept = tree["calendar"] if isinstance(tree.get("calendar"), dict) else {}
    holidays = _calendar_dates(kept.get("holidays"), period[0])
    extra = _calendar_dates(kept.get("workdays"), period[0])
    days = _calendar(kept, period[0])
    data: dict[str, Any] = {}
    for key, value in tree.items():
        if key == "title":
            data[key] = cycle_title(cycle_id, language)
        elif key == "period":
            data[key] = {"start": period[0].isoformat(), "end": period[1].isoformat()}
            if earlier is not None:
                data["previous"] = earlier
        elif key == "previous":
            continue
        elif key == "phases":
            data[key] = _timetable(source, period, days, cycle_id)
        elif key == "templates":
            data[key] = _templates(repo, value, source, cycle_id)
        elif key == "calendar":
            if holidays or extra:
                data[key] = {
                    **({"holidays": holidays} if holidays else {}),
                    **({"workdays": extra} if extra else {}),
                }
        else:
            data[key] = value
    if earlier is not None and "previous" not in data:
        data["previous"] = earlier
    months = _months(source.period[0], period[0]) - 1
    if _months(*source.period) != _months(*period):
        moved = _phrase("cycle_fitted", language)
    elif template is None:
        moved = _phrase("cycle_moved", language, n=months)
    else:
        moved = _phrase("cycle_moved_in", language)
    origin = (
        _phrase("cycle_template", language, template=template, name=_template_name(policy_text))
        if template is not None
        else _phrase("cycle_previous", language, cycle=previous)
    )
    calendar_kept = (
        _phrase("cycle_kept", language, cycle=previous, day=period[0].isoformat())
        if holidays or extra
        else ""
    )
    header = [
        *_say("cycle", language, origin=origin, moved=moved),
        *_say("cycle_check", language, kept=calendar_kept),
    ]
    text = layout.modeline("cycle", 2) + _comments(header) + _dump(data)
    if "confidential" not in data:
        text += confidential_defaults(language)
    policy = Scaffold(f"cycles/{cycle_id}/cycle.yaml", text)
    return policy, new_goals(repo, cycle_id, earlier, language)


def confidential_defaults(language: str) -> str:
    """The policy's `confidential:` block as comments (what a policy without it means: every
    field of model.words.ALL, one manager up), after a paragraph saying what it does."""
    from perfcode.model import words

    block = _dump({"confidential": {"managers": words.DEFAULT_MANAGERS, "fields": list(words.ALL)}})
    return "\n" + _comments(_say("confidential", language)) + _comments(block.splitlines())


def _templates(repo: m.Repository, value: object, source: _Source, cycle_id: str) -> object:
    """The source's contract templates, each roll-up of sub-cycles (`source: cycles`)
    naming the new period's own (`_sub_cycles`)."""
    if not isinstance(value, list):
        return value
    out: list[object] = []
    for template in value:
        rollup = template.get("rollup") if isinstance(template, dict) else None
        if not isinstance(rollup, list):
            out.append(template)
            continue
        components: list[object] = []
        for component in rollup:
            if isinstance(component, dict) and component.get("source") == "cycles":
                named = component.get("cycles")
                subs = _sub_cycles(named, source, cycle_id, str(template.get("id")))
                component = {**component, "cycles": subs}
            components.append(component)
        out.append({**template, "rollup": components})
    made = [
        sub
        for template in out
        if isinstance(template, dict)
        for component in template.get("rollup") or []
        if isinstance(component, dict) and component.get("source") == "cycles"
        for sub in component["cycles"]
    ]
    missing = [sub for sub in dict.fromkeys(made) if sub not in repo.cycles]
    if missing:
        raise PerfcodeError(
            f"cycle {cycle_id} rolls up {', '.join(dict.fromkeys(made))}, as {source.name} "
            f"rolled up its own: start {', '.join(missing)} first "
            f"(perfcode new cycle {missing[0]})"
        )
    return out


def _sub_cycles(named: object, source: _Source, cycle_id: str, template: str) -> list[str]:
    """The new period's sub-cycles for a roll-up that named NAMED in the source's: each
    moved by as many months as the period (2026-Q1's 2026-01..03 → 2026-Q2's 2026-04..06),
    or, when the periods differ in length and NAMED were all the source period's cycles of
    one kind, all the new period's of that kind (2026-Q1's months → 2026-H2's six)."""
    new = layout.parse_cycle(cycle_id)
    listed: list[object] = named if isinstance(named, list) else []
    subs = [layout.parse_cycle(n) if isinstance(n, str) else None for n in listed]
    old_first, old_count = _month_number(source.period[0]), _months(*source.period)
    cannot = PerfcodeError(
        f'cycle {cycle_id} cannot be started from {source.name}: the template "{template}" '
        f"rolls up {', '.join(map(str, listed)) or named}, "
        f"and which cycles of {cycle_id} it should roll up instead is not clear; write "
        f"cycles/{cycle_id}/cycle.yaml by hand"
    )
    found = [s for s in subs if s is not None]
    if new is None or not found or len(found) != len(listed):
        raise cannot
    kinds = {s.months for s in found}
    kind = kinds.pop()
    new_first = new.year * 12 + new.first_month - 1
    numbers = [s.year * 12 + s.first_month - 1 for s in found]
    if kinds or kind >= new.months or new.months % kind:
        raise cannot
    if any(not old_first <= n <= n + kind - 1 < old_first + old_count for n in numbers):
        raise cannot
    if old_count == new.months:
        wanted = [n - old_first + new_first for n in numbers]
    elif sorted(numbers) == list(range(old_first, old_first + old_count, kind)):
        wanted = list(range(new_first, new_first + new.months, kind))
    else:
        raise cannot
    ids = [_cycle_id(n, kind) for n in wanted]
    parsed = [layout.parse_cycle(i) for i in ids]
    if any(
        p is None or _month_number(p.first_day) != n for p, n in zip(parsed, wanted, strict=True)
    ):
        raise cannot  # not a cycle of its kind (a quarter from February), or past 9999
    return ids


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _cycle_id(number: int, months: int) -> str:
    """The id of the cycle of MONTHS months from month NUMBER (year × 12 + month − 1)."""
    year, month = divmod(number, 12)
    part = {12: "", 6: f"-H{month // 6 + 1}", 3: f"-Q{month // 3 + 1}", 1: f"-{month + 1:02}"}
    return f"{year:04}{part[months]}"


def new_goals(
    repo: m.Repository,
    cycle_id: str,
    previous: str | None,
    language: str,
    *,
    command: str = "new cycle",
) -> Scaffold:
    """cycles/<cycle_id>/goals.yaml: the previous cycle's goal cascade (ids, measures, what
    each supports) with every title to be written anew (a goal's title states this period's
    target), or, without one, one company goal and one goal per department to write.
    COMMAND is the `perfcode` command its header says started it."""
    todo = TODO.get(language, TODO["en"])
    departments = [d.id for d in repo.org.departments] if repo.org is not None else []
    before = repo.cycles[previous].goals if previous is not None else None
    if before is not None:
        kept = [
            g
            for g in before.goals
            if g.department is None or repo.org is None or g.department in departments
        ]
        ids = {g.id for g in kept}
        header = [
            *_say(
                "goals_from",
                language,
                cycle=cycle_id,
                previous=previous,
                command=command,
                todo=todo,
            ),
            *(f"  {g.id}: {g.title}" for g in kept),
        ]
    else:
        used: set[str] = set()
        company = _fresh("co-1", used)
        kept = [m.Goal(company, todo, None, (), None)]
        for n, department in enumerate(departments, 1):
            wanted = f"{department}-1" if len(department) <= 38 else f"d{n}-1"
            kept.append(m.Goal(_fresh(wanted, used), todo, None, (company,), department))
        ids = used
        header = _say("goals_new", language, cycle=cycle_id, command=command, todo=todo)
    data: dict[str, Any] = {"company": [_goal(g, todo, ids) for g in kept if g.department is None]}
    by_department: dict[str, list[dict[str, Any]]] = {}
    for goal in kept:
        if goal.department is not None:
            by_department.setdefault(goal.department, []).append(_goal(goal, todo, ids))
    if by_department:
        data["departments"] = by_department
    text = layout.modeline("goals", 2) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/goals.yaml", text)


def _goal(goal: m.Goal, todo: str, ids: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": goal.id, "title": todo}
    if goal.measure:
        out["measure"] = goal.measure
    supports = [s for s in goal.supports if s in ids]
    if supports:
        out["supports"] = supports
    return out


def _fresh(wanted: str, used: set[str]) -> str:
    """WANTED, or WANTED with a number after it, not yet in USED (which it joins)."""
    found, n = wanted, 1
    while found in used:
        n += 1
        found = f"{wanted[:37]}-{n}"
    used.add(found)
    return found


# --- every missing contract at once (`new contract --all`) --------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """What `new contract --all` writes (each exactly what `contract` makes for one
    person) and the contracts it leaves alone because their file exists."""

    written: tuple[Scaffold, ...]
    skipped: tuple[str, ...]


def missing_contracts(
    repo: m.Repository,
    cycle_id: str,
    today: str,
    exists: Callable[[str], bool],
    among: frozenset[str] | None = None,
) -> Batch:
    """Every contract of CYCLE_ID that someone owes on TODAY (`owed.owes_contract`, as
    `perfcode status` lists them) and whose file does not exist (EXISTS, a
    repository-relative path), for the people AMONG (None: everyone), all from the one
    repository. Nothing is returned when any of them cannot be started: the error names
    each person and why."""
    _cycle, policy = _policy(repo, cycle_id)
    if not policy.templates:
        raise PerfcodeError(f"the policy of {cycle_id} defines no template")
    written: list[Scaffold] = []
    skipped: list[str] = []
    failed: list[str] = []
    for person_id, person in sorted(repo.people.items()):
        if among is not None and person_id not in among:
            continue
        if not owed.owes_contract(person, policy, today):
            continue
        path = owed.contract_path(cycle_id, person_id)
        if exists(path):
            skipped.append(path)
            continue
        try:
            written.append(contract(repo, cycle_id, person_id))
        except PerfcodeError as error:
            failed.append(f"{person_id}: {error.message}")
    if failed:
        raise PerfcodeError(
            f"{len(failed)} of the missing contracts of {cycle_id} cannot be started, so "
            "none was written:\n  " + "\n  ".join(failed)
        )
    return Batch(tuple(written), tuple(skipped))


# --- the words of the scaffolds below, in the language of their organisation or policy -----

#: sentence id → (English, Chinese); each a list of comment lines once formatted


def _example(data: object) -> list[str]:
    """DATA as YAML, each line to be shown in a comment (indented)."""
    return ["  " + line for line in _dump({"entries": [data]}).splitlines()]


def _org_language(repo: m.Repository) -> str:
    return repo.org.language if repo.org is not None else "en"


# --- person -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonFields:
    """What `new person` was told (None: not given)."""

    name: str | None = None
    department: str | None = None
    manager: str | None = None
    group: str | None = None
    title: str | None = None
    github: str | None = None
    email: str | None = None
    joined: str | None = None


def person(
    repo: m.Repository,
    person_id: str,
    given: PersonFields,
    today: date,
    schema_errors: Callable[[dict[str, Any]], list[str]],
) -> Scaffold:
    """people/<person_id>.yaml: what was given; the department of the manager (or the
    organisation's one department) and its one group when not; joined TODAY; the name and
    the title as placeholders to write (validate warns, PC102). A usage error for what would
    not validate: an id taken (in any case) or not allowed, a department, group or manager
    that does not exist, a GitHub login another person has, anything SCHEMA_ERRORS finds
    (the person schema's own sentences)."""
    if repo.org is None:
        raise PerfcodeError("there is no readable people/org.yaml: new person needs one")
    if (
        not re.fullmatch(layout.ID, person_id)
        or person_id in layout.RESERVED_IDS  # aggregated, org (people/org.yaml)
        or layout.device_name(person_id)  # validate's PC035: no Windows checkout could hold it
    ):
        raise PerfcodeError(
            f"{person_id!r} cannot be a person's id: lower-case letters, digits, - and _, "
            f"at most 40, not {', '.join(sorted(layout.RESERVED_IDS))} or a name Windows keeps "
            "for a device (con, prn, aux, nul, com1, lpt1, ...)"
        )
    taken = {layout.fold(other): other for other in repo.people}
    if layout.fold(person_id) in taken:
        raise PerfcodeError(
            f"there is a person {taken[layout.fold(person_id)]} already "
            f"(people/{taken[layout.fold(person_id)]}.yaml)"
        )
    departments = [d.id for d in repo.org.departments]
    groups = [g.id for g in repo.org.groups]
    manager = repo.people.get(given.manager) if given.manager is not None else None
    if given.manager is not None and manager is None:
        raise PerfcodeError(f'there is no person "{given.manager}" in people/ to be the manager')
    department = given.department or (manager.department if manager is not None else None)
    if department is None and len(departments) == 1:
        department = departments[0]
    if department is None or department not in departments:
        said = f'there is no department "{department}"' if department else "new person needs"
        raise PerfcodeError(
            f"{said} --department (departments in people/org.yaml: "
            f"{', '.join(departments) or 'none'})"
        )
    group = given.group or (groups[0] if len(groups) == 1 else None)
    if group is None or group not in groups:
        said = f'there is no group "{group}"' if group else "new person needs"
        raise PerfcodeError(
            f"{said} --group (groups in people/org.yaml: {', '.join(groups) or 'none'})"
        )
    if given.github is None:
        raise PerfcodeError(
            "new person needs --github LOGIN: the GitHub account whose approvals are this "
            "person's signatures (perfcode never guesses it)"
        )
    logins = {p.github.lower(): p.id for p in repo.people.values()}
    if given.github.lower() in logins:
        raise PerfcodeError(
            f'the GitHub login "{given.github}" is {logins[given.github.lower()]}\'s already'
        )
    language = _org_language(repo)
    todo = TODO.get(language, TODO["en"])
    joined = given.joined or today.isoformat()
    data: dict[str, Any] = {
        "name": given.name or todo,
        "github": given.github,
        **({"email": given.email} if given.email is not None else {}),
        "title": given.title or todo,
        "department": department,
        **({"manager": given.manager} if given.manager is not None else {}),
        "group": group,
        "joined": joined,
    }
    wrong = schema_errors(data)
    if wrong:
        raise PerfcodeError(f"people/{person_id}.yaml would not validate: {'; '.join(wrong)}")
    header = [
        *_say(
            "person",
            language,
            who=f"{given.name}({person_id})" if given.name else person_id,
            department=department,
            group=group,
            joined=joined,
        ),
        *(
            _say("person_todo", language, todo=todo)
            if todo in (data["name"], data["title"])
            else []
        ),
        *_say("codeowners", language),
    ]
    text = layout.modeline("person", 1) + _comments(header) + _dump(data)
    return Scaffold(f"people/{person_id}.yaml", text)


# --- goals, check-ins, adjustments, calibration of an existing cycle -----------------------


def goals(repo: m.Repository, cycle_id: str) -> Scaffold:
    """cycles/<cycle_id>/goals.yaml for a cycle that has none: as `new cycle` writes it
    (the cascade of the cycle's `previous:`, else of the cycle before it, else one company
    goal and one per department)."""
    cycle, policy = _policy(repo, cycle_id)
    if cycle.goals is not None:
        raise PerfcodeError(f"cycle {cycle_id} has goals already ({cycle.goals.path})")
    earlier = policy.previous if policy.previous in repo.cycles else None
    if earlier is None and layout.parse_cycle(cycle_id) is not None:
        earlier = previous_cycle(repo, cycle_id)
    return new_goals(repo, cycle_id, earlier, policy.language, command="new goals")


def checkins(repo: m.Repository, cycle_id: str, person_id: str, today: date) -> Scaffold:
    """cycles/<cycle_id>/checkins/<person_id>.yaml with no entry yet (a check-in is a fact:
    none is written before it is held), its header saying what an entry holds, the
    policy's cadence, the contract's items and an example dated TODAY (inside the period)."""
    who = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    agreed = _contract_of(cycle, person_id, "check-in")
    language = policy.language
    kinds = [c.kind for c in policy.cadence] or [
        kind for t in policy.templates for r in t.rollup for kind in r.kinds
    ]
    cadence = (
        "、".join(map(_every_zh, policy.cadence))
        if language == "zh"
        else ", ".join(map(_every_en, policy.cadence))
    )
    day = min(max(today.isoformat(), policy.period_start), policy.period_end)
    first = agreed.items[0] if agreed.items else None
    example: dict[str, Any] = {
        "date": day,
        "kind": kinds[0] if kinds else "one_to_one",
        "by": who.manager or person_id,
    }
    if first is not None:
        example["progress"] = [{"item": first.id, "status": "on_track"}]
    example["notes"] = _say("note", language)[0]
    header = [
        *_say("checkins", language, name=who.name, id=person_id, cycle=cycle_id),
        *(_say("cadence", language, cadence=cadence) if cadence else []),
        "",
        *_say("items", language),
        *(f"  {i.id}: {i.title}" for i in agreed.items),
        "",
        *_say("example", language),
        *_example(example),
    ]
    text = layout.modeline("checkins", 3) + _comments(header) + _dump({"entries": []})
    return Scaffold(f"cycles/{cycle_id}/checkins/{person_id}.yaml", text)


def _every_en(cadence: m.Cadence) -> str:
    word = i18n.Labels("en").word(cadence.kind)
    n, unit = (cadence.months, "month") if cadence.months else (cadence.days, "day")
    return f"a {word} every {unit}" if n == 1 else f"a {word} every {n} {unit}s"


def _every_zh(cadence: m.Cadence) -> str:
    word = i18n.Labels("zh").word(cadence.kind)
    return (
        f"每 {cadence.months} 个月一次{word}"
        if cadence.months
        else f"每 {cadence.days} 天一次{word}"
    )


def adjustments(repo: m.Repository, cycle_id: str, person_id: str, today: date) -> Scaffold:
    """cycles/<cycle_id>/adjustments/<person_id>.yaml with no entry yet (a commendation or
    a penalty is granted, never scaffolded), its header saying what an entry holds, the
    policy's caps and an example dated TODAY (inside the period)."""
    who = _person(repo, person_id)
    cycle, policy = _policy(repo, cycle_id)
    _contract_of(cycle, person_id, "commendation or penalty")
    language = policy.language
    words = i18n.Labels(language)
    caps: list[str] = []
    for kind in ("commendation", "penalty"):
        each = score_adjustments.entry_cap(kind, policy)
        cap = score_adjustments.cycle_cap(kind, policy)
        limits = [
            *(_say("cap_entry", language, points=_num(each)) if each is not None else []),
            *(_say("cap_cycle", language, points=_num(cap)) if cap is not None else []),
        ]
        if limits:
            joiner, colon = (",", ":") if language == "zh" else (", ", ": ")
            caps.append(f"{words.word(kind)}{colon}{joiner.join(limits)}")
    ending = "。" if language == "zh" else "."
    said = [f"{line}{ending}" for line in caps] or _say("no_caps", language)
    day = min(max(today.isoformat(), policy.period_start), policy.period_end)
    example = {
        "date": day,
        "kind": "commendation",
        "points": 1,
        "reason": _say("reason", language)[0],
        "by": who.manager or person_id,
    }
    header = [
        *_say(
            "adjustments",
            language,
            name=who.name,
            id=person_id,
            cycle=cycle_id,
        ),
        *said,
        "",
        *_say("example", language),
        *_example(example),
    ]
    text = layout.modeline("adjustments", 3) + _comments(header) + _dump({"entries": []})
    return Scaffold(f"cycles/{cycle_id}/adjustments/{person_id}.yaml", text)


def calibration(repo: m.Repository, cycle_id: str) -> Scaffold:
    """cycles/<cycle_id>/calibration.yaml: the meeting on the first day of the calibration
    phase (else the period's last day), the policy owners and the department heads as its
    members, no decision yet (every grade stays as scored until the committee writes one)."""
    cycle, policy = _policy(repo, cycle_id)
    if cycle.calibration is not None:
        raise PerfcodeError(f"cycle {cycle_id} has a calibration already")
    language = policy.language
    phase = policy.phase("calibration")
    day = phase.start if phase is not None else policy.period_end
    when = (
        _say("phase_starts", language, day=day)
        if phase is not None
        else _say("period_ends", language, day=day)
    )[0]
    owners = repo.org.policy_owners if repo.org is not None else ()
    heads = tuple(d.head for d in repo.org.departments) if repo.org is not None else ()
    members = [
        pid
        for pid in dict.fromkeys((*owners, *heads))
        if pid in repo.people and not repo.people[pid].left_by(day)
    ]
    if not members:
        raise PerfcodeError(
            "there is nobody to propose for the committee (no policy owner or department "
            "head in people/): write the calibration by hand"
        )
    grades = ", ".join(g.id for g in policy.grades)
    example = {"person": "…", "grade": "…", "reason": _say("calibration_reason", language)[0]}
    header = [
        *_say("calibration", language, cycle=cycle_id, when=when, grades=grades),
        "",
        *_say("example", language),
        *("  " + line for line in _dump({"decisions": [example]}).splitlines()),
    ]
    data = {"meeting": {"date": day, "members": members}, "decisions": []}
    text = layout.modeline("calibration", 2) + _comments(header) + _dump(data)
    return Scaffold(f"cycles/{cycle_id}/calibration.yaml", text)
