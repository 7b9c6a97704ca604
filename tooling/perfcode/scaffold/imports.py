"""A sheet's rows → person records, the org's departments and a cycle's goals
(`perfcode import people|goals`). Pure: the sheet (`perfcode.io.sheets.Sheet`), the
repository and the text of the records it changes in; the files to write, what changed
and the problems out. The command reads and writes; the result is validated there, as a
whole repository, before anything is written.

The columns HR's sheets use are `PEOPLE_COLUMNS` and `GOAL_COLUMNS` (Chinese and English
names, matched without regard to case, spaces, `_` or `-`), the one table of them: the
README's table is checked against it. Columns the import does not know are left out and
named in the report. An empty cell leaves the record's value as it is: the import never
removes a value, a record or a goal.

Which record a row is: the `账号`/`id` column when the sheet has one; else the person
whose employee number the row gives, else the one with the row's GitHub login; a new
person's id is their GitHub login in lower case (people/<login>.yaml), the login being
what signs their records anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from perfcode import layout
from perfcode import model as m
from perfcode.io import roundtrip
from perfcode.io import yaml as yamlio
from perfcode.io.sheets import Sheet
from perfcode.problems import Problem, error, quoted, shown

ORG_PATH = "people/org.yaml"


@dataclass(frozen=True, slots=True)
class Column:
    """One column an import reads: KEY is the record's field it fills."""

    key: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    means: str
    #: a sheet without this column cannot be imported
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.zh, *self.en)


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        ("账号",),
        ("id", "account"),
        "the person's id, the name of their file in people/ (optional: see below)",
    ),
    Column(
        "employee_number",
        ("工号",),
        ("employee number", "employee no"),
        "the employee number payroll keys on (text: leading zeros stay)",
    ),
    Column("name", ("姓名",), ("name",), "the full name"),
    Column(
        "department",
        ("部门",),
        ("department",),
        "the department's id or name; one not in people/org.yaml is added to it",
    ),
    Column(
        "manager",
        ("直接上级",),
        ("manager",),
        "the manager's employee number, id or name (a name only when one person has it)",
    ),
    Column("title", ("职务",), ("title", "job title"), "the job title"),
    Column(
        "group",
        ("人员类别",),
        ("group",),
        "the population group's id or name in people/org.yaml",
    ),
    Column(
        "joined",
        ("入职日期",),
        ("joined", "join date"),
        "the day they joined: 2026-01-05, 2026/1/5, 2026年1月5日 or an Excel date",
    ),
    Column("left", ("离职日期",), ("left", "leave date"), "the day they left, as joined"),
    Column("email", ("邮箱",), ("email", "e-mail"), "the work e-mail address"),
    Column("github", ("GitHub",), ("github login",), "the GitHub login that signs their records"),
)

GOAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "department",
        ("部门",),
        ("department",),
        "empty, 公司 or company for a company goal; else the department's id or name",
    ),
    Column(
        "id", ("目标编号", "编号"), ("id", "goal id"), "the goal's id, unique in the cycle", True
    ),
    Column("title", ("目标",), ("title", "goal"), "the goal"),
    Column("measure", ("衡量标准",), ("measure",), "how its achievement is measured"),
    Column(
        "supports",
        ("支撑目标",),
        ("supports",),
        "the company goals it supports: ids separated by commas, 、 or spaces",
    ),
)

#: a person record's fields in the schema's order (a field added by the import goes there)
PERSON_FIELDS = (
    "name",
    "github",
    "employee_number",
    "email",
    "title",
    "department",
    "manager",
    "group",
    "joined",
    "left",
)
#: what a new person's record needs (the schema's required fields)
NEW_PERSON_NEEDS = ("name", "github", "title", "department", "group", "joined")
GOAL_FIELDS = ("id", "title", "measure", "supports")
COMPANY_WORDS = frozenset({"", "公司", "company", "全公司"})

_ID = re.compile(rf"^{layout.ID}\Z")
_GITHUB = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\Z")
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}\Z")
#: the cells checked by their form alone (the id lower-cased first): the form, and the
#: sentence that says what it should be ({} the value as written)
_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "id": (
        _ID,
        "the id {} is not an id: lower-case letters, digits, - and _ "
        "(at most 40, starting with a letter or digit)",
    ),
    "employee_number": (
        _NUMBER,
        "the employee number {} is not one: letters, digits, - and _ (at most 32)",
    ),
    "github": (
        _GITHUB,
        "{} is not a GitHub login: letters, digits and single hyphens, at most 39",
    ),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\Z")
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def normal(header: str) -> str:
    """A header as it is compared: case, spaces, `_` and `-` do not matter."""
    return re.sub(r"[\s_\-]+", "", header.replace("\ufeff", "")).casefold()


