"""Every command that writes, under a full disk, a read-only folder, a read-only file system
and Ctrl-C (while writing, and while renaming into place): the old files are intact, no
temporary file is left, one line names the file, the exit code is 2 (130 for Ctrl-C).
And nothing is ever written through a symbolic link, nor does `new` replace a link.

The faults come from tests/faults.py. `perfcode signatures record`, which needs a fake
GitHub, has the same tests in tests/signatures/test_record_writes.py.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import faults
from example_org import copy_example
from gitrepo import git
from perfcode.cli import main

HERE = Path(__file__).parent
BASE = HERE.parent / "validate" / "base"
#: how every export starts: the byte order mark and the header row
EXPORT_HEADER = (
    "\ufeffcycle,person,name,status,score,grade,pay_ratio,outcomes,pay_correction\r\n".encode()
)


@dataclass(frozen=True, slots=True)
class Writer:
    args: tuple[str, ...]  # "{root}" stands for the repository's folder
    repo: str  # "base" (tests/validate/base) or "example"
    targets: tuple[str, ...]  # the files it writes, below the repository
    named: str  # what the one line must name
    keeps: bool  # the targets exist before, with content the failed write must keep


WRITERS = {
    "score --write": Writer(
        ("score", "{root}", "--write"),
        "example",
        ("cycles/2026-H1/results.yaml", "cycles/2026-H2/results.yaml"),
        "cycles/2026-H",
        keeps=True,
    ),
    "codeowners": Writer(
        ("codeowners", "{root}"), "base", (".github/CODEOWNERS",), ".github/CODEOWNERS", True
    ),
    "new contract": Writer(
        ("new", "contract", "zhaomin", "--root", "{root}"),
        "base",
        ("cycles/2026-H2/contracts/zhaomin.yaml",),
        "cycles/2026-H2/contracts/zhaomin.yaml",
        keeps=False,
    ),
    "export -o": Writer(
        ("export", "{root}", "-o", "{root}/scores.csv"), "base", ("scores.csv",), "scores.csv", True
    ),
    "sample": Writer(
        ("sample", "{root}/trial", "--people", "3"),
        "base",
        ("trial/people/org.yaml",),
        "trial/",
        False,
    ),
    "site": Writer(
        ("site", "{root}", "--out", "{root}/public", "--today", "2026-12-01"),
        "base",
        ("site/index.md",),
        "site",
        keeps=False,
    ),
}


def repository(kind: str, root: Path) -> Path:
    if kind == "base":
        shutil.copytree(BASE, root)
    else:
        copy_example(root)  # the tests' organisation: two cycles with results.yaml
    return root


def prepare(writer: Writer, root: Path) -> None:
    """Plant the old content a failed write must keep (stale, so a rewrite would change it)."""
    for target in writer.targets:
        path = root / target
        if writer.keeps:
            path.parent.mkdir(parents=True, exist_ok=True)
            old = path.read_bytes() if path.is_file() else b""
            if path.suffix == ".csv":  # export replaces only an earlier export of its own
                old = EXPORT_HEADER + b"2026-H1,someone,,scored,1.00,C,0.5,\r\n"
            path.write_bytes(old + "# 旧的 (old)\n".encode())
    (root / "trial").mkdir()  # sample's (empty) folder, where its fault strikes


def run(args: tuple[str, ...], root: Path) -> int:
    return main([a.replace("{root}", str(root)) for a in args])


@pytest.mark.parametrize("fault", sorted(faults.FAULTS))
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_failed_write_changes_nothing(
    name: str,
    fault: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    writer = WRITERS[name]
    inject, says, exit_code = faults.FAULTS[fault]
    root = repository(writer.repo, tmp_path / "repo")
    prepare(writer, root)
    before = faults.snapshot(root)
    inject(monkeypatch, root / "trial" if name == "sample" else root, len(writer.targets))
    try:
        code = run(writer.args, root)
    finally:
        monkeypatch.undo()
        faults.writable()
    out, err = capsys.readouterr()
    shown = (out + err).replace(str(root) + "/", "")
    assert "Traceback" not in shown and "internal error" not in shown
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("perfcode: "), err
    assert says in lines[0].lower(), lines[0]
    assert writer.named in shown, shown
    assert code == exit_code, shown
    assert faults.leftovers(root) == []
    assert faults.snapshot(root) == before


def test_every_writer_is_covered() -> None:
    """The writers above are the commands that write (signatures record: its own file)."""
    import importlib

    writing = {"score", "codeowners", "new", "export", "sample", "site", "signatures"}
    assert {w.args[0] for w in WRITERS.values()} | {"signatures"} == writing
    assert all(importlib.import_module(f"perfcode.cli.commands.{c}").run for c in writing)


def test_the_writes_succeed_without_faults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same command lines write what they say (so the failures above are the faults')."""
    for name in ("score --write", "codeowners", "new contract", "export -o", "sample"):
        writer = WRITERS[name]
        root = repository(writer.repo, tmp_path / name.replace(" ", "-"))
        prepare(writer, root)
        before = faults.snapshot(root)
        assert run(writer.args, root) == 0, capsys.readouterr()
        after = faults.snapshot(root)
        for target in writer.targets:
            assert after.get(target) not in (None, before.get(target)), target
        assert faults.leftovers(root) == []
    capsys.readouterr()


