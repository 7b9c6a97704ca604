"""The model's seams: read-only containers, closed sets that match the schemas, and what
each audience sees of a cycle's publication settings."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, get_args

import pytest

from example_org import REPOSITORY, load_example
from perfcode import model as m


@pytest.fixture(scope="module")
def example() -> m.Repository:
    return load_example()


def test_containers_cannot_be_changed(example: m.Repository) -> None:
    cycle = example.cycles["2026-H2"]
    with pytest.raises(TypeError):
        example.people["nobody"] = next(iter(example.people.values()))  # type: ignore[index]
    with pytest.raises(TypeError):
        example.cycles["2027"] = cycle  # type: ignore[index]
    for name in ("contracts", "checkins", "adjustments", "interviews", "plans", "appeals"):
        with pytest.raises(TypeError):
            getattr(cycle, name)["nobody"] = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        cycle.reviews = ()  # type: ignore[misc]


def test_a_mapping_given_is_copied_not_kept() -> None:
    people: dict[str, m.Person] = {}
    repo = m.Repository(root=".", org=None, people=people, cycles={}, documents=0)
    people["late"] = m.Person(
        "people/late.yaml", "late", "L", "l", None, "t", "d", None, "g", "2026-01-01", None
    )
    assert "late" not in repo.people
    assert repo == dataclasses.replace(repo)  # still compares by value


def _enum_at(schema: str, *path: str) -> list[Any]:
    node: Any = json.loads((REPOSITORY / "schemas" / f"{schema}.schema.json").read_text("utf-8"))
    for key in path:
        node = node[key]
    return list(node["enum"])


SETS = [
    (m.Language, "cycle", ("properties", "language")),
    (m.Language, "org", ("properties", "language")),
    (m.Role, "cycle", ("properties", "raters", "properties", "required", "items")),
    (m.PhaseId, "cycle", ("properties", "phases", "items", "properties", "id")),
    (m.PopulationBy, "cycle", ("properties", "distribution", "properties", "by")),
    (
        m.PopulationBy,
        "results",
        ("properties", "populations", "additionalProperties", "properties", "by"),
    ),
    (
        m.Feedback,
        "cycle",
        ("properties", "publication", "properties", "public", "properties", "feedback"),
    ),
    (m.Better, "contract", ("$defs", "item", "properties", "target", "properties", "better")),
    (m.AdjustmentKind, "adjustments", ("properties", "entries", "items", "properties", "kind")),
    (m.CheckinKind, "checkins", ("properties", "entries", "items", "properties", "kind")),
    (m.ProgressStatus, "plan", ("properties", "checkins", "items", "properties", "status")),
    (m.PlanTrigger, "plan", ("properties", "trigger")),
    (m.RootCauseKind, "plan", ("properties", "root_causes", "items", "properties", "kind")),
    (m.EvaluationStatus, "plan", ("properties", "evaluation", "properties", "status")),
    (m.AppealAbout, "appeal", ("properties", "about")),
    (m.AppealDecision, "appeal", ("properties", "answer", "properties", "decision")),
    (
        m.SignatureHow,
        "signatures",
        ("$defs", "entry", "properties", "signatures", "items", "properties", "how"),
    ),
]


@pytest.mark.parametrize(
    ("closed", "schema", "path"), SETS, ids=lambda v: getattr(v, "__name__", None)
)
def test_closed_sets_are_the_schemas_enums(closed: Any, schema: str, path: tuple[str, ...]) -> None:
    assert list(get_args(closed)) == _enum_at(schema, *path)


def test_outcome_conditions_are_the_schemas_keys() -> None:
    node = json.loads((REPOSITORY / "schemas" / "cycle.schema.json").read_text("utf-8"))
    when = node["properties"]["outcomes"]["items"]["properties"]["when"]["properties"]
    assert tuple(when) == m.OUTCOME_CONDITIONS


def test_closed_values_stay_plain_strings(example: m.Repository) -> None:
    """Every writer prints a value as the record holds it: no enum objects in the model."""
    cycle = example.cycles["2026-H2"]
    assert cycle.policy is not None
    values = [r.role for r in cycle.reviews] + [cycle.policy.publication.feedback]
    assert cycle.policy.distribution is not None
    values.append(cycle.policy.distribution.by)
    assert values and all(type(v) is str for v in values)


def test_publication_as_each_audience_sees_it() -> None:
    policy = m.Publication(scores=True, grades=False, comments=False, feedback="full", min_raters=0)
    assert policy.seen_by("private") == m.Publication(
        True, True, True, "full", 1, plans=True, interviews=True, appeals=True
    )
    assert policy.seen_by("public") == m.Publication(True, False, False, "aggregated", 1)
    hidden = dataclasses.replace(policy, feedback="none", min_raters=4)
    assert hidden.seen_by("public") == m.Publication(True, False, False, "none", 4)
    shown = dataclasses.replace(policy, plans=True, appeals=True)
    assert shown.seen_by("public") == m.Publication(
        True, False, False, "aggregated", 1, plans=True, interviews=False, appeals=True
    )
    # a person's own record: all of it, their raters as anonymous as the public's
    assert hidden.seen_by("me") == m.Publication(True, True, True, "none", 4, True, True, True)
    everything = m.Publication(True, True, True, "aggregated", 1, True, True, True)
    assert policy.seen_by("me") == everything
    assert m.AUDIENCES == ("public", "private", "me")