def day(text: str) -> str | None:
    """TEXT as YYYY-MM-DD (2026/1/5, 2026.1.5, 2026年1月5日 too), or None."""
    found = _DATE.match(text)
    if found is None:
        return None
    iso = f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}"
    return iso if layout.parse_day(iso) is not None else None


# --- what an import found -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Changed:
    """One record (or goal) and what the import does to it."""

    what: str  # a person id or a goal id
    path: str
    action: str  # created | updated | unchanged | left
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    problems: tuple[Problem, ...]
    files: Mapping[str, str]  # repository path → the text to write
    changes: tuple[Changed, ...] = ()
    #: in the records, not in the sheet (never removed): (id, path)
    missing: tuple[tuple[str, str], ...] = ()
    #: departments added to people/org.yaml
    departments: tuple[m.Department, ...] = ()
    #: header cells the import does not read
    ignored: tuple[str, ...] = ()


class _Cells:
    """Problems at a sheet's cells, in the order found (rows, then columns)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.found: list[tuple[int, int, Problem]] = []

    @property
    def problems(self) -> list[Problem]:
        """In the sheet's order: by row, then column (several at one cell as found)."""
        return [p for _, _, p in sorted(self.found, key=lambda f: (f[0], f[1]))]

    def add(self, index: int, column: int, code: str, message: str) -> None:
        sheet = self.sheet
        if sheet.name is None:  # CSV: file:line:column, as every problem
            problem = error(sheet.shown, code, message).at(sheet.numbers[index], column)
        else:
            problem = error(sheet.where(index, column), code, message)
        self.found.append((index, column, problem))


@dataclass(slots=True)
class _Header:
    columns: dict[str, int] = field(default_factory=dict)  # key → column (from 1)
    ignored: list[str] = field(default_factory=list)


def _header(sheet: Sheet, table: Sequence[Column], cells: _Cells) -> _Header:
    header = _Header()
    if not sheet.rows:
        empty = error(sheet.shown, "PC098", "the sheet is empty: no header row")
        cells.found.append((0, 0, empty))
        return header
    names = {normal(name): column.key for column in table for name in column.names}
    for number, text in enumerate(sheet.rows[0], start=1):
        if not text:
            continue
        key = names.get(normal(text))
        if key is None:
            header.ignored.append(text)
        elif key in header.columns:
            first = sheet.rows[0][header.columns[key] - 1]
            cells.add(
                0,
                number,
                "PC098",
                f"the column {quoted(text)} says again what {quoted(first)} says: keep one",
            )
        else:
            header.columns[key] = number
    for column in table:
        if column.required and column.key not in header.columns:
            cells.add(0, 1, "PC098", f"the sheet has no column {_either(column)}, which it needs")
    if len(sheet.rows) == 1:
        nothing = error(
            sheet.shown,
            "PC107",
            "the sheet has a header row and no rows under it: there is nothing to import "
            "(is it the right sheet?)",
        )
        cells.found.append((0, 0, nothing))
    return header


def _either(column: Column) -> str:
    return " or ".join(quoted(n) for n in (column.zh[0], column.en[0]))


def _row(sheet: Sheet, index: int, header: _Header) -> dict[str, str]:
    row = sheet.rows[index]
    return {
        key: row[number - 1] if number - 1 < len(row) else ""
        for key, number in header.columns.items()
    }


# --- people ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    """One row, as the import reads it."""

    index: int
    values: dict[str, str]  # the row's non-empty cells, checked and normalised
    id: str | None = None
    existing: m.Person | None = None


