"""The signatures check at its edges: read the platform and the base, decide, keep evidence.

`run` gathers a pull request from a `ReviewPlatform` (its files, all of them; reviews;
comments; head commit), reads the base registry with `basetree`, and lets the pure
`signatures` module decide. `record` appends what signed a merged pull request to
`cycles/<cycle>/signatures.yaml`, chained by digests so `perfcode validate` detects edits.
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
from perfcode.io import write as fsio
from perfcode.io import yaml as yamlio
from perfcode.io.github import ApiError, ReviewPlatform
from perfcode.load import repository as load
from perfcode.signatures import base as basetree
from perfcode.signatures import rules as sig

MODELINE = layout.modeline("signatures", 2)


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


def run(
    platform: ReviewPlatform,
    number: int,
    load_base: Callable[[str], basetree.Base],
    today: str | None = None,
) -> Check:
    """Who must sign pull request `number`, and who has."""
    pull = platform.pull(number)
    files = platform.files(number)
    if len(files) != pull.changed_files:
        raise ApiError(
            f"GitHub listed {len(files)} of the {pull.changed_files} files pull request "
            f"#{number} changes (it lists at most 3000); split the pull request so every "
            "change can be checked"
        )
    reviews = platform.reviews(number)
    comments = platform.comments(number)
    head = platform.commit(pull.head)
    base = load_base(pull.base)
    if today is None and pull.merged_at:  # evidence: judged as on the day of the merge
        today = _day(pull.merged_at)
    if today is None:  # the later of today and the head commit's date: no back-dating
        today = max(date.today().isoformat(), _day(head.committed_at) or "")
    appeals = _appeals(files, base, platform, pull.head)
    required = sig.required_signers(files, base.repository, today, appeals)
    verdict = sig.verdict(required, base.repository.people, pull, reviews, comments, head)
    return Check(pull, tuple(files), base, verdict)


def _appeals(
    files: list[sig.ChangedFile], base: basetree.Base, platform: ReviewPlatform, head: str
) -> dict[str, frozenset[str]]:
    """For each appeal touched: whether the filing, the answer or both changed."""
    parts: dict[str, frozenset[str]] = {}
    for changed in files:
        old = changed.previous
        if changed.status == "renamed" and old and sig.kind_of(old)[0] == "appeal":
            parts[old] = sig.appeal_parts(base.text(old), None)
        if sig.kind_of(changed.path)[0] == "appeal":
            new = changed.status in ("added", "copied", "renamed")
            before = None if new else base.text(changed.path)
            after = None if changed.status == "removed" else platform.file_text(changed.path, head)
            parts[changed.path] = sig.appeal_parts(before, after)
    return parts


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


def evidence_paths(check: Check, root: Path) -> dict[str, list[str]]:
    """Cycle → the paths of that cycle the pull request touched (others: the merge's cycle)."""
    by_cycle: dict[str, list[str]] = {}
    elsewhere: list[str] = []
    for path in sig.touched_paths(check.files):
        _, place = sig.kind_of(path)
        if place is not None and place.cycle and place.kind != "signatures":
            by_cycle.setdefault(place.cycle, []).append(path)
        else:
            elsewhere.append(path)
    if elsewhere:
        repository, _ = load.load_repository(root)
        cycle = _evidence_cycle(root, repository, _day(check.pull.merged_at) or "")
        by_cycle.setdefault(cycle, []).extend(elsewhere)
    return by_cycle


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


def record(check: Check, root: Path) -> list[tuple[str, bool]]:
    """Append the evidence of a merged pull request; (path, written) per cycle file."""
    done: list[tuple[str, bool]] = []
    texts: dict[Path, str] = {}
    for cycle, paths in sorted(evidence_paths(check, root).items()):
        relative = f"cycles/{cycle}/signatures.yaml"
        target = root / relative
        entries = _entries(target, relative)
        if any(
            e.get("pr") == check.pull.number and e.get("head") == check.verdict.head
            for e in entries
        ):
            done.append((relative, False))
            continue
        previous = entries[-1].get("digest") if entries else None
        entry = sig.new_entry(check.pull, check.verdict, paths, previous)
        entries.append(entry)
        text = MODELINE + yamlio.dump({"entries": entries}, yamlio.EVIDENCE)
        reread = yamlio.parse(text)["entries"][-1]
        assert sig.digest(reread) == entry["digest"], "the evidence would not read back as written"
        texts[target] = text
        done.append((relative, True))
    fsio.write_all(texts, root=root)  # every cycle's evidence, or none
    return done
