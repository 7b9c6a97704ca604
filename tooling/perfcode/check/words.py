"""Confidential words: written in the clear, damaged, or not sealed to exactly their readers.

`check(repository, registry, today)` is pure. For every record of a kind that holds words
(`model.words.FIELDS`) and every value of a field its cycle's policy keeps confidential:

- plain text is PC110 (everyone who can clone the repository reads it); a lock line that
  `perfcode show` printed, pasted back as if it were the words, is PC116;
- a sealed value that is no age ciphertext is PC111;
- a sealed value not sealed to exactly its readers (`seal.readers.judge`) is PC112: the
  readers it records beside the ciphertext against who should read it, and the
  ciphertext's recipients against their keys, as far as the format shows them (an SSH
  stanza names its key by a tag, an X25519 stanza names nobody: only their number can be
  compared; a recipient of any other type, a passphrase or a plugin, is never a reader's);
- a reader with no key is a warning PC113, once per person and file.

REGISTRY names the readers and their keys: the base branch's in a pull request's check
(`perfcode validate --base`), so that a pull request cannot make its author a reader. The
keys the checked repository's people list are judged too: one age cannot use (PC114), one
listed by two people (PC115).

None of these problems blocks scoring (`CODES`): scores need no key, and words are no
numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from perfcode import model as m
from perfcode.problems import Problem, error, warning
from perfcode.seal import age
from perfcode.seal.readers import Verdict, judge, rater_of, readers, values

#: the codes of this module's problems: validate reports them, scoring does not wait for them
CODES = frozenset({"PC110", "PC111", "PC112", "PC113", "PC114", "PC115", "PC116"})

LOCKED = f"this {m.LOCK_LINE}"

PLAIN = (
    "these words are confidential under the cycle's policy but are written in the clear: "
    "everyone who can clone the repository reads them; run `perfcode edit {path}` or "
    "`perfcode rekey` to encrypt them to their readers"
)


def check(repository: m.Repository, registry: m.Repository, today: str) -> list[Problem]:
    """The problems of REPOSITORY's confidential words, with the readers REGISTRY names
    on TODAY (ISO day: who has left by then reads nothing more)."""
    problems = list(_keys(repository))
    for cycle_id in repository.cycle_ids():
        cycle = repository.cycles[cycle_id]
        if cycle.policy is None:
            continue
        for kind, record, person in _records(cycle):
            problems.extend(_record(kind, record, person, cycle.policy, registry, today))
    return problems


def _records(cycle: m.Cycle) -> Iterator[tuple[str, Any, str]]:
    """(kind, record, whom it is about) for each record of CYCLE that may hold words."""
    for review in cycle.reviews:
        yield "review", review, review.person
    for checkins in cycle.checkins.values():
        yield "checkins", checkins, checkins.person
    for interview in cycle.interviews.values():
        yield "interview", interview, interview.person
    for plan in cycle.plans.values():
        yield "plan", plan, plan.person
    for appeal in cycle.appeals.values():
        yield "appeal", appeal, appeal.person
    if cycle.calibration is not None:
        yield "calibration", cycle.calibration, ""
    for adjustments in cycle.adjustments.values():
        yield "adjustments", adjustments, adjustments.person


def _record(
    kind: str,
    record: Any,
    person: str,
    policy: m.Policy,
    registry: m.Repository,
    today: str,
) -> Iterator[Problem]:
    path: str = record.path
    rater = rater_of(kind, record)
    warned: set[str] = set()
    for value in values(kind, record, person, only=policy.confidential):
        words = value.words
        if isinstance(words, str) and not words.strip():
            continue  # nothing written: nothing to keep from anyone
        if isinstance(words, str):
            locked = words.lstrip().startswith(m.LOCK)
            code, said = ("PC116", LOCKED) if locked else ("PC110", PLAIN.format(path=path))
            yield error(path, code, said, value.pointer)
            continue
        who = readers(registry, policy, value.about, today, rater=rater)
        for pid in who:
            if pid not in warned and not _has_key(registry, pid):
                warned.add(pid)
                yield warning(
                    path,
                    "PC113",
                    f"{pid} should read these words ({_role(pid, value.about, rater, registry)}) "
                    f"but people/{pid}.yaml lists no key under keys:, so they cannot; add "
                    "their public key (age1… or the line of ~/.ssh/id_ed25519.pub) and run "
                    "`perfcode rekey`",
                    value.pointer,
                )
        verdict = judge(words, who, registry)
        if verdict.stanzas is None:
            yield error(
                path,
                "PC111",
                "this is not an age ciphertext (the armour between -----BEGIN AGE ENCRYPTED "
                "FILE----- and -----END AGE ENCRYPTED FILE----- is damaged or missing), so "
                "nobody can read it; restore it from git history, or write the words again "
                f"with `perfcode edit {path}`",
                (*value.pointer, "age"),
            )
            continue
        if not verdict.exact:
            yield error(
                path,
                "PC112",
                "these words are not encrypted to exactly their readers ("
                + "; ".join(_differences(words, verdict, registry))
                + "); someone who can read them runs `perfcode rekey` to encrypt them again",
                value.pointer,
            )


def _has_key(registry: m.Repository, pid: str) -> bool:
    person = registry.people.get(pid)
    for text in person.keys if person else ():
        try:
            age.parse_key(text)
        except age.NotAKey:
            continue
        return True
    return False


def _role(pid: str, about: str, rater: str | None, registry: m.Repository) -> str:
    if pid == about:
        return "the words are about them"
    if pid == rater:
        return "they wrote the review"
    owners = registry.org.policy_owners if registry.org else ()
    if pid in owners:
        return "a policy owner"
    return f"a manager of {about}"


def _differences(sealed: m.Sealed, verdict: Verdict, registry: m.Repository) -> list[str]:
    """What a sealed value gets wrong, in words: whom it records, and its recipients."""
    said: list[str] = []
    if verdict.unrecorded:
        said.append(
            f"{_names(verdict.unrecorded)} should read them but "
            + ("is" if len(verdict.unrecorded) == 1 else "are")
            + " not among the readers it was encrypted to"
        )
    if verdict.unwanted:
        said.append(f"it is encrypted to {_names(verdict.unwanted)}, who should not read them")
    mismatch = verdict.stanzas
    if mismatch is None or not mismatch:
        return said
    shown = Counter(kind for kind, _tag in age.stanzas(sealed.armor) or ())
    able = tuple(r for r in verdict.readers if r not in verdict.keyless)
    owners = _owners(registry, able)
    wanted = Counter(key.kind for key, _pid in owners)
    if shown["X25519"] != wanted["X25519"]:
        said.append(
            f"the ciphertext holds {_count(shown['X25519'], 'X25519 recipient')}, "
            f"the readers have {_count(wanted['X25519'], 'such key')}"
        )
    for kind, tag in mismatch.missing:
        if kind == "X25519":
            continue
        holders = sorted({pid for key, pid in owners if key.stanza == (kind, tag)})
        said.append(f"it is not encrypted to the {kind} key of {_names(tuple(holders))}")
    for kind, tag in mismatch.extra:
        if kind == "X25519":
            continue
        if kind in ("ssh-ed25519", "ssh-rsa"):
            said.append(f"it is encrypted to an {kind} key (tag {tag}) that no reader's key has")
        elif kind == "scrypt":
            said.append("it is encrypted to a passphrase (scrypt), which is no reader's key")
        else:
            said.append(f"it is encrypted to a recipient of type {kind}, which no reader's key is")
    return said


def _owners(registry: m.Repository, people: tuple[str, ...]) -> list[tuple[age.Key, str]]:
    found: list[tuple[age.Key, str]] = []
    for pid in people:
        person = registry.people.get(pid)
        for text in person.keys if person else ():
            try:
                found.append((age.parse_key(text), pid))
            except age.NotAKey:
                continue
    return found


def _names(people: tuple[str, ...]) -> str:
    return ", ".join(people)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _keys(repository: m.Repository) -> Iterator[Problem]:
    """The keys the people list: one age cannot use (PC114), one two people list (PC115)."""
    holders: dict[str, list[str]] = {}
    places: dict[tuple[str, str], int] = {}
    for pid, person in sorted(repository.people.items()):
        for index, text in enumerate(person.keys):
            try:
                key = age.parse_key(text)
            except age.NotAKey as why:
                yield error(
                    person.path,
                    "PC114",
                    f"this key cannot be used: {why}; copy the whole public key again (the "
                    "line age-keygen prints after 'Public key:', or ~/.ssh/id_ed25519.pub)",
                    ("keys", index),
                )
                continue
            if pid not in holders.setdefault(key.text, []):
                holders[key.text].append(pid)
                places[(key.text, pid)] = index
    for text, people in holders.items():
        if len(people) < 2:
            continue
        for pid in people:
            others = _names(tuple(p for p in people if p != pid))
            yield error(
                repository.people[pid].path,
                "PC115",
                f"this key is also listed by {others}: whoever holds its private key would "
                "read the words of both, and perfcode cannot tell whose words are whose; "
                "each person lists only their own keys",
                ("keys", places[(text, pid)]),
            )
