"""site.views: the audience applied once, to the data the pages are made from.

On the example organisation (2026-H2 publishes scores and grades, not comments; feedback
aggregated from 3 raters), sometimes with its publication settings edited. What the
audience may not see must be absent from the views, so no template can print it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from edited_example import scored_example
from example_org import REPOSITORY, copy_example
from perfcode import model as m
from perfcode.explain import steps
from perfcode.i18n import Labels
from perfcode.score import CycleResult
from perfcode.site import pages, views
from perfcode.workflow import owed

TEMPLATES = REPOSITORY / "tooling" / "perfcode" / "site" / "templates" / "pages"
H2 = "2026-H2"
PUBLICATION = f"cycles/{H2}/cycle.yaml"
AFTER = "2027-01-20"  # 2026-H2's results are out (its results phase starts 2027-01-11)


def _scored(
    tmp_path: Path, *edits: tuple[str, str, str]
) -> tuple[m.Repository, dict[str, CycleResult]]:
    return scored_example(tmp_path, *edits)


def _cycles(repo: m.Repository) -> list[str]:
    return [c for c in repo.cycle_ids() if repo.cycles[c].policy is not None]


def _records(
    repo: m.Repository,
    results: dict[str, CycleResult],
    audience: m.Audience,
    today: str = AFTER,
) -> list[views.CycleRecord]:
    return [
        record
        for person in sorted(repo.people)
        for record in views.person_view(
            repo, results, _cycles(repo), audience, person, today
        ).records
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
        found.extend(g.measure for g in record.plan.plan.gaps)
        found.extend(c.note for c in record.plan.plan.checkins if c.note)
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
    view = views.person_view(repo, results, _cycles(repo), "public", "sunli", AFTER)
    h2 = [row for row in view.history if row.cycle_id == H2]
    assert h2 and h2[0].score is None and h2[0].grade_text is None
    assert view.current is None or view.current[0] != H2
    columns, rows = views.team_rows(repo, repo.people.values(), H2, results[H2], "public", AFTER)
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
    site = pages.render_site(repo, results, pages.Options(audience="public", today=AFTER))
    page = site[pages.person_page("zhoujie")]
    explanation = page.split('<pre class="pc-explain">', 1)[1].split("</pre>", 1)[0]
    # (zhoujie's two peers are fewer than min_raters: no section or base score either)
    assert "最终得分" in explanation and "绩效工资系数" in explanation
    assert "绩效校准" not in explanation
    private = pages.render_site(repo, results, pages.Options(audience="private", today=AFTER))
    assert "理由:分" in private[pages.person_page("zhoujie")]


def test_templates_only_lay_out_what_they_are_given() -> None:
    templates = sorted(TEMPLATES.glob("*.j2"))
    assert templates
    for template in templates:
        # (the home page's banner says which edition it is: that is layout, not hiding)
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\bshow\b|\.private\b|seen_by|visible", text), template.name


# --- issue 11: every setting holds on every surface ------------------------------------------

SWITCHES_ON = (
    PUBLICATION,
    r"^    plans: false\n    interviews: false\n    appeals: false",
    "    plans: true\n    interviews: true\n    appeals: true",
)
NO_GRADES = (PUBLICATION, r"^    grades: true", "    grades: false")


def _h2_section(page: str) -> str:
    """The part of a person's page about 2026-H2 (the page also holds 2026-H1)."""
    start = page.index("## 2026&#45;H2 · ")
    end = page.find("## 2026&#45;H1 · ", start)
    return page[start:] if end < 0 else page[start:end]


def _site(
    repo: m.Repository,
    results: dict[str, CycleResult],
    audience: str = "public",
    today: str = AFTER,
) -> dict[str, str]:
    return pages.render_site(repo, results, pages.Options(audience=audience, today=today))


