"""Signatures: who must sign a pull request, and who has (pure; no files, no network).

A signature is an act of the signer's own on the pull request that changes a document,
bound to the *content* signed. Who must sign comes from the rules table below, resolved
against the default branch's registry (people/ and the cycle policies as they are before
the change), so a pull request cannot make itself someone's manager. The platform (GitHub
today) is read at the edge (`perfcode.io.github`) into the small dataclasses here.

The content of a pull request at commit C is its own changes: every path it changes and
that path's git blob id at C (None for a deletion), against the merge base. Person U has
signed pull request P, whose head is H, when one of these holds:

- approval: U is not P's author and U's latest decisive review (APPROVED, CHANGES_REQUESTED
  or DISMISSED; a COMMENTED review changes nothing) is APPROVED at a commit C whose content
  is H's content;
- comment: U commented `/sign <C>` with C's full SHA, never edited, and C's content is H's
  content; a later "request changes" or dismissal by U withdraws it. This is the only way
  the author signs: a commit's author e-mail is something anyone can type.

So "Update branch" and a same-tree rebase keep every signature, and any change to a file
the pull request changes voids them all. Bots, logins that are not in the registry and
logins that are not ASCII (GitHub logins are) never sign.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from perfcode import layout
from perfcode import model as m
from perfcode.io import yaml as yamlio

# --- the rules table ------------------------------------------------------------------------

PERSON = "person"  # the person the record is about
MANAGER = "manager"  # their direct manager (base registry); a policy owner when they have none
RATER = "rater"  # the review's rater; a policy owner for aggregated and customer reviews
POLICY_OWNER = "policy owner"  # any one of people/org.yaml's policy_owners (HR)

#: who signs what: the document kind, its signers, and the CODEOWNERS pattern of its files
#: (`{person}`, `{role}` and `{rater}` are filled in for every person of the registry)
RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # kind          signers                      files (CODEOWNERS pattern)
    ("contract", (PERSON, MANAGER), "/cycles/*/contracts/{person}.yaml"),
    ("review", (RATER,), "/cycles/*/reviews/*/{role}-{rater}.yaml"),
    ("checkins", (PERSON, MANAGER), "/cycles/*/checkins/{person}.yaml"),
    ("interview", (PERSON, MANAGER), "/cycles/*/interviews/{person}.yaml"),
    ("plan", (PERSON, MANAGER), "/cycles/*/plans/{person}.yaml"),
    ("adjustments", (MANAGER, POLICY_OWNER), "/cycles/*/adjustments/{person}.yaml"),
    ("appeal", (PERSON, POLICY_OWNER), "/cycles/*/appeals/{person}.yaml"),
    ("calibration", (POLICY_OWNER,), "/cycles/*/calibration.yaml"),
    ("cycle", (POLICY_OWNER,), "/cycles/*/cycle.yaml"),
    ("goals", (POLICY_OWNER,), "/cycles/*/goals.yaml"),
    ("results", (POLICY_OWNER,), "/cycles/*/results.yaml"),
    ("signatures", (POLICY_OWNER,), "/cycles/*/signatures.yaml"),
    ("org", (POLICY_OWNER,), "/people/org.yaml"),
    ("person", (POLICY_OWNER,), "/people/"),
    ("other", (POLICY_OWNER,), "*"),  # schemas/, tooling/, .github/, mkdocs.yml, README.md...
)
SIGNERS: dict[str, tuple[str, ...]] = {kind: signers for kind, signers, _ in RULES}

#: the notes the checklist and README give for the rules that need a word of explanation
RULE_NOTES = (
    "appeal: the person signs the filing (everything but `answer`); "
    "a policy owner signs the `answer`.",
    "review: aggregated (`<role>-aggregated`) and customer reviews are collected by HR, "
    "so a policy owner signs them.",
    "results.yaml is written by `perfcode publish` and kept by `perfcode score --write`; "
    "a change to it needs a policy owner.",
    "a rename needs the signers of both paths; a deletion needs the signers of the path.",
    "records of a cycle whose `closed` phase has started also need a policy owner.",
    "people with no manager in the registry: a policy owner signs in the manager's place.",
    "a policy owner never signs as HR for a record about themselves (their own appeal, "
    "adjustments, calibration decision or results): another policy owner must.",
)

_SIGNER_WORDS = {
    PERSON: "the person",
    MANAGER: "their direct manager",
    RATER: "the rater",
    POLICY_OWNER: "a policy owner",
}


def _display(pattern: str) -> str:
    """A CODEOWNERS pattern of the rules table in words: cycles/<cycle>/contracts/<person>.yaml."""
    if pattern == "*":
        return "everything else (schemas/, tooling/, .github/, mkdocs.yml, ...)"
    if pattern.endswith("/"):
        return f"`{pattern.strip('/')}/<person>.yaml`"
    parts = pattern.strip("/").split("/")
    shown = [
        ("<cycle>" if i == 1 else "<person>") if part == "*" else part
        for i, part in enumerate(parts)
    ]
    text = "/".join(shown).replace("{person}", "<person>")
    return "`" + text.replace("{role}", "<role>").replace("{rater}", "<rater>") + "`"


def rules_markdown() -> str:
    """The rules table as Markdown, for the README and the site."""
    lines = ["| Files | Document | Who signs |", "|---|---|---|"]
    for kind, signers, pattern in RULES:
        who = " + ".join(_SIGNER_WORDS[signer] for signer in signers)
        lines.append(f"| {_display(pattern)} | {kind} | {who} |")
    lines.append("")
    lines.extend(f"- {note}" for note in RULE_NOTES)
    return "\n".join(lines) + "\n"


APPROVED, CHANGES_REQUESTED, DISMISSED = "APPROVED", "CHANGES_REQUESTED", "DISMISSED"
DECISIVE = (APPROVED, CHANGES_REQUESTED, DISMISSED)
SIGN_COMMAND = re.compile(r"^/sign\s+([0-9a-fA-F]+)$")
MIN_SHA = 7  # how many characters of a SHA the checklist shows
#: the check run the ruleset requires, posted by the perfcode GitHub App only
CHECK_NAME = "perfcode signatures"
#: appeal parts: the person's filing and HR's answer
FILING, ANSWER = "filing", "answer"


# --- what the platform tells us (filled by perfcode.io.github) ---------------------------------


@dataclass(frozen=True, slots=True)
class User:
    login: str
    bot: bool = False


@dataclass(frozen=True, slots=True)
class PullRequest:
    number: int
    author: User | None
    head: str
    base: str
    base_ref: str
    changed_files: int
    merged_at: str | None = None
    merge_commit: str | None = None  # merge_commit_sha: the commit on the base branch
    state: str = "open"  # open | closed


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str
    status: str  # added | removed | modified | renamed | copied | changed | unchanged
    previous: str | None = None  # the old path of a rename
    blob: str | None = None  # the file's git blob id at the compared commit; None: removed


@dataclass(frozen=True, slots=True)
class Comparison:
    """The pull request's own changes at one commit (GitHub's three-dot compare)."""

    files: tuple[ChangedFile, ...]
    complete: bool  # False: GitHub cut the list of files short (it lists at most 300)


@dataclass(frozen=True, slots=True)
class CheckRun:
    """The verdict as a check run on the commit judged."""

    sha: str
    conclusion: str  # success | failure
    title: str
    summary: str
    text: str
    external_id: str


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    id: int
    user: User | None  # None: the account was deleted
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    commit: str | None
    at: str | None  # submitted_at: set by GitHub, not by the pusher


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    user: User | None
    body: str
    created_at: str  # set by GitHub
    updated_at: str


#: what a pull request changes at one commit: (path, blob id or None for a deletion), sorted
Content = tuple[tuple[str, str | None], ...]


def content_of(files: Iterable[ChangedFile]) -> Content:
    """The content a signature binds to: every path changed and its blob (None: deleted);
    a rename deletes its old path."""
    found: dict[str, str | None] = {}
    for changed in files:
        if changed.status == "unchanged":
            continue
        found[changed.path] = None if changed.status == "removed" else changed.blob
        if changed.status == "renamed" and changed.previous:
            found.setdefault(changed.previous, None)
    return tuple(sorted(found.items()))


def content_digest(content: Content) -> str:
    """A short, stable name for a content (sha256 of its canonical JSON)."""
    text = json.dumps([list(pair) for pair in content], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the verdict ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirement:
    """One signature the pull request needs: a person, or any one of a group (policy owners)."""

    person: str | None  # None: any one of `any_of`
    login: str | None  # None: the person is not in the base registry
    paths: tuple[str, ...]
    reasons: tuple[str, ...]
    any_of: tuple[str, ...] = ()  # the policy owners who may sign (subjects left out)
    excluded: tuple[str, ...] = ()  # policy owners who may not: the records are about them

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.person,) if self.person is not None else self.any_of

    def as_json(self, registry: Mapping[str, m.Person]) -> dict[str, Any]:
        data: dict[str, Any] = {"person": self.person, "login": self.login}
        if self.person is None:
            data["any_of"] = [
                {"person": p, "login": registry[p].github if p in registry else None}
                for p in self.any_of
            ]
            if self.excluded:
                data["excluded"] = list(self.excluded)
        data["paths"] = list(self.paths)
        return data


@dataclass(frozen=True, slots=True)
class Signature:
    person: str
    login: str
    how: str  # approval | comment
    commit: str  # the commit signed (its content is the head's)
    at: str | None
    review_id: int | None = None  # the approving review
    comment_id: int | None = None  # the /sign comment

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "login": self.login,
            "how": self.how,
            "commit": self.commit,
            "at": self.at,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    head: str
    required: tuple[Requirement, ...]
    signed: tuple[Signature, ...]
    missing: tuple[Requirement, ...]
    #: why an attempt to sign did not count, per person id
    notes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_json(self, registry: Mapping[str, m.Person]) -> dict[str, Any]:
        return {
            "head": self.head,
            "required": [r.as_json(registry) for r in self.required],
            "signed": [s.as_json() for s in self.signed],
            "missing": [r.as_json(registry) for r in self.missing],
        }


# --- who must sign --------------------------------------------------------------------------


def kind_of(path: str) -> tuple[str, layout.Place | None]:
    """The rules-table kind of a repository path (`other` outside the records)."""
    place = layout.classify(path)
    return (place.kind if place else "other"), place


def closed_since(policy: m.Policy | None, today: str) -> str | None:
    """The date the cycle's `closed` phase started, when it has (ISO dates compare as text)."""
    if policy is None:
        return None
    phase = policy.phase("closed")
    return phase.start if phase is not None and phase.start <= today else None


