"""`perfcode status` on the example organisation, on fixed days (cases/status/*)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode.cli import main

from .conftest import Case, cases, compare, example, prepare


@pytest.mark.parametrize("case", cases("status"))
def test_status(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path / "repo")
    prepare(case, root)
    code = main(["status", str(root), *case.args])
    out = capsys.readouterr()
    assert code == case.exit, out.err
    compare(case, "expected.txt", out.out + out.err)
