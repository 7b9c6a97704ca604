"""What a change does to the results (`perfcode diff BASE HEAD`): pure comparison.

Two scored repositories in (the records and results at BASE and at HEAD), the people whose
score, grade, rank or outcomes change out, cycle by cycle, each with why where it can be
told: their own records changed, a calibration decision or their appeal changed, the cycle's
policy changed, an earlier cycle changed (declines, roll-ups), or only the others moved
them (a forced distribution and ranks depend on everyone in the population).

With `--decrypt`, also the confidential words the change touches (`words`): for each record
file that differs, each confidential field whose value (plain text or ciphertext) differs,
a unified diff of the words as the caller's key opens them on either side, or, where it
cannot open one, a line saying the words changed and who their readers are (never the
ciphertext, never a guess). Opening is a computation: this stays pure.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcode import model as m
from perfcode.i18n import Labels
from perfcode.model.words import LOCK
from perfcode.problems import Problem, one_line
from perfcode.report import problems as report
from perfcode.report.problems import json_safe, md_code, md_text
from perfcode.score import CycleResult, PersonResult
from perfcode.seal import age
from perfcode.seal.document import Record, sealed_of
from perfcode.seal.readers import Pointer, values


@dataclass(frozen=True, slots=True)
class Side:
    """One person's result as far as a diff shows it."""

    status: str
    score: Decimal | None
    grade: str | None
    band_grade: str | None
    rank: str | None  # "3/6 frontline"
    outcomes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    cycle: str
    person: str
    name: str
    before: Side | None  # None: not scored at BASE (no contract, or a new cycle)
    after: Side | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Said:
    """One side of a confidential value, as the caller's key reads it."""

    text: str | None  # the words (plain, or opened); None: sealed and not to this key
    sealed: bool
    readers: tuple[str, ...]  # whom a sealed value says it was encrypted to


@dataclass(frozen=True, slots=True)
class WordsChange:
    """A confidential value that differs between BASE and HEAD."""

    path: str
    field: str  # where in the record: `ratings[0].comment`
    about: str
    before: Said | None  # None: no such value at BASE
    after: Said | None

    @property
    def readable(self) -> bool:
        return all(side.text is not None for side in (self.before, self.after) if side)

    def readers(self) -> tuple[str, ...]:
        """Who can read what the caller cannot (HEAD's readers first)."""
        found: list[str] = []
        for side in (self.after, self.before):
            if side is not None and side.text is None:
                found += [r for r in side.readers if r not in found]
        return tuple(found)

    def lines(self, base: str, head: str) -> list[str]:
        """The unified diff of the words (readable only)."""
        old = self.before.text if self.before and self.before.text is not None else ""
        new = self.after.text if self.after and self.after.text is not None else ""
        return list(
            difflib.unified_diff(old.splitlines(), new.splitlines(), base, head, lineterm="", n=3)
        )


@dataclass(frozen=True, slots=True)
class Diff:
    base: str
    head: str
    changes: tuple[Change, ...]
    cycles_added: tuple[str, ...]
    cycles_removed: tuple[str, ...]
    #: the confidential words changed (`--decrypt`); None: not asked for
    words: tuple[WordsChange, ...] | None = None


def _side(result: PersonResult, cycle: CycleResult) -> Side:
    rank = None
    if result.rank is not None:
        report = cycle.population(result.population) if result.population else None
        size = f"/{report.size}" if report is not None else ""
        rank = f"{result.rank}{size} {result.population or ''}".strip()
    return Side(
        result.status,
        result.score,
        result.grade,
        result.band_grade,
        rank,
        tuple(o.id for o in result.outcomes),
    )


def _own(cycle: m.Cycle | None, person: str) -> tuple[object, ...]:
    if cycle is None:
        return ()
    return (
        cycle.contracts.get(person),
        tuple(sorted(cycle.reviews_of(person), key=lambda r: r.path)),
        cycle.checkins.get(person),
        cycle.adjustments.get(person),
    )


def _decision(cycle: m.Cycle | None, person: str) -> m.Decision | None:
    if cycle is None or cycle.calibration is None:
        return None
    return next((d for d in cycle.calibration.decisions if d.person == person), None)


