"""The signatures check at its edges: read the platform and the base, decide, post, keep.

`judge` gathers a pull request from a `ReviewPlatform` (its files, all of them; reviews;
comments; the content of every commit someone signed) and lets the pure `rules` decide,
with the registry of a commit of the default branch (`base.Base`). `post` puts the verdict
on exactly the head commit judged, as the check run the ruleset requires. `record` walks the
default branch's first-parent history and keeps the evidence of every merged pull request
not yet recorded, signed with the recorder's key, in `cycles/<cycle>/signatures.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.errors import EXIT_PROBLEMS, PerfcodeError
from perfcode.io import git as gitrev
from perfcode.io import write as fsio
from perfcode.io import yaml as yamlio
from perfcode.io.github import ApiError, ReviewPlatform
from perfcode.load import repository as load
from perfcode.signatures import base as basetree
from perfcode.signatures import evidence as kept
from perfcode.signatures import proof
from perfcode.signatures import rules as sig

MODELINE = layout.modeline("signatures", 2)
#: at most this many earlier commits are compared with the head (each is one API call)
MAX_COMPARED = 20


@dataclass(frozen=True, slots=True)
class Check:
    pull: sig.PullRequest
    files: tuple[sig.ChangedFile, ...]
    base: basetree.Base
    verdict: sig.Verdict

    @property
    def registry(self) -> Mapping[str, m.Person]:
        return self.base.repository.people


def _day(timestamp: str | None) -> str | None:
    return timestamp[:10] if timestamp and len(timestamp) >= 10 else None


def default_pull(platform: ReviewPlatform, number: int) -> sig.PullRequest:
    """Pull request `number`, refused unless it is into the default branch: only the default
    branch's code and registry judge (a branch anyone can push would judge itself)."""
    default = platform.default_branch()
    pull = platform.pull(number)
    if pull.base_ref != default:
        raise PerfcodeError(
            f"pull request #{number} is into {pull.base_ref!r}, not the default branch "
            f"{default!r}: perfcode judges only pull requests into {default!r}, with its "
            "code and registry"
        )
    return pull


def open_pulls_with_head(platform: ReviewPlatform, sha: str) -> list[sig.PullRequest]:
    """The open pull requests into the default branch whose head is `sha` (what a review
    event hands over: GitHub sets the commit, so the pull request chooses nothing)."""
    if not sha or not all(c in "0123456789abcdefABCDEF" for c in sha) or len(sha) not in (40, 64):
        raise PerfcodeError(f"--commit must be a full commit SHA, not {sha!r}")
    default = platform.default_branch()
    found = []
    for listed in platform.pulls_of_commit(sha):
        if listed.state == "open" and listed.base_ref == default and listed.head == sha.lower():
            found.append(platform.pull(listed.number))
    return [p for p in found if p.head == sha.lower() and p.base_ref == default]


def judge(
    platform: ReviewPlatform, pull: sig.PullRequest, base: basetree.Base, today: str | None
) -> Check:
    """Who must sign `pull`, and who has, with the registry of `base`."""
    files = platform.files(pull.number)
    if len(files) != pull.changed_files:
        raise ApiError(
            f"GitHub listed {len(files)} of the {pull.changed_files} files pull request "
            f"#{pull.number} changes (it lists at most 3000); split the pull request so "
            "every change can be checked"
        )
    reviews = platform.reviews(pull.number)
    comments = platform.comments(pull.number)
    if pull.merged_at:  # evidence is judged as at the merge: nothing later counts, for or against
        reviews = [r for r in reviews if r.at is not None and r.at <= pull.merged_at]
        comments = [c for c in comments if c.created_at <= pull.merged_at]
    if today is None:
        today = _day(pull.merged_at) or date.today().isoformat()
    details = _details(files, base, platform, pull.head)
    required = sig.required_signers(files, base.repository, today, details)
    contents = _contents(platform, pull, reviews, comments)
    verdict = sig.verdict(required, base.repository.people, pull, reviews, comments, contents)
    return Check(pull, tuple(files), base, verdict)


