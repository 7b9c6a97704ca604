"""`perfcode score`, `explain` and `export` on small complete repositories.

One folder per scenario under cases/ (each a repository: people/, cycles/<c>/...), with
the expected output beside it, computed by hand in the case's README.md:
- expected.json: `perfcode score CASE --format json` (exit 0);
- expected.txt: `perfcode score CASE` on records with errors (exit 1, nothing scored);
- table.txt: `perfcode score CASE` (the table, calibrations and the quota report);
- explain-<person>.txt: `perfcode explain PERSON CASE` (the person's latest cycle);
- export.csv: `perfcode export CASE --format csv` (UTF-8 with a BOM, byte for byte).
The real loader and CLI run in-process. Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the
expected files from the current output; then check every changed number by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from example_org import EXAMPLE, REPOSITORY
from perfcode.cli import main

HERE = Path(__file__).parent
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _compare(expected: Path, actual: str) -> None:
    if UPDATE:
        expected.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_score(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if (case / "expected.json").is_file():
        code, out = _run(capsys, "score", str(case), "--format", "json")
        assert code == 0, out
        json.loads(out)
        _compare(case / "expected.json", out)
    else:
        code, out = _run(capsys, "score", str(case))
        assert code == 1
        _compare(case / "expected.txt", out)


TABLED = [case for case in CASES if (case / "table.txt").is_file()]


@pytest.mark.parametrize("case", TABLED, ids=[c.name for c in TABLED])
def test_table(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(case)])
    out = capsys.readouterr().out
    assert code == 0
    _compare(case / "table.txt", out)


EXPLAINED = sorted((case, path) for case in CASES for path in case.glob("explain-*.txt"))


@pytest.mark.parametrize(
    ("case", "expected"), EXPLAINED, ids=[f"{c.name}/{p.name}" for c, p in EXPLAINED]
)
def test_explain(case: Path, expected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person = expected.stem.removeprefix("explain-")
    code, out = _run(capsys, "explain", person, str(case))
    assert code == 0, out
    _compare(expected, out)


EXPORTED = [case for case in CASES if (case / "export.csv").is_file()]


@pytest.mark.parametrize("case", EXPORTED, ids=[c.name for c in EXPORTED])
def test_export(case: Path, tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    assert main(["export", str(case), "--format", "csv", "--output", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    if UPDATE:
        (case / "export.csv").write_bytes(data)
    assert data == (case / "export.csv").read_bytes()


def test_same_inputs_give_byte_identical_output(capsys: pytest.CaptureFixture[str]) -> None:
    case = HERE / "cases" / "forced-distribution-ties"
    outputs = {_run(capsys, "score", str(case), "--format", "json")[1] for _ in range(3)}
    assert len(outputs) == 1


def test_example_results_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "score", str(EXAMPLE), "--check")
    assert code == 0, out
    assert out == "results.yaml 已是最新:2026-H1、2026-H2。\n"  # a zh organisation


def test_the_repositorys_own_results_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever organisation the repository holds (the example, or a company's own):
    every published cycle's results.yaml is what its records give."""
    code, out = _run(capsys, "score", str(REPOSITORY), "--check")
    assert code == 0, out
    assert "stale" not in out and "PC" not in out, out


def test_check_points_at_the_first_stale_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(HERE / "cases" / "business-40-30-20-10", root)
    # not published yet: provisional, nothing to write or hold fresh
    provisional = "provisional (not published, no results.yaml): 2026-H1.\n"
    assert _run(capsys, "score", str(root), "--check") == (0, provisional)
    assert _run(capsys, "score", str(root), "--write") == (0, provisional)
    assert not (root / "cycles" / "2026-H1" / "results.yaml").exists()
    assert _run(capsys, "publish", "2026-H1", str(root), "--today", "2026-07-06")[0] == 0
    assert _run(capsys, "score", str(root), "--check") == (
        0,
        "results.yaml is up to date for 2026-H1.\n",
    )
    results = root / "cycles" / "2026-H1" / "results.yaml"
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/results.schema.json\n")
    results.write_text(text.replace("score: 72.60", "score: 75.00"), encoding="utf-8")
    code, out = _run(capsys, "score", str(root), "--check")
    line = text.splitlines().index("    score: 72.60") + 1
    assert code == 1
    assert out.startswith(
        f"cycles/2026-H1/results.yaml:{line}:13: PC040 results.yaml is stale: the policy and "
        "records give 'score: 72.60' here, the file has 'score: 75.00';"
    )
    assert _run(capsys, "score", str(root), "--write") == (
        0,
        "wrote cycles/2026-H1/results.yaml\n",
    )
    assert _run(capsys, "score", str(root), "--check")[0] == 0
    # the committed file is validated too: it stays schema-valid after --write
    assert _run(capsys, "validate", str(root))[0] == 0


def test_write_and_check_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", str(EXAMPLE), "--write", "--check"])
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_unknown_cycle_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLE), "--cycle", "2031-H1"]) == 2
    assert "there is no cycle 2031-H1" in capsys.readouterr().err