def _earlier(repo: m.Repository, cycle_id: str) -> list[str]:
    ids = repo.cycle_ids()
    return ids[: ids.index(cycle_id)] if cycle_id in ids else []


#: a person's own records, as a reason names them (i18n.COMMANDS keys)
RECORDS = ("diff_contract", "diff_reviews", "diff_checkins", "diff_adjustments")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a result moved: a sentence of i18n.COMMANDS (KEY), and for own records, which."""

    key: str
    records: tuple[str, ...] = ()  # keys of RECORDS

    def said(self, t: Labels) -> str:
        if not self.records:
            return t.say(self.key)
        return t.say(self.key, records=t.say("list").join(t.say(r) for r in self.records))


def reasons(
    base: m.Repository, head: m.Repository, cycle_id: str, person: str, base_cycle: CycleResult
) -> tuple[Reason, ...]:
    """Why a person's result moved, most direct cause first."""
    old, new = base.cycles.get(cycle_id), head.cycles.get(cycle_id)
    found: list[Reason] = []
    own_old, own_new = _own(old, person), _own(new, person)
    changed = tuple(k for k, a, b in zip(RECORDS, own_old, own_new, strict=False) if a != b)
    if changed:
        found.append(Reason("diff_own_records", changed))
    if base.people.get(person) != head.people.get(person):
        found.append(Reason("diff_registry"))
    if _decision(old, person) != _decision(new, person):
        found.append(Reason("diff_calibration"))
    if (old.appeals.get(person) if old else None) != (new.appeals.get(person) if new else None):
        found.append(Reason("diff_appeal"))
    if (old.policy if old else None) != (new.policy if new else None):
        found.append(Reason("diff_policy"))
    if any(
        _own(base.cycles.get(c), person) != _own(head.cycles.get(c), person)
        for c in _earlier(head, cycle_id)
    ):
        found.append(Reason("diff_earlier"))
    if not found:
        found.append(Reason("diff_others"))
    return tuple(found)


def compare(
    base_repo: m.Repository,
    base: dict[str, CycleResult],
    head_repo: m.Repository,
    head: dict[str, CycleResult],
    base_name: str = "BASE",
    head_name: str = "HEAD",
) -> Diff:
    changes: list[Change] = []
    for cycle_id in head_repo.cycle_ids():
        if cycle_id not in head or cycle_id not in base:
            continue
        before, after = base[cycle_id], head[cycle_id]
        for person in sorted(set(before.people) | set(after.people)):
            old = _side(before.people[person], before) if person in before.people else None
            new = _side(after.people[person], after) if person in after.people else None
            if old == new:
                continue
            result = after.people.get(person) or before.people[person]
            why = reasons(base_repo, head_repo, cycle_id, person, before)
            changes.append(Change(cycle_id, person, result.name, old, new, why))
    added = tuple(c for c in head if c not in base)
    removed = tuple(c for c in base if c not in head)
    return Diff(base_name, head_name, tuple(changes), added, removed)


def _field_name(pointer: Pointer) -> str:
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _said(raw: object, identities: Sequence[age.Identity]) -> Said:
    sealed = sealed_of(raw)
    if sealed is None:
        return Said(str(raw), False, ())
    return Said(age.open_(sealed.armor, identities), True, sealed.readers)


def _record_values(path: str, text: str | None) -> dict[Pointer, tuple[object, str]]:
    """The record's confidential values by place: (as the YAML holds it, whom about)."""
    record = Record.parse(path, text) if text is not None else None
    if record is None:
        return {}
    return {v.pointer: (v.words, v.about) for v in values(record.kind, record.data, record.person)}


def words(
    base: Mapping[str, str],
    head: Mapping[str, str],
    identities: Sequence[age.Identity],
) -> tuple[WordsChange, ...]:
    """The confidential values that differ between the record files BASE and HEAD (path →
    text; the files that differ), opened with IDENTITIES as far as they can be."""
    found: list[WordsChange] = []
    for path in sorted(set(base) | set(head)):
        old = _record_values(path, base.get(path))
        new = _record_values(path, head.get(path))
        places = list(old) + [p for p in new if p not in old]
        for pointer in places:
            was, now = old.get(pointer), new.get(pointer)
            if was is not None and now is not None and was[0] == now[0]:
                continue
            about = (now or was or ("", ""))[1]
            found.append(
                WordsChange(
                    path,
                    _field_name(pointer),
                    about,
                    _said(was[0], identities) if was is not None else None,
                    _said(now[0], identities) if now is not None else None,
                )
            )
    return tuple(found)


