"""`--manager ID [--all-levels]` and `--department ID` on `status` and `score` (issue 14 §6),
on a small organisation of the tests' own (filters/org: twelve people, a department d01a
inside d01, p00001 managing p00002 who manages p00010 and p00011; on 2027-01-02 four
things are overdue). Each case under cases/filters/ is a command line and its output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from perfcode.cli import main
from perfcode.load import repository as load
from perfcode.model.selection import Selection, people

from .conftest import Case, cases, compare, prepare

ORG = Path(__file__).parent / "filters" / "org"
DAY = "2027-01-02"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    root = tmp_path / "org"
    shutil.copytree(ORG, root)
    return root


@pytest.mark.parametrize("case", cases("filters"))
def test_filters(case: Case, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prepare(case, org)
    code = main([*case.args, "--root", str(org)])
    out = capsys.readouterr()
    assert code == case.exit, out.out + out.err
    compare(case, "expected.txt", out.out + out.err)


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def _selections(root: Path) -> list[Selection]:
    repo, problems = load.load_repository(root)
    assert problems == []
    assert repo.org is not None
    managers = sorted({p.manager for p in repo.people.values() if p.manager})
    return [
        *(Selection(manager=m, all_levels=a) for m in managers for a in (False, True)),
        *(Selection(department=d.id) for d in repo.org.departments),
        *(Selection(m, True, d.id) for m in managers for d in repo.org.departments),
    ]


def _options(selection: Selection) -> list[str]:
    options = ["--manager", selection.manager] if selection.manager else []
    options += ["--all-levels"] if selection.all_levels else []
    return options + (["--department", selection.department] if selection.department else [])


def test_every_selection_is_the_whole_listing_cut_to_its_people(
    org: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever is selected, status lists exactly the items of the selected people the
    whole listing holds, and score exactly their results: nothing added, nothing lost."""
    repo, _ = load.load_repository(org)
    root = str(org)
    whole_status = _json(capsys, "status", root, "--format", "json", "--today", DAY)
    whole_score = _json(capsys, "score", root, "--format", "json")
    checked = 0
    for selection in _selections(org):
        chosen = people(repo, selection)
        assert chosen is not None
        status = _json(
            capsys, "status", root, "--format", "json", "--today", DAY, *_options(selection)
        )
        for cycle, whole in zip(status["cycles"], whole_status["cycles"], strict=True):
            items = [i for p in cycle["phases"] for i in p["items"]]
            expected = [i for p in whole["phases"] for i in p["items"] if i["person"] in chosen]
            assert items == expected, selection
            checked += len(items)
        score = _json(capsys, "score", root, "--format", "json", *_options(selection))
        for cycle, whole in zip(score, whole_score, strict=True):
            assert cycle["people"] == {
                pid: r for pid, r in whole["people"].items() if pid in chosen
            }, selection
    assert checked > 0  # some selection listed something
