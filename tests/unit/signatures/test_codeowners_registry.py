"""`perfcode codeowners` validates the registry first: a person whose record cannot be read
(a link, a syntax error, a pipe) would silently lose their CODEOWNERS lines, so it refuses
(exit 1, the problems printed) and writes nothing; problems outside people/ do not stop it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from perfcode.cli import main

CASE = Path(__file__).parents[2] / "signatures" / "codeowners" / "two-policy-owners"


def _link(person: Path) -> None:
    person.unlink()
    person.symlink_to("/etc/passwd")


def _syntax(person: Path) -> None:
    person.write_text("name: [\n", encoding="utf-8")


def _fifo(person: Path) -> None:
    person.unlink()
    os.mkfifo(person)


@pytest.mark.parametrize(
    ("spoil", "code"),
    [(_link, "PC050"), (_syntax, "PC001"), (_fifo, "PC051")],
    ids=["symlink", "syntax-error", "fifo"],
)
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_refuses_a_registry_with_errors(
    spoil: Callable[[Path], None],
    code: str,
    check: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASE / "people", root / "people")
    person = next(p for p in sorted((root / "people").glob("*.yaml")) if p.name != "org.yaml")
    spoil(person)
    code_exit = main(["codeowners", str(root), *(["--check"] if check else [])])
    lines = capsys.readouterr().out.splitlines()
    assert code_exit == 1
    assert lines[0].startswith(f"people/{person.name}:") and f" {code} " in lines[0]
    assert lines[-1] == (
        "perfcode: the registry (people/) has problems; fix them before .github/CODEOWNERS "
        "is written or checked."
    )
    assert not (root / ".github").exists()


def test_problems_outside_the_registry_do_not_stop_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASE / "people", root / "people")
    (root / "cycles" / "2026-H2").mkdir(parents=True)
    (root / "cycles" / "2026-H2" / "goals.yaml").write_text("goals: [\n", encoding="utf-8")
    assert main(["codeowners", str(root)]) == 0
    assert capsys.readouterr().out.startswith("wrote .github/CODEOWNERS (")
