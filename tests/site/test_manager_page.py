"""A manager's person page lists their direct reports with each one's progress in the
current cycle (contract agreed, check-ins on cadence, reviews in), as the audience allows:
HR's edition person by person, the public one how many and the team's counts only (from
`min_raters` reports on; the public never sees progress by name, as on the dashboard, and
never the reports' names beside the manager's record: some may be its anonymous raters).

The organisation is the workflow tests' own (tests/workflow/filters/org): p00001 manages
p00002..p00009, p00002 manages p00010 and p00011; on 2027-01-02 p00009 has no contract,
p00005's manager review and p00010's, and p00011's self review are missing. Expected pages'
sections are under manager/ (PERFCODE_UPDATE_EXPECTED=1 rewrites them; read the diff)."""

from __future__ import annotations

import html
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.score import score_all
from perfcode.site import pages as render
from perfcode.workflow import owed

HERE = Path(__file__).parent
ORG = HERE.parent / "workflow" / "filters" / "org"
EXPECTED = HERE / "manager"
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
DAY = "2027-01-02"
HEADINGS = {"zh": "## 直接下属", "en": "## Direct reports"}


def _site(root: Path, audience: str) -> dict[str, str]:
    checked = check_repository(root)
    assert not checked.failed_before_scoring, [p.message for p in checked.problems]
    results = score_all(checked.repository)
    options = render.Options(audience=audience, today=DAY)
    return render.render_site(checked.repository, results, options)


def _section(page: str, heading: str) -> str:
    """The page's direct-reports section (up to the next second-level heading), or ""."""
    found = re.search(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", page, re.M | re.S)
    return found.group(0) if found else ""


def _org(tmp_path: Path, language: str = "zh") -> Path:
    root = tmp_path / "org"
    shutil.copytree(ORG, root)
    if language != "zh":
        org = root / "people" / "org.yaml"
        org.write_text(
            org.read_text(encoding="utf-8").replace("language: zh", f"language: {language}"),
            encoding="utf-8",
        )
        cycle = root / "cycles" / "2026-H2" / "cycle.yaml"
        cycle.write_text(
            cycle.read_text(encoding="utf-8").replace("language: zh", f"language: {language}"),
            encoding="utf-8",
        )
    return root


@pytest.mark.parametrize(
    ("language", "audience", "manager"),
    [
        ("zh", "private", "p00001"),
        ("zh", "public", "p00001"),
        ("zh", "public", "p00002"),
        ("en", "private", "p00002"),
        ("en", "public", "p00001"),
    ],
)
def test_the_section_as_written(tmp_path: Path, language: str, audience: str, manager: str) -> None:
    pages = _site(_org(tmp_path, language), audience)
    section = _section(pages[render.person_page(manager)], HEADINGS[language])
    expected = EXPECTED / f"{manager}-{audience}-{language}.md"
    if UPDATE:
        expected.write_text(section, encoding="utf-8", newline="\n")
    assert section == expected.read_text(encoding="utf-8")


def test_only_managers_have_the_section(tmp_path: Path) -> None:
    pages = _site(_org(tmp_path), "private")
    with_section = {path for path, text in pages.items() if _section(text, HEADINGS["zh"])}
    assert with_section == {render.person_page(p) for p in ("p00000", "p00001", "p00002")}


def test_private_rows_are_what_status_owes(tmp_path: Path) -> None:
    """Each report's row says what `owed.progress` (status's facts) says: the contract
    missing, the reviews owed and in; the rows are the direct reports, no one else."""
    root = _org(tmp_path)
    checked = check_repository(root)
    repo = checked.repository
    facts = owed.progress(repo, score_all(repo).get("2026-H2"), "2026-H2", date.fromisoformat(DAY))
    section = _section(_site(root, "private")[render.person_page("p00001")], HEADINGS["zh"])
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(r"^\| \[[^]]*\]\((p\d+)\.md\) \|.*$", section, re.M)
    }
    assert set(rows) == {p for p, person in repo.people.items() if person.manager == "p00001"}
    for pid, row in rows.items():
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert (cells[2] == "未提交") == (pid in facts.expected and pid not in facts.contracts)
        owed_roles = [r for r in facts.reviews if pid in r.owed]
        done = [r for r in owed_roles if pid in r.done]
        assert cells[4].startswith(f"{len(done)} / {len(owed_roles)}" if owed_roles else "-")
    assert rows["p00009"].count("未提交") == 1
    assert "1 / 2" in rows["p00005"]  # the self review in, the manager's missing


def test_the_public_never_sees_progress_person_by_person(tmp_path: Path) -> None:
    """Public: how many, the team's counts; no name, no contract, check-in or review word
    beside anyone, and no counts for a team smaller than min_raters (p00002's two)."""
    pages = _site(_org(tmp_path), "public")
    private = _site(_org(tmp_path / "again"), "private")
    for manager in ("p00001", "p00002"):
        section = _section(pages[render.person_page(manager)], HEADINGS["zh"])
        assert section
        for word in ("未提交", "已商定", "未签字", "已提交", "按期", "项待进行", "自评"):
            assert word not in section, (manager, word)
        assert "|" not in section  # no table at all
        assert "名直接下属;公开版不列出姓名" in section
        for report in ("p00002", "p00003", "p00010"):
            assert f"({report}.md)" not in section
        assert _section(private[render.person_page(manager)], HEADINGS["zh"]) != section
    small = _section(pages[render.person_page("p00002")], HEADINGS["zh"])
    assert "合计" not in small and "直接下属少于 3 人" in small
    assert "合计 8 人" in _section(pages[render.person_page("p00001")], HEADINGS["zh"])


def _quoted(text: str) -> str:
    """TEXT as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("audience", ["public", "private"])
def test_hostile_names_and_titles_are_text(tmp_path: Path, audience: str) -> None:
    from hostile import PAYLOADS

    root = _org(tmp_path)
    for i, pid in enumerate(("p00002", "p00003", "p00004")):
        path = root / "people" / f"{pid}.yaml"
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^name: (.*)$", text, re.M)
        assert name is not None
        text = text.replace(name.group(0), f"name: {_quoted(PAYLOADS[i])}")
        text = re.sub(r"^title: .*$", f"title: {_quoted(PAYLOADS[i + 3])}", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    section = _section(_site(root, audience)[render.person_page("p00001")], HEADINGS["zh"])
    assert section
    for payload in PAYLOADS[:6]:
        assert payload not in section  # never raw: no tag, link or template survives
        # shown as the text it is to HR; the public edition names no report at all
        assert (payload in html.unescape(section)) == (audience == "private")
    assert "<" not in section and "](javascript" not in section


def test_checkins_on_cadence_and_due(tmp_path: Path) -> None:
    """During the checkins phase a row says how many check-ins the cadence owes (`owed.
    checkins_due`'s facts): none owed is on schedule, and the count says how many."""
    from dataclasses import replace

    from perfcode.site import views

    repo = check_repository(_org(tmp_path)).repository
    facts = owed.progress(repo, None, "2026-H2", date.fromisoformat(DAY))
    due = (
        owed.CheckinDue("p00010", "fortnightly", None, "2026-08-15", True, 3),
        owed.CheckinDue("p00010", "one_to_one", "2026-09-01", "2026-10-01", True, 1),
        owed.CheckinDue("p00011", "fortnightly", "2026-09-20", "2026-10-04", False, 0),
    )
    view = views.reports_view(
        repo, ("p00010", "p00011"), "2026-H2", replace(facts, checkins=due), "private", DAY
    )
    assert [r.checkins_owed for r in view.rows] == [2, 0]
    assert ("reports_checkins", 1, 2) in view.totals
