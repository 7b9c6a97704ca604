"""perfcode.layout: the one home of places, cycle ids and the schema modeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from perfcode import layout
from perfcode.io import yaml as yamlio

PACKAGE = Path(layout.__file__).parent

BOUNDS = {
    "2026": (date(2026, 1, 1), date(2026, 12, 31)),
    "2026-H1": (date(2026, 1, 1), date(2026, 6, 30)),
    "2026-H2": (date(2026, 7, 1), date(2026, 12, 31)),
    "2026-Q1": (date(2026, 1, 1), date(2026, 3, 31)),
    "2026-Q4": (date(2026, 10, 1), date(2026, 12, 31)),
    "2024-02": (date(2024, 2, 1), date(2024, 2, 29)),
    "2026-12": (date(2026, 12, 1), date(2026, 12, 31)),
}


@pytest.mark.parametrize("cycle_id", sorted(BOUNDS))
def test_a_cycle_id_names_its_first_and_last_day(cycle_id: str) -> None:
    assert layout.cycle_bounds(cycle_id) == BOUNDS[cycle_id]


@pytest.mark.parametrize("text", ["26", "2026-H3", "2026-Q0", "2026-13", "2026-00", "2026-h1", ""])
def test_what_is_not_a_cycle_id(text: str) -> None:
    assert layout.parse_cycle(text) is None
    assert layout.classify(f"cycles/{text}/cycle.yaml") is None


def test_cycles_are_ordered_by_the_day_they_end_longer_after_shorter() -> None:
    ids = ["2026", "2026-H2", "2026-Q3", "2027-01", "2026-H1", "2026-06", "2026-Q2", "2025"]
    assert layout.sorted_cycles(ids) == [
        "2025",
        "2026-06",
        "2026-Q2",
        "2026-H1",
        "2026-Q3",
        "2026-H2",
        "2026",
        "2027-01",
    ]
    # the order agrees with the periods: a cycle never sorts before one that ends earlier
    ordered = layout.sorted_cycles(ids)
    ends = [layout.cycle_bounds(c)[1] for c in ordered]
    assert ends == sorted(ends)


def test_the_repository_orders_its_cycles_with_layout() -> None:
    from perfcode import model as m

    assert m.cycle_sort_key("2026-H2") == layout.cycle_key("2026-H2")


PLACES = {
    "people/org.yaml": layout.Place("org"),
    "people/sunli.yaml": layout.Place("person", person="sunli"),
    "cycles/2026-H2/cycle.yaml": layout.Place("cycle", cycle="2026-H2"),
    "cycles/2026-H2/contracts/sunli.yaml": layout.Place("contract", "2026-H2", "sunli"),
    "cycles/2026/reviews/sunli/peer-zhoujie.yaml": layout.Place(
        "review", "2026", "sunli", "peer", "zhoujie"
    ),
    "cycles/2026-H2/signatures.yaml": layout.Place("signatures", cycle="2026-H2"),
}


@pytest.mark.parametrize("path", sorted(PLACES))
def test_a_path_says_what_it_holds(path: str) -> None:
    assert layout.classify(path) == PLACES[path]


@pytest.mark.parametrize(
    "path",
    [
        "people/con.yaml",  # a Windows device name
        "cycles/9999/cycle.yaml",  # outside the years records hold
        "cycles/2026/reviews/sunli/boss-zhoujie.yaml",  # no such role
        "cycles/2026/notes.yaml",
        "people/Sunli.yaml",
    ],
)
def test_a_path_that_holds_no_record(path: str) -> None:
    assert layout.classify(path) is None


@pytest.mark.parametrize("path", sorted(PLACES))
def test_the_modeline_names_the_schema_relative_to_the_file(path: str) -> None:
    place = layout.classify(path)
    assert place is not None
    line = layout.modeline_for(path, place.kind)
    assert layout.has_modeline(line + "a: 1\n", place.kind)
    target = (Path("/repo") / path).parent / line.removeprefix(layout.MODELINE_PREFIX).strip()
    assert target.resolve() == Path(f"/repo/schemas/{place.kind}.schema.json")


def test_every_generated_record_starts_with_the_modeline() -> None:
    """results.yaml, signatures.yaml and the scaffolds all take the line from layout."""
    from perfcode.report import results
    from perfcode.signatures import check

    assert layout.modeline("results", 2) == results.SCHEMA_LINE + "\n"
    assert layout.modeline("signatures", 2) == check.MODELINE
    assert yamlio.parse(layout.modeline("contract", 3) + "a: 1\n") == {"a": 1}


@pytest.mark.parametrize(
    ("fact", "home"),
    [
        ("yaml-language-server: $schema", "layout.py"),  # the modeline
        ("SafeDumper", "io/yaml.py"),  # the YAML writer
        ("H[12]|Q[1-4]", "layout.py"),  # the shape of a cycle id
    ],
)
def test_each_fact_has_one_home(fact: str, home: str) -> None:
    found = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if fact in path.read_text(encoding="utf-8")
    )
    assert found == [home]
