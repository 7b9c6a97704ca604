"""What `perfcode edit`, `show` and `rekey` do to one record's text, without the terminal:
which policy and registry seal it, where each value lies (line:col), what a caller who
cannot read a value must leave alone, and how a record is shown with what stays sealed
written as a lock.

Pure: texts and the loaded repository in, texts and findings out (`seal.document` does
the sealing and opening; the commands read and write the files).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.io import roundtrip
from perfcode.io import yaml as yamlio
from perfcode.model.words import FIELDS, LOCK
from perfcode.problems import Problem, error
from perfcode.seal import age
from perfcode.seal.document import Record, Sealing, open_text, seal_text, sealed_of
from perfcode.seal.readers import Pointer, values

#: the first words of the comment lines `edit` puts above a record (and takes off again)
EDIT_NOTE = "# perfcode edit:"


def field_name(pointer: Pointer) -> str:
    """A value's place as a person reads it: `ratings[2].comment`, `summary`."""
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def where(text: str, pointer: Pointer) -> yamlio.Position:
    """Line and column of the value at POINTER in TEXT (1:1 when TEXT is no YAML)."""
    try:
        return yamlio.position(yamlio.compose(text), pointer)
    except Exception:  # not YAML (its own problems say so): the top of the file
        return yamlio.Position(1, 1)


def has_words(path: str) -> bool:
    """Whether the record at PATH is of a kind that holds confidential words."""
    place = layout.classify(path)
    return place is not None and place.kind in FIELDS


def policy_for(repo: m.Repository, path: str) -> m.Policy | None:
    """The policy of the cycle the record at PATH belongs to (None: no such cycle, or one
    without a policy that could be read)."""
    place = layout.classify(path)
    if place is None or place.cycle is None:
        return None
    cycle = repo.cycles.get(place.cycle)
    return cycle.policy if cycle is not None else None


def _at(data: Any, pointer: Pointer) -> Any:
    node = data
    for part in pointer:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return None
            node = node[part]
        else:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
    return node


def _parsed(text: str) -> Any:
    try:
        return yamlio.parse(text)
    except yamlio.YamlError:
        return None


def recorded_readers(text: str, pointer: Pointer) -> tuple[str, ...]:
    """The readers the sealed value at POINTER in TEXT says it was sealed to."""
    sealed = sealed_of(_at(_parsed(text), pointer))
    return sealed.readers if sealed is not None else ()


# --- edit -------------------------------------------------------------------------------


def note_for_editor(closed: Sequence[Pointer], lines: Sequence[str]) -> str:
    """The comment lines put above a record whose values at CLOSED the caller cannot read
    (LINES: the sentences, in the organisation's language, the first naming the fields)."""
    if not closed:
        return ""
    return "".join(f"{EDIT_NOTE} {line}\n" for line in lines)


