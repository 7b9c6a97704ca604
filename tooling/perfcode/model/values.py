"""The closed sets: the values a field of the model may hold, as the schemas list them.

`Literal` types rather than enum classes: a value stays the plain string the record
holds, so every writer (YAML, JSON, text, pages) prints it unchanged, and mypy still
rejects a comparison with a value outside the set (`role == "boss"`). Where code needs
the set at run time, the tuple beside the type is derived from it (`ROLES`), so the
order and the spelling have one home. `tests/unit/model` checks each set against the
enum of its schema.
"""

from __future__ import annotations

from typing import Literal, get_args

#: languages a policy or the organisation may be written in
Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

#: who writes a review, in the order results and pages list them
Role = Literal["self", "manager", "peer", "subordinate", "customer"]
ROLES: tuple[Role, ...] = get_args(Role)

#: the rater of feedback that HR collected and averaged (`<role>-aggregated.yaml`)
AGGREGATED = "aggregated"

#: the phases of a cycle (cycle.yaml `phases[].id`)
PhaseId = Literal[
    "goal_setting",
    "checkins",
    "self_review",
    "manager_review",
    "calibration",
    "results",
    "interviews",
    "appeals",
    "closed",
]
PHASES: tuple[PhaseId, ...] = get_args(PhaseId)

#: where a roll-up component takes its score from
RollupSource = Literal["checks", "reviews", "cycles"]

#: kinds of check-in (checkins.yaml `entries[].kind`, a roll-up's `kinds`)
CheckinKind = Literal["weekly", "fortnightly", "monthly_check", "monthly_appraisal", "one_to_one"]
CHECKIN_KINDS: tuple[CheckinKind, ...] = get_args(CheckinKind)

#: how the forced distribution groups people into populations
PopulationBy = Literal["group", "department", "all"]

#: the one condition of an outcome rule (the key under `when:`)
OutcomeWhen = Literal[
    "top_percent", "bottom_percent", "grades", "declines", "score_above", "score_below"
]
OUTCOME_CONDITIONS: tuple[OutcomeWhen, ...] = get_args(OutcomeWhen)

#: how peer / subordinate / customer feedback is published
Feedback = Literal["none", "aggregated", "full"]

#: who a site is for: `public` what each policy publishes, `private` (HR) every record,
#: `me` one person's own record (built locally with their key: `perfcode site --audience me`)
Audience = Literal["public", "private", "me"]
AUDIENCES: tuple[Audience, ...] = get_args(Audience)

#: which way a measured item's target is better
Better = Literal["higher", "lower"]

#: an adjustment adds points (commendation) or takes them away (penalty)
AdjustmentKind = Literal["commendation", "penalty"]

#: progress of a contract item at a check-in, or of an improvement plan
ProgressStatus = Literal["not_started", "on_track", "at_risk", "late", "done"]

#: why an improvement plan was opened
PlanTrigger = Literal["failed_review", "role_change", "self_requested", "consecutive_decline"]

#: where a root cause of a gap lies
RootCauseKind = Literal["personal", "environmental"]

#: how an improvement plan ended
EvaluationStatus = Literal["in_progress", "met", "not_met"]

#: what an appeal is about
AppealAbout = Literal["grade", "score", "rating", "process"]

#: how an appeal was answered
AppealDecision = Literal["upheld", "changed", "rejected"]

#: how a signature was given on a pull request
SignatureHow = Literal["approval", "comment"]
