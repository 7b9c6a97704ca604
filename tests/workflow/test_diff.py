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


def _committed(tmp_path: Path) -> Path:
    """The example organisation in a git repository, as one base commit."""
    root = example(tmp_path / "repo")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "base")
    return root


def test_diff_reports_links_and_submodules_of_the_revision_that_holds_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A head commit holding a record that links outside the repository, and a submodule
    among the records: git archive's data filter used to crash on the link; now both are
    the loader's problems for that revision (exit 1), and nothing behind them is read."""
    root = _committed(tmp_path)
    (root / "people/intruder.yaml").symlink_to("/etc/passwd")
    git(root, "add", "people/intruder.yaml")
    base = git(root, "rev-parse", "HEAD")
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{base},cycles/2026-H1/plans")
    git(root, "commit", "--quiet", "--message", "head")
    head = git(root, "rev-parse", "--short=7", "HEAD")
    code = main(["diff", "HEAD~1", "HEAD", "--root", str(root)])
    out = capsys.readouterr()
    assert code == 1
    assert out.err == ""
    lines = out.out.splitlines()
    assert lines[:2] == [
        "cycles/2026-H1/plans:1:1: PC052 this folder is a separate git repository "
        "(a submodule), so nothing in it was checked: records live in this repository; "
        "move the files here",
        'people/intruder.yaml:1:1: PC050 this is a symbolic link (to "/etc/passwd"); '
        "perfcode never follows links, so it was not read: put the file or folder itself here",
    ]
    assert (
        lines[-1] == f"perfcode: the records at HEAD ({head}) have problems; run perfcode validate."
    )
    assert "Traceback" not in out.out


def test_diff_reports_a_link_in_the_base_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The problem is the base's when the base holds the link (a pull request removing it)."""
    root = _committed(tmp_path)
    (root / "people/zhaomin.yaml").rename(root / "zhaomin.yaml")
    (root / "people/zhaomin.yaml").symlink_to("../zhaomin.yaml")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "link inside the repository")
    (root / "people/zhaomin.yaml").unlink()
    (root / "zhaomin.yaml").rename(root / "people/zhaomin.yaml")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "the file itself again")
    base = git(root, "rev-parse", "--short=7", "HEAD~1")
    code = main(["diff", "HEAD~1", "HEAD", "--root", str(root)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert (
        'people/zhaomin.yaml:1:1: PC050 this is a symbolic link (to "../zhaomin.yaml"); '
        "perfcode never follows links, so it was not read: put the file or folder itself here"
    ) in lines
    assert lines[-1] == (
        f"perfcode: the records at HEAD~1 ({base}) have problems; run perfcode validate."
    )
    assert main(["diff", "HEAD~2", "HEAD", "--root", str(root)]) == 0
