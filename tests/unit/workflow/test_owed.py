"""workflow.owed: the facts of what is owed, on the example organisation's 2026-H2 cycle.

The example is copied and edited the way a user would edit it (a draft, a leaver, a policy
without an answer deadline), then checked and scored; `progress` and `cycle_status` are
asked about one day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from edited_example import scored_example
from perfcode import model as m
from perfcode.check import check_repository
from perfcode.score import CycleResult, score_all
from perfcode.workflow import owed

CYCLE = "2026-H2"


def _example(tmp_path: Path, *edits: tuple[str, str, str]) -> tuple[m.Repository, CycleResult]:
    repository, results = scored_example(tmp_path, *edits)
    return repository, results[CYCLE]


DRAFT = (f"cycles/{CYCLE}/reviews/sunli/self-sunli.yaml", r"^submitted: .*\n", "")
NO_DEADLINE = (f"cycles/{CYCLE}/cycle.yaml", r"^  answer_working_days: \d+\n", "")
UNANSWERED = (f"cycles/{CYCLE}/appeals/sunli.yaml", r"^answer:\n(  .*\n)+", "")


def test_a_draft_review_is_not_in(tmp_path: Path) -> None:
    repo, result = _example(tmp_path, DRAFT)
    facts = owed.progress(repo, result, CYCLE, date(2026, 12, 28))
    self_reviews = next(r for r in facts.reviews if r.role == "self")
    assert "sunli" in self_reviews.owed and "sunli" not in self_reviews.done
    assert "sunli" not in facts.complete
    status = owed.cycle_status(repo, result, CYCLE, date(2026, 12, 28))
    assert [(i.kind, i.person) for i in status.items if i.kind == "self_review"] == [
        ("self_review", "sunli")
    ]


def test_someone_who_has_left_is_neither_expected_nor_counted(tmp_path: Path) -> None:
    # zhengkai: no calibration decision, which a leaver (not scored) could not have (PC068)
    left = ("people/zhengkai.yaml", r"\Z", "left: 2026-10-31\n")
    repo, result = _example(tmp_path, left)
    before = owed.progress(repo, result, CYCLE, date(2026, 10, 30))
    after = owed.progress(repo, result, CYCLE, date(2026, 10, 31))
    assert "zhengkai" in before.expected and "zhengkai" in before.contracts
    assert "zhengkai" not in after.people
    assert "zhengkai" not in after.expected and "zhengkai" not in after.contracts
    assert len(after.contracts) == len(before.contracts) - 1


def test_an_appeal_is_due_the_policy_s_working_days_after_filing(tmp_path: Path) -> None:
    repo, result = _example(tmp_path, UNANSWERED)
    # filed Thursday 2027-01-14, ten working days: two weekends off → Thursday 2027-01-28
    facts = owed.progress(repo, result, CYCLE, date(2027, 1, 29))
    (appeal,) = facts.appeals
    assert (appeal.due, appeal.days_late, appeal.state) == ("2027-01-28", 1, "overdue")


def test_without_an_answer_deadline_an_appeal_has_no_due_date(tmp_path: Path) -> None:
    repo, result = _example(tmp_path, NO_DEADLINE, UNANSWERED)
    facts = owed.progress(repo, result, CYCLE, date(2027, 6, 1))
    (appeal,) = facts.appeals
    assert (appeal.due, appeal.days_late, appeal.state) == (None, 0, "open")
    status = owed.cycle_status(repo, result, CYCLE, date(2027, 6, 1))
    (item,) = [i for i in status.items if i.kind == "appeal_answer"]
    assert item.due is None and not item.overdue
    assert item.note == "filed 2027-01-14, no answer deadline"


def test_an_answered_appeal_is_closed_and_owes_nothing(tmp_path: Path) -> None:
    repo, result = _example(tmp_path)
    facts = owed.progress(repo, result, CYCLE, date(2027, 1, 29))
    assert [a.state for a in facts.appeals] == ["closed"]
    status = owed.cycle_status(repo, result, CYCLE, date(2027, 1, 29))
    assert not [i for i in status.items if i.kind == "appeal_answer"]


def test_an_appeal_not_yet_filed_is_not_there(tmp_path: Path) -> None:
    repo, result = _example(tmp_path, UNANSWERED)
    assert owed.progress(repo, result, CYCLE, date(2027, 1, 13)).appeals == ()


def test_a_failing_grade_interview_is_owed_from_the_results(tmp_path: Path) -> None:
    interview = f"cycles/{CYCLE}/interviews/sunli.yaml"
    repo, result = _example(tmp_path)
    (due,) = owed.progress(repo, result, CYCLE, date(2027, 1, 5)).interviews
    assert due.person == "sunli" and due.done
    root = Path(repo.root)
    (root / interview).unlink()
    checked = check_repository(root)
    repo, result = checked.repository, score_all(checked.repository)[CYCLE]
    (due,) = owed.progress(repo, result, CYCLE, date(2027, 1, 5)).interviews
    assert not due.done and due.due is not None and due.since is not None
    since = date.fromisoformat(due.since)
    on_the_day = owed.cycle_status(repo, result, CYCLE, since)
    day_before = owed.cycle_status(repo, result, CYCLE, date.fromordinal(since.toordinal() - 1))
    assert [i.person for i in on_the_day.items if i.kind == "interview"] == ["sunli"]
    assert not [i for i in day_before.items if i.kind == "interview"]
