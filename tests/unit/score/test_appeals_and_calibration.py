"""A granted appeal sets the final grade (the outcomes follow it, the export flags the pay
correction for the month after the answer), and a calibration decision equal to the grade
it would override is not a calibration. Scenario: tests/scoring/cases/appeal-changes-the-grade
(its README has the arithmetic)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from perfcode import model as m
from perfcode import score
from perfcode.explain import steps, text
from perfcode.load import repository as load
from perfcode.report import results as out

CASES = Path(__file__).resolve().parents[2] / "scoring" / "cases"
CYCLE = "2026-H1"


def _load(name: str) -> tuple[m.Repository, dict[str, score.CycleResult]]:
    repo, problems = load.load_repository(CASES / name)
    assert problems == []
    return repo, score.score_all(repo)


def test_a_granted_appeal_sets_the_final_grade_and_its_outcomes() -> None:
    _, results = _load("appeal-changes-the-grade")
    gaofei = results[CYCLE].people["gaofei"]
    assert (gaofei.band_grade, gaofei.grade, gaofei.appealed_from) == ("E", "D", "E")
    assert gaofei.outcomes == ()  # the interview is for E only
    assert gaofei.pay_correction == "2026-08"
    data = out.person_data(gaofei)
    assert (data["grade"], data["appealed_from"], data["calibrated_from"]) == ("D", "E", None)


def test_the_explanation_tells_the_appeal_in_both_languages() -> None:
    repo, results = _load("appeal-changes-the-grade")
    chain = steps.steps(results[CYCLE], repo, "gaofei")
    assert "Appeal answered 2026-07-17 by hr1: E → D, pay corrected in 2026-08" in text.render(
        chain, "en"
    )
    assert "申诉于 2026-07-17 由 hr1 答复:E → D,2026-08 工资调整" in text.render(chain, "zh")
    hidden = steps.public(chain, free_text=True, appeals=False)
    assert "appealed" not in {s.kind for s in hidden}


def test_an_answer_dated_december_corrects_januarys_pay() -> None:
    _, results = _load("appeal-changes-the-grade")
    gaofei = results[CYCLE].people["gaofei"]
    assert gaofei.appeal is not None and gaofei.appeal.answer is not None
    answer = replace(gaofei.appeal.answer, date="2026-12-03")
    december = replace(gaofei, appeal=replace(gaofei.appeal, answer=answer))
    assert december.pay_correction == "2027-01"


def test_an_upheld_appeal_or_one_without_pay_correction_changes_nothing() -> None:
    repo, _ = _load("appeal-changes-the-grade")
    cycle = repo.cycles[CYCLE]
    appeal = cycle.appeals["gaofei"]
    assert appeal.answer is not None
    for answer in (
        replace(appeal.answer, decision="upheld", new_grade=None, pay_correction=False),
        replace(appeal.answer, decision="rejected", new_grade=None, pay_correction=False),
    ):
        edited = replace(cycle, appeals={"gaofei": replace(appeal, answer=answer)})
        repo2 = replace(repo, cycles={**repo.cycles, CYCLE: edited})
        gaofei = score.score_all(repo2)[CYCLE].people["gaofei"]
        assert (gaofei.grade, gaofei.appealed_from, gaofei.pay_correction) == ("E", None, None)
        assert [o.id for o in gaofei.outcomes] == ["interview"]


def test_a_decision_equal_to_the_grade_is_not_a_calibration() -> None:
    repo, _ = _load("business-40-30-20-10")
    cycle = repo.cycles[CYCLE]
    decisions = (m.Decision("majun", "C", "confirmed"), m.Decision("gaofei", "D", "raised"))
    meeting = m.Calibration(f"cycles/{CYCLE}/calibration.yaml", CYCLE, None, (), decisions)
    repo2 = replace(repo, cycles={**repo.cycles, CYCLE: replace(cycle, calibration=meeting)})
    people = score.score_all(repo2)[CYCLE].people
    assert (people["majun"].grade, people["majun"].calibration) == ("C", None)
    assert out.person_data(people["majun"])["calibrated_from"] is None
    assert (people["gaofei"].grade, people["gaofei"].calibration) == ("D", decisions[1])
    assert out.person_data(people["gaofei"])["calibrated_from"] == "E"
