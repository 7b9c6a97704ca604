"""`perfcode init` refuses, with exit 2 and nothing written: a folder that holds anything
(a hidden file too), a link (even to an empty folder), a file, a folder reached through a
link; an unknown template or language; options that do not validate; --example with the
options of a new company."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from perfcode.cli import main


def _hidden(tmp: Path) -> None:
    (tmp / "company").mkdir()
    (tmp / "company" / ".git").mkdir()


def _link(tmp: Path) -> None:
    (tmp / "empty").mkdir()
    (tmp / "company").symlink_to("empty")


def _file(tmp: Path) -> None:
    (tmp / "company").write_text("notes\n")


def _through_a_link(tmp: Path) -> None:
    (tmp / "real").mkdir()
    (tmp / "via").symlink_to("real")


def _nothing(tmp: Path) -> None:
    pass


def _a_git_folder(tmp: Path) -> None:
    (tmp / "repo" / ".git").mkdir(parents=True)


CASES: list[tuple[str, Callable[[Path], None], list[str], str]] = [
    ("not-empty", _hidden, ["company"], "company is not empty (it holds .git)"),
    ("a-link", _link, ["company"], "refusing to write company: the file company is a symbolic"),
    ("a-file", _file, ["company"], "company is not a folder"),
    ("in-git", _a_git_folder, ["repo/.git/company"], "lies in a .git folder"),
    ("through-a-link", _through_a_link, ["via/company"], "the folder via is a symbolic link"),
    ("template", _nothing, ["company", "--template", "sales"], "invalid choice: 'sales'"),
    ("language", _nothing, ["company", "--language", "fr"], "invalid choice: 'fr'"),
    ("owner", _nothing, ["company", "--owner", "Zhang San"], "--owner must be an id"),
    ("github", _nothing, ["company", "--github", "-bad-"], "--github: "),
    ("name", _nothing, ["company", "--name", ""], "--name: "),
    ("cycle", _nothing, ["company", "--cycle", "2026-H3"], "'2026-H3' is not a cycle id"),
    (
        "example",
        _nothing,
        ["company", "--example", "--template", "service"],
        "leave out --template",
    ),
]


def _tree(root: Path) -> list[str]:
    return sorted(f"{p.relative_to(root)}{'@' if p.is_symlink() else ''}" for p in root.rglob("*"))


@pytest.mark.parametrize(
    ("setup", "args", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_init_refuses_and_writes_nothing(
    setup: Callable[[Path], None],
    args: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup(tmp_path)
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["init", *args])
    except SystemExit as usage:  # argparse's own usage errors
        code = usage.code
    out = capsys.readouterr()
    assert code == 2
    assert said in out.out + out.err
    assert _tree(tmp_path) == before