def _contents(
    platform: ReviewPlatform,
    pull: sig.PullRequest,
    reviews: list[sig.ReviewEvent],
    comments: list[sig.Comment],
) -> dict[str, sig.Content | None]:
    """The pull request's content at the head and at each commit someone signed, all from
    GitHub's three-dot compare against the same base (None: unknown, so it does not count)."""
    head = pull.head.lower()
    others = [c for c in sig.signed_commits(reviews, comments) if c != head][:MAX_COMPARED]
    if not others:
        return {}
    at_head = platform.compare(pull.base, pull.head)
    if not at_head.complete:
        return {}  # GitHub cut the list short: only signatures of the head itself count
    found: dict[str, sig.Content | None] = {head: sig.content_of(at_head.files)}
    for commit in others:
        try:
            compared = platform.compare(pull.base, commit)
        except ApiError:
            found[commit] = None  # a commit GitHub no longer has: its signature cannot count
            continue
        found[commit] = sig.content_of(compared.files) if compared.complete else None
    return found


def _details(
    files: list[sig.ChangedFile], base: basetree.Base, platform: ReviewPlatform, head: str
) -> sig.Details:
    """For each appeal touched, which parts changed; for calibration.yaml and results.yaml,
    whom the change is about. A text the platform cannot give counts as every part."""
    appeals: dict[str, frozenset[str]] = {}
    subjects: dict[str, frozenset[str] | None] = {}

    def after(changed: sig.ChangedFile) -> str | object | None:
        if changed.status == "removed":
            return None
        text = platform.file_text(changed.path, head)
        return sig.UNREADABLE if text is None else text

    for changed in files:
        old = changed.previous
        if changed.status == "renamed" and old and sig.kind_of(old)[0] == "appeal":
            appeals[old] = sig.appeal_parts(base.text(old), None)
        kind = sig.kind_of(changed.path)[0]
        if kind not in ("appeal", "calibration", "results"):
            continue
        new = changed.status in ("added", "copied", "renamed")
        before = None if new else base.text(changed.path)
        if kind == "appeal":
            appeals[changed.path] = sig.appeal_parts(before, after(changed))
        else:
            subjects[changed.path] = sig.subjects(kind, before, after(changed))
    return sig.Details(appeals, subjects)


# --- the check run -------------------------------------------------------------------------


def check_run(check: Check) -> sig.CheckRun:
    """The verdict as the check run the ruleset requires, on the head commit judged."""
    text = sig.text(check.verdict, check.pull, check.registry)
    title = text.rstrip("\n").rsplit("\n", 1)[-1]
    missing = len(check.verdict.missing)
    summary = (
        f"{title} Signers are read from the default branch at "
        f"{(check.base.commit or check.pull.base)[:12]}; "
        "a signature counts for this commit when the pull request's changes are the ones signed."
    )
    return sig.CheckRun(
        sha=check.verdict.head,
        conclusion="failure" if missing else "success",
        title=title,
        summary=summary,
        text=text,
        external_id=str(check.pull.number),
    )


# --- evidence -------------------------------------------------------------------------------


def _evidence_cycle(root: Path, repository: m.Repository, merged: str) -> str:
    """The cycle whose period holds the merge date (the shortest), else the latest cycle."""
    holding = [
        cycle_id
        for cycle_id in repository.cycle_ids()
        if (policy := repository.cycles[cycle_id].policy) is not None
        and policy.period_start <= merged <= policy.period_end
    ]
    if holding:
        return holding[0]
    ids = repository.cycle_ids() or layout.sorted_cycles(
        p.name for p in (root / "cycles").glob("*") if p.is_dir() and layout.parse_cycle(p.name)
    )
    if not ids:
        raise PerfcodeError("the repository has no cycles/ folder to keep the evidence in")
    return ids[-1]


def evidence_cycle(path: str, root: Path, repository: m.Repository, merged: str) -> str:
    """The cycle whose signatures.yaml keeps the evidence of a change to `path`."""
    _, place = sig.kind_of(path)
    if place is not None and place.cycle and place.kind != "signatures":
        return place.cycle
    return _evidence_cycle(root, repository, merged)


