"""The public edition's guard: plain words in a field the policy keeps confidential (a
PC110 error, which does not stop scoring) print as a lock in what the public sees, in the
records and in the results that carry them (a calibration's reason)."""

from __future__ import annotations

import dataclasses

from example_org import load_example
from perfcode import model as m
from perfcode.score import score_all
from perfcode.seal.open import conceal_plain


def _with_plain_words(repo: m.Repository) -> m.Repository:
    """The example with a manager's review summary and a calibration reason in the clear."""
    cycle = repo.cycles["2026-H2"]
    review = next(r for r in cycle.reviews if r.role == "manager")
    reviews = tuple(
        dataclasses.replace(r, summary="PLAINSECRET总评") if r is review else r
        for r in cycle.reviews
    )
    calibration = cycle.calibration
    assert calibration is not None and calibration.decisions
    decisions = tuple(
        dataclasses.replace(d, reason="PLAINREASON理由") for d in calibration.decisions
    )
    changed = dataclasses.replace(
        cycle,
        reviews=reviews,
        calibration=dataclasses.replace(calibration, decisions=decisions),
    )
    return dataclasses.replace(repo, cycles={**repo.cycles, "2026-H2": changed})


def test_plain_confidential_words_print_as_a_lock() -> None:
    repo = _with_plain_words(load_example())
    results = score_all(repo, detail=False)
    shown = conceal_plain(repo, results)
    assert shown.concealed >= 2
    text = repr(shown.repository) + repr(shown.results)
    assert "PLAINSECRET" not in text and "PLAINREASON" not in text
    cycle = shown.repository.cycles["2026-H2"]
    assert any(isinstance(r.summary, m.Sealed) and str(r.summary) == m.LOCK for r in cycle.reviews)
    # numbers and everything else unchanged
    assert [r.ratings for r in cycle.reviews] == [r.ratings for r in repo.cycles["2026-H2"].reviews]


def test_words_the_policy_does_not_hide_stay() -> None:
    repo = _with_plain_words(load_example())
    cycle = repo.cycles["2026-H2"]
    assert cycle.policy is not None
    open_policy = dataclasses.replace(cycle.policy, confidential=m.Confidential(fields=()))
    repo = dataclasses.replace(
        repo, cycles={**repo.cycles, "2026-H2": dataclasses.replace(cycle, policy=open_policy)}
    )
    shown = conceal_plain(repo, {})
    assert shown.concealed == 0 and shown.repository is repo
