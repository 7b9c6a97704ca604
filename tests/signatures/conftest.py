"""A fake GitHub on 127.0.0.1: a real HTTP server (http.server in a thread) that answers
the REST endpoints `perfcode signatures` reads with GitHub's documented JSON shapes,
paginated with `Link` headers, and refuses requests without the API version header.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from perfcode.cli import main

REPO = "acme/records"


@dataclass
class Failure:
    """A scripted answer for the next request whose path starts with `prefix`."""

    prefix: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


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
    failures: list[Failure] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def answer(self, raw_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
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
        prefix = f"/repos/{REPO}/"
        if not path.startswith(prefix):
            return _error(404, "Not Found")
        parts = path[len(prefix) :].split("/")
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
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, body = fake.answer(self.path, headers)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
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
