"""A repository's confidential words opened for whoever holds a key.

Pure (decryption is a computation): the repository in, the same repository out with every
sealed value that one of the identities can open replaced by its text. What they cannot
open stays `Sealed` (it prints as a lock). Nothing else changes: scores and checks never
need a key, and are computed before this.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import Any

from perfcode import model as m
from perfcode.model.words import FIELDS
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


# --- the public edition's guard ----------------------------------------------------------

#: where each kind's records start in the model, to find the dataclass and attribute of
#: each confidential field (`model.words.FIELDS`) by the model's own type hints
_ROOTS: dict[str, type] = {
    "review": m.Review,
    "checkins": m.Checkins,
    "interview": m.Interview,
    "plan": m.Plan,
    "appeal": m.Appeal,
    "calibration": m.Calibration,
    "adjustments": m.Adjustments,
}


def _dataclass_in(hint: Any) -> type:
    """The dataclass a field's type names (`tuple[Rating, ...]`, `Evaluation | None`)."""
    for arg in (hint, *typing.get_args(hint)):
        if isinstance(arg, type) and dataclasses.is_dataclass(arg):
            return arg
    raise AssertionError(f"no dataclass in {hint!r}")


@cache
def _word_attributes() -> dict[tuple[type, str], str]:
    """(model class, attribute) → the confidential field's policy name, for every field."""
    found: dict[tuple[type, str], str] = {}
    for kind, paths in FIELDS.items():
        for path in paths:
            cls = _ROOTS[kind]
            parts = path.split(".")
            for part in parts[:-1]:
                cls = _dataclass_in(typing.get_type_hints(cls)[part])
            found[(cls, parts[-1])] = f"{kind}.{path}"
    return found


class _Concealer(_Opener):
    """Plain words in a field the policy keeps confidential → a lock (nothing opened)."""

    def __init__(self, policy: m.Policy) -> None:
        super().__init__(())
        self.covered = frozenset(policy.confidential.fields)
        self.concealed = 0

    def text(self, sealed: m.Sealed) -> m.Words:
        return sealed

    def walk(self, value: Any) -> Any:
        walked = super().walk(value)
        if not (dataclasses.is_dataclass(walked) and not isinstance(walked, type)):
            return walked
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(walked):
            name = _word_attributes().get((type(walked), f.name))
            held = getattr(walked, f.name)
            if name in self.covered and isinstance(held, str) and held.strip():
                changes[f.name] = m.Sealed("", ())
        self.concealed += len(changes)
        return dataclasses.replace(walked, **changes) if changes else walked


@dataclasses.dataclass(frozen=True, slots=True)
class Concealed:
    repository: m.Repository
    results: dict[str, Any]
    concealed: int  # plain confidential words that now print as a lock


def conceal_plain(repo: m.Repository, results: Mapping[str, Any]) -> Concealed:
    """REPO and RESULTS (by cycle) as the public edition may print them: a field its cycle's
    policy keeps confidential that holds plain words (validate's PC110, which does not stop
    scoring) prints as a lock, like a sealed one. Fail closed: the public never reads words
    the policy hides, whether or not someone sealed them."""
    cycles = dict(repo.cycles)
    out = dict(results)
    total = 0
    for cycle_id, cycle in repo.cycles.items():
        if cycle.policy is None or not cycle.policy.confidential.fields:
            continue  # nothing to conceal: no walk (it costs what rendering the pages does)
        concealer = _Concealer(cycle.policy)
        cycles[cycle_id] = concealer.walk(cycle)
        if cycle_id in out:
            out[cycle_id] = concealer.walk(out[cycle_id])
        total += concealer.concealed
    if not total:
        return Concealed(repo, dict(results), 0)
    return Concealed(dataclasses.replace(repo, cycles=cycles), out, total)
