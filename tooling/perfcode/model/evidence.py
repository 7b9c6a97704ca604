"""Signature evidence (cycles/<cycle>/signatures.yaml): who signed which merged pull request."""

from __future__ import annotations

from dataclasses import dataclass

from perfcode.model.values import SignatureHow


@dataclass(frozen=True, slots=True)
class SignedBy:
    """One signature kept as evidence: who signed which commit, how and when."""

    person: str
    login: str
    how: SignatureHow
    review_id: int | None
    comment_id: int | None
    commit: str
    at: str | None


@dataclass(frozen=True, slots=True)
class SignatureRecord:
    """What signed a merged pull request (one entry of cycles/<cycle>/signatures.yaml)."""

    path: str
    cycle: str
    pr: int
    merged_at: str
    base: str
    head: str
    paths: tuple[str, ...]
    signatures: tuple[SignedBy, ...]
    missing: tuple[str, ...]
    previous: str | None
    digest: str
