"""What is owed in a cycle, by whom, and when: the one place these facts are worked out.

Pure: the repository, a cycle's results and a day in; `progress` gives the facts (who is
expected, which contracts are written and signed, which reviews are in, which interviews,
plans and appeals are open, each with its due date), `cycle_status` the items owed on that
day, built from the same facts. `perfcode status` (and the reminders workflow, which posts
its Markdown) and the site's cycle dashboard both read them here, so their counts agree.
The rules (the README's "status" section says the same):

- Who counts: a person in the registry on the day judged (`left` absent or after it;
  `in_registry`, the one predicate every item below goes through). Someone who has left
  owes nothing and is owed nothing: no contract, review, check-in, deliverable, interview
  or plan of theirs is listed; only an appeal they filed is still owed its answer (leaving
  does not withdraw it). What their manager owes, when the manager has left
  (or there is none), the policy owners owe instead, and the item says the manager left.
- goal_setting: a person with a manager, joined by the end of the period, and no contract
  (`contract missing`); a contract not signed by both the person and their manager
  (`contract unsigned`), judged from the signature evidence: an authentic entry merged by the
  day judged must name the contract's current content (its git blob) and carry both
  signatures; a contract changed without the signatures check (an admin merge, a direct
  push) or whose evidence was removed is unsigned. An organisation that keeps no evidence
  (people/org.yaml lists no `evidence_keys`), and a cycle that ended before its
  `evidence_since` day, are not judged: nothing is reported unsigned there.
- self_review / manager_review: a review the policy weighs (weight above 0 or required)
  that has no file, or whose file has no `submitted` date (a draft is not in).
- interviews: a person whose grade triggers an outcome rule with `grades:` and
  `within_days:` (the failing-grade interview) and who has no interview record; owed from
  the day the results give that outcome, due on the date scoring gives it.
- plans: an improvement plan in progress whose last check-in (or its start) is more than
  PLAN_CHECKIN_DAYS ago; a plan past its end without a final evaluation.
- appeals: an appeal without an answer, due `answer_working_days` working days after it was
  filed, counted with the policy's holiday calendar. A policy that sets no answer deadline
  gives no due date: the appeal is owed, never overdue.
- checkins (while the checkins phase is under way): for each kind the policy's cadence
  names (cycle.yaml `checkins:`), a person with a contract and a manager is owed the next
  check-in `next_checkin` after the last one of that kind (after the phase's start, or
  the day they joined, when there is none or it came earlier); listed from that day, owed
  by the manager. Deliverables of a contract past their `due` day without a `done` day,
  until the checkins phase ends (the period, without one), owed by the person.

An item is owed from the day its phase starts; it is overdue the day after it is due.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta

from perfcode import i18n
from perfcode import model as m
from perfcode.score import CycleResult
from perfcode.signatures.evidence import Signed, signed_evidence
from perfcode.workflow.workdays import Calendar, add_working_days

#: weekly check-ins during an improvement plan (seed 004)
PLAN_CHECKIN_DAYS = 7
#: items that belong to no phase of the policy
PLANS = "plans"
#: the reviews a person is owed, each in its phase
REVIEW_PHASES = (("self", "self_review"), ("manager", "manager_review"))

#: what each kind of item owed is, in English (the words, both languages: i18n.OWED)
KINDS = {kind: english for kind, (english, _chinese) in i18n.OWED.items()}


# --- the facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InterviewDue:
    """A failing-grade interview the results call for."""

    person: str
    grade: str | None
    due: str | None  # the outcome's due date from scoring
    since: str | None  # the day it is owed from (the results' day); None: from the start
    done: bool  # the person has an interview record


@dataclass(frozen=True, slots=True)
class PlanState:
    person: str
    status: str  # in_progress, or the final evaluation's status
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class AppealDue:
    appeal: m.Appeal
    due: str | None  # None: the policy sets no answer deadline
    days_late: int  # above 0: unanswered and overdue by that many days

    @property
    def person(self) -> str:
        return self.appeal.person

    @property
    def state(self) -> str:
        """closed (answered), overdue, or open."""
        if self.appeal.answer is not None:
            return "closed"
        return "overdue" if self.days_late > 0 else "open"


@dataclass(frozen=True, slots=True)
class CheckinDue:
    """The next check-in of one kind the policy's cadence owes a person."""

    person: str
    kind: m.CheckinKind
    last: str | None  # the last check-in of that kind by the day judged
    due: str  # the cadence's interval after the last (or after the phase's start)
    owed: bool  # due on or before the day judged
    days_late: int  # above 0: overdue by that many days


