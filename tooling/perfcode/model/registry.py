"""The organisation and its people (people/org.yaml, people/<id>.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from perfcode.model.values import Language


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    head: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Org:
    path: str
    name: str
    language: Language
    policy_owners: tuple[str, ...]
    groups: tuple[Group, ...]
    departments: tuple[Department, ...]
    #: the public keys ("ed25519:<base64>") the recording workflow signs evidence with
    evidence_keys: tuple[str, ...] = ()
    #: cycles that ended before this day predate the evidence: their signatures are not judged
    evidence_since: str | None = None
    #: the day commands take as today without --today (an example organisation); the
    #: signatures commands never read it (`perfcode.clock`)
    today: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    path: str
    id: str
    name: str
    github: str
    email: str | None
    title: str
    department: str
    manager: str | None
    group: str
    joined: str
    left: str | None
    #: the employee number (工号) payroll keys on, unique in people/; text (leading zeros kept)
    employee_number: str | None = None
    #: the public keys their confidential words are sealed to (`keys:`): age X25519
    #: recipients (age1…) or SSH keys (ssh-ed25519 / ssh-rsa), as written
    keys: tuple[str, ...] = ()

    def left_by(self, day: str) -> bool:
        """Whether the person has left by DAY (`left:` on or before it): the one rule of
        who has left, for `status` (on the day judged) and a cycle's leavers
        (`Policy.leaver`, on the policy's `leavers:` day)."""
        return self.left is not None and self.left <= day
