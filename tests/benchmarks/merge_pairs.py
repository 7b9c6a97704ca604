"""Trial: random pairs of review pull requests merged together, before and after publication.

Issue 13 reported that, when every pull request carried a fresh results.yaml, 2 of 40 random
pairs of review branches merged clean and silently wrong (ranks off by one). This re-runs that
trial against today's model of results (provisional, then published once):

An organisation (`perfcode sample`, 30 people, seed 1 by default) is the base, with every
record of its cycle in. Each pull request re-rates one person's manager review (every rated
item at a new random level, seeded); a pair is two such branches for two different people,
both off the same base, merged one after the other with real `git merge`, then the CI gate
(`perfcode validate`, `perfcode score --check`) on the merged tree (the repository holds no
schemas/ folder: perfcode checks against its own, the files `perfcode sample` copies, without
compiling them again for every command). The same pairs run twice:

  before publication  nothing is generated: the branches carry only their review;
  after publication   the base holds the results `perfcode publish` wrote, and each branch
                      regenerates them (`perfcode score --write`), as the lock-file rule asks.

For every clean merge the truth is the results computed on the merged tree (`score --write`
there): a merge is stale when the committed results.yaml differs from them, and
`score --check` must fail on every stale merge (a miss is a merge silently wrong). A conflict
is resolved as the README says (re-run `score --write` on the merged records) and gated again.

    python tests/benchmarks/merge_pairs.py [--people 30] [--seed 1] [--pairs 40]

Exit 1 when a merge is silently wrong (stale and passed) or the gate fails where it must not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parents[1]))  # the tests' helpers (tests/)
from workflow.team import Team, must, source_files


@dataclass(frozen=True, slots=True)
class Edit:
    """A pull request: PATH (a manager review) rewritten as TEXT."""

    person: str
    path: str
    text: bytes


@dataclass(frozen=True, slots=True)
class Organisation:
    files: dict[str, bytes]
    cycle: str
    publish_day: str
    people: dict[str, Any]  # the provisional results of the cycle, by person


def organisation(folder: Path, people: int, seed: int) -> Organisation:
    must("sample", "--people", str(people), "--seed", str(seed), str(folder))
    [cycle] = [p.name for p in (folder / "cycles").iterdir()]
    policy = yaml.safe_load((folder / "cycles" / cycle / "cycle.yaml").read_text("utf-8"))
    [day] = [p["start"] for p in policy["phases"] if p["id"] == "results"]
    must("publish", cycle, str(folder), "--today", day)
    results = folder / "cycles" / cycle / "results.yaml"
    scored = yaml.safe_load(results.read_text("utf-8"))["people"]
    results.unlink()
    files = {k: v for k, v in source_files(folder).items() if not k.startswith("schemas/")}
    return Organisation(files, cycle, day, scored)


def re_rated(org: Organisation, person: str, rng: random.Random) -> Edit:
    """PERSON's manager review with every rated item at a new random level of the scale."""
    prefix = f"cycles/{org.cycle}/reviews/{person}/manager-"
    [path] = [name for name in org.files if name.startswith(prefix)]
    text = org.files[path].decode("utf-8")
    record = yaml.safe_load(text)
    for rating in record["ratings"]:
        if "rating" in rating:
            rating["rating"] = rng.randint(1, 5)
    header = text.splitlines(keepends=True)[0]
    body = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    return Edit(person, path, (header + body).encode())


def pairs(org: Organisation, count: int, seed: int) -> list[tuple[Edit, Edit]]:
    rng = random.Random(seed)
    scored = sorted(pid for pid, p in org.people.items() if p["status"] == "scored")
    drawn = []
    for _ in range(count):
        first, second = rng.sample(scored, 2)
        drawn.append((re_rated(org, first, rng), re_rated(org, second, rng)))
    return drawn


def regenerate(folder: Path) -> None:
    must("score", "--write", str(folder))