@dataclass(frozen=True, slots=True)
class DeliverableDue:
    """A deliverable of a contract past its due day without a done day."""

    person: str
    item: str  # the contract item's id
    title: str
    due: str
    days_late: int


@dataclass(frozen=True, slots=True)
class ReviewsIn:
    role: str
    phase: str
    owed: tuple[str, ...]  # people with a contract who owe this review a rater
    done: tuple[str, ...]  # of those, whose review is submitted


@dataclass(frozen=True, slots=True)
class Progress:
    """A cycle's records measured against what the policy expects, on one day."""

    cycle: str
    today: str
    people: tuple[str, ...]  # in the registry on that day
    expected: tuple[str, ...]  # people who owe a contract
    contracts: tuple[str, ...]  # the contracts of people in the registry
    written: tuple[str, ...]  # expected people whose contract exists
    judged: bool  # the organisation keeps signature evidence
    signed: tuple[str, ...]  # contracts signed by the person and their manager
    unsigned: Mapping[str, tuple[str, ...]]  # contract → who has not signed it as it is
    reviews: tuple[ReviewsIn, ...]  # the review roles the policy weighs
    complete: tuple[str, ...]  # contracts whose every owed review is in
    interviews: tuple[InterviewDue, ...]
    plans: tuple[PlanState, ...]
    appeals: tuple[AppealDue, ...]  # filed by that day
    #: the contracts scoring scores (`Policy.scores`: not the cycle's leavers, unless the
    #: policy scores them), whatever the day: what the dashboard's "scored" row counts against
    scoring: tuple[str, ...] = ()
    #: during the checkins phase: each person's next check-in of each kind the policy names
    checkins: tuple[CheckinDue, ...] = ()
    #: deliverables past due without a done day (until the checkins phase ends)
    deliverables: tuple[DeliverableDue, ...] = ()

    @property
    def review_roles(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.reviews)


def _late(today: date, due: date | None) -> int:
    return max(0, (today - due).days) if due is not None else 0


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def next_checkin(since: date, cadence: m.Cadence) -> date:
    """The day the next check-in of CADENCE's kind is due after SINCE (the last one, or the
    checkins phase's start): `days` later, or `months` later on the same day of the month
    (the month's last day when that month is shorter: 31 January + 1 month = 28 February).
    The one home of the cadence, for `status` and the site's dashboard."""
    if cadence.months:
        year, month = divmod(since.year * 12 + since.month - 1 + cadence.months, 12)
        if year > MAXYEAR:
            return date.max
        return date(year, month + 1, min(since.day, monthrange(year, month + 1)[1]))
    if (date.max - since).days < cadence.days:
        return date.max
    return since + timedelta(days=cadence.days)


def _running(phase: m.Phase | None, iso: str) -> bool:
    return phase is not None and phase.start <= iso and (phase.end is None or iso <= phase.end)


def checkins_due(
    cycle: m.Cycle, policy: m.Policy, people: Mapping[str, m.Person], today: date
) -> tuple[CheckinDue, ...]:
    """While the checkins phase is under way: each person with a contract and a manager,
    for each kind of the policy's cadence, the next check-in of that kind."""
    iso = today.isoformat()
    phase = policy.phase("checkins")
    if not policy.cadence or phase is None or not _running(phase, iso):
        return ()
    found: list[CheckinDue] = []
    for pid in sorted(cycle.contracts):
        person = people.get(pid)
        if person is None or person.manager is None:
            continue
        start = max(phase.start, person.joined)
        held = cycle.checkins.get(pid)
        entries = held.entries if held is not None else ()
        for cadence in policy.cadence:
            last = max(
                (e.date for e in entries if e.kind == cadence.kind and e.date <= iso), default=None
            )
            due = next_checkin(date.fromisoformat(max(start, last or start)), cadence)
            found.append(
                CheckinDue(
                    pid, cadence.kind, last, due.isoformat(), due <= today, _late(today, due)
                )
            )
    return tuple(found)


def deliverables_due(
    cycle: m.Cycle, policy: m.Policy, people: Mapping[str, m.Person], today: date
) -> tuple[DeliverableDue, ...]:
    """Deliverables of the contracts of people in the registry past their due day without a
    done day, until the checkins phase ends (the period's end, without one)."""
    iso = today.isoformat()
    phase = policy.phase("checkins")
    until = phase.end if phase is not None and phase.end else policy.period_end
    if iso > until:
        return ()
    return tuple(
        DeliverableDue(pid, item.id, d.title, d.due, _late(today, date.fromisoformat(d.due)))
        for pid, contract in sorted(cycle.contracts.items())
        if pid in people
        for item in contract.items
        for d in item.deliverables
        if d.done is None and d.due < iso
    )


