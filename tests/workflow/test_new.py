"""`perfcode new`: every file written validates, and reads as expected (cases/new/*).

`expected.txt` holds what the command prints; `expected/` the files it writes, at their
repository paths, each ciphertext in them as the words it opens to (age encrypts with a
fresh key every time: `opened`).
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from example_org import HR, demo_key
from perfcode import layout
from perfcode import model as m
from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.io import identity
from perfcode.load.repository import load_repository
from perfcode.model.words import LOCK
from perfcode.problems import Problem
from perfcode.scaffold import new as scaffold
from perfcode.seal import age
from perfcode.workflow import workdays

from .conftest import REPO, UPDATE, Case, cases, compare, example, prepare

#: an ASCII-armoured age ciphertext, at its indentation in a YAML block scalar
_ARMOUR = re.compile(
    r"^(?P<indent>[ \t]*)-----BEGIN AGE ENCRYPTED FILE-----\n"
    r"(?:(?P=indent)[A-Za-z0-9+/=]+\n)*"
    r"(?P=indent)-----END AGE ENCRYPTED FILE-----\n",
    re.MULTILINE,
)


def opened(data: bytes) -> bytes:
    """DATA with each age ciphertext replaced by what HR's demo key opens it to (zhaomin
    is a policy owner: a reader of every confidential word), marked with the lock; a
    ciphertext that key cannot open fails the test."""
    secrets = identity.load(demo_key(HR)).secrets

    def one(found: re.Match[str]) -> str:
        plain = age.open_(found.group(0).replace(found.group("indent"), ""), secrets)
        assert plain is not None, "a value HR's demo key cannot open"
        return f"{found.group('indent')}{LOCK} {plain}\n"

    return _ARMOUR.sub(one, data.decode("utf-8")).encode("utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", cases("new"))
def test_new(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path / "repo")
    prepare(case, root)
    before = _files(root)
    # what a case's changes make wrong before the command (people's keys removed: the
    # example's words are then sealed to readers who no longer list one): not the scaffold's
    already = (
        {(p.path, p.code, p.pointer) for p in check_repository(root).problems}
        if case.patch is not None
        else set()
    )
    code = main(["new", *case.args, "--root", str(root)])
    out = capsys.readouterr()
    assert code == case.exit, out.err
    compare(case, "expected.txt", out.out + out.err)
    after = _files(root)
    assert all(after[path] == data for path, data in before.items()), "a file was overwritten"
    written = {path: opened(after[path]) for path in after.keys() - before.keys()}
    expected = case.folder / "expected"
    if UPDATE:
        for path, data in written.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_bytes(data)
    wanted = _files(expected) if expected.is_dir() else {}
    assert written == wanted
    if written:
        problems = [
            p
            for p in check_repository(root).problems
            if not p.path.endswith("/results.yaml") and (p.path, p.code, p.pointer) not in already
        ]
        # a scaffold holds placeholders until people write what they agreed: a warning at
        # each (PC069 in a contract, PC091 in goals), never an error
        placeholders = [p for p in problems if p.code in PLACEHOLDER_CODES]
        assert all(p.severity.value == "warning" for p in placeholders)
        checked = {  # the files whose placeholders validate warns about
            path: data
            for path, data in written.items()
            if "/contracts/" in path or path.endswith("/goals.yaml")
        }
        if checked:
            marks = [mark.encode() for mark in m.PLACEHOLDERS.values()]
            holds = any(mark in data for data in checked.values() for mark in marks)
            assert bool(placeholders) == holds
        problems = [p for p in problems if p.code not in PLACEHOLDER_CODES]
        # words written plain because none of their readers has a key (the file says so,
        # and `perfcode edit` seals them): validate says they are plain (PC110), and who
        # has no key (PC113, a warning)
        plain = {path for path, data in written.items() if b"perfcode edit" in data}
        problems = [
            p
            for p in problems
            if not (p.code == "PC113" or (p.code == "PC110" and p.path in plain))
        ]
        assert problems == [], "the scaffold does not validate"


#: cycle ids of every kind, near the edges of the years records may hold (1900 to 2199):
#: those that can be copied from 2026-H2 ...
COPIED = [
    *("2027", "2027-H1", "2027-H2", "2027-Q1", "2027-Q4", "2027-01", "2027-07", "2027-12"),
    *("2150-H1", "2199-H1", "2199-Q2", "2199-05", "2199-06"),
]
#: ... and those that cannot: phases past 2199 (2199-H2 and the year 2199 calibrate in
#: January 2200), years out of range, not after 2026-H2, existing already, not a cycle id
REFUSED = [
    *("2199", "2199-H2", "2199-12", "2200", "2200-H1", "9999", "9999-H2", "9999-12"),
    *("0000", "0001", "1899-H2", "1900", "2026-H1", "2026-H2", "2027-13", "２０２７-H1"),
]
CYCLE_IDS = COPIED + REFUSED


#: the warnings a scaffold's placeholders give until people write them (contract, goals)
PLACEHOLDER_CODES = {"PC069", "PC091"}


def unwritten(root: Path) -> list[Problem]:
    """The problems of ROOT besides the placeholders a scaffold leaves to write (each a
    warning, never an error)."""
    found = check_repository(root).problems
    assert all(p.severity.value == "warning" for p in found if p.code in PLACEHOLDER_CODES)
    return [p for p in found if p.code not in PLACEHOLDER_CODES]


def without_cycles(target: Path, language: str = "zh") -> Path:
    """The example's people (its organisation speaking LANGUAGE) and no cycle yet: where a
    first cycle starts."""
    root = example(target)
    shutil.rmtree(root / "cycles")
    org = root / "people" / "org.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("\nlanguage: zh\n", f"\nlanguage: {language}\n"), encoding="utf-8")
    return root


def _on_working_days(root: Path, cycle_id: str, *, gapless: bool = True) -> None:
    """The written phases start and end on working days of the written policy's
    calendar, in order, each ending on or after its start; GAPLESS (the source had no
    working day outside its phases), every working day up to closed in a phase."""
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None
    days = workdays.Calendar.of(policy)
    starts = [date.fromisoformat(phase.start) for phase in policy.phases]
    assert starts == sorted(starts)
    for phase in policy.phases:
        assert days.is_working_day(date.fromisoformat(phase.start)), phase
        if phase.end is not None:
            assert days.is_working_day(date.fromisoformat(phase.end)), phase
            assert phase.end >= phase.start
    if not gapless:
        return
    spans = [
        (date.fromisoformat(p.start), date.fromisoformat(p.end or p.start)) for p in policy.phases
    ]
    day, last = spans[0][0], spans[-1][0]
    while day < last:
        if days.is_working_day(day):
            assert any(first <= day <= end for first, end in spans), (cycle_id, day)
        day += timedelta(days=1)


@pytest.mark.parametrize("cycle_id", CYCLE_IDS)
def test_new_cycle_validates_or_refuses(
    cycle_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the cycle id, `new cycle` writes a policy and goals that validate, its
    phases on working days, or refuses in one sentence (exit 2) and writes nothing."""
    root = example(tmp_path / "repo")
    before = _files(root)
    code = main(["new", "cycle", cycle_id, "--from", "2026-H2", "--root", str(root)])
    out, err = capsys.readouterr()
    written = _files(root).keys() - before.keys()
    assert code == (0 if cycle_id in COPIED else 2), err
    if code == 0:
        made = [f"cycles/{cycle_id}/cycle.yaml", f"cycles/{cycle_id}/goals.yaml"]
        assert out == "".join(f"已写入 {path}\n" for path in made) and err == ""  # zh
        assert written == set(made)
        problems = [p for p in unwritten(root) if not p.path.endswith("/results.yaml")]
        assert problems == [], "the new policy does not validate"
        _on_working_days(root, cycle_id)
    else:
        assert out == "" and err.startswith("perfcode: ") and err.count("\n") == 1
        assert "internal error" not in err
        assert written == set()


