"""What a change does to the results (`perfcode diff BASE HEAD`): pure comparison.

Two scored repositories in (the records and results at BASE and at HEAD), the people whose
score, grade, rank or outcomes change out, cycle by cycle, each with why where it can be
told: their own records changed, a calibration decision or their appeal changed, the cycle's
policy changed, an earlier cycle changed (declines, roll-ups), or only the others moved
them (a forced distribution and ranks depend on everyone in the population).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcode import model as m
from perfcode.i18n import Labels
from perfcode.problems import Problem, one_line
from perfcode.report import problems as report
from perfcode.report.problems import json_safe, md_code, md_text
from perfcode.score import CycleResult, PersonResult


@dataclass(frozen=True, slots=True)
class Side:
    """One person's result as far as a diff shows it."""

    status: str
    score: Decimal | None
    grade: str | None
    band_grade: str | None
    rank: str | None  # "3/6 frontline"
    outcomes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    cycle: str
    person: str
    name: str
    before: Side | None  # None: not scored at BASE (no contract, or a new cycle)
    after: Side | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Diff:
    base: str
    head: str
    changes: tuple[Change, ...]
    cycles_added: tuple[str, ...]
    cycles_removed: tuple[str, ...]


def _side(result: PersonResult, cycle: CycleResult) -> Side:
    rank = None
    if result.rank is not None:
        report = cycle.population(result.population) if result.population else None
        size = f"/{report.size}" if report is not None else ""
        rank = f"{result.rank}{size} {result.population or ''}".strip()
    return Side(
        result.status,
        result.score,
        result.grade,
        result.band_grade,
        rank,
        tuple(o.id for o in result.outcomes),
    )


def _own(cycle: m.Cycle | None, person: str) -> tuple[object, ...]:
    if cycle is None:
        return ()
    return (
        cycle.contracts.get(person),
        tuple(sorted(cycle.reviews_of(person), key=lambda r: r.path)),
        cycle.checkins.get(person),
        cycle.adjustments.get(person),
    )


def _decision(cycle: m.Cycle | None, person: str) -> m.Decision | None:
    if cycle is None or cycle.calibration is None:
        return None
    return next((d for d in cycle.calibration.decisions if d.person == person), None)


def _earlier(repo: m.Repository, cycle_id: str) -> list[str]:
    ids = repo.cycle_ids()
    return ids[: ids.index(cycle_id)] if cycle_id in ids else []


#: a person's own records, as a reason names them (i18n.COMMANDS keys)
RECORDS = ("diff_contract", "diff_reviews", "diff_checkins", "diff_adjustments")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a result moved: a sentence of i18n.COMMANDS (KEY), and for own records, which."""

    key: str
    records: tuple[str, ...] = ()  # keys of RECORDS

    def said(self, t: Labels) -> str:
        if not self.records:
            return t.say(self.key)
        return t.say(self.key, records=t.say("list").join(t.say(r) for r in self.records))


def reasons(
    base: m.Repository, head: m.Repository, cycle_id: str, person: str, base_cycle: CycleResult
) -> tuple[Reason, ...]:
    """Why a person's result moved, most direct cause first."""
    old, new = base.cycles.get(cycle_id), head.cycles.get(cycle_id)
    found: list[Reason] = []
    own_old, own_new = _own(old, person), _own(new, person)
    changed = tuple(k for k, a, b in zip(RECORDS, own_old, own_new, strict=False) if a != b)
    if changed:
        found.append(Reason("diff_own_records", changed))
    if base.people.get(person) != head.people.get(person):
        found.append(Reason("diff_registry"))
    if _decision(old, person) != _decision(new, person):
        found.append(Reason("diff_calibration"))
    if (old.appeals.get(person) if old else None) != (new.appeals.get(person) if new else None):
        found.append(Reason("diff_appeal"))
    if (old.policy if old else None) != (new.policy if new else None):
        found.append(Reason("diff_policy"))
    if any(
        _own(base.cycles.get(c), person) != _own(head.cycles.get(c), person)
        for c in _earlier(head, cycle_id)
    ):
        found.append(Reason("diff_earlier"))
    if not found:
        found.append(Reason("diff_others"))
    return tuple(found)


def compare(
    base_repo: m.Repository,
    base: dict[str, CycleResult],
    head_repo: m.Repository,
    head: dict[str, CycleResult],
    base_name: str = "BASE",
    head_name: str = "HEAD",
) -> Diff:
    changes: list[Change] = []
    for cycle_id in head_repo.cycle_ids():
        if cycle_id not in head or cycle_id not in base:
            continue
        before, after = base[cycle_id], head[cycle_id]
        for person in sorted(set(before.people) | set(after.people)):
            old = _side(before.people[person], before) if person in before.people else None
            new = _side(after.people[person], after) if person in after.people else None
            if old == new:
                continue
            result = after.people.get(person) or before.people[person]
            why = reasons(base_repo, head_repo, cycle_id, person, before)
            changes.append(Change(cycle_id, person, result.name, old, new, why))
    added = tuple(c for c in head if c not in base)
    removed = tuple(c for c in base if c not in head)
    return Diff(base_name, head_name, tuple(changes), added, removed)


# --- rendering ----------------------------------------------------------------------------

#: JSON keeps its reasons in English, as they were (machines read it)
_ENGLISH = Labels("en")


def _value(value: object) -> str:
    return "—" if value is None or value == () else str(value)


