"""`perfcode signatures record` onto a signatures.yaml that is not evidence perfcode can read
back: the user's problem, told in one line that names the file (and the place, for broken
YAML), exit 1, and the file left as it was. Never "internal error … a bug in perfcode".

The history is a real git repository whose main merged pull request #1 (the policy owner's,
starting to keep evidence) and #2 (sunli's contract), served by the fake GitHub; the broken
file is what main holds when the recorder runs, so #1 and #2 are both still to record."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode.errors import EXIT_PROBLEMS
from signatures.conftest import REPO, FakeGitHub, running
from signatures.test_record_verify import EVIDENCE, SUNLI, History, contract, start

MEND = "mend it (perfcode validate shows every problem), then record again"

BROKEN = {
    "broken YAML": (
        "entries:\n  - pr: 1\n   head: abc\n",
        f"perfcode: {EVIDENCE}:3:4: ",
    ),
    "no entries list": (
        "entries: none\n",
        f"perfcode: {EVIDENCE} is not a signatures file (it should hold `entries:`, a list of "
        f"pull requests' evidence); {MEND}\n",
    ),
    "entries that are not mappings": (
        "entries:\n  - 1\n  - two\n",
        f"perfcode: {EVIDENCE} is not a signatures file (it should hold `entries:`, a list of "
        f"pull requests' evidence); {MEND}\n",
    ),
    "a list, not a mapping": (
        "- pr: 1\n",
        f"perfcode: {EVIDENCE} is not a signatures file (it should hold `entries:`, a list of "
        f"pull requests' evidence); {MEND}\n",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_signatures_file_perfcode_cannot_read_is_the_users_to_mend(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, says = BROKEN[case]
    with running(FakeGitHub()) as github:
        history: History = start(tmp_path / "records", github, monkeypatch, capsys)
        signs = {"signs": ["wanghongjun"], "approvals": ["sunli"]}
        history.merge(2, "wanghongjun", {SUNLI: contract()}, "2026-07-06", **signs)
        history.push("evidence by hand", {EVIDENCE: text}, "2026-07-06T11:00:00Z")
        before = sorted(p.relative_to(history.root) for p in history.root.rglob("*.yaml"))
        args = ["signatures", "record", "--repo", REPO, "--root", str(history.root)]
        code, out, err = history.call(*args)
    assert (code, err) == (EXIT_PROBLEMS, "")  # a problem, on standard output like others
    assert out.startswith(says) and out.endswith(f"; {MEND}\n") and len(out.splitlines()) == 1
    assert (history.root / EVIDENCE).read_text(encoding="utf-8") == text
    after = sorted(p.relative_to(history.root) for p in history.root.rglob("*.yaml"))
    assert after == before  # no other cycle's evidence was written either
    assert history.git("status", "--porcelain", at="2026-07-06T12:00:00Z") == ""
