"""perfcode.io.write, the one writer, at the moments the command-level tests cannot reach:
Ctrl-C pressed while several files are renamed into place, and a rename that fails
half-way through (the earlier ones are put back)."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path
from typing import Any

import pytest

import faults
from perfcode.io import write as fsio

REAL_REPLACE = os.replace


def two_files(root: Path) -> dict[Path, str]:
    for name in ("a", "b"):
        (root / name).mkdir()
        (root / name / "results.yaml").write_text(f"old {name}\n")
    return {root / "a" / "results.yaml": "new a\n", root / "b" / "results.yaml": "new b\n"}


def test_ctrl_c_during_the_renames_is_held_until_all_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = two_files(tmp_path)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, between the two renames
        REAL_REPLACE(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(fsio.Interrupted, match="just after writing all 2 files in full"):
        fsio.write_all(files, root=tmp_path)
    monkeypatch.undo()
    assert [p.read_text() for p in files] == ["new a\n", "new b\n"]
    assert faults.leftovers(tmp_path) == []


def test_a_rename_that_fails_half_way_puts_the_earlier_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = two_files(tmp_path)
    seen = []

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if str(src).endswith(".tmp"):
            seen.append(dst)
            if len(seen) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        REAL_REPLACE(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(fsio.WriteFailed, match=r"b/results.yaml: .*none of the 2 files"):
        fsio.write_all(files, root=tmp_path)
    monkeypatch.undo()
    assert [p.read_text() for p in files] == ["old a\n", "old b\n"]
    assert faults.leftovers(tmp_path) == []


def test_new_refuses_what_exists_and_writes_what_does_not(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(fsio.Refused, match="symbolic link"):  # never replaced
        fsio.write(tmp_path / "dangling", "x\n", root=tmp_path, new=True)
    assert not (tmp_path / "nowhere").exists()
    fsio.write(tmp_path / "made" / "deep" / "file.yaml", "x\n", root=tmp_path, new=True)
    assert (tmp_path / "made" / "deep" / "file.yaml").read_text() == "x\n"
    with pytest.raises(fsio.Refused, match="outside"):
        fsio.write(tmp_path.parent / "elsewhere.yaml", "x\n", root=tmp_path)
