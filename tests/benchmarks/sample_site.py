"""What the site benchmarks start from: a `perfcode sample` organisation, validated, scored
and built into a folder of its own."""

from __future__ import annotations

from pathlib import Path

from perfcode.check import check_repository
from perfcode.model import Repository
from perfcode.scaffold import sample
from perfcode.score import score_all
from perfcode.site import build as sitebuild


def built_sample(
    root: Path, people: int, seed: int, out: Path, today: str
) -> tuple[Repository, sitebuild.Built]:
    """Write a sample of PEOPLE at ROOT and build its public site into OUT."""
    sample.write(root, people=people, seed=seed)
    checked = check_repository(root)
    assert not checked.failed, "the sample organisation has problems"
    results = score_all(checked.repository)
    built = sitebuild.build_scored(
        root, checked.repository, results, out=out, audience="public", today=today
    )
    return checked.repository, built
