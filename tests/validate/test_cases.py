"""`perfcode validate` on broken inputs: one folder per case under cases/ (see README.md).

Each case is an overlay on a fresh copy of base/: `files/` is copied over it, the paths in
`remove.txt` are deleted, and `case.yaml` generates inputs that must not be committed
(a 50 MB file, binary data, GBK text, a byte-order mark). The real CLI runs in-process;
its output must equal `expected.txt` (and `expected.json` / `expected.github` /
`expected.markdown` when present).

Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files from the current output;
then read every changed line before keeping it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfcode.cli import main

HERE = Path(__file__).parent
BASE = HERE / "base"
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"

#: --format value → the file holding that format's expected output
FORMATS = {
    "text": "expected.txt",
    "json": "expected.json",
    "github": "expected.github",
    "markdown": "expected.markdown",
}

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Generated:
    """One file a case generates at test time instead of committing it."""

    path: str
    kind: str  # large | binary | gbk | bom | text
    text: str = ""
    megabytes: int = 0

    def write(self, root: Path) -> None:
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "large":
            line = b"- filler: this line repeats to make the file large\n"
            block = line * (MEGABYTE // len(line) + 1)
            with target.open("wb") as out:
                for _ in range(self.megabytes):
                    out.write(block[:MEGABYTE])
        elif self.kind == "binary":
            target.write_bytes(bytes(range(256)) * 4)
        elif self.kind == "gbk":
            target.write_bytes(self.text.encode("gbk"))
        elif self.kind == "text":  # plain UTF-8, for names that cannot be committed
            target.write_text(self.text, encoding="utf-8")
        elif self.kind == "bom":
            target.write_bytes(b"\xef\xbb\xbf" + self.text.encode("utf-8"))
        else:
            raise ValueError(f"unknown generate kind {self.kind!r} in case.yaml")


def _generated(case: Path) -> list[Generated]:
    spec = case / "case.yaml"
    if not spec.is_file():
        return []
    data: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8")) or {}
    return [Generated(**entry) for entry in data.get("generate", [])]


def build_repository(case: Path, root: Path) -> Path:
    """A fresh copy of base/ with the case's overlay applied."""
    shutil.copytree(BASE, root)
    files = case / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    removals = case / "remove.txt"
    if removals.is_file():
        for line in removals.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                target = root / line.strip()
                assert target.is_file(), f"remove.txt names {line!r}, which base/ does not have"
                target.unlink()
    for generated in _generated(case):
        generated.write(root)
    return root


def _expected_exit(text_output: str) -> int:
    """1 when the summary counts any problem (an error), 0 when only warnings or none."""
    summary = text_output.rstrip("\n").rsplit("\n", 1)[-1]
    counts = summary.split(":", 1)[-1].split(":", 1)[-1]  # English, or Chinese (:)
    return 1 if " problem" in counts or "个问题" in counts else 0


def test_base_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BASE)]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("个文件:没有问题。\n")  # base/ is a zh organisation
    assert err == ""


def test_enough_cases() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = build_repository(case, tmp_path / "repo")
    formats = [fmt for fmt, name in FORMATS.items() if fmt == "text" or (case / name).is_file()]
    for fmt in formats:
        code = main(["validate", str(root), "--format", fmt])
        out, err = capsys.readouterr()
        assert err == "", f"stderr must stay empty, got: {err}"
        assert "Traceback" not in out
        expected_file = case / FORMATS[fmt]
        if UPDATE:
            expected_file.write_text(out, encoding="utf-8")
        expected = expected_file.read_text(encoding="utf-8")
        assert out == expected, f"--format {fmt} differs from {expected_file.name}"
        if fmt == "text":
            last = out.splitlines()[-1]
            assert out.endswith((".\n", "。\n"))
            assert "documents checked" in last or "个文件" in last
            assert code == _expected_exit(expected)
            shows = "(warning)" in out or "(警告)" in out
            assert code == 1 or shows, "a case must show at least one problem"
    # the first run above read every file; this one takes each from the cache of loads
    assert main(["validate", str(root)]) == _expected_exit(expected_text := _text(case))
    out, _ = capsys.readouterr()
    assert out == expected_text, "with the cache of loads, the same problems"


def _text(case: Path) -> str:
    return (case / FORMATS["text"]).read_text(encoding="utf-8")
