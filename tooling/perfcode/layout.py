"""Where each kind of record lives, what a cycle id means, and the schema modeline.

One home for three facts every stage uses:

- **places**: a repository-relative path → the kind of document it holds, with the cycle,
  person, role and rater its path names (`classify`, `Place`, `PLACES`);
- **cycle ids**: a year `2027`, a half `2027-H1`, a quarter `2027-Q3` or a month `2027-07`
  (`parse_cycle`, `cycle_bounds` the first and last day, `cycle_key` / `sorted_cycles` the
  order: by the day a cycle ends, a longer cycle after the shorter ones it contains);
- **the modeline**: the first line of every record, `# yaml-language-server: $schema=…`,
  that makes editors check the file against its kind's schema (`modeline`, `has_modeline`),
  and the schemas' version, carried in their `$id` (`SCHEMA_VERSION`, `schema_id`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from perfcode.model.values import AGGREGATED, ROLES

#: the years a record's date or cycle may lie in: a slip such as 0000 or 9999 is caught, and
#: the deadlines computed from dates (appeal windows, working days) stay inside the calendar
YEARS = range(1900, 2200)

ID = r"[a-z0-9][a-z0-9_-]{0,39}"
CYCLE = r"[0-9]{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?"
ROLE = "|".join(ROLES)
#: the stem of people/org.yaml: the organisation's file among the people's
ORG_ID = "org"
#: ids no person may have: a review path `<role>-aggregated.yaml` names HR's aggregate of
#: several raters (the admin office collects them), never a person; people/org.yaml is the
#: organisation's file, so no person's record can be people/org.yaml
RESERVED_IDS = frozenset({AGGREGATED, ORG_ID})
_CYCLE_PARTS = re.compile(r"^([0-9]{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?\Z")

# --- cycle ids --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CycleId:
    """A cycle id, understood: its year and the months it spans."""

    text: str
    year: int
    first_month: int
    months: int  # 12, 6, 3 or 1

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        last = self.last_month
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def key(self) -> tuple[int, int, int]:
        """The order of cycles: by the month they end, longer after shorter."""
        return (self.year, self.last_month, {1: 0, 3: 1, 6: 2, 12: 3}[self.months])


#: a day as records and the command line write it: YYYY-MM-DD in ASCII digits
DAY_SHAPE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def parse_day(text: str) -> date | None:
    """The day TEXT names, written YYYY-MM-DD in a plausible year (`YEARS`); None when it
    is not one (Python's fromisoformat alone also takes 20270120 and 2027-W03-3)."""
    if not DAY_SHAPE.match(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year in YEARS else None


def parse_cycle(text: str) -> CycleId | None:
    """The cycle a text names, or None when it is not a cycle id (any year of four digits;
    whether the year is plausible is `in_years`)."""
    match = _CYCLE_PARTS.match(text)
    if match is None:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return CycleId(text, year, 1, 12)
    if part.startswith("H"):
        return CycleId(text, year, 6 * int(part[1]) - 5, 6)
    if part.startswith("Q"):
        return CycleId(text, year, 3 * int(part[1]) - 2, 3)
    return CycleId(text, year, int(part), 1)


def _cycle(cycle_id: str) -> CycleId:
    parsed = parse_cycle(cycle_id)
    if parsed is None:
        raise ValueError(f"{cycle_id!r} is not a cycle id")  # callers pass checked ids
    return parsed


def in_years(cycle_id: str) -> bool:
    """Whether a cycle id's year is one the records may hold."""
    return int(cycle_id[:4]) in YEARS


def cycle_bounds(cycle_id: str) -> tuple[date, date]:
    """The first and last day a cycle id names: 2026-H2 → 2026-07-01, 2026-12-31."""
    cycle = _cycle(cycle_id)
    return cycle.first_day, cycle.last_day


def cycle_key(cycle_id: str) -> tuple[int, int, int]:
    """Sort key of cycle ids: by when they end, longer cycles after those they contain
    (2026-Q2, 2026-H1, 2026-Q3, 2026-Q4, 2026-H2, 2026)."""
    return _cycle(cycle_id).key


def sorted_cycles(cycle_ids: Iterable[str]) -> list[str]:
    """Cycle ids in cycle order."""
    return sorted(cycle_ids, key=cycle_key)


# --- places -----------------------------------------------------------------------------

#: path pattern → kind; the named groups give the cycle, person, role and rater
PLACES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"^{pattern}\Z"), kind)
    for pattern, kind in (
        (r"people/org\.yaml", "org"),
        (rf"people/(?P<person>{ID})\.yaml", "person"),
        (rf"cycles/(?P<cycle>{CYCLE})/cycle\.yaml", "cycle"),
        (rf"cycles/(?P<cycle>{CYCLE})/goals\.yaml", "goals"),
        (rf"cycles/(?P<cycle>{CYCLE})/calibration\.yaml", "calibration"),
        (rf"cycles/(?P<cycle>{CYCLE})/results\.yaml", "results"),
        (rf"cycles/(?P<cycle>{CYCLE})/contracts/(?P<person>{ID})\.yaml", "contract"),
        (
            rf"cycles/(?P<cycle>{CYCLE})/reviews/(?P<person>{ID})/(?P<role>{ROLE})-(?P<rater>{ID})\.yaml",
            "review",
        ),
        (rf"cycles/(?P<cycle>{CYCLE})/checkins/(?P<person>{ID})\.yaml", "checkins"),
        (rf"cycles/(?P<cycle>{CYCLE})/adjustments/(?P<person>{ID})\.yaml", "adjustments"),
        (rf"cycles/(?P<cycle>{CYCLE})/interviews/(?P<person>{ID})\.yaml", "interview"),
        (rf"cycles/(?P<cycle>{CYCLE})/plans/(?P<person>{ID})\.yaml", "plan"),
        (rf"cycles/(?P<cycle>{CYCLE})/appeals/(?P<person>{ID})\.yaml", "appeal"),
        (rf"cycles/(?P<cycle>{CYCLE})/signatures\.yaml", "signatures"),
    )
)

