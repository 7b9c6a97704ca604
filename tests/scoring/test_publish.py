"""`perfcode publish CYCLE`: a cycle's results become public once, in the results phase, from
records without problems; before that they are provisional (seed 003: 公示 at one moment)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcode.cli import main

HERE = Path(__file__).parent
CASE = HERE / "cases" / "business-40-30-20-10"  # 2026-H1, results phase 2026-07-06
RESULTS = "cycles/2026-H1/results.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(CASE, target)
    return target


def test_publish_writes_the_results_once_in_the_results_phase(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "publish", "2026-H1", str(root), "--today", "2026-07-06")
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {RESULTS}: the results of 2026-H1, published on 2026-07-06.\n")
    assert "a policy owner signs it" in out
    written = (root / RESULTS).read_text(encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(root), "--check")
    assert code == 0 and out == "results.yaml is up to date for 2026-H1.\n"
    # once published, publishing again is refused: changes go through score --write
    code, out, err = _run(capsys, "publish", "2026-H1", str(root), "--today", "2026-07-07")
    assert (code, out) == (2, "")
    assert "are published already" in err and "perfcode score --write" in err
    assert (root / RESULTS).read_text(encoding="utf-8") == written


def test_results_are_not_published_before_the_results_phase(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "publish", "2026-H1", str(root), "--today", "2026-07-05")
    assert (code, out) == (2, "")
    assert err == (
        "perfcode: the results phase of 2026-H1 starts on 2026-07-06: results are published "
        "then, not on 2026-07-05 (until then they stay provisional)\n"
    )
    assert not (root / RESULTS).exists()


def test_people_not_scored_yet_hold_the_publication_unless_asked(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviews = sorted((root / "cycles" / "2026-H1" / "reviews").iterdir())
    shutil.rmtree(reviews[0])  # someone's reviews are not in
    person = reviews[0].name
    args = ("publish", "2026-H1", str(root), "--today", "2026-07-06")
    code, out, _ = _run(capsys, *args)
    assert code == 1 and f"  {person}: " in out and "--incomplete" in out
    assert not (root / RESULTS).exists()
    code, out, _ = _run(capsys, *args, "--incomplete")
    assert code == 0 and (root / RESULTS).is_file()


def test_score_write_of_an_unpublished_cycle_points_to_publish(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "score", str(root), "--write", "--cycle", "2026-H1")
    assert (code, out) == (2, "")
    assert "`perfcode publish 2026-H1`" in err
    assert not (root / RESULTS).exists()


def test_a_repository_with_problems_publishes_nothing(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract = next((root / "cycles" / "2026-H1" / "contracts").iterdir())
    contract.write_text(contract.read_text(encoding="utf-8") + "unknown_field: 1\n", "utf-8")
    code, out, _ = _run(capsys, "publish", "2026-H1", str(root), "--today", "2026-07-06")
    assert code == 1 and "fix them before the results are published" in out
    assert not (root / RESULTS).exists()
