"""A cycle's policy (cycles/<cycle>/cycle.yaml): phases, scale, templates, grades, rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from perfcode.model.registry import Person
from perfcode.model.values import (
    Audience,
    CheckinKind,
    Feedback,
    Language,
    OutcomeWhen,
    PhaseId,
    PopulationBy,
    Role,
    RollupSource,
)
from perfcode.model.words import Confidential


@dataclass(frozen=True, slots=True)
class Phase:
    id: PhaseId
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
    source: RollupSource
    weight: Decimal
    kinds: tuple[CheckinKind, ...] = ()
    cycles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often one kind of check-in is held during the checkins phase (cycle.yaml
    `checkins:`, e.g. `fortnightly: {weeks: 2}`): every `days` days, or every `months`
    months (the same day of the month, or the month's last day)."""

    kind: CheckinKind
    days: int = 0
    months: int = 0


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    sections: tuple[SectionDef, ...]
    rollup: tuple[RollupComponent, ...] = ()

    @property
    def needs_reviews(self) -> bool:
        """Whether people of this template are reviewed in the cycle: a template without a
        roll-up, or whose roll-up has a `reviews` component. A pure roll-up (only sub-cycles
        and/or checks, seed 003's quarter made of its months) has no sections and needs no
        reviews: no role is required, and nobody owes one (scoring, status, `new review`)."""
        return not self.rollup or any(c.source == "reviews" for c in self.rollup)


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


#: the fewest scored people a population needs before anything is decided by rank in it
#: (the forced distribution, top/bottom N% outcomes), when the policy does not say
#: (`distribution: min_population:`, or no distribution at all): the one home of the default
DEFAULT_MIN_POPULATION = 5


@dataclass(frozen=True, slots=True)
class Distribution:
    by: PopulationBy
    min_population: int
    quotas: tuple[Quota, ...]


#: the day that makes someone a leaver of the cycle: the period's last day, or the first
#: day of the results phase
LeaversBy = Literal["period_end", "results"]
LEAVERS_BY: tuple[LeaversBy, ...] = get_args(LeaversBy)


@dataclass(frozen=True, slots=True)
class Leavers:
    """What a cycle does with people who left (cycle.yaml `leavers:`); the defaults are
    the policy's when it says nothing: someone who left by the period's end is not scored
    and not counted in their population."""

    by: LeaversBy = "period_end"
    scored: bool = False  # leavers are scored (else: status `left`, no score or grade)
    in_quotas: bool = False  # scored leavers count in their population (rank, quotas, shares)


@dataclass(frozen=True, slots=True)
class OutcomeRule:
    id: str
    name: str
    when: OutcomeWhen
    value: Decimal | None  # for the numeric conditions
    grades: tuple[str, ...]  # for `grades`
    within_days: int | None


@dataclass(frozen=True, slots=True)
class Publication:
    """What a published site shows (cycle.yaml `publication`), or, after `seen_by`, what
    one audience sees: the one home of the publication rules."""

    scores: bool
    grades: bool
    comments: bool
    feedback: Feedback
    min_raters: int  # aggregated feedback is shown only with at least this many raters
    plans: bool = False  # improvement plans (absent from a policy: HR only)
    interviews: bool = False  # review interviews (absent: HR only)
    appeals: bool = False  # appeals and HR's answers (absent: HR only)

    def seen_by(self, audience: Audience) -> Publication:
        """What AUDIENCE sees: `private` (HR) sees everything, every rater by name;
        `public` sees what the policy allows, and feedback never by name (a policy's
        `full` is shown aggregated), from at least one rater; `me` (a person's own record)
        sees all of it, their raters as anonymous as the public's."""
        if audience == "private":
            return Publication(True, True, True, "full", 1, True, True, True)
        feedback: Feedback = "none" if self.feedback == "none" else "aggregated"
        if audience == "me":
            fewest = max(1, self.min_raters)
            return Publication(True, True, True, feedback, fewest, True, True, True)
        return Publication(
            self.scores,
            self.grades,
            self.comments,
            feedback,
            max(1, self.min_raters),
            self.plans,
            self.interviews,
            self.appeals,
        )


