"""Who still owes what in a cycle, rendered (`perfcode status`, the reminders issue).

What is owed, by whom and when is worked out in `perfcode.workflow.owed` (the site's
cycle dashboard reads the same facts); this module renders a day's `CycleStatus` as text,
as Markdown (for the pinned reminders issue, with @-mentions of people who are late) and
as JSON. When people/org.yaml pins the day (`perfcode.clock`), each form says so first.
"""

from __future__ import annotations

import json
from typing import Any

from perfcode import model as m
from perfcode.i18n import Labels, organisation_language
from perfcode.workflow.owed import (
    CycleStatus,
    Owed,
    PhaseStatus,
    current_statuses,
    cycle_status,
    open_cycles,
)

__all__ = [
    "CycleStatus",
    "Owed",
    "PhaseStatus",
    "as_json",
    "current_statuses",
    "cycle_status",
    "markdown",
    "open_cycles",
    "render",
    "text",
]

# --- rendering ----------------------------------------------------------------------------
# Each sentence in the language of what it is about: a cycle's lines in its policy's
# language, the rest (the title, the pinned day, "no cycle") in the organisation's
# (`i18n.organisation_language`). The words have one home: i18n.COMMANDS and i18n.OWED.


def _org_words(repo: m.Repository) -> Labels:
    return Labels(organisation_language(repo.org))


def _cycle_words(repo: m.Repository, status: CycleStatus) -> Labels:
    cycle = repo.cycles.get(status.cycle)
    if cycle is not None and cycle.policy is not None:
        return Labels(cycle.policy.language)
    return _org_words(repo)


def _name(repo: m.Repository, pid: str) -> str:
    person = repo.people.get(pid)
    return f"{person.name} ({pid})" if person is not None else pid


def _late_text(item: Owed, t: Labels) -> str:
    if item.overdue:
        if item.days_late == 1:
            return t.say("one_day_late")
        return t.say("days_late", n=item.days_late)
    return t.say("item_open")


def _counts(statuses: list[CycleStatus]) -> tuple[int, int]:
    items = [i for s in statuses for i in s.items]
    overdue = sum(1 for i in items if i.overdue)
    return overdue, len(items) - overdue


def _phase_title(phase: PhaseStatus, t: Labels) -> str:
    if phase.start is None:
        return t.say("plans_title")
    end = phase.end or t.say("open_end")
    return t.say("phase_title", id=phase.id, name=t.phase(phase.id), start=phase.start, end=end)


def _current(status: CycleStatus, t: Labels) -> str:
    """The phases today falls in: ids in English, names in Chinese."""
    names = [phase if t.language == "en" else t.phase(phase) for phase in status.current]
    return t.say("list").join(names) or t("none")


def _what(item: Owed, t: Labels) -> str:
    text = t.owed(item.kind)
    note = item.said(t)
    return t.say("item_noted", what=text, note=note) if note else text


def _pinned(
    statuses: list[CycleStatus], pinned_by: str | None, today: str | None, t: Labels
) -> str:
    """The sentence that says the day is pinned, or ""."""
    day = today or next((s.today for s in statuses), None)
    if pinned_by is None or day is None:
        return ""
    return t.say("pinned", day=day, file=pinned_by)


def text(
    statuses: list[CycleStatus],
    repo: m.Repository,
    pinned_by: str | None = None,
    today: str | None = None,
) -> str:
    lines: list[str] = []
    if pinned := _pinned(statuses, pinned_by, today, _org_words(repo)):
        lines += [pinned, ""]
    for status in statuses:
        t = _cycle_words(repo, status)
        overdue, pending = _counts([status])
        current = _current(status, t)
        lines.append(
            t.say(
                "status_head",
                cycle=status.cycle,
                title=status.title,
                today=status.today,
                current=current,
            )
        )
        lines.append(t.say("status_counts", overdue=overdue, open=pending))
        if not status.signatures_judged:
            lines.append(t.say("not_judged"))
        for phase in status.phases:
            lines.append("")
            lines.append(_phase_title(phase, t))
            for item in phase.items:
                owers = t.say("list").join(_name(repo, o) for o in item.owers)
                lines.append(
                    t.say(
                        "item",
                        late=_late_text(item, t),
                        person=item.person,
                        what=_what(item, t),
                        due=item.due or t.say("undated"),
                        owers=owers or t.say("nobody_named"),
                    )
                )
                lines.append(f"      {item.path}")
        lines.append("")
    if not statuses:
        lines.append(_org_words(repo).say("no_cycle_that_day"))
    return "\n".join(lines).rstrip("\n") + "\n"


def _mention(repo: m.Repository, pid: str, overdue: bool) -> str:
    person = repo.people.get(pid)
    if person is None:
        return pid
    return f"@{person.github}" if overdue and person.github else f"{person.name}"


def markdown(
    statuses: list[CycleStatus],
    repo: m.Repository,
    pinned_by: str | None = None,
    today: str | None = None,
) -> str:
    """For the pinned reminders issue: the late are @-mentioned, the others are named."""
    overdue, pending = _counts(statuses)
    words = _org_words(repo)
    counts = words.say("status_counts", overdue=overdue, open=pending)
    out = [f"## {words.say('status_title')}\n\n{counts}\n"]
    if pinned := _pinned(statuses, pinned_by, today, words):
        out.append(pinned + "\n")
    for status in statuses:
        t = _cycle_words(repo, status)
        out.append(f"### {status.cycle} {status.title}\n")
        out.append(t.say("status_on", today=status.today, current=_current(status, t)) + "\n")
        if not status.signatures_judged:
            out.append(t.say("not_judged") + "\n")
        if not status.phases:
            out.append(t.say("nothing_owed") + "\n")
        for phase in status.phases:
            out.append(f"#### {_phase_title(phase, t)}\n")
            columns = t.say("status_columns").replace("|", " | ")
            out.append(f"|{columns} |\n|---|---|---|---|---|---|")
            for item in phase.items:
                late = _late_text(item, t)
                mark = f"⚠️ {late}" if item.overdue else late
                owers = ", ".join(_mention(repo, o, item.overdue) for o in item.owers) or "—"
                who = _mention(repo, item.person, False)
                out.append(
                    f"| {mark} | {who} | {_what(item, t).replace('|', '/')} | "
                    f"{item.due or '—'} | {owers} | `{item.path}` |"
                )
            out.append("")
    if not statuses:
        out.append(words.say("no_cycle_that_day") + "\n")
    return "\n".join(out).rstrip("\n") + "\n"


def as_json(statuses: list[CycleStatus], pinned_by: str | None = None) -> str:
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
    document = {"today_pinned_by": pinned_by, "cycles": payload}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render(
    statuses: list[CycleStatus],
    repo: m.Repository,
    fmt: str,
    pinned_by: str | None = None,
    today: str | None = None,
) -> str:
    """STATUSES in FMT (text, markdown, json); PINNED_BY: the file that pinned TODAY."""
    if fmt == "json":
        return as_json(statuses, pinned_by)
    if fmt == "markdown":
        return markdown(statuses, repo, pinned_by, today)
    return text(statuses, repo, pinned_by, today)
