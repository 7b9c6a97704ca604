"""The organisation this repository holds, whatever it is (the example, or a company's own
records in place of people/ and cycles/): its site builds, and `make serve` serves it.

Generic on purpose: no person, cycle or figure of the example is named here (those are
checked on the tests' own copy, example_org). The other checks of the repository's own
records sit beside the tests of their command: validate (test_foundation.py), score --check
(tests/scoring/test_scoring.py), codeowners --check (tests/signatures/test_codeowners.py),
the evidence (tests/signatures/test_example_evidence.py). Each works on a copy in tmp_path
(records, hand-written pages, mkdocs.yml), so nothing is written into the checkout.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from example_org import HR, REPOSITORY, copy_organisation, demo_key
from perfcode.cli import main

pytestmark = pytest.mark.slow


def _organisation(tmp_path: Path) -> Path:
    return copy_organisation(REPOSITORY, tmp_path / "repo", site=True)


@pytest.mark.parametrize("audience", ["public", "private"])
def test_the_site_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str], audience: str) -> None:
    root = _organisation(tmp_path)
    out = tmp_path / "out"
    code = main(["site", str(root), "--out", str(out), "--audience", audience])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    assert (out / "index.html").is_file()
    assert (out / "people" / "index.html").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_make_serve_serves_the_site(tmp_path: Path) -> None:
    """`make serve PORT=…` from the Makefile as it is, in a copy of the organisation: it
    validates, checks the results, builds the site and serves it on 127.0.0.1. The tools
    are this environment's (BIN), and its set-up step is taken as done (`-o` the stamp)."""
    root = _organisation(tmp_path)
    port = _free_port()
    command = [
        "make",
        "--no-print-directory",
        "-f",
        str(REPOSITORY / "Makefile"),
        "-o",
        ".venv/.installed",
        "serve",
        f"BIN={Path(sys.executable).parent}",
        f"PORT={port}",
    ]
    log = tmp_path / "make.log"
    with log.open("w", encoding="utf-8") as output:
        served = subprocess.Popen(
            command, cwd=root, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            page = _fetch(f"http://127.0.0.1:{port}/", served, log)
        finally:
            os.killpg(served.pid, signal.SIGTERM)
            served.wait(timeout=30)
    assert "<html" in page
    assert (root / "public" / "index.html").is_file()
    assert f"http://127.0.0.1:{port}" in log.read_text(encoding="utf-8")
    # the organisation is the example: make site also built HR's private edition with the
    # demo key, into private/ (never served): its words opened there, and only there
    reason = _opened_reason(root)
    assert (root / "private" / "index.html").is_file()
    assert any(reason in p.read_text(encoding="utf-8") for p in (root / "private").rglob("*.html"))
    public = [p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()]
    assert not any(reason.encode() in data for data in public)


def _opened_reason(root: Path) -> str:
    """The reason of 孙丽's appeal, as HR's demo key opens it."""
    from perfcode.io import identity
    from perfcode.io import yaml as yamlio
    from perfcode.seal import age

    appeal = yamlio.parse((root / "cycles/2026-H2/appeals/sunli.yaml").read_text("utf-8"))
    opened = age.open_(appeal["reason"]["age"], identity.load(demo_key(HR)).secrets)
    assert opened
    return opened


def _fetch(url: str, served: subprocess.Popen[bytes], log: Path) -> str:
    """URL's page once the server answers (make builds the site first)."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if served.poll() is not None:
            pytest.fail(f"make serve stopped ({served.returncode}):\n{log.read_text('utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make serve did not answer on {url}:\n{log.read_text('utf-8')}")
