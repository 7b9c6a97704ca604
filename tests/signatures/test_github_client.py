"""The GitHub client against the fake GitHub on 127.0.0.1: every endpoint's parsing,
pagination, the check run it posts, retries and errors, and what a misbehaving server or
network cannot do (get the token elsewhere, flood memory, hold the check)."""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.request
from typing import Any

import pytest
from conftest import CHECK_TEXT, REPO, Failure, FakeGitHub, Stunt, running

from perfcode.io import github as client
from perfcode.io.github import ApiError, GitHub, ReviewPlatform
from perfcode.signatures import rules as sig

PULLS = f"/repos/{REPO}/pulls/1"
H = "5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e"
B = "b" * 40
M = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
AT = "2026-11-20T10:00:00Z"
SLOW = 10.0  # seconds: a call the deadline stops must end well before this (loose bound)


def _client(
    github: FakeGitHub, sleeps: list[float], token: str = "test-token", **options: Any
) -> GitHub:
    return GitHub(REPO, token, github.url, sleep=sleeps.append, **options)


def _pull_json(number: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "state": "open",
        "user": {"login": "wanghongjun", "type": "User"},
        "head": {"ref": "change", "sha": H},
        "base": {"ref": "main", "sha": B},
        "changed_files": 5,
        "merged_at": None,
        "merge_commit_sha": None,
        **extra,
    }


def _pull(github: FakeGitHub) -> None:
    github.pulls[1] = _pull_json()


def _run(summary: str = "2 of 3 signed", text: str = "- [x] @sunli") -> sig.CheckRun:
    return sig.CheckRun(H, "failure", "perfcode signatures: 1 missing", summary, text, "pr-1")


# --- the endpoints -----------------------------------------------------------------------


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
    github.pulls[1] = _pull_json(state="closed", merged_at="2026-11-21T08:00:00Z")
    github.pulls[1]["merge_commit_sha"] = M
    github.reviews[1] = [
        {"id": 1, "user": None, "state": "APPROVED", "commit_id": H, "submitted_at": AT},
        {"id": 2, "user": {"login": "renovate[bot]", "type": "User"}, "state": "APPROVED"},
        {"id": 3, "user": {"login": "ci", "type": "Bot"}, "state": "COMMENTED"},
    ]
    github.comments[1] = [
        {"id": 9, "user": {"login": "sunli", "type": "User"}, "body": None, "created_at": AT}
    ]
    platform = _client(github, [])
    assert platform.pull(1) == sig.PullRequest(
        1, sig.User("wanghongjun"), H, B, "main", 5, "2026-11-21T08:00:00Z", M, "closed"
    )
    reviews = platform.reviews(1)
    assert [r.user for r in reviews] == [
        None,
        sig.User("renovate[bot]", True),
        sig.User("ci", True),
    ]
    assert reviews[0] == sig.ReviewEvent(1, None, "APPROVED", H, AT)
    assert platform.comments(1) == [sig.Comment(9, sig.User("sunli"), "", AT, "")]


def test_an_open_pull_request_has_no_merge_commit_yet(github: FakeGitHub) -> None:
    _pull(github)
    pull = _client(github, []).pull(1)
    assert (pull.state, pull.merge_commit, pull.merged_at) == ("open", None, None)


def test_default_branch(github: FakeGitHub) -> None:
    github.default_branch = "trunk"
    assert _client(github, []).default_branch() == "trunk"
    assert [path for path, _ in github.requests] == [f"/repos/{REPO}"]


def test_files_carry_their_blob_unless_removed(github: FakeGitHub) -> None:
    github.files[1] = [
        {"sha": "a1" * 20, "filename": "people/a.yaml", "status": "added"},
        {"sha": "c3" * 20, "filename": "people/old.yaml", "status": "removed"},
        {
            "sha": "d4" * 20,
            "filename": "people/new.yaml",
            "status": "renamed",
            "previous_filename": "people/was.yaml",
        },
    ]
    assert _client(github, []).files(1) == [
        sig.ChangedFile("people/a.yaml", "added", None, "a1" * 20),
        sig.ChangedFile("people/old.yaml", "removed", None, None),
        sig.ChangedFile("people/new.yaml", "renamed", "people/was.yaml", "d4" * 20),
    ]


