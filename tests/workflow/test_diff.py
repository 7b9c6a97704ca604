"""`perfcode diff BASE HEAD` between two commits of a real git repository (cases/diff/*).

The base commit is the example organisation; the head commit applies `changes.patch`.
Commit ids in the output are replaced by <BASE> and <HEAD>.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfcode.cli import main
from perfcode.problems import CODES_ZH

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
    assert lines[:2] == [  # the example is a zh organisation: each code's sentence in Chinese
        f"cycles/2026-H1/plans:1:1: PC052 {CODES_ZH['PC052']} "
        "this folder is a separate git repository "
        "(a submodule), so nothing in it was checked: records live in this repository; "
        "move the files here",
        f"people/intruder.yaml:1:1: PC050 {CODES_ZH['PC050']} "
        'this is a symbolic link (to "/etc/passwd"); '
        "perfcode never follows links, so it was not read: put the file or folder itself here",
    ]
    assert lines[-1] == f"perfcode:HEAD ({head}) 的记录有问题;请运行 perfcode validate。"
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
        f"people/zhaomin.yaml:1:1: PC050 {CODES_ZH['PC050']} "
        'this is a symbolic link (to "../zhaomin.yaml"); '
        "perfcode never follows links, so it was not read: put the file or folder itself here"
    ) in lines
    assert lines[-1] == f"perfcode:HEAD~1 ({base}) 的记录有问题;请运行 perfcode validate。"
    assert main(["diff", "HEAD~2", "HEAD", "--root", str(root)]) == 0


HOSTILE = '"<img src=x onerror=alert(1)> @everyone [here](https://evil.example) `x` | y"'


def _hostile_head(tmp_path: Path) -> tuple[Path, str]:
    """The example as the base commit; the head commit gives a person a department that
    holds HTML, a mention, a link, backticks and a table bar (a PC035 problem)."""
    root = _committed(tmp_path)
    person = root / "people/zhaomin.yaml"
    text = person.read_text(encoding="utf-8")
    lines = [
        f"department: {HOSTILE}" if ln.startswith("department:") else ln for ln in text.splitlines()
    ]
    person.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(root, "commit", "--quiet", "--all", "--message", "head")
    return root, git(root, "rev-parse", "--short=7", "HEAD").strip()


def test_diff_problems_in_markdown_are_a_job_summary_with_every_value_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format markdown is teed into $GITHUB_STEP_SUMMARY: the problems come as the
    Markdown table, nothing from a record becomes HTML, a link or a mention."""
    root, head = _hostile_head(tmp_path)
    code = main(["diff", "HEAD~1", "HEAD", "--root", str(root), "--format", "markdown"])
    out = capsys.readouterr()
    assert (code, out.err) == (1, "")
    lines = out.out.splitlines()
    assert lines[0] == f"### perfcode diff:HEAD ({head}) 的记录有问题"  # a zh organisation
    assert "| 文件 | 位置 | 代码 | 问题 |" in lines
    row = next(line for line in lines if line.startswith("| `people/zhaomin.yaml`"))
    assert "PC035" in row
    assert "\\<img src=x onerror=alert(1)\\> \\@everyone \\[here\\](https://evil.example)" in row
    assert "<img" not in out.out.replace("\\<img", "")
    assert " @everyone" not in out.out and "](https" not in out.out.replace("\\](https", "")
    assert row.count(" | ") == 3  # the value's bar is escaped: still four cells
    assert lines[-1] == "未作比较:请对该版本运行 perfcode validate 并修正问题。"


def test_diff_problems_in_json_are_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, head = _hostile_head(tmp_path)
    code = main(["diff", "HEAD~1", "HEAD", "--root", str(root), "--format", "json"])
    out = capsys.readouterr()
    assert (code, out.err) == (1, "")
    payload = json.loads(out.out)
    assert payload["revision"] == f"HEAD ({head})"
    assert [(p["path"], p["code"]) for p in payload["problems"]] == [
        ("people/zhaomin.yaml", "PC035")
    ]
    assert HOSTILE.strip('"') in payload["problems"][0]["message"]


def test_diff_problems_in_text_are_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, head = _hostile_head(tmp_path)
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("people/zhaomin.yaml:") and " PC035 " in lines[0]
    assert lines[-2].endswith("个文件:1 个问题。")  # a zh organisation
    assert lines[-1] == f"perfcode:HEAD ({head}) 的记录有问题;请运行 perfcode validate。"
