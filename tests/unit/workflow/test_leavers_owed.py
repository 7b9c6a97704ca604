"""workflow.owed and the site's dashboard with people who have left (issue 13 red team).

Someone who has left by the day judged is owed nothing (one predicate, `owed.in_registry`,
for every kind of item), what a manager who has left owed the policy owners owe instead,
and the dashboard's "scored" row counts against the people scoring expects
(`Policy.scores`), so it never shows more scored people than it expects.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from edited_example import scored_example
from perfcode import model as m
from perfcode.check import check_repository
from perfcode.i18n import Labels
from perfcode.score import CycleResult, score_all
from perfcode.site import pages
from perfcode.workflow import owed

CYCLE = "2026-H2"
#: sunli leaves after the period's end: she is scored (grade D, an interview, a plan)
SUNLI_LEFT = ("people/sunli.yaml", r"\Z", "left: 2027-01-05\n")
#: heli, the manager of fengxue, wuqian and zhengkai, leaves during the checkins phase
HELI_LEFT = ("people/heli.yaml", r"\Z", "left: 2026-10-01\n")
CADENCE = (
    f"cycles/{CYCLE}/cycle.yaml",
    r"^appeals:\n",
    "checkins:\n  fortnightly: {weeks: 2}\nappeals:\n",
)
UNANSWERED = (f"cycles/{CYCLE}/appeals/sunli.yaml", r"^answer:\n(  .*\n)+", "")


def _example(tmp_path: Path, *edits: tuple[str, str, str]) -> tuple[m.Repository, CycleResult]:
    repository, results = scored_example(tmp_path, *edits)
    return repository, results[CYCLE]


def _without_interview(
    tmp_path: Path, *edits: tuple[str, str, str]
) -> tuple[m.Repository, CycleResult]:
    repo, _ = _example(tmp_path, *edits)
    (Path(repo.root) / f"cycles/{CYCLE}/interviews/sunli.yaml").unlink()
    checked = check_repository(Path(repo.root))
    assert not checked.failed_before_scoring, [p.message for p in checked.problems]
    return checked.repository, score_all(checked.repository)[CYCLE]


def test_someone_who_has_left_is_owed_no_interview_or_plan_but_their_appeal_its_answer(
    tmp_path: Path,
) -> None:
    repo, result = _without_interview(tmp_path, SUNLI_LEFT, UNANSWERED)
    assert result.people["sunli"].status == "scored"  # left after the period: scored
    for day, owing in ((date(2027, 1, 4), True), (date(2027, 1, 5), False)):
        facts = owed.progress(repo, result, CYCLE, day)
        assert ("sunli" in facts.people) is owing
        assert bool([i for i in facts.interviews if i.person == "sunli"]) is owing
        assert bool([p for p in facts.plans if p.person == "sunli"]) is owing
    # later, when her interview and plan check-in would be owed: neither is; the appeal she
    # filed before she left is still owed its answer (leaving does not withdraw it)
    later = date(2027, 1, 20)
    facts = owed.progress(repo, result, CYCLE, later)
    assert not facts.interviews and not facts.plans
    assert [a.person for a in facts.appeals] == ["sunli"]
    items = owed.cycle_status(repo, result, CYCLE, later).items
    assert [i.kind for i in items if i.person == "sunli"] == ["appeal_answer"]


def test_what_a_manager_who_has_left_owed_the_policy_owners_owe(tmp_path: Path) -> None:
    repo, result = _example(tmp_path, HELI_LEFT, CADENCE)
    owners = repo.org.policy_owners if repo.org else ()
    team = {pid for pid, p in repo.people.items() if p.manager == "heli"}
    assert team == {"fengxue", "wuqian", "zhengkai"}
    before = owed.cycle_status(repo, result, CYCLE, date(2026, 9, 30))
    after = owed.cycle_status(repo, result, CYCLE, date(2026, 10, 11))
    checkins = [i for i in before.items if i.kind == "checkin_due" and i.person in team]
    assert checkins and all(i.owers == ("heli",) for i in checkins)
    checkins = [i for i in after.items if i.kind == "checkin_due" and i.person in team]
    assert {i.person for i in checkins} == team
    for item in checkins:
        assert item.owers == tuple(owners) and "heli" not in item.owers
        assert item.note.endswith("manager heli left on 2026-10-01")
    assert not [i for i in after.items if i.person == "heli" or "heli" in i.owers]


def test_a_manager_review_owed_by_a_manager_who_has_left(tmp_path: Path) -> None:
    review = (f"cycles/{CYCLE}/reviews/fengxue/manager-heli.yaml", r"^submitted: .*\n", "")
    repo, result = _example(tmp_path, HELI_LEFT, review)
    status = owed.cycle_status(repo, result, CYCLE, date(2026, 12, 28))
    (item,) = [i for i in status.items if i.kind == "manager_review"]
    assert item.person == "fengxue" and "heli" not in item.owers
    assert item.owers == tuple(repo.org.policy_owners if repo.org else ())
    assert item.note == "manager heli left on 2026-10-01"


def _scored_row(repo: m.Repository, results: dict[str, CycleResult], day: str) -> tuple[int, int]:
    site = pages.render_site(repo, results, pages.Options(audience="private", today=day))
    t = Labels("zh")
    row = next(
        line
        for line in site[pages.dashboard_page(CYCLE)].splitlines()
        if line.startswith(f"| {t('scored')} |")
    )
    found = re.search(r"(\d+) / (\d+)", row)
    assert found, row
    return int(found[1]), int(found[2])


def test_the_dashboard_counts_scored_people_against_whom_scoring_expects(tmp_path: Path) -> None:
    repository, results = scored_example(tmp_path, SUNLI_LEFT)
    result = results[CYCLE]
    policy = repository.cycles[CYCLE].policy
    assert policy is not None
    expected = [
        p for p in repository.cycles[CYCLE].contracts if policy.scores(repository.people.get(p))
    ]
    scored = [p for p in result.people.values() if p.status == "scored"]
    # sunli has left by 2027-01-12 (status owes her nothing) but is scored all the same
    assert _scored_row(repository, results, "2027-01-12") == (len(scored), len(expected))
    assert (
        len(scored)
        == len(expected)
        == len(owed.progress(repository, result, CYCLE, date(2027, 1, 12)).scoring)
    )


def test_a_leaver_the_policy_does_not_score_is_not_expected_either(tmp_path: Path) -> None:
    # zhengkai leaves during the period: not scored, and not counted as waiting for a score
    left = ("people/zhengkai.yaml", r"\Z", "left: 2026-10-31\n")
    repository, results = scored_example(tmp_path, left)
    facts = owed.progress(repository, results[CYCLE], CYCLE, date(2027, 1, 12))
    assert "zhengkai" in repository.cycles[CYCLE].contracts and "zhengkai" not in facts.scoring
    scored, expected = _scored_row(repository, results, "2027-01-12")
    assert scored == expected == len(facts.scoring)
