"""The documents of a perfcode repository, as frozen dataclasses.

Everything past the loader works on these types, never on raw YAML mappings.
Numbers are `Decimal` (scoring is decimal arithmetic); dates are ISO strings
(`YYYY-MM-DD`, already checked by the schema), which sort as dates do.
Every document knows the repository-relative path it came from (`path`), so a rule
can point a problem at it; the person and cycle come from the path, never from inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ROLES = ("self", "manager", "peer", "subordinate", "customer")
AGGREGATED = "aggregated"


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    head: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Org:
    path: str
    name: str
    language: str
    policy_owners: tuple[str, ...]
    groups: tuple[Group, ...]
    departments: tuple[Department, ...]


@dataclass(frozen=True, slots=True)
class Person:
    path: str
    id: str
    name: str
    github: str
    email: str | None
    title: str
    department: str
    manager: str | None
    group: str
    joined: str
    left: str | None


# --- the cycle's policy (cycle.yaml) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    start: str
    end: str | None


@dataclass(frozen=True, slots=True)
class Level:
    value: Decimal
    label: str


@dataclass(frozen=True, slots=True)
class Threshold:
    """Achievement (actual vs target, in percent) mapped to a rating."""

    rating: Decimal
    min_percent: Decimal | None  # reached when achievement >= min_percent
    above_percent: Decimal | None  # reached when achievement > above_percent

    @property
    def percent(self) -> Decimal:
        value = self.min_percent if self.min_percent is not None else self.above_percent
        assert value is not None
        return value


@dataclass(frozen=True, slots=True)
class SectionDef:
    id: str
    name: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class RollupComponent:
    source: str  # checks | reviews | cycles
    weight: Decimal
    kinds: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    sections: tuple[SectionDef, ...]
    rollup: tuple[RollupComponent, ...] = ()


@dataclass(frozen=True, slots=True)
class Grade:
    id: str
    name: str
    min: Decimal
    below: Decimal | None
    failing: bool


@dataclass(frozen=True, slots=True)
class Quota:
    grade: str
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Distribution:
    by: str  # group | department | all
    min_population: int
    quotas: tuple[Quota, ...]


@dataclass(frozen=True, slots=True)
class OutcomeRule:
    id: str
    name: str
    when: str  # top_percent | bottom_percent | grades | declines | score_above | score_below
    value: Decimal | None  # for the numeric conditions
    grades: tuple[str, ...]  # for `grades`
    within_days: int | None


@dataclass(frozen=True, slots=True)
class Publication:
    scores: bool
    grades: bool
    comments: bool
    feedback: str  # none | aggregated | full
    min_raters: int


@dataclass(frozen=True, slots=True)
class Policy:
    path: str
    cycle: str
    title: str
    language: str
    period_start: str
    period_end: str
    previous: str | None
    phases: tuple[Phase, ...]
    scale_min: Decimal
    scale_max: Decimal
    levels: tuple[Level, ...]
    achievement: tuple[Threshold, ...]
    rater_weights: tuple[tuple[str, Decimal], ...]
    required_roles: tuple[str, ...]
    templates: tuple[Template, ...]
    commendation_max: Decimal | None
    penalty_max: Decimal | None
    grades: tuple[Grade, ...]
    distribution: Distribution | None
    outcomes: tuple[OutcomeRule, ...]
    pay_ratio: bool
    appeal_window_days: int | None
    appeal_answer_working_days: int | None
    holidays: tuple[str, ...]
    workdays: tuple[str, ...]
    publication: Publication

    def template(self, template_id: str) -> Template | None:
        for template in self.templates:
            if template.id == template_id:
                return template
        return None

    def grade(self, grade_id: str) -> Grade | None:
        for grade in self.grades:
            if grade.id == grade_id:
                return grade
        return None

    def phase(self, phase_id: str) -> Phase | None:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        return None

    def rater_weight(self, role: str) -> Decimal:
        for name, weight in self.rater_weights:
            if name == role:
                return weight
        return Decimal(0)


# --- goals and contracts ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    title: str
    measure: str | None
    supports: tuple[str, ...]
    department: str | None  # None: a company goal


@dataclass(frozen=True, slots=True)
class Goals:
    path: str
    cycle: str
    goals: tuple[Goal, ...]

    def get(self, goal_id: str) -> Goal | None:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        return None


@dataclass(frozen=True, slots=True)
class Target:
    value: Decimal
    unit: str | None
    better: str  # higher | lower


@dataclass(frozen=True, slots=True)
class Deliverable:
    title: str
    due: str
    done: str | None


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    section: str
    title: str
    output: str | None
    measure: str | None
    weight: Decimal
    supports: tuple[str, ...]
    deliverables: tuple[Deliverable, ...]
    target: Target | None


@dataclass(frozen=True, slots=True)
class Contract:
    path: str
    cycle: str
    person: str
    template: str
    supports: tuple[str, ...]
    personal_goals: tuple[str, ...]
    duties: tuple[str, ...]
    sections: tuple[str, ...]  # section ids in the order written
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None


# --- reviews and the record around them ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    item: str
    rating: Decimal | None
    actual: Decimal | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class Review:
    path: str
    cycle: str
    person: str
    role: str
    rater: str  # a person id, `aggregated`, or an external customer's slug
    submitted: str | None
    respondents: int | None
    collected_by: str | None
    ratings: tuple[Rating, ...]
    summary: str | None
    strengths: str | None
    improvements: str | None

    @property
    def aggregated(self) -> bool:
        return self.rater == AGGREGATED


@dataclass(frozen=True, slots=True)
class Progress:
    item: str
    status: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Checkin:
    date: str
    kind: str
    by: str | None
    score: Decimal | None
    progress: tuple[Progress, ...]
    notes: str | None


@dataclass(frozen=True, slots=True)
class Checkins:
    path: str
    cycle: str
    person: str
    entries: tuple[Checkin, ...]


@dataclass(frozen=True, slots=True)
class Adjustment:
    date: str
    kind: str  # commendation | penalty
    points: Decimal
    reason: str
    by: str | None


@dataclass(frozen=True, slots=True)
class Adjustments:
    path: str
    cycle: str
    person: str
    entries: tuple[Adjustment, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    person: str
    grade: str
    reason: str


@dataclass(frozen=True, slots=True)
class Calibration:
    path: str
    cycle: str
    date: str | None
    members: tuple[str, ...]
    decisions: tuple[Decision, ...]


@dataclass(frozen=True, slots=True)
class Interview:
    path: str
    cycle: str
    person: str
    date: str
    interviewer: str
    final_grade: str | None
    strengths: str | None
    weaknesses: str | None
    career_interests: str | None
    improvement: str | None
    subordinate_feedback: str | None
    employee_comments: str | None


@dataclass(frozen=True, slots=True)
class Gap:
    measure: str
    target: Decimal | None
    actual: Decimal | None
    unit: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class PlanTarget:
    measure: str
    target: Decimal | None
    unit: str | None
    due: str | None


@dataclass(frozen=True, slots=True)
class RootCause:
    kind: str
    method: str | None
    cause: str


@dataclass(frozen=True, slots=True)
class Action:
    action: str
    owner: str | None
    due: str | None
    resources: str | None


@dataclass(frozen=True, slots=True)
class SupportDuty:
    department: str
    duty: str


@dataclass(frozen=True, slots=True)
class PlanCheckin:
    date: str
    note: str | None
    status: str | None


@dataclass(frozen=True, slots=True)
class Evaluation:
    status: str
    date: str | None
    decision: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    path: str
    cycle: str
    person: str
    trigger: str
    start: str
    end: str
    gaps: tuple[Gap, ...]
    targets: tuple[PlanTarget, ...]
    root_causes: tuple[RootCause, ...]
    actions: tuple[Action, ...]
    employee_duties: tuple[str, ...]
    manager_duties: tuple[str, ...]
    support: tuple[SupportDuty, ...]
    checkins: tuple[PlanCheckin, ...]
    evaluation: Evaluation | None


@dataclass(frozen=True, slots=True)
class AppealAnswer:
    by: str
    date: str
    decision: str
    text: str | None
    new_grade: str | None
    pay_correction: bool


@dataclass(frozen=True, slots=True)
class Appeal:
    path: str
    cycle: str
    person: str
    filed: str
    about: str
    grade_received: str | None
    reason: str
    requested: str | None
    answer: AppealAnswer | None


@dataclass(frozen=True, slots=True)
class SignedBy:
    """One signature kept as evidence: who signed which commit, how and when."""

    person: str
    login: str
    how: str  # approval | author | comment
    review_id: int | None
    comment_id: int | None
    commit: str
    at: str | None


@dataclass(frozen=True, slots=True)
class SignatureRecord:
    """What signed a merged pull request (one entry of cycles/<cycle>/signatures.yaml)."""

    path: str
    cycle: str
    pr: int
    merged_at: str
    base: str
    head: str
    paths: tuple[str, ...]
    signatures: tuple[SignedBy, ...]
    missing: tuple[str, ...]
    previous: str | None
    digest: str


@dataclass(frozen=True, slots=True)
class Cycle:
    """Everything under cycles/<id>/ (results.yaml excepted: that is an output)."""

    id: str
    policy: Policy | None
    goals: Goals | None
    contracts: dict[str, Contract] = field(default_factory=dict)
    reviews: tuple[Review, ...] = ()
    checkins: dict[str, Checkins] = field(default_factory=dict)
    adjustments: dict[str, Adjustments] = field(default_factory=dict)
    calibration: Calibration | None = None
    interviews: dict[str, Interview] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    appeals: dict[str, Appeal] = field(default_factory=dict)
    signatures: tuple[SignatureRecord, ...] = ()

    _reviews_by_person: dict[str, tuple[Review, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        index: dict[str, list[Review]] = {}
        for review in self.reviews:
            index.setdefault(review.person, []).append(review)
        object.__setattr__(
            self, "_reviews_by_person", {person: tuple(found) for person, found in index.items()}
        )

    def reviews_of(self, person: str) -> tuple[Review, ...]:
        return self._reviews_by_person.get(person, ())


@dataclass(frozen=True, slots=True)
class Repository:
    root: str
    org: Org | None
    people: dict[str, Person]
    cycles: dict[str, Cycle]
    documents: int
    #: files that exist but could not be read as documents (their problems say why);
    #: rules treat what they name as existing, so one broken file is one problem, not fifty
    broken: frozenset[str] = frozenset()

    def person_exists(self, person_id: str) -> bool:
        return person_id in self.people or f"people/{person_id}.yaml" in self.broken

    def cycle_ids(self) -> list[str]:
        """Cycle ids, oldest first (ids sort chronologically: 2026, 2026-H1, 2026-Q3, 2026-07)."""
        return sorted(self.cycles, key=cycle_sort_key)


def cycle_sort_key(cycle_id: str) -> tuple[int, int, int]:
    """Order cycles by when they end, longer cycles after the shorter ones they contain."""
    year, _, rest = cycle_id.partition("-")
    if not rest:
        return (int(year), 12, 3)
    if rest.startswith("H"):
        return (int(year), 6 * int(rest[1:]), 2)
    if rest.startswith("Q"):
        return (int(year), 3 * int(rest[1:]), 1)
    return (int(year), int(rest), 0)
