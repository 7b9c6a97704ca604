"""A fake GitHub on 127.0.0.1: a real HTTP server (http.server in a thread) that answers
the REST endpoints `perfcode signatures` reads and writes with GitHub's documented JSON
shapes, paginated with `Link` headers, and refuses requests without the API version header
or the token. Endpoints: the repository, a pull request, its files, reviews and issue
comments, a commit, the three-dot comparison, the pull requests of a commit, contents, and
POST check-runs. `Failure` scripts an error or redirect answer; `Stunt` a server that
misbehaves (never answers, drips, answers too much) for the client's hardening tests.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import pytest

from perfcode.cli import main

REPO = "acme/records"
#: GitHub lists at most this many files in a comparison ("Compare two commits")
COMPARE_FILES = 300
#: a check run's output.summary / output.text: at most this many bytes (GitHub answers 422)
CHECK_TEXT = 65535


def user(login: str) -> dict[str, Any]:
    """A GitHub user as the API shows one (a stable id made from the login)."""
    number = 10_000 + int(hashlib.sha1(login.encode()).hexdigest()[:6], 16) % 90_000
    return {"login": login, "id": number, "node_id": f"U_{number}", "type": "User"}


def contract_text(goal: str = "季度销售额达到50万元", title: str = "季度销售额") -> str:
    """A contract the 2026-H2 policy of tests/signatures/base accepts."""
    return (
        "# yaml-language-server: $schema=../../../schemas/contract.schema.json\n"
        "template: contract\n"
        "personal_goals:\n"
        f"  - {goal}\n"
        "sections:\n"
        "  results:\n"
        "    - id: sales\n"
        f"      title: {title}\n"
        "      weight: 100\n"
        "  ability:\n"
        "    - id: product-knowledge\n"
        "      title: 产品知识\n"
        "      weight: 100\n"
        "  attitude:\n"
        "    - id: teamwork\n"
        "      title: 团队合作意识\n"
        "      weight: 100\n"
    )


@dataclass
class Failure:
    """A scripted answer for the next request whose path starts with `prefix`."""

    prefix: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Stunt:
    """A misbehaving answer for the next request whose path starts with `prefix`.

    - "hang": reads the request and never answers (until the server stops);
    - "drip-headers": the normal answer, its status line and headers one byte every
      `interval` seconds;
    - "drip-body": the normal status line and headers, then the body one byte every
      `interval` seconds;
    - "huge": a 200 answer of `size` bytes of JSON (a list padded with spaces), with a
      Content-Length header when `declared`, else ended by closing the connection.
    """

    prefix: str
    kind: Literal["hang", "drip-headers", "drip-body", "huge"]
    interval: float = 1.0
    size: int = 0
    declared: bool = True


@dataclass
class FakeGitHub:
    url: str = ""
    token: str | None = "test-token"
    page_size: int = 100
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[tuple[str, str], str] = field(default_factory=dict)  # (ref, path) → text
    default_branch: str = "main"
    #: head SHA → the comparison's diff entries (for any base; cut at COMPARE_FILES)
    compares: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: commit SHA → its pull requests (pull-request-simple); a commit not here has none
    commit_pulls: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: the bodies of the check runs POSTed and accepted, in order
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stunts: list[Stunt] = field(default_factory=list)
    #: (path and query, lower-cased headers) of every request, in order
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: set when the server stops: a hanging or dripping answer gives up
    stopping: threading.Event = field(default_factory=threading.Event)

    def stunt(self, raw_path: str) -> Stunt | None:
        """The stunt scripted for this request, if any (used up)."""
        path = urllib.parse.urlsplit(raw_path).path
        for stunt in self.stunts:
            if path.startswith(stunt.prefix):
                self.stunts.remove(stunt)
                return stunt
        return None

    def merged(
        self,
        number: int,
        user: dict[str, Any],
        *,
        base: str,
        head: str,
        merge: str,
        merged_at: str,
        files: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """Pull request NUMBER merged by commit MERGE, as GitHub tells it: the pull request,
        its files (also the comparison of its head) and the merge commit's pull requests."""
        pull = {
            "url": f"https://api.github.com/repos/{REPO}/pulls/{number}",
            "id": 2_100_000_000 + number,
            "number": number,
            "state": "closed",
            "title": f"records #{number}",
            "user": user,
            "head": {"ref": f"pr-{number}", "sha": head},
            "base": {"ref": self.default_branch, "sha": base},
            "merged": True,
            "merged_at": merged_at,
            "merge_commit_sha": merge,
            "changed_files": len(files),
        }
        self.pulls[number] = pull
        self.files[number] = files
        self.compares[head] = files
        self.commit_pulls[merge] = [pull]
        return pull

    def answer(
        self, raw_path: str, headers: dict[str, str], method: str = "GET", body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        self.requests.append((raw_path, headers))
        parsed = urllib.parse.urlsplit(raw_path)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        for failure in self.failures:
            if path.startswith(failure.prefix):
                self.failures.remove(failure)
                return failure.status, failure.headers, json.dumps(failure.body).encode()
        if headers.get("x-github-api-version") != "2022-11-28":
            return _error(400, "send X-GitHub-Api-Version: 2022-11-28")
        if self.token is not None and headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, "Bad credentials")
        if method == "POST":
            if path == f"/repos/{REPO}/check-runs":
                return self._create_check_run(body)
            return _error(404, "Not Found")
        if path == f"/repos/{REPO}":
            return _ok(self._repository())
        prefix = f"/repos/{REPO}/"
        if not path.startswith(prefix):
            return _error(404, "Not Found")
        parts = path[len(prefix) :].split("/")
        if parts[0] == "compare" and len(parts) == 2:
            base, dots, head = urllib.parse.unquote(parts[1]).partition("...")
            if not dots or head not in self.compares:
                return _error(404, "Not Found")
            return _ok(self._comparison(base, head))
        if parts[0] == "commits" and len(parts) == 3 and parts[2] == "pulls":
            return self._page(path, query, self.commit_pulls.get(parts[1], []))
        if parts[0] == "pulls" and len(parts) == 2 and int(parts[1]) in self.pulls:
            return _ok(self.pulls[int(parts[1])])
        if parts[0] == "pulls" and len(parts) == 3 and parts[2] in ("files", "reviews"):
            items = getattr(self, parts[2]).get(int(parts[1]))
            return self._page(path, query, items)
        if parts[0] == "issues" and len(parts) == 3 and parts[2] == "comments":
            return self._page(path, query, self.comments.get(int(parts[1])))
        if parts[0] == "commits" and len(parts) == 2 and parts[1] in self.commits:
            return _ok(self.commits[parts[1]])
        if parts[0] == "contents":
            file_path = urllib.parse.unquote("/".join(parts[1:]))
            text = self.contents.get((query.get("ref", [""])[0], file_path))
            if text is None:
                return _error(404, "Not Found")
            assert headers.get("accept") == "application/vnd.github.raw+json"
            return 200, {"Content-Type": "text/plain; charset=utf-8"}, text.encode()
        return _error(404, "Not Found")

    def _repository(self) -> dict[str, Any]:
        """GitHub's "Get a repository" answer, the fields that matter and a few more."""
        owner, name = REPO.split("/")
        return {
            "id": 1296269,
            "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
            "name": name,
            "full_name": REPO,
            "owner": {"login": owner, "id": 1, "type": "Organization"},
            "private": True,
            "html_url": f"https://github.com/{REPO}",
            "url": f"{self.url}/repos/{REPO}",
            "default_branch": self.default_branch,
            "visibility": "private",
        }

    def _commit(self, sha: str) -> dict[str, Any]:
        return {
            "sha": sha,
            "url": f"{self.url}/repos/{REPO}/commits/{sha}",
            "html_url": f"https://github.com/{REPO}/commit/{sha}",
        }

    def _comparison(self, base: str, head: str) -> dict[str, Any]:
        """GitHub's "Compare two commits" answer (commit-comparison); files cut at 300."""
        basehead = f"{base}...{head}"
        return {
            "url": f"{self.url}/repos/{REPO}/compare/{basehead}",
            "html_url": f"https://github.com/{REPO}/compare/{basehead}",
            "permalink_url": f"https://github.com/{REPO}/compare/{basehead}",
            "diff_url": f"https://github.com/{REPO}/compare/{basehead}.diff",
            "patch_url": f"https://github.com/{REPO}/compare/{basehead}.patch",
            "base_commit": self._commit(base),
            "merge_base_commit": self._commit(base),
            "status": "ahead",
            "ahead_by": 1,
            "behind_by": 0,
            "total_commits": 1,
            "commits": [self._commit(head)],
            "files": self.compares[head][:COMPARE_FILES],
        }

    def _create_check_run(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        """POST /repos/{owner}/{repo}/check-runs, validated as GitHub documents it."""
        try:
            run = json.loads(body)
        except ValueError:
            return _error(400, "Problems parsing JSON")
        if not isinstance(run, dict):
            return _error(400, "Problems parsing JSON")
        for required in ("name", "head_sha"):
            if not isinstance(run.get(required), str) or not run[required]:
                return _error(422, f'Invalid request.\n\n"{required}" wasn\'t supplied.')
        if run.get("status") == "completed" and not run.get("conclusion"):
            return _error(422, "Invalid request.\n\nconclusion is required when completed.")
        output = run.get("output") or {}
        for part in ("summary", "text"):
            if len(str(output.get(part) or "").encode("utf-8")) > CHECK_TEXT:
                return _error(422, f"{part} exceeds a maximum bytesize of {CHECK_TEXT}")
        self.check_runs.append(run)
        number = 4000 + len(self.check_runs)
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        created = {
            "id": number,
            "node_id": f"CR_{number}",
            "head_sha": run["head_sha"],
            "external_id": run.get("external_id", ""),
            "url": f"{self.url}/repos/{REPO}/check-runs/{number}",
            "html_url": f"https://github.com/{REPO}/runs/{number}",
            "details_url": f"https://github.com/{REPO}/runs/{number}",
            "status": run.get("status", "queued"),
            "conclusion": run.get("conclusion"),
            "started_at": now,
            "completed_at": now if run.get("status") == "completed" else None,
            "output": {
                "title": output.get("title"),
                "summary": output.get("summary"),
                "text": output.get("text"),
                "annotations_count": 0,
                "annotations_url": f"{self.url}/repos/{REPO}/check-runs/{number}/annotations",
            },
            "name": run["name"],
            "check_suite": {"id": 5},
            "app": {"id": 1, "slug": "perfcode-signatures", "name": "perfcode signatures"},
            "pull_requests": [],
        }
        return 201, {"Content-Type": "application/json"}, json.dumps(created).encode()

    def _page(
        self, path: str, query: dict[str, list[str]], items: list[dict[str, Any]] | None
    ) -> tuple[int, dict[str, str], bytes]:
        if items is None:
            return _error(404, "Not Found")
        per_page = min(int(query.get("per_page", ["30"])[0]), self.page_size)
        page = int(query.get("page", ["1"])[0])
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []
        if page < last:
            links.append(f'<{self.url}{path}?per_page={per_page}&page={page + 1}>; rel="next"')
            links.append(f'<{self.url}{path}?per_page={per_page}&page={last}>; rel="last"')
        if page > 1:
            links.append(f'<{self.url}{path}?per_page={per_page}&page=1>; rel="first"')
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, {"Content-Type": "application/json", **headers}, json.dumps(chunk).encode()


def _ok(data: Any) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _error(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    body = {"message": message, "documentation_url": "https://docs.github.com/rest"}
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


@contextmanager
def running(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    """Serve `fake` on 127.0.0.1 (a free port, written to `fake.url`) while the block runs."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(self.headers.get("Content-Length") or 0)
            sent = self.rfile.read(min(length, 1 << 24)) if length > 0 else b""
            stunt = fake.stunt(self.path)
            if stunt is not None and stunt.kind in ("hang", "huge"):
                fake.requests.append((self.path, headers))
                if stunt.kind == "hang":
                    fake.stopping.wait(60)
                else:
                    self._huge(stunt)
                return
            status, extra, body = fake.answer(self.path, headers, method, sent)
            head = [f"HTTP/1.0 {status} {self.responses.get(status, ('',))[0]}"]
            head += [f"{name}: {value}" for name, value in extra.items()]
            head += [f"Content-Length: {len(body)}", "", ""]
            raw_head = "\r\n".join(head).encode("latin-1")
            if stunt is None:
                self._write(raw_head + body)
            elif stunt.kind == "drip-headers":
                if self._drip(raw_head, stunt.interval):
                    self._write(body)
            elif self._write(raw_head):  # drip-body
                self._drip(body, stunt.interval)

        def _write(self, data: bytes) -> bool:
            try:
                self.wfile.write(data)
                self.wfile.flush()
            except OSError:  # the client gave up: that is what the stunts are for
                return False
            return True

        def _drip(self, data: bytes, interval: float) -> bool:
            for i in range(len(data)):
                if fake.stopping.wait(interval) or not self._write(data[i : i + 1]):
                    return False
            return True

        def _huge(self, stunt: Stunt) -> None:
            head = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
            if stunt.declared:
                head += f"Content-Length: {stunt.size}\r\n"
            if not self._write((head + "\r\n").encode("latin-1") + b"["):
                return
            left, chunk = stunt.size - 2, b" " * 65536
            while left > 0 and not fake.stopping.is_set():
                if not self._write(chunk[: min(left, len(chunk))]):
                    return
                left -= len(chunk)
            self._write(b"]")

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    fake.stopping.clear()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()  # hanging and dripping answers end now
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running(FakeGitHub()) as fake:
        yield fake


@pytest.fixture
def cli(
    github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Any:
    """`perfcode` in this process, talking to the fake GitHub: (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("GITHUB_API_URL", github.url)
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call
