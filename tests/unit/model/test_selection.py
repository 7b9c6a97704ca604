"""Whose records a command looks at (`perfcode.model.selection`): `--department` takes the
department and every one below it, `--manager` the direct reports (`--all-levels`: the
whole chain below), both the people in both; mistakes are usage errors naming what is known."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from perfcode import model as m
from perfcode.errors import EXIT_USAGE, PerfcodeError
from perfcode.model.selection import Selection, people, reports, subtree

#  ceo (exec) ─┬─ cto (tech) ─┬─ dev1 (tech.web) ── intern (tech.web)
#              │              └─ dev2 (tech.app)
#              └─ cfo (fin) ──── clerk (fin)
#  qa (tech.web), managed by cfo: in cto's departments, not in cto's chain
STAFF = {
    "ceo": ("exec", None),
    "cto": ("tech", "ceo"),
    "dev1": ("web", "cto"),
    "intern": ("web", "dev1"),
    "dev2": ("app", "cto"),
    "cfo": ("fin", "ceo"),
    "clerk": ("fin", "cfo"),
    "qa": ("web", "cfo"),
}
DEPARTMENTS = {"exec": None, "tech": "exec", "web": "tech", "app": "tech", "fin": "exec"}


def _person(pid: str, department: str, manager: str | None) -> m.Person:
    return m.Person(
        path=f"people/{pid}.yaml",
        id=pid,
        name=pid.title(),
        github=pid,
        email=None,
        title="Staff",
        department=department,
        manager=manager,
        group="staff",
        joined="2026-01-01",
        left=None,
    )


def _repo(staff: Mapping[str, tuple[str, str | None]] = STAFF) -> m.Repository:
    org = m.Org(
        path="people/org.yaml",
        name="Example Ltd",
        language="en",
        policy_owners=("ceo",),
        groups=(m.Group("staff", "Staff"),),
        departments=tuple(
            m.Department(d, d.title(), "ceo", parent) for d, parent in DEPARTMENTS.items()
        ),
    )
    return m.Repository(
        root=".",
        org=org,
        people={pid: _person(pid, d, boss) for pid, (d, boss) in staff.items()},
        cycles={},
        documents=len(staff) + 1,
    )


def test_no_option_is_everyone() -> None:
    assert Selection().everyone
    assert people(_repo(), Selection()) is None


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(manager="cto"), {"dev1", "dev2"}),
        (Selection(manager="cto", all_levels=True), {"dev1", "dev2", "intern"}),
        (Selection(manager="ceo", all_levels=True), set(STAFF) - {"ceo"}),
        (Selection(manager="intern"), set()),  # nobody reports to them: nobody, not an error
        (Selection(department="web"), {"dev1", "intern", "qa"}),
        (Selection(department="tech"), {"cto", "dev1", "intern", "dev2", "qa"}),
        (Selection(department="exec"), set(STAFF)),
        (Selection(manager="cto", all_levels=True, department="web"), {"dev1", "intern"}),
        (Selection(manager="cfo", department="tech"), {"qa"}),
        (Selection(manager="cfo", department="app"), set()),
    ],
)
def test_who_is_selected(selection: Selection, expected: set[str]) -> None:
    assert people(_repo(), selection) == frozenset(expected)


def test_a_chain_that_loops_ends_and_never_selects_the_manager() -> None:
    looped = {"a": ("exec", "c"), "b": ("exec", "a"), "c": ("exec", "b")}
    assert reports(_repo(looped).people, "a", all_levels=True) == {"b", "c"}
    assert reports(_repo({"a": ("exec", "a")}).people, "a", all_levels=False) == frozenset()


def test_a_department_tree_that_loops_ends() -> None:
    looped = [m.Department("x", "X", "ceo", "y"), m.Department("y", "Y", "ceo", "x")]
    assert subtree(looped, "x") == {"x", "y"}


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (
            Selection(all_levels=True),
            "--all-levels goes with --manager: name the manager whose chain to take",
        ),
        (
            Selection(all_levels=True, department="tech"),
            "--all-levels goes with --manager: name the manager whose chain to take",
        ),
        (
            Selection(manager="nobody"),
            "there is no person nobody to take as manager "
            "(people: ceo, cfo, clerk, cto, dev1, dev2, intern, qa)",
        ),
        (
            Selection(department="sales"),
            "there is no department sales in people/org.yaml "
            "(departments: app, exec, fin, tech, web)",
        ),
    ],
)
def test_mistakes_are_usage_errors(selection: Selection, message: str) -> None:
    with pytest.raises(PerfcodeError) as raised:
        people(_repo(), selection)
    assert raised.value.exit_code == EXIT_USAGE
    assert raised.value.message == message


def test_many_known_ids_are_named_briefly() -> None:
    many = {f"p{i:02}": ("exec", None) for i in range(20)}
    with pytest.raises(PerfcodeError) as raised:
        people(_repo(many), Selection(manager="boss"))
    assert raised.value.message == (
        "there is no person boss to take as manager "
        "(people: p00, p01, p02, p03, p04, p05, p06, p07 and 12 more)"
    )