@pytest.mark.parametrize("cycle_id", ["2199-H2", "9999-H2"])
def test_new_cycle_says_why_it_refuses_a_year_out_of_reach(
    cycle_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = example(tmp_path / "repo")
    assert main(["new", "cycle", cycle_id, "--from", "2026-H2", "--root", str(root)]) == 2
    assert "outside the years perfcode holds records for (1900 to 2199)" in capsys.readouterr().err


#: the title a cycle id gives, in the policy's language (the organisation's, for a template)
TITLES = [
    ("2027", "zh", "2027年度绩效考核"),
    ("2027-H1", "zh", "2027年上半年绩效考核"),
    ("2027-H2", "zh", "2027年下半年绩效考核"),
    ("2027-Q3", "zh", "2027年第三季度绩效考核"),
    ("2027-07", "zh", "2027年7月绩效考核"),
    ("2027-12", "zh", "2027年12月绩效考核"),
    ("2027", "en", "2027 performance review"),
    ("2027-H1", "en", "2027 H1 performance review"),
    ("2027-Q3", "en", "2027 Q3 performance review"),
    ("2027-07", "en", "July 2027 performance review"),
    ("2027-12", "en", "December 2027 performance review"),
]


@pytest.mark.parametrize(("cycle_id", "language", "title"), TITLES)
def test_new_cycle_titles_itself_from_its_id(
    cycle_id: str, language: str, title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = without_cycles(tmp_path / "repo", language)
    assert main(["new", "cycle", cycle_id, "--template", "contract", "--root", str(root)]) == 0
    capsys.readouterr()
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None and (policy.title, policy.language) == (title, language)
    assert unwritten(root) == []
    _on_working_days(root, cycle_id)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("template", scaffold.POLICY_TEMPLATES)
def test_policy_templates_validate_as_written(template: str, language: str, tmp_path: Path) -> None:
    """Each built-in policy template is a complete cycle.yaml of its own period (a half, a
    year, a month) that validates as written, in the language of its folder, its one
    contract template named after it."""
    text = scaffold.policy_template(template, language)
    tree = yaml.safe_load(text)
    period = (tree["period"]["start"], tree["period"]["end"])
    cycle_id = next(
        c
        for c in ("2026", "2026-H1", "2026-H2", *(f"2026-{n:02}" for n in range(1, 13)))
        if layout.cycle_bounds(c) == period
    )
    root = example(tmp_path / "repo")
    shutil.rmtree(root / "cycles")
    (root / "cycles" / cycle_id).mkdir(parents=True)
    body = text.split("\n", 1)[1]
    (root / "cycles" / cycle_id / "cycle.yaml").write_text(
        layout.modeline("cycle", 2) + body, encoding="utf-8"
    )
    assert unwritten(root) == []
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None and policy.language == language
    assert [t.id for t in policy.templates] == [template]


#: an id of every kind for a first cycle from each template: years (2028 a leap year),
#: halves, quarters, months (February 2028 a leap one)
FIRST_IDS = [
    *("2027", "2028", "2027-H1", "2027-H2", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"),
    *("2027-01", "2027-02", "2028-02", "2027-07", "2027-12"),
]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("cycle_id", FIRST_IDS)
@pytest.mark.parametrize("template", scaffold.POLICY_TEMPLATES)
def test_new_cycle_from_a_template_leaves_no_working_day_outside_its_phases(
    template: str, cycle_id: str, language: str, tmp_path: Path
) -> None:
    """Phases that followed each other in the template still do on the new period's
    working days: the first starts on the period's first working day, and every working
    day up to closed lies in a phase (template contract for 2027 once left 2028-01-03,
    2028-01-10 and 2028-01-31 in none); every start and end a working day; it validates."""
    root = without_cycles(tmp_path / "repo", language)
    args = ["new", "cycle", cycle_id, "--template", template, "--root", str(root)]
    assert main(args) == 0
    assert unwritten(root) == []
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None
    days = workdays.Calendar.of(policy)
    first = workdays.working_day_on_or_after(date.fromisoformat(policy.period_start), days)
    assert policy.phases[0].start == first.isoformat()
    _on_working_days(root, cycle_id)


@pytest.mark.parametrize(
    ("cycle_id", "source"),
    [("2027-H1", "2026-H2"), ("2026-Q3", "2026-H1"), ("2027-Q1", "2026-H2"), ("2027", "2026-H2")],
)
def test_new_cycle_from_a_cycle_leaves_no_working_day_outside_its_phases(
    cycle_id: str, source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy keeps the source's phases following each other (2026-Q3 from 2026-H1 once
    started goal setting on 07-03, leaving 07-01 and 07-02 in no phase)."""
    root = example(tmp_path / "repo")
    assert main(["new", "cycle", cycle_id, "--from", source, "--root", str(root)]) == 0, (
        capsys.readouterr().err
    )
    assert [p for p in unwritten(root) if not p.path.endswith("/results.yaml")] == []
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None and policy.previous == source
    assert (
        policy.phases[0].start
        == workdays.working_day_on_or_after(
            date.fromisoformat(policy.period_start), workdays.Calendar.of(policy)
        ).isoformat()
    )
    _on_working_days(root, cycle_id)


def _rollup_quarter(target: Path) -> Path:
    """The scoring case of a quarter rolled up from its months alone (2026-Q1 from
    2026-01, 2026-02, 2026-03), with the schemas."""
    shutil.copytree(REPO / "tests" / "scoring" / "cases" / "pure-rollup-quarter", target)
    shutil.copytree(REPO / "schemas", target / "schemas")
    return target


def _rolled_up(root: Path, cycle_id: str) -> list[list[str]]:
    policy = load_repository(root)[0].cycles[cycle_id].policy
    assert policy is not None
    return [list(c.cycles) for t in policy.templates for c in t.rollup if c.source == "cycles"]


def test_new_cycle_rolls_up_its_own_sub_cycles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quarter copied from a quarter rolled up from its months rolls up the new
    quarter's months (2026-Q2: 2026-04, 2026-05, 2026-06), not the old quarter's; until
    those months exist it is refused, nothing written. Each month copies the month before
    (2026-04 from 2026-03, not from 2026-Q1, which also ended before it), the quarter the
    quarter before."""
    root = _rollup_quarter(tmp_path / "repo")
    assert unwritten(root) == []
    before = _files(root)
    assert main(["new", "cycle", "2026-Q2", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "rolls up 2026-04, 2026-05, 2026-06" in err and err.count("\n") == 1
    assert "start 2026-04, 2026-05, 2026-06 first" in err
    assert _files(root) == before
    for month in ("2026-04", "2026-05", "2026-06"):
        assert main(["new", "cycle", month, "--root", str(root)]) == 0
        policy = load_repository(root)[0].cycles[month].policy
        assert policy is not None and policy.previous == f"2026-{int(month[5:]) - 1:02}"
    assert main(["new", "cycle", "2026-Q2", "--root", str(root)]) == 0
    capsys.readouterr()
    policy = load_repository(root)[0].cycles["2026-Q2"].policy
    assert policy is not None and policy.previous == "2026-Q1"
    assert _rolled_up(root, "2026-Q2") == [["2026-04", "2026-05", "2026-06"]]
    assert unwritten(root) == []
    _on_working_days(root, "2026-Q2", gapless=False)  # the source's phases leave gaps


@pytest.mark.parametrize(
    ("cycle_id", "months"),
    [("2026-H2", [f"2026-{n:02}" for n in range(7, 13)]), ("2027", [])],
)
def test_new_cycle_longer_rolls_up_all_its_sub_cycles_of_the_kind(
    cycle_id: str, months: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A period of another length from a quarter of months rolls up all of its own
    months: 2026-H2 its six (once they exist)."""
    root = _rollup_quarter(tmp_path / "repo")
    wanted = months or [f"{cycle_id}-{n:02}" for n in range(1, 13)]
    assert main(["new", "cycle", cycle_id, "--from", "2026-Q1", "--root", str(root)]) == 2
    assert f"rolls up {', '.join(wanted)}" in capsys.readouterr().err
    for month in wanted:
        assert main(["new", "cycle", month, "--from", "2026-03", "--root", str(root)]) == 0
    assert main(["new", "cycle", cycle_id, "--from", "2026-Q1", "--root", str(root)]) == 0
    capsys.readouterr()
    assert _rolled_up(root, cycle_id) == [wanted]
    assert unwritten(root) == []


def test_new_cycle_refuses_a_roll_up_it_cannot_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A month cannot roll up months: a month copied from the quarter is refused."""
    root = _rollup_quarter(tmp_path / "repo")
    before = _files(root)
    assert main(["new", "cycle", "2026-07", "--from", "2026-Q1", "--root", str(root)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert 'the template "quarterly" rolls up 2026-01, 2026-02, 2026-03' in err
    assert "write cycles/2026-07/cycle.yaml by hand" in err
    assert _files(root) == before
