"""An aggregated review (`<role>-aggregated.yaml`, what the admin office collects for an
anonymous role) is that role's ratings: it scores exactly like the named reviews whose mean
it records, for the person and for everyone ranked beside them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from example_org import EXAMPLE, copy_example
from perfcode import layout, score
from perfcode import model as m
from perfcode.io import yaml as yamlio
from perfcode.load import repository as load
from perfcode.problems import Severity

CYCLE = "2026-H2"
PERSON = "gaofei"  # two named peer reviews in the example's 2026-H2


def _aggregate(root: Path, role: str) -> int:
    """Replace PERSON's named ROLE reviews by one aggregated review holding, per item, the
    mean of their ratings (an actual when they all give the same actual); return how many
    reviews it gathers."""
    folder = root / "cycles" / CYCLE / "reviews" / PERSON
    named = sorted(p for p in folder.glob(f"{role}-*.yaml") if "aggregated" not in p.name)
    given: dict[str, list[dict[str, object]]] = {}
    for path in named:
        raw = yamlio.parse(path.read_text(encoding="utf-8"))
        for entry in raw["ratings"]:
            given.setdefault(entry["item"], []).append(entry)
        path.unlink()
    ratings: list[dict[str, object]] = []
    for item, entries in given.items():
        actuals = {str(e["actual"]) for e in entries if "actual" in e}
        if actuals:
            assert len(actuals) == 1, "a mean of different actuals is not the mean rating"
            ratings.append({"item": item, "actual": entries[0]["actual"]})
        else:
            values = [Decimal(str(e["rating"])) for e in entries]
            ratings.append({"item": item, "rating": sum(values) / len(values)})
    document = {"submitted": "2026-12-26", "raters": len(named), "ratings": ratings}
    path = folder / f"{role}-aggregated.yaml"
    relative = path.relative_to(root).as_posix()
    path.write_text(
        layout.modeline_for(relative, "review") + yamlio.dump(document), encoding="utf-8"
    )
    return len(named)


def _scored(root: Path) -> tuple[m.Repository, dict[str, score.CycleResult]]:
    repo, problems = load.load_repository(root)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    return repo, score.score_all(repo)


def test_an_aggregated_review_scores_like_the_named_reviews_it_replaces(tmp_path: Path) -> None:
    _, named = _scored(EXAMPLE)
    root = copy_example(tmp_path / "repo")
    assert _aggregate(root, "peer") == 2
    repo, aggregated = _scored(root)
    reviews = [r for r in repo.cycles[CYCLE].reviews if r.person == PERSON and r.role == "peer"]
    assert [(r.rater, r.raters, r.aggregated) for r in reviews] == [("aggregated", 2, True)]
    for pid, before in named[CYCLE].people.items():
        after = aggregated[CYCLE].people[pid]
        assert (after.exact_score, after.score, after.grade, after.rank, after.pay_ratio) == (
            before.exact_score,
            before.score,
            before.grade,
            before.rank,
            before.pay_ratio,
        ), pid
    items = {
        (s.section, i.item): (i.rating, [(r.role, r.rating) for r in i.roles])
        for s in named[CYCLE].people[PERSON].sections
        for i in s.items
    }
    assert items == {
        (s.section, i.item): (i.rating, [(r.role, r.rating) for r in i.roles])
        for s in aggregated[CYCLE].people[PERSON].sections
        for i in s.items
    }
    peers = {
        r.rater
        for s in aggregated[CYCLE].people[PERSON].sections
        for i in s.items
        for role in i.roles
        if role.role == "peer"
        for r in role.raters
    }
    assert peers == {"aggregated"}  # who gave what is gone; the role's mean stays
