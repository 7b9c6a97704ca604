"""site.views: the audience applied once, to the data the pages are made from.

On the example organisation (2026-H2 publishes scores and grades, not comments; feedback
aggregated from 3 raters), sometimes with its publication settings edited. What the
audience may not see must be absent from the views, so no template can print it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from perfcode import model as m
from perfcode.check import check_repository
from perfcode.score import CycleResult, score_all
from perfcode.site import pages, views

EXAMPLE = Path(__file__).parents[3]
TEMPLATES = EXAMPLE / "tooling" / "perfcode" / "site" / "templates" / "pages"
H2 = "2026-H2"
PUBLICATION = f"cycles/{H2}/cycle.yaml"


def _scored(
    tmp_path: Path, *edits: tuple[str, str, str]
) -> tuple[m.Repository, dict[str, CycleResult]]:
    root = tmp_path / "repo"
    for part in ("people", "cycles", "schemas"):
        shutil.copytree(EXAMPLE / part, root / part)
    for path, pattern, replacement in edits:
        file = root / path
        before = file.read_text(encoding="utf-8")
        after = re.sub(pattern, replacement, before, count=1, flags=re.M)
        assert after != before, (path, pattern)
        file.write_text(after, encoding="utf-8")
    checked = check_repository(root)
    assert not checked.failed, [p.message for p in checked.problems]
    return checked.repository, score_all(checked.repository, detail=True)


def _records(
    repo: m.Repository, results: dict[str, CycleResult], audience: m.Audience
) -> list[views.CycleRecord]:
    cycles = [c for c in repo.cycle_ids() if repo.cycles[c].policy is not None]
    return [
        record
        for person in sorted(repo.people)
        for record in views.person_view(repo, results, cycles, audience, person).records
        if record.cycle_id == H2
    ]


def _typed_text(record: views.CycleRecord) -> list[str]:
    """Every comment, note and reason a person's record view still carries."""
    found: list[str] = []
    for block in record.roles:
        found.extend(block.comments)
        for review in block.reviews:
            found.extend(text for _key, text in review.texts or ())
            found.extend(r.comment for r in review.ratings or () if r.comment)
    if record.checkins is not None:
        for c in record.checkins.entries:
            found.extend([c.notes] if c.notes else [])
            found.extend(p.note for p in c.progress if p.note)
    if record.adjustments is not None:
        found.extend(e.reason for e in record.adjustments.entries if e.reason)
    if record.calibration is not None:
        found.extend(reason for _grade, reason in record.calibration.decisions if reason)
    if record.interview is not None:
        iv = record.interview
        found.extend(
            t for t in (iv.strengths, iv.weaknesses, iv.improvement, iv.employee_comments) if t
        )
    if record.plan is not None:
        found.extend(g.measure for g in record.plan.gaps)
        found.extend(c.note for c in record.plan.checkins if c.note)
    if record.appeal is not None:
        found.extend(t for t in (record.appeal.reason, record.appeal.requested) if t)
        answer = record.appeal.appeal.answer
        found.extend([answer.text] if answer is not None and answer.text else [])
    return found


def test_the_public_views_carry_no_comment_and_no_hidden_name(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    public = _records(repo, results, "public")
    private = _records(repo, results, "private")
    assert len(public) == len(private) > 10
    assert any(_typed_text(r) for r in private)
    for record in public:
        assert _typed_text(record) == [], record.cycle_id
        assert not record.columns.comments and record.explanation_public
        for block in record.roles:
            assert block.named == (block.role in views.NAMED_ROLES)
            assert block.named or not block.reviews
    assert any(not b.named and b.aggregate for r in public for b in r.roles)
    assert all(b.named for r in private for b in r.roles)


def test_scores_and_grades_not_published_are_absent(tmp_path: Path) -> None:
    hidden = (
        PUBLICATION,
        r"^    scores: true\n    grades: true",
        "    scores: false\n    grades: false",
    )
    repo, results = _scored(tmp_path, hidden)
    records = [r for r in _records(repo, results, "public") if r.result is not None]
    assert records
    for record in records:
        result = record.result
        assert result is not None
        assert (result.score, result.grade, result.band_grade, result.rank) == (None,) * 4
        assert result.pay_ratio is None and result.outcomes == ()
        assert record.explanation == () and record.adjustments is None
        assert record.calibration is None
        assert all(b.aggregate == () for b in record.roles)
        assert all(r.ratings is None for b in record.roles for r in b.reviews)
    cycles = [c for c in repo.cycle_ids() if repo.cycles[c].policy is not None]
    view = views.person_view(repo, results, cycles, "public", "sunli")
    h2 = [row for row in view.history if row.cycle_id == H2]
    assert h2 and h2[0].score is None and h2[0].grade_text is None
    assert view.current is None or view.current[0] != H2
    columns, rows = views.team_rows(repo, repo.people.values(), H2, results[H2], "public")
    assert columns == views.TeamColumns(grades=False, scores=False)
    assert all(row.grade == "" and row.score is None for row in rows)


def test_feedback_from_too_few_raters_is_a_note_only(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path, (PUBLICATION, r"^  min_raters: 3", "  min_raters: 50"))
    blocks = [b for r in _records(repo, results, "public") for b in r.roles if not b.named]
    assert blocks
    for block in blocks:
        assert block.note and block.aggregate == () and block.comments == ()


def test_a_reason_of_one_character_hides_only_its_own_line_on_the_page(tmp_path: Path) -> None:
    # the public explanation once dropped every line containing a hidden reason's text
    reason = (f"cycles/{H2}/calibration.yaml", r"reason: 下半年.*$", "reason: 分")
    repo, results = _scored(tmp_path, reason)
    site = pages.render_site(repo, results, pages.Options(audience="public", today="2027-01-20"))
    page = site[pages.person_page("zhoujie")]
    explanation = page.split('<pre class="pc-explain">', 1)[1].split("</pre>", 1)[0]
    assert "最终得分" in explanation and "基础得分" in explanation
    assert "绩效校准" not in explanation
    private = pages.render_site(
        repo, results, pages.Options(audience="private", today="2027-01-20")
    )
    assert "理由:分" in private[pages.person_page("zhoujie")]


def test_templates_only_lay_out_what_they_are_given() -> None:
    templates = sorted(TEMPLATES.glob("*.j2"))
    assert templates
    for template in templates:
        # (the home page's banner says which edition it is: that is layout, not hiding)
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\bshow\b|\.private\b|seen_by|visible", text), template.name