def in_registry(person: m.Person, today: str) -> bool:
    """Whether `person` counts on `today`: they have not left by then (`Person.left_by`)."""
    return not person.left_by(today)


def owes_contract(person: m.Person, policy: m.Policy, today: str) -> bool:
    """Whether PERSON owes a contract in POLICY's cycle on TODAY: in the registry then,
    with a manager to agree it with, and joined by the period's end (status's `contract
    missing`, and whom `perfcode new contract --all` writes for)."""
    return (
        in_registry(person, today)
        and person.manager is not None
        and person.joined <= policy.period_end
    )


def appeal_due(appeal: m.Appeal, policy: m.Policy) -> date | None:
    """The day an appeal's answer is due; None when the policy sets no answer deadline."""
    days = policy.appeal_answer_working_days
    if days is None:
        return None
    return add_working_days(date.fromisoformat(appeal.filed), days, Calendar.of(policy))


def contract_path(cycle_id: str, person_id: str) -> str:
    return f"cycles/{cycle_id}/contracts/{person_id}.yaml"


def unsigned_by(
    repo: m.Repository, signed: Signed, cycle: m.Cycle, person_id: str, today: str
) -> tuple[str, ...]:
    """Who of the person and their manager has not signed the contract as it is now, by
    `today` (both, when no authentic evidence names its current content)."""
    signers = signed.signers(contract_path(cycle.id, person_id), today)
    person = repo.people.get(person_id)
    manager = person.manager if person is not None else None
    return tuple(p for p in (person_id, manager) if p and p not in signers)


def _policy(repo: m.Repository, cycle_id: str) -> m.Policy:
    policy = repo.cycles[cycle_id].policy
    if policy is None:
        raise ValueError(f"cycle {cycle_id} has no policy")
    return policy


def progress(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, today: date
) -> Progress:
    cycle = repo.cycles[cycle_id]
    policy = _policy(repo, cycle_id)
    iso = today.isoformat()
    people = {pid: p for pid, p in repo.people.items() if in_registry(p, iso)}
    expected = tuple(pid for pid in sorted(people) if owes_contract(people[pid], policy, iso))
    contracts = tuple(pid for pid in sorted(cycle.contracts) if pid in people)
    evidence = signed_evidence(repo)
    judged = evidence.judges(policy)
    unsigned = {pid: unsigned_by(repo, evidence, cycle, pid, iso) for pid in contracts}
    signed = tuple(pid for pid in contracts if not unsigned[pid])

    reviews: list[ReviewsIn] = []
    for role, phase_id in REVIEW_PHASES:
        if not (policy.rater_weight(role) > 0 or role in policy.required_roles):
            continue
        owed = tuple(
            pid
            for pid in contracts
            if _rater(people[pid], role) and policy.reviews_needed(cycle.contracts[pid].template)
        )
        done = tuple(
            pid
            for pid in owed
            if any(r.role == role and not r.draft for r in cycle.reviews_of(pid))
        )
        reviews.append(ReviewsIn(role, phase_id, owed, done))
    complete = tuple(
        pid for pid in contracts if all(pid in r.done for r in reviews if pid in r.owed)
    )

    interviews: list[InterviewDue] = []
    if result is not None:
        rules = {r.id: r for r in policy.outcomes if r.when == "grades" and r.within_days}
        for pid, person_result in sorted(result.people.items()):
            if pid not in people:
                continue
            outcome = next((o for o in person_result.outcomes if o.id in rules), None)
            if outcome is None:
                continue
            due = _day(outcome.due)
            within = rules[outcome.id].within_days or 0
            since = (due - timedelta(days=within)).isoformat() if due is not None else None
            interviews.append(
                InterviewDue(pid, person_result.grade, outcome.due, since, pid in cycle.interviews)
            )

    plans = tuple(
        PlanState(
            pid,
            plan.evaluation.status if plan.evaluation else "in_progress",
            plan.start,
            plan.end,
        )
        for pid, plan in sorted(cycle.plans.items())
        if pid in people
    )
    appeals: list[AppealDue] = []
    for _pid, appeal in sorted(cycle.appeals.items()):
        if appeal.filed > iso:  # an appeal filed stays owed an answer: leaving does not
            continue  # withdraw it
        due = appeal_due(appeal, policy)
        late = _late(today, due) if appeal.answer is None else 0
        appeals.append(AppealDue(appeal, due.isoformat() if due else None, late))
    return Progress(
        cycle_id,
        iso,
        tuple(sorted(people)),
        expected,
        contracts,
        tuple(pid for pid in expected if pid in cycle.contracts),
        judged,
        signed,
        unsigned,
        tuple(reviews),
        complete,
        tuple(interviews),
        plans,
        tuple(appeals),
        scoring=tuple(
            pid for pid in sorted(cycle.contracts) if policy.scores(repo.people.get(pid))
        ),
        checkins=checkins_due(cycle, policy, people, today),
        deliverables=deliverables_due(cycle, policy, people, today),
    )


