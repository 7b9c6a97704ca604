"""Evidence: what signed each merged pull request, kept with the records (pure).

One entry per merged pull request in `cycles/<cycle>/signatures.yaml`, written by
`perfcode signatures record`: the pull request, the commit that merged it, its first parent
(whose registry said who must sign), the head, what was signed (`changes`: each path and its
git blob id), every signature, anyone missing, and the recorder's `proof` (an Ed25519
signature over the rest, checked against people/org.yaml's `evidence_keys`).

Who signed a record is read from the authentic entry that names the file's current blob: an
admin merge, a direct push or a removed entry leaves the current blob unnamed, so nobody has.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.problems import Problem, error
from perfcode.signatures import proof as keys
from perfcode.signatures import rules as sig

# --- entries as written ---------------------------------------------------------------------


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes the proof signs: the entry's canonical JSON without its proof."""
    return json.dumps(
        {k: v for k, v in fields.items() if k != "proof"},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def _signature_entry(s: sig.Signature | m.SignedBy) -> dict[str, Any]:
    return {
        "person": s.person,
        "login": s.login,
        "how": s.how,
        "review_id": s.review_id,
        "comment_id": s.comment_id,
        "commit": s.commit,
        "at": s.at,
    }


def fields_of(record: m.SignatureRecord) -> dict[str, Any]:
    """An entry as written in signatures.yaml (proof included)."""
    return {
        "pr": record.pr,
        "merge": record.merge,
        "merged_at": record.merged_at,
        "base": record.base,
        "head": record.head,
        "changes": dict(record.changes),
        "signatures": [_signature_entry(s) for s in record.signatures],
        "missing": list(record.missing),
        "proof": record.proof,
    }


def missing_names(verdict: sig.Verdict) -> list[str]:
    return sorted(r.person if r.person is not None else sig.POLICY_OWNER for r in verdict.missing)


def new_entry(
    pull: sig.PullRequest,
    verdict: sig.Verdict,
    changes: Mapping[str, str | None],
    merge: str,
    base: str,
    private_key: str,
) -> dict[str, Any]:
    """The evidence entry of a merged pull request, signed with the recorder's key."""
    entry: dict[str, Any] = {
        "pr": pull.number,
        "merge": merge,
        "merged_at": pull.merged_at,
        "base": base,
        "head": verdict.head,
        "changes": dict(sorted(changes.items())),
        "signatures": [_signature_entry(s) for s in verdict.signed],
        "missing": missing_names(verdict),
    }
    entry["proof"] = keys.sign(canonical(entry), private_key)
    return entry


def evidence_keys(repo: m.Repository) -> tuple[str, ...]:
    return repo.org.evidence_keys if repo.org is not None else ()


def authentic(record: m.SignatureRecord, public_keys: Sequence[str]) -> bool:
    """Whether the recorder wrote this entry as it reads now."""
    return keys.verify(canonical(fields_of(record)), record.proof, public_keys)


def check_evidence(repo: m.Repository) -> Iterator[Problem]:
    """Every entry must carry the proof of the recording workflow (PC045), and the cycles that
    keep evidence are judged (PC066)."""
    yield from check_since(repo)
    public_keys = evidence_keys(repo)
    trusted = signed_evidence(repo).records
    for cycle in repo.cycles.values():
        for index, record in enumerate(cycle.signatures):
            if not public_keys:
                yield error(
                    record.path,
                    "PC045",
                    f"the evidence for pull request #{record.pr} cannot be checked: "
                    "people/org.yaml lists no `evidence_keys` (the public key of the workflow "
                    "that records signatures)",
                    ("entries", index, "proof"),
                )
            elif record not in trusted:
                yield error(
                    record.path,
                    "PC045",
                    f"the evidence for pull request #{record.pr} was not written by the "
                    "recording workflow as it reads now (its proof does not match any of "
                    "people/org.yaml's evidence_keys): it was edited or forged; restore it "
                    "from git history",
                    ("entries", index, "proof"),
                )


def check_since(repo: m.Repository) -> Iterator[Problem]:
    """A cycle that keeps evidence is judged: `evidence_since` may not come after its end
    (PC066), or moving the date forward would silence every unsigned record."""
    since = repo.org.evidence_since if repo.org is not None else None
    if since is None or repo.org is None:
        return
    trusted = signed_evidence(repo).records
    for cycle_id in repo.cycle_ids():
        cycle = repo.cycles[cycle_id]
        if cycle.policy is None or since <= cycle.policy.period_end:
            continue
        if any(r in trusted for r in cycle.signatures):
            yield error(
                repo.org.path,
                "PC066",
                f"evidence_since is {since}, after the end of cycle {cycle_id} "
                f"({cycle.policy.period_end}), which keeps signature evidence: its records "
                "would not be judged; set the day evidence keeping really started",
                ("evidence_since",),
            )
            return


# --- what is signed now -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signed:
    """The authentic entries of a repository, by path: which blob of each file was signed."""

    kept: bool  # the organisation keeps evidence (org.yaml lists evidence keys)
    by_path: Mapping[str, tuple[m.SignatureRecord, ...]] = field(default_factory=dict)
    blobs: Mapping[str, str] = field(default_factory=dict)  # each record's current blob
    records: frozenset[m.SignatureRecord] = frozenset()  # every authentic entry
    since: str | None = None  # org.yaml's evidence_since

    @classmethod
    def of(cls, repo: m.Repository) -> Signed:
        public_keys = evidence_keys(repo)
        found: dict[str, list[m.SignatureRecord]] = {}
        records = set()
        for cycle_id in repo.cycle_ids():
            for record in repo.cycles[cycle_id].signatures:
                if authentic(record, public_keys):
                    records.add(record)
                    for path in record.paths:
                        found.setdefault(path, []).append(record)
        by_path = {p: tuple(sorted(rs, key=lambda r: r.merged_at)) for p, rs in found.items()}
        since = repo.org.evidence_since if repo.org is not None else None
        return cls(bool(public_keys), by_path, repo.blobs, frozenset(records), since)

    def judges(self, policy: m.Policy) -> bool:
        """Whether a cycle's records are judged by their evidence: the organisation keeps
        evidence, and the cycle did not end before it started to (`evidence_since`)."""
        return self.kept and (self.since is None or policy.period_end >= self.since)

    def entry(self, path: str, until: str | None = None) -> m.SignatureRecord | None:
        """The authentic entry that signed the file's current content, merged on or before
        the day `until` when given; None: unsigned. Only the latest entry that changed the
        file counts: going back (by a push) to an older signed version is not signed, since
        the people signed something newer after it."""
        blob = self.blobs.get(path)
        if blob is None:
            return None
        hits = [r for r in self.by_path.get(path, ()) if until is None or r.merged_at[:10] <= until]
        return hits[-1] if hits and hits[-1].blob(path) == blob else None

    def signers(self, path: str, until: str | None = None) -> frozenset[str]:
        """Who signed the file's current content (empty: nobody, or no evidence)."""
        entry = self.entry(path, until)
        return frozenset(s.person for s in entry.signatures) if entry is not None else frozenset()


_SIGNED: list[tuple[m.Repository, Signed]] = []


def signed_evidence(repo: m.Repository) -> Signed:
    """The repository's authentic evidence, its proofs checked once per repository (validate,
    status, every person's page and record all read it)."""
    if not _SIGNED or _SIGNED[0][0] is not repo:
        _SIGNED[:] = [(repo, Signed.of(repo))]
    return _SIGNED[0][1]


def evidence_for(repo: m.Repository, person: str) -> list[m.SignatureRecord]:
    """The authentic entries that signed any of a person's records (for their page)."""
    trusted = signed_evidence(repo).records
    return [
        record
        for cycle_id in repo.cycle_ids()
        for record in repo.cycles[cycle_id].signatures
        if person_paths(record, person) and record in trusted
    ]


def person_paths(record: m.SignatureRecord, person: str) -> list[str]:
    """The paths of a merged pull request that hold one person's records (their registry
    entry included)."""
    found = []
    for path in record.paths:
        place = layout.classify(path)
        if place is not None and place.person == person:
            found.append(path)
    return found