#: what the edge could not read: a file that exists at the head but whose text is unknown
UNREADABLE = object()


def appeal_parts(before: str | None, after: str | object | None) -> frozenset[str]:
    """Which parts of an appeal a change touches: the person's filing, HR's answer, or both.

    `None` means the file does not exist on that side; `UNREADABLE` (the platform could not
    give the text) and text that cannot be read as a mapping count as touching both parts.
    """
    both = frozenset((FILING, ANSWER))
    if after is UNREADABLE or not (after is None or isinstance(after, str)):
        return both
    old, new = _mapping(before), _mapping(after)
    if (before is not None and old is None) or (after is not None and new is None):
        return both
    old, new = old or {}, new or {}
    parts = set()
    if {k: v for k, v in old.items() if k != ANSWER} != {
        k: v for k, v in new.items() if k != ANSWER
    }:
        parts.add(FILING)
    if old.get(ANSWER) != new.get(ANSWER):
        parts.add(ANSWER)
    return frozenset(parts) or (frozenset((FILING,)) if before != after else frozenset())


#: where a shared file names the people its parts are about
_SUBJECTS = {"calibration": "decisions", "results": "people"}


def subjects(kind: str, before: str | None, after: str | object | None) -> frozenset[str] | None:
    """The people a change to calibration.yaml or results.yaml is about (their decision or
    result row differs); None when a side cannot be read (then it may be about anyone)."""
    if after is UNREADABLE or not (after is None or isinstance(after, str)):
        return None
    rows: list[dict[str, Any]] = []
    for text in (before, after):
        data = _mapping(text) if text is not None else {}
        if data is None:
            return None
        rows.append(_rows(kind, data.get(_SUBJECTS[kind])))
    old, new = rows
    return frozenset(p for p in set(old) | set(new) if old.get(p) != new.get(p))


