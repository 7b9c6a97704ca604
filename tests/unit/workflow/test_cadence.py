"""workflow.owed: check-ins at the policy's cadence and deliverables past due, on the
example organisation's 2026-H2 cycle (checkins phase 2026-08-01 – 2026-12-15) with the
cadence of seed 001 added: a progress check every two weeks, a monthly one-to-one.

`next_checkin` is the one home of cadence → next due date; `progress` gives the facts
(the site's dashboard counts them), `cycle_status` the items `perfcode status` lists.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest

from edited_example import Edit, scored_example
from perfcode import model as m
from perfcode.site import pages as render
from perfcode.workflow import owed

CYCLE = "2026-H2"
CADENCE: Edit = (
    f"cycles/{CYCLE}/cycle.yaml",
    r"^appeals:\n",
    "checkins:\n  fortnightly: {weeks: 2}\n  one_to_one: {months: 1}\nappeals:\n",
)


@pytest.mark.parametrize(
    ("since", "cadence", "due"),
    [
        (date(2026, 8, 1), m.Cadence("fortnightly", days=14), date(2026, 8, 15)),
        (date(2026, 8, 1), m.Cadence("weekly", days=7), date(2026, 8, 8)),
        (date(2026, 8, 1), m.Cadence("one_to_one", months=1), date(2026, 9, 1)),
        # the same day of the month, or the month's last day when it is shorter
        (date(2027, 1, 31), m.Cadence("one_to_one", months=1), date(2027, 2, 28)),
        (date(2028, 1, 31), m.Cadence("one_to_one", months=1), date(2028, 2, 29)),
        (date(2026, 11, 30), m.Cadence("monthly_check", months=3), date(2027, 2, 28)),
        (date(2026, 12, 15), m.Cadence("monthly_check", months=12), date(2027, 12, 15)),
        # never past the calendar's end
        (date(9999, 12, 20), m.Cadence("weekly", days=14), date.max),
        (date(9999, 12, 20), m.Cadence("one_to_one", months=1), date.max),
    ],
)
def test_next_checkin(since: date, cadence: m.Cadence, due: date) -> None:
    assert owed.next_checkin(since, cadence) == due


def test_the_policy_s_cadence_is_read_in_days_and_months(tmp_path: Path) -> None:
    repo, _ = scored_example(tmp_path, CADENCE)
    policy = repo.cycles[CYCLE].policy
    assert policy is not None
    assert policy.cadence == (m.Cadence("fortnightly", days=14), m.Cadence("one_to_one", months=1))


def _due(facts: owed.Progress, person: str) -> dict[str, tuple[str | None, str, bool, int]]:
    return {
        c.kind: (c.last, c.due, c.owed, c.days_late) for c in facts.checkins if c.person == person
    }


def test_a_check_in_is_owed_from_its_due_day_and_overdue_the_day_after(tmp_path: Path) -> None:
    repo, results = scored_example(tmp_path, CADENCE)
    # wanghongjun: fortnightly 2026-08-21, one_to_one 2026-09-11 (→ due 2026-10-11)
    before = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 10, 10))
    on = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 10, 11))
    after = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 10, 12))
    assert _due(before, "wanghongjun")["one_to_one"] == ("2026-09-11", "2026-10-11", False, 0)
    assert _due(on, "wanghongjun")["one_to_one"] == ("2026-09-11", "2026-10-11", True, 0)
    assert _due(after, "wanghongjun")["one_to_one"] == ("2026-09-11", "2026-10-11", True, 1)
    # none of a kind yet: the interval runs from the phase's start
    assert _due(on, "zhoujie")["fortnightly"] == (None, "2026-08-15", True, 57)
    status = owed.cycle_status(repo, results[CYCLE], CYCLE, date(2026, 10, 10))
    items = [(i.person, i.note) for i in status.items if i.kind == "checkin_due"]
    assert ("wanghongjun", "one_to_one, last 2026-09-11") not in items  # not due yet
    (item,) = [i for i in status.items if i.person == "wanghongjun" and i.note.startswith("fort")]
    assert (item.phase, item.owers, item.due, item.days_late) == (
        "checkins",
        ("linzong",),
        "2026-09-04",
        36,
    )
    assert item.path == f"cycles/{CYCLE}/checkins/wanghongjun.yaml"


def test_check_ins_are_owed_only_while_the_checkins_phase_is_under_way(tmp_path: Path) -> None:
    repo, results = scored_example(tmp_path, CADENCE)
    for day in (date(2026, 7, 31), date(2026, 12, 16)):
        assert owed.progress(repo, results[CYCLE], CYCLE, day).checkins == ()
    last = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 12, 15))
    assert len(last.checkins) == 2 * len(last.contracts)  # everyone has a manager but chenzong


def test_someone_who_joined_during_the_phase_is_owed_from_the_day_they_joined(
    tmp_path: Path,
) -> None:
    joined = ("people/zhoujie.yaml", r"^joined: .*$", "joined: 2026-09-20")
    repo, results = scored_example(tmp_path, CADENCE, joined)
    facts = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 10, 11))
    assert _due(facts, "zhoujie") == {
        "fortnightly": (None, "2026-10-04", True, 7),
        "one_to_one": (None, "2026-10-20", False, 0),
    }


def test_without_a_cadence_no_check_in_is_owed(tmp_path: Path) -> None:
    repo, results = scored_example(tmp_path)
    assert owed.progress(repo, results[CYCLE], CYCLE, date(2026, 10, 11)).checkins == ()


def test_a_deliverable_is_listed_the_day_after_its_due_day(tmp_path: Path) -> None:
    repo, results = scored_example(tmp_path)
    result = results[CYCLE]

    def late(day: date) -> list[tuple[str, str, int]]:
        facts = owed.progress(repo, result, CYCLE, day)
        return [(d.item, d.due, d.days_late) for d in facts.deliverables]

    # wanghongjun's team reorganisation is due 2026-09-10, without a done day
    assert ("team-reorg", "2026-09-10", 0) not in late(date(2026, 9, 10))
    assert late(date(2026, 9, 11))[-1] == ("team-reorg", "2026-09-10", 1)
    assert late(date(2026, 12, 15))[-1] == ("team-reorg", "2026-09-10", 96)
    assert late(date(2026, 12, 16)) == []  # the checkins phase is over: the reviews judge it
    # huangwei's (due 2026-09-30) was done on 2026-09-28: never listed
    assert all(
        d.person == "wanghongjun"
        for d in owed.progress(repo, result, CYCLE, date(2026, 10, 30)).deliverables
    )
    status = owed.cycle_status(repo, result, CYCLE, date(2026, 9, 11))
    item = [i for i in status.items if i.kind == "deliverable_late"][-1]
    assert (item.phase, item.owers, item.path, item.note) == (
        "checkins",
        ("wanghongjun",),
        f"cycles/{CYCLE}/contracts/wanghongjun.yaml",
        "team-reorg: 团队重组完成",
    )


def test_done_marks_a_deliverable_delivered(tmp_path: Path) -> None:
    done = (
        f"cycles/{CYCLE}/contracts/wanghongjun.yaml",
        r"^          due: 2026-09-10\n",
        "          due: 2026-09-10\n          done: 2026-09-12\n",
    )
    repo, results = scored_example(tmp_path, done)
    facts = owed.progress(repo, results[CYCLE], CYCLE, date(2026, 9, 30))
    assert [d.item for d in facts.deliverables] == ["kam-rules", "kam-rules"]


def test_the_dashboard_counts_what_status_lists(tmp_path: Path) -> None:
    """The site's cycle dashboard reads the same facts: its rows say as many check-ins due
    and deliverables late as `perfcode status` lists (on 2026-10-10, wanghongjun's
    one-to-one is not due yet: one check-in of 28 is on schedule)."""
    repo, results = scored_example(tmp_path, CADENCE)
    day = date(2026, 10, 10)
    status = owed.cycle_status(repo, results[CYCLE], CYCLE, day)
    kinds = [i.kind for i in status.items]
    assert (kinds.count("checkin_due"), kinds.count("deliverable_late")) == (27, 3)
    options = render.Options(audience="private", today=day.isoformat())
    page = html.unescape(render.render_site(repo, results, options)[f"cycles/{CYCLE}.md"])
    row = "| 按期检查(政策规定的频率) | 1 / 28 | 双周检查: 14 项待进行, 一对一面谈: 13 项待进行 |"
    assert row in page.splitlines()
    assert "| 逾期未交付成果 | 3 | [王红军](../people/wanghongjun.md) 截止 2026-08-20<br>" in page