def without_note(text: str) -> str:
    """TEXT without the comment lines `note_for_editor` put at its top."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith(EDIT_NOTE):
        start += 1
    return "".join(lines[start:])


def tampered(before: str, after: str, closed: Iterable[Pointer]) -> tuple[Pointer, ...]:
    """The values at CLOSED (sealed, and the caller cannot open them) that AFTER does not
    hold exactly as BEFORE did: changed, removed or moved."""
    old, new = _parsed(before), _parsed(after)
    return tuple(
        pointer
        for pointer in closed
        if new is None or sealed_of(_at(new, pointer)) != sealed_of(_at(old, pointer))
    )


def tampered_problems(path: str, text: str, pointers: Iterable[Pointer]) -> list[Problem]:
    """PC119 at each of POINTERS in TEXT."""
    found = []
    for pointer in pointers:
        at = where(text, pointer)
        found.append(
            error(
                path,
                "PC119",
                f"{field_name(pointer)} is sealed to readers you are not one of, and it was "
                "changed or removed: leave it as it was (one of "
                f"{', '.join(recorded_readers(text, pointer)) or 'its readers'} can change it)",
                pointer,
            ).at(at.line, at.column)
        )
    return found


def relocated(problems: Iterable[Problem], text: str, shift: int) -> list[Problem]:
    """PROBLEMS (found in the sealed text) placed in TEXT as the editor showed it, SHIFT
    lines below its top (the note above it): what has a pointer is found by it."""
    tree: Any = None
    try:
        tree = yamlio.compose(text)
    except Exception:
        tree = None
    out = []
    for problem in problems:
        if problem.pointer and tree is not None:
            at = yamlio.position(tree, problem.pointer, key=problem.key)
            problem = problem.at(at.line + shift, at.column)
        elif shift:
            problem = problem.at(problem.line + shift, problem.column)
        out.append(problem)
    return out


# --- rekey ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """One record sealed again: its text before and after, and what was done and not."""

    path: str
    before: str
    sealing: Sealing

    @property
    def changed(self) -> bool:
        return self.sealing.text != self.before


def rekey_text(
    path: str,
    text: str,
    repo: m.Repository,
    today: str,
    identities: Sequence[age.Identity],
    *,
    again: bool = False,
) -> Rekeyed | None:
    """TEXT (the record at PATH) with every value sealed to exactly its readers as REPO
    names them on TODAY; None when the record holds no words or its cycle no policy.
    AGAIN: seal anew every value IDENTITIES can open, even one that looks right (an age1
    key replaced cannot be seen in a ciphertext: X25519 stanzas name nobody)."""
    record = Record.parse(path, text)
    policy = policy_for(repo, path)
    if record is None or policy is None:
        return None
    if not again:
        return Rekeyed(path, text, seal_text(text, record, policy, repo, today, identities))
    opened = open_text(text, record, identities)
    reopened = Record.parse(path, opened.text)
    if reopened is None:  # pragma: no cover - opening keeps the text YAML
        return Rekeyed(path, text, seal_text(text, record, policy, repo, today, identities))
    sealing = seal_text(
        opened.text, reopened, policy, repo, today, identities, sealed_at=opened.opened
    )
    mine = set(opened.opened)
    fresh = tuple(p for p in sealing.sealed if p not in mine)
    again_ = tuple(p for p in sealing.sealed if p in mine)
    return Rekeyed(
        path,
        text,
        Sealing(
            sealing.text,
            fresh,
            (*sealing.resealed, *again_),
            sealing.unreadable,
            sealing.unsealable,
            sealing.keyless,
            sealing.locked,
        ),
    )


def unreadable_problems(done: Rekeyed, repo: m.Repository, today: str) -> list[Problem]:
    """PC117 at each value DONE could not seal again, PC118 at each it could not seal."""
    text = done.sealing.text
    found = []
    for pointer in done.sealing.unreadable:
        recorded = recorded_readers(text, pointer)
        able = [
            r
            for r in recorded
            if (person := repo.people.get(r)) is not None and not person.left_by(today)
        ]
        at = where(text, pointer)
        found.append(
            error(
                done.path,
                "PC117",
                f"{field_name(pointer)} must be sealed again to its readers, and your key "
                "cannot open it: "
                + (
                    f"one of {', '.join(able)} runs perfcode rekey {done.path}"
                    if able
                    else "nobody it was sealed to is still here to open it; write it again "
                    "(perfcode edit) or remove it"
                ),
                pointer,
            ).at(at.line, at.column)
        )
    fixed = (
        ("PC116", done.sealing.locked, m.LOCK_LINE),
        (
            "PC118",
            done.sealing.unsealable,
            "holds plain words, and none of the people who read them has a key to seal them "
            "to: add a key to people/<id>.yaml (keys:)",
        ),
    )
    for code, pointers, said in fixed:
        for pointer in pointers:
            at = where(text, pointer)
            found.append(
                error(done.path, code, f"{field_name(pointer)} {said}", pointer).at(
                    at.line, at.column
                )
            )
    return found


# --- show -------------------------------------------------------------------------------


def locked(text: str, closed: Iterable[Pointer], label: str) -> str:
    """TEXT with the sealed value at each of CLOSED written as one lock line (never its
    ciphertext): LABEL, with `{readers}` for whom it is sealed to."""
    data = _parsed(text)
    replacements: dict[Pointer, Any] = {}
    for pointer in closed:
        sealed = sealed_of(_at(data, pointer))
        readers = ", ".join(sealed.readers) if sealed is not None else ""
        replacements[pointer] = f"{LOCK} {label.format(readers=readers)}"
    return roundtrip.replace_values(text, replacements) if replacements else text


def about(path: str, text: str, person: str) -> bool:
    """Whether the record at PATH (holding TEXT) is about PERSON: its path names them, or
    (a calibration) one of its decisions is about them."""
    place = layout.classify(path)
    if place is None or place.cycle is None:
        return False
    if place.kind == "calibration":
        data = _parsed(text)
        decisions = data.get("decisions") if isinstance(data, dict) else None
        return isinstance(decisions, list) and any(
            isinstance(d, dict) and d.get("person") == person for d in decisions
        )
    return place.person == person


def only_about(path: str, text: str, person: str) -> str:
    """TEXT (the record at PATH) with only what is about PERSON: a calibration's decisions
    about others left out; any other record as it is."""
    place = layout.classify(path)
    data = _parsed(text)
    if place is None or place.kind != "calibration" or not isinstance(data, dict):
        return text
    decisions = data.get("decisions")
    if not isinstance(decisions, list):
        return text
    kept = [d for d in decisions if isinstance(d, dict) and d.get("person") == person]
    return roundtrip.replace_values(text, {("decisions",): kept})


def about_whom(record: Record) -> dict[Pointer, str]:
    """Whom each confidential value of RECORD is about, by its place."""
    return {v.pointer: v.about for v in values(record.kind, record.data, record.person)}


def sealed_count(record: Record) -> int:
    """How many sealed values RECORD holds."""
    return sum(
        1 for v in values(record.kind, record.data, record.person) if sealed_of(v.words) is not None
    )