def _rows(kind: str, value: Any) -> dict[str, Any]:
    if kind == "results":
        return dict(value) if isinstance(value, dict) else {}
    found: dict[str, list[Any]] = {}
    for item in value if isinstance(value, list) else ():
        if isinstance(item, dict):
            found.setdefault(str(item.get("person")), []).append(item)
    return found


def _mapping(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = yamlio.parse(text)
    except yamlio.YamlError:
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True, slots=True)
class Details:
    """What the edge read of the files themselves: which parts of each appeal changed, and
    whom each change to calibration.yaml or results.yaml is about (None: unknown)."""

    appeals: Mapping[str, frozenset[str]] = field(default_factory=dict)
    subjects: Mapping[str, frozenset[str] | None] = field(default_factory=dict)


#: a slot: (a person id, or None for "a policy owner"; the policy owners who may not fill it)
_Slot = tuple[str | None, frozenset[str]]
_EVERYONE = frozenset(("*",))  # the subjects are unknown: no policy owner may sign as HR


def _slots(
    path: str, base: m.Repository, today: str, details: Details
) -> Iterator[tuple[_Slot, str]]:
    """(who, why) for one path."""
    kind, place = kind_of(path)
    person = place.person if place else None
    parts = details.appeals.get(path)
    about = frozenset((person,)) if person else frozenset()
    if kind in _SUBJECTS:
        found = details.subjects.get(path, frozenset())
        about = _EVERYONE if found is None else found
    for signer in SIGNERS[kind]:
        if signer == PERSON and person:
            if kind == "appeal" and parts is not None and FILING not in parts:
                continue
            what = "the filing" if kind == "appeal" else f"the {kind}"
            yield (person, frozenset()), f"{path}: {what} is signed by the person it is about"
        elif signer == MANAGER and person:
            entry = base.people.get(person)
            if entry is not None and entry.manager:
                yield (
                    (entry.manager, frozenset()),
                    f"{path}: {person}'s direct manager signs the {kind}",
                )
            else:
                known = "has no manager in" if entry is not None else "is not in"
                yield (
                    (None, about),
                    f"{path}: {person} {known} the base registry, "
                    "so a policy owner signs in the manager's place",
                )
        elif signer == RATER and place is not None and place.rater:
            if place.rater == m.AGGREGATED or place.role == "customer":
                yield (None, about), f"{path}: HR collected this {place.role} review"
            else:
                yield (place.rater, frozenset()), f"{path}: the rater signs the review"
        elif signer == POLICY_OWNER:
            if kind == "appeal" and parts is not None and ANSWER not in parts:
                continue
            yield (None, about), f"{path}: {_POLICY_WHY.get(kind, 'a policy owner signs it')}"
    if place is not None and place.cycle:
        policy = base.cycles[place.cycle].policy if place.cycle in base.cycles else None
        since = closed_since(policy, today)
        if since is not None:
            yield (None, about), f"{path}: cycle {place.cycle} closed on {since}"


