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
from perfcode.workflow.owed import (
    KINDS,
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

#: what status says when it cannot judge contract signatures
NOT_JUDGED = (
    "Contract signatures not judged: the organisation keeps no signature evidence for this "
    "cycle (people/org.yaml lists no evidence_keys, or the cycle ended before evidence_since)."
)


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


def _pinned(statuses: list[CycleStatus], pinned_by: str | None, today: str | None) -> str:
    """The sentence that says the day is pinned, or ""."""
    day = today or next((s.today for s in statuses), None)
    if pinned_by is None or day is None:
        return ""
    return f"Today is pinned to {day} by {pinned_by}."


def text(
    statuses: list[CycleStatus],
    repo: m.Repository,
    pinned_by: str | None = None,
    today: str | None = None,
) -> str:
    lines: list[str] = []
    if pinned := _pinned(statuses, pinned_by, today):
        lines += [pinned, ""]
    for status in statuses:
        overdue, pending = _counts([status])
        current = ", ".join(status.current) or "none"
        lines.append(f"{status.cycle} {status.title} on {status.today} (phase: {current})")
        lines.append(f"{overdue} overdue, {pending} open.")
        if not status.signatures_judged:
            lines.append(NOT_JUDGED)
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


def markdown(
    statuses: list[CycleStatus],
    repo: m.Repository,
    pinned_by: str | None = None,
    today: str | None = None,
) -> str:
    """For the pinned reminders issue: the late are @-mentioned, the others are named."""
    overdue, pending = _counts(statuses)
    out = [f"## Performance cycle status\n\n{overdue} overdue, {pending} open.\n"]
    if pinned := _pinned(statuses, pinned_by, today):
        out.append(pinned + "\n")
    for status in statuses:
        current = ", ".join(status.current) or "none"
        out.append(f"### {status.cycle} {status.title}\n")
        out.append(f"On {status.today}; phase: {current}.\n")
        if not status.signatures_judged:
            out.append(NOT_JUDGED + "\n")
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
