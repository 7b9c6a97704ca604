"""Working days: the policy's holiday calendar, and counting working days from a date.

A working day is Monday to Friday, except the policy's `holidays`; a date in the policy's
`workdays` (a weekend made a working day, as Chinese public holidays require) is a working
day whatever its weekday. Pure: `datetime.date` does the calendar, this module only the
weekday checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from perfcode import model as m


@dataclass(frozen=True, slots=True)
class Calendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    @classmethod
    def of(cls, policy: m.Policy) -> Calendar:
        return cls(
            frozenset(date.fromisoformat(d) for d in policy.holidays),
            frozenset(date.fromisoformat(d) for d in policy.workdays),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5  # Monday 0 … Friday 4


def add_working_days(start: date, count: int, calendar: Calendar) -> date:
    """The day `count` working days after `start` (`start` itself is not counted).

    An appeal filed on a Friday with 10 working days to answer is due on the Friday two
    weeks later, or later still when holidays fall in between. `count` 0 returns `start`.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day, left = start, count
    while left:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_day_on_or_after(day: date, calendar: Calendar) -> date:
    """DAY when it is a working day, else the next one (a phase starting on a Saturday
    starts on the Monday)."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date, calendar: Calendar) -> date:
    """DAY when it is a working day, else the one before (a phase ending on a Sunday ends
    on the Friday)."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day
