"""`perfcode signatures` against a fake GitHub on 127.0.0.1: one folder per case under cases/.

A case holds what GitHub would answer, in GitHub's JSON shapes: `pull.json`, `files.json`
(with each file's blob id at the head), `reviews.json`, `comments.json` (issue comments),
`compare.json` (optional: the pull request's changes at other commits, by commit, as the
three-dot compare lists them; the head's are `files.json`), and `head/` (file contents at
the head commit, for appeals, calibration and results). `base/` is laid over the base
registry in base/ (people/ and each cycle's cycle.yaml); the result is committed to a real
git repository, the checkout of the default branch the check reads the registry from, and
its commit becomes the pull request's `base.sha`. `case.json` gives the date closed cycles
are judged on and, optionally, the page size the server uses.
The JSON output must equal `expected.json` (the exact required / signed / missing sets)
and the checklist `expected.txt`; the exit code is 0 exactly when nothing is missing.

Set PERFCODE_UPDATE_EXPECTED=1 to rewrite expected.txt from the current output; then
read every changed line before keeping it. expected.json is written by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, FakeGitHub

from gitrepo import git
from perfcode.signatures import rules as sig

HERE = Path(__file__).parent
BASE = HERE / "base"
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
AT = "2026-11-01T00:00:00Z"  # every commit of the base repositories


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, at=AT)
    return git(root, "rev-parse", "HEAD")


def base_repository(case: Path, root: Path, source: Path = BASE) -> str:
    """A git repository holding the base registry (with the case's changes); its commit."""
    shutil.copytree(source, root)
    if (case / "base").is_dir():
        shutil.copytree(case / "base", root, dirs_exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return commit_all(root, "base")


def _read(case: Path, name: str) -> Any:
    return json.loads((case / name).read_text(encoding="utf-8"))


def serve(github: FakeGitHub, case: Path, base_sha: str, number: int | None = None) -> int:
    """Load a case's GitHub data into the fake server; the pull request's number."""
    spec = _read(case, "case.json")
    pull = _read(case, "pull.json")
    pull["base"]["sha"] = base_sha
    if number is not None:
        pull["number"] = number
    number = int(pull["number"])
    github.pulls[number] = pull
    github.files[number] = _read(case, "files.json")
    github.reviews[number] = _read(case, "reviews.json")
    github.comments[number] = _read(case, "comments.json")
    github.compares[pull["head"]["sha"]] = github.files[number]
    if (case / "commits.json").is_file():  # what GitHub says of commits (perfcode reads none)
        for commit in _read(case, "commits.json"):
            github.commits[commit["sha"]] = commit
    if (case / "compare.json").is_file():
        github.compares.update(_read(case, "compare.json"))
    head = case / "head"
    if head.is_dir():
        for path in head.rglob("*"):
            if path.is_file():
                relative = path.relative_to(head).as_posix()
                github.contents[(pull["head"]["sha"], relative)] = path.read_text("utf-8")
    github.page_size = int(spec.get("page_size", 100))
    return number


def test_enough_cases() -> None:
    assert len(CASES) >= 15


def test_every_document_kind_has_a_signing_rule() -> None:
    from perfcode.load import repository as load

    kinds = {kind for _, kind in load.PLACES}
    assert kinds | {"other"} == set(sig.SIGNERS)
    table = sig.rules_markdown()
    for kind in kinds:
        assert f"| {kind} |" in table


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, github: FakeGitHub, cli: Any) -> None:
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    today = _read(case, "case.json")["today"]
    common = ["--repo", REPO, "--pr", str(number), "--root", str(root), "--today", today]

    code, out, err = cli("signatures", *common, "--format", "json")
    assert err == ""
    if UPDATE:
        (case / "expected.json").write_text(out, encoding="utf-8")
    expected = _read(case, "expected.json")
    assert json.loads(out) == expected
    assert code == (1 if expected["missing"] else 0)

    code_text, text, err = cli("signatures", *common)
    assert err == "" and code_text == code
    expected_txt = case / "expected.txt"
    if UPDATE:
        expected_txt.write_text(text, encoding="utf-8")
    assert text == expected_txt.read_text(encoding="utf-8")
    for missing in expected["missing"]:
        assert f"@{missing['login']}: missing" in text or missing["login"] is None
    # every request carried the API version, the token, and pages were all read
    assert all(h.get("x-github-api-version") == "2022-11-28" for _, h in github.requests)


def test_registry_is_read_from_the_base_commit_not_the_worktree(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    """The checkout's files say liuyang manages sunli; the base commit says wanghongjun."""
    case = HERE / "cases" / "people-edit-makes-self-manager"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    person = root / "people" / "sunli.yaml"
    person.write_text(person.read_text("utf-8").replace("wanghongjun", "liuyang"), "utf-8")
    code, out, _ = cli(
        "signatures",
        "--repo",
        REPO,
        "--pr",
        str(number),
        "--root",
        str(root),
        "--format",
        "json",
        "--today",
        "2026-11-21",
    )
    assert code == 1
    assert json.loads(out) == _read(case, "expected.json")


def test_root_must_be_a_git_checkout_of_the_default_branch(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    case = HERE / "cases" / "contract-all-signed"
    root = tmp_path / "checkout"
    shutil.copytree(BASE, root)  # not a git repository: no commit to read the registry from
    number = serve(github, case, "1" * 40)
    code, out, err = cli("signatures", "--repo", REPO, "--pr", str(number), "--root", str(root))
    assert (code, out) == (2, "")
    assert "is not a git checkout" in err


def test_a_pull_request_into_another_branch_is_refused(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    """A writer can push a branch and open a pull request into it: that branch's code and
    registry would judge it. Only pull requests into the default branch are judged."""
    case = HERE / "cases" / "contract-all-signed"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    github.pulls[number]["base"]["ref"] = "release"
    args = ["signatures", "--repo", REPO, "--pr", str(number), "--root", str(root)]
    code, out, err = cli(*args, "--post-check")
    assert (code, out) == (2, "")
    assert "is into 'release', not the default branch 'main'" in err
    assert github.check_runs == []  # nothing posted


def test_post_check_puts_the_verdict_on_the_head_judged(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    case = HERE / "cases" / "two-contracts"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    head = github.pulls[number]["head"]["sha"]
    args = ["signatures", "--repo", REPO, "--pr", str(number), "--root", str(root)]
    code, out, err = cli(*args, "--post-check", "--today", "2026-11-21")
    assert (code, err) == (1, "")
    assert out.endswith(f"posted the check run 'perfcode signatures' (4001) on {head}\n")
    [run] = github.check_runs
    assert run["name"] == sig.CHECK_NAME == "perfcode signatures"
    assert run["head_sha"] == head and run["status"] == "completed"
    assert run["conclusion"] == "failure" and run["external_id"] == str(number)
    assert run["output"]["title"] == "1 of 3 signatures missing."
    assert run["output"]["text"] == (case / "expected.txt").read_text("utf-8")


def test_commit_mode_judges_the_open_pull_requests_with_that_head(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    """What the review hand-over uses: only the head SHA GitHub reports, never a run name."""
    case = HERE / "cases" / "contract-all-signed"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    head = github.pulls[number]["head"]["sha"]
    into_release = dict(github.pulls[number], number=77, base={"ref": "release", "sha": "2" * 40})
    closed = dict(github.pulls[number], number=78, state="closed")
    github.pulls[77], github.pulls[78] = into_release, closed
    github.commit_pulls[head] = [github.pulls[number], into_release, closed]
    args = ["signatures", "--repo", REPO, "--root", str(root), "--today", "2026-11-21"]
    code, out, err = cli(*args, "--commit", head, "--post-check")
    assert (code, err) == (0, "")
    assert [r["external_id"] for r in github.check_runs] == [str(number)]
    assert out.startswith((case / "expected.txt").read_text("utf-8"))
    code, out, err = cli(*args, "--commit", "0" * 40)
    assert (code, err) == (0, "") and "No open pull request" in out
    code, out, err = cli(*args, "--commit", head[:12])
    assert code == 2 and "must be a full commit SHA" in err


def test_a_truncated_comparison_counts_only_signatures_of_the_head(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    """GitHub's compare lists at most 300 files: past that, an approval of an earlier commit
    cannot be shown to hold the head's changes, so it does not count."""
    case = HERE / "cases" / "update-merge-keeps-approval"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    head = github.pulls[number]["head"]["sha"]
    padding = [
        {"sha": "3" * 40, "filename": f"site/page-{i}.md", "status": "added"} for i in range(300)
    ]
    github.compares[head] = github.compares[head] + padding
    args = ["signatures", "--repo", REPO, "--pr", str(number), "--root", str(root)]
    code, out, _ = cli(*args, "--today", "2026-11-21")
    assert code == 1
    assert "whether its changes are the head 5f1c2e9's cannot be read" in out


def test_api_errors_exit_2(tmp_path: Path, github: FakeGitHub, cli: Any) -> None:
    case = HERE / "cases" / "contract-all-signed"
    root = tmp_path / "base"
    number = serve(github, case, base_repository(case, root))
    args = ["signatures", "--repo", REPO, "--root", str(root)]
    code, out, err = cli(*args, "--pr", "404")
    assert (code, out) == (2, "")
    assert "404 Not Found" in err and "--repo and --pr" in err
    github.token = "another-token"
    code, _, err = cli(*args, "--pr", str(number))
    assert code == 2 and "refused the token" in err
    github.token = "test-token"
    github.files[number] = github.files[number] * 0  # GitHub lists fewer files than changed
    code, _, err = cli(*args, "--pr", str(number))
    assert code == 2 and "listed 0 of the 1 files" in err
