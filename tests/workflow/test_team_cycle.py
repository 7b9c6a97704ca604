"""A whole cycle as a team lives it (issue 13, Tests): every step a pull request, a branch
off main merged with real `git merge`, from goal setting to close, in several merge orders.

The organisation is `perfcode sample` (12 people, seed 13: one population large enough for
its quotas). Its first commit holds the registry and the cycle's policy; then, each phase's
pull requests forked from main as the phase starts and merged one by one in the order under
test, with the CI gate (`perfcode validate`, `perfcode score --check`) on main after every
merge:

  goal setting   goals.yaml, then one contract per person
  check-ins      one check-ins file per person
  reviews        one branch per review (self, manager, peer, ...) and per adjustments file
  calibration    calibration.yaml: the second of the largest population one grade down
  publication    `perfcode publish CYCLE` on the first day of the results phase
  interviews     `perfcode new interview` for each person the results send to one, and the
                 `perfcode new appeal` of the first of them, filled in
  appeal answer  `decision: changed`, one grade up, with `perfcode score --write`
  close          `perfcode status` on the first day of the closed phase: nothing owed

Each order must merge without a conflict, pass the gate at every step and end with the same
published results.yaml and the same final one (and the same tree) as every other order.

The repository holds no schemas/ folder: perfcode then checks every record against its own
schemas, the very files `perfcode sample` copies, and does not compile them again in each of
the few hundred gate runs (which would take most of the time).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfcode import problems
from perfcode.model import PLACEHOLDERS

from .team import MAIN, Team, must, perfcode, source_files

pytestmark = pytest.mark.slow

PEOPLE, SEED = 12, 13
#: the merge orders tried: as the branches were made, reversed, and two seeded shuffles
ORDERS = ("as made", "reversed", "shuffled 1", "shuffled 2")
FILLED = "面谈与申诉的内容由双方填写。"


@dataclass(frozen=True, slots=True)
class Lived:
    """What one merge order did."""

    root: Path
    merged: tuple[str, ...]  # branches, in the order they were merged
    conflicts: tuple[str, ...]
    failures: tuple[str, ...]  # "<branch>: perfcode <command> -> <output>"
    early_results: tuple[str, ...]  # branches after whose merge results.yaml existed too soon
    touching_results: tuple[str, ...]  # branches that change results.yaml
    provisional: str  # `score --check` before publication
    checked: str  # `score --check` after publication
    published: bytes
    final: bytes
    tree: str
    closed: str  # `status` on the first day of the closed phase
    calibrated: tuple[str, str, str]  # person, grade before, grade decided
    appealed: tuple[str, str, str]  # person, grade received, grade granted


@dataclass(frozen=True, slots=True)
class Organisation:
    files: dict[str, bytes]
    cycle: str
    policy: dict[str, Any]

    def path(self, *parts: str) -> str:
        return "/".join(("cycles", self.cycle, *parts))

    def day(self, phase: str, *, plus: int = 0) -> str:
        [start] = [p["start"] for p in self.policy["phases"] if p["id"] == phase]
        return (dt.date.fromisoformat(start) + dt.timedelta(days=plus)).isoformat()

    def grades(self) -> list[str]:
        return [grade["id"] for grade in self.policy["grades"]]


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Organisation:
    folder = tmp_path_factory.mktemp("sample") / "org"
    must("sample", "--people", str(PEOPLE), "--seed", str(SEED), str(folder))
    [cycle] = [p.name for p in (folder / "cycles").iterdir()]
    policy = yaml.safe_load((folder / "cycles" / cycle / "cycle.yaml").read_text("utf-8"))
    files = {k: v for k, v in source_files(folder).items() if not k.startswith("schemas/")}
    return Organisation(files, cycle, policy)


def arrange(order: str, names: Sequence[str], shuffler: random.Random) -> list[str]:
    if order == "as made":
        return list(names)
    if order == "reversed":
        return list(reversed(names))
    arranged = list(names)
    shuffler.shuffle(arranged)
    return arranged


def provisional_people(root: Path, cycle: str) -> dict[str, Any]:
    """The provisional results of CYCLE, from `perfcode score --format json` (a list of
    cycles, or one cycle)."""
    data = json.loads(must("score", "--format", "json", str(root)).out)
    [found] = [c for c in (data if isinstance(data, list) else [data]) if c["cycle"] == cycle]
    people: dict[str, Any] = found["people"]
    return people


def filled(path: Path) -> None:
    """What `perfcode new` scaffolded, written in by the people concerned."""
    text = path.read_text("utf-8")
    for mark in PLACEHOLDERS.values():
        text = text.replace(mark, FILLED)
    path.write_text(text, "utf-8")


def live(org: Organisation, root: Path, order: str) -> Lived:
    shuffler = random.Random(f"{SEED}-{order}")
    cycle, results = org.cycle, org.path("results.yaml")
    rest = dict(org.files)

    def take(match: Callable[[str], bool]) -> dict[str, bytes]:
        taken = {name: data for name, data in rest.items() if match(name)}
        for name in taken:
            del rest[name]
        return taken

    base = take(lambda name: name.startswith("people/") or name == org.path("cycle.yaml"))
    team = Team.start(root, base)
    merged: list[str] = []
    conflicts: list[str] = []
    failures: list[str] = []
    early: list[str] = []
    touching: list[str] = []
    published_yet = False

    def pull_requests(branches: Sequence[str]) -> None:
        """BRANCHES (all forked from main as it was) merged in the order under test."""
        for name in arrange(order, branches, shuffler):
            before = team.read(results)
            if not team.merge(name):
                conflicts.append(name)
                continue
            merged.append(name)
            failures.extend(f"{name}: perfcode {' '.join(r.args)} -> {r.out}" for r in team.gate())
            after = team.read(results)
            if after != before:
                touching.append(name)
            if not published_yet and after is not None:
                early.append(name)

    def by(prefix: str, files: dict[str, bytes], key: Callable[[str], str]) -> list[str]:
        """One pull request for each KEY of the files."""
        made: dict[str, dict[str, bytes]] = {}
        for name, data in files.items():
            made.setdefault(f"{prefix}/{key(name)}", {})[name] = data
        return team.branches(made)

    def stem(name: str) -> str:
        """The file's name without .yaml: a person, or a review's <role>-<rater>."""
        return name.rsplit("/", 1)[1].removesuffix(".yaml")

    def one_each(prefix: str, files: dict[str, bytes]) -> list[str]:
        return by(prefix, files, stem)

    assert team.gate() == []
    # goal setting: the goals first (contracts support them), then everyone's contract
    pull_requests(one_each("goals", take(lambda name: name == org.path("goals.yaml"))))
    pull_requests(one_each("contract", take(lambda name: "/contracts/" in name)))
    pull_requests(one_each("checkins", take(lambda name: "/checkins/" in name)))
    # reviews: each self and manager review its own pull request; a peer, subordinate or
    # customer submits their reviews together; adjustments, one file a person
    reviews = take(lambda name: "/reviews/" in name)
    own = {n: d for n, d in reviews.items() if stem(n).split("-")[0] in ("self", "manager")}
    others = {n: d for n, d in reviews.items() if n not in own}
    pull_requests(
        [
            *by("review", own, lambda name: f"{name.split('/')[-2]}-{stem(name)}"),
            *by("reviews", others, stem),
            *one_each("adjustments", take(lambda name: "/adjustments/" in name)),
        ]
    )
    assert rest == {}, f"files of the sample no step of the cycle commits: {sorted(rest)}"

    # calibration: the committee moves the second of the largest population one grade down
    people = provisional_people(root, cycle)
    populations: dict[str, list[tuple[int, str]]] = {}
    for pid, person in people.items():
        if person["status"] == "scored":
            populations.setdefault(person["population"], []).append((person["rank"], pid))
    largest = max(sorted(populations), key=lambda name: len(populations[name]))
    second = sorted(populations[largest])[1][1]
    grades = org.grades()
    before = people[second]["grade"]
    decided = grades[grades.index(before) + 1]
    owners = yaml.safe_load(org.files["people/org.yaml"])["policy_owners"]
    calibration = {
        "meeting": {"date": org.day("calibration"), "members": owners},
        "decisions": [{"person": second, "grade": decided, "reason": "委员会复核后调整一级。"}],
    }
    header = "# yaml-language-server: $schema=../../schemas/calibration.schema.json\n"
    text = header + yaml.safe_dump(calibration, allow_unicode=True, sort_keys=False)
    pull_requests([team.branch("calibration", {org.path("calibration.yaml"): text.encode()})])
    provisional = perfcode("score", "--check", str(root)).out

    # publication: one pull request, `perfcode publish` on the results phase's first day
    def publish(folder: Path) -> None:
        must("publish", cycle, str(folder), "--today", org.day("results"))

    published_yet = True
    pull_requests([team.branch("publish", work=publish)])
    published = team.read(results)
    assert published is not None, "the publication pull request carries no results.yaml"
    checked = perfcode("score", "--check", str(root)).out

    # interviews for the people the results send to one; the first of them appeals
    outcome = yaml.safe_load(published)["people"]
    interviewees = sorted(pid for pid, p in outcome.items() if "interview" in p["outcomes"])
    assert interviewees, "the published results send no one to an interview"
    appellant = interviewees[0]
    received = outcome[appellant]["grade"]
    granted = grades[grades.index(received) - 1]
    appeal = org.path("appeals", f"{appellant}.yaml")

    def new(kind: str, pid: str, day: str) -> Callable[[Path], None]:
        def work(folder: Path) -> None:
            args = ("new", kind, pid, "--root", str(folder), "--cycle", cycle, "--today", day)
            must(*args)
            filled(folder / org.path(f"{kind}s", f"{pid}.yaml"))

        return work

    interviews = [
        team.branch(f"interview/{pid}", work=new("interview", pid, org.day("interviews")))
        for pid in interviewees
    ]
    filing = team.branch(f"appeal/{appellant}", work=new("appeal", appellant, org.day("appeals")))
    pull_requests([*interviews, filing])

    # the answer: the grade changed, results.yaml regenerated in the same pull request
    def answer(folder: Path) -> None:
        answered = {
            "by": owners[0],
            "date": org.day("appeals", plus=7),
            "decision": "changed",
            "text": "经复核,上调一级。",
            "new_grade": granted,
            "pay_correction": True,
        }
        block = yaml.safe_dump({"answer": answered}, allow_unicode=True, sort_keys=False)
        with (folder / appeal).open("a", encoding="utf-8") as file:
            file.write(block)
        must("score", "--write", str(folder))

    pull_requests([team.branch(f"appeal-answer/{appellant}", work=answer)])
    final = team.read(results)
    assert final is not None
    closed = must("status", str(root), "--cycle", cycle, "--today", org.day("closed")).out
    return Lived(
        root=root,
        merged=tuple(merged),
        conflicts=tuple(conflicts),
        failures=tuple(failures),
        early_results=tuple(early),
        touching_results=tuple(touching),
        provisional=provisional,
        checked=checked,
        published=published,
        final=final,
        tree=team.tree(),
        closed=closed,
        calibrated=(second, before, decided),
        appealed=(appellant, received, granted),
    )


@pytest.fixture(scope="module")
def lived(organisation: Organisation, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Lived]:
    folder = tmp_path_factory.mktemp("team")
    return {order: live(organisation, folder / order.replace(" ", "-"), order) for order in ORDERS}


@pytest.mark.parametrize("order", ORDERS)
def test_every_pull_request_merges_clean_and_passes_the_gate(
    lived: dict[str, Lived], order: str
) -> None:
    run = lived[order]
    assert run.conflicts == ()
    assert run.failures == ()
    assert len(run.merged) > 40  # a pull request per record: the goals, 11 contracts, ...


@pytest.mark.parametrize("order", ORDERS)
def test_results_stay_provisional_until_the_publication(
    lived: dict[str, Lived], organisation: Organisation, order: str
) -> None:
    run = lived[order]
    cycle = organisation.cycle
    assert run.early_results == ()
    # a sample organisation speaks Chinese (language: zh)
    assert f"暂定结果(尚未公布,没有 results.yaml):{cycle}" in run.provisional
    # only the publication and the answer that changes a grade carry results.yaml
    assert run.touching_results == ("publish", f"appeal-answer/{run.appealed[0]}")
    assert f"results.yaml 已是最新:{cycle}" in run.checked


def test_the_merge_order_changes_nothing(lived: dict[str, Lived]) -> None:
    first, *others = lived.values()
    assert len({tuple(sorted(run.merged)) for run in lived.values()}) == 1
    assert len({run.merged for run in lived.values()}) == len(ORDERS)  # the orders differ
    for run in others:
        assert run.published == first.published
        assert run.final == first.final
        assert run.tree == first.tree


def test_calibration_and_the_granted_appeal_are_in_the_results(lived: dict[str, Lived]) -> None:
    run = lived[ORDERS[0]]
    published = yaml.safe_load(run.published)["people"]
    final = yaml.safe_load(run.final)["people"]
    person, before, decided = run.calibrated
    assert (published[person]["grade"], published[person]["calibrated_from"]) == (decided, before)
    appellant, received, granted = run.appealed
    assert published[appellant]["grade"] == received
    assert (final[appellant]["grade"], final[appellant]["appealed_from"]) == (granted, received)
    # the answer changes the appellant's result and nobody else's
    changed = {pid for pid in published if published[pid] != final[pid]}
    assert changed == {appellant}


def test_the_closed_cycle_owes_nothing(lived: dict[str, Lived], organisation: Organisation) -> None:
    closed = lived[ORDERS[0]].closed
    assert f",{organisation.day('closed')}(当前阶段:结束)" in closed  # a zh organisation
    assert "逾期 0 项,待办 0 项。" in closed


def test_a_review_changed_after_publication_must_carry_the_results(
    lived: dict[str, Lived], organisation: Organisation
) -> None:
    """The lock-file rule: a review edited after publication, merged without `score --write`,
    merges clean and passes validate, but `score --check` fails (PC040); the same edit with
    the regenerated results.yaml passes."""
    run = lived[ORDERS[0]]
    team = Team(run.root)
    appellant = run.appealed[0]
    # someone else's manager review, every rating at the bottom of the scale
    people = yaml.safe_load(run.final)["people"]
    person = min(pid for pid in people if pid != appellant and people[pid]["status"] == "scored")
    [review] = (team.root / organisation.path("reviews", person)).glob("manager-*.yaml")
    record = yaml.safe_load(review.read_text("utf-8"))
    low = organisation.policy["scale"]["min"]
    record["ratings"] = [
        {"item": r["item"], "rating": low} if "rating" in r else r for r in record["ratings"]
    ]
    header = review.read_text("utf-8").splitlines(keepends=True)[0]
    text = header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    edited = {review.relative_to(team.root).as_posix(): text.encode()}

    def regenerate(folder: Path) -> None:
        must("score", "--write", str(folder))

    stale = team.branch(f"review-edit/{person}", edited)
    fresh = team.branch(f"review-edit-with-results/{person}", edited, work=regenerate)
    assert team.changed(stale) == [next(iter(edited))]
    assert team.merge(stale)
    failed = team.gate()
    assert [r.args[:2] for r in failed] == [("score", "--check")]
    # a zh organisation: the code's Chinese sentence, then the detail
    assert f"PC040 {problems.CODES_ZH['PC040']} results.yaml is stale" in failed[0].out
    assert f"{MAIN}" == team.git("branch", "--show-current")
    team.git("reset", "--quiet", "--hard", "HEAD~1")  # the throw-away repository only
    assert team.merge(fresh)
    assert team.gate() == []
    assert team.read(organisation.path("results.yaml")) != run.final
