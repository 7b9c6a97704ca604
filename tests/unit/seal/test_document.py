"""A record's words sealed and opened in its text: comments and layout kept, a value
already right kept byte for byte, a value for the wrong readers sealed again by a reader
and reported by anyone else."""

from __future__ import annotations

import dataclasses

import pyrage
import pytest

from example_org import EXAMPLE, HR, demo_key, load_example
from perfcode import model as m
from perfcode.io import identity
from perfcode.seal import age, document
from perfcode.seal.open import open_repository
from perfcode.seal.readers import managers

TODAY = "2027-01-20"
KEYS: dict[str, pyrage.x25519.Identity] = {}


@pytest.fixture(scope="module")
def repo() -> m.Repository:
    example = load_example()
    for pid in example.people:
        KEYS[pid] = pyrage.x25519.Identity.generate()
    people = {
        pid: dataclasses.replace(p, keys=(str(KEYS[pid].to_public()),))
        for pid, p in example.people.items()
    }
    return dataclasses.replace(example, people=people)


def _review(repo: m.Repository) -> tuple[str, str, m.Review]:
    """A manager's review of the example, its words opened with the HR demo key (the
    example is sealed to its demo keys; the registry here has keys of its own)."""
    review = next(r for r in repo.cycles["2026-H2"].reviews if r.summary and r.role == "manager")
    text = (EXAMPLE / review.path).read_text(encoding="utf-8")
    record = document.Record.parse(review.path, text)
    assert record is not None
    hr = identity.load(demo_key(HR), ask=False)
    opened = document.open_text(text, record, hr.secrets)
    assert opened.opened and not opened.closed
    return review.path, opened.text, review


def _policy(repo: m.Repository) -> m.Policy:
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None
    return policy


def test_seal_then_open_gives_back_the_text(repo: m.Repository) -> None:
    path, text, review = _review(repo)
    record = document.Record.parse(path, text)
    assert record is not None
    opened_first = document.open_text(text, record, [KEYS[review.person]])
    plain = opened_first.text
    record = document.Record.parse(path, plain)
    assert record is not None
    sealing = document.seal_text(plain, record, _policy(repo), repo, TODAY)
    assert sealing.sealed and not sealing.unreadable and not sealing.keyless
    assert "# yaml-language-server" in sealing.text.splitlines()[0]
    assert str(review.summary) not in sealing.text or isinstance(review.summary, m.Sealed)
    again = document.Record.parse(path, sealing.text)
    assert again is not None
    for reader in (review.person, review.rater):
        opened = document.open_text(sealing.text, again, [KEYS[reader]])
        assert opened.text == plain and not opened.closed
    outsider = next(
        p
        for p in sorted(repo.people)
        if p not in (review.person, review.rater)
        and p not in managers(repo, review.person, 1)
        and p not in (repo.org.policy_owners if repo.org else ())
    )
    shut = document.open_text(sealing.text, again, [KEYS[outsider]])
    assert shut.text == sealing.text and shut.closed and not shut.opened
    # sealing what is already right changes nothing, byte for byte
    assert document.seal_text(sealing.text, again, _policy(repo), repo, TODAY).text == sealing.text
    # opening and sealing with the same words keeps each ciphertext (no churn in diffs)
    reopened = document.open_text(sealing.text, again, [KEYS[review.person]])
    record = document.Record.parse(path, reopened.text)
    assert record is not None
    kept = document.seal_text(reopened.text, record, _policy(repo), repo, TODAY, was=reopened.was)
    assert kept.text == sealing.text and not kept.sealed and not kept.resealed


def test_a_new_manager_is_sealed_in_by_a_reader_only(repo: m.Repository) -> None:
    path, text, review = _review(repo)
    record = document.Record.parse(path, text)
    assert record is not None
    plain = document.open_text(text, record, [KEYS[review.person]]).text
    record = document.Record.parse(path, plain)
    assert record is not None
    sealed = document.seal_text(plain, record, _policy(repo), repo, TODAY).text
    old_boss = managers(repo, review.person, 1)[0]
    owners = repo.org.policy_owners if repo.org else ()
    new_boss = next(
        p for p in sorted(repo.people) if p not in (review.person, review.rater, old_boss, *owners)
    )
    people = dict(repo.people)
    people[review.person] = dataclasses.replace(people[review.person], manager=new_boss)
    moved = dataclasses.replace(repo, people=people)
    record = document.Record.parse(path, sealed)
    assert record is not None
    nobody = document.seal_text(sealed, record, _policy(moved), moved, TODAY)
    assert nobody.text == sealed and nobody.unreadable and not nobody.resealed
    by_reader = document.seal_text(
        sealed, record, _policy(moved), moved, TODAY, [KEYS[review.person]]
    )
    assert by_reader.resealed and not by_reader.unreadable
    after = document.Record.parse(path, by_reader.text)
    assert after is not None
    assert document.open_text(by_reader.text, after, [KEYS[new_boss]]).opened
    if old_boss not in (review.rater, *owners):
        assert not document.open_text(by_reader.text, after, [KEYS[old_boss]]).opened


def test_words_nobody_can_read_stay_plain_and_are_reported(repo: m.Repository) -> None:
    path, text, review = _review(repo)
    record = document.Record.parse(path, text)
    assert record is not None
    plain = document.open_text(text, record, [KEYS[review.person]]).text
    bare = dataclasses.replace(
        repo, people={pid: dataclasses.replace(p, keys=()) for pid, p in repo.people.items()}
    )
    record = document.Record.parse(path, plain)
    assert record is not None
    sealing = document.seal_text(plain, record, _policy(bare), bare, TODAY)
    assert sealing.text == plain and sealing.unsealable and sealing.keyless


def test_what_is_no_record_of_words() -> None:
    assert document.Record.parse("people/heli.yaml", "name: x\n") is None
    assert document.Record.parse("cycles/2026-H2/cycle.yaml", "title: x\n") is None
    assert document.Record.parse("cycles/2026-H2/reviews/a/self-a.yaml", "[not, a, map]\n") is None
    assert document.Record.parse("cycles/2026-H2/reviews/a/self-a.yaml", "a: [\n") is None


def test_open_repository_opens_what_the_key_reads(repo: m.Repository) -> None:
    path, text, review = _review(repo)
    record = document.Record.parse(path, text)
    assert record is not None
    plain_text = document.open_text(text, record, [KEYS[review.person]]).text
    plain_review = document.Record.parse(path, plain_text)
    assert plain_review is not None
    sealed_summary = m.Sealed(
        age.seal("only for readers", [age.parse_key(str(KEYS[review.person].to_public()))]),
        (review.person,),
    )
    cycle = repo.cycles["2026-H2"]
    reviews = tuple(
        dataclasses.replace(r, summary=sealed_summary) if r.path == path else r
        for r in cycle.reviews
    )
    sealed_repo = dataclasses.replace(
        repo, cycles={**repo.cycles, "2026-H2": dataclasses.replace(cycle, reviews=reviews)}
    )
    opened = open_repository(sealed_repo, [KEYS[review.person]])
    found = next(r for r in opened.repository.cycles["2026-H2"].reviews if r.path == path)
    assert found.summary == "only for readers" and opened.opened >= 1
    other = next(p for p in sorted(repo.people) if p != review.person)
    shut = open_repository(sealed_repo, [KEYS[other]])
    found = next(r for r in shut.repository.cycles["2026-H2"].reviews if r.path == path)
    assert isinstance(found.summary, m.Sealed) and str(found.summary) == m.LOCK
    assert open_repository(repo, []).repository is repo or open_repository(repo, []).opened == 0
