"""`perfcode new`: every file written validates, and reads as expected (cases/new/*).

`expected.txt` holds what the command prints; `expected/` the files it writes, at their
repository paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode import model as m
from perfcode.check import check_repository
from perfcode.cli import main

from .conftest import UPDATE, Case, cases, compare, example, prepare


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", cases("new"))
def test_new(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path / "repo")
    prepare(case, root)
    before = _files(root)
    code = main(["new", *case.args, "--root", str(root)])
    out = capsys.readouterr()
    assert code == case.exit, out.err
    compare(case, "expected.txt", out.out + out.err)
    after = _files(root)
    assert all(after[path] == data for path, data in before.items()), "a file was overwritten"
    written = {path: after[path] for path in after.keys() - before.keys()}
    expected = case.folder / "expected"
    if UPDATE:
        for path, data in written.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_bytes(data)
    wanted = _files(expected) if expected.is_dir() else {}
    assert written == wanted
    if written:
        found = check_repository(root).problems
        problems = [p for p in found if not p.path.endswith("/results.yaml")]
        # a contract scaffold holds placeholders until people write what they agreed: a
        # warning (PC069) at each, never an error
        placeholders = [p for p in problems if p.code == "PC069"]
        assert all(p.severity.value == "warning" for p in placeholders)
        if any(path.endswith(".yaml") and "/contracts/" in path for path in written):
            holds = any(m.PLACEHOLDERS["zh"].encode() in data for data in written.values())
            assert bool(placeholders) == holds
        problems = [p for p in problems if p.code != "PC069"]
        assert problems == [], "the scaffold does not validate"


#: cycle ids of every kind, near the edges of the years records may hold (1900 to 2199):
#: those that can be copied from 2026-H2 ...
COPIED = [
    *("2027", "2027-H1", "2027-H2", "2027-Q1", "2027-Q4", "2027-01", "2027-07", "2027-12"),
    *("2150-H1", "2199", "2199-H1", "2199-Q2", "2199-05"),
]
#: ... and those that cannot: phases past 2199, years out of range, not after 2026-H2,
#: existing already, not a cycle id
REFUSED = [
    *("2199-06", "2199-H2", "2199-12", "2200", "2200-H1", "9999", "9999-H2", "9999-12"),
    *("0000", "0001", "1899-H2", "1900", "2026-H1", "2026-H2", "2027-13", "２０２７-H1"),
]
CYCLE_IDS = COPIED + REFUSED


@pytest.mark.parametrize("cycle_id", CYCLE_IDS)
def test_new_cycle_validates_or_refuses(
    cycle_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the cycle id, `new cycle` writes a policy that validates, or refuses in
    one sentence (exit 2) and writes nothing."""
    root = example(tmp_path / "repo")
    before = _files(root)
    code = main(["new", "cycle", cycle_id, "--from", "2026-H2", "--root", str(root)])
    out, err = capsys.readouterr()
    written = _files(root).keys() - before.keys()
    assert code == (0 if cycle_id in COPIED else 2), err
    if code == 0:
        assert out == f"wrote cycles/{cycle_id}/cycle.yaml\n" and err == ""
        assert written == {f"cycles/{cycle_id}/cycle.yaml"}
        problems = [
            p for p in check_repository(root).problems if not p.path.endswith("/results.yaml")
        ]
        assert problems == [], "the new policy does not validate"
    else:
        assert out == "" and err.startswith("perfcode: ") and err.count("\n") == 1
        assert "internal error" not in err
        assert written == set()


@pytest.mark.parametrize("cycle_id", ["2199-H2", "9999-H2"])
def test_new_cycle_says_why_it_refuses_a_year_out_of_reach(
    cycle_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = example(tmp_path / "repo")
    assert main(["new", "cycle", cycle_id, "--from", "2026-H2", "--root", str(root)]) == 2
    assert "outside the years perfcode holds records for (1900 to 2199)" in capsys.readouterr().err
