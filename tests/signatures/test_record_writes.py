"""`perfcode signatures record` under a full disk, a read-only folder, a read-only file
system and Ctrl-C: the evidence already kept is intact, no temporary file is left, one line
names the file (the same faults as tests/foundation/test_writers.py, from tests/faults.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, FakeGitHub
from test_signatures import HERE, base_repository, serve

import faults
from gitrepo import git

EVIDENCE = "cycles/2026-H2/signatures.yaml"


def recorded(github: FakeGitHub, cli: Any, root: Path) -> list[str]:
    """ROOT with the evidence of pull request #1 kept; the command that records #2."""
    case = HERE / "cases" / "two-contracts"
    number = serve(github, case, base_repository(case, root))
    github.pulls[number]["merged_at"] = "2026-11-21T08:00:00Z"
    args = ["signatures", "record", "--repo", REPO, "--root", str(root)]
    assert cli(*args, "--pr", str(number))[1] == f"wrote {EVIDENCE}\n"
    serve(github, HERE / "cases" / "rename", git(root, "rev-parse", "HEAD"), number=2)
    github.pulls[2]["merged_at"] = "2026-11-21T09:00:00Z"
    return [*args, "--pr", "2"]


@pytest.mark.parametrize("fault", sorted(faults.FAULTS))
def test_a_failed_record_keeps_the_evidence(
    fault: str, tmp_path: Path, github: FakeGitHub, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "main"
    args = recorded(github, cli, root)
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
    assert (code, out) == (0, f"wrote {EVIDENCE}\n"), err
