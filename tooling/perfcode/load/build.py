"""Raw (schema-valid) YAML mappings → the frozen dataclasses of `perfcode.model`.

Pure functions, one per kind. They run only on documents the schema accepted, so they
may rely on required fields and types; optional fields default to None or ().
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from perfcode import model as m
from perfcode.model.policy import DEFAULT_MIN_POPULATION, LEAVERS_BY, Leavers
from perfcode.model.words import DEFAULT_MANAGERS

Raw = dict[str, Any]
S = TypeVar("S", bound=str)


def dec(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def opt_dec(value: Any) -> Decimal | None:
    return None if value is None else dec(value)


def strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def one_of(value: str, allowed: tuple[S, ...]) -> S:
    """VALUE as a member of a closed set (the schema or the path pattern already said so)."""
    for member in allowed:
        if member == value:
            return member
    raise AssertionError(f"{value!r} is not one of {allowed}: the schema should have said so")


def org(raw: Raw, path: str) -> m.Org:
    return m.Org(
        path=path,
        name=raw["name"],
        language=raw.get("language", "zh"),
        policy_owners=strs(raw.get("policy_owners")),
        groups=tuple(m.Group(g["id"], g["name"]) for g in raw.get("groups") or ()),
        departments=tuple(
            m.Department(d["id"], d["name"], d["head"], d.get("parent"))
            for d in raw.get("departments") or ()
        ),
        evidence_keys=strs(raw.get("evidence_keys")),
        evidence_since=raw.get("evidence_since"),
        today=raw.get("today"),
    )


def person(raw: Raw, path: str, person_id: str) -> m.Person:
    return m.Person(
        path=path,
        id=person_id,
        name=raw["name"],
        github=raw["github"],
        email=raw.get("email"),
        title=raw["title"],
        department=raw["department"],
        manager=raw.get("manager"),
        group=raw["group"],
        joined=raw["joined"],
        left=raw.get("left"),
        employee_number=raw.get("employee_number"),
        keys=strs(raw.get("keys")),
    )


def _template(raw: Raw) -> m.Template:
    return m.Template(
        id=raw["id"],
        name=str(raw.get("name", raw["id"])),
        sections=tuple(
            m.SectionDef(s["id"], s.get("name", s["id"]), dec(s["weight"]))
            for s in raw.get("sections") or ()  # a pure roll-up has none
        ),
        rollup=tuple(
            m.RollupComponent(
                source=c["source"],
                weight=dec(c["weight"]),
                kinds=tuple(c.get("kinds") or ()),
                cycles=strs(c.get("cycles")),
            )
            for c in raw.get("rollup") or ()
        ),
    )


def _outcome(raw: Raw) -> m.OutcomeRule:
    when: Raw = raw["when"]
    (condition, value), *_ = when.items()
    grades = strs(value) if condition == "grades" else ()
    number = None if condition == "grades" else dec(value)
    return m.OutcomeRule(
        id=raw["id"],
        name=str(raw.get("name", raw["id"])),
        when=one_of(condition, m.OUTCOME_CONDITIONS),
        value=number,
        grades=grades,
        within_days=raw.get("within_days"),
    )


def _leavers(raw: Raw) -> Leavers:
    return Leavers(
        by=one_of(raw.get("by", "period_end"), LEAVERS_BY),
        scored=bool(raw.get("scored", False)),
        in_quotas=bool(raw.get("in_quotas", False)),
    )


def _confidential(raw: Raw) -> m.Confidential:
    fields = raw.get("fields")
    return m.Confidential(
        fields=m.CONFIDENTIAL_FIELDS if fields is None else strs(fields),
        managers=int(raw.get("managers", DEFAULT_MANAGERS)),
    )


def words(value: Any) -> m.Words:
    """A field of confidential words: its text, or the sealed value the record holds."""
    if isinstance(value, dict):
        return m.Sealed(str(value["age"]), strs(value.get("readers")))
    return str(value)


def opt_words(value: Any) -> m.Words | None:
    return None if value is None else words(value)


def policy(raw: Raw, path: str, cycle_id: str) -> m.Policy:
    scale = raw["scale"]
    raters = raw.get("raters") or {}
    adjustments = raw.get("adjustments") or {}
    distribution = raw.get("distribution")
    appeals = raw.get("appeals") or {}
    calendar = raw.get("calendar") or {}
    publication = raw.get("publication") or {}
    public = publication.get("public") or {}
    return m.Policy(
        path=path,
        cycle=cycle_id,
        title=raw["title"],
        language=raw.get("language", "zh"),
        period_start=raw["period"]["start"],
        period_end=raw["period"]["end"],
        previous=raw.get("previous"),
        phases=tuple(m.Phase(p["id"], p["start"], p.get("end")) for p in raw.get("phases") or ()),
        scale_min=dec(scale["min"]),
        scale_max=dec(scale["max"]),
        levels=tuple(m.Level(dec(v["value"]), v["label"]) for v in scale.get("levels") or ()),
        achievement=tuple(
            m.Threshold(
                dec(t["rating"]), opt_dec(t.get("min_percent")), opt_dec(t.get("above_percent"))
            )
            for t in raw.get("achievement") or ()
        ),
        rater_weights=tuple((role, dec(w)) for role, w in (raters.get("weights") or {}).items()),
        required_roles=tuple(raters.get("required") or ()),
        templates=tuple(_template(t) for t in raw["templates"]),
        commendation_max=opt_dec(adjustments.get("commendation_max")),
        penalty_max=opt_dec(adjustments.get("penalty_max")),
        commendation_entry_max=opt_dec(adjustments.get("commendation_entry_max")),
        penalty_entry_max=opt_dec(adjustments.get("penalty_entry_max")),
        checks_above_100=bool(adjustments.get("checks_above_100", False)),
        floor_at_zero=bool(adjustments.get("floor_at_zero", True)),
        grades=tuple(
            m.Grade(
                g["id"],
                g.get("name", g["id"]),
                dec(g["min"]),
                opt_dec(g.get("below")),
                bool(g.get("failing", False)),
            )
            for g in raw["grades"]
        ),
        distribution=None
        if distribution is None
        else m.Distribution(
            by=distribution.get("by", "all"),
            min_population=int(distribution.get("min_population", DEFAULT_MIN_POPULATION)),
            quotas=tuple(m.Quota(q["grade"], dec(q["percent"])) for q in distribution["quotas"]),
        ),
        outcomes=tuple(_outcome(o) for o in raw.get("outcomes") or ()),
        pay_ratio=bool(raw.get("pay_ratio", False)),
        appeal_window_days=appeals.get("window_days"),
        appeal_answer_working_days=appeals.get("answer_working_days"),
        holidays=strs(calendar.get("holidays")),
        workdays=strs(calendar.get("workdays")),
        publication=m.Publication(
            scores=bool(public.get("scores", True)),
            grades=bool(public.get("grades", True)),
            comments=bool(public.get("comments", False)),
            feedback=public.get("feedback", "aggregated"),
            min_raters=int(publication.get("min_raters", 3)),
            plans=bool(public.get("plans", False)),
            interviews=bool(public.get("interviews", False)),
            appeals=bool(public.get("appeals", False)),
        ),
        anonymous=tuple(
            (one_of(role, m.ROLES), int(minimum))
            for role, minimum in (raters.get("anonymous") or {}).items()
        ),
        leavers=_leavers(raw.get("leavers") or {}),
        confidential=_confidential(raw.get("confidential") or {}),
        cadence=_cadence(raw.get("checkins") or {}),
    )


def _cadence(raw: Raw) -> tuple[m.Cadence, ...]:
    """cycle.yaml `checkins:` (kind → {days | weeks | months: N}), in the schema's order."""
    return tuple(
        m.Cadence(
            one_of(kind, m.CHECKIN_KINDS),
            days=int(raw[kind].get("days", 0)) + 7 * int(raw[kind].get("weeks", 0)),
            months=int(raw[kind].get("months", 0)),
        )
        for kind in m.CHECKIN_KINDS
        if kind in raw
    )