def test_compare_is_the_three_dot_comparison(github: FakeGitHub) -> None:
    github.compares[H] = [
        {"sha": "a1" * 20, "filename": "people/a.yaml", "status": "modified", "additions": 1},
        {"sha": "c3" * 20, "filename": "people/gone.yaml", "status": "removed"},
        {
            "sha": "d4" * 20,
            "filename": "cycles/2026-H2/b.yaml",
            "status": "renamed",
            "previous_filename": "cycles/2026-H2/a.yaml",
        },
    ]
    comparison = _client(github, []).compare(B, H)
    assert comparison == sig.Comparison(
        files=(
            sig.ChangedFile("people/a.yaml", "modified", None, "a1" * 20),
            sig.ChangedFile("people/gone.yaml", "removed", None, None),
            sig.ChangedFile("cycles/2026-H2/b.yaml", "renamed", "cycles/2026-H2/a.yaml", "d4" * 20),
        ),
        complete=True,
    )
    assert [path for path, _ in github.requests] == [f"/repos/{REPO}/compare/{B}...{H}"]


@pytest.mark.parametrize(("listed", "complete"), [(299, True), (300, False), (301, False)])
def test_compare_cut_at_300_files_is_incomplete(
    github: FakeGitHub, listed: int, complete: bool
) -> None:
    github.compares[H] = [
        {"sha": f"{i:040x}", "filename": f"people/p{i}.yaml", "status": "added"}
        for i in range(listed)
    ]
    comparison = _client(github, []).compare(B, H)
    assert len(comparison.files) == min(listed, 300)  # GitHub lists at most 300
    assert comparison.complete is complete


def test_compare_without_a_blob_id_or_a_file_list_is_incomplete(github: FakeGitHub) -> None:
    github.compares[H] = [{"filename": "people/a.yaml", "status": "modified"}]
    assert _client(github, []).compare(B, H).complete is False
    github.failures.append(Failure(f"/repos/{REPO}/compare/", 200, {}, {"status": "ahead"}))
    assert _client(github, []).compare(B, H) == sig.Comparison((), complete=False)


def test_compare_of_an_unknown_commit_is_an_error(github: FakeGitHub) -> None:
    with pytest.raises(ApiError, match=r"404 Not Found for the comparison bbbbbbbbbbbb\.\.\."):
        _client(github, []).compare(B, H)


def test_pulls_of_a_commit_follow_pagination(github: FakeGitHub) -> None:
    github.page_size = 1
    github.commit_pulls[M] = [
        _pull_json(7, state="closed", merged_at="2026-11-21T08:00:00Z", merge_commit_sha=M),
        _pull_json(8),
    ]
    for item in github.commit_pulls[M]:
        del item["changed_files"]  # pull-request-simple has no changed_files
    pulls = _client(github, []).pulls_of_commit(M)
    assert [(p.number, p.state, p.merge_commit, p.changed_files) for p in pulls] == [
        (7, "closed", M, 0),
        (8, "open", None, 0),
    ]
    assert [path for path, _ in github.requests] == [
        f"/repos/{REPO}/commits/{M}/pulls?per_page=100",
        f"/repos/{REPO}/commits/{M}/pulls?per_page=1&page=2",
    ]
    assert _client(github, []).pulls_of_commit(H) == []  # a direct push: none


def test_post_check_sends_what_github_documents(github: FakeGitHub) -> None:
    number = _client(github, []).post_check(_run())
    assert number == 4001
    assert github.check_runs == [
        {
            "name": "perfcode signatures",
            "head_sha": H,
            "status": "completed",
            "conclusion": "failure",
            "external_id": "pr-1",
            "output": {
                "title": "perfcode signatures: 1 missing",
                "summary": "2 of 3 signed",
                "text": "- [x] @sunli",
            },
        }
    ]
    (path, headers) = github.requests[-1]
    assert path == f"/repos/{REPO}/check-runs"
    assert headers["content-type"] == "application/json"
    assert headers["authorization"] == "Bearer test-token"
    assert headers["x-github-api-version"] == "2022-11-28"


def test_post_check_without_the_token_is_refused(github: FakeGitHub) -> None:
    with pytest.raises(ApiError, match=r"401 Bad credentials"):
        _client(github, [], token="wrong-token").post_check(_run())
    assert github.check_runs == []


def test_post_check_cuts_long_text_to_githubs_byte_limit(github: FakeGitHub) -> None:
    fits = "x" * CHECK_TEXT
    long = "签" * 30000  # 90,000 bytes of UTF-8: GitHub counts bytes (github/docs#35252)
    _client(github, []).post_check(_run(summary=fits, text=long))
    output = github.check_runs[0]["output"]
    assert output["summary"] == fits
    assert len(output["text"].encode("utf-8")) <= CHECK_TEXT
    assert output["text"].endswith(client.CUT_NOTE)
    assert output["text"].startswith("签" * 1000)
    assert set(output["text"].removesuffix(client.CUT_NOTE)) == {"签"}  # no broken character


