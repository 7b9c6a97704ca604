"""`perfcode site` on the tests' organisation (example_org) without --today: people/org.yaml pins
2027-01-20, the site reports on that day and says, beside the day, that it is pinned;
with --today the site reports on the day given and says nothing of a pin."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from example_org import copy_example
from perfcode.cli import main

PINNED = "2027-01-20 (日期由 people/org.yaml 固定)"


def _example(root: Path) -> Path:
    return copy_example(root, site=True)


def test_the_site_says_the_day_is_pinned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _example(tmp_path / "repo")
    assert main(["site", str(root), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("today is pinned to 2027-01-20 by people/org.yaml\n")
    home = (root / "site" / "index.md").read_text(encoding="utf-8")
    dashboard = (root / "site" / "cycles" / "2026-H2.md").read_text(encoding="utf-8")
    shown = PINNED.replace("-", "&#45;").replace(".yaml", "&#46;yaml")  # as the pages escape
    assert f"| {shown} |" in home
    assert dashboard.splitlines()[6].endswith(f"截至 {shown}")
    page = html.unescape((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert f"<td>{PINNED}</td>" in page

    assert main(["site", str(root), "--out", str(tmp_path / "out"), "--today", "2027-01-12"]) == 0
    assert not capsys.readouterr().out.startswith("today is pinned")
    home = (root / "site" / "index.md").read_text(encoding="utf-8")
    assert "固定" not in home and "| 2027&#45;01&#45;12 |" in home