# --- rendering ----------------------------------------------------------------------------

#: JSON keeps its reasons in English, as they were (machines read it)
_ENGLISH = Labels("en")


def _value(value: object) -> str:
    return "—" if value is None or value == () else str(value)


def _arrow(old: object, new: object) -> str:
    return _value(old) if old == new else f"{_value(old)} → {_value(new)}"


def _outcomes(before: Side | None, after: Side | None) -> str:
    old = set(before.outcomes) if before else set()
    new = set(after.outcomes) if after else set()
    parts = [f"+{o}" for o in sorted(new - old)] + [f"-{o}" for o in sorted(old - new)]
    return " ".join(parts)


def _field(change: Change, name: str) -> tuple[object, object]:
    old = getattr(change.before, name) if change.before else None
    new = getattr(change.after, name) if change.after else None
    return old, new


def _why(change: Change, t: Labels) -> str:
    return t.say("diff_joiner").join(reason.said(t) for reason in change.reasons)


def _line(change: Change, t: Labels) -> str:
    parts = []
    score, band, grade, rank, status, outcomes = t.say("diff_labels").split("|")
    fields = (("score", score), ("band_grade", band), ("grade", grade), ("rank", rank))
    for name, label in fields:
        old, new = _field(change, name)
        if old != new:
            parts.append(f"{label} {_arrow(old, new)}")
    was, now = _field(change, "status")
    if was != now:
        parts.append(f"{status} {_arrow(was, now)}")
    moved = _outcomes(change.before, change.after)
    if moved:
        parts.append(f"{outcomes} {moved}")
    return t.say("diff_joiner").join(parts)


def _header(diff: Diff, t: Labels) -> list[str]:
    lines = []
    for cycle in diff.cycles_added:
        lines.append(t.say("diff_new_cycle", cycle=cycle, head=diff.head))
    for cycle in diff.cycles_removed:
        lines.append(t.say("diff_gone_cycle", cycle=cycle, head=diff.head))
    return lines


def text(diff: Diff, language: str = "en") -> str:
    """Plain text in LANGUAGE; what a record or the command line holds (names, revisions)
    stays on its line, control characters written as escapes (`problems.one_line`)."""
    t = Labels(language)
    lines = [t.say("diff_from", base=diff.base, head=diff.head), *_header(diff, t)]
    cycle = None
    for change in diff.changes:
        if change.cycle != cycle:
            cycle = change.cycle
            lines += ["", cycle]
        lines.append(f"  {change.person} {change.name}: {_line(change, t)}")
        lines.append(t.say("diff_why", why=_why(change, t)))
    if not diff.changes:
        lines.append(t.say("diff_none"))
    if diff.words is not None:
        lines += ["", t.say("diff_words_title")]
        for value in diff.words:
            lines.append(f"  {_where(value, t)}")
            lines += [f"    {line}" for line in _words_lines(diff, value, t)]
        if not diff.words:
            lines.append(t.say("diff_words_none"))
    return "\n".join(one_line(line) for line in lines) + "\n"


def _where(change: WordsChange, t: Labels) -> str:
    return t.say("diff_words_where", path=change.path, field=change.field, about=change.about)


def _words_lines(diff: Diff, change: WordsChange, t: Labels) -> list[str]:
    """What the caller is told of one changed value: the diff, or why not."""
    if not change.readable:
        return [t.say("diff_words_locked", lock=LOCK, readers=", ".join(change.readers()))]
    lines = change.lines(diff.base, diff.head)
    return lines or [t.say("diff_words_same")]


