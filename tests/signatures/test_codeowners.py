"""`perfcode codeowners`: one folder per registry under codeowners/, with the CODEOWNERS
file expected beside its people/; and the repository's own .github/CODEOWNERS is current.

Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files; read the diff before keeping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from perfcode.cli import main

HERE = Path(__file__).parent
REPOSITORY = HERE.parents[1]
CASES = sorted(p for p in (HERE / "codeowners").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(case / "people", root / "people")
    assert main(["codeowners", str(root)]) == 0
    assert capsys.readouterr().out.startswith("wrote .github/CODEOWNERS (")
    written = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    if UPDATE:
        (case / "CODEOWNERS").write_text(written, encoding="utf-8")
    assert written == (case / "CODEOWNERS").read_text(encoding="utf-8")


def test_check_fails_when_the_registry_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASES[0] / "people", root / "people")
    assert main(["codeowners", str(root), "--check"]) == 1  # no CODEOWNERS yet
    assert main(["codeowners", str(root)]) == 0
    assert main(["codeowners", str(root), "--check"]) == 0
    person = next(p for p in (root / "people").glob("*.yaml") if "manager:" in p.read_text())
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("github: ", "github: renamed-"), encoding="utf-8")
    capsys.readouterr()
    assert main(["codeowners", str(root), "--check"]) == 1
    assert "is stale: run `perfcode codeowners`" in capsys.readouterr().out


def test_the_repository_codeowners_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", str(REPOSITORY), "--check"]) == 0, capsys.readouterr().out
