"""The review platform at the edge: GitHub's REST API, read with the standard library.

`ReviewPlatform` is the small interface the signatures command needs; `GitHub` implements
it with urllib. Lists follow `Link: <...>; rel="next"` pagination; every request sends
`X-GitHub-Api-Version: 2022-11-28`; server errors and secondary rate limits are retried
politely (the sleep is injectable, so tests do not wait). Every failure becomes an
`ApiError` with a sentence a person can act on (bad token, not found, rate limited).

What a misbehaving server or network cannot do:
- **get the token**: a redirect to another scheme, host or port is refused before it is
  followed (urllib would otherwise send `Authorization` along), a non-GET request is never
  redirected, and a `Link` page outside the API is refused;
- **flood memory**: an answer larger than `max_body` bytes (16 MiB) is an error;
- **hold the check**: one platform call (all its pages, retries and the sleeps between them)
  ends within `deadline` seconds (60). Each HTTP exchange runs in a daemon thread that is
  joined with the time left, so a server that never answers, or drips its headers or body a
  byte at a time, is given up on at the deadline, never waited out and then trusted. A
  `Retry-After` longer than the time left is an error at once.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from typing import IO, Any, Protocol, TypeVar

from perfcode import __version__
from perfcode.errors import PerfcodeError
from perfcode.signatures import rules as sig

T = TypeVar("T")

DEFAULT_API = "https://api.github.com"
API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 100  # 10,000 items: far more than any pull request has
RETRIES = 4
DEADLINE = 60.0  # seconds for one platform call, retries and their sleeps included
MAX_BODY = 16 * 1024 * 1024  # bytes of one answer
ERROR_BODY = 64 * 1024  # bytes read of an error answer, for its message
#: GitHub lists at most 300 files in a comparison (REST "Compare two commits")
COMPARE_FILES = 300
#: a check run's output.summary and output.text: at most 65535, counted in bytes
#: (GitHub answers 422 "exceeds a maximum bytesize of 65535", github/docs#35252)
CHECK_TEXT = 65535
CUT_NOTE = (
    "\n\n… (cut here: GitHub keeps at most 65,535 bytes of a check run's text; "
    "run `perfcode signatures` for the whole checklist)"
)
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_PORTS = {"http": 80, "https": 443}


class ApiError(PerfcodeError):
    """The platform could not be read; the message says why and what to do (exit 2)."""


class ReviewPlatform(Protocol):
    """What `perfcode signatures` needs from a code-review platform."""

    def default_branch(self) -> str: ...

    def pull(self, number: int) -> sig.PullRequest: ...

    def files(self, number: int) -> list[sig.ChangedFile]: ...

    def reviews(self, number: int) -> list[sig.ReviewEvent]: ...

    def comments(self, number: int) -> list[sig.Comment]: ...

    def compare(self, base: str, head: str) -> sig.Comparison: ...

    def file_text(self, path: str, ref: str) -> str | None: ...

    def pulls_of_commit(self, sha: str) -> list[sig.PullRequest]: ...

    def post_check(self, run: sig.CheckRun) -> int: ...


class _Shape(Exception):
    """An answer that is not in GitHub's documented shape (turned into an ApiError)."""


#: characters no path, login or SHA GitHub sends may hold (controls, format characters,
#: surrogates, line and paragraph separators): perfcode would print or keep them
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _text(value: Any, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not value and not empty):
        raise _Shape(f"{what} is not a string")
    if any(unicodedata.category(c) in _HIDDEN for c in value):
        raise _Shape(f"{what} holds control or invisible characters ({value!r})")
    return value