def _rater(person: m.Person, role: str) -> str | None:
    return person.id if role == "self" else person.manager


# --- what is owed on the day ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note:
    """A part of an item's note: the sentence KEY of i18n.COMMANDS with its VALUES. The
    value named `kind` is a check-in kind, shown by its id in English and by its name
    (i18n.WORDS) in Chinese, as status shows phases."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    def said(self, t: i18n.Labels) -> str:
        values = dict(self.values)
        if "kind" in values and t.language != "en":
            values["kind"] = t.word(values["kind"])
        return t.say(self.key, **values)


def _note(key: str, **values: str) -> tuple[Note, ...]:
    return (Note(key, tuple(values.items())),)


_ENGLISH = i18n.Labels("en")


@dataclass(frozen=True, slots=True)
class Owed:
    phase: str  # a phase id of the policy, or PLANS
    kind: str  # a key of KINDS
    person: str  # whose record it is
    owers: tuple[str, ...]  # who owes it (person ids)
    due: str | None
    days_late: int  # above 0: overdue by that many days
    path: str  # the file to write or sign
    notes: tuple[Note, ...] = ()  # what else to know ("last 2027-01-18"), said in a language

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    def said(self, t: i18n.Labels) -> str:
        """The notes in T's language ("" when there are none)."""
        return t.say("notes_joiner").join(note.said(t) for note in self.notes)

    @property
    def note(self) -> str:
        """The notes in English (status's JSON)."""
        return self.said(_ENGLISH)


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
    signatures_judged: bool  # False: the organisation keeps no signature evidence

    @property
    def items(self) -> list[Owed]:
        return [item for phase in self.phases for item in phase.items]


def _sorted(items: Iterable[Owed]) -> tuple[Owed, ...]:
    """Overdue first (latest first), then by due date, then by person."""
    return tuple(
        sorted(items, key=lambda o: (-o.days_late, o.due or "9999-99-99", o.person, o.kind))
    )


