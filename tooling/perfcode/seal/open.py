"""A repository's confidential words opened for whoever holds a key.

Pure (decryption is a computation): the repository in, the same repository out with every
sealed value that one of the identities can open replaced by its text. What they cannot
open stays `Sealed` (it prints as a lock). Nothing else changes: scores and checks never
need a key, and are computed before this.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from perfcode import model as m
from perfcode.seal import age


class _Opener:
    def __init__(self, identities: Sequence[age.Identity]) -> None:
        self.identities = list(identities)
        self.opened: dict[str, str | None] = {}
        self.count = 0  # values opened
        self.closed = 0  # values left sealed

    def text(self, sealed: m.Sealed) -> m.Words:
        if sealed.armor not in self.opened:
            self.opened[sealed.armor] = age.open_(sealed.armor, self.identities)
        text = self.opened[sealed.armor]
        if text is None:
            self.closed += 1
            return sealed
        self.count += 1
        return text

    def walk(self, value: Any) -> Any:
        if isinstance(value, m.Sealed):
            return self.text(value)
        if isinstance(value, (str, int, float, bool)) or value is None:
            return value
        if isinstance(value, tuple):
            items = tuple(self.walk(item) for item in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, Mapping):
            opened = {key: self.walk(item) for key, item in value.items()}
            if all(opened[key] is value[key] for key in value):
                return value
            return MappingProxyType(opened) if isinstance(value, MappingProxyType) else opened
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in dataclasses.fields(value):
                if not f.init:
                    continue
                old = getattr(value, f.name)
                new = self.walk(old)
                if new is not old:
                    changes[f.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        return value


@dataclasses.dataclass(frozen=True, slots=True)
class Opened:
    repository: m.Repository
    opened: int  # how many sealed values were opened
    closed: int  # how many stayed sealed (not encrypted to these identities)


def open_repository(repo: m.Repository, identities: Sequence[age.Identity]) -> Opened:
    """REPO with the words IDENTITIES can read in the clear (the records of every cycle)."""
    opener = _Opener(identities)
    cycles = {cid: opener.walk(cycle) for cid, cycle in repo.cycles.items()}
    if all(cycles[cid] is repo.cycles[cid] for cid in cycles):
        return Opened(repo, opener.count, opener.closed)
    opened_repo = dataclasses.replace(repo, cycles=cycles)
    return Opened(opened_repo, opener.count, opener.closed)


def open_values(values: Mapping[str, Any], identities: Sequence[age.Identity]) -> dict[str, Any]:
    """VALUES (by key: a cycle's scores, `CycleResult`, which carry some of the words of
    the records they were computed from, such as a calibration's reason) with the words
    IDENTITIES can read in the clear, as `open_repository` opens the records."""
    opener = _Opener(identities)
    return {key: opener.walk(value) for key, value in values.items()}
