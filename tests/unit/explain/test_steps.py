"""explain.steps: an explanation as data, and the public edition chosen by kind.

On the example organisation (copied, sometimes edited the way a user would edit it),
scored with detail. The text of every step is what `perfcode explain` prints
(tests/scoring/cases/*/explain-*.txt pin those lines); here: what the steps hold.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from edited_example import scored_example
from perfcode import model as m
from perfcode.explain import steps as s
from perfcode.explain import text
from perfcode.score import CycleResult

H2 = "2026-H2"


def _scored(
    tmp_path: Path, *edits: tuple[str, str, str]
) -> tuple[m.Repository, dict[str, CycleResult]]:
    return scored_example(tmp_path, *edits)


def _every_chain(
    repo: m.Repository, results: dict[str, CycleResult]
) -> list[tuple[str, tuple[s.Step, ...]]]:
    chains: list[tuple[str, tuple[s.Step, ...]]] = []
    for cycle_id, result in results.items():
        policy = repo.cycles[cycle_id].policy
        assert policy is not None
        for person in result.people:
            chains.append((policy.language, s.steps(result, repo, person)))
    return chains


def test_one_line_per_step_and_the_detail_steps_are_the_indented_lines(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    chains = _every_chain(repo, results)
    assert len(chains) > 20
    kinds: set[str] = set()
    for language, chain in chains:
        lines = text.render(chain, language)
        assert len(lines) == len(chain)
        for step, line in zip(chain, lines, strict=True):
            assert step.detail == line.startswith(" "), (step.kind, line)
            kinds.add(step.kind)
    assert {"title", "section", "item", "role", "base", "final", "grade"} <= kinds


def test_who_gave_each_number_is_data(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    chain = s.steps(results[H2], repo, "sunli")
    roles = [step for step in chain if step.kind == "role"]
    assert {step.role for step in roles} >= {"self", "manager"}
    for step in roles:
        assert isinstance(step.value("rating"), s.Score)
        assert isinstance(step.value("weight"), Decimal)
        assert step.parts and all(part.rater for part in step.parts)
        if step.role == "self":
            assert {part.rater for part in step.parts} == {"sunli"}
    (final,) = [step for step in chain if step.kind in ("final", "final_rounded")]
    score = results[H2].people["sunli"].score
    assert final.value("score") == s.Score(score) and final.role is final.rater is None


def test_typed_text_is_kept_apart_from_the_numbers(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    reasons = {
        d.reason
        for cycle in repo.cycles.values()
        if cycle.calibration is not None
        for d in cycle.calibration.decisions
    }
    assert reasons
    carrying = set()
    for _language, chain in _every_chain(repo, results):
        for step in chain:
            assert not any(v in reasons for _, v in step.values)
            if step.free:
                carrying.add(step.kind)
                assert [name for name, _ in step.free] == ["reason"]
    assert carrying == {"calibrated", "adjust_entry"}


def test_the_public_edition_drops_detail_and_typed_text_by_kind(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    chain = s.steps(results[H2], repo, "zhoujie")  # calibrated, with a reason
    shown = s.public(chain, free_text=False)
    assert [st for st in chain if not st.detail and st.kind != "calibrated"] == list(shown)
    with_comments = s.public(chain, free_text=True)
    assert "calibrated" in [st.kind for st in with_comments]
    assert not any(st.detail for st in with_comments)


def test_a_reason_of_one_character_hides_its_own_step_only(tmp_path: Path) -> None:
    # the public edition once hid every line containing the reason's text: "分" took every
    # line with a score (得分) with it
    reason = (f"cycles/{H2}/calibration.yaml", r"reason: 下半年.*$", "reason: 分")
    repo, results = _scored(tmp_path, reason)
    chain = s.steps(results[H2], repo, "zhoujie")
    lines = text.render(s.public(chain, free_text=False), "zh")
    assert any(line.startswith("最终得分:") for line in lines)
    assert any(line.startswith("基础得分:") for line in lines)
    assert not any(line.startswith("绩效校准") for line in lines)
    expected = [line for line in text.render(chain, "zh") if not line.startswith(" ")]
    assert lines == [line for line in expected if not line.startswith("绩效校准")]