def trial(
    team: Team, org: Organisation, base: str, drawn: list[tuple[Edit, Edit]], published: bool
) -> Counter[str]:
    """The pairs DRAWN, each merged on BASE; what happened, counted."""
    tally: Counter[str] = Counter()
    results = f"cycles/{org.cycle}/results.yaml"
    phase = "published" if published else "provisional"
    for number, (first, second) in enumerate(drawn):
        team.git("reset", "--quiet", "--hard", base)  # the trial's own repository
        work = regenerate if published else None
        names = [
            team.branch(f"{phase}/pair-{number}-{edit.person}", {edit.path: edit.text}, work=work)
            for edit in (first, second)
        ]
        assert team.merge(names[0]), "the first branch of a pair merges into its own base"
        if team.gate():
            tally["first fails"] += 1
        try:
            team.git("merge", "--quiet", "--no-ff", "-m", f"Merge {names[1]}", names[1])
        except subprocess.CalledProcessError:
            tally["conflict"] += 1
            unmerged = team.git("diff", "--name-only", "--diff-filter=U").splitlines()
            tally["conflict in results.yaml only" if unmerged == [results] else "other"] += 1
            # the README's way: the merged records decide; results.yaml is generated again
            team.git("checkout", "--ours", "--", *unmerged)
            regenerate(team.root)
            team.git("add", "--all")
            team.git("commit", "--quiet", "--no-edit")
            tally["resolved, gate fails" if team.gate() else "resolved, gate passes"] += 1
            continue
        tally["clean"] += 1
        failed = {run.args[0] for run in team.gate()}
        if "validate" in failed:
            tally["validate fails"] += 1
        if not published:
            if team.read(results) is not None:
                tally["results committed"] += 1
            if "score" in failed:
                tally["check fails"] += 1
            continue
        committed = team.read(results)
        regenerate(team.root)
        stale = team.read(results) != committed
        team.git("checkout", "--quiet", "--", results)
        caught = "score" in failed
        tally[("fresh", "stale")[stale] + (", passes", ", caught")[caught]] += 1
    return tally


def report(count: int, provisional: Counter[str], published: Counter[str]) -> str:
    """The figures, every count written (zeros too)."""
    before, after = provisional, published
    return "\n".join(
        [
            "before publication (results provisional, never committed):",
            f"  {before['clean']} of {count} merged clean, {before['conflict']} conflicts; "
            f"on the merged tree validate failed {before['validate fails']}, score --check "
            f"failed {before['check fails']}; a results.yaml committed: "
            f"{before['results committed']}",
            "after publication (each branch regenerates results.yaml):",
            f"  {after['conflict']} conflicts ({after['conflict in results.yaml only']} in "
            f"results.yaml alone); resolved by `score --write`, the gate passes "
            f"{after['resolved, gate passes']}, fails {after['resolved, gate fails']}",
            f"  {after['clean']} merged clean: "
            f"{after['fresh, passes'] + after['fresh, caught']} fresh (score --check passes "
            f"{after['fresh, passes']}, false alarms {after['fresh, caught']}), "
            f"{after['stale, caught'] + after['stale, passes']} stale: caught by score --check "
            f"{after['stale, caught']}, missed {after['stale, passes']}; validate failed "
            f"{after['validate fails']}",
            f"  the first branch of a pair failed the gate: {before['first fails']} before, "
            f"{after['first fails']} after",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="random pairs of review branches, merged")
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=40)
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perfcode-merge-pairs-") as tmp:
        org = organisation(Path(tmp) / "org", args.people, args.seed)
        drawn = pairs(org, args.pairs, args.seed)
        same = sum(
            org.people[a.person]["population"] == org.people[b.person]["population"]
            for a, b in drawn
        )
        print(
            f"merge trial on {dt.date.today()}: {args.pairs} random pairs of review branches "
            f"(a manager review re-rated each), `perfcode sample --people {args.people} "
            f"--seed {args.seed}`, cycle {org.cycle}; {same} pairs within one population"
        )
        team = Team.start(Path(tmp) / "repo", org.files)
        before = team.git("rev-parse", "HEAD")
        provisional = trial(team, org, before, drawn, published=False)
        team.git("reset", "--quiet", "--hard", before)

        def publish(folder: Path) -> None:
            must("publish", org.cycle, str(folder), "--today", org.publish_day)

        team.branch("publish", work=publish)
        assert team.merge("publish") and not team.gate()
        after = team.git("rev-parse", "HEAD")
        published = trial(team, org, after, drawn, published=True)
    print(report(args.pairs, provisional, published))
    print(f"({time.perf_counter() - start:.0f} s)")
    wrong = (
        provisional["conflict"]
        + provisional["validate fails"]
        + provisional["check fails"]
        + provisional["results committed"]
        + published["validate fails"]
        + published["stale, passes"]
        + published["resolved, gate fails"]
        + provisional["first fails"]
        + published["first fails"]
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
