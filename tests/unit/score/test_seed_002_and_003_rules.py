"""Seed 002's rules and seed 003's pure roll-up, beyond the scenario folders' outputs.

tests/scoring/cases/{commendation-cap-per-entry, check-scores-above-100,
penalty-below-zero-floor, penalty-below-zero-kept, pure-rollup-quarter} pin what score,
explain and export print; here: the same records asked through the pure functions, in the
other language, through `status` and `new review`.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.explain.text import explain
from perfcode.score import score_all
from perfcode.score.adjustments import adjustments_of
from perfcode.workflow import owed

CASES = Path(__file__).parents[2] / "scoring" / "cases"


def _copy(tmp_path: Path, case: str) -> Path:
    root = tmp_path / case
    shutil.copytree(CASES / case, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_commendation_counts_for_more_than_the_cap_per_entry() -> None:
    checked = check_repository(CASES / "commendation-cap-per-entry")
    assert not checked.failed_before_scoring
    cycle = checked.repository.cycles["2026-H2"]
    assert cycle.policy is not None
    fengxue = adjustments_of(cycle, "fengxue", cycle.policy)
    (entry,) = fengxue.entries
    assert entry.points == 25 and fengxue.entry_counts(entry) == 10
    assert fengxue.commendations == fengxue.commendations_counted == 10
    # warned in validate, once per entry above the cap, at its points
    assert [(p.code, p.path, p.line) for p in checked.problems] == [
        ("PC075", "cycles/2026-H2/adjustments/fengxue.yaml", 3),
        ("PC075", "cycles/2026-H2/adjustments/wuqian.yaml", 3),
    ]


def test_without_the_policy_s_leave_a_check_score_above_100_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path, "check-scores-above-100")
    policy = root / "cycles" / "2026-H2" / "cycle.yaml"
    _edit(policy, ", checks_above_100: true}", "}")
    checked = check_repository(root)
    assert [(p.code, p.path, p.line) for p in checked.problems] == [
        ("PC076", "cycles/2026-H2/checkins/wuqian.yaml", 3),
        ("PC076", "cycles/2026-H2/checkins/wuqian.yaml", 5),
    ]
    assert checked.failed


def test_the_floor_is_told_in_english_too(tmp_path: Path) -> None:
    root = _copy(tmp_path, "penalty-below-zero-floor")
    _edit(root / "cycles" / "2026-H2" / "cycle.yaml", "language: zh", "language: en")
    checked = check_repository(root)
    assert not checked.failed_before_scoring
    results = score_all(checked.repository)
    wuqian = results["2026-H2"].people["wuqian"]
    assert wuqian.exact_score == 0 and wuqian.pay_ratio == Decimal("0.00")
    assert wuqian.adjustments is not None and wuqian.adjustments.below_zero == -5
    lines = explain(results["2026-H2"], checked.repository, "wuqian")
    assert "Floor: penalties took the score to -5.00, below zero; the policy counts it as 0" in (
        lines
    )
    # zhengkai's penalty leaves him above zero: no floor line
    assert not any(
        line.startswith("Floor")
        for line in explain(results["2026-H2"], checked.repository, "zhengkai")
    )


def test_a_pure_roll_up_owes_no_review(tmp_path: Path) -> None:
    root = _copy(tmp_path, "pure-rollup-quarter")
    checked = check_repository(root)
    assert not checked.failed_before_scoring
    repo, results = checked.repository, score_all(checked.repository)
    # during the quarter's manager_review phase: the policy weighs and requires the manager,
    # but nobody on the quarter's pure roll-up template owes a review
    facts = owed.progress(repo, results["2026-Q1"], "2026-Q1", date(2026, 4, 3))
    assert [(r.role, r.owed) for r in facts.reviews] == [("manager", ())]
    assert facts.complete == ("fengxue", "wuqian")
    status = owed.cycle_status(repo, results["2026-Q1"], "2026-Q1", date(2026, 4, 3))
    assert status.items == []
    # the same template with a reviews component: the manager owes both reviews
    _edit(
        root / "cycles" / "2026-Q1" / "cycle.yaml",
        "    weight: 100\n",
        "    weight: 50\n  - {source: reviews, weight: 50}\n  sections:\n"
        "  - {id: work, name: Work, weight: 100}\n",
    )
    for person in ("fengxue", "wuqian"):
        _edit(
            root / "cycles" / "2026-Q1" / "contracts" / f"{person}.yaml",
            "template: quarterly\n",
            "template: quarterly\nsections:\n  work:\n  - {id: work, title: Work, weight: 100}\n",
        )
    checked = check_repository(root)
    assert not checked.failed_before_scoring
    repo, results = checked.repository, score_all(checked.repository)
    status = owed.cycle_status(repo, results["2026-Q1"], "2026-Q1", date(2026, 4, 3))
    assert [(i.kind, i.person) for i in status.items] == [
        ("manager_review", "fengxue"),
        ("manager_review", "wuqian"),
    ]


def test_new_review_refuses_a_pure_roll_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy(tmp_path, "pure-rollup-quarter")
    argv = ["new", "review", "wuqian", "--role", "manager", "--cycle", "2026-Q1"]
    assert main([*argv, "--root", str(root)]) == 2
    assert capsys.readouterr().err == (
        'perfcode: wuqian is not reviewed in 2026-Q1: the template "quarterly" rolls up '
        "sub-cycles or check scores only and needs no review of its own\n"
    )
    assert not (root / "cycles" / "2026-Q1" / "reviews").exists()
    # a month's template is reviewed as before: the review is written
    month = ["new", "review", "wuqian", "--role", "manager", "--cycle", "2026-03"]
    (root / "cycles" / "2026-03" / "reviews" / "wuqian" / "manager-heli.yaml").unlink()
    assert main([*month, "--root", str(root)]) == 0, capsys.readouterr().err
    assert (root / "cycles" / "2026-03" / "reviews" / "wuqian" / "manager-heli.yaml").is_file()
