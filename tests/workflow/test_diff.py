"""`perfcode diff BASE HEAD` between two commits of a real git repository (cases/diff/*).

The base commit is the example organisation; the head commit applies `changes.patch`.
Commit ids in the output are replaced by <BASE> and <HEAD>.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode.cli import main

from .conftest import Case, cases, compare, example, git, prepare


@pytest.mark.parametrize("case", cases("diff"))
def test_diff(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path / "repo")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "base")
    prepare(case, root)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "--message", "head")
    code = main(["diff", *case.args, "--root", str(root)])
    out = capsys.readouterr()
    assert code == case.exit, out.err
    text = out.out + out.err
    for name, rev in (("<BASE>", "HEAD~1"), ("<HEAD>", "HEAD")):
        text = text.replace(git(root, "rev-parse", "--short=7", rev).strip(), name)
    compare(case, "expected.txt", text)