@dataclass(frozen=True, slots=True)
class Policy:
    path: str
    cycle: str
    title: str
    language: Language
    period_start: str
    period_end: str
    previous: str | None
    phases: tuple[Phase, ...]
    scale_min: Decimal
    scale_max: Decimal
    levels: tuple[Level, ...]
    achievement: tuple[Threshold, ...]
    rater_weights: tuple[tuple[Role, Decimal], ...]
    required_roles: tuple[Role, ...]
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
    #: roles whose feedback is anonymous → the fewest raters an aggregated review of that
    #: role may gather (cycle.yaml `raters: anonymous:`); such a role's reviews are filed
    #: only as `<role>-aggregated.yaml`
    anonymous: tuple[tuple[Role, int], ...] = ()
    #: the most points one commendation (one penalty) counts for (cycle.yaml
    #: `adjustments: commendation_entry_max`, seed 002's 加1~10分); None: no cap per entry
    commendation_entry_max: Decimal | None = None
    penalty_entry_max: Decimal | None = None
    #: check-in scores above 100 (a check plus its commendations) count in the roll-up as
    #: they are (`adjustments: checks_above_100`, seed 002); without it validate refuses them
    checks_above_100: bool = False
    #: a final score that penalties take below zero is 0 (`adjustments: floor_at_zero`,
    #: true unless the policy says false), and so is its pay ratio
    floor_at_zero: bool = True
    #: which words are confidential and who besides the person reads them (`confidential:`)
    confidential: Confidential = field(default_factory=Confidential)
    #: people who left during the cycle (cycle.yaml `leavers:`)
    leavers: Leavers = Leavers()
    #: the check-ins held during the checkins phase, by kind (cycle.yaml `checkins:`)
    cadence: tuple[Cadence, ...] = ()

    @property
    def min_population(self) -> int:
        """The fewest scored people a population needs for rank-based grades and outcomes."""
        if self.distribution is not None:
            return self.distribution.min_population
        return DEFAULT_MIN_POPULATION

    @property
    def leavers_day(self) -> str:
        """Someone who left on or before this day is a leaver of the cycle (`leavers: by:`):
        the period's end, or the start of the results phase (the period's end without one)."""
        if self.leavers.by == "results":
            phase = self.phase("results")
            if phase is not None:
                return phase.start
        return self.period_end

    def leaver(self, person: Person | None) -> bool:
        """Whether PERSON is a leaver of this cycle: the one rule, for scoring and the site
        (`status` asks `Person.left_by` on the day it judges)."""
        return person is not None and person.left_by(self.leavers_day)

    def scores(self, person: Person | None) -> bool:
        """Whether scoring scores the contract of PERSON: anyone but a leaver, and leavers
        too when `leavers: {scored: true}`. The one rule of who scoring expects (score_cycle,
        and the site's dashboard counts its 'scored' row against it)."""
        return self.leavers.scored or not self.leaver(person)

    def reviews_needed(self, template_id: str) -> bool:
        """Whether a contract on TEMPLATE_ID is reviewed in this cycle (`Template.needs_reviews`;
        an unknown template: yes, its contract's own problem says what is wrong)."""
        template = self.template(template_id)
        return template is None or template.needs_reviews

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

    def anonymous_minimum(self, role: str) -> int | None:
        """The fewest raters an aggregated review of ROLE must gather, when the policy makes
        ROLE anonymous; None when it does not."""
        for name, minimum in self.anonymous:
            if name == role:
                return minimum
        return None

    def rater_weight(self, role: str) -> Decimal:
        for name, weight in self.rater_weights:
            if name == role:
                return weight
        return Decimal(0)
