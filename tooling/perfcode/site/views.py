"""The audience applied once: the scored repository in, the data the pages are made from
out, with everything the audience may not see already absent.

Pure. What an audience sees is `Publication.seen_by` (the model's one home of the
publication rules): `private` (HR) sees every record and every rater by name; `public`
sees what each cycle's `publication` settings allow, and peer / subordinate / customer
feedback only as an average of at least `min_raters` raters, without names. Here those
rules are applied to records: a hidden score is `None`, hidden comments are `None` (or
left out of a tuple), a hidden table column is a `False` in the view's `columns`, a rater
who may not be named has no person id. The templates (templates/pages/) only lay out what
they are given; `pages` turns views into Markdown, links and charts.

The public audience, rule by rule (`seen`, and the functions named):

- Results once published. A cycle's scores, grades, ranks, pay ratios, outcomes and
  explanations are public from the first day of its `results` phase (`results_from`;
  without one, the first later phase; without any, never), judged on the day the site
  reports on; before that the public site shows progress only. Interviews, plans and
  appeals follow results, so they wait too.
- `grades: false`: no grade anywhere (results, the explanation's band, quota, calibration
  and grade lines, the interview's final grade, the appeal's grades, a plan's trigger
  "failed review", the team table, the dashboard's distribution). `scores: false`
  likewise for scores, ranks, check scores, adjustments and pay ratios.
- Outcomes (`outcome_shown`) only as far as what they are decided on is shown: on grades
  when grades are, on rank or score when scores are; an outcome decided on a failing grade
  or on declines leads to an interview or an improvement plan, so it is shown only when
  both of those are public. The explanation never lists outcomes publicly, nor says
  whether there are any.
- Plans, interviews and appeals only with their switch (`plans`, `interviews`, `appeals`;
  off unless the policy turns them on), in the person's page, the dashboard's rows and the
  signature evidence alike.
- Nothing hidden can be worked out (`withheld_roles`): a role's feedback is withheld for a
  person when the policy publishes no feedback, or fewer raters gave it than
  `min_raters` (or, for a role the policy makes anonymous, than that role's minimum).
  When any role is withheld, the page shows no number below the person's total for that
  cycle: no self or manager ratings per item, no role averages, no achievement actuals,
  and no section scores either (a section scored at its maximum tells that every rater,
  the withheld one included, gave the top rating); only the totals that mix every role and
  every item in (base and final score), from which a single rater's ratings cannot be
  solved.
- Numbers combined over people (`DashboardView`): a grade distribution, a score histogram,
  a population's quota table or a manager's average rating given is shown only when it is
  made from at least `min_raters` people; so are a manager's direct reports' progress
  counts (`ReportsView`), and their progress person by person is shown only where people
  are named (HR's edition).
- Signature evidence (`Evidence.files`): the documents in words ("绩效契约", "自评"), only
  those of kinds the audience sees, never a path, and never a peer, subordinate or
  customer review (its path names the rater).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from perfcode import layout
from perfcode import model as m
from perfcode.explain import steps
from perfcode.explain import text as explain_text
from perfcode.i18n import Labels
from perfcode.score import CycleResult, Outcome, PersonResult, PopulationReport
from perfcode.signatures.evidence import person_paths, signed_evidence
from perfcode.site.numbers import num
from perfcode.workflow import owed

NAMED_ROLES = ("self", "manager")
TWO = Decimal("0.01")


#: phases after which a cycle's results are out, in the order they follow `results`
_AFTER_RESULTS: tuple[m.PhaseId, ...] = ("results", "interviews", "appeals", "closed")


def results_from(policy: m.Policy) -> str | None:
    """The first day the cycle's results are public: the start of its `results` phase (or
    of the first phase after it); None: the policy has no such phase, never."""
    for phase_id in _AFTER_RESULTS:
        phase = policy.phase(phase_id)
        if phase is not None:
            return phase.start
    return None


def published(repo: m.Repository, policy: m.Policy, audience: m.Audience, today: str) -> bool:
    """Whether `audience` sees the cycle's results on `today` (HR always does): the public
    only once `perfcode publish` wrote the cycle's results.yaml (merged, signed by HR) and
    the results phase has begun; until then the results are provisional."""
    if audience == "private":
        return True
    start = results_from(policy)
    written = f"cycles/{policy.cycle}/results.yaml" in repo.blobs
    return written and start is not None and start <= today


def seen(repo: m.Repository, policy: m.Policy, audience: m.Audience, today: str) -> m.Publication:
    """What `audience` sees of the cycle that `policy` governs, on `today`: before its
    results are published, no scores, grades, plans, interviews or appeals."""
    shown = policy.publication.seen_by(audience)
    if published(repo, policy, audience, today):
        return shown
    return replace(shown, scores=False, grades=False, plans=False, interviews=False, appeals=False)


def outcome_shown(rule: m.OutcomeRule | None, policy: m.Policy, shown: m.Publication) -> bool:
    """Whether an outcome of `rule` may be shown: what it is decided on is shown, and it
    does not announce an interview or a plan that is not (see the module's rules)."""
    if rule is None:
        return False
    failing = {g.id for g in policy.grades if g.failing}
    procedure = rule.when == "declines" or (
        rule.when == "grades" and any(g in failing for g in rule.grades)
    )
    if procedure and not (shown.interviews and shown.plans):
        return False
    if rule.when == "grades":
        return shown.grades
    return shown.scores


def minimum_raters(policy: m.Policy, shown: m.Publication, role: str) -> int:
    """How many raters a role's feedback needs before the audience sees it (not by name)."""
    anonymous = [minimum for name, minimum in policy.anonymous if name == role]
    return max([shown.min_raters, *anonymous])


def by_name(shown: m.Publication) -> bool:
    """Whether every rater (and every person in a list) is shown by name."""
    return shown.feedback == "full"


def grade_text(policy: m.Policy, grade_id: str | None) -> str:
    if grade_id is None:
        return ""
    grade = policy.grade(grade_id)
    return f"{grade.id} {grade.name}" if grade is not None else grade_id


def group_name(repo: m.Repository, group_id: str) -> str:
    if repo.org is not None:
        for group in repo.org.groups:
            if group.id == group_id:
                return group.name
    return group_id


# --- a person's result -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultView:
    """A person's result in a cycle as the audience sees it (None: not published)."""

    status: str
    score: Decimal | None
    band_grade: str | None  # grade texts ("B 良好")
    grade: str | None
    rank: str | None  # "3 / 一线员工"
    pay_ratio: Decimal | None
    outcomes: tuple[Outcome, ...]  # only those `outcome_shown` allows
    missing: tuple[str, ...]
    published: bool  # False: the cycle's results are not public yet (progress only)
    published_from: str | None  # the day they will be
    left: str | None = None  # a leaver of the cycle: the day they left (`Policy.leaver`)


def result_view(
    repo: m.Repository,
    policy: m.Policy,
    result: PersonResult,
    shown: m.Publication,
    is_published: bool = True,
) -> ResultView:
    rank = (
        f"{result.rank} / {group_name(repo, result.population or '')}"
        if shown.scores and result.rank
        else None
    )
    rules = {rule.id: rule for rule in policy.outcomes}
    return ResultView(
        status=result.status,
        score=result.score if shown.scores else None,
        band_grade=grade_text(policy, result.band_grade) if shown.grades else None,
        grade=grade_text(policy, result.grade) if shown.grades else None,
        rank=rank,
        pay_ratio=result.pay_ratio if shown.scores else None,
        outcomes=tuple(o for o in result.outcomes if outcome_shown(rules.get(o.id), policy, shown)),
        missing=tuple(result.missing),
        published=is_published,
        published_from=None if is_published else results_from(policy),
        left=result.left,
    )


# --- reviews -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rater:
    """Who gave a review: a person of the registry (linked), or a label."""

    person: str | None
    label: str


@dataclass(frozen=True, slots=True)
class NamedReview:
    rater: Rater
    submitted: str | None
    draft: bool  # not submitted: shown as a draft, counted nowhere (`Review.draft`)
    ratings: tuple[m.Rating, ...] | None  # None: scores are not published
    texts: tuple[tuple[str, m.Words], ...] | None  # summary, strengths…; None: comments hidden


@dataclass(frozen=True, slots=True)
class RoleBlock:
    role: str
    named: bool  # raters shown by name (self, manager, or the private edition)
    note: str  # why something is not shown, or how it is aggregated
    reviews: tuple[NamedReview, ...]  # named
    aggregate: tuple[tuple[str, str], ...]  # (item title, mean) — aggregated
    comments: tuple[m.Words, ...]  # aggregated


def _role_means(result: PersonResult | None) -> dict[tuple[str, str], Decimal]:
    """(item, role) → the role's mean rating of the item, as scoring computed it."""
    means: dict[tuple[str, str], Decimal] = {}
    if result is None:
        return means
    for section in result.sections:
        for item in section.items:
            for role in (*item.roles, *item.ignored):
                means[(item.item, role.role)] = role.rating
    return means


def _direct_mean(reviews: Iterable[m.Review], item: str) -> Decimal | None:
    values = [r.rating for review in reviews for r in review.ratings if r.item == item]
    given = [v for v in values if v is not None]
    if not given:
        return None
    return (sum(given, Decimal(0)) / len(given)).quantize(TWO)


def _named(
    repo: m.Repository, review: m.Review, shown: m.Publication, numbers: bool, t: Labels
) -> NamedReview:
    if review.rater in repo.people:
        rater = Rater(review.rater, "")
    elif review.aggregated:
        rater = Rater(None, f"{t.word('aggregated')} ({review.raters} {t('respondents')})")
    else:
        rater = Rater(None, review.rater)
    ratings = review.ratings
    if not shown.comments:
        ratings = tuple(replace(r, comment=None) for r in ratings)
    texts = (
        tuple(
            (key, value)
            for key, value in (
                ("summary", review.summary),
                ("strengths", review.strengths),
                ("improvements", review.improvements),
            )
            if value
        )
        if shown.comments
        else None
    )
    return NamedReview(rater, review.submitted, review.draft, ratings if numbers else None, texts)


def _by_role(cycle: m.Cycle, person_id: str, *, drafts: bool = False) -> dict[str, list[m.Review]]:
    """The person's reviews by role: those that count, and with DRAFTS the drafts too."""
    by_role: dict[str, list[m.Review]] = {}
    for review in cycle.reviews_of(person_id):
        if drafts or not review.draft:
            by_role.setdefault(review.role, []).append(review)
    return by_role


def _count(reviews: Iterable[m.Review]) -> int:
    """How many raters the reviews gather (an aggregated review counts its raters)."""
    return sum(r.raters if r.aggregated else 1 for r in reviews)


def withheld_roles(cycle: m.Cycle, person_id: str, shown: m.Publication) -> tuple[str, ...]:
    """The roles whose feedback on the person the audience may not see: feedback not
    published, or from fewer raters than the role needs (`minimum_raters`)."""
    policy = cycle.policy
    assert policy is not None
    if by_name(shown):
        return ()
    by_role = _by_role(cycle, person_id)
    return tuple(
        role
        for role in m.ROLES
        if role not in NAMED_ROLES
        and by_role.get(role)
        and (
            shown.feedback == "none" or _count(by_role[role]) < minimum_raters(policy, shown, role)
        )
    )


def role_blocks(
    repo: m.Repository,
    cycle: m.Cycle,
    person_id: str,
    result: PersonResult | None,
    shown: m.Publication,
    t: Labels,
) -> tuple[RoleBlock, ...]:
    """The reviews by role. Numbers per item (a named rater's ratings, a role's averages)
    only when scores are shown and no role is withheld (`withheld_roles`): beside the item
    weights, rater weights and section scores they would let a withheld rating be solved."""
    policy = cycle.policy
    assert policy is not None
    contract = cycle.contracts.get(person_id)
    titles = {i.id: i.title for i in contract.items} if contract else {}
    means = _role_means(result)
    with_drafts = _by_role(cycle, person_id, drafts=True)
    by_role = _by_role(cycle, person_id)
    withheld = withheld_roles(cycle, person_id, shown)
    numbers = shown.scores and not withheld
    blocks: list[RoleBlock] = []
    for role in m.ROLES:
        if by_name(shown) or role in NAMED_ROLES:
            drafted = with_drafts.get(role, [])
            if drafted:
                named = tuple(_named(repo, r, shown, numbers, t) for r in drafted)
                blocks.append(RoleBlock(role, True, "", named, (), ()))
            continue
        reviews = by_role.get(role, [])  # anonymous: only what counts is gathered
        if not reviews:
            continue
        count = _count(reviews)
        if shown.feedback == "none":
            note = t("feedback_hidden", role=t.role(role))
            blocks.append(RoleBlock(role, False, note, (), (), ()))
            continue
        minimum = minimum_raters(policy, shown, role)
        if count < minimum:
            note = t("too_few_raters", role=t.role(role), count=count, min=minimum)
            blocks.append(RoleBlock(role, False, note, (), (), ()))
            continue
        seen_items: list[str] = []
        for review in reviews:
            for rating in review.ratings:
                if rating.item not in seen_items:
                    seen_items.append(rating.item)
        items = []
        for item in seen_items:
            mean = means.get((item, role))
            if mean is None:
                mean = _direct_mean(reviews, item)
            if numbers and mean is not None:
                items.append((titles.get(item, item), num(mean.quantize(TWO))))
        comments: list[m.Words] = []
        if shown.comments:
            for review in reviews:
                for text in (review.summary, review.strengths, review.improvements):
                    if text:
                        comments.append(text)
                for rating in review.ratings:
                    if rating.comment:
                        comments.append(rating.comment)
            comments.sort(key=str)  # a sealed comment sorts as its lock: no order to read
        note = t("anonymous_note", role=t.role(role), count=count)
        blocks.append(RoleBlock(role, False, note, (), tuple(items), tuple(comments)))
    return tuple(blocks)


# --- the rest of a cycle's records -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Columns:
    """Which of a person's tables carry a column the audience may not see."""

    comments: bool  # comment, notes and reason columns


@dataclass(frozen=True, slots=True)
class CalibrationView:
    date: str | None
    before: str | None  # the grade before calibration
    decisions: tuple[tuple[str, m.Words | None], ...]  # (grade after, reason or None: hidden)


@dataclass(frozen=True, slots=True)
class AppealView:
    appeal: m.Appeal  # as the audience sees it: grades hidden are None
    due: str | None
    reason: m.Words | None  # None: comments hidden
    requested: m.Words | None


@dataclass(frozen=True, slots=True)
class PlanView:
    plan: m.Plan  # as the audience sees it
    trigger: str | None  # the trigger's word id; None: it would tell a hidden grade or score


@dataclass(frozen=True, slots=True)
class Evidence:
    """A merged pull request as one person's page shows it: only that person's documents,
    and only the signatures (and missing signers) that concern them."""

    record: m.SignatureRecord
    files: tuple[str, ...]  # paths (HR's edition) or the documents in words (public)
    signed: tuple[m.SignedBy, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CycleRecord:
    cycle_id: str
    policy: m.Policy
    t: Labels
    columns: Columns
    result: ResultView | None
    contract: m.Contract | None
    goals: tuple[tuple[m.Goal, tuple[m.Goal, ...]], ...]  # supported goal, and its parents
    roles: tuple[RoleBlock, ...]
    checkins: m.Checkins | None
    explanation: tuple[str, ...]
    explanation_public: bool  # the explanation is the public edition's shorter chain
    adjustments: m.Adjustments | None  # None: none, or scores not published
    calibration: CalibrationView | None
    interview: m.Interview | None
    plan: PlanView | None
    appeal: AppealView | None
    signatures: tuple[Evidence, ...]
    unsigned: tuple[str, ...]  # documents whose current content carries no signatures
    withheld: str | None  # why no number per item or role is shown (a role withheld)


def explanation(
    result: CycleResult,
    repo: m.Repository,
    person_id: str,
    shown: m.Publication,
    withheld: bool = False,
) -> tuple[str, ...]:
    """The explanation's lines; the public edition shows the chain of totals, without the
    steps of single raters or the outcomes, without the section scores when a role is
    `withheld` and, unless the policy publishes them, without typed reasons, grades or
    scores."""
    chain = steps.steps(result, repo, person_id)
    if not by_name(shown):
        chain = steps.public(
            chain,
            free_text=shown.comments,
            scores=shown.scores,
            grades=shown.grades,
            outcomes=False,
            sections=not withheld,
            appeals=shown.appeals,
        )
    policy = repo.cycles[result.cycle].policy
    assert policy is not None
    return tuple(explain_text.render(chain, policy.language))


def _checkins(checkins: m.Checkins, shown: m.Publication) -> m.Checkins:
    entries = tuple(
        replace(
            c,
            score=c.score if shown.scores else None,
            notes=c.notes if shown.comments else None,
            progress=tuple(p if shown.comments else replace(p, note=None) for p in c.progress),
        )
        for c in checkins.entries
    )
    return replace(checkins, entries=entries)


def _adjustments(adjustments: m.Adjustments, shown: m.Publication) -> m.Adjustments | None:
    if not shown.scores:
        return None
    if shown.comments:
        return adjustments
    return replace(adjustments, entries=tuple(replace(e, reason="") for e in adjustments.entries))


def _calibration(
    calibration: m.Calibration | None,
    person_id: str,
    result: PersonResult | None,
    shown: m.Publication,
) -> CalibrationView | None:
    if calibration is None or not shown.grades:
        return None
    taken = result.calibration if result is not None else None  # a decision that changed it
    decisions = tuple(
        (d.grade, d.reason if shown.comments else None)
        for d in calibration.decisions
        if d.person == person_id and d == taken
    )
    if not decisions:
        return None
    before = result.distributed_grade if result is not None else ""
    return CalibrationView(calibration.date, before, decisions)


def _interview(interview: m.Interview, shown: m.Publication) -> m.Interview:
    final = interview.final_grade if shown.grades else None
    if shown.comments:
        return replace(interview, final_grade=final)
    return replace(
        interview,
        final_grade=final,
        strengths=None,
        weaknesses=None,
        career_interests=None,
        improvement=None,
        subordinate_feedback=None,
        employee_comments=None,
    )


#: what a plan's trigger tells: "failed review" a grade, "consecutive declines" scores
_TRIGGER_TELLS = {"failed_review": "grades", "consecutive_decline": "scores"}


def _plan(plan: m.Plan, shown: m.Publication) -> PlanView:
    tells = _TRIGGER_TELLS.get(plan.trigger)
    hidden = (tells == "grades" and not shown.grades) or (tells == "scores" and not shown.scores)
    return PlanView(_plan_text(plan, shown), None if hidden else plan.trigger)


def _plan_text(plan: m.Plan, shown: m.Publication) -> m.Plan:
    if shown.comments:
        return plan
    evaluation = plan.evaluation
    return replace(
        plan,
        gaps=(),
        targets=(),
        root_causes=(),
        actions=(),
        employee_duties=(),
        manager_duties=(),
        support=(),
        checkins=tuple(replace(c, note=None) for c in plan.checkins),
        evaluation=replace(evaluation, decision=None, note=None) if evaluation else None,
    )


def _appeal(appeal: m.Appeal, policy: m.Policy, shown: m.Publication) -> AppealView:
    due = owed.appeal_due(appeal, policy)
    answer = appeal.answer
    if answer is not None:
        answer = replace(
            answer,
            text=answer.text if shown.comments else None,
            new_grade=answer.new_grade if shown.grades else None,
            pay_correction=answer.pay_correction and shown.scores,
        )
    visible = replace(
        appeal,
        grade_received=appeal.grade_received if shown.grades else None,
        answer=answer,
    )
    return AppealView(
        visible,
        due.isoformat() if due is not None else None,
        appeal.reason if shown.comments else None,
        appeal.requested if shown.comments else None,
    )


def _signers_of(repo: m.Repository, person_id: str) -> set[str]:
    """Who signs a person's records: the person, their manager, the policy owners."""
    person = repo.people.get(person_id)
    owners = set(repo.org.policy_owners) if repo.org else set()
    return {person_id, *owners, *([person.manager] if person and person.manager else [])}


def _document(place: layout.Place, t: Labels) -> str:
    """A document of a person in words: "绩效契约", "自评", "上级评价"."""
    if place.kind == "review" and place.role is not None:
        return t.role(place.role)
    return t(_DOCUMENT_LABELS.get(place.kind, place.kind))


_DOCUMENT_LABELS = {
    "person": "person_record",
    "contract": "contract",
    "checkins": "checkins",
    "adjustments": "adjustments",
    "interview": "interview",
    "plan": "plan",
    "appeal": "appeal",
}


def _document_shown(place: layout.Place, shown: m.Publication) -> bool:
    """Whether the audience may learn that the document exists (and who signed it)."""
    if by_name(shown):
        return True
    if place.kind == "review":
        return place.role in NAMED_ROLES  # another role's path names its rater
    return {
        "adjustments": shown.scores,
        "interview": shown.interviews,
        "plan": shown.plans,
        "appeal": shown.appeals,
    }.get(place.kind, place.kind in _DOCUMENT_LABELS)


def _unsigned(
    cycle: m.Cycle, repo: m.Repository, person_id: str, shown: m.Publication, t: Labels
) -> tuple[str, ...]:
    """The person's documents in this cycle whose current content no authentic evidence
    names (changed by an admin merge or a direct push, or their evidence removed)."""
    signed = signed_evidence(repo)
    if cycle.policy is None or not signed.judges(cycle.policy):
        return ()
    found: list[str] = []
    for path in sorted(repo.blobs):
        place = layout.classify(path)
        if place is None or place.cycle != cycle.id or place.person != person_id:
            continue
        if place.kind == "signatures" or not _document_shown(place, shown):
            continue
        if signed.entry(path) is None:
            found.append(path if by_name(shown) else _document(place, t))
    return tuple(dict.fromkeys(found))


def _evidence(
    cycle: m.Cycle, repo: m.Repository, person_id: str, shown: m.Publication, t: Labels
) -> tuple[Evidence, ...]:
    signers = _signers_of(repo, person_id)
    found = []
    authentic = signed_evidence(repo).records
    for record in cycle.signatures:
        if record not in authentic:
            continue  # an entry the recorder did not write is no evidence (PC045 says so)
        places = [
            (path, place)
            for path in person_paths(record, person_id)
            if (place := layout.classify(path)) is not None and _document_shown(place, shown)
        ]
        if not places:
            continue
        if by_name(shown):
            files = tuple(path for path, _ in places)
        else:
            files = tuple(dict.fromkeys(_document(place, t) for _, place in places))
        found.append(
            Evidence(
                record,
                files,
                tuple(s for s in record.signatures if s.person in signers),
                tuple(p for p in record.missing if p in signers),
            )
        )
    return tuple(found)


def _goal_chain(
    goals: m.Goals | None, ids: Iterable[str]
) -> tuple[tuple[m.Goal, tuple[m.Goal, ...]], ...]:
    if goals is None:
        return ()
    chain = []
    for goal_id in ids:
        goal = goals.get(goal_id)
        if goal is None:
            continue
        parents = tuple(g for g in (goals.get(s) for s in goal.supports) if g is not None)
        chain.append((goal, parents))
    return tuple(chain)


def _has_record(cycle: m.Cycle, person_id: str, shown: m.Publication) -> bool:
    """Whether the person has a record in the cycle that the audience sees (a page section
    for a cycle holding only a hidden plan would tell that there is one)."""
    return (
        person_id in cycle.contracts
        or bool(cycle.reviews_of(person_id))
        or person_id in cycle.checkins
        or (shown.interviews and person_id in cycle.interviews)
        or (shown.plans and person_id in cycle.plans)
        or (shown.appeals and person_id in cycle.appeals)
        or (shown.scores and person_id in cycle.adjustments)
    )


# --- a person's page ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryRow:
    cycle_id: str
    score: Decimal | None  # None: not published
    grade: str | None  # the grade's id; None: not published
    grade_text: str | None
    rank: str | None
    policy: m.Policy


@dataclass(frozen=True, slots=True)
class PersonView:
    person: m.Person
    current: tuple[str, str] | None  # (cycle, grade text) of the latest published grade
    history: tuple[HistoryRow, ...]  # scored cycles, oldest first
    records: tuple[CycleRecord, ...]  # cycles with a record of the person, oldest first


def person_view(
    repo: m.Repository,
    results: Mapping[str, CycleResult],
    cycles: Iterable[str],
    audience: m.Audience,
    person_id: str,
    today: str,
) -> PersonView:
    records: list[CycleRecord] = []
    history: list[HistoryRow] = []
    for cycle_id in cycles:
        cycle = repo.cycles[cycle_id]
        policy = cycle.policy
        assert policy is not None
        shown = seen(repo, policy, audience, today)
        if not _has_record(cycle, person_id, shown):
            continue
        t = Labels(policy.language)
        cycle_result = results.get(cycle_id)
        result = cycle_result.people.get(person_id) if cycle_result else None
        is_published = published(repo, policy, audience, today)
        view = (
            result_view(repo, policy, result, shown, is_published) if result is not None else None
        )
        withheld = withheld_roles(cycle, person_id, shown)
        if result is not None and view is not None and result.status == "scored":
            history.append(
                HistoryRow(
                    cycle_id,
                    view.score,
                    result.grade if shown.grades else None,
                    view.grade,
                    view.rank,
                    policy,
                )
            )
        lines: tuple[str, ...] = ()
        if cycle_result is not None and result is not None and (shown.scores or by_name(shown)):
            lines = explanation(cycle_result, repo, person_id, shown, bool(withheld))
        contract = cycle.contracts.get(person_id)
        checkins = cycle.checkins.get(person_id)
        adjustments = cycle.adjustments.get(person_id)
        interview = cycle.interviews.get(person_id)
        plan = cycle.plans.get(person_id)
        appeal = cycle.appeals.get(person_id)
        records.append(
            CycleRecord(
                cycle_id=cycle_id,
                policy=policy,
                t=t,
                columns=Columns(comments=shown.comments),
                result=view,
                contract=contract,
                goals=_goal_chain(cycle.goals, contract.supports if contract else ()),
                roles=role_blocks(repo, cycle, person_id, result, shown, t),
                checkins=_checkins(checkins, shown) if checkins else None,
                explanation=lines,
                explanation_public=not by_name(shown),
                adjustments=_adjustments(adjustments, shown) if adjustments else None,
                calibration=_calibration(cycle.calibration, person_id, result, shown),
                interview=_interview(interview, shown) if interview and shown.interviews else None,
                plan=_plan(plan, shown) if plan and shown.plans else None,
                appeal=_appeal(appeal, policy, shown) if appeal and shown.appeals else None,
                signatures=_evidence(cycle, repo, person_id, shown, t),
                unsigned=_unsigned(cycle, repo, person_id, shown, t),
                withheld=t("numbers_withheld", roles="、".join(t.role(r) for r in withheld))
                if withheld and shown.scores
                else None,
            )
        )
    current = None
    for row in reversed(history):
        if row.grade is not None and row.grade_text is not None:
            current = (row.cycle_id, row.grade_text)
            break
    return PersonView(repo.people[person_id], current, tuple(history), tuple(records))


# --- a team's page ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRow:
    person: m.Person
    grade: str  # "" when grades are not shown
    score: Decimal | None  # None when scores are not shown


@dataclass(frozen=True, slots=True)
class TeamColumns:
    grades: bool
    scores: bool


def team_rows(
    repo: m.Repository,
    members: Iterable[m.Person],
    cycle_id: str | None,
    result: CycleResult | None,
    audience: m.Audience,
    today: str,
) -> tuple[TeamColumns, tuple[MemberRow, ...]]:
    """The members' grades and scores in the current cycle, as far as they are shown."""
    policy = repo.cycles[cycle_id].policy if cycle_id is not None else None
    if policy is None:
        return TeamColumns(False, False), tuple(MemberRow(p, "", None) for p in members)
    shown = seen(repo, policy, audience, today)
    rows = []
    for p in members:
        r = result.people.get(p.id) if result else None
        grade = grade_text(policy, r.grade) if r is not None and shown.grades else ""
        score = r.score if r is not None and shown.scores else None
        rows.append(MemberRow(p, grade, score))
    return TeamColumns(shown.grades, shown.scores), tuple(rows)


# --- a manager's direct reports -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One direct report's progress in the cycle (`owed.progress`, as `status` reads it)."""

    person: m.Person
    contract: str  # agreed, unsigned, written (signatures not judged), missing, not_owed
    checkins_owed: int | None  # check-ins due by the policy's cadence; None: none scheduled
    reviews_in: tuple[str, ...]  # the roles whose review is in, of those owed
    reviews_owed: tuple[str, ...]  # the roles owed a review


@dataclass(frozen=True, slots=True)
class ReportsView:
    """A manager's direct reports (in the registry on the day) and, as far as the audience
    sees it, their progress in the current cycle: person by person only where people are
    named (HR's edition: public feedback is never by name, as on the dashboard); otherwise
    the team's counts, and those only from `fewest` reports on."""

    cycle_id: str | None
    reports: tuple[m.Person, ...]
    rows: tuple[ReportRow, ...]  # empty unless people are named
    #: (label key, done, of): contracts agreed, check-ins on schedule, reviews in
    totals: tuple[tuple[str, int, int], ...]  # empty when not shown
    fewest: int  # how many reports the counts need (shown when `totals` is empty)


def _report_row(person: m.Person, facts: owed.Progress) -> ReportRow:
    pid = person.id
    if pid in facts.contracts:
        if not facts.judged:
            contract = "written"
        else:
            contract = "agreed" if pid in facts.signed else "unsigned"
    else:
        contract = "missing" if pid in facts.expected else "not_owed"
    due = [c for c in facts.checkins if c.person == pid]
    owed_roles = tuple(r.role for r in facts.reviews if pid in r.owed)
    done = tuple(r.role for r in facts.reviews if pid in r.done)
    return ReportRow(
        person,
        contract,
        sum(1 for c in due if c.owed) if due else None,
        done,
        owed_roles,
    )


def reports_view(
    repo: m.Repository,
    ids: Iterable[str],
    cycle_id: str | None,
    facts: owed.Progress | None,
    audience: m.Audience,
    today: str,
) -> ReportsView:
    """A manager's direct reports IDS (`selection.direct_reports`) and their progress in
    CYCLE_ID (FACTS: its `progress` on TODAY; None when there is no current cycle)."""
    people = tuple(
        repo.people[pid] for pid in sorted(ids) if owed.in_registry(repo.people[pid], today)
    )
    policy = repo.cycles[cycle_id].policy if cycle_id is not None else None
    if facts is None or policy is None or not people:
        return ReportsView(cycle_id, people, (), (), 1)
    shown = seen(repo, policy, audience, today)
    named = by_name(shown)
    fewest = 1 if named else shown.min_raters
    rows = tuple(_report_row(p, facts) for p in people)
    totals: tuple[tuple[str, int, int], ...] = ()
    if len(rows) >= fewest:
        with_checkins = [r for r in rows if r.checkins_owed is not None]
        reviewed = [r for r in rows if r.reviews_owed]
        totals = (
            (
                "reports_contract",
                sum(1 for r in rows if r.contract in ("agreed", "written")),
                sum(1 for r in rows if r.contract != "not_owed"),
            ),
            (
                "reports_checkins",
                sum(1 for r in with_checkins if r.checkins_owed == 0),
                len(with_checkins),
            ),
            (
                "reports_reviews",
                sum(1 for r in reviewed if len(r.reviews_in) == len(r.reviews_owed)),
                len(reviewed),
            ),
        )
    totals = tuple(total for total in totals if total[2])  # only what anyone owes
    return ReportsView(cycle_id, people, rows if named else (), totals, fewest)


# --- a cycle's dashboard ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leniency:
    """A manager's ratings given: how many, to how many people, their mean."""

    rater: str
    ratings: int
    people: int
    mean: Decimal


@dataclass(frozen=True, slots=True)
class DashboardView:
    """A cycle's dashboard: what is owed (`progress`, with people named only where raters
    are; the interview, plan and appeal rows only where they are public), and the scores
    and grades as far as the audience sees them, each made from at least `fewest` people."""

    progress: owed.Progress
    named: bool  # people are named in the progress rows
    scored: tuple[PersonResult, ...]
    grades: bool  # the grade distribution is shown
    populations: tuple[PopulationReport, ...]  # the populations' quota tables shown
    scores: tuple[Decimal, ...] | None  # for the histogram; None: not shown
    leniency: tuple[Leniency, ...]  # managers' ratings given, as far as shown
    mean: Decimal | None  # the mean rating over every manager; None: not shown
    interviews: bool  # the progress rows of interviews, plans and appeals
    plans: bool
    appeals: bool
    fewest: int  # how many people a number combined over people needs


def leniency(result: CycleResult) -> tuple[tuple[Leniency, ...], Decimal | None, int]:
    """Each manager's ratings given, the mean over all of them, and how many people the
    mean is made from."""
    given: dict[str, list[Decimal]] = {}
    rated: dict[str, set[str]] = {}
    for p in result.people.values():
        for section in p.sections:
            for item in section.items:
                for role in (*item.roles, *item.ignored):
                    if role.role != "manager":
                        continue
                    for rater in role.raters:
                        given.setdefault(rater.rater, []).append(rater.rating)
                        rated.setdefault(rater.rater, set()).add(p.person)
    everything = [v for values in given.values() for v in values]
    if not everything:
        return (), None, 0
    mean = (sum(everything, Decimal(0)) / len(everything)).quantize(TWO)
    rows = tuple(
        Leniency(
            rater,
            len(values),
            len(rated[rater]),
            (sum(values, Decimal(0)) / len(values)).quantize(TWO),
        )
        for rater, values in sorted(given.items())
    )
    people = len(set().union(*rated.values()))
    return rows, mean, people


def dashboard_view(
    repo: m.Repository,
    result: CycleResult | None,
    cycle_id: str,
    audience: m.Audience,
    facts: owed.Progress,
    today: str,
) -> DashboardView:
    policy = repo.cycles[cycle_id].policy
    assert policy is not None
    shown = seen(repo, policy, audience, today)
    fewest = 1 if by_name(shown) else shown.min_raters
    people = result.people if result else {}
    scored = tuple(p for p in people.values() if p.status == "scored")
    grades = shown.grades and len(scored) >= fewest
    populations = tuple(
        p for p in (result.populations if result else ()) if grades and p.size >= fewest
    )
    scores = tuple(p.score for p in scored if p.score is not None)
    rows: tuple[Leniency, ...] = ()
    mean: Decimal | None = None
    if result is not None and shown.scores:
        rows, mean, rated = leniency(result)
        rows = tuple(row for row in rows if row.people >= fewest)
        if rated < fewest:
            mean = None
        if mean is None:
            rows = ()
    return DashboardView(
        facts,
        by_name(shown),
        scored,
        grades,
        populations,
        scores if shown.scores and len(scores) >= fewest else None,
        rows,
        mean,
        # the interviews owed are the people with an interview outcome, decided on grades
        shown.interviews and shown.grades,
        shown.plans,
        shown.appeals,
        fewest,
    )