_POLICY_WHY = {
    "adjustments": "a policy owner signs commendations and penalties",
    "appeal": "a policy owner answers the appeal",
    "calibration": "the calibration committee's decisions are signed by a policy owner",
    "cycle": "the cycle's policy is signed by a policy owner",
    "goals": "company and department goals are signed by a policy owner",
    "results": "results.yaml holds the published results (perfcode publish); "
    "a change to it is signed by a policy owner",
    "signatures": "the signature evidence is written by CI; a change is signed by a policy owner",
    "org": "the organisation is signed by a policy owner",
    "person": "the people registry is signed by a policy owner",
    "other": "policy, schemas, tooling and workflows are signed by a policy owner",
}


def touched_paths(files: Iterable[ChangedFile]) -> list[str]:
    """Every path a change touches: new paths, and the old path of each rename."""
    paths: list[str] = []
    for changed in files:
        if changed.status == "unchanged":
            continue
        paths.append(changed.path)
        if changed.status == "renamed" and changed.previous:
            paths.append(changed.previous)
    return sorted(set(paths))


def required_signers(
    files: Sequence[ChangedFile],
    base: m.Repository,
    today: str,
    details: Details | None = None,
) -> tuple[Requirement, ...]:
    """The union of the signers every touched path needs, resolved in the base registry.

    A policy owner never signs as HR for a record about themselves (separation of duties):
    that slot is for another policy owner; with nobody left it cannot be signed."""
    details = details or Details()
    owners = tuple(sorted(base.org.policy_owners)) if base.org is not None else ()
    paths: dict[_Slot, set[str]] = {}
    reasons: dict[_Slot, list[str]] = {}
    for path in touched_paths(files):
        for (person, about), why in _slots(path, base, today, details):
            for slot, reason in _owner_slots(person, about, owners, why):
                paths.setdefault(slot, set()).add(path)
                if reason not in reasons.setdefault(slot, []):
                    reasons[slot].append(reason)
    required = []
    for slot in sorted(paths, key=lambda s: (s[0] is None, s[0] or "", sorted(s[1]))):
        person, excluded = slot
        if person is None:
            eligible = tuple(o for o in owners if o not in excluded)
            required.append(
                Requirement(
                    None,
                    None,
                    tuple(sorted(paths[slot])),
                    tuple(reasons[slot]),
                    eligible,
                    tuple(sorted(excluded)),
                )
            )
        else:
            entry = base.people.get(person)
            login = entry.github if entry else None
            required.append(
                Requirement(person, login, tuple(sorted(paths[slot])), tuple(reasons[slot]))
            )
    return tuple(required)


