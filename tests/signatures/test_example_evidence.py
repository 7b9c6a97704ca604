"""The example organisation's signature evidence is what `perfcode signatures record` makes.

make_example_evidence.py replays the example's merged pull requests against the fake GitHub
and records them with the real command; the tests' copy of the example (example_org) must
hold the same cycles/<c>/signatures.yaml (the commits' SHAs and the proofs signed over them
aside: they follow from every file of the registry, which other changes touch), and every
entry must be authentic. The evidence the repository itself holds, whatever organisation
that is, must be authentic too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from make_example_evidence import make

from example_org import EXAMPLE, REPOSITORY, copy_example
from perfcode.check import check_repository
from perfcode.io import yaml as yamlio
from perfcode.load import repository as load
from perfcode.signatures.evidence import Signed, signed_evidence

#: fields that depend on the exact bytes of the registry in the replay's commits
CHAINED = ("merge", "base", "proof")


def _entries(text: str) -> list[dict[str, Any]]:
    entries = yamlio.parse(text)["entries"]
    return [{k: v for k, v in e.items() if k not in CHAINED} for e in entries]


@pytest.mark.slow
def test_committed_evidence_is_what_record_makes() -> None:
    made = make(EXAMPLE)
    committed = sorted(
        p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.glob("cycles/*/signatures.yaml")
    )
    assert sorted(made) == committed, "run tests/signatures/make_example_evidence.py"
    for path, text in made.items():
        assert text.startswith("# yaml-language-server: $schema=../../schemas/")
        current = (EXAMPLE / path).read_text(encoding="utf-8")
        assert _entries(current) == _entries(text), (
            f"{path} is stale: run tests/signatures/make_example_evidence.py"
        )


def test_example_evidence_validates_and_signs_the_h2_contracts() -> None:
    checked = check_repository(EXAMPLE)
    assert not [p for p in checked.problems if p.code == "PC045"]
    repository, _ = load.load_repository(EXAMPLE)
    cycle = repository.cycles["2026-H2"]
    assert [r.pr for r in cycle.signatures] == [
        40,
        41,
        9,
        12,
        15,
        18,
        21,
        *range(42, 47),
        31,
        32,
        33,
    ]
    signed = Signed.of(repository)
    assert signed.kept
    for person_id in cycle.contracts:
        path = f"cycles/2026-H2/contracts/{person_id}.yaml"
        manager = repository.people[person_id].manager
        both = {person_id, manager} <= signed.signers(path)
        assert both == (person_id != "zhengkai"), person_id  # #18 was merged without him
        assert signed.entry(path) is not None, person_id


def test_evidence_since_cannot_silence_a_cycle_that_keeps_evidence(tmp_path: Path) -> None:
    """Moving evidence_since past 2026-H2 (which keeps evidence) would stop status from
    judging its contracts: PC066 at the line, so the change cannot pass unnoticed."""
    root = copy_example(tmp_path / "repo")
    org = root / "people" / "org.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(
        text.replace("evidence_since: 2026-07-01", "evidence_since: 2099-01-01"), "utf-8"
    )
    problems = [p for p in check_repository(root).problems if p.code == "PC066"]
    line = next(i for i, s in enumerate(org.read_text("utf-8").splitlines(), 1) if "since:" in s)
    assert [(p.path, p.line) for p in problems] == [("people/org.yaml", line)]
    assert "after the end of cycle 2026-H2 (2026-12-31)" in problems[0].message


def test_the_repositorys_own_evidence_is_authentic() -> None:
    """Whatever organisation the repository holds: every entry of its signatures.yaml files
    (when it keeps any) was written by the recording workflow, under its evidence_keys."""
    checked = check_repository(REPOSITORY)
    assert not [p for p in checked.problems if p.code in ("PC045", "PC066")], checked.problems
    trusted = signed_evidence(checked.repository).records
    for cycle in checked.repository.cycles.values():
        assert [r for r in cycle.signatures if r not in trusted] == [], cycle.id