def _number(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Shape(f"{what} is not a whole number")
    return value


def _sha(value: Any, what: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}", value):
        raise _Shape(f"{what} is not a commit or blob SHA ({value!r})")
    return value.lower()


def _time_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    text = _text(value, what)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise _Shape(f"{what} is not a date and time ({text!r})") from None
    return text


def _user(raw: Any) -> sig.User | None:
    if not isinstance(raw, dict) or not raw.get("login"):
        return None  # a deleted account ("ghost") comes back as null
    login = _text(raw["login"], "a user's login")
    return sig.User(login=login, bot=raw.get("type") == "Bot" or login.endswith("[bot]"))


def _misshapen(what: str, exc: Exception) -> ApiError:
    return ApiError(f"GitHub's answer for {what} is not in its documented shape: {exc}")


def _shaped(build: Callable[[dict[str, Any]], T], items: Iterable[Any], what: str) -> list[T]:
    """Each item built, or one ApiError naming what GitHub's answer lacks."""
    try:
        return [build(item) for item in items if isinstance(item, dict)]
    except (_Shape, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(
            f"GitHub's answer for {what} is not in its documented shape: {exc}"
        ) from None


def _pull_request(raw: dict[str, Any], what: str) -> sig.PullRequest:
    try:
        merge = raw.get("merge_commit_sha")
        return sig.PullRequest(
            number=_number(raw["number"], "number"),
            author=_user(raw.get("user")),
            head=_sha(raw["head"]["sha"], "head.sha"),
            base=_sha(raw["base"]["sha"], "base.sha"),
            base_ref=_text(raw["base"].get("ref", ""), "base.ref", empty=True),
            # the full pull request has it; a list's pull-request-simple does not (0)
            changed_files=_number(raw.get("changed_files", 0), "changed_files"),
            merged_at=_time_text(raw.get("merged_at"), "merged_at"),
            merge_commit=_sha(merge, "merge_commit_sha") if merge is not None else None,
            state=_text(raw.get("state", "open"), "state"),
        )
    except (_Shape, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(
            f"GitHub's answer for {what} is not in its documented shape: {exc}"
        ) from None


def _changed(item: dict[str, Any]) -> sig.ChangedFile:
    status = _text(item.get("status", "modified"), "a file's status")
    blob = item.get("sha")
    previous = item.get("previous_filename")
    return sig.ChangedFile(
        path=_text(item["filename"], "a file's name"),
        status=status,
        previous=_text(previous, "previous_filename") if previous is not None else None,
        blob=None if status == "removed" or not blob else _sha(blob, "a file's sha"),
    )


def fit(text: str, limit: int = CHECK_TEXT) -> str:
    """`text` if its UTF-8 fits in `limit` bytes, else its start and a note that it was cut."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    room = limit - len(CUT_NOTE.encode("utf-8"))
    return encoded[:room].decode("utf-8", errors="ignore") + CUT_NOTE


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _PORTS.get(scheme)
    except ValueError:  # a port that is not a number
        port = -1
    return scheme, (parts.hostname or "").lower(), port


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: Message
    body: bytes
    reason: str


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the API's own scheme, host and port, and only for GET."""

    def __init__(self, api: str) -> None:
        self.api = api

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(self.api) or req.get_method() != "GET":
            fp.close()
            method = req.get_method()
            raise ApiError(
                f"GitHub redirected the {method} request for {req.full_url} to {newurl}; "
                f"perfcode follows only GET redirects within {self.api}, so that the token is "
                "never sent anywhere else: check GITHUB_API_URL and --repo"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class GitHub:
    """GitHub's REST API for one repository (`owner/name`)."""

    def __init__(
        self,
        repo: str,
        token: str | None,
        api: str = DEFAULT_API,
        *,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        retries: int = RETRIES,
        deadline: float = DEADLINE,
        max_body: int = MAX_BODY,
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
            raise ApiError(f"--repo must be OWNER/NAME, not {repo!r}")
        scheme, host, _ = _origin(api)
        if scheme not in _PORTS or not host:
            raise ApiError(f"GITHUB_API_URL must be an http(s) address, not {api!r}")
        self.repo = repo
        self.token = token
        self.api = api.rstrip("/")
        self.sleep = sleep
        self.timeout = timeout
        self.retries = retries
        self.deadline = deadline
        self.max_body = max_body
        self._opener = urllib.request.build_opener(_SameOrigin(self.api))

    # --- the ReviewPlatform interface ---------------------------------------------------

    def default_branch(self) -> str:
        raw = self._object(f"/repos/{self.repo}", f"the repository {self.repo}")
        branch = raw.get("default_branch")
        if not isinstance(branch, str) or not branch:
            raise ApiError(f"GitHub's answer for the repository {self.repo} lacks default_branch")
        return branch

    def pull(self, number: int) -> sig.PullRequest:
        what = f"pull request #{number}"
        return _pull_request(self._object(f"/repos/{self.repo}/pulls/{number}", what), what)

    def files(self, number: int) -> list[sig.ChangedFile]:
        items = self._list(f"/repos/{self.repo}/pulls/{number}/files")
        return _shaped(_changed, items, f"the files of pull request #{number}")

    def reviews(self, number: int) -> list[sig.ReviewEvent]:
        def review(item: dict[str, Any]) -> sig.ReviewEvent:
            commit = item.get("commit_id")
            return sig.ReviewEvent(
                id=_number(item["id"], "a review's id"),
                user=_user(item.get("user")),
                state=_text(item.get("state", ""), "a review's state", empty=True),
                commit=_sha(commit, "a review's commit_id") if commit is not None else None,
                at=_time_text(item.get("submitted_at"), "a review's submitted_at"),
            )

        items = self._list(f"/repos/{self.repo}/pulls/{number}/reviews")
        return _shaped(review, items, f"the reviews of pull request #{number}")

    def comments(self, number: int) -> list[sig.Comment]:
        def comment(item: dict[str, Any]) -> sig.Comment:
            body = item.get("body")
            return sig.Comment(
                id=_number(item["id"], "a comment's id"),
                user=_user(item.get("user")),
                body=body if isinstance(body, str) else "",
                created_at=_time_text(item["created_at"], "created_at") or "",
                updated_at=_time_text(item.get("updated_at"), "updated_at") or "",
            )

        items = self._list(f"/repos/{self.repo}/issues/{number}/comments")
        return _shaped(comment, items, f"the comments of pull request #{number}")

    def compare(self, base: str, head: str) -> sig.Comparison:
        """The three-dot comparison `base...head`: the changes of head since the merge base.

        Incomplete when GitHub lists COMPARE_FILES files or more (its limit), gives no file
        list at all, or a file that is not removed comes without its blob id.
        """
        basehead = f"{_segment(base)}...{_segment(head)}"
        what = f"the comparison {base[:12]}...{head[:12]}"
        raw = self._object(f"/repos/{self.repo}/compare/{basehead}", what)
        items = raw.get("files")
        if not isinstance(items, list):
            return sig.Comparison(files=(), complete=False)
        files = tuple(_shaped(_changed, items, what))
        unknown = any(f.blob is None and f.status != "removed" for f in files)
        return sig.Comparison(files=files, complete=len(items) < COMPARE_FILES and not unknown)

    def file_text(self, path: str, ref: str) -> str | None:
        """The file's text at `ref`; None only when GitHub answers 404 (no such file)."""
        quoted = urllib.parse.quote(path)
        url = f"{self.api}/repos/{self.repo}/contents/{quoted}?ref={urllib.parse.quote(ref)}"
        try:
            answer = self._call(url, self._by(), accept="application/vnd.github.raw+json")
        except _NotFound:
            return None
        return answer.body.decode("utf-8", errors="replace")

    def pulls_of_commit(self, sha: str) -> list[sig.PullRequest]:
        """The pull requests GitHub associates with the commit (merged by it, or headed by it).

        GitHub answers pull-request-simple objects, which lack `changed_files` (0 here):
        read `pull(number)` before judging one.
        """
        path = f"/repos/{self.repo}/commits/{_segment(sha)}/pulls"
        return [
            _pull_request(item, f"a pull request of commit {sha[:12]}") for item in self._list(path)
        ]

    def post_check(self, run: sig.CheckRun) -> int:
        """POST the verdict as a completed check run on `run.sha`; the new check run's id."""
        payload = {
            "name": sig.CHECK_NAME,
            "head_sha": run.sha,
            "status": "completed",
            "conclusion": run.conclusion,
            "external_id": run.external_id,
            "output": {"title": run.title, "summary": fit(run.summary), "text": fit(run.text)},
        }
        path = f"/repos/{self.repo}/check-runs"
        url = f"{self.api}{path}"
        try:
            answer = self._call(url, self._by(), data=json.dumps(payload).encode("utf-8"))
        except _NotFound as exc:
            raise ApiError(
                f"GitHub answered 404 Not Found for {path}: check --repo, and that the token is "
                "a GitHub App's installation token with checks: write"
            ) from exc
        raw = _json(answer.body, url)
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), int):
            raise ApiError(f"GitHub's answer to the new check run on {run.sha[:12]} lacks its id")
        return int(raw["id"])

    # --- HTTP ------------------------------------------------------------------------------

    def _by(self) -> float:
        """When a call that starts now must be over (time.monotonic)."""
        return time.monotonic() + self.deadline

    def _object(self, path: str, what: str) -> dict[str, Any]:
        url = f"{self.api}{path}"
        try:
            answer = self._call(url, self._by())
        except _NotFound as exc:
            raise ApiError(
                f"GitHub answered 404 Not Found for {what} ({path}): check --repo and --pr, "
                "and that the token can read this repository"
            ) from exc
        data = _json(answer.body, url)
        if not isinstance(data, dict):
            raise ApiError(f"GitHub answered {url} with something other than an object")
        return data

    def _list(self, path: str) -> Iterator[dict[str, Any]]:
        deadline = self._by()  # one deadline for all the pages
        url: str | None = f"{self.api}{path}?per_page={PER_PAGE}"
        pages = 0
        while url is not None:
            pages += 1
            if pages > MAX_PAGES:
                raise ApiError(f"{path} has more than {MAX_PAGES} pages; refusing to go on")
            try:
                answer = self._call(url, deadline)
            except _NotFound as exc:
                raise ApiError(
                    f"GitHub answered 404 Not Found for {path}: check --repo and --pr"
                ) from exc
            data = _json(answer.body, url)
            if not isinstance(data, list):
                raise ApiError(f"GitHub answered {url} with something other than a list")
            yield from (item for item in data if isinstance(item, dict))
            url = self._next(answer.headers.get("Link"))

    def _next(self, link: str | None) -> str | None:
        match = _NEXT.search(link or "")
        if match is None:
            return None
        url = match.group(1)
        if not url.startswith(self.api + "/"):  # never send the token to another host
            raise ApiError(f"GitHub's next page points outside {self.api}: {url}")
        return url

    def _request(self, url: str, accept: str, data: bytes | None) -> urllib.request.Request:
        headers = {
            "Accept": accept,
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": f"perfcode/{__version__}",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        method = "GET" if data is None else "POST"
        return urllib.request.Request(url, data=data, headers=headers, method=method)

    def _call(
        self,
        url: str,
        deadline: float,
        *,
        accept: str = "application/vnd.github+json",
        data: bytes | None = None,
    ) -> _Answer:
        """One request (a POST when `data` is given), retried on server errors and secondary
        rate limits while `deadline` allows."""
        for attempt in range(self.retries + 1):
            try:
                answer = self._exchange(self._request(url, accept, data), deadline)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                wait = float(2**attempt)
                if deadline <= time.monotonic():
                    raise self._late(url) from exc
                if attempt >= self.retries or wait >= deadline - time.monotonic():
                    raise ApiError(f"cannot reach {self.api} ({reason})") from exc
            else:
                if 200 <= answer.status < 300:
                    return answer
                wait = self._failed(answer, url, attempt, deadline)
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(self, request: urllib.request.Request, deadline: float) -> _Answer:
        """One HTTP exchange in a daemon thread, given up on at `deadline`.

        A socket timeout bounds each read, not the whole answer: a server dripping a byte
        a second never trips it. Joining the thread with the time left does. An abandoned
        exchange ends on its own (socket timeout or the server closing) and, catching
        everything, leaves no warning or traceback behind.
        """
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._late(request.full_url)
        box: list[_Answer | BaseException] = []

        def attempt() -> None:
            try:
                # past the deadline, so that the join below, not a read, decides
                box.append(self._attempt(request, min(self.timeout, left + 1.0)))
            except BaseException as exc:  # everything: handed to the caller, or dropped
                box.append(exc)

        thread = threading.Thread(target=attempt, name="perfcode-github", daemon=True)
        thread.start()
        thread.join(left)
        if not box:
            raise self._late(request.full_url)
        result = box[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _attempt(self, request: urllib.request.Request, timeout: float) -> _Answer:
        try:
            response = self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            try:
                detail = exc.read(ERROR_BODY) if exc.fp is not None else b""
            except (OSError, http.client.HTTPException):
                detail = b""
            finally:
                exc.close()
            return _Answer(exc.code, exc.headers, detail, str(exc.reason))
        with response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > self.max_body:
                raise self._huge(request.full_url)
            body: bytes = response.read(self.max_body + 1)
            if len(body) > self.max_body:
                raise self._huge(request.full_url)
            return _Answer(response.status, response.headers, body, str(response.reason))

    def _late(self, url: str) -> ApiError:
        return ApiError(
            f"GitHub did not answer {url} within {self.deadline:g} s (the time allowed for "
            "one call, retries included); try again later"
        )

    def _huge(self, url: str) -> ApiError:
        return ApiError(
            f"GitHub's answer to {url} is larger than {self.max_body:,} bytes; refusing to read it"
        )

    def _failed(self, answer: _Answer, url: str, attempt: int, deadline: float) -> float:
        """Seconds to wait before retrying, or raise the error people need to see."""
        status, headers = answer.status, answer.headers
        detail = _message(answer.body)
        if status == 401:
            raise ApiError(
                "GitHub refused the token (401 Bad credentials): set GITHUB_TOKEN to a valid "
                "token that can read the repository's pull requests"
            )
        if status == 404:
            raise _NotFound(url)
        remaining = headers.get("x-ratelimit-remaining")
        retry_after = headers.get("retry-after")
        if status in (403, 429) and remaining == "0" and retry_after is None:
            reset = headers.get("x-ratelimit-reset", "")
            try:
                when = datetime.fromtimestamp(int(reset), UTC).strftime("%Y-%m-%d %H:%M UTC")
            except (ValueError, OverflowError, OSError):
                when = "later"
            raise ApiError(
                f"GitHub's API rate limit is used up until {when}; "
                "try again then, or use a token with a higher limit"
            )
        secondary = status in (403, 429) and (
            retry_after is not None or "secondary rate limit" in detail.lower()
        )
        if (status >= 500 or secondary) and attempt < self.retries:
            asked = retry_after is not None and retry_after.isdigit()
            wait = float(retry_after) if asked and retry_after else 2.0**attempt
            wait = max(wait, 1.0) if secondary else wait
            left = deadline - time.monotonic()
            if asked and wait >= left:
                raise ApiError(
                    f"GitHub asks to wait {wait:.0f} s before the next request, more than the "
                    f"{max(left, 0):.0f} s left for this call; try again later"
                )
            if wait < left:
                return wait
        if secondary:
            raise ApiError("GitHub's secondary rate limit persists; try again in a few minutes")
        if status == 403:
            raise ApiError(f"GitHub refused access (403 Forbidden: {detail}); check the token")
        raise ApiError(f"GitHub answered {status} for {url}: {detail or answer.reason}")


class _NotFound(Exception):
    pass


def _segment(ref: str) -> str:
    """A commit or ref as one URL path segment (a `/` or `..` in it cannot move the path)."""
    return urllib.parse.quote(ref, safe="")


def _message(body: bytes) -> str:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return ""
    return str(data.get("message", "")) if isinstance(data, dict) else ""


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ApiError(f"GitHub's answer to {url} is not JSON perfcode can read") from exc
