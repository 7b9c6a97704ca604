"""One record file's confidential words, sealed and opened in its text: what `perfcode
edit`, `show`, `rekey` and `new` do to a file, with everything else kept as written
(ruamel's round trip, `io.roundtrip`).

Pure: text in, text out. The caller reads and writes the file, and says whose registry
names the readers (`seal.readers`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.io import roundtrip
from perfcode.io import yaml as yamlio
from perfcode.model.words import FIELDS
from perfcode.seal import age
from perfcode.seal.readers import Pointer, judge, keys, rater_of, readers, values


def sealed_of(raw: Any) -> m.Sealed | None:
    """RAW (a value as the YAML holds it) as a sealed value, or None when it is plain."""
    if isinstance(raw, dict) and isinstance(raw.get("age"), str):
        return m.Sealed(raw["age"], tuple(str(r) for r in raw.get("readers") or ()))
    return None


def as_raw(sealed: m.Sealed) -> dict[str, Any]:
    return {"age": sealed.armor, "readers": list(sealed.readers)}


@dataclass(frozen=True, slots=True)
class Record:
    """A record file: its repository-relative path, kind, and whom it is about."""

    path: str
    kind: str
    person: str
    data: Any  # the parsed YAML

    @classmethod
    def parse(cls, path: str, text: str) -> Record | None:
        """The record at PATH holding TEXT; None when PATH is no kind with confidential
        words (or the text is no mapping: its own problems say why)."""
        place = layout.classify(path)
        if place is None or place.kind not in FIELDS:
            return None
        try:
            data = yamlio.parse(text)
        except yamlio.YamlError:
            return None
        if not isinstance(data, dict):
            return None
        person = place.person or ""
        if place.kind == "review":
            data = {**data, "rater": place.rater}
        return cls(path, place.kind, person, data)


@dataclass(frozen=True, slots=True)
class Opened:
    text: str
    opened: tuple[Pointer, ...]  # sealed values now in the clear
    closed: tuple[Pointer, ...]  # sealed values these identities cannot open
    #: each opened value's text → the sealed value it came from (`seal` keeps it unchanged
    #: when the text is and its readers still are)
    was: Mapping[tuple[str, str], m.Sealed] = field(default_factory=dict)


def open_text(text: str, record: Record, identities: Sequence[age.Identity]) -> Opened:
    """TEXT with every sealed value IDENTITIES can open written in the clear."""
    replacements: dict[Pointer, Any] = {}
    opened: list[Pointer] = []
    closed: list[Pointer] = []
    was: dict[tuple[str, str], m.Sealed] = {}
    for value in values(record.kind, record.data, record.person):
        sealed = sealed_of(value.words)
        if sealed is None:
            continue
        plain = age.open_(sealed.armor, identities)
        if plain is None:
            closed.append(value.pointer)
            continue
        replacements[value.pointer] = plain
        opened.append(value.pointer)
        was[(value.path, plain)] = sealed
    new = roundtrip.replace_values(text, replacements) if replacements else text
    return Opened(new, tuple(opened), tuple(closed), was)


@dataclass(frozen=True, slots=True)
class Sealing:
    """What sealing a file did and could not do."""

    text: str
    sealed: tuple[Pointer, ...] = ()  # plain words now sealed
    resealed: tuple[Pointer, ...] = ()  # sealed again, to who should read them now
    unreadable: tuple[Pointer, ...] = ()  # should be sealed again, but the caller cannot open
    unsealable: tuple[Pointer, ...] = ()  # plain words none of whose readers has a key
    keyless: tuple[str, ...] = ()  # readers with no key, who cannot read what was sealed
    #: plain values that are a lock line (what `show` prints for words it cannot open),
    #: never sealed as if they were the words
    locked: tuple[Pointer, ...] = ()


def seal_text(
    text: str,
    record: Record,
    policy: m.Policy,
    registry: m.Repository,
    today: str,
    identities: Sequence[age.Identity] = (),
    was: Mapping[tuple[str, str], m.Sealed] | None = None,
    sealed_at: Collection[Pointer] = (),
) -> Sealing:
    """TEXT with the words POLICY keeps confidential sealed to exactly their readers (as
    REGISTRY names them on TODAY): plain words are sealed; a sealed value that is not to
    exactly its readers is opened with IDENTITIES and sealed again, or reported
    unreadable. A sealed value already right is left as it is, byte for byte; so is an
    opened one (WAS, from `open_text`) whose text did not change. SEALED_AT: where the
    text held sealed values before they were opened (`Opened.opened`): those are sealed
    again even in a field the policy does not keep confidential, never written plain.
    A plain value that is a lock line is left as it is and reported (`locked`)."""
    was = was or {}
    replacements: dict[Pointer, Any] = {}
    sealed_now: list[Pointer] = []
    resealed: list[Pointer] = []
    unreadable: list[Pointer] = []
    unsealable: list[Pointer] = []
    keyless: set[str] = set()
    locked: list[Pointer] = []
    rater = rater_of(record.kind, record.data)
    for value in values(record.kind, record.data, record.person):
        covered = policy.confidential.covers(record.kind, value.path)
        who = readers(registry, policy, value.about, today, rater=rater)
        found, none = keys(registry, who)
        keyless.update(none)
        recorded = sealed_of(value.words)
        if recorded is None:
            plain = str(value.words)
            before = was.get((value.path, plain))
            if not covered and before is None and value.pointer not in sealed_at:
                continue  # plain words the policy does not keep confidential
            if plain.lstrip().startswith(m.LOCK):
                locked.append(value.pointer)
                continue
            if before is not None and judge(before, who, registry).exact:
                replacements[value.pointer] = as_raw(before)
                continue
            if not found:
                unsealable.append(value.pointer)
                continue
            replacements[value.pointer] = _sealed(plain, who, none, found)
            (resealed if before is not None else sealed_now).append(value.pointer)
            continue
        if judge(recorded, who, registry).exact:
            continue
        plain_or_none = age.open_(recorded.armor, identities)
        if plain_or_none is None or not found:
            unreadable.append(value.pointer)
            continue
        replacements[value.pointer] = _sealed(plain_or_none, who, none, found)
        resealed.append(value.pointer)
    return Sealing(
        roundtrip.replace_values(text, replacements) if replacements else text,
        tuple(sealed_now),
        tuple(resealed),
        tuple(unreadable),
        tuple(unsealable),
        tuple(sorted(keyless)),
        tuple(locked),
    )


def _sealed(
    plain: str, who: tuple[str, ...], keyless: list[str], found: list[age.Key]
) -> dict[str, Any]:
    return {"age": age.seal(plain, found), "readers": [r for r in who if r not in keyless]}
