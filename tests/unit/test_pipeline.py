"""The one gate between checking and scoring (`pipeline.score_repository`): what blocks
(an error outside results.yaml, or one found before loading), what does not (warnings,
results.yaml's own problems), and that score, diff and site all pass through it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcode import pipeline
from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.problems import CODES_ZH, Problem, error, warning
from perfcode.site import build as sitebuild

BASE = Path(__file__).parents[1] / "validate" / "base"
CYCLE = "cycles/2026-H2"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(BASE, copy)
    return copy


def test_clean_records_are_scored(root: Path) -> None:
    gate = pipeline.score_repository(root)
    assert not gate.blocked and gate.problems == []
    assert gate.results is not None and list(gate.results) == ["2026-H2"]


def test_an_error_in_the_records_blocks(root: Path) -> None:
    (root / "people/zhaomin.yaml").write_text("name: [\n", encoding="utf-8")
    gate = pipeline.score_repository(root)
    assert gate.blocked and gate.results is None
    assert [(p.path, p.code) for p in gate.problems] == [("people/zhaomin.yaml", "PC001")]


def test_results_yaml_is_the_output_and_does_not_block(root: Path) -> None:
    (root / CYCLE / "results.yaml").write_text("cycle: [\n", encoding="utf-8")
    gate = pipeline.score_repository(root)
    assert not gate.blocked and gate.problems == []


def test_problems_found_before_loading_count_like_the_records(root: Path) -> None:
    link = error("people/x.yaml", "PC050", "a link").at(1, 1)
    note = warning("people/y.yaml", "PC042", "a modeline").at(1, 1)
    assert pipeline.score_repository(root, also=[link]).blocked
    gate = pipeline.score_repository(root, also=[note])
    assert not gate.blocked and gate.problems == [note]


def test_score_and_site_use_the_one_gate(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each asks the gate, and stops with exactly the problems it gives (diff: see
    tests/workflow/test_diff.py)."""
    refused = error("people/zhaomin.yaml", "PC009", "refused by the gate").at(2, 1)
    calls: list[Path] = []

    def gate(where: Path, *, detail: bool = False, also: object = ()) -> pipeline.Scored:
        calls.append(where)
        return pipeline.Scored(check_repository(where).repository, [refused], None)

    monkeypatch.setattr(pipeline, "score_repository", gate)
    assert main(["score", str(root)]) == 1
    said = f"people/zhaomin.yaml:2:1: PC009 {CODES_ZH['PC009']} refused by the gate"  # zh
    assert said in capsys.readouterr().out
    seen: list[list[Problem]] = []
    built = sitebuild.build(root, today="2026-12-01", report=lambda p, _n: seen.append(p))
    assert built is None and seen == [[refused]]
    assert calls == [root, root]