def _entries(target: Path, relative: str) -> list[dict[str, Any]]:
    """The entries kept so far; a file that is not a list of entries is the user's to mend
    (evidence is never appended to a file perfcode cannot read back)."""
    if not target.is_file():
        return []
    mend = "mend it (perfcode validate shows every problem), then record again"
    try:
        data = yamlio.parse(target.read_text(encoding="utf-8"))
    except yamlio.YamlError as exc:
        raise PerfcodeError(
            f"{relative}:{exc.line}:{exc.column}: {exc.message}; {mend}", exit_code=EXIT_PROBLEMS
        ) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PerfcodeError(
            f"{relative} is not a signatures file (it should hold `entries:`, a list of "
            f"pull requests' evidence); {mend}",
            exit_code=EXIT_PROBLEMS,
        )
    return entries


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `record` did for one commit of the default branch."""

    commit: str
    pull: int | None  # None: not the merge of a pull request
    files: tuple[str, ...]  # the signatures.yaml files an entry went to
    complete: bool  # nobody was missing
    error: str | None = None  # why it could not be recorded (the others still are)


def record(
    platform: ReviewPlatform,
    root: Path,
    private_key: str,
    depth: int,
    load_base: Callable[[Path, str], basetree.Base] = basetree.from_git,
) -> list[Recorded]:
    """Record every merged pull request among the last `depth` first-parent commits of
    ROOT's HEAD that has no entry yet (all files are written, or none)."""
    repository, _ = load.load_repository(root)
    try:
        public = proof.public_key(private_key)
    except proof.BadKey as exc:
        raise PerfcodeError(f"PERFCODE_EVIDENCE_KEY is not an evidence key: {exc}") from None
    if public not in kept.evidence_keys(repository):
        raise PerfcodeError(
            f"the evidence key's public key {public} is not in people/org.yaml's "
            "evidence_keys: add it there (in a pull request a policy owner signs) first"
        )
    default = platform.default_branch()
    done = {r.merge for r in kept.signed_evidence(repository).records}  # a forged entry is none
    entries: dict[str, list[dict[str, Any]]] = {}
    outcome: list[Recorded] = []
    for step in gitrev.first_parents(root, "HEAD", depth):
        if step.commit in done or step.parent is None:
            continue
        changed = gitrev.changes(root, step.parent, step.commit)
        if not changed or all(is_evidence(c.path) for c in changed):
            continue  # the recorder's own commits
        try:
            done_here = _record_one(
                platform, root, repository, default, step, private_key, load_base
            )
        except PerfcodeError as exc:  # one merge GitHub cannot tell about blocks no other
            outcome.append(Recorded(step.commit, None, (), False, str(exc)))
            continue
        if done_here is None:
            outcome.append(Recorded(step.commit, None, (), False))
            continue
        pull, entry, targets, complete = done_here
        for cycle in targets:
            relative = f"cycles/{cycle}/signatures.yaml"
            if relative not in entries:
                entries[relative] = _entries(root / relative, relative)
            entries[relative].append(entry)
        outcome.append(Recorded(step.commit, pull.number, tuple(targets), complete))
    texts: dict[Path, str] = {}
    for relative, kept_entries in entries.items():
        text = MODELINE + yamlio.dump({"entries": kept_entries}, yamlio.EVIDENCE)
        reread = yamlio.parse(text)["entries"]
        assert [kept.canonical(e) for e in reread] == [kept.canonical(e) for e in kept_entries], (
            "the evidence would not read back as written"
        )
        texts[root / relative] = text
    fsio.write_all(texts, root=root)  # every cycle's evidence, or none
    return outcome


def _record_one(
    platform: ReviewPlatform,
    root: Path,
    repository: m.Repository,
    default: str,
    step: gitrev.Step,
    private_key: str,
    load_base: Callable[[Path, str], basetree.Base],
) -> tuple[sig.PullRequest, dict[str, Any], list[str], bool] | None:
    """The entry of the pull request merged by `step` (None: no pull request merged it)."""
    merged = [
        p
        for p in platform.pulls_of_commit(step.commit)
        if p.merge_commit == step.commit and p.merged_at and p.base_ref == default
    ]
    if not merged or step.parent is None:
        return None
    pull = platform.pull(merged[0].number)
    check = judge(platform, pull, load_base(root, step.parent), None)
    changes = dict(sig.content_of(check.files))
    entry = kept.new_entry(pull, check.verdict, changes, step.commit, step.parent, private_key)
    day = _day(pull.merged_at) or ""
    targets = sorted({evidence_cycle(p, root, repository, day) for p in changes})
    return pull, entry, targets, check.verdict.complete


def is_evidence(path: str) -> bool:
    """Whether a path is a cycle's signatures.yaml (the recorder's file)."""
    return sig.kind_of(path)[0] == "signatures"
