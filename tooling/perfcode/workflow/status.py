"""Who still owes what in a cycle, phase by phase, on a given day (`perfcode status`).

Pure: the repository, the cycle's results and a date in; a `CycleStatus` out; text,
Markdown (for the pinned reminders issue, with @-mentions of people who are late) and JSON
renderings of it. What counts as owed (the README's "status" section says the same):

- goal_setting: a person with a manager and no contract (`contract missing`); a contract
  not signed by both the person and their manager (`contract unsigned`), judged from
  cycles/<c>/signatures.yaml: the latest pull request merged by the day judged that touched
  the contract must carry both signatures. A cycle with no signature evidence at all is not
  judged (it was run before the signatures workflow, or without it): nothing is reported
  unsigned there.
- self_review / manager_review: a review the policy weighs (weight above 0 or required)
  that has no file, or whose file has no `submitted` date (a draft).
- interviews: a person whose grade triggers an outcome rule with `grades:` and
  `within_days:` (the failing-grade interview) and who has no interview record; due on the
  date the scoring gives that outcome.
- plans: an improvement plan in progress whose last check-in (or its start) is more than
  PLAN_CHECKIN_DAYS ago; a plan past its end without a final evaluation.
- appeals: an appeal without an answer, due `answer_working_days` working days after it was
  filed, counted with the policy's holiday calendar.

An item is owed from the day its phase starts; it is overdue the day after it is due.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from perfcode import model as m
from perfcode.score.engine import CycleResult
from perfcode.signatures.rules import latest_evidence
from perfcode.workflow.workdays import Calendar, add_working_days

#: weekly check-ins during an improvement plan (seed 004)
PLAN_CHECKIN_DAYS = 7
#: appeals answered within this many working days when the policy does not say (seed 003)
DEFAULT_APPEAL_WORKING_DAYS = 10
#: items that belong to no phase of the policy
PLANS = "plans"

KINDS = {
    "contract_missing": "contract missing",
    "contract_unsigned": "contract unsigned",
    "self_review": "self review missing",
    "manager_review": "manager review missing",
    "interview": "interview due",
    "plan_checkin": "plan check-in",
    "plan_evaluation": "plan evaluation",
    "appeal_answer": "appeal answer",
}


@dataclass(frozen=True, slots=True)
class Owed:
    phase: str  # a phase id of the policy, or PLANS
    kind: str  # a key of KINDS
    person: str  # whose record it is
    owers: tuple[str, ...]  # who owes it (person ids)
    due: str | None
    days_late: int  # above 0: overdue by that many days
    path: str  # the file to write or sign
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True, slots=True)
class PhaseStatus:
    id: str
    start: str | None
    end: str | None
    items: tuple[Owed, ...]


@dataclass(frozen=True, slots=True)
class CycleStatus:
    cycle: str
    title: str
    today: str
    current: tuple[str, ...]  # the phases today falls in
    phases: tuple[PhaseStatus, ...]  # only phases with something owed
    signatures_judged: bool  # False: the cycle has no signature evidence

    @property
    def items(self) -> list[Owed]:
        return [item for phase in self.phases for item in phase.items]


def _late(today: date, due: date | None) -> int:
    return max(0, (today - due).days) if due is not None else 0


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _active(person: m.Person, today: str) -> bool:
    return person.left is None or person.left > today


def _contract_signers(cycle: m.Cycle, path: str, today: str) -> set[str] | None:
    """Who signed the latest change of `path` merged by `today`; None when no evidence does."""
    latest = latest_evidence(cycle, path, today)
    if latest is None:
        return None
    return {s.person for s in latest.signatures}


def _sorted(items: Iterable[Owed]) -> tuple[Owed, ...]:
    """Overdue first (latest first), then by due date, then by person."""
    return tuple(
        sorted(items, key=lambda o: (-o.days_late, o.due or "9999-99-99", o.person, o.kind))
    )


def cycle_status(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, today: date
) -> CycleStatus:
    cycle = repo.cycles[cycle_id]
    policy = cycle.policy
    if policy is None:
        raise ValueError(f"cycle {cycle_id} has no policy")
    iso = today.isoformat()
    started = {p.id: p.start <= iso for p in policy.phases}
    owed: dict[str, list[Owed]] = {}

    def add(
        phase: str,
        kind: str,
        person: str,
        owers: Iterable[str | None],
        due: date | None,
        path: str,
        note: str = "",
    ) -> None:
        who = tuple(dict.fromkeys(o for o in owers if o))
        owed.setdefault(phase, []).append(
            Owed(
                phase,
                kind,
                person,
                who,
                due.isoformat() if due else None,
                _late(today, due),
                path,
                note,
            )
        )

    def phase_end(phase_id: str) -> date | None:
        phase = policy.phase(phase_id)
        return _day(phase.end) if phase is not None else None

    people = {pid: p for pid, p in repo.people.items() if _active(p, iso)}
    base = f"cycles/{cycle_id}"

    # goal setting: contracts written and signed by both parties
    judged = bool(cycle.signatures)
    if started.get("goal_setting"):
        due = phase_end("goal_setting")
        for pid in sorted(people):
            person = people[pid]
            path = f"{base}/contracts/{pid}.yaml"
            if pid not in cycle.contracts:
                if person.manager is not None and person.joined <= policy.period_end:
                    add("goal_setting", "contract_missing", pid, (pid, person.manager), due, path)
                continue
            if not judged:
                continue
            signers = _contract_signers(cycle, path, iso) or set()
            missing = [p for p in (pid, person.manager) if p and p not in signers]
            if missing:
                add("goal_setting", "contract_unsigned", pid, missing, due, path)

    # reviews: self and manager, for everyone with a contract
    for role, phase_id in (("self", "self_review"), ("manager", "manager_review")):
        weighed = policy.rater_weight(role) > 0 or role in policy.required_roles
        if not weighed or not started.get(phase_id):
            continue
        due = phase_end(phase_id)
        for pid in sorted(cycle.contracts):
            evaluee = people.get(pid)
            if evaluee is None:
                continue
            rater = pid if role == "self" else evaluee.manager
            if rater is None:
                continue
            done = [r for r in cycle.reviews_of(pid) if r.role == role and r.submitted]
            if not done:
                path = f"{base}/reviews/{pid}/{role}-{rater}.yaml"
                add(phase_id, f"{role}_review", pid, (rater,), due, path)

    # interviews after a failing grade
    if result is not None:
        interview_rules = {
            rule.id for rule in policy.outcomes if rule.when == "grades" and rule.within_days
        }
        phase_id = "interviews" if policy.phase("interviews") else "results"
        for pid, person_result in sorted(result.people.items()):
            for outcome in person_result.outcomes:
                if outcome.id not in interview_rules or pid in cycle.interviews:
                    continue
                due = _day(outcome.due)
                rule = next(r for r in policy.outcomes if r.id == outcome.id)
                if (
                    due is not None
                    and rule.within_days
                    and today < due - timedelta(days=rule.within_days)
                ):
                    continue
                manager = people[pid].manager if pid in people else None
                path = f"{base}/interviews/{pid}.yaml"
                add(
                    phase_id,
                    "interview",
                    pid,
                    (manager,),
                    due,
                    path,
                    f"grade {person_result.grade}",
                )

    # improvement plans: weekly check-ins, then a final evaluation
    for pid, plan in sorted(cycle.plans.items()):
        if plan.start > iso or (plan.evaluation and plan.evaluation.status != "in_progress"):
            continue
        manager = people[pid].manager if pid in people else None
        path = f"{base}/plans/{pid}.yaml"
        end = date.fromisoformat(plan.end)
        if today > end:
            add(PLANS, "plan_evaluation", pid, (manager,), end, path)
            continue
        last = max([plan.start, *(c.date for c in plan.checkins if c.date <= iso)])
        due = min(date.fromisoformat(last) + timedelta(days=PLAN_CHECKIN_DAYS), end)
        add(PLANS, "plan_checkin", pid, (manager, pid), due, path, f"last {last}")

    # appeals: answered within N working days
    days = policy.appeal_answer_working_days or DEFAULT_APPEAL_WORKING_DAYS
    calendar = Calendar.of(policy)
    owners = repo.org.policy_owners if repo.org is not None else ()
    phase_id = "appeals" if policy.phase("appeals") else PLANS
    for pid, appeal in sorted(cycle.appeals.items()):
        if appeal.answer is not None or appeal.filed > iso:
            continue
        due = add_working_days(date.fromisoformat(appeal.filed), days, calendar)
        add(
            phase_id,
            "appeal_answer",
            pid,
            owners,
            due,
            f"{base}/appeals/{pid}.yaml",
            f"filed {appeal.filed}, {days} working days",
        )

    phases = [
        PhaseStatus(p.id, p.start, p.end, _sorted(owed[p.id]))
        for p in policy.phases
        if p.id in owed
    ]
    if PLANS in owed:
        phases.append(PhaseStatus(PLANS, None, None, _sorted(owed[PLANS])))
    current = tuple(
        p.id for p in policy.phases if p.start <= iso and (p.end is None or iso <= p.end)
    )
    return CycleStatus(cycle_id, policy.title, iso, current, tuple(phases), judged)


def open_cycles(repo: m.Repository, today: date) -> list[str]:
    """The cycles under way on `today`: their period has begun and they are not closed."""
    iso = today.isoformat()
    chosen = []
    for cycle_id in repo.cycle_ids():
        policy = repo.cycles[cycle_id].policy
        if policy is None or policy.period_start > iso:
            continue
        closed = policy.phase("closed")
        if closed is not None and closed.start <= iso:
            continue
        chosen.append(cycle_id)
    return chosen


def current_statuses(
    repo: m.Repository, results: dict[str, CycleResult], today: date
) -> list[CycleStatus]:
    """The cycles under way, and closed cycles that still owe something (an improvement
    plan runs on after its cycle closes; an appeal may still wait for its answer)."""
    under_way = set(open_cycles(repo, today))
    statuses = []
    for cycle_id in repo.cycle_ids():
        policy = repo.cycles[cycle_id].policy
        if policy is None or policy.period_start > today.isoformat():
            continue
        status = cycle_status(repo, results.get(cycle_id), cycle_id, today)
        if cycle_id in under_way or status.items:
            statuses.append(status)
    return statuses


# --- rendering ----------------------------------------------------------------------------


def _name(repo: m.Repository, pid: str) -> str:
    person = repo.people.get(pid)
    return f"{person.name} ({pid})" if person is not None else pid


def _late_text(item: Owed) -> str:
    if item.overdue:
        return f"{item.days_late} day{'s' if item.days_late != 1 else ''} late"
    return "open"


def _counts(statuses: list[CycleStatus]) -> tuple[int, int]:
    items = [i for s in statuses for i in s.items]
    overdue = sum(1 for i in items if i.overdue)
    return overdue, len(items) - overdue


def _phase_title(phase: PhaseStatus) -> str:
    if phase.start is None:
        return "improvement plans"
    return f"{phase.id} ({phase.start} – {phase.end or 'open'})"


def _what(item: Owed) -> str:
    text = KINDS[item.kind]
    return f"{text} ({item.note})" if item.note else text


def text(statuses: list[CycleStatus], repo: m.Repository) -> str:
    lines: list[str] = []
    for status in statuses:
        overdue, pending = _counts([status])
        current = ", ".join(status.current) or "none"
        lines.append(f"{status.cycle} {status.title} on {status.today} (phase: {current})")
        lines.append(f"{overdue} overdue, {pending} open.")
        if not status.signatures_judged:
            lines.append("Contract signatures not judged: this cycle has no signature evidence.")
        for phase in status.phases:
            lines.append("")
            lines.append(_phase_title(phase))
            for item in phase.items:
                owers = ", ".join(_name(repo, o) for o in item.owers) or "nobody named"
                lines.append(
                    f"  [{_late_text(item)}] {item.person}: {_what(item)}, due "
                    f"{item.due or 'undated'}; owed by {owers}"
                )
                lines.append(f"      {item.path}")
        lines.append("")
    if not statuses:
        lines.append("No cycle is under way on that day.")
    return "\n".join(lines).rstrip("\n") + "\n"


def _mention(repo: m.Repository, pid: str, overdue: bool) -> str:
    person = repo.people.get(pid)
    if person is None:
        return pid
    return f"@{person.github}" if overdue and person.github else f"{person.name}"


def markdown(statuses: list[CycleStatus], repo: m.Repository) -> str:
    """For the pinned reminders issue: the late are @-mentioned, the others are named."""
    overdue, pending = _counts(statuses)
    out = [f"## Performance cycle status\n\n{overdue} overdue, {pending} open.\n"]
    for status in statuses:
        current = ", ".join(status.current) or "none"
        out.append(f"### {status.cycle} {status.title}\n")
        out.append(f"On {status.today}; phase: {current}.\n")
        if not status.signatures_judged:
            out.append("Contract signatures not judged: this cycle has no signature evidence.\n")
        if not status.phases:
            out.append("Nothing is owed.\n")
        for phase in status.phases:
            out.append(f"#### {_phase_title(phase)}\n")
            out.append("| | person | what | due | owed by | file |\n|---|---|---|---|---|---|")
            for item in phase.items:
                mark = f"⚠️ {_late_text(item)}" if item.overdue else "open"
                owers = ", ".join(_mention(repo, o, item.overdue) for o in item.owers) or "—"
                who = _mention(repo, item.person, False)
                out.append(
                    f"| {mark} | {who} | {_what(item).replace('|', '/')} | "
                    f"{item.due or '—'} | {owers} | `{item.path}` |"
                )
            out.append("")
    if not statuses:
        out.append("No cycle is under way on that day.\n")
    return "\n".join(out).rstrip("\n") + "\n"


def as_json(statuses: list[CycleStatus]) -> str:
    payload: list[dict[str, Any]] = [
        {
            "cycle": s.cycle,
            "today": s.today,
            "current": list(s.current),
            "signatures_judged": s.signatures_judged,
            "phases": [
                {
                    "id": p.id,
                    "start": p.start,
                    "end": p.end,
                    "items": [
                        {
                            "kind": i.kind,
                            "person": i.person,
                            "owed_by": list(i.owers),
                            "due": i.due,
                            "days_late": i.days_late,
                            "path": i.path,
                            "note": i.note,
                        }
                        for i in p.items
                    ],
                }
                for p in s.phases
            ],
        }
        for s in statuses
    ]
    return json.dumps({"cycles": payload}, ensure_ascii=False, indent=2) + "\n"


def render(statuses: list[CycleStatus], repo: m.Repository, fmt: str) -> str:
    if fmt == "json":
        return as_json(statuses)
    if fmt == "markdown":
        return markdown(statuses, repo)
    return text(statuses, repo)