def test_file_text_is_none_only_for_404(github: FakeGitHub) -> None:
    path = "cycles/2026-H2/appeals/sunli.yaml"
    github.contents[(H, path)] = "answer: 同意\n"
    platform = _client(github, [])
    assert platform.file_text(path, H) == "answer: 同意\n"
    assert platform.file_text("cycles/2026-H2/appeals/none.yaml", H) is None
    github.failures.extend([Failure(f"/repos/{REPO}/contents/", 500)] * 5)
    with pytest.raises(ApiError, match="GitHub answered 500"):
        platform.file_text(path, H)
    github.failures.append(Failure(f"/repos/{REPO}/contents/", 403, {}, {"message": "no"}))
    with pytest.raises(ApiError, match=r"403 Forbidden"):
        platform.file_text(path, H)
    github.stunts.append(Stunt(f"/repos/{REPO}/contents/", "huge", size=2048))
    with pytest.raises(ApiError, match="larger than 1,024 bytes"):
        _client(github, [], max_body=1024).file_text(path, H)


# --- retries and errors --------------------------------------------------------------------


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


def test_api_address_must_be_http() -> None:
    with pytest.raises(ApiError, match="GITHUB_API_URL must be an http"):
        GitHub(REPO, None, "file:///etc")


# --- the token goes nowhere else -------------------------------------------------------------


def test_next_page_on_another_host_is_refused(github: FakeGitHub) -> None:
    """The token must never be sent to a host the Link header names."""
    github.page_size = 1
    github.files[1] = [{"filename": "a", "status": "added"}, {"filename": "b", "status": "added"}]
    platform = GitHub(REPO, "test-token", github.url.replace("127.0.0.1", "localhost"))
    with pytest.raises(ApiError, match="next page points outside"):
        platform.files(1)