def _fenced(lines: list[str]) -> list[str]:
    """LINES as a fenced `diff` block, the fence longer than any run of backticks in it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}diff", *(one_line(line) for line in lines), fence]


def markdown(diff: Diff, language: str = "en") -> str:
    """A job summary in LANGUAGE: every value as literal text (`report.md_text`), one row
    per change."""
    t = Labels(language)
    out = [f"### {t.say('diff_title')}\n"]
    out += [f"- {md_text(line)}" for line in _header(diff, t)]
    if not diff.changes:
        out.append(t.say("diff_none"))
        return "\n".join(out + _words_markdown(diff, t)) + "\n"
    grades = sum(1 for c in diff.changes if len(set(_field(c, "grade"))) > 1)
    out.append(t.say("diff_count", n=len(diff.changes), grades=grades) + "\n")
    out.append("| " + t.say("diff_columns").replace("|", " | ") + " |")
    out.append("|---|---|---:|---|---|---|---|---|")
    for c in diff.changes:
        cells = [
            md_text(c.cycle),
            f"{md_text(c.name)} ({md_code(c.person)})",
            *(
                md_text(_arrow(*_field(c, name)))
                for name in ("score", "band_grade", "grade", "rank")
            ),
            md_text(_outcomes(c.before, c.after)),
            md_text(_why(c, t)),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out + _words_markdown(diff, t)) + "\n"


def _words_markdown(diff: Diff, t: Labels) -> list[str]:
    if diff.words is None:
        return []
    out = ["", f"### {t.say('diff_words_title')}", ""]
    if not diff.words:
        return [*out, t.say("diff_words_none")]
    for change in diff.words:
        where = t.say(
            "diff_words_where",
            path=md_code(change.path),
            field=md_code(change.field),
            about=md_code(change.about),
        )
        out.append(f"- {where}")
        if change.readable and change.lines(diff.base, diff.head):
            out += ["", *(f"  {line}" for line in _fenced(change.lines(diff.base, diff.head)))]
        else:
            out.append(f"  {md_text(_words_lines(diff, change, t)[0])}")
    return out


def _side_json(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "status": side.status,
        "score": str(side.score) if side.score is not None else None,
        "grade": side.grade,
        "band_grade": side.band_grade,
        "rank": side.rank,
        "outcomes": list(side.outcomes),
    }


def _words_json(diff: Diff, change: WordsChange) -> dict[str, Any]:
    readable = change.readable
    return {
        "path": change.path,
        "field": change.field,
        "about": change.about,
        "readable": readable,
        "before": change.before.text if readable and change.before else None,
        "after": change.after.text if readable and change.after else None,
        "diff": change.lines(diff.base, diff.head) if readable else None,
        "readers": None if readable else list(change.readers()),
    }


def as_json(diff: Diff) -> str:
    payload = {
        "base": diff.base,
        "head": diff.head,
        "cycles_added": list(diff.cycles_added),
        "cycles_removed": list(diff.cycles_removed),
        "changes": [
            {
                "cycle": c.cycle,
                "person": c.person,
                "before": _side_json(c.before),
                "after": _side_json(c.after),
                "reasons": [reason.said(_ENGLISH) for reason in c.reasons],
            }
            for c in diff.changes
        ],
    }
    if diff.words is not None:
        payload["words"] = [_words_json(diff, w) for w in diff.words]
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


def refused(
    revision: str, problems: list[Problem], documents: int, fmt: str, language: str = "en"
) -> str:
    """Why nothing was compared: the problems of REVISION's records, in the chosen format
    (a job summary gets a Markdown table with every value escaped, JSON stays JSON), in
    LANGUAGE (that revision's organisation's)."""
    t = Labels(language)
    if fmt == "json":
        return report.as_json(problems, documents, {"revision": revision}, language)
    if fmt == "markdown":
        title = t.say("diff_refused_title", revision=md_text(revision))
        return report.markdown(problems, documents, title, language) + (
            "\n" + t.say("diff_refused_nothing") + "\n"
        )
    return report.text(problems, documents, language) + (
        t.say("diff_refused", revision=one_line(revision)) + "\n"
    )


def render(diff: Diff, fmt: str, language: str = "en") -> str:
    """DIFF in FMT; text and Markdown in LANGUAGE (HEAD's organisation's), JSON in English."""
    if fmt == "json":
        return as_json(diff)
    if fmt == "markdown":
        return markdown(diff, language)
    return text(diff, language)
