"""A cycle's documents together, and the repository: everything the loader read.

The containers are read-only: whatever mapping a caller passes in is copied into a
`types.MappingProxyType`, so no stage after the loader can change what the others see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from perfcode import layout
from perfcode.model.evidence import SignatureRecord
from perfcode.model.policy import Policy
from perfcode.model.records import (
    Adjustments,
    Appeal,
    Calibration,
    Checkins,
    Contract,
    Goals,
    Interview,
    Plan,
    Review,
)
from perfcode.model.registry import Org, Person

V = TypeVar("V")


def frozen(mapping: Mapping[str, V]) -> Mapping[str, V]:
    """A read-only copy of MAPPING (in its order)."""
    return MappingProxyType(dict(mapping))


def _empty() -> Mapping[str, V]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Cycle:
    """Everything under cycles/<id>/ (results.yaml excepted: that is an output)."""

    id: str
    policy: Policy | None
    goals: Goals | None
    contracts: Mapping[str, Contract] = field(default_factory=_empty)
    reviews: tuple[Review, ...] = ()
    checkins: Mapping[str, Checkins] = field(default_factory=_empty)
    adjustments: Mapping[str, Adjustments] = field(default_factory=_empty)
    calibration: Calibration | None = None
    interviews: Mapping[str, Interview] = field(default_factory=_empty)
    plans: Mapping[str, Plan] = field(default_factory=_empty)
    appeals: Mapping[str, Appeal] = field(default_factory=_empty)
    signatures: tuple[SignatureRecord, ...] = ()

    _reviews_by_person: Mapping[str, tuple[Review, ...]] = field(
        init=False, repr=False, compare=False, default_factory=_empty
    )

    def __post_init__(self) -> None:
        for name in ("contracts", "checkins", "adjustments", "interviews", "plans", "appeals"):
            object.__setattr__(self, name, frozen(getattr(self, name)))
        object.__setattr__(self, "reviews", tuple(self.reviews))
        object.__setattr__(self, "signatures", tuple(self.signatures))
        index: dict[str, list[Review]] = {}
        for review in self.reviews:
            index.setdefault(review.person, []).append(review)
        object.__setattr__(
            self,
            "_reviews_by_person",
            MappingProxyType({person: tuple(found) for person, found in index.items()}),
        )

    def reviews_of(self, person: str) -> tuple[Review, ...]:
        return self._reviews_by_person.get(person, ())


@dataclass(frozen=True, slots=True)
class Repository:
    root: str
    org: Org | None
    people: Mapping[str, Person]
    cycles: Mapping[str, Cycle]
    documents: int
    #: files that exist but could not be read as documents (their problems say why);
    #: rules treat what they name as existing, so one broken file is one problem, not fifty
    broken: frozenset[str] = frozenset()
    #: every record file read: its git blob id (what signature evidence names)
    blobs: Mapping[str, str] = field(default_factory=_empty)

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", frozen(self.people))
        object.__setattr__(self, "cycles", frozen(self.cycles))
        object.__setattr__(self, "blobs", frozen(self.blobs))
        object.__setattr__(self, "broken", frozenset(self.broken))

    def person_exists(self, person_id: str) -> bool:
        return person_id in self.people or f"people/{person_id}.yaml" in self.broken

    def cycle_ids(self) -> list[str]:
        """Cycle ids, oldest first (ids sort chronologically: 2026, 2026-H1, 2026-Q3, 2026-07)."""
        return layout.sorted_cycles(self.cycles)


def cycle_sort_key(cycle_id: str) -> tuple[int, int, int]:
    """Order cycles by when they end (`layout.cycle_key`, the one home of cycle ids)."""
    return layout.cycle_key(cycle_id)
