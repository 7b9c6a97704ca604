"""Who reads a record's confidential words, and which keys that means.

Pure. The readers of a value are the person it is about, their managers up the chain as
far as the cycle's policy says (`confidential: managers:`, the direct manager unless it
says otherwise), the policy owners, and for a review its rater (a person; not the admin
office's aggregate). Someone who has left by the day judged reads nothing more.

Whose registry decides is the caller's to say: the base branch's, like signers, in a pull
request's check (a pull request cannot make its own author a reader); the working tree's
for a local command.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from perfcode import model as m
from perfcode.model.words import FIELDS
from perfcode.seal.age import Key, Mismatch, NotAKey, compare, parse_key, stanzas

#: a place in a record: the keys and list indexes from its top to a value
Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Value:
    """One confidential field's value in a record."""

    kind: str
    path: str  # the field's catalogue path (`ratings.comment`)
    pointer: Pointer  # where it is (`("ratings", 0, "comment")`)
    words: m.Words
    about: str  # the person the words are about


def _walk(node: Any, parts: list[str], pointer: Pointer) -> Iterator[tuple[Pointer, Any, Any]]:
    """(pointer, value, the mapping or dataclass holding it) for each value at PARTS."""
    if isinstance(node, (tuple, list)):
        for index, item in enumerate(node):
            yield from _walk(item, parts, (*pointer, index))
        return
    if node is None:
        return
    head, rest = parts[0], parts[1:]
    child = node.get(head) if isinstance(node, dict) else getattr(node, head, None)
    if not rest:
        if child is not None:
            yield (*pointer, head), child, node
        return
    yield from _walk(child, rest, (*pointer, head))


def _about(kind: str, holder: Any, person: str) -> str:
    """Whom a value is about: a calibration decision's person, else the record's person."""
    if kind == "calibration":
        return str(holder["person"] if isinstance(holder, dict) else holder.person)
    return person


def values(
    kind: str, record: Any, person: str, only: m.Confidential | None = None
) -> Iterator[Value]:
    """Each value of the confidential fields of RECORD (a model record, or a raw mapping
    from the YAML) of KIND, about PERSON (the person its path names; a calibration's values
    are each about their decision's person). ONLY: just the fields that policy covers."""
    for path in FIELDS.get(kind, ()):
        if only is not None and not only.covers(kind, path):
            continue
        for pointer, value, holder in _walk(record, path.split("."), ()):
            yield Value(kind, path, pointer, value, _about(kind, holder, person))


def managers(registry: m.Repository, person_id: str, levels: int) -> list[str]:
    """PERSON's managers, nearest first, LEVELS of them at most (a loop in the chain ends it)."""
    found: list[str] = []
    person = registry.people.get(person_id)
    while person is not None and person.manager and len(found) < levels:
        if person.manager in found or person.manager == person_id:
            break
        found.append(person.manager)
        person = registry.people.get(person.manager)
    return found


def readers(
    registry: m.Repository,
    policy: m.Policy,
    about: str,
    today: str,
    *,
    rater: str | None = None,
) -> tuple[str, ...]:
    """Who may read words about ABOUT, sorted: see the module's description. RATER: a
    review's rater (a person id), who reads what they wrote."""
    chain = managers(registry, about, policy.confidential.managers)
    owners = registry.org.policy_owners if registry.org else ()
    wanted = {about, *chain, *owners, *([rater] if rater else [])}
    return tuple(
        sorted(
            pid
            for pid in wanted
            if (person := registry.people.get(pid)) is not None and not person.left_by(today)
        )
    )


def rater_of(kind: str, record: Any) -> str | None:
    """A review's rater when that is a person (not the aggregate, not a customer's slug is
    decided by the registry: `readers` keeps only people in it)."""
    if kind != "review":
        return None
    rater = record.rater if not isinstance(record, dict) else record.get("rater")
    return None if rater in (None, m.AGGREGATED) else str(rater)


def keys(registry: m.Repository, people: tuple[str, ...]) -> tuple[list[Key], list[str]]:
    """The public keys of PEOPLE that age accepts, and who of them has none."""
    found: list[Key] = []
    keyless: list[str] = []
    for pid in people:
        person = registry.people.get(pid)
        theirs: list[Key] = []
        for text in person.keys if person else ():
            try:
                theirs.append(parse_key(text))
            except NotAKey:
                continue
        if not theirs:
            keyless.append(pid)
        found.extend(theirs)
    return found, keyless


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a sealed value stands against who should read it: the one judgement `validate`
    reports and `rekey` / `edit` act on."""

    readers: tuple[str, ...]  # who should read it
    keyless: tuple[str, ...]  # of them, who has no key (so cannot)
    unrecorded: tuple[str, ...]  # readers the value does not say it was sealed to
    unwanted: tuple[str, ...]  # people it says it was sealed to who are not readers
    stanzas: Mismatch | None  # None: not an age ciphertext at all

    @property
    def exact(self) -> bool:
        """Sealed to exactly its readers, as far as the ciphertext can show."""
        return (
            self.stanzas is not None
            and not self.stanzas
            and not self.unrecorded
            and not self.unwanted
        )


def judge(sealed: m.Sealed, readers_: tuple[str, ...], registry: m.Repository) -> Verdict:
    """SEALED against READERS_ (`readers`), with the keys REGISTRY lists for them: what it
    records beside the ciphertext, and what the ciphertext's stanzas show."""
    found, keyless = keys(registry, readers_)
    able = tuple(r for r in readers_ if r not in keyless)
    shown = stanzas(sealed.armor)
    return Verdict(
        readers=readers_,
        keyless=tuple(keyless),
        unrecorded=tuple(r for r in able if r not in sealed.readers),
        unwanted=tuple(sorted(set(sealed.readers) - set(able))),
        stanzas=None if shown is None else compare(shown, found),
    )
