"""Who reads a value, and the judgement of a sealed value against them (the example's
registry, with keys made here)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pyrage
import pytest

from example_org import REPOSITORY, load_example
from perfcode import model as m
from perfcode.model.words import FIELDS
from perfcode.seal import age
from perfcode.seal.readers import judge, keys, managers, rater_of, readers, values

TODAY = "2027-01-20"


@pytest.fixture(scope="module")
def example() -> tuple[m.Repository, dict[str, pyrage.x25519.Identity]]:
    repo = load_example()
    made = {pid: pyrage.x25519.Identity.generate() for pid in repo.people}
    people = {
        pid: dataclasses.replace(p, keys=(str(made[pid].to_public()),))
        for pid, p in repo.people.items()
    }
    return dataclasses.replace(repo, people=people), made


def _someone_with_two_managers(repo: m.Repository) -> str:
    return next(pid for pid in sorted(repo.people) if len(managers(repo, pid, 5)) >= 2)


def test_readers_are_the_person_the_chain_the_owners_and_the_rater(
    example: tuple[m.Repository, dict[str, pyrage.x25519.Identity]],
) -> None:
    repo, _ = example
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None and repo.org is not None
    person = _someone_with_two_managers(repo)
    chain = managers(repo, person, 5)
    one = readers(repo, policy, person, TODAY)
    assert set(one) == {person, chain[0], *repo.org.policy_owners}
    wider = dataclasses.replace(policy, confidential=m.Confidential(managers=2))
    assert set(readers(repo, wider, person, TODAY)) == {person, *chain[:2], *repo.org.policy_owners}
    none = dataclasses.replace(policy, confidential=m.Confidential(managers=0))
    assert chain[0] not in readers(repo, none, person, TODAY) or chain[0] in repo.org.policy_owners
    rater = next(p for p in sorted(repo.people) if p not in one)
    assert rater in readers(repo, policy, person, TODAY, rater=rater)
    assert readers(repo, policy, person, TODAY) == tuple(sorted(one))


def test_a_leaver_reads_nothing_more(
    example: tuple[m.Repository, dict[str, pyrage.x25519.Identity]],
) -> None:
    repo, _ = example
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None
    person = _someone_with_two_managers(repo)
    boss = managers(repo, person, 1)[0]
    gone = dict(repo.people)
    gone[boss] = dataclasses.replace(gone[boss], left="2027-01-01")
    after = dataclasses.replace(repo, people=gone)
    assert boss not in readers(after, policy, person, TODAY)
    assert boss in readers(after, policy, person, "2026-12-31")


def test_judge_sees_missing_and_unwanted_readers(
    example: tuple[m.Repository, dict[str, pyrage.x25519.Identity]],
) -> None:
    repo, _ = example
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None
    person = _someone_with_two_managers(repo)
    who = readers(repo, policy, person, TODAY)
    found, keyless = keys(repo, who)
    assert not keyless and len(found) == len(who)
    right = m.Sealed(age.seal("x", found), who)
    assert judge(right, who, repo).exact
    outsider = next(p for p in sorted(repo.people) if p not in who)
    more, _ = keys(repo, (*who, outsider))
    leaked = m.Sealed(age.seal("x", more), who)  # claims the readers, sealed to one more
    verdict = judge(leaked, who, repo)
    assert not verdict.exact and verdict.stanzas is not None and len(verdict.stanzas.extra) == 1
    claimed = m.Sealed(age.seal("x", more), (*who, outsider))
    assert judge(claimed, who, repo).unwanted == (outsider,)
    fewer = m.Sealed(age.seal("x", found[:1]), who[:1])
    verdict = judge(fewer, who, repo)
    assert set(verdict.unrecorded) == set(who[1:]) and verdict.stanzas
    broken = m.Sealed("not a ciphertext", who)
    assert judge(broken, who, repo).stanzas is None and not judge(broken, who, repo).exact


def test_a_reader_without_a_key(
    example: tuple[m.Repository, dict[str, pyrage.x25519.Identity]],
) -> None:
    repo, _ = example
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None
    person = _someone_with_two_managers(repo)
    people = dict(repo.people)
    people[person] = dataclasses.replace(people[person], keys=())
    bare = dataclasses.replace(repo, people=people)
    who = readers(bare, policy, person, TODAY)
    found, keyless = keys(bare, who)
    assert keyless == [person]
    sealed = m.Sealed(age.seal("x", found), tuple(r for r in who if r != person))
    verdict = judge(sealed, who, bare)
    assert verdict.exact and verdict.keyless == (person,)


def test_values_walk_model_records_and_raw_mappings(
    example: tuple[m.Repository, dict[str, pyrage.x25519.Identity]],
) -> None:
    repo, _ = example
    cycle = repo.cycles["2026-H2"]
    review = next(r for r in cycle.reviews if r.summary)
    found = list(values("review", review, review.person))
    assert ("summary",) in [v.pointer for v in found]
    raw = {"decisions": [{"person": "a", "reason": "r1"}, {"person": "b", "reason": "r2"}]}
    walked = list(values("calibration", raw, ""))
    assert [(v.pointer, v.about) for v in walked] == [
        (("decisions", 0, "reason"), "a"),
        (("decisions", 1, "reason"), "b"),
    ]
    off = m.Confidential(fields=())
    assert list(values("review", review, review.person, off)) == []
    assert rater_of("review", review) == (None if review.aggregated else review.rater)
    assert rater_of("interview", review) is None


def _sealed_at(node: Any, path: list[str], found: list[str]) -> None:
    if {"$ref": "#/$defs/sealed"} in node.get("anyOf", []):
        found.append(".".join(path))
    if node.get("type") == "array":
        _sealed_at(node["items"], path, found)
    for key, child in (node.get("properties") or {}).items():
        _sealed_at(child, [*path, key], found)


def test_schemas_accept_sealed_words_exactly_where_words_are() -> None:
    """model.words.FIELDS is the one home: each schema has the sealed alternative at those
    fields, and nowhere else."""
    for kind, paths in FIELDS.items():
        schema = json.loads((REPOSITORY / "schemas" / f"{kind}.schema.json").read_text())
        found: list[str] = []
        _sealed_at(schema, [], found)
        assert sorted(found) == sorted(paths), kind
    for kind in ("contract", "goals", "person", "org", "cycle", "results", "signatures"):
        schema = json.loads((REPOSITORY / "schemas" / f"{kind}.schema.json").read_text())
        found = []
        _sealed_at(schema, [], found)
        assert found == [], kind
