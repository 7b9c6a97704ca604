"""perfcode.clock: the day a command takes as today.

--today wins; else the day people/org.yaml pins (and the sentence that says so); else the
real date. `real` never takes a pinned day: it is what the signatures commands use.
"""

from __future__ import annotations

from datetime import date

import pytest

from perfcode import clock
from perfcode import model as m
from perfcode.errors import PerfcodeError


def org(today: str | None) -> m.Org:
    return m.Org("people/org.yaml", "Acme", "en", (), (), (), today=today)


def test_the_option_wins_over_the_pinned_day() -> None:
    assert clock.today(org("2027-01-20"), "2026-12-28") == clock.Today(date(2026, 12, 28))
    assert clock.today(org("2027-01-20"), "2026-12-28").note is None


def test_without_the_option_the_pinned_day_is_today_and_says_so() -> None:
    judged = clock.today(org("2027-01-20"), None)
    assert (judged.day, judged.pinned_by) == (date(2027, 1, 20), "people/org.yaml")
    assert judged.note == "today is pinned to 2027-01-20 by people/org.yaml"


def test_without_either_it_is_the_real_date() -> None:
    assert clock.today(org(None), None) == clock.Today(date.today())
    assert clock.today(None, None) == clock.Today(date.today())


def test_real_never_takes_a_pinned_day() -> None:
    assert clock.real(None) == date.today()
    assert clock.real("2027-01-20") == date(2027, 1, 20)


#: what every refusal says: the one shape a day is written in, and the years records hold
WRITTEN = "must be a day written YYYY-MM-DD between 1900 and 2199, like 2027-01-20"


@pytest.mark.parametrize(
    "value",
    [
        "2027-02-30",  # no such day
        "0001-01-01",  # outside the years
        "20270120",  # Python's fromisoformat takes these; a record's date may not be them
        "2027-W03-3",
        "２０２７-01-20",  # not ASCII digits
        " 2027-01-20",
    ],
)
def test_a_day_that_is_not_one_is_a_usage_error(value: str) -> None:
    with pytest.raises(PerfcodeError) as raised:
        clock.today(None, value)
    assert str(raised.value) == f"--today {WRITTEN}, not {value!r}"


def test_a_pinned_day_outside_the_years_names_the_file() -> None:
    with pytest.raises(PerfcodeError) as raised:
        clock.today(org("2500-01-01"), None)
    assert str(raised.value) == f"people/org.yaml: today {WRITTEN}, not '2500-01-01'"