def _goal(raw: Raw, department: str | None) -> m.Goal:
    return m.Goal(
        id=raw["id"],
        title=raw["title"],
        measure=raw.get("measure"),
        supports=strs(raw.get("supports")),
        department=department,
    )


def goals(raw: Raw, path: str, cycle_id: str) -> m.Goals:
    found = [_goal(g, None) for g in raw.get("company") or ()]
    for department, entries in (raw.get("departments") or {}).items():
        found.extend(_goal(g, department) for g in entries or ())
    return m.Goals(path=path, cycle=cycle_id, goals=tuple(found))


def _item(raw: Raw, section: str) -> m.Item:
    target = raw.get("target")
    return m.Item(
        id=raw["id"],
        section=section,
        title=raw["title"],
        output=raw.get("output"),
        measure=raw.get("measure"),
        weight=dec(raw["weight"]),
        supports=strs(raw.get("supports")),
        deliverables=tuple(
            m.Deliverable(d["title"], d["due"], d.get("done"))
            for d in raw.get("deliverables") or ()
        ),
        target=None
        if target is None
        else m.Target(dec(target["value"]), target.get("unit"), target.get("better", "higher")),
    )


def contract(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Contract:
    sections: Raw = raw.get("sections") or {}
    return m.Contract(
        path=path,
        cycle=cycle_id,
        person=person_id,
        template=raw["template"],
        supports=strs(raw.get("supports")),
        personal_goals=strs(raw.get("personal_goals")),
        duties=strs(raw.get("duties")),
        sections=tuple(sections),
        items=tuple(_item(i, s) for s, items in sections.items() for i in items or ()),
    )


def _raters(raw: Raw, rater: str) -> int:
    """How many raters a review gathers: `raters:` (or its old name `respondents:`); one for
    a named review that says nothing, none (0) for an aggregated one that does not say, so
    its feedback stays below every threshold (validate reports the missing field)."""
    given = raw.get("raters", raw.get("respondents"))
    if given is None:
        return 0 if rater == m.AGGREGATED else 1
    return int(given)


def review(raw: Raw, path: str, cycle_id: str, person_id: str, role: str, rater: str) -> m.Review:
    return m.Review(
        path=path,
        cycle=cycle_id,
        person=person_id,
        role=one_of(role, m.ROLES),
        rater=rater,
        submitted=raw.get("submitted"),
        raters=_raters(raw, rater),
        collected_by=raw.get("collected_by"),
        ratings=tuple(
            m.Rating(
                r["item"],
                opt_dec(r.get("rating")),
                opt_dec(r.get("actual")),
                opt_words(r.get("comment")),
            )
            for r in raw.get("ratings") or ()
        ),
        summary=opt_words(raw.get("summary")),
        strengths=opt_words(raw.get("strengths")),
        improvements=opt_words(raw.get("improvements")),
    )


def checkins(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Checkins:
    return m.Checkins(
        path=path,
        cycle=cycle_id,
        person=person_id,
        entries=tuple(
            m.Checkin(
                date=e["date"],
                kind=e["kind"],
                by=e.get("by"),
                score=opt_dec(e.get("score")),
                progress=tuple(
                    m.Progress(p["item"], p["status"], opt_words(p.get("note")))
                    for p in e.get("progress") or ()
                ),
                notes=opt_words(e.get("notes")),
            )
            for e in raw.get("entries") or ()
        ),
    )


def adjustments(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Adjustments:
    return m.Adjustments(
        path=path,
        cycle=cycle_id,
        person=person_id,
        entries=tuple(
            m.Adjustment(e["date"], e["kind"], dec(e["points"]), words(e["reason"]), e.get("by"))
            for e in raw.get("entries") or ()
        ),
    )


def calibration(raw: Raw, path: str, cycle_id: str) -> m.Calibration:
    meeting = raw.get("meeting") or {}
    return m.Calibration(
        path=path,
        cycle=cycle_id,
        date=meeting.get("date"),
        members=strs(meeting.get("members")),
        decisions=tuple(
            m.Decision(d["person"], str(d["grade"]), words(d["reason"]))
            for d in raw.get("decisions") or ()
        ),
    )


def interview(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Interview:
    return m.Interview(
        path=path,
        cycle=cycle_id,
        person=person_id,
        date=raw["date"],
        interviewer=raw["interviewer"],
        final_grade=raw.get("final_grade"),
        strengths=opt_words(raw.get("strengths")),
        weaknesses=opt_words(raw.get("weaknesses")),
        career_interests=opt_words(raw.get("career_interests")),
        improvement=opt_words(raw.get("improvement")),
        subordinate_feedback=opt_words(raw.get("subordinate_feedback") or None),
        employee_comments=opt_words(raw.get("employee_comments")),
    )


def plan(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Plan:
    responsibilities = raw.get("responsibilities") or {}
    evaluation = raw.get("evaluation")
    return m.Plan(
        path=path,
        cycle=cycle_id,
        person=person_id,
        trigger=raw["trigger"],
        start=raw["period"]["start"],
        end=raw["period"]["end"],
        gaps=tuple(
            m.Gap(
                g["measure"],
                opt_dec(g.get("target")),
                opt_dec(g.get("actual")),
                g.get("unit"),
                opt_words(g.get("note")),
            )
            for g in raw.get("gaps") or ()
        ),
        targets=tuple(
            m.PlanTarget(t["measure"], opt_dec(t.get("target")), t.get("unit"), t.get("due"))
            for t in raw.get("targets") or ()
        ),
        root_causes=tuple(
            m.RootCause(c["kind"], c.get("method"), words(c["cause"]))
            for c in raw.get("root_causes") or ()
        ),
        actions=tuple(
            m.Action(
                words(a["action"]), a.get("owner"), a.get("due"), opt_words(a.get("resources"))
            )
            for a in raw.get("actions") or ()
        ),
        employee_duties=strs(responsibilities.get("employee")),
        manager_duties=strs(responsibilities.get("manager")),
        support=tuple(
            m.SupportDuty(s["department"], s["duty"]) for s in responsibilities.get("support") or ()
        ),
        checkins=tuple(
            m.PlanCheckin(c["date"], opt_words(c.get("note")), c.get("status"))
            for c in raw.get("checkins") or ()
        ),
        evaluation=None
        if evaluation is None
        else m.Evaluation(
            evaluation["status"],
            evaluation.get("date"),
            opt_words(evaluation.get("decision")),
            opt_words(evaluation.get("note")),
        ),
    )


def appeal(raw: Raw, path: str, cycle_id: str, person_id: str) -> m.Appeal:
    answer = raw.get("answer")
    return m.Appeal(
        path=path,
        cycle=cycle_id,
        person=person_id,
        filed=raw["filed"],
        about=raw["about"],
        grade_received=raw.get("grade_received"),
        reason=words(raw["reason"]),
        requested=opt_words(raw.get("requested")),
        answer=None
        if answer is None
        else m.AppealAnswer(
            by=answer["by"],
            date=answer["date"],
            decision=answer["decision"],
            text=opt_words(answer.get("text")),
            new_grade=answer.get("new_grade"),
            pay_correction=bool(answer.get("pay_correction", False)),
        ),
    )


def signatures(raw: Raw, path: str, cycle_id: str) -> tuple[m.SignatureRecord, ...]:
    return tuple(
        m.SignatureRecord(
            path=path,
            cycle=cycle_id,
            pr=int(entry["pr"]),
            merge=entry["merge"],
            merged_at=entry["merged_at"],
            base=entry["base"],
            head=entry["head"],
            changes=tuple(sorted(entry["changes"].items())),
            signatures=tuple(
                m.SignedBy(
                    person=s["person"],
                    login=s["login"],
                    how=s["how"],
                    review_id=s["review_id"],
                    comment_id=s["comment_id"],
                    commit=s["commit"],
                    at=s["at"],
                )
                for s in entry["signatures"]
            ),
            missing=strs(entry["missing"]),
            proof=entry["proof"],
        )
        for entry in raw["entries"]
    )
