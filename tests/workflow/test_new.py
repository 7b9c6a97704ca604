"""`perfcode new`: every file written validates, and reads as expected (cases/new/*).

`expected.txt` holds what the command prints; `expected/` the files it writes, at their
repository paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.cli import main

from .conftest import UPDATE, Case, cases, compare, example, prepare


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", cases("new"))
def test_new(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path / "repo")
    prepare(case, root)
    before = _files(root)
    code = main(["new", *case.args, "--root", str(root)])
    out = capsys.readouterr()
    assert code == case.exit, out.err
    compare(case, "expected.txt", out.out + out.err)
    after = _files(root)
    assert all(after[path] == data for path, data in before.items()), "a file was overwritten"
    written = {path: after[path] for path in after.keys() - before.keys()}
    expected = case.folder / "expected"
    if UPDATE:
        for path, data in written.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_bytes(data)
    wanted = _files(expected) if expected.is_dir() else {}
    assert written == wanted
    if written:
        problems = [
            p for p in check_repository(root).problems if not p.path.endswith("/results.yaml")
        ]
        assert problems == [], "the scaffold does not validate"