#: names Windows keeps for devices: no file or folder can be called so there, in any
#: case and with any extension (con.yaml, AUX, Nul.md)
_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}
)


def fold(name: str) -> str:
    """NAME as a file system that ignores case and letter width sees it (Windows, macOS):
    Unicode NFKC and case folding, so "Wanghj", "WANGHJ" and "ｗａｎｇｈｊ" are one name."""
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


@lru_cache(maxsize=1 << 16)
def device_name(part: str) -> bool:
    """Whether one part of a path is a Windows device name (cannot be checked out there).
    Kept per part: the same folder names recur in every path of a repository."""
    return fold(part.split(".", 1)[0].rstrip(" ")) in _DEVICE_NAMES


@dataclass(frozen=True, slots=True)
class Place:
    """What a path says about the document it holds."""

    kind: str
    cycle: str | None = None
    person: str | None = None
    role: str | None = None
    rater: str | None = None


def classify(path: str) -> Place | None:
    """The kind (and cycle, person, role, rater) a repository-relative path holds; none
    for a path that cannot be checked out everywhere (a Windows device name)."""
    for pattern, kind in PLACES:
        match = pattern.match(path)
        if match:
            if any(device_name(part) for part in path.split("/")):
                return None
            groups = match.groupdict()
            if groups.get("cycle") is not None and not in_years(groups["cycle"]):
                return None
            return Place(kind=kind, **groups)
    return None


# --- the modeline -----------------------------------------------------------------------

MODELINE_PREFIX = "# yaml-language-server: $schema="
#: the version of perfcode's record schemas, carried in each schema's `$id`; it grows when
#: a schema changes in a way records written for it would not pass an older perfcode
SCHEMA_VERSION = 1
#: where perfcode's schemas are published: `$id` is SCHEMA_URL + v<version>/<kind>.schema.json
SCHEMA_URL = "https://perfcode.dev/schemas/"
#: the address form of a modeline, any version (the host and path as case-insensitive as
#: an editor reads them)
_VERSIONED = re.compile(rf"^{re.escape(SCHEMA_URL)}v([0-9]+)/", re.IGNORECASE)


def schema_id(kind: str, version: int = SCHEMA_VERSION) -> str:
    """The `$id` of the `kind` schema of VERSION: its address, version included."""
    return f"{SCHEMA_URL}v{version}/{kind}.schema.json"


def modeline(kind: str, depth: int) -> str:
    """The first line (newline included) of a `kind` file `depth` folders deep, naming its
    schema relative to it: `modeline("contract", 3)` for cycles/2026/contracts/x.yaml."""
    return f"{MODELINE_PREFIX}{'../' * depth}schemas/{kind}.schema.json\n"


def modeline_for(path: str, kind: str) -> str:
    """The modeline of the file at a repository-relative path."""
    return modeline(kind, path.count("/"))


def has_modeline(text: str, kind: str) -> bool:
    """Whether a file's first line points editors at the `kind` schema: by the path
    `modeline` writes (relative to the file), or by the schema's address (`schema_id`)."""
    first = text.split("\n", 1)[0]
    return first.startswith(MODELINE_PREFIX) and first.rstrip().endswith(f"{kind}.schema.json")


def modeline_version(text: str) -> int | None:
    """The schema version a file's modeline names by address (…/schemas/v2/…), or None
    when it names none (a relative path, another address, no modeline). A number of more
    than 18 digits reads as 10**18: newer than any, and never too long for int()."""
    first = text.split("\n", 1)[0]
    if not first.startswith(MODELINE_PREFIX):
        return None
    found = _VERSIONED.match(first[len(MODELINE_PREFIX) :].strip())
    if found is None:
        return None
    digits = found.group(1).lstrip("0") or "0"
    return int(digits) if len(digits) <= 18 else 10**18
