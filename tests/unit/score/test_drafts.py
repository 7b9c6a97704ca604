"""A review without `submitted:` is a draft (`Review.draft`): scoring does not count it
(the person stays incomplete), `status` still owes it, and the site shows it as a draft.
The scenario is tests/scoring/cases/draft-review-does-not-count (its README has the
arithmetic)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from perfcode import model as m
from perfcode import score
from perfcode.i18n import Labels
from perfcode.load import repository as load
from perfcode.site import views
from perfcode.workflow import owed

CASE = Path(__file__).resolve().parents[2] / "scoring" / "cases" / "draft-review-does-not-count"
CYCLE = "2026-H1"
EVERYTHING = m.Publication(scores=True, grades=True, comments=True, feedback="full", min_raters=1)


def _load() -> tuple[m.Repository, dict[str, score.CycleResult]]:
    repo, problems = load.load_repository(CASE)
    assert problems == []
    return repo, score.score_all(repo)


def test_a_review_without_submitted_is_a_draft() -> None:
    repo, _ = _load()
    drafts = {(r.person, r.role) for r in repo.cycles[CYCLE].reviews if r.draft}
    assert drafts == {("majun", "manager")}


def test_scoring_leaves_out_the_draft_and_the_person_incomplete() -> None:
    _, results = _load()
    majun = results[CYCLE].people["majun"]
    assert not majun.scored
    assert majun.missing == ("manager review (a draft: not submitted)",)
    assert (majun.score, majun.grade, majun.pay_ratio) == (None, None, None)
    assert results[CYCLE].populations[0].size == 2  # xuming and gaofei


def test_status_owes_the_draft() -> None:
    repo, results = _load()
    facts = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 7, 1))
    manager = next(r for r in facts.reviews if r.role == "manager")
    assert "majun" in manager.owed
    assert "majun" not in manager.done
    assert "majun" not in facts.complete


def test_the_site_shows_the_draft_as_a_draft() -> None:
    repo, results = _load()
    cycle = repo.cycles[CYCLE]
    blocks = views.role_blocks(
        repo, cycle, "majun", results[CYCLE].people["majun"], EVERYTHING, Labels("en")
    )
    shown = {(b.role, r.draft, r.submitted) for b in blocks for r in b.reviews}
    assert shown == {("self", False, "2026-06-30"), ("manager", True, None)}
