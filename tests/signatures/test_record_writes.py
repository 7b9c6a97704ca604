"""`perfcode signatures record` under a full disk, a read-only folder, a read-only file
system and Ctrl-C: the evidence already kept is intact, no temporary file is left, one line
names the file (the same faults as tests/foundation/test_writers.py, from tests/faults.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, FakeGitHub
from make_example_evidence import EXAMPLE_KEY
from test_signatures import HERE, base_repository

import faults
from gitrepo import git
from perfcode.io.git import blob_id

EVIDENCE = "cycles/2026-H2/signatures.yaml"
CASE = HERE / "cases" / "two-contracts"
KEY_LINE = 'evidence_keys: ["ed25519:qmwMECSVlDjHr8PyFgRhnyV1Jg4WoOKX4ZLkYlYmjs0="]\n'


def merge(github: FakeGitHub, root: Path, number: int, path: str, at: str) -> None:
    """Merge pull request NUMBER into ROOT's main: PATH gains a line; GitHub knows the merge."""
    file = root / path
    status = "modified" if file.exists() else "added"
    file.parent.mkdir(parents=True, exist_ok=True)
    before = file.read_text("utf-8") if file.exists() else ""
    file.write_text(before + f"# merged in #{number}\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Merge pull request #{number}", at=at)
    pull = json.loads((CASE / "pull.json").read_text("utf-8"))
    pull.update(number=number, state="closed", merged_at=at)
    pull["merge_commit_sha"] = git(root, "rev-parse", "HEAD")
    pull["base"]["sha"] = git(root, "rev-parse", "HEAD~1")
    pull["changed_files"] = 1
    head = pull["head"]["sha"]
    github.pulls[number] = pull
    github.files[number] = [{"sha": blob_id(file.read_bytes()), "filename": path, "status": status}]
    github.compares[head] = github.files[number]
    github.reviews[number], github.comments[number] = [], []
    github.commit_pulls[pull["merge_commit_sha"]] = [pull]


def recorded(
    github: FakeGitHub, cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """ROOT with the evidence of pull request #1 kept and #2 merged; the command that
    records #2."""
    base_repository(CASE, root)
    org = root / "people" / "org.yaml"
    org.write_text(org.read_text("utf-8") + KEY_LINE, "utf-8")
    git(root, "commit", "-q", "-am", "keep evidence", at="2026-11-01T00:00:00Z")
    monkeypatch.setenv("PERFCODE_EVIDENCE_KEY", EXAMPLE_KEY)
    merge(github, root, 1, "cycles/2026-H2/contracts/sunli.yaml", "2026-11-21T08:00:00Z")
    args = ["signatures", "record", "--repo", REPO, "--root", str(root)]
    code, out, err = cli(*args)
    assert (code, err) == (0, "") and "recorded #1 " in out and EVIDENCE in out
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Record the signatures", at="2026-11-21T08:10:00Z")
    merge(github, root, 2, "cycles/2026-H2/contracts/zhoujie.yaml", "2026-11-21T09:00:00Z")
    return args


@pytest.mark.parametrize("fault", sorted(faults.FAULTS))
def test_a_failed_record_keeps_the_evidence(
    fault: str, tmp_path: Path, github: FakeGitHub, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "main"
    args = recorded(github, cli, root, monkeypatch)
    before = faults.snapshot(root)
    inject, says, exit_code = faults.FAULTS[fault]
    with monkeypatch.context() as patched:
        inject(patched, root / "cycles", 1)
        try:
            code, out, err = cli(*args)
        finally:
            faults.writable()
    assert code == exit_code, out + err
    assert len(err.splitlines()) == 1 and err.startswith("perfcode: "), err
    assert says in err.lower() and EVIDENCE in err and "the old file is unchanged" in err
    assert "Traceback" not in out + err
    assert faults.leftovers(root) == []
    assert faults.snapshot(root) == before
    code, out, err = cli(*args)  # and once the fault is gone, the evidence is recorded
    assert (code, err) == (0, "") and "recorded #2 (commit " in out, out
