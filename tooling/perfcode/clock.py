"""The day a command takes as today: the one home of that choice.

`today(org, explicit)` is what every command that reports on a day uses for its `--today`
default (`status`, `site`, `publish`, `new`): the day given with `--today`; else the day
people/org.yaml pins with `today:` (an example or training organisation, so that it shows
the same on any day); else the real date. `real(explicit)` is for the commands that must
never trust a date the pusher controls (`perfcode signatures`, its `record`, `verify`):
the day given on their own command line, or the real date, whatever org.yaml says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from perfcode.errors import PerfcodeError
from perfcode.layout import YEARS, parse_day
from perfcode.model import Org

__all__ = ["Today", "parse", "real", "today"]


@dataclass(frozen=True, slots=True)
class Today:
    """The day judged, and the file that pinned it (None: --today or the real date)."""

    day: date
    pinned_by: str | None = None

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def note(self) -> str | None:
        """The sentence that says the day is pinned, when it is."""
        if self.pinned_by is None:
            return None
        return f"today is pinned to {self.iso} by {self.pinned_by}"


def parse(value: str, option: str = "--today") -> date:
    """The date VALUE names (a usage error when it is not a plausible day)."""
    parsed = parse_day(value)
    if parsed is None:
        raise PerfcodeError(
            f"{option} must be a day written YYYY-MM-DD between {YEARS.start} and "
            f"{YEARS.stop - 1}, like 2027-01-20, not {value!r}"
        )
    return parsed


def real(explicit: str | None, option: str = "--today") -> date:
    """The day given on the command line, else the real date (never a pinned day)."""
    return date.today() if explicit is None else parse(explicit, option)


def today(org: Org | None, explicit: str | None, option: str = "--today") -> Today:
    """The day given on the command line; else the day ORG pins (`today:` in
    people/org.yaml); else the real date."""
    if explicit is not None:
        return Today(parse(explicit, option))
    if org is not None and org.today is not None:
        return Today(parse(org.today, f"{org.path}: today"), org.path)
    return Today(date.today())
