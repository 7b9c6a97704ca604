"""The GitHub client against the fake GitHub on 127.0.0.1: pagination, retries, errors."""

from __future__ import annotations

import re
import socket

import pytest
from conftest import REPO, Failure, FakeGitHub

from perfcode.io.github import ApiError, GitHub, ReviewPlatform
from perfcode.signatures import rules as sig

PULLS = f"/repos/{REPO}/pulls/1"
H = "5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e"


def _client(github: FakeGitHub, sleeps: list[float], token: str = "test-token") -> GitHub:
    return GitHub(REPO, token, github.url, sleep=sleeps.append)


def _pull(github: FakeGitHub) -> None:
    github.pulls[1] = {
        "number": 1,
        "user": {"login": "wanghongjun", "type": "User"},
        "head": {"ref": "change", "sha": H},
        "base": {"ref": "main", "sha": "b" * 40},
        "changed_files": 5,
        "merged_at": None,
    }


def test_lists_follow_link_pagination(github: FakeGitHub) -> None:
    github.page_size = 2
    github.files[1] = [{"filename": f"people/p{i}.yaml", "status": "modified"} for i in range(5)]
    sleeps: list[float] = []
    platform: ReviewPlatform = _client(github, sleeps)
    files = platform.files(1)
    assert [f.path for f in files] == [f"people/p{i}.yaml" for i in range(5)]
    pages = [path for path, _ in github.requests]
    assert pages == [
        f"{PULLS}/files?per_page=100",
        f"{PULLS}/files?per_page=2&page=2",
        f"{PULLS}/files?per_page=2&page=3",
    ]
    for _, headers in github.requests:
        assert headers["x-github-api-version"] == "2022-11-28"
        assert headers["authorization"] == "Bearer test-token"
        assert headers["accept"] == "application/vnd.github+json"
    assert sleeps == []


def test_shapes_become_platform_neutral_records(github: FakeGitHub) -> None:
    _pull(github)
    github.reviews[1] = [
        {"id": 1, "user": None, "state": "APPROVED", "commit_id": H, "submitted_at": "x"},
        {"id": 2, "user": {"login": "renovate[bot]", "type": "User"}, "state": "APPROVED"},
        {"id": 3, "user": {"login": "ci", "type": "Bot"}, "state": "COMMENTED"},
    ]
    github.comments[1] = [
        {"id": 9, "user": {"login": "sunli", "type": "User"}, "body": None, "created_at": "t"}
    ]
    github.commits[H] = {
        "sha": H,
        "author": None,
        "committer": {"login": "web-flow"},
        "commit": {"committer": {"date": "2026-11-20T09:00:00Z"}},
    }
    platform = _client(github, [])
    pull = platform.pull(1)
    assert pull == sig.PullRequest(1, sig.User("wanghongjun"), H, "b" * 40, "main", 5, None)
    reviews = platform.reviews(1)
    assert [r.user for r in reviews] == [
        None,
        sig.User("renovate[bot]", True),
        sig.User("ci", True),
    ]
    assert platform.comments(1) == [sig.Comment(9, sig.User("sunli"), "", "t", "")]
    assert platform.commit(H) == sig.HeadCommit(H, None, "2026-11-20T09:00:00Z")
    assert platform.file_text("cycles/2026-H2/appeals/sunli.yaml", H) is None


@pytest.mark.parametrize(
    ("failures", "waits"),
    [
        ([Failure(PULLS, 502)], [1.0]),
        ([Failure(PULLS, 500), Failure(PULLS, 503), Failure(PULLS, 504)], [1.0, 2.0, 4.0]),
        ([Failure(PULLS, 403, {"Retry-After": "3"}, {"message": "secondary"})], [3.0]),
        ([Failure(PULLS, 429, {"Retry-After": "0"})], [1.0]),
        (
            [Failure(PULLS, 403, {}, {"message": "You have exceeded a secondary rate limit."})],
            [1.0],
        ),
    ],
    ids=["502-once", "5xx-three-times", "secondary-403", "secondary-429", "secondary-message"],
)
def test_retries_politely_then_succeeds(
    github: FakeGitHub, failures: list[Failure], waits: list[float]
) -> None:
    _pull(github)
    github.failures.extend(failures)
    sleeps: list[float] = []
    assert _client(github, sleeps).pull(1).head == H
    assert sleeps == waits
    assert len(github.requests) == len(failures) + 1


@pytest.mark.parametrize(
    ("failures", "token", "message"),
    [
        ([], "wrong-token", "GitHub refused the token (401 Bad credentials)"),
        ([Failure(PULLS, 404, {}, {"message": "Not Found"})], "test-token", "404 Not Found"),
        (
            [
                Failure(
                    PULLS,
                    403,
                    {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1795000000"},
                    {"message": "API rate limit exceeded"},
                )
            ],
            "test-token",
            "rate limit is used up until 2026-11-18 11:06 UTC",
        ),
        ([Failure(PULLS, 500)] * 5, "test-token", "GitHub answered 500"),
        ([Failure(PULLS, 403, {}, {"message": "Resource not accessible"})], "test-token", "403"),
        ([Failure(PULLS, 429, {"Retry-After": "3600"})], "test-token", "wait 3600 s"),
    ],
    ids=["bad-token", "not-found", "rate-limited", "5xx-persists", "forbidden", "long-wait"],
)
def test_errors_are_sentences(
    github: FakeGitHub, failures: list[Failure], token: str, message: str
) -> None:
    _pull(github)
    github.failures.extend(failures)
    sleeps: list[float] = []
    with pytest.raises(ApiError, match=re.escape(message)):
        _client(github, sleeps, token).pull(1)
    assert len(sleeps) <= 4


def test_next_page_on_another_host_is_refused(github: FakeGitHub) -> None:
    """The token must never be sent to a host the Link header names."""
    github.page_size = 1
    github.files[1] = [{"filename": "a", "status": "added"}, {"filename": "b", "status": "added"}]
    platform = GitHub(REPO, "test-token", github.url.replace("127.0.0.1", "localhost"))
    with pytest.raises(ApiError, match="next page points outside"):
        platform.files(1)


def test_unreachable_host(github: FakeGitHub) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps: list[float] = []
    platform = GitHub(REPO, None, f"http://127.0.0.1:{port}", sleep=sleeps.append, retries=2)
    with pytest.raises(ApiError, match=f"cannot reach http://127.0.0.1:{port}"):
        platform.pull(1)
    assert sleeps == [1.0, 2.0]


def test_bad_repo_name() -> None:
    with pytest.raises(ApiError, match="OWNER/NAME"):
        GitHub("not a repo", None)
