"""Shared set-up for the workflow commands' cases (status, new, diff).

Each case folder under cases/<command>/<scenario>/ holds `case.yaml` (the command line,
the expected exit code, paths to remove from the tests' organisation: files or whole
folders), optionally `changes.patch` (applied with real `git apply` to a copy of the
tests' organisation, the bundled example: see example_org.py) and the expected output
`expected.txt`. Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files from the
current output, then read every changed line before keeping it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from example_org import REPOSITORY, copy_example

HERE = Path(__file__).parent
#: this repository (its schemas/ and tests/ cases, which the tests here copy)
REPO = REPOSITORY
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


@dataclass(frozen=True, slots=True)
class Case:
    folder: Path
    args: list[str]
    exit: int
    remove: list[str]

    @property
    def patch(self) -> Path | None:
        patch = self.folder / "changes.patch"
        return patch if patch.is_file() else None


def cases(command: str) -> list[Any]:
    found = []
    for folder in sorted(p for p in (HERE / "cases" / command).iterdir() if p.is_dir()):
        # BaseLoader: every value a string, as typed on a command line (dates stay text)
        text = (folder / "case.yaml").read_text(encoding="utf-8")
        spec = yaml.load(text, Loader=yaml.BaseLoader)
        case = Case(folder, list(spec["args"]), int(spec.get("exit", 0)), spec.get("remove", []))
        found.append(pytest.param(case, id=folder.name))
    return found


from gitrepo import git  # noqa: E402  (re-exported for the tests here)


def example(target: Path) -> Path:
    """A copy of the tests' organisation's records: what every case starts from."""
    return copy_example(target)


def prepare(case: Case, target: Path) -> None:
    for path in case.remove:  # a file, or a whole folder (cycles: an organisation's first)
        if (target / path).is_dir():
            shutil.rmtree(target / path)
        else:
            (target / path).unlink()
    if case.patch is not None:
        git(target, "apply", "--whitespace=nowarn", str(case.patch))


def compare(case: Case, name: str, actual: str) -> None:
    expected = case.folder / name
    if UPDATE:
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"{expected} is missing (PERFCODE_UPDATE_EXPECTED=1 writes it)"
    assert actual == expected.read_text(encoding="utf-8")
