"""`perfcode diff BASE HEAD --decrypt`: a signer reads the words a pull request changes, as
far as they are a reader (issue 15 §3).

A real git repository of two commits: the example with every word sealed to keys made for
the test (confidential_org), then a head commit in which the manager rewrites the summary
of sunli's review, sealed again to its readers (seal.document.seal_text). The reader sees
the old and new words as a unified diff; someone who is not a reader is told the words
changed and who reads them; without --decrypt nothing of the words is said.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confidential_org import SealedOrg, sealed_example
from gitrepo import git
from perfcode.cli import main
from perfcode.io import roundtrip
from perfcode.load import repository as load
from perfcode.seal.document import Record, seal_text

REVIEW = "cycles/2026-H2/reviews/sunli/manager-wanghongjun.yaml"
NEW = "客户拓展有起色,\n投诉处理仍需加快。"
READER = "sunli"  # the person the review is about
OUTSIDER = "heli"  # another department's manager
#: the heading of the words' part (the example organisation's language is Chinese)
TITLE = "变更的机密文字(仅显示您的密钥可读的部分)"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[SealedOrg, str]:
    org = sealed_example(tmp_path_factory.mktemp("decrypt"), site=False)
    root = org.root
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "base")
    old = next(v for v in org.values if v.path == REVIEW and v.field == ("summary",))
    path = root / REVIEW
    text = roundtrip.replace_values(path.read_text("utf-8"), {("summary",): NEW})
    registry, _ = load.load_repository(root)
    record = Record.parse(REVIEW, text)
    assert record is not None
    policy = registry.cycles["2026-H2"].policy
    assert policy is not None
    sealed = seal_text(text, record, policy, registry, "2027-01-20")
    assert sealed.sealed == (("summary",),)
    path.write_text(sealed.text, encoding="utf-8")
    git(root, "commit", "--quiet", "--all", "--message", "head")
    return org, old.text


def _diff(org: SealedOrg, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["diff", "HEAD~1", "HEAD", "--root", str(org.root), *args])
    out = capsys.readouterr()
    text = out.out + out.err
    for name, rev in (("<BASE>", "HEAD~1"), ("<HEAD>", "HEAD")):
        text = text.replace(git(org.root, "rev-parse", "--short=7", rev), name)
    return code, text


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("PERFCODE_IDENTITY", raising=False)


def test_a_reader_sees_the_old_and_the_new_words(
    repo: tuple[SealedOrg, str], capsys: pytest.CaptureFixture[str]
) -> None:
    org, old = repo
    key = str(org.key(READER))
    code, text = _diff(org, "--decrypt", "--identity", key, capsys=capsys)
    assert code == 0, text
    words = text.split(TITLE, 1)[1].splitlines()[1:]
    expected = [
        f"  {REVIEW} summary(关于 sunli)",
        "    --- HEAD~1 (<BASE>)",
        "    +++ HEAD (<HEAD>)",
        "    @@ -1 +1,2 @@",
        f"    -{old}",
        "    +客户拓展有起色,",
        "    +投诉处理仍需加快。",
    ]
    assert words == expected, text
    assert "BEGIN AGE" not in text


def test_one_who_is_not_a_reader_is_told_who_is(
    repo: tuple[SealedOrg, str], capsys: pytest.CaptureFixture[str]
) -> None:
    org, old = repo
    code, text = _diff(org, "--decrypt", "--identity", str(org.key(OUTSIDER)), capsys=capsys)
    assert code == 0, text
    readers = next(v.readers for v in org.values if v.path == REVIEW and v.field == ("summary",))
    assert OUTSIDER not in readers
    assert text.endswith(
        f"{TITLE}\n"
        f"  {REVIEW} summary(关于 sunli)\n"
        f"    🔒 已变更,您不是读者(读者:{', '.join(readers)})\n"
    ), text
    assert old not in text and "投诉处理仍需加快" not in text


def test_json_and_markdown_carry_the_words_too(
    repo: tuple[SealedOrg, str], capsys: pytest.CaptureFixture[str]
) -> None:
    org, old = repo
    key = str(org.key(READER))
    code, text = _diff(org, "--decrypt", "--identity", key, "--format", "json", capsys=capsys)
    assert code == 0, text
    (change,) = json.loads(text)["words"]
    assert change == {
        "path": REVIEW,
        "field": "summary",
        "about": "sunli",
        "readable": True,
        "before": old,
        "after": NEW,
        "diff": [
            "--- HEAD~1 (<BASE>)",
            "+++ HEAD (<HEAD>)",
            "@@ -1 +1,2 @@",
            f"-{old}",
            "+客户拓展有起色,",
            "+投诉处理仍需加快。",
        ],
        "readers": None,
    }
    code, text = _diff(org, "--decrypt", "--identity", key, "--format", "markdown", capsys=capsys)
    assert code == 0, text
    assert text.endswith(
        f"### {TITLE}\n\n"
        f"- `{REVIEW}` `summary`(关于 `sunli`)\n\n"
        "  ```diff\n"
        "  --- HEAD~1 (<BASE>)\n"
        "  +++ HEAD (<HEAD>)\n"
        "  @@ -1 +1,2 @@\n"
        f"  -{old}\n"
        "  +客户拓展有起色,\n"
        "  +投诉处理仍需加快。\n"
        "  ```\n"
    ), text


def test_without_decrypt_no_word_is_said_and_a_bad_key_is_a_usage_error(
    repo: tuple[SealedOrg, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org, old = repo
    code, text = _diff(org, capsys=capsys)
    assert code == 0 and TITLE not in text and old not in text
    junk = tmp_path / "junk"
    junk.write_text("not a key\n", encoding="utf-8")
    code, text = _diff(org, "--decrypt", "--identity", str(junk), capsys=capsys)
    assert code == 2 and "neither an age identity file" in text, text


def test_decrypt_refuses_to_run_in_a_github_actions_job(
    repo: tuple[SealedOrg, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's log and summary are read by every reader of the repository."""
    org, old = repo
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, text = _diff(org, "--decrypt", "--identity", str(org.key(READER)), capsys=capsys)
    assert code == 2 and "not in a GitHub Actions job" in text and old not in text