def _owner_slots(
    person: str | None, about: frozenset[str], owners: tuple[str, ...], why: str
) -> Iterator[tuple[_Slot, str]]:
    """A person's slot as it is; a policy owner's slot once for each policy owner the
    record is about, each for any *other* policy owner (so with two owners whose own rows
    change, each signs the other's); a slot that only one owner may fill is theirs."""
    if person is not None:
        yield (person, frozenset()), why
        return
    if about == _EVERYONE:
        reason = why + "; whom the change is about cannot be read, so no policy owner can sign"
        yield (None, frozenset(owners)), reason
        return
    subjects: list[str | None] = [*sorted(about & set(owners))] or [None]
    for subject in subjects:
        excluded = frozenset((subject,)) if subject else frozenset()
        reason = why
        if subject:
            reason += f"; not {subject}: a policy owner does not sign as HR for their own records"
        left = [o for o in owners if o not in excluded]
        yield ((left[0], frozenset()) if len(left) == 1 else (None, excluded)), reason


# --- who has signed -------------------------------------------------------------------------

FULL_SHA = (40, 64)  # SHA-1 and SHA-256 object names


def login_key(login: str | None) -> str | None:
    """How logins compare: ASCII only, case-insensitively (GitHub logins are ASCII, and
    `casefold()` would let the Kelvin sign stand for `k`); None never matches."""
    return login.lower() if login and login.isascii() else None


def _same(user: User | None, login: str | None) -> bool:
    key = login_key(login)
    return user is not None and key is not None and login_key(user.login) == key


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def signed_commits(reviews: Sequence[ReviewEvent], comments: Sequence[Comment]) -> list[str]:
    """The commits people approved or named in `/sign` (newest first): the contents the
    edge must compare with the head's."""
    found: list[str] = []
    for review in reviews:
        if review.state == APPROVED and review.commit:
            found.append(review.commit.lower())
    for comment in comments:
        match = SIGN_COMMAND.match(comment.body.strip())
        if match and len(match.group(1)) in FULL_SHA:
            found.append(match.group(1).lower())
    unique: list[str] = []
    for sha in reversed(found):
        if sha not in unique:
            unique.append(sha)
    return unique


