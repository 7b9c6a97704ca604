"""`perfcode signatures record` onto a signatures.yaml that is not evidence perfcode can read
back: the user's problem, told in one line that names the file (and the place, for broken
YAML), exit 1, and the file left as it was. Never "internal error … a bug in perfcode"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gitrepo import git
from perfcode.cli import main
from signatures.conftest import REPO, FakeGitHub, running

TESTS = Path(__file__).parents[2]
BASE = TESTS / "signatures" / "base"
CASE = TESTS / "signatures" / "cases" / "two-contracts"
EVIDENCE = "cycles/2026-H2/signatures.yaml"
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
}


def _merged_pull_request(github: FakeGitHub, root: Path) -> int:
    """The base registry committed at ROOT, and the case's pull request merged on GitHub."""
    shutil.copytree(BASE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base", at="2026-11-01T00:00:00Z")
    pull = json.loads((CASE / "pull.json").read_text("utf-8"))
    pull["base"]["sha"] = git(root, "rev-parse", "HEAD")
    pull["merged_at"] = "2026-11-21T08:00:00Z"
    number = int(pull["number"])
    github.pulls[number] = pull
    for name, table in (("files", github.files), ("reviews", github.reviews)):
        table[number] = json.loads((CASE / f"{name}.json").read_text("utf-8"))
    github.comments[number] = json.loads((CASE / "comments.json").read_text("utf-8"))
    for commit in json.loads((CASE / "commits.json").read_text("utf-8")):
        github.commits[commit["sha"]] = commit
    return number


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_signatures_file_perfcode_cannot_read_is_the_users_to_mend(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, says = BROKEN[case]
    root = tmp_path / "main"
    with running(FakeGitHub()) as github:
        number = _merged_pull_request(github, root)
        (root / EVIDENCE).write_text(text, encoding="utf-8")
        monkeypatch.setenv("GITHUB_API_URL", github.url)
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        args = ["signatures", "record", "--repo", REPO, "--pr", str(number), "--root", str(root)]
        code = main(args)
    out, err = capsys.readouterr()
    assert "internal error" not in out + err and "Traceback" not in out + err
    assert (code, err) == (1, "")
    assert out.startswith(says) and out.endswith(f"; {MEND}\n") and len(out.splitlines()) == 1
    assert (root / EVIDENCE).read_text(encoding="utf-8") == text
