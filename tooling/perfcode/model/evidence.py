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
    """What signed a merged pull request (one entry of cycles/<cycle>/signatures.yaml),
    written and signed by the recording workflow."""

    path: str
    cycle: str
    pr: int
    merge: str  # the commit on the default branch that merged it
    merged_at: str
    base: str  # the merge's first parent: the registry that said who must sign
    head: str
    #: what was signed: each path the pull request changed and its git blob id (None: deleted)
    changes: tuple[tuple[str, str | None], ...]
    signatures: tuple[SignedBy, ...]
    missing: tuple[str, ...]
    proof: str  # "ed25519:<base64>": the recorder's signature over the rest of the entry

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(path for path, _ in self.changes)

    def blob(self, path: str) -> str | None:
        return dict(self.changes).get(path)