def _bound(commit: str | None, head: str, contents: Mapping[str, Content | None]) -> bool:
    """Whether a signature of `commit` holds for the head: the same commit, or the same content."""
    if commit is None:
        return False
    commit = commit.lower()
    if commit == head.lower():
        return True
    at_head, at_commit = contents.get(head.lower()), contents.get(commit)
    return at_head is not None and at_commit is not None and at_head == at_commit


def _differ(commit: str | None, head: str, contents: Mapping[str, Content | None]) -> str:
    """Why a signature of another commit does not hold for the head, in words."""
    known = commit is not None and contents.get(commit.lower()) is not None
    if known and contents.get(head.lower()) is not None:
        return f"the pull request's changes at the head {head[:MIN_SHA]} are not the ones signed"
    return (
        f"whether its changes are the head {head[:MIN_SHA]}'s cannot be read "
        "(GitHub cannot compare it, or lists too many files), so it does not count"
    )


def _signature(
    person: str,
    login: str,
    pull: PullRequest,
    reviews: Sequence[ReviewEvent],
    comments: Sequence[Comment],
    contents: Mapping[str, Content | None],
) -> tuple[Signature | None, list[str]]:
    """How `person` signed the head's content, or why each attempt did not count."""
    notes: list[str] = []
    head = pull.head
    if login_key(login) is None:
        return None, [f"their login {login!r} in the registry is not an ASCII GitHub login"]
    is_author = _same(pull.author, login) and not (pull.author and pull.author.bot)
    if any(_same(r.user, login) and r.user and r.user.bot for r in reviews) or any(
        _same(c.user, login) and c.user and c.user.bot for c in comments
    ):
        notes.append(f"a bot account named {login} approved or commented; bots never sign")
    mine = [r for r in reviews if _same(r.user, login) and r.user is not None and not r.user.bot]
    decisive = [r for r in mine if r.state in DECISIVE]
    if decisive:
        last = decisive[-1]
        if is_author:
            notes.append("authors cannot approve their own pull request; their approval is ignored")
        elif last.state != APPROVED:
            notes.append(
                f"their latest review is {last.state.lower().replace('_', ' ')}"
                + (" (an approval that was dismissed)" if last.state == DISMISSED else "")
            )
        elif not _bound(last.commit, head, contents):
            notes.append(
                f"they approved commit {(last.commit or '?')[:MIN_SHA]}; "
                + _differ(last.commit, head, contents)
                + ": approve again"
            )
        else:
            commit = (last.commit or head).lower()
            return Signature(person, login, "approval", commit, last.at, review_id=last.id), notes
    objection = _time(decisive[-1].at) if decisive and decisive[-1].state != APPROVED else None
    for comment in comments:
        if not _same(comment.user, login) or comment.user is None or comment.user.bot:
            continue
        match = SIGN_COMMAND.match(comment.body.strip())
        if match is None:
            continue
        sha = match.group(1).lower()
        if len(sha) not in FULL_SHA:
            notes.append(
                f"their /sign names {len(sha)} characters; write the commit's full 40-character "
                "SHA (a shorter prefix could name another commit)"
            )
        elif not _bound(sha, head, contents):
            notes.append(
                f"their /sign names commit {sha[:MIN_SHA]}; "
                + _differ(sha, head, contents)
                + ": sign the head again"
            )
        elif comment.updated_at != comment.created_at:
            notes.append(
                "their /sign comment was edited after it was written, so it does not count"
            )
        elif objection is not None and objection >= (_time(comment.created_at) or objection):
            notes.append("they requested changes after their /sign, which withdraws it")
        else:
            signature = Signature(
                person, login, "comment", sha, comment.created_at, comment_id=comment.id
            )
            return signature, notes
    if is_author and not any(n.startswith("their /sign") for n in notes):
        notes.append(
            f'they opened the pull request: authors sign by commenting "/sign {head}" '
            "(the head's full SHA)"
        )
    return None, notes