# --- links -------------------------------------------------------------------------------


def test_new_never_replaces_a_dangling_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository("base", tmp_path / "repo")
    outside = tmp_path / "outside.yaml"
    link = root / "cycles/2026-H2/contracts/zhaomin.yaml"
    link.symlink_to(outside)  # points nowhere yet
    code = run(("new", "contract", "zhaomin", "--root", "{root}"), root)
    _, err = capsys.readouterr()
    assert code == 2 and "exists already" in err and len(err.splitlines()) == 1
    assert link.is_symlink() and os.readlink(link) == str(outside)
    assert not outside.exists()


@pytest.mark.parametrize(
    ("name", "link"),
    [
        ("score --write", "cycles/2026-H2/results.yaml"),  # the file is a link
        ("codeowners", ".github"),  # its folder is a link
        ("new contract", "cycles/2026-H2/contracts"),
        ("export -o", "scores.csv"),
    ],
)
def test_nothing_is_written_through_a_link(
    name: str, link: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = WRITERS[name]
    root = repository(writer.repo, tmp_path / "repo")
    outside = tmp_path / "outside"
    path = root / link
    if path.is_dir():
        shutil.move(path, outside)
    elif path.is_file():
        outside.write_bytes(path.read_bytes())
        path.unlink()
    else:
        outside.mkdir() if "." not in path.name else outside.write_text("old\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside)
    before = faults.snapshot(outside) if outside.is_dir() else outside.read_bytes()
    code = run(writer.args, root)
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "symbolic link" in err and len(err.splitlines()) == 1, err
    after = faults.snapshot(outside) if outside.is_dir() else outside.read_bytes()
    assert after == before
    assert faults.leftovers(tmp_path) == []


# --- export -o: which files it may replace -------------------------------------------------


def export(root: Path, output: str) -> int:
    return main(["export", str(root), "-o", output])


def test_export_replaces_its_own_earlier_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository("base", tmp_path / "repo")
    pay = tmp_path / "pay.csv"
    assert export(root, str(pay)) == 0
    fresh = pay.read_bytes()
    pay.write_bytes(fresh + b"2026-H1,someone,,scored,1.00,C,0.5,\r\n")  # last month's
    assert export(root, str(pay)) == 0  # run again: the earlier export is replaced
    assert pay.read_bytes() == fresh
    assert capsys.readouterr() == ("", "")


# a git repository, a folder that is a link, a planted mkdocs.yml, and a salary sheet
def _planted(root: Path) -> None:
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / "mkdocs.yml").write_text("site_name: 绩效\n", encoding="utf-8")
    (root / "README.md").write_text("# 绩效\n", encoding="utf-8")
    shutil.copytree(HERE.parents[1] / "schemas", root / "schemas")
    (root / "salaries.csv").write_text("name,salary\r\n王红军,30000\r\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("people/zhaomin.yaml", "lies in people/"),
        ("cycles/2026-H2/cycle.yaml", "lies in cycles/"),
        ("schemas/person.schema.json", "lies in schemas/"),
        (".git/HEAD", "lies in a .git folder"),
        (".git/pay.csv", "lies in a .git folder"),
        ("mkdocs.yml", "not an earlier perfcode export"),
        ("README.md", "not an earlier perfcode export"),
        ("salaries.csv", "not an earlier perfcode export"),
        ("cycles", "lies in cycles/"),
        ("reports", "it is a folder"),
    ],
)
def test_export_never_replaces_what_it_did_not_write(
    target: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository("base", tmp_path / "repo")
    _planted(root)
    (root / "reports").mkdir()
    before = faults.snapshot(root)
    head = (root / ".git" / "HEAD").read_bytes()
    assert export(root, str(root / target)) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("perfcode: refusing"), err
    assert says in err, err
    assert faults.snapshot(root) == before
    assert (root / ".git" / "HEAD").read_bytes() == head
    assert sorted(p.name for p in (root / ".git").iterdir() if p.name == "pay.csv") == []


@pytest.mark.parametrize("typed", ["dl/pay.csv", "{tmp}/dl/pay.csv", "dl/../pay.csv", "dl"])
def test_export_never_writes_through_a_folder_link(
    typed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository("base", tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "dl").symlink_to(elsewhere)
    monkeypatch.chdir(tmp_path)
    assert export(root, typed.replace("{tmp}", str(tmp_path))) == 2
    _, err = capsys.readouterr()
    assert "the folder" in err or "the file" in err, err
    assert "dl is a symbolic link (to " in err and len(err.splitlines()) == 1, err
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "pay.csv").exists()
