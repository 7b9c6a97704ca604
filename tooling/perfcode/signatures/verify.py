"""`perfcode verify`: every change on the default branch carries its signatures, offline.

The detective control that holds even when someone bypassed the rules. From a clone, with
git only: walk the branch's first-parent history from the commit that started keeping
evidence (the first whose people/org.yaml lists `evidence_keys`; after it, when it is the
first commit of all); for every commit that
changed files, find the authentic entry whose `merge` is that commit, check that what was
merged is what was signed (each path's blob), and that the signers the first parent's
registry requires are all in it. The recorder's own commits (that only append entries to
signatures.yaml) are checked to append only. Each gap is a problem; exit 1 on any.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perfcode import model as m
from perfcode.io import git as gitrev
from perfcode.io import yaml as yamlio
from perfcode.load import repository as load
from perfcode.problems import Problem, error
from perfcode.signatures import base as basetree
from perfcode.signatures import evidence as kept
from perfcode.signatures import rules as sig

ORG = "people/org.yaml"


@dataclass(frozen=True, slots=True)
class Outcome:
    problems: tuple[Problem, ...]
    commits: int  # first-parent commits walked since evidence keeping started
    merges: int  # of them, changes that needed signatures
    since: str | None  # the commit that started keeping evidence
    documents: int  # records read at the branch's head


def _adoption(root: Path, head: str) -> str | None:
    """The first first-parent commit whose org.yaml lists evidence keys."""
    touched = gitrev.run(root, "rev-list", "--first-parent", "--reverse", head, "--", ORG)
    return next((c for c in touched.stdout.decode().split() if keys_at(root, c)), None)


def keys_at(root: Path, commit: str | None) -> tuple[str, ...]:
    """The evidence keys people/org.yaml lists in `commit` (none: no such file, or unreadable)."""
    text = gitrev.file_at(root, commit, ORG) if commit is not None else None
    try:
        data = yamlio.parse(text) if text else None
    except yamlio.YamlError:
        return ()
    found = data.get("evidence_keys") if isinstance(data, dict) else None
    return tuple(k for k in found if isinstance(k, str)) if isinstance(found, list) else ()


def verify(root: Path, ref: str = "HEAD", pinned: tuple[str, ...] = ()) -> Outcome:
    """The gaps in the evidence of `ref`'s history. An entry vouches for a merge only under a
    key trusted before it: the keys of the commit that adopted evidence keeping, changed
    only by a later signed change to people/org.yaml (a key added by an unsigned change, or by
    the very change an entry vouches for, proves nothing). With `pinned` keys (held outside
    the repository), only those count."""
    head = gitrev.resolve(root, ref)
    with tempfile.TemporaryDirectory(prefix="perfcode-verify-") as folder:
        target = Path(folder)
        gitrev.materialise(root, head, target)
        repository, _ = load.load_repository(target)
        problems = load.locate(target, kept.check_evidence(repository))
        if not kept.evidence_keys(repository):
            problems.append(
                error(
                    ORG,
                    "PC063",
                    "people/org.yaml lists no evidence_keys, so no signature evidence can be "
                    "verified: add the recording workflow's public key "
                    "(perfcode signatures keygen)",
                ).at(1, 1)
            )
            return Outcome(tuple(problems), 0, 0, None, repository.documents)
    since = _adoption(root, head)
    steps = gitrev.first_parents(root, head)
    if since is not None:
        # evidence keeping starts with the commit that adopted it: a merge, recorded like any
        # other; a first commit (no parent, so no pull request) is where the history starts
        at = [s.commit for s in steps].index(since)
        steps = steps[at + 1 if steps[at].parent is None else at :]
    entries: dict[str, list[m.SignatureRecord]] = {}
    for cycle in repository.cycles.values():
        for record in cycle.signatures:
            entries.setdefault(record.merge, []).append(record)
    merges = 0
    # the keys that vouch: those of the commit that adopted evidence keeping, then those of
    # each later change to people/org.yaml that was itself signed (a key that came in by an
    # unsigned change vouches for nothing)
    trusted = keys_at(root, since)
    for step in steps:
        changed = gitrev.changes(root, step.parent, step.commit)
        if not changed:
            continue
        if all(_is_evidence(c.path) for c in changed):
            problems.extend(_append_only(root, step, changed))
            continue
        merges += 1
        keys = tuple(k for k in trusted if k in pinned) if pinned else trusted
        entry = next((r for r in entries.get(step.commit, ()) if kept.authentic(r, keys)), None)
        gaps = list(_step(root, step, changed, entry))
        problems.extend(gaps)
        if not gaps and any(c.path == ORG for c in changed):
            trusted = keys_at(root, step.commit)
    return Outcome(tuple(problems), len(steps), merges, since, repository.documents)


def _is_evidence(path: str) -> bool:
    return sig.kind_of(path)[0] == "signatures"


def _short(step: gitrev.Step) -> str:
    return f"commit {step.commit[:12]} ({step.subject[:60]})"


def _entries_at(root: Path, commit: str | None, path: str) -> list[object]:
    if commit is None:
        return []
    text = gitrev.file_at(root, commit, path)
    if text is None:
        return []
    try:
        data = yamlio.parse(text)
    except yamlio.YamlError:
        return []
    found = data.get("entries") if isinstance(data, dict) else None
    return list(found) if isinstance(found, list) else []


def _append_only(root: Path, step: gitrev.Step, changed: list[gitrev.Change]) -> Iterator[Problem]:
    """A commit that only changes signatures.yaml files must only add entries at the end."""
    for change in changed:
        before = _entries_at(root, step.parent, change.path)
        after = _entries_at(root, step.commit, change.path)
        if after[: len(before)] != before:
            yield error(
                change.path,
                "PC063",
                f"{_short(step)} removed or changed signature evidence that was recorded "
                "before it: evidence is only ever added",
            ).at(1, 1)


def _step(
    root: Path, step: gitrev.Step, changed: list[gitrev.Change], entry: m.SignatureRecord | None
) -> Iterator[Problem]:
    first = changed[0].path
    if entry is None:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        yield error(
            first,
            "PC063",
            f"{_short(step)} changed {first}{more} with no signature evidence signed by a key "
            "people/org.yaml listed before it: it was not merged through a checked pull "
            "request (an admin merge or a direct push), or its evidence was removed or forged; "
            "the change counts as unsigned",
        ).at(1, 1)
        return
    for change in changed:
        if change.path not in entry.paths:
            yield error(
                change.path,
                "PC064",
                f"{_short(step)} merged pull request #{entry.pr} but changed {change.path}, "
                "which that pull request did not sign",
            ).at(1, 1)
        elif entry.blob(change.path) != change.blob:
            yield error(
                change.path,
                "PC064",
                f"{_short(step)} merged pull request #{entry.pr}, but {change.path} as merged "
                "is not the content that was signed (the file also changed on the branch "
                "meanwhile, or the merge changed it): it counts as unsigned",
            ).at(1, 1)
    yield from _signers(root, step, changed, entry)


def _signers(
    root: Path, step: gitrev.Step, changed: list[gitrev.Change], entry: m.SignatureRecord
) -> Iterator[Problem]:
    """The signers the first parent's registry requires must all be in the entry."""
    assert step.parent is not None  # a first commit has no entry to verify
    base = basetree.from_git(root, step.parent)
    files = [sig.ChangedFile(c.path, c.status, None, c.blob) for c in changed]
    appeals: dict[str, frozenset[str]] = {}
    subjects: dict[str, frozenset[str] | None] = {}
    for c in changed:
        kind = sig.kind_of(c.path)[0]
        before = base.text(c.path) if c.status != "added" else None
        after = gitrev.file_at(root, step.commit, c.path) if c.status != "removed" else None
        if kind == "appeal":
            appeals[c.path] = sig.appeal_parts(before, after)
        elif kind in ("calibration", "results"):
            subjects[c.path] = sig.subjects(kind, before, after)
    details = sig.Details(appeals, subjects)
    required = sig.required_signers(files, base.repository, entry.merged_at[:10], details)
    signers = {s.person for s in entry.signatures}
    reported: set[str] = set()
    for requirement in required:
        if any(p in signers for p in requirement.candidates):
            continue
        reported.add(requirement.person or sig.POLICY_OWNER)
        who = requirement.person or (
            "a policy owner (" + (", ".join(requirement.any_of) or "none can sign") + ")"
        )
        yield error(
            requirement.paths[0],
            "PC065",
            f"{_short(step)} merged pull request #{entry.pr} without the signature of {who}, "
            f"whom {requirement.paths[0]} needs: it counts as unsigned",
        ).at(1, 1)
    for name in entry.missing:  # what the check itself found missing at the merge counts too
        if name not in reported:
            yield error(
                changed[0].path,
                "PC065",
                f"{_short(step)} merged pull request #{entry.pr} while the signatures check "
                f"found {name} missing: it counts as unsigned",
            ).at(1, 1)
