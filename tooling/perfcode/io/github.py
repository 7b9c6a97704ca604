"""The review platform at the edge: GitHub's REST API, read with the standard library.

`ReviewPlatform` is the small interface the signatures command needs; `GitHub` implements
it with urllib. Lists follow `Link: <...>; rel="next"` pagination; every request sends
`X-GitHub-Api-Version: 2022-11-28`; server errors and secondary rate limits are retried
politely (the sleep is injectable, so tests do not wait). Every failure becomes an
`ApiError` with a sentence a person can act on (bad token, not found, rate limited).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import Message
from typing import Any, Protocol

from perfcode import __version__
from perfcode.errors import PerfcodeError
from perfcode.signatures import rules as sig

DEFAULT_API = "https://api.github.com"
API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 100  # 10,000 items: far more than any pull request has
RETRIES = 4
MAX_WAIT = 120.0  # seconds; a longer Retry-After becomes an error instead of a hang
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class ApiError(PerfcodeError):
    """The platform could not be read; the message says why and what to do (exit 2)."""


class ReviewPlatform(Protocol):
    """What `perfcode signatures` needs from a code-review platform."""

    def pull(self, number: int) -> sig.PullRequest: ...

    def files(self, number: int) -> list[sig.ChangedFile]: ...

    def reviews(self, number: int) -> list[sig.ReviewEvent]: ...

    def comments(self, number: int) -> list[sig.Comment]: ...

    def commit(self, sha: str) -> sig.HeadCommit: ...

    def file_text(self, path: str, ref: str) -> str | None: ...


def _user(raw: Any) -> sig.User | None:
    if not isinstance(raw, dict) or not raw.get("login"):
        return None  # a deleted account ("ghost") comes back as null
    login = str(raw["login"])
    return sig.User(login=login, bot=raw.get("type") == "Bot" or login.endswith("[bot]"))


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
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
            raise ApiError(f"--repo must be OWNER/NAME, not {repo!r}")
        self.repo = repo
        self.token = token
        self.api = api.rstrip("/")
        self.sleep = sleep
        self.timeout = timeout
        self.retries = retries

    # --- the ReviewPlatform interface ---------------------------------------------------

    def pull(self, number: int) -> sig.PullRequest:
        raw = self._object(f"/repos/{self.repo}/pulls/{number}")
        try:
            return sig.PullRequest(
                number=int(raw["number"]),
                author=_user(raw.get("user")),
                head=str(raw["head"]["sha"]),
                base=str(raw["base"]["sha"]),
                base_ref=str(raw["base"].get("ref", "")),
                changed_files=int(raw.get("changed_files", 0)),
                merged_at=raw.get("merged_at"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ApiError(f"GitHub's answer for pull request #{number} lacks {exc}") from exc

    def files(self, number: int) -> list[sig.ChangedFile]:
        return [
            sig.ChangedFile(
                path=str(item["filename"]),
                status=str(item.get("status", "modified")),
                previous=item.get("previous_filename"),
            )
            for item in self._list(f"/repos/{self.repo}/pulls/{number}/files")
        ]

    def reviews(self, number: int) -> list[sig.ReviewEvent]:
        return [
            sig.ReviewEvent(
                id=int(item["id"]),
                user=_user(item.get("user")),
                state=str(item.get("state", "")),
                commit=item.get("commit_id"),
                at=item.get("submitted_at"),
            )
            for item in self._list(f"/repos/{self.repo}/pulls/{number}/reviews")
        ]

    def comments(self, number: int) -> list[sig.Comment]:
        return [
            sig.Comment(
                id=int(item["id"]),
                user=_user(item.get("user")),
                body=str(item.get("body") or ""),
                created_at=str(item.get("created_at", "")),
                updated_at=str(item.get("updated_at", "")),
            )
            for item in self._list(f"/repos/{self.repo}/issues/{number}/comments")
        ]

    def commit(self, sha: str) -> sig.HeadCommit:
        raw = self._object(f"/repos/{self.repo}/commits/{sha}")
        try:
            return sig.HeadCommit(
                sha=str(raw["sha"]),
                author=_user(raw.get("author")),
                committed_at=str(raw["commit"]["committer"]["date"]),
            )
        except (KeyError, TypeError) as exc:
            raise ApiError(f"GitHub's answer for commit {sha[:7]} lacks {exc}") from exc

    def file_text(self, path: str, ref: str) -> str | None:
        quoted = urllib.parse.quote(path)
        url = f"{self.api}/repos/{self.repo}/contents/{quoted}?ref={ref}"
        try:
            body, _ = self._get(url, accept="application/vnd.github.raw+json")
        except _NotFound:
            return None
        return body.decode("utf-8", errors="replace")

    # --- HTTP ------------------------------------------------------------------------------

    def _object(self, path: str) -> dict[str, Any]:
        url = f"{self.api}{path}"
        try:
            body, _ = self._get(url)
        except _NotFound as exc:
            raise ApiError(
                f"GitHub answered 404 Not Found for {path}: check --repo and --pr, "
                "and that the token can read this repository"
            ) from exc
        data = _json(body, url)
        if not isinstance(data, dict):
            raise ApiError(f"GitHub answered {url} with something other than an object")
        return data

    def _list(self, path: str) -> Iterator[dict[str, Any]]:
        url: str | None = f"{self.api}{path}?per_page={PER_PAGE}"
        pages = 0
        while url is not None:
            pages += 1
            if pages > MAX_PAGES:
                raise ApiError(f"{path} has more than {MAX_PAGES} pages; refusing to go on")
            try:
                body, headers = self._get(url)
            except _NotFound as exc:
                raise ApiError(
                    f"GitHub answered 404 Not Found for {path}: check --repo and --pr"
                ) from exc
            data = _json(body, url)
            if not isinstance(data, list):
                raise ApiError(f"GitHub answered {url} with something other than a list")
            yield from (item for item in data if isinstance(item, dict))
            url = self._next(headers.get("Link"))

    def _next(self, link: str | None) -> str | None:
        match = _NEXT.search(link or "")
        if match is None:
            return None
        url = match.group(1)
        if not url.startswith(self.api + "/"):  # never send the token to another host
            raise ApiError(f"GitHub's next page points outside {self.api}: {url}")
        return url

    def _request(self, url: str, accept: str) -> urllib.request.Request:
        headers = {
            "Accept": accept,
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": f"perfcode/{__version__}",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return urllib.request.Request(url, headers=headers)

    def _get(self, url: str, accept: str = "application/vnd.github+json") -> tuple[bytes, Message]:
        """One GET, retried on server errors and secondary rate limits."""
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(
                    self._request(url, accept), timeout=self.timeout
                ) as response:
                    body: bytes = response.read()
                    return body, response.headers
            except urllib.error.HTTPError as exc:
                wait = self._failed(exc, url, attempt)
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt >= self.retries:
                    raise ApiError(f"cannot reach {self.api} ({reason})") from exc
                wait = float(2**attempt)
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(self, exc: urllib.error.HTTPError, url: str, attempt: int) -> float:
        """Seconds to wait before retrying, or raise the error people need to see."""
        status, headers = exc.code, exc.headers
        detail = _message(exc)
        exc.close()
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
            when = (
                datetime.fromtimestamp(int(reset), UTC).strftime("%Y-%m-%d %H:%M UTC")
                if reset.isdigit()
                else "later"
            )
            raise ApiError(
                f"GitHub's API rate limit is used up until {when}; "
                "try again then, or use a token with a higher limit"
            )
        secondary = status in (403, 429) and (
            retry_after is not None or "secondary rate limit" in detail.lower()
        )
        if (status >= 500 or secondary) and attempt < self.retries:
            wait = float(retry_after) if retry_after and retry_after.isdigit() else 2.0**attempt
            if wait > MAX_WAIT:
                raise ApiError(f"GitHub asks to wait {wait:.0f} s before the next request")
            return max(wait, 1.0) if secondary else wait
        if secondary:
            raise ApiError("GitHub's secondary rate limit persists; try again in a few minutes")
        if status == 403:
            raise ApiError(f"GitHub refused access (403 Forbidden: {detail}); check the token")
        raise ApiError(f"GitHub answered {status} for {url}: {detail or exc.reason}")


class _NotFound(Exception):
    pass


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        return ""
    return str(data.get("message", "")) if isinstance(data, dict) else ""


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ApiError(f"GitHub's answer to {url} is not JSON") from exc