def test_grades_not_published_are_nowhere(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path, NO_GRADES, SWITCHES_ON)
    policy = repo.cycles[H2].policy
    assert policy is not None
    grade_texts = [f"{g.id} {g.name}" for g in policy.grades]
    site = _site(repo, results)
    for person in repo.people:
        page = site[pages.person_page(person)]
        if "## 2026&#45;H2 · " not in page:
            continue
        h2 = _h2_section(page)
        for text in ("分数段等级:", "最终等级:", "等级由绩效委员会校准", *grade_texts):
            assert text not in h2, (person, text)
        # the plan's trigger "考核不合格" (failed review) tells a failing grade
        assert "考核不合格" not in h2, person
    sunli = _h2_section(site[pages.person_page("sunli")])
    assert "### 绩效改进计划" in sunli and "触发原因" not in sunli
    assert "考核不合格" in _h2_section(_site(repo, results, "private")[pages.person_page("sunli")])
    dashboard = site[pages.dashboard_page(H2)]
    assert "等级分布" not in dashboard and "强制分布" not in dashboard
    view = views.dashboard_view(
        repo, results[H2], H2, "public", _progress(repo, results, AFTER), AFTER
    )
    assert not view.grades and view.populations == () and not view.interviews
    columns, _rows = views.team_rows(repo, repo.people.values(), H2, results[H2], "public", AFTER)
    assert columns == views.TeamColumns(grades=False, scores=True)


def _progress(repo: m.Repository, results: dict[str, CycleResult], today: str) -> owed.Progress:
    return owed.progress(repo, results[H2], H2, date.fromisoformat(today))