def verdict(
    required: Sequence[Requirement],
    registry: Mapping[str, m.Person],
    pull: PullRequest,
    reviews: Sequence[ReviewEvent],
    comments: Sequence[Comment],
    contents: Mapping[str, Content | None] | None = None,
) -> Verdict:
    """Match the required signers against the pull request's reviews and comments.

    `contents` maps a commit (lower-case SHA) to the pull request's content at that commit
    (None: unknown); a signature of another commit than the head counts only when both
    contents are known and equal."""
    contents = {k.lower(): v for k, v in (contents or {}).items()}
    done: dict[str, Signature] = {}
    notes: dict[str, tuple[str, ...]] = {}
    for person in sorted({p for r in required for p in r.candidates}):
        entry = registry.get(person)
        if entry is None:
            notes[person] = (
                "not in the base branch's people/ registry: add them in an earlier pull request",
            )
            continue
        signature, why = _signature(person, entry.github, pull, reviews, comments, contents)
        if signature is not None:
            done[person] = signature
        if why and signature is None:
            notes[person] = tuple(why)
    missing = tuple(r for r in required if not any(p in done for p in r.candidates))
    signed = tuple(done[p] for p in sorted(done))
    return Verdict(pull.head, tuple(required), signed, missing, notes)


# --- the checklist -------------------------------------------------------------------------

_HOW = {
    "approval": "approved commit {commit}",
    "comment": "commented /sign {commit}",
}


def _who(person: str | None, login: str | None, registry: Mapping[str, m.Person]) -> str:
    if person is None:
        return "a policy owner"
    entry = registry.get(person)
    name = f"{entry.name} ({person})" if entry is not None else person
    return f"{name} @{login}" if login else f"{name} (not in the registry)"


def text(verdict: Verdict, pull: PullRequest, registry: Mapping[str, m.Person]) -> str:
    """A checklist people can read."""
    short = verdict.head[:MIN_SHA]
    lines = [
        f"Signatures for pull request #{pull.number} at commit {short} "
        f"(signers read from the default branch {pull.base_ref} at {pull.base[:MIN_SHA]})",
        "",
    ]
    by_person = {s.person: s for s in verdict.signed}
    for requirement in verdict.required:
        hit = next((by_person[p] for p in requirement.candidates if p in by_person), None)
        who = _who(requirement.person, requirement.login, registry)
        if hit is not None:
            how = _HOW[hit.how].format(commit=hit.commit[:MIN_SHA])
            if hit.commit != verdict.head.lower():
                how += ", whose changes are the head's"
            by = "" if requirement.person is not None else f" by {_who(hit.person, hit.login, {})}"
            lines.append(f"[x] {who}: signed{by} ({how}, {hit.at or 'time unknown'})")
        else:
            if requirement.person is None:
                if requirement.any_of:
                    who += f" (any one of {', '.join(requirement.any_of)})"
                else:
                    who += " (none may sign this one: see why below)"
            how = (
                f'comment "/sign {verdict.head}" (authors cannot approve)'
                if requirement.login is not None and _same(pull.author, requirement.login)
                else f'approve commit {short} or comment "/sign {verdict.head}"'
            )
            lines.append(f"[ ] {who}: missing; {how}")
        for reason in requirement.reasons:
            lines.append(f"      {reason}")
        for person in requirement.candidates if hit is None else ():
            for note in verdict.notes.get(person, ()):
                lines.append(f"      note on {person}: {note}")
    if not verdict.required:
        lines.append("This pull request changes nothing that needs a signature.")
    lines.append("")
    total, missing = len(verdict.required), len(verdict.missing)
    if missing:
        lines.append(f"{missing} of {total} signature{'s' if total != 1 else ''} missing.")
    else:
        lines.append(f"All {total} signature{'s' if total != 1 else ''} present.")
    return "\n".join(lines) + "\n"


def as_json_text(verdict: Verdict, registry: Mapping[str, m.Person]) -> str:
    return json.dumps(verdict.as_json(registry), ensure_ascii=False, indent=2) + "\n"