def test_a_bare_urllib_would_hand_the_token_over(github: FakeGitHub) -> None:
    """What the hardening is for: urllib follows a redirect and keeps Authorization."""
    with running(FakeGitHub(token=None)) as other:
        other.default_branch = "elsewhere"
        github.failures.append(
            Failure(f"/repos/{REPO}", 302, {"Location": f"{other.url}/repos/{REPO}"})
        )
        request = urllib.request.Request(
            f"{github.url}/repos/{REPO}",
            headers={"Authorization": "Bearer test-token", "X-GitHub-Api-Version": "2022-11-28"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["default_branch"] == "elsewhere"
        assert [h.get("authorization") for _, h in other.requests] == ["Bearer test-token"]


@pytest.mark.parametrize("where", ["another port", "another host name", "another scheme"])
def test_redirect_off_the_api_is_refused_and_no_token_sent(github: FakeGitHub, where: str) -> None:
    with running(FakeGitHub(token=None)) as other:
        target = {
            "another port": other.url,
            "another host name": github.url.replace("127.0.0.1", "localhost"),
            "another scheme": github.url.replace("http://", "https://"),
        }[where]
        github.failures.append(Failure(PULLS, 301, {"Location": f"{target}{PULLS}"}))
        _pull(github)
        with pytest.raises(ApiError, match=r"redirected the GET request .* follows only GET"):
            _client(github, []).pull(1)
        assert other.requests == []  # the other server never saw the request, nor the token
        assert [path for path, _ in github.requests] == [PULLS]  # not followed to localhost


def test_redirect_within_the_api_is_followed(github: FakeGitHub) -> None:
    """GitHub answers 301 for a renamed repository; the same host keeps the token."""
    _pull(github)
    github.failures.append(Failure(PULLS, 301, {"Location": f"{github.url}{PULLS}"}))
    assert _client(github, []).pull(1).head == H
    assert [h["authorization"] for _, h in github.requests] == ["Bearer test-token"] * 2


def test_post_is_never_redirected(github: FakeGitHub) -> None:
    check_runs = f"/repos/{REPO}/check-runs"
    github.failures.append(Failure(check_runs, 307, {"Location": f"{github.url}{check_runs}"}))
    with pytest.raises(ApiError, match="redirected the POST request"):
        _client(github, []).post_check(_run())
    assert github.check_runs == []


# --- size cap --------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "until-close"])
def test_an_answer_over_16_mib_is_refused(github: FakeGitHub, declared: bool) -> None:
    github.stunts.append(
        Stunt(f"/repos/{REPO}", "huge", size=client.MAX_BODY + 1, declared=declared)
    )
    with pytest.raises(ApiError, match="larger than 16,777,216 bytes"):
        _client(github, []).default_branch()


def test_an_answer_at_the_cap_is_read(github: FakeGitHub) -> None:
    size = len(json.dumps(github._repository()).encode())
    assert _client(github, [], max_body=size).default_branch() == "main"
    with pytest.raises(ApiError, match="larger than"):
        _client(github, [], max_body=size - 1).default_branch()


# --- deadline --------------------------------------------------------------------------------


def _timed(call: Any) -> tuple[float, str]:
    start = time.monotonic()
    with pytest.raises(ApiError) as caught:
        call()
    return time.monotonic() - start, str(caught.value)


@pytest.mark.parametrize("kind", ["hang", "drip-headers", "drip-body"])
def test_deadline_ends_a_silent_or_dripping_server(github: FakeGitHub, kind: Any) -> None:
    """A socket timeout (30 s here) never trips on a byte every 0.2 s; the deadline does."""
    _pull(github)
    github.stunts.append(Stunt(PULLS, kind, interval=0.2))
    platform = _client(github, [], deadline=1.5)
    elapsed, message = _timed(lambda: platform.pull(1))
    assert "did not answer" in message and "within 1.5 s" in message
    assert elapsed < SLOW
    assert len(github.requests) == 1  # given up, not retried nor waited out


def test_deadline_covers_retries_and_their_sleeps(github: FakeGitHub) -> None:
    _pull(github)
    github.failures.extend([Failure(PULLS, 502)] * 5)
    platform = GitHub(REPO, "test-token", github.url, sleep=time.sleep, deadline=2.0)
    elapsed, message = _timed(lambda: platform.pull(1))
    assert "GitHub answered 502" in message
    assert elapsed < SLOW
    assert len(github.requests) == 2  # slept 1 s, then 2 s more would pass the deadline


def test_deadline_covers_every_page_of_a_list(github: FakeGitHub) -> None:
    github.page_size = 1
    github.files[1] = [{"filename": f"f{i}", "status": "added"} for i in range(3)]
    github.stunts.append(Stunt(f"{PULLS}/files", "drip-body", interval=0.05))  # ~2 s a page
    github.stunts.append(Stunt(f"{PULLS}/files", "drip-body", interval=0.05))
    elapsed, message = _timed(lambda: _client(github, [], deadline=3.0).files(1))
    assert "did not answer" in message
    assert elapsed < SLOW


def test_retry_after_longer_than_the_time_left_fails_at_once(github: FakeGitHub) -> None:
    _pull(github)
    github.failures.append(Failure(PULLS, 403, {"Retry-After": "5"}, {"message": "secondary"}))
    sleeps: list[float] = []
    with pytest.raises(ApiError, match=r"wait 5 s before the next request, more than the 2 s"):
        _client(github, sleeps, deadline=2.0).pull(1)
    assert sleeps == []


@pytest.mark.parametrize(
    ("endpoint", "item"),
    [
        ("files", {"status": "added", "sha": "1" * 40}),  # no filename
        ("files", {"filename": "a\u2028b.yaml", "status": "added", "sha": "1" * 40}),
        ("files", {"filename": "a\x1b[31m.yaml", "status": "added", "sha": "1" * 40}),
        ("files", {"filename": "a.yaml", "status": "added", "sha": 12345}),
        ("files", {"filename": "a.yaml", "status": "renamed", "previous_filename": ["x"]}),
        ("reviews", {"user": None, "state": "APPROVED"}),  # no id
        ("reviews", {"id": "1", "user": None, "state": "APPROVED"}),
        ("reviews", {"id": 1, "user": None, "state": "APPROVED", "commit_id": "../x"}),
        ("comments", {"id": None, "user": None, "body": "/sign", "created_at": AT}),
        ("comments", {"id": 1, "user": None, "body": "/sign", "created_at": 5, "updated_at": 5}),
        ("comments", {"id": 1, "user": {"login": 7}, "body": "", "created_at": "x"}),
    ],
)
def test_answers_out_of_github_shapes_are_one_clear_error(
    github: FakeGitHub, endpoint: str, item: dict[str, object]
) -> None:
    """A malformed answer is an ApiError (exit 2, one line), never an internal error."""
    platform = GitHub(REPO, "test-token", github.url)
    table = github.comments if endpoint == "comments" else getattr(github, endpoint)
    table[1] = [item]
    with pytest.raises(ApiError, match="is not in its documented shape"):
        getattr(platform, endpoint)(1)


def test_a_pull_request_out_of_shape_is_one_clear_error(github: FakeGitHub) -> None:
    platform = GitHub(REPO, "test-token", github.url)
    good = {"number": 1, "head": {"sha": "1" * 40}, "base": {"sha": "2" * 40, "ref": "main"}}
    for bad in ({"merged_at": 1751414400}, {"merged_at": "yesterday"}, {"number": True}):
        github.pulls[1] = {**good, **bad}
        with pytest.raises(ApiError, match="is not in its documented shape"):
            platform.pull(1)
    github.pulls[1] = {**good, "head": {"sha": "../../x\n- pr: 9"}}
    with pytest.raises(ApiError, match="not a commit or blob SHA"):
        platform.pull(1)