def test_the_explanation_filter_drops_grades_and_scores_by_kind(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    chain = steps.steps(results[H2], repo, "zhoujie")
    no_grades = steps.public(chain, free_text=True, grades=False, outcomes=False)
    kinds = {s.kind for s in no_grades}
    assert "final" in kinds or "final_rounded" in kinds
    assert not kinds & steps.GRADES and not kinds & steps.OUTCOMES
    no_scores = steps.public(chain, free_text=True, scores=False)
    assert not {s.kind for s in no_scores} & steps.SCORES
    assert "grade" in {s.kind for s in no_scores}


def test_signature_evidence_names_documents_in_words_and_no_rater(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    raters = {r.rater for r in repo.cycles[H2].reviews if r.role not in views.NAMED_ROLES}
    public = _site(repo, results)
    for path, text in public.items():
        assert "reviews/" not in text and ".yaml" not in text, path
    sunli = views.person_view(repo, results, _cycles(repo), "public", "sunli", AFTER)
    evidence = [e for r in sunli.records for e in r.signatures]
    assert evidence and all(e.files for e in evidence)
    shown = {f for e in evidence for f in e.files}
    assert shown <= {"绩效契约", "自评", "上级评价", "过程检查与一对一", "人员档案"}, shown
    assert not shown & raters
    private = views.person_view(repo, results, _cycles(repo), "private", "sunli", AFTER)
    private_files = {f for r in private.records for e in r.signatures for f in e.files}
    assert f"cycles/{H2}/plans/sunli.yaml" in private_files


def test_a_document_changed_after_it_was_signed_is_marked_unsigned(tmp_path: Path) -> None:
    """An edit that never went through the signatures check (an admin merge, a direct push)
    gives the contract a blob no evidence names: the page says it is not signed as it stands."""
    contract = f"cycles/{H2}/contracts/wanghongjun.yaml"
    repo, results = _scored(tmp_path, (contract, r"^(# yaml-language-server.*)$", r"\1\n# edited"))
    public = views.person_view(repo, results, _cycles(repo), "public", "wanghongjun", AFTER)
    private = views.person_view(repo, results, _cycles(repo), "private", "wanghongjun", AFTER)
    assert [r.unsigned for r in public.records if r.cycle_id == H2] == [("绩效契约",)]
    assert [r.unsigned for r in private.records if r.cycle_id == H2] == [(contract,)]
    page = _site(repo, results)["people/wanghongjun.md"]
    assert '!!! warning "当前内容没有签字记录' in page
    untouched = views.person_view(repo, results, _cycles(repo), "public", "sunli", AFTER)
    assert all(r.unsigned == () for r in untouched.records)


def test_results_not_published_stay_off_the_public_site(tmp_path: Path) -> None:
    """Past the results phase's start, but with no results.yaml (nobody ran perfcode publish,
    or its pull request is not merged): the public sees progress only; HR sees the
    provisional results."""

    from perfcode.check import check_repository
    from perfcode.score import score_all

    root = copy_example(tmp_path / "repo")
    (root / f"cycles/{H2}/results.yaml").unlink()
    checked = check_repository(root)
    assert not checked.failed_before_scoring
    repo, results = checked.repository, score_all(checked.repository)
    public = _records(repo, results, "public")
    assert public and all(r.result is None or not r.result.published for r in public)
    private = _records(repo, results, "private")
    assert any(r.result is not None and r.result.published for r in private)
    # with its results.yaml, the same day shows them
    repo_before, results_before = _scored(tmp_path / "published")
    shown = _records(repo_before, results_before, "public")
    assert any(r.result is not None and r.result.published for r in shown)


Ratings = dict[str, Decimal]


def _answers(
    sections: list[tuple[Decimal, list[tuple[Decimal, Ratings]]]],
    weights: Mapping[str, Decimal],
    scale: Decimal,
    base: Decimal,
    hidden: str,
    target: tuple[int, int],
) -> set[int]:
    """Which ratings 1-5 of the `hidden` role on item `target` (section, item) agree with
    the base score shown to two places, trying every rating 1-5 of every role on that item
    (the named raters' are not shown either) and on one other item, every further item
    keeping its true ratings. Each answer comes with ratings that give the shown score, so
    more than one answer means the page does not determine the hidden rating."""

    def contribution(s: int, i: int, ratings: Ratings) -> Decimal:
        weight, items = sections[s]
        total_w = sum((w for w, _ in items), Decimal(0))
        role_w = sum((weights[r] for r in ratings), Decimal(0))
        rating = sum((weights[r] * v for r, v in ratings.items()), Decimal(0)) / role_w
        return weight * items[i][0] * rating / scale / total_w

    def tries(s: int, i: int) -> list[Ratings]:
        roles = sorted(sections[s][1][i][1])
        return [
            dict(zip(roles, map(Decimal, values), strict=True))
            for values in itertools.product(range(1, 6), repeat=len(roles))
        ]

    places = [(s, i) for s, (_w, items) in enumerate(sections) for i in range(len(items))]
    true = {(s, i): contribution(s, i, sections[s][1][i][1]) for s, i in places}
    everything = sum(true.values(), Decimal(0))
    found: set[int] = set()
    for other in [p for p in places if p != target]:
        rest = everything - true[target] - true[other]
        others = sorted(contribution(*other, r) for r in tries(*other))
        for ratings in tries(*target):
            need = base - rest - contribution(*target, ratings)
            at = bisect.bisect_left(others, need - Decimal("0.005"))
            if at < len(others) and others[at] <= need + Decimal("0.005"):
                found.add(int(ratings[hidden]))
    return found


def test_a_withheld_rater_cannot_be_solved_from_the_page(tmp_path: Path) -> None:
    # wuqian has one customer rater (fewer than min_raters 3): the customer role is withheld
    repo, results = _scored(tmp_path)
    view = views.person_view(repo, results, _cycles(repo), "public", "wuqian", AFTER)
    (record,) = [r for r in view.records if r.cycle_id == H2]
    assert record.withheld and "客户评价" in record.withheld
    # no number per item or role: no named rater's ratings, no role average
    assert all(r.ratings is None for b in record.roles for r in b.reviews)
    assert all(b.aggregate == () for b in record.roles)
    # no section score: only the totals that mix every item and role in
    assert record.explanation
    assert not any(
        line.startswith(("conduct", "ability", "基础得分")) for line in record.explanation
    )
    assert any(line.startswith("最终得分") for line in record.explanation)
    # the totals shown (the base score, as the roll-up's reviews term) leave every
    # customer rating open: trying 1-5 leaves more than one answer for every item
    person = results[H2].people["wuqian"]
    policy = repo.cycles[H2].policy
    assert policy is not None and person.base_score is not None
    sections = [
        (s.weight, [(i.weight, {r.role: r.rating for r in i.roles}) for i in s.items])
        for s in person.sections
    ]
    weights = {role: policy.rater_weight(role) for role in m.ROLES}
    targets = [
        (s, i)
        for s, (_w, items) in enumerate(sections)
        for i, (_iw, r) in enumerate(items)
        if "customer" in r
    ]
    assert len(targets) >= 9
    for target in targets:
        answers = _answers(
            sections, weights, policy.scale_max, person.base_score, "customer", target
        )
        assert len(answers) > 1, (target, answers)
    # HR's edition shows everything
    private = views.person_view(repo, results, _cycles(repo), "private", "wuqian", AFTER)
    (full,) = [r for r in private.records if r.cycle_id == H2]
    assert full.withheld is None and any(r.ratings for b in full.roles for r in b.reviews)


def test_plans_interviews_and_appeals_only_with_their_switch(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    records = _records(repo, results, "public")
    assert all(r.plan is None and r.interview is None and r.appeal is None for r in records)
    sunli = _h2_section(_site(repo, results)[pages.person_page("sunli")])
    for heading in ("### 绩效改进计划", "### 绩效面谈", "### 绩效申诉"):
        assert heading not in sunli
    # sunli's outcomes: 重点培训与改进 (bottom 25%) shown; 一周内绩效面谈 (failing grade D) not
    assert "重点培训与改进" in sunli and "一周内绩效面谈" not in sunli
    view = views.dashboard_view(
        repo, results[H2], H2, "public", _progress(repo, results, AFTER), AFTER
    )
    assert (view.interviews, view.plans, view.appeals) == (False, False, False)
    assert "改进计划" not in _site(repo, results)[pages.dashboard_page(H2)].split("## 等级")[0]

    on_repo, on_results = _scored(tmp_path / "on", SWITCHES_ON)
    on = _h2_section(_site(on_repo, on_results)[pages.person_page("sunli")])
    for heading in ("### 绩效改进计划", "### 绩效面谈", "### 绩效申诉"):
        assert heading in on
    assert "一周内绩效面谈" in on and "考核不合格" in on


def test_outcomes_are_shown_as_far_as_what_they_tell_is(tmp_path: Path) -> None:
    repo, _results = _scored(tmp_path)
    policy = repo.cycles[H2].policy
    assert policy is not None
    rules = {rule.id: rule for rule in policy.outcomes}
    everything = policy.publication.seen_by("private")
    public = replace(everything, comments=False, feedback="aggregated", plans=False)
    assert all(views.outcome_shown(rule, policy, everything) for rule in rules.values())
    shown = {i for i, rule in rules.items() if views.outcome_shown(rule, policy, public)}
    # a failing grade's interview and the decline's plan announce a hidden procedure
    assert shown == {
        "talent_pool",
        "improvement_programme",
        "demotion_review",
        "outstanding_employee",
    }
    no_scores = replace(everything, scores=False)
    assert {i for i, r in rules.items() if views.outcome_shown(r, policy, no_scores)} == {
        "interview"
    }


def test_results_wait_for_the_results_phase(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    before = "2026-12-01"  # 2026-H2's self reviews start 12-16, its results 2027-01-11
    records = [r for r in _records(repo, results, "public", before) if r.result is not None]
    assert records
    for record in records:
        result = record.result
        assert result is not None and not result.published
        assert result.published_from == "2027-01-11"
        assert (result.score, result.grade, result.band_grade, result.rank) == (None,) * 4
        assert result.pay_ratio is None and result.outcomes == ()
        assert record.explanation == () and record.adjustments is None
        assert record.plan is None and record.interview is None and record.appeal is None
        assert all(b.aggregate == () for b in record.roles)
    site = _site(repo, results, today=before)
    sunli = _h2_section(site[pages.person_page("sunli")])
    assert "考核结果自 2027&#45;01&#45;11 起公布" in sunli and "得分说明" not in sunli
    dashboard = site[pages.dashboard_page(H2)]
    assert "<svg" not in dashboard
    columns, _rows = views.team_rows(repo, repo.people.values(), H2, results[H2], "public", before)
    assert columns == views.TeamColumns(grades=False, scores=False)
    view = views.person_view(repo, results, _cycles(repo), "public", "sunli", before)
    assert view.current is not None and view.current[0] != H2
    # from the first day of the results phase, and always for HR
    assert all(
        r.result and r.result.published
        for r in _records(repo, results, "public", "2027-01-11")
        if r.result
    )
    assert all(
        r.result and r.result.score is not None
        for r in _records(repo, results, "private", before)
        if r.result and r.result.status == "scored"
    )


def test_numbers_combined_over_too_few_people_are_not_shown(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    view = views.dashboard_view(
        repo, results[H2], H2, "public", _progress(repo, results, AFTER), AFTER
    )
    assert view.grades and view.scores is not None and view.fewest == 3
    assert view.populations and all(p.size >= 3 for p in view.populations)
    assert view.leniency and all(row.people >= 3 for row in view.leniency)
    _all_rows, _mean, _people = views.leniency(results[H2])
    assert any(row.people < 3 for row in _all_rows)  # some managers rate fewer: left out
    repo, results = _scored(
        tmp_path / "many", (PUBLICATION, r"^  min_raters: 3", "  min_raters: 6")
    )
    view = views.dashboard_view(
        repo, results[H2], H2, "public", _progress(repo, results, AFTER), AFTER
    )
    assert view.grades and [p.id for p in view.populations] == ["frontline"]
    assert view.leniency == ()  # no manager rates 6 people
    repo, results = _scored(
        tmp_path / "more", (PUBLICATION, r"^  min_raters: 3", "  min_raters: 50")
    )
    view = views.dashboard_view(
        repo, results[H2], H2, "public", _progress(repo, results, AFTER), AFTER
    )
    assert not view.grades and view.scores is None and view.leniency == () and view.mean is None
    assert "<svg" not in _site(repo, results)[pages.dashboard_page(H2)]
    private = views.dashboard_view(
        repo, results[H2], H2, "private", _progress(repo, results, AFTER), AFTER
    )
    assert private.grades and private.scores is not None and private.leniency


def test_the_policy_page_says_what_the_public_site_shows(tmp_path: Path) -> None:
    repo, results = _scored(tmp_path)
    page = _site(repo, results)[pages.policy_page(H2)]
    words = page.split("### 公开站点显示的内容", 1)[1]
    for sentence in (
        "自 2027&#45;01&#45;11",
        "显示得分、排名与绩效工资系数",
        "不显示评语",
        "至少 3 人的平均分",
        "不显示绩效改进计划",
        "不显示绩效面谈",
        "不显示绩效申诉",
    ):
        assert sentence in words, sentence
    policy = repo.cycles[H2].policy
    assert policy is not None
    anonymous = replace(
        policy,
        anonymous=(("subordinate", 5),),
        publication=replace(policy.publication, plans=True, grades=False),
    )
    en = pages.publication_words(anonymous, Labels("en"))
    assert "Improvement plans are shown." in en and "Grades are not shown." in en
    assert any("Subordinate" in s and "subordinate-aggregated.yaml" in s and "5" in s for s in en)
    zh = pages.publication_words(anonymous, Labels("zh"))
    assert any("匿名" in s and "至少 5 人" in s for s in zh)
