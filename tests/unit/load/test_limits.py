"""A record a person writes is at most 1 MB; a file perfcode generates (results.yaml,
signatures.yaml) grows with the organisation and has its own limit, so perfcode's own output
at 20,000 people validates."""

from __future__ import annotations

from pathlib import Path

from example_org import copy_example
from perfcode.check import check_repository
from perfcode.load import repository as load


def _copy(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "repo")


def test_generated_files_have_their_own_limit() -> None:
    assert load.max_bytes("cycles/2026-H2/results.yaml") == load.GENERATED_MAX_BYTES
    assert load.max_bytes("cycles/2026-H2/signatures.yaml") == load.GENERATED_MAX_BYTES
    assert load.max_bytes("cycles/2026-H2/contracts/sunli.yaml") == load.MAX_FILE_BYTES
    assert load.max_bytes("people/sunli.yaml") == load.MAX_FILE_BYTES
    assert load.max_bytes("cycles/2026-H2/notes.txt") == load.MAX_FILE_BYTES


def test_a_large_generated_file_validates_and_a_large_record_does_not(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    padding = "# " + "x" * 1022 + "\n"  # 1 KiB a line
    results = root / "cycles/2026-H2/results.yaml"
    results.write_text(results.read_text("utf-8") + padding * 1500, "utf-8")  # ~1.5 MB
    evidence = root / "cycles/2026-H2/signatures.yaml"
    evidence.write_text(evidence.read_text("utf-8") + padding * 1500, "utf-8")
    assert not [p for p in check_repository(root).problems if p.code == "PC004"]
    contract = root / "cycles/2026-H2/contracts/sunli.yaml"
    contract.write_text(contract.read_text("utf-8") + padding * 1500, "utf-8")
    found = [p for p in check_repository(root).problems if p.code == "PC004"]
    assert [p.path for p in found] == ["cycles/2026-H2/contracts/sunli.yaml"]
    assert "(the limit is 1 MB)" in found[0].message