def _arrow(old: object, new: object) -> str:
    return _value(old) if old == new else f"{_value(old)} → {_value(new)}"


def _outcomes(before: Side | None, after: Side | None) -> str:
    old = set(before.outcomes) if before else set()
    new = set(after.outcomes) if after else set()
    parts = [f"+{o}" for o in sorted(new - old)] + [f"-{o}" for o in sorted(old - new)]
    return " ".join(parts)


def _field(change: Change, name: str) -> tuple[object, object]:
    old = getattr(change.before, name) if change.before else None
    new = getattr(change.after, name) if change.after else None
    return old, new


def _why(change: Change, t: Labels) -> str:
    return t.say("diff_joiner").join(reason.said(t) for reason in change.reasons)


def _line(change: Change, t: Labels) -> str:
    parts = []
    score, band, grade, rank, status, outcomes = t.say("diff_labels").split("|")
    fields = (("score", score), ("band_grade", band), ("grade", grade), ("rank", rank))
    for name, label in fields:
        old, new = _field(change, name)
        if old != new:
            parts.append(f"{label} {_arrow(old, new)}")
    was, now = _field(change, "status")
    if was != now:
        parts.append(f"{status} {_arrow(was, now)}")
    moved = _outcomes(change.before, change.after)
    if moved:
        parts.append(f"{outcomes} {moved}")
    return t.say("diff_joiner").join(parts)


def _header(diff: Diff, t: Labels) -> list[str]:
    lines = []
    for cycle in diff.cycles_added:
        lines.append(t.say("diff_new_cycle", cycle=cycle, head=diff.head))
    for cycle in diff.cycles_removed:
        lines.append(t.say("diff_gone_cycle", cycle=cycle, head=diff.head))
    return lines


def text(diff: Diff, language: str = "en") -> str:
    """Plain text in LANGUAGE; what a record or the command line holds (names, revisions)
    stays on its line, control characters written as escapes (`problems.one_line`)."""
    t = Labels(language)
    lines = [t.say("diff_from", base=diff.base, head=diff.head), *_header(diff, t)]
    cycle = None
    for change in diff.changes:
        if change.cycle != cycle:
            cycle = change.cycle
            lines += ["", cycle]
        lines.append(f"  {change.person} {change.name}: {_line(change, t)}")
        lines.append(t.say("diff_why", why=_why(change, t)))
    if not diff.changes:
        lines.append(t.say("diff_none"))
    return "\n".join(one_line(line) for line in lines) + "\n"


def markdown(diff: Diff, language: str = "en") -> str:
    """A job summary in LANGUAGE: every value as literal text (`report.md_text`), one row
    per change."""
    t = Labels(language)
    out = [f"### {t.say('diff_title')}\n"]
    out += [f"- {md_text(line)}" for line in _header(diff, t)]
    if not diff.changes:
        out.append(t.say("diff_none"))
        return "\n".join(out) + "\n"
    grades = sum(1 for c in diff.changes if len(set(_field(c, "grade"))) > 1)
    out.append(t.say("diff_count", n=len(diff.changes), grades=grades) + "\n")
    out.append("| " + t.say("diff_columns").replace("|", " | ") + " |")
    out.append("|---|---|---:|---|---|---|---|---|")
    for c in diff.changes:
        cells = [
            md_text(c.cycle),
            f"{md_text(c.name)} ({md_code(c.person)})",
            *(
                md_text(_arrow(*_field(c, name)))
                for name in ("score", "band_grade", "grade", "rank")
            ),
            md_text(_outcomes(c.before, c.after)),
            md_text(_why(c, t)),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _side_json(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "status": side.status,
        "score": str(side.score) if side.score is not None else None,
        "grade": side.grade,
        "band_grade": side.band_grade,
        "rank": side.rank,
        "outcomes": list(side.outcomes),
    }


def as_json(diff: Diff) -> str:
    payload = {
        "base": diff.base,
        "head": diff.head,
        "cycles_added": list(diff.cycles_added),
        "cycles_removed": list(diff.cycles_removed),
        "changes": [
            {
                "cycle": c.cycle,
                "person": c.person,
                "before": _side_json(c.before),
                "after": _side_json(c.after),
                "reasons": [reason.said(_ENGLISH) for reason in c.reasons],
            }
            for c in diff.changes
        ],
    }
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


def refused(
    revision: str, problems: list[Problem], documents: int, fmt: str, language: str = "en"
) -> str:
    """Why nothing was compared: the problems of REVISION's records, in the chosen format
    (a job summary gets a Markdown table with every value escaped, JSON stays JSON), in
    LANGUAGE (that revision's organisation's)."""
    t = Labels(language)
    if fmt == "json":
        return report.as_json(problems, documents, {"revision": revision}, language)
    if fmt == "markdown":
        title = t.say("diff_refused_title", revision=md_text(revision))
        return report.markdown(problems, documents, title, language) + (
            "\n" + t.say("diff_refused_nothing") + "\n"
        )
    return report.text(problems, documents, language) + (
        t.say("diff_refused", revision=one_line(revision)) + "\n"
    )


def render(diff: Diff, fmt: str, language: str = "en") -> str:
    """DIFF in FMT; text and Markdown in LANGUAGE (HEAD's organisation's), JSON in English."""
    if fmt == "json":
        return as_json(diff)
    if fmt == "markdown":
        return markdown(diff, language)
    return text(diff, language)
