"""The site's renderers, pure: documents and scores in, Markdown pages out.

One folder per scenario under cases/: a small repository (people/, cycles/<c>/...),
`options.json` (audience and the day the pages report on) and `expected/`, the Markdown
of chosen pages as `perfcode site` writes them into site/. Every page of every case must
also keep the escaping invariants: nothing typed in YAML becomes HTML or a link, and the
title in a page's front matter is HTML-escaped text, the same as its heading.
Set PERFCODE_UPDATE_EXPECTED=1 to rewrite expected/ from the current output; then read
every changed line.
"""

from __future__ import annotations

import html
import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from perfcode.check import check_repository
from perfcode.score import score_all
from perfcode.site import charts
from perfcode.site import pages as render
from perfcode.workflow import workdays

HERE = Path(__file__).parent
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


def _pages(case: Path) -> dict[str, str]:
    options = json.loads((case / "options.json").read_text(encoding="utf-8"))
    checked = check_repository(case)
    assert not checked.failed_before_scoring, [p.message for p in checked.problems]
    results = score_all(checked.repository)
    return render.render_site(checked.repository, results, render.Options(**options))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    pages = _pages(case)
    expected = case / "expected"
    if UPDATE:
        for file in expected.rglob("*.md"):
            path = file.relative_to(expected).as_posix()
            file.write_text(pages.get(path, ""), encoding="utf-8", newline="\n")
    files = sorted(p for p in expected.rglob("*.md"))
    assert files, f"{case.name} has no expected pages"
    for file in files:
        path = file.relative_to(expected).as_posix()
        assert path in pages, f"{path} was not rendered"
        assert pages[path] == file.read_text(encoding="utf-8"), path
    for path, text in pages.items():
        # the front matter: the page's title as HTML (see render.front_matter)
        meta: dict[str, object] = {}
        if text.startswith("---\n"):
            head, _, text = text[4:].partition("\n---\n")
            meta = yaml.safe_load(head)
        if path != render.HOME:
            title = meta["title"]
            assert isinstance(title, str) and not re.search(
                r"[<>\"']|&(?!(lt|gt|amp|quot|#x27);)", title
            )
            assert text.startswith(f"\n# {render.md(html.unescape(title))}\n"), path
        # raw HTML the templates write on purpose: charts, the explanation, <br> in cells
        stripped = re.sub(r"<figure class=\"pc-figure\">.*?</figure>", "", text, flags=re.S)
        stripped = re.sub(r"<pre class=\"pc-explain\">.*?</pre>", "", stripped, flags=re.S)
        # and the department cell search leaves out (it is on every person page of it)
        for tag in ("<br>", '<div class="grid cards" markdown>', "</div>"):
            stripped = stripped.replace(tag, "")
        for tag in ("<span data-pagefind-ignore>", "</span>"):
            stripped = stripped.replace(tag, "")
        assert "<" not in stripped, path
        assert "javascript:" not in text.replace("javascript&#58;", ""), path
        assert "<script" not in text and "onerror=" not in text.replace("onerror&#61;", ""), path


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("王红军", "王红军"),
        ("<script>alert(1)</script>", "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"),
        ("a | b", "a &#124; b"),
        ("line one\nline two", "line one<br>line two"),
        ("&amp;", "&#38;amp;"),
        ("**bold** _it_ `code`", "&#42;&#42;bold&#42;&#42; &#95;it&#95; &#96;code&#96;"),
        (Decimal("92.79"), "92.79"),
        (Decimal("30"), "30"),
        (None, ""),
    ],
)
def test_escape(text: object, markdown: str) -> None:
    assert render.md(text) == markdown


def test_chart_is_svg_with_escaped_labels() -> None:
    svg = charts.line(
        "<script>alert(1)</script>",
        [charts.Point("2026-H1", Decimal("85.5"), "B"), charts.Point("2026-H2", Decimal(92), "A")],
        bands=[("A", Decimal(90))],
    )
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "\n\n" not in svg  # one raw-HTML block in Markdown
    assert "<polyline" in svg and svg.count("<circle") == 2


def test_working_days_skip_weekends_and_holidays() -> None:
    case = HERE / "cases" / "contract-public"
    policy = check_repository(case).repository.cycles["2026-H2"].policy
    assert policy is not None
    # Friday 2027-01-15 + 10 working days: two weekends off → Friday 2027-01-29
    due = workdays.add_working_days(date(2027, 1, 15), 10, workdays.Calendar.of(policy))
    assert due == date(2027, 1, 29)