def cycle_status(
    repo: m.Repository, result: CycleResult | None, cycle_id: str, today: date
) -> CycleStatus:
    """Everything owed in `cycle_id` on `today`, phase by phase."""
    cycle = repo.cycles[cycle_id]
    policy = _policy(repo, cycle_id)
    facts = progress(repo, result, cycle_id, today)
    iso = facts.today
    started: dict[str, bool] = {p.id: p.start <= iso for p in policy.phases}
    owed: dict[str, list[Owed]] = {}
    base = f"cycles/{cycle_id}"

    owners = tuple(o for o in (repo.org.policy_owners if repo.org else ()) if o in facts.people)

    def manager(pid: str) -> tuple[tuple[str, ...], tuple[Note, ...]]:
        """Who answers for PID's manager on the day judged, and a note: the manager, or the
        policy owners when PID has none or the manager has left (the note says so)."""
        person = repo.people.get(pid)
        boss = person.manager if person is not None else None
        if boss is None:
            return owners, ()
        if boss in facts.people:
            return (boss,), ()
        gone = repo.people.get(boss)
        if gone is not None and gone.left:
            return owners, _note("note_manager_left", id=boss, day=gone.left)
        return owners, _note("note_manager_gone", id=boss)

    def with_manager(pid: str, owers: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[Note, ...]]:
        """OWERS of PID's item, PID's manager among them standing for whoever answers for them."""
        boss = repo.people[pid].manager if pid in repo.people else None
        instead, note = manager(pid)
        who = tuple(o for w in owers for o in (instead if w == boss else (w,)))
        return who, note if boss in owers else ()

    def add(
        phase: str,
        kind: str,
        person: str,
        owers: Iterable[str | None],
        due: date | None,
        path: str,
        note: tuple[Note, ...] = (),
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

    # goal setting: contracts written and signed by both parties
    if started.get("goal_setting"):
        due = phase_end("goal_setting")
        for pid in facts.expected:
            if pid not in cycle.contracts:
                path = contract_path(cycle_id, pid)
                who, note = manager(pid)
                add("goal_setting", "contract_missing", pid, (pid, *who), due, path, note)
        for pid in facts.contracts:
            if cycle.contracts[pid].placeholders():
                path = contract_path(cycle_id, pid)
                who, note = manager(pid)
                add("goal_setting", "contract_unfinished", pid, (pid, *who), due, path, note)
        if facts.judged:
            for pid in facts.contracts:
                if facts.unsigned[pid]:
                    path = contract_path(cycle_id, pid)
                    who, note = with_manager(pid, facts.unsigned[pid])
                    add("goal_setting", "contract_unsigned", pid, who, due, path, note)

    # reviews: self and manager, for everyone with a contract
    for reviews in facts.reviews:
        if not started.get(reviews.phase):
            continue
        due = phase_end(reviews.phase)
        for pid in reviews.owed:
            if pid in reviews.done:
                continue
            rater = _rater(repo.people[pid], reviews.role)
            path = f"{base}/reviews/{pid}/{reviews.role}-{rater}.yaml"
            who, note = with_manager(pid, (rater,) if rater else ())
            add(reviews.phase, f"{reviews.role}_review", pid, who, due, path, note)

    # interviews after a failing grade, from the day the results give them
    phase_id = "interviews" if policy.phase("interviews") else "results"
    for interview in facts.interviews:
        if interview.done or (interview.since is not None and iso < interview.since):
            continue
        who, note = manager(interview.person)
        add(
            phase_id,
            "interview",
            interview.person,
            who,
            _day(interview.due),
            f"{base}/interviews/{interview.person}.yaml",
            (*_note("note_grade", grade=str(interview.grade)), *note),
        )

    # check-ins at the policy's cadence, and deliverables past due (the checkins phase)
    phase_id = "checkins" if policy.phase("checkins") else _now(policy, iso)
    for checkin in facts.checkins:
        if not checkin.owed:
            continue
        since = (
            _note("note_checkin_last", kind=checkin.kind, day=checkin.last)
            if checkin.last
            else _note("note_checkin_none", kind=checkin.kind)
        )
        who, note = manager(checkin.person)
        add(
            phase_id,
            "checkin_due",
            checkin.person,
            who,
            _day(checkin.due),
            f"{base}/checkins/{checkin.person}.yaml",
            (*since, *note),
        )
    for late in facts.deliverables:
        add(
            phase_id,
            "deliverable_late",
            late.person,
            (late.person,),
            _day(late.due),
            contract_path(cycle_id, late.person),
            _note("note_deliverable", item=late.item, title=late.title),
        )

    # improvement plans: weekly check-ins, then a final evaluation
    for state in facts.plans:
        pid = state.person
        if state.start > iso or state.status != "in_progress":
            continue
        plan = cycle.plans[pid]
        path = f"{base}/plans/{pid}.yaml"
        end = date.fromisoformat(plan.end)
        who, note = manager(pid)
        if today > end:
            add(PLANS, "plan_evaluation", pid, who, end, path, note)
            continue
        last = max([plan.start, *(c.date for c in plan.checkins if c.date <= iso)])
        due = min(date.fromisoformat(last) + timedelta(days=PLAN_CHECKIN_DAYS), end)
        add(
            PLANS,
            "plan_checkin",
            pid,
            (*who, pid),
            due,
            path,
            (*_note("note_last", day=last), *note),
        )

    # appeals: answered within the policy's working days
    days = policy.appeal_answer_working_days
    phase_id = "appeals" if policy.phase("appeals") else PLANS
    for appeal in facts.appeals:
        if appeal.state == "closed":
            continue
        filed = appeal.appeal.filed
        add(
            phase_id,
            "appeal_answer",
            appeal.person,
            owners,
            _day(appeal.due),
            f"{base}/appeals/{appeal.person}.yaml",
            _note("note_filed_within", day=filed, n=str(days))
            if days is not None
            else _note("note_filed_open", day=filed),
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
    return CycleStatus(cycle_id, policy.title, iso, current, tuple(phases), facts.judged)


def _now(policy: m.Policy, iso: str) -> str:
    """The phase under way on ISO (the first one listed); else the policy's first phase."""
    return next((p.id for p in policy.phases if _running(p, iso)), policy.phases[0].id)


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
