"""The records of a cycle: goals, contracts, reviews, check-ins, adjustments, calibration,
interviews, improvement plans and appeals (one document each, under cycles/<cycle>/).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfcode.model.values import (
    AGGREGATED,
    AdjustmentKind,
    AppealAbout,
    AppealDecision,
    Better,
    CheckinKind,
    EvaluationStatus,
    PlanTrigger,
    ProgressStatus,
    Role,
    RootCauseKind,
)
from perfcode.model.words import Words


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
    better: Better


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


#: what `perfcode new` writes where a person must write something (by language)
PLACEHOLDERS = {"zh": "(待填写)", "en": "(to be written)"}


def holds_placeholder(text: str | None) -> bool:
    return text is not None and any(mark in text for mark in PLACEHOLDERS.values())


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

    def placeholders(self) -> tuple[tuple[str | int, ...], ...]:
        """Where the contract still holds a scaffold placeholder (pointers into the file):
        a contract that does is not agreed yet."""
        found: list[tuple[str | int, ...]] = []
        for field in ("personal_goals", "duties"):
            for index, text in enumerate(getattr(self, field)):
                if holds_placeholder(text):
                    found.append((field, index))
        position: dict[str, int] = {}
        for item in self.items:
            index = position.get(item.section, 0)
            position[item.section] = index + 1
            for field in ("title", "output", "measure"):
                if holds_placeholder(getattr(item, field)):
                    found.append(("sections", item.section, index, field))
        return tuple(found)


# --- reviews and the record around them ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    item: str
    rating: Decimal | None
    actual: Decimal | None
    comment: Words | None


@dataclass(frozen=True, slots=True)
class Review:
    path: str
    cycle: str
    person: str
    role: Role
    rater: str  # a person id, `aggregated`, or an external customer's slug
    submitted: str | None
    raters: int  # how many raters it gathers: `raters:` of an aggregated review, else 1
    collected_by: str | None
    ratings: tuple[Rating, ...]
    summary: Words | None
    strengths: Words | None
    improvements: Words | None

    @property
    def aggregated(self) -> bool:
        return self.rater == AGGREGATED

    @property
    def draft(self) -> bool:
        """A review without `submitted:` is a draft: it does not count. The one rule,
        used by scoring (the person stays incomplete), `status` (the review is still owed)
        and the site (shown as a draft)."""
        return self.submitted is None


@dataclass(frozen=True, slots=True)
class Progress:
    item: str
    status: ProgressStatus
    note: Words | None


@dataclass(frozen=True, slots=True)
class Checkin:
    date: str
    kind: CheckinKind
    by: str | None
    score: Decimal | None
    progress: tuple[Progress, ...]
    notes: Words | None


@dataclass(frozen=True, slots=True)
class Checkins:
    path: str
    cycle: str
    person: str
    entries: tuple[Checkin, ...]


@dataclass(frozen=True, slots=True)
class Adjustment:
    date: str
    kind: AdjustmentKind
    points: Decimal
    reason: Words
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
    reason: Words


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
    strengths: Words | None
    weaknesses: Words | None
    career_interests: Words | None
    improvement: Words | None
    subordinate_feedback: Words | None
    employee_comments: Words | None


@dataclass(frozen=True, slots=True)
class Gap:
    measure: str
    target: Decimal | None
    actual: Decimal | None
    unit: str | None
    note: Words | None


@dataclass(frozen=True, slots=True)
class PlanTarget:
    measure: str
    target: Decimal | None
    unit: str | None
    due: str | None


@dataclass(frozen=True, slots=True)
class RootCause:
    kind: RootCauseKind
    method: str | None
    cause: Words


@dataclass(frozen=True, slots=True)
class Action:
    action: Words
    owner: str | None
    due: str | None
    resources: Words | None


@dataclass(frozen=True, slots=True)
class SupportDuty:
    department: str
    duty: str


@dataclass(frozen=True, slots=True)
class PlanCheckin:
    date: str
    note: Words | None
    status: ProgressStatus | None


@dataclass(frozen=True, slots=True)
class Evaluation:
    status: EvaluationStatus
    date: str | None
    decision: Words | None
    note: Words | None


@dataclass(frozen=True, slots=True)
class Plan:
    path: str
    cycle: str
    person: str
    trigger: PlanTrigger
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
    decision: AppealDecision
    text: Words | None
    new_grade: str | None
    pay_correction: bool


@dataclass(frozen=True, slots=True)
class Appeal:
    path: str
    cycle: str
    person: str
    filed: str
    about: AppealAbout
    grade_received: str | None
    reason: Words
    requested: Words | None
    answer: AppealAnswer | None
