"""`perfcode signatures` against a fake GitHub on 127.0.0.1: one folder per case under cases/.

A case holds what GitHub would answer, in GitHub's JSON shapes: `pull.json`, `files.json`,
`reviews.json`, `comments.json` (issue comments), `commits.json` (the head commit), and
`head/` (file contents at the head commit, for appeals). `base/` is laid over the base
registry in base/ (people/ and each cycle's cycle.yaml); the result is committed to a real
git repository, whose commit becomes the pull request's `base.sha`. `case.json` gives the
date closed cycles are judged on and, optionally, the page size the server uses.
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
    for commit in _read(case, "commits.json"):
        github.commits[commit["sha"]] = commit
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


def test_worktree_base_needs_to_be_asked_for(tmp_path: Path, github: FakeGitHub, cli: Any) -> None:
    case = HERE / "cases" / "contract-all-signed"
    root = tmp_path / "checkout"
    shutil.copytree(BASE, root)  # not a git repository: the base commit cannot be read
    number = serve(github, case, "1" * 40)
    args = ["signatures", "--repo", REPO, "--pr", str(number), "--root", str(root)]
    code, out, err = cli(*args, "--format", "json")
    assert code == 2 and out == ""
    assert "does not hold the base commit 111111111111" in err
    code, out, err = cli(*args, "--format", "json", "--base-from-worktree")
    assert code == 0 and err == ""
    assert json.loads(out) == _read(case, "expected.json")


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


# --- evidence -------------------------------------------------------------------------------


def test_record_keeps_chained_evidence_that_validate_checks(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    case = HERE / "cases" / "two-contracts"
    root = tmp_path / "main"
    number = serve(github, case, base_repository(case, root))
    args = ["signatures", "record", "--repo", REPO, "--pr", str(number), "--root", str(root)]

    code, _, err = cli(*args)
    assert code == 2 and "is not merged" in err

    github.pulls[number]["merged_at"] = "2026-11-21T08:00:00Z"
    code, out, err = cli(*args)
    assert (code, err) == (1, "")  # recorded, and zhoujie's signature is missing
    assert out == "wrote cycles/2026-H2/signatures.yaml\n"
    code, out, _ = cli(*args)
    assert out == "already recorded in cycles/2026-H2/signatures.yaml\n"

    # a second merged pull request chains onto the first
    rename = HERE / "cases" / "rename"
    serve(github, rename, git(root, "rev-parse", "HEAD"), number=2)
    github.pulls[2]["merged_at"] = "2026-11-21T09:00:00Z"
    code, out, _ = cli("signatures", "record", "--repo", REPO, "--pr", "2", "--root", str(root))
    assert code == 0 and out == "wrote cycles/2026-H2/signatures.yaml\n"

    evidence = root / "cycles" / "2026-H2" / "signatures.yaml"
    text = evidence.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/signatures.schema.json")
    code, out, _ = cli("validate", str(root))
    assert code == 0, out

    from perfcode.load import repository as load

    repository, _ = load.load_repository(root)
    records = repository.cycles["2026-H2"].signatures
    assert [r.pr for r in records] == [1, 2]
    assert records[1].previous == records[0].digest
    assert [(s.person, s.how) for s in records[0].signatures] == [
        ("sunli", "approval"),
        ("wanghongjun", "author"),
    ]
    assert records[0].missing == ("zhoujie",)
    # a person's page shows the evidence of their own records (reviews of sunli are sunli's)
    assert [r.pr for r in sig.evidence_for(repository, "sunli")] == [1, 2]
    assert [r.pr for r in sig.evidence_for(repository, "zhoujie")] == [1]
    assert sig.evidence_for(repository, "liuyang") == []

    # an edit by hand is detected...
    evidence.write_text(text.replace("how: approval", "how: author", 1), "utf-8")
    code, out, _ = cli("validate", str(root))
    assert code == 1 and "PC045" in out and "was edited after CI recorded it" in out
    # ...and so is a removed entry
    lines = text.split("\n")
    second_entry = next(i for i, line in enumerate(lines) if line == "- pr: 2")
    evidence.write_text("\n".join([*lines[:1], "entries:", *lines[second_entry:]]), "utf-8")
    code, out, _ = cli("validate", str(root))
    assert code == 1 and "does not follow the entry before it" in out