def _names(values: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, pid in values:
        found.setdefault(key, [])
        if pid not in found[key]:
            found[key].append(pid)
    return found


def import_people(
    sheet: Sheet,
    repo: m.Repository,
    texts: Mapping[str, str],
    *,
    mark_left: str | None = None,
) -> Outcome:
    """The people of SHEET as records: created, updated or unchanged; the departments it
    names that people/org.yaml lacks, added; everyone in people/ the sheet leaves out,
    reported (and given `left: MARK_LEFT` when set and they have not left). TEXTS: the
    current text of people/org.yaml and of each person's record. Any problem: no files."""
    cells = _Cells(sheet)
    header = _header(sheet, PEOPLE_COLUMNS, cells)
    col = header.columns
    if sheet.rows and "name" not in col and "id" not in col and "employee_number" not in col:
        cells.add(0, 1, "PC098", "the sheet has no column 姓名 or name, 账号 or id, 工号 or number")
    if sheet.rows and "id" not in col and "github" not in col and "employee_number" not in col:
        cells.add(
            0,
            1,
            "PC098",
            "the sheet has no column that says who a row is: 账号 or id, 工号 or employee "
            "number, or GitHub",
        )
    if cells.found:
        return Outcome(tuple(cells.problems), {}, ignored=tuple(header.ignored))
    org = repo.org
    assert org is not None, "the command refuses a repository without people/org.yaml"
    rows = [_read_person(sheet, i, header, cells) for i in range(1, len(sheet.rows))]
    _identify(rows, repo, header, cells)
    by_id = {row.id: row for row in rows if row.id is not None}
    departments, added = _departments(rows, org, header, cells)
    _groups(rows, org, header, cells)
    _managers(rows, repo, by_id, header, cells)
    _unique(rows, repo, by_id, header, cells)
    finals = _finals(rows, header, cells)
    if cells.found:
        return Outcome(tuple(cells.problems), {}, ignored=tuple(header.ignored))
    files: dict[str, str] = {}
    changes: list[Changed] = []
    for row in rows:
        assert row.id is not None
        path = f"people/{row.id}.yaml"
        record = finals[row.id]
        if row.existing is None:
            data = {k: record[k] for k in PERSON_FIELDS if record.get(k)}
            files[path] = layout.modeline("person", 1) + yamlio.dump(data)
            changes.append(Changed(row.id, path, "created"))
            continue
        changed = {
            k: v for k, v in record.items() if v and v != getattr(row.existing, k) and k != "id"
        }
        if changed:
            files[path] = roundtrip.set_fields(texts[path], changed, PERSON_FIELDS)
            fields = tuple(k for k in PERSON_FIELDS if k in changed)
            changes.append(Changed(row.id, path, "updated", fields))
        else:
            changes.append(Changed(row.id, path, "unchanged"))
    missing: list[tuple[str, str]] = []
    for pid, person in sorted(repo.people.items()):
        if pid in by_id:
            continue
        missing.append((pid, person.path))
        if mark_left is not None and person.left is None:
            files[person.path] = roundtrip.set_fields(
                texts[person.path], {"left": mark_left}, PERSON_FIELDS
            )
            changes.append(Changed(pid, person.path, "left", ("left",)))
    too_many = _too_many_left(sheet, repo, [c.what for c in changes if c.action == "left"])
    if too_many is not None:
        return Outcome((too_many,), {}, ignored=tuple(header.ignored))
    new = _new_departments(added, departments, rows, finals, repo)
    if new:
        files[ORG_PATH] = roundtrip.append_items(
            texts[ORG_PATH],
            "departments",
            [
                {"id": d.id, "name": d.name, "head": d.head}
                | ({"parent": d.parent} if d.parent else {})
                for d in new
            ],
        )
    return Outcome((), files, tuple(changes), tuple(missing), tuple(new), tuple(header.ignored))


def _too_many_left(sheet: Sheet, repo: m.Repository, leaving: Sequence[str]) -> Problem | None:
    """PC108 when `--mark-left` would mark a policy owner left, or more than half of the
    people who have not left: then the sheet is a part of the staff list (one department's,
    a filtered view), not all of it, and marking the rest left would empty the registry."""
    if not leaving:
        return None
    owners = [pid for pid in leaving if repo.org is not None and pid in repo.org.policy_owners]
    here = sum(1 for p in repo.people.values() if p.left is None)
    if not owners and 2 * len(leaving) <= here:
        return None
    one = len(owners) == 1
    owner = (
        f"the policy owner{'' if one else 's'} {', '.join(owners)} (who sign{'s' if one else ''}"
    )
    many = 2 * len(leaving) > here
    reasons = [
        f"{len(leaving)} of the {here} people who have not left" if many else "",
        f"{owner} the policies and the results)" if owners else "",
    ]
    why = ", among them ".join(r for r in reasons if r)
    return error(
        sheet.shown,
        "PC108",
        f"--mark-left would set left: for {why}, because the sheet leaves them out: it looks "
        "like part of the staff list, not all of it. Import the full list, or write left: "
        "in the records of those who really left",
    )


def _read_person(sheet: Sheet, index: int, header: _Header, cells: _Cells) -> _Person:
    """A row's cells checked for their form; bad ones are problems and left out."""
    raw = _row(sheet, index, header)
    values: dict[str, str] = {}
    for key, text in raw.items():
        if not text:
            continue
        column = header.columns[key]
        value: str | None = text.lower() if key == "id" else text
        if key in _FORMS:
            form, says = _FORMS[key]
            if value is None or not form.match(value):
                cells.add(index, column, "PC099", says.format(quoted(text)))
                value = None
        elif key == "email":
            if not _EMAIL.match(text) or len(text) > 254:
                cells.add(index, column, "PC099", f"{quoted(text)} is not an e-mail address")
                value = None
        elif key in ("joined", "left"):
            value = day(text)
            if value is None:
                cells.add(
                    index,
                    column,
                    "PC099",
                    f"{quoted(text)} is not a date: write it 2026-01-05 (or 2026/1/5)",
                )
        elif key in ("name", "title") and len(text) > 200:
            cells.add(index, column, "PC099", f"the {key} is longer than 200 characters")
            value = None
        if value is not None:
            values[key] = value
    return _Person(index, values)


def _identify(rows: list[_Person], repo: m.Repository, header: _Header, cells: _Cells) -> None:
    """Each row's person id: the id column's, else the record with the row's employee
    number, else the one with its GitHub login, else (a new person) the login."""
    numbers = {p.employee_number: p.id for p in repo.people.values() if p.employee_number}
    logins = {p.github.lower(): p.id for p in repo.people.values()}
    seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        if "id" in v:
            row.id = v["id"]
        elif v.get("employee_number") in numbers:
            row.id = numbers[v["employee_number"]]
        elif v.get("github", "").lower() in logins:
            row.id = logins[v["github"].lower()]
        elif "github" in v:
            row.id = v["github"].lower()
            if not _ID.match(row.id):  # a 40th character (logins hold 39, ids 40: never)
                cells.add(row.index, header.columns["github"], "PC099", "no id from this login")
                row.id = None
        elif not any(key in header.columns for key in ("id", "github")):
            cells.add(
                row.index,
                header.columns.get("employee_number", 1),
                "PC100",
                "no one in people/ has this employee number, and without a column 账号/id or "
                "GitHub a new person has no id: add one of those columns",
            )
        elif not _failed_at(cells, row.index, header, ("id", "github", "employee_number")):
            where = header.columns.get("github", header.columns.get("id", 1))
            cells.add(row.index, where, "PC099", "empty: the row needs an id or a GitHub login")
        if row.id is None:
            continue
        if row.id in layout.RESERVED_IDS or layout.device_name(row.id):
            cells.add(
                row.index,
                header.columns.get("id" if "id" in v else "github", _who_column(header)),
                "PC099",
                f"{quoted(row.id)} cannot be a person's id: {_reserved(row.id)}; give this "
                "person another id",
            )
            row.id = None
            continue
        if row.id in seen:
            cells.add(
                row.index,
                _who_column(header),
                "PC100",
                f"this row is about {row.id} again (row {cells.sheet.numbers[seen[row.id]]} "
                "is too): one row per person",
            )
        else:
            seen[row.id] = row.index
        row.existing = repo.people.get(row.id)


def _reserved(person_id: str) -> str:
    """Why PERSON_ID is no one's (layout.RESERVED_IDS, a Windows device name)."""
    if person_id == layout.ORG_ID:
        return "people/org.yaml is the organisation's file, not a person's"
    if person_id == m.AGGREGATED:
        return f"a review file <role>-{person_id}.yaml is HR's aggregate of several raters"
    return f"Windows keeps the name {person_id} for a device: no file can be called so there"


def _who_column(header: _Header) -> int:
    for key in ("id", "employee_number", "github"):
        if key in header.columns:
            return header.columns[key]
    return 1


def _failed_at(cells: _Cells, index: int, header: _Header, keys: Sequence[str]) -> bool:
    """Whether a problem is already reported at one of the row's cells KEYS."""
    spots = {cells.sheet.where(index, header.columns[k]) for k in keys if k in header.columns}
    return any(
        (p.path if cells.sheet.name else f"{p.path}:{p.line}:{p.column}") in spots
        for _, _, p in cells.found
    )


def _departments(
    rows: list[_Person], org: m.Org, header: _Header, cells: _Cells
) -> tuple[list[m.Department], set[str]]:
    """Each row's department as an id; a department the org lacks is added (its id the
    name when the name is an id, else dept-N; head and parent worked out later)."""
    departments = list(org.departments)
    ids = {d.id for d in departments}
    names = _names((d.name, d.id) for d in departments)
    added: set[str] = set()
    for row in rows:
        text = row.values.get("department")
        if text is None:
            continue
        if text in ids:
            continue
        if len(names.get(text, ())) == 1:
            row.values["department"] = names[text][0]
            continue
        if len(names.get(text, ())) > 1:
            cells.add(
                row.index,
                header.columns["department"],
                "PC100",
                f"more than one department is called {quoted(text)} "
                f"({', '.join(names[text])}): write its id",
            )
            del row.values["department"]
            continue
        if len(text) > 200:
            cells.add(row.index, header.columns["department"], "PC099", "longer than 200")
            del row.values["department"]
            continue
        new_id = text.lower() if _ID.match(text.lower()) else _free(ids, "dept-")
        departments.append(m.Department(new_id, text, "", None))
        ids.add(new_id)
        added.add(new_id)
        names[text] = [new_id]
        row.values["department"] = new_id
    return departments, added


def _free(taken: set[str], prefix: str) -> str:
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _groups(rows: list[_Person], org: m.Org, header: _Header, cells: _Cells) -> None:
    ids = {g.id for g in org.groups}
    names = _names((g.name, g.id) for g in org.groups)
    for row in rows:
        text = row.values.get("group")
        if text is None or text in ids:
            continue
        if len(names.get(text, ())) == 1:
            row.values["group"] = names[text][0]
            continue
        known = ", ".join(f"{g.id} ({g.name})" for g in org.groups) or "none"
        cells.add(
            row.index,
            header.columns["group"],
            "PC100",
            f"there is no group {quoted(text)} in people/org.yaml (groups: {shown(known)})",
        )
        del row.values["group"]


def _managers(
    rows: list[_Person],
    repo: m.Repository,
    by_id: Mapping[str, _Person],
    header: _Header,
    cells: _Cells,
) -> None:
    """Each row's manager as an id: by employee number, id or a name one person has (the
    sheet's people as the sheet gives them, the others as people/ has them)."""
    numbers: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    ids = set(repo.people) | set(by_id)
    everyone: dict[str, tuple[str | None, str | None]] = {
        pid: (p.employee_number, p.name) for pid, p in repo.people.items()
    }
    for pid, row in by_id.items():
        old = everyone.get(pid, (None, None))
        everyone[pid] = (
            row.values.get("employee_number", old[0]),
            row.values.get("name", old[1]),
        )
    for pid, (number, name) in sorted(everyone.items()):
        if number:
            numbers.setdefault(number, []).append(pid)
        if name:
            names.setdefault(name, []).append(pid)
    for row in rows:
        text = row.values.get("manager")
        if text is None:
            continue
        column = header.columns["manager"]
        found = numbers.get(text) or ([text.lower()] if text.lower() in ids else None)
        found = found or names.get(text)
        if not found:
            cells.add(
                row.index,
                column,
                "PC100",
                f"no one has the employee number, id or name {quoted(text)}, in the sheet or "
                "in people/",
            )
        elif len(found) > 1:
            cells.add(
                row.index,
                column,
                "PC100",
                f"{len(found)} people are called {quoted(text)} ({', '.join(found)}): write the "
                "manager's employee number or id",
            )
        elif found[0] == row.id:
            cells.add(row.index, column, "PC099", "a person cannot be their own manager")
        else:
            row.values["manager"] = found[0]
            continue
        del row.values["manager"]


def _unique(
    rows: list[_Person],
    repo: m.Repository,
    by_id: Mapping[str, _Person],
    header: _Header,
    cells: _Cells,
) -> None:
    """An employee number or GitHub login the sheet gives someone is not anyone else's
    (as the records will be after the import)."""
    for key, fold in (("employee_number", str), ("github", str.lower)):
        owner: dict[str, str] = {}
        for pid, person in repo.people.items():
            if pid not in by_id or key not in by_id[pid].values:
                value = getattr(person, key)
                if value:
                    owner[fold(value)] = pid
        for row in rows:
            value = row.values.get(key)
            if value is None or row.id is None:
                continue
            other = owner.get(fold(value))
            if other is not None and other != row.id:
                what = "employee number" if key == "employee_number" else "GitHub login"
                cells.add(
                    row.index,
                    header.columns[key],
                    "PC100",
                    f"the {what} {quoted(value)} is {other}'s already: each person has their own",
                )
            else:
                owner[fold(value)] = row.id


def _finals(rows: list[_Person], header: _Header, cells: _Cells) -> dict[str, dict[str, str]]:
    """Each row's record fields after the import (the record's own where a cell is
    empty); a new person missing a field their record needs is a problem at that cell."""
    finals: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.id is None:
            continue
        if row.existing is None:
            record = dict(row.values)
            for key in NEW_PERSON_NEEDS:
                if key in record or _failed_at(cells, row.index, header, (key,)):
                    continue
                column = next(c for c in PEOPLE_COLUMNS if c.key == key)
                if key in header.columns:
                    cells.add(
                        row.index,
                        header.columns[key],
                        "PC099",
                        f"empty: {row.id} is new to people/, and a person's record needs "
                        f"{column.zh[0]} ({column.en[0]})",
                    )
                else:
                    cells.add(
                        row.index,
                        _who_column(header),
                        "PC098",
                        f"{row.id} is new to people/, and the sheet has no column "
                        f"{_either(column)}, which a person's record needs",
                    )
        else:
            record = {
                k: getattr(row.existing, k)
                for k in PERSON_FIELDS
                if getattr(row.existing, k) is not None
            }
            record.update(row.values)
        record.pop("id", None)
        finals[row.id] = record
    return finals


def _new_departments(
    added: set[str],
    departments: Sequence[m.Department],
    rows: Sequence[_Person],
    finals: Mapping[str, Mapping[str, str]],
    repo: m.Repository,
) -> list[m.Department]:
    """The departments the import adds, each headed by the first of its rows whose manager
    is outside it (or who has none), under that manager's department."""

    def department_of(pid: str) -> str | None:
        if pid in finals:
            return finals[pid].get("department")
        person = repo.people.get(pid)
        return person.department if person is not None else None

    made: list[m.Department] = []
    for d in departments:
        if d.id not in added:
            continue
        members = [r.id for r in rows if r.id is not None and department_of(r.id) == d.id]
        tops = [
            pid
            for pid in members
            if finals[pid].get("manager") is None or department_of(finals[pid]["manager"]) != d.id
        ]
        head = (tops or members)[0]
        manager = finals[head].get("manager")
        parent = department_of(manager) if manager is not None else None
        made.append(m.Department(d.id, d.name, head, parent if parent != d.id else None))
    return made


# --- goals ----------------------------------------------------------------------------------


def import_goals(sheet: Sheet, repo: m.Repository, cycle_id: str, text: str | None) -> Outcome:
    """The goals of SHEET in cycles/<CYCLE_ID>/goals.yaml (TEXT: its current text, None when
    there is none yet): a goal whose id is there is updated where its cells differ, a new
    one appended to its level (the company's, or its department's); goals the sheet leaves
    out are reported, never removed. Any problem: no files."""
    path = f"cycles/{cycle_id}/goals.yaml"
    cells = _Cells(sheet)
    header = _header(sheet, GOAL_COLUMNS, cells)
    if cells.found:
        return Outcome(tuple(cells.problems), {}, ignored=tuple(header.ignored))
    org = repo.org
    departments = org.departments if org is not None else ()
    ids = {d.id for d in departments}
    names = _names((d.name, d.id) for d in departments)
    cycle = repo.cycles.get(cycle_id)
    before = {g.id: g for g in cycle.goals.goals} if cycle and cycle.goals else {}
    rows: list[tuple[int, str | None, dict[str, str]]] = []  # index, department, values
    seen: dict[str, int] = {}
    for index in range(1, len(sheet.rows)):
        values = {k: v for k, v in _row(sheet, index, header).items() if v}
        level = values.pop("department", "")
        department: str | None = None
        if normal(level) not in COMPANY_WORDS:
            if level in ids:
                department = level
            elif len(names.get(level, ())) == 1:
                department = names[level][0]
            else:
                cells.add(
                    index,
                    header.columns["department"],
                    "PC100",
                    f"there is no department {quoted(level)} in people/org.yaml (write its id "
                    "or name; leave the cell empty for a company goal)",
                )
                continue
        goal_id = values.get("id", "")
        if not goal_id:
            cells.add(index, header.columns["id"], "PC099", "empty: every goal needs an id")
            continue
        if not _ID.match(goal_id):
            cells.add(
                index,
                header.columns["id"],
                "PC099",
                f"the goal id {quoted(goal_id)} is not an id: lower-case letters, digits, - "
                "and _ (at most 40)",
            )
            continue
        if goal_id in seen:
            cells.add(
                index,
                header.columns["id"],
                "PC100",
                f"the goal {goal_id} is in row {sheet.numbers[seen[goal_id]]} already: one row "
                "per goal",
            )
            continue
        seen[goal_id] = index
        old = before.get(goal_id)
        if old is not None and old.department != department:
            cells.add(
                index,
                header.columns.get("department", header.columns["id"]),
                "PC100",
                f"the goal {goal_id} is {_level(old.department)}'s in {path}, not "
                f"{_level(department)}'s: a goal keeps its level (give this one a new id)",
            )
            continue
        if old is None and not values.get("title"):
            where = header.columns.get("title", header.columns["id"])
            cells.add(index, where, "PC099", f"empty: the new goal {goal_id} needs its title")
            continue
        if len(values.get("title", "")) > 200 or len(values.get("measure", "")) > 500:
            where = header.columns["title" if len(values.get("title", "")) > 200 else "measure"]
            cells.add(index, where, "PC099", "too long (a title 200 characters, a measure 500)")
            continue
        rows.append((index, department, values))
    company = {g for g, o in before.items() if o.department is None}
    company |= {v["id"] for _, d, v in rows if d is None}
    for index, _department, values in rows:
        for goal in _SEPARATORS.split(values.get("supports", "")):
            if goal and goal not in company:
                cells.add(
                    index,
                    header.columns["supports"],
                    "PC100",
                    f"{quoted(goal)} is not a company goal of {cycle_id} (in the sheet or {path})",
                )
    if cells.found:
        return Outcome(tuple(cells.problems), {}, ignored=tuple(header.ignored))
    changes: list[Changed] = []
    updates: dict[str | None, dict[str, dict[str, object]]] = {}
    new: dict[str | None, list[dict[str, object]]] = {}
    for _index, department, values in rows:
        goal_id = values["id"]
        fields: dict[str, object] = {k: values[k] for k in ("title", "measure") if k in values}
        if "supports" in values:
            fields["supports"] = [g for g in _SEPARATORS.split(values["supports"]) if g]
        old = before.get(goal_id)
        if old is None:
            new.setdefault(department, []).append({"id": goal_id, **fields})
            changes.append(Changed(goal_id, path, "created"))
            continue
        current = {"title": old.title, "measure": old.measure, "supports": list(old.supports)}
        changed = {k: v for k, v in fields.items() if v != current[k]}
        if changed:
            updates.setdefault(department, {})[goal_id] = changed
            names_changed = tuple(k for k in GOAL_FIELDS if k in changed)
            changes.append(Changed(goal_id, path, "updated", names_changed))
        else:
            changes.append(Changed(goal_id, path, "unchanged"))
    missing = tuple((g, path) for g in before if g not in seen)
    if not updates and not new:
        return Outcome((), {}, tuple(changes), missing, ignored=tuple(header.ignored))
    result = text
    if result is None:
        result = layout.modeline("goals", 2) + yamlio.dump(
            {"company": new.pop(None, [])}
            | ({"departments": {d: new.pop(d) for d in sorted(new, key=str)}} if new else {})
        )
    for at in sorted({*updates, *new}, key=lambda d: d or ""):
        place = ["company"] if at is None else ["departments", at]
        result = roundtrip.edit_list_items(
            result, place, updates.get(at, {}), new.get(at, []), GOAL_FIELDS
        )
    return Outcome((), {path: result}, tuple(changes), missing, ignored=tuple(header.ignored))


def _level(department: str | None) -> str:
    return "the company" if department is None else f"department {department}"
