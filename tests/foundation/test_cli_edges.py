"""The CLI on odd inputs: the wrong folder, no cycles, unknown people, cycles and revisions.

One folder per scenario under cli-edges/: `case.yaml` names the repository it starts from
(`empty`, `people-only` (people/ and an empty cycles/), `base` (tests/validate/base) or
`git` (base committed on branch main)), the command line (`{root}` stands for the
repository's folder) and the exit code; `files/`, when present, is laid over the repository
first; `cwd: repo` runs the command inside the repository's folder (for `--out .`).
`expected.txt` is what the user sees, standard output then standard error. Never a
traceback: a sentence and exit 1 or 2 (0 where there is nothing wrong). Set
PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files, then read every changed line
before keeping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from gitrepo import git
from perfcode.cli import main

HERE = Path(__file__).parent
BASE = HERE.parent / "validate" / "base"
CASES = sorted(p for p in (HERE / "cli-edges").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


def repository(kind: str, root: Path) -> Path:
    if kind == "empty":
        root.mkdir()
    elif kind == "people-only":
        shutil.copytree(BASE / "people", root / "people")
        (root / "cycles").mkdir()
    elif kind in ("base", "git"):
        shutil.copytree(BASE, root)
        if kind == "git":
            git(root, "init", "--quiet", "--initial-branch=main")
            git(root, "add", "--all")
            git(root, "commit", "--quiet", "--message", "records")
    else:
        raise ValueError(f"unknown repo {kind!r} in case.yaml")
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_edge(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # BaseLoader: every value a string, as typed on a command line
    spec: dict[str, Any] = yaml.load(
        (case / "case.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )
    root = repository(spec["repo"], tmp_path / "repo")
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    if spec.get("cwd") == "repo":
        monkeypatch.chdir(root)
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
    args = [arg.replace("{root}", str(root)) for arg in spec.get("args") or []]
    code = main(args)
    out, err = capsys.readouterr()
    shown = (out + err).replace(str(root), "{root}")
    assert "Traceback" not in shown and "internal error" not in shown
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(shown, encoding="utf-8")
    assert shown == expected.read_text(encoding="utf-8")
    assert code == int(spec["exit"])
    if code == 2:
        assert err.startswith("perfcode: ") or out.startswith("usage: "), err
        after = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
        assert after == before, "a refused command must not write anything"


def test_enough_edges() -> None:
    assert len(CASES) >= 15
