"""What the public site may not show, and a scan of everything a build wrote for it.

The hidden values are worked out from the records themselves (the YAML files, read as plain
data) and from scoring (`perfcode.score_all`), never from the site's views: a test that asked
the views what they hide would only check the views against themselves.

`Settings` is one publication block, written into every cycle.yaml of a copy of an
organisation; `build` runs `perfcode site` on it (a real `mkdocs build`), once per
(organisation, settings, day, audience) in a test session; `hidden` lists every value those
settings hide, each with the surfaces it must not appear on; `scan` reads every file the build
wrote (HTML, Pagefind's index and fragments decompressed, sitemap.xml and sitemap.xml.gz,
404.html, file names) except the theme's own assets, and returns the leaks.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pagefind_files

import example_org
from perfcode import check_repository, i18n, score_all
from perfcode.io import yaml as yamlio
from perfcode.scaffold import sample
from perfcode.score import CycleResult
from perfcode.site import build as sitebuild

TODAY = "2027-01-20"  # every cycle of the example and of a sample is past its results phase
BEFORE_RESULTS = "2026-12-01"  # 2026-H2: self reviews from 12-16, results from 2027-01-11
NAMED_ROLES = ("self", "manager")
ANONYMOUS_ROLES = ("peer", "subordinate", "customer")
#: the theme's own files: the same in every build, nothing from a record
THEME_ASSETS = ("assets/",)
TWO = Decimal("0.01")

# a hidden value may not appear on:
ANYWHERE = "anywhere"  # any file, file name or search entry
RECORDS = "records"  # pages about people: home, people/, teams/, cycles/ (dashboards), 404
# or "person:<id>": that person's page and its search entries

Feedback = Literal["none", "aggregated", "full"]


@dataclass(frozen=True, slots=True)
class Settings:
    """One `publication` block."""

    scores: bool = True
    grades: bool = True
    comments: bool = True
    feedback: Feedback = "full"
    plans: bool = True
    interviews: bool = True
    appeals: bool = True
    min_raters: int = 3

    def yaml(self) -> str:
        def word(value: bool) -> str:
            return "true" if value else "false"

        return (
            "publication:\n  public:\n"
            f"    scores: {word(self.scores)}\n    grades: {word(self.grades)}\n"
            f"    comments: {word(self.comments)}\n    feedback: {self.feedback}\n"
            f"    plans: {word(self.plans)}\n    interviews: {word(self.interviews)}\n"
            f"    appeals: {word(self.appeals)}\n"
            f"  min_raters: {self.min_raters}\n"
        )


ALL_ON = Settings()
ALL_OFF = Settings(False, False, False, "none", False, False, False)
#: all on, then each switch off on its own; the threshold one above a rater count
VARIANTS: dict[str, Settings] = {
    "all-on": ALL_ON,
    "all-off": ALL_OFF,
    "no-scores": replace(ALL_ON, scores=False),
    "no-grades": replace(ALL_ON, grades=False),
    "no-comments": replace(ALL_ON, comments=False),
    "feedback-none": replace(ALL_ON, feedback="none"),
    "feedback-aggregated": replace(ALL_ON, feedback="aggregated"),
    "no-plans": replace(ALL_ON, plans=False),
    "no-interviews": replace(ALL_ON, interviews=False),
    "no-appeals": replace(ALL_ON, appeals=False),
    # liuyang has 3 peers and wanghongjun a subordinate review aggregating 3: at 3 they are
    # shown (all-on), at 4 they are not
    "min-raters-above": replace(ALL_ON, min_raters=4),
}
#: the sample (30 people): each has at most 2 peers, so 2 is the edge and 3 one above it
SAMPLE_VARIANTS: dict[str, Settings] = {
    "all-on": replace(ALL_ON, min_raters=2),
    "min-raters-above": ALL_ON,
    "all-off": ALL_OFF,
    "no-scores": replace(ALL_ON, scores=False, min_raters=2),
    "no-grades": replace(ALL_ON, grades=False, min_raters=2),
}

_PUBLICATION = re.compile(r"^publication:\n(?:[ ]+.*\n)*", re.MULTILINE)


def set_publication(root: Path, settings: Settings) -> None:
    for path in sorted((root / "cycles").glob("*/cycle.yaml")):
        text = path.read_text(encoding="utf-8")
        new, count = _PUBLICATION.subn(settings.yaml(), text)
        assert count == 1, path
        path.write_text(new, encoding="utf-8")


# --- organisations ------------------------------------------------------------------------


def copy_example(target: Path) -> Path:
    """The tests' organisation (example_org) with its mkdocs.yml and hand-written pages."""
    return example_org.copy_example(target, site=True)


def sampled(target: Path, people: int = 30) -> Path:
    """A sampled organisation with an interview, an improvement plan, an appeal and a
    calibration decision for its lowest scorer, each with words of its own."""
    sample.write(target, people=people, seed=7)
    checked = check_repository(target)
    results = score_all(checked.repository)[sample.CYCLE]
    scored = [r for r in results.people.values() if r.scored and r.score is not None]
    low = min(scored, key=lambda r: (r.score, r.person))
    person = checked.repository.people[low.person]
    manager, owner = person.manager or "", "p00000"
    grade = low.grade or "E"
    cycle = target / "cycles" / sample.CYCLE
    records = {
        "interviews": (
            "interview",
            f"date: 2027-01-13\ninterviewer: {manager}\nfinal_grade: {grade}\n"
            "strengths: 面谈记录甲:回访客户及时认真。\nweaknesses: 面谈记录乙:方案撰写拖延。\n"
            "career_interests: 面谈记录丙:希望转岗做产品。\n"
            "improvement: 面谈记录丁:一季度内完成改进。\n",
        ),
        "plans": (
            "plan",
            "trigger: failed_review\nperiod:\n  start: 2027-01-19\n  end: 2027-04-23\n"
            "gaps:\n  - measure: 方案按时提交率\n    target: 95\n    actual: 60\n    unit: '%'\n"
            "    note: 计划差距说明:提交率仅六成\n"
            "targets:\n  - measure: 方案按时提交率\n    target: 90\n    unit: '%'\n"
            "    due: 2027-03-26\n"
            "root_causes:\n  - kind: personal\n    method: 5W2H\n"
            "    cause: 计划原因分析:时间管理不足。\n"
            f"actions:\n  - action: 计划行动一:每周提交两份方案\n    owner: {low.person}\n"
            "    due: 2027-03-27\n"
            f"responsibilities:\n  employee: [计划员工职责:按周汇报]\n"
            f"  manager: [计划上级职责:每周复核]\n"
            "checkins:\n  - date: 2027-01-29\n    note: 计划检查记录:本周提交两份。\n"
            "    status: on_track\nevaluation:\n  status: in_progress\n",
        ),
        "appeals": (
            "appeal",
            f"filed: 2027-01-15\nabout: grade\ngrade_received: {grade}\n"
            "reason: 申诉理由:客户调整预算导致方案延后。\nrequested: 申诉请求:复核方案一项。\n"
            f"answer:\n  by: {owner}\n  date: 2027-01-21\n  decision: upheld\n"
            "  text: 申诉答复:评分依据充分。\n  pay_correction: false\n",
        ),
    }
    for folder, (kind, body) in records.items():
        path = cycle / folder / f"{low.person}.yaml"
        path.parent.mkdir(exist_ok=True)
        modeline = f"# yaml-language-server: $schema=../../../schemas/{kind}.schema.json\n"
        path.write_text(modeline + body, encoding="utf-8")
    policy = checked.repository.cycles[sample.CYCLE].policy
    assert policy is not None
    # a decision that changes the grade (one equal to it is not a calibration, PC067)
    other = next(g.id for g in policy.grades if g.id != grade)
    calibration = (
        "# yaml-language-server: $schema=../../schemas/calibration.schema.json\n"
        f"meeting:\n  date: 2027-01-06\n  members: [{owner}]\n"
        f"decisions:\n  - person: {low.person}\n    grade: {other}\n"
        "    reason: 校准理由:委员会复核后调整。\n"
    )
    (cycle / "calibration.yaml").write_text(calibration, encoding="utf-8")
    return target


# --- building -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    out: Path
    settings: Settings | None  # None: each cycle's own publication block
    today: str
    audience: str


_BUILT: dict[tuple[str, Settings | None, str, str], Site] = {}
_ORGS: dict[str, Path] = {}


def organisation(kind: str, base: Path) -> Path:
    """A pristine copy of the example or of the sample, made once (copied for each build).
    The example's words are opened (as HR's demo key reads them) and its policies keep none
    confidential (`confidential: fields: []`), so that the publication switches have words to
    show and hide: a public build shows confidential words only as a lock, sealed or not
    (tests/site/test_confidential_site.py)."""
    if kind not in _ORGS:
        target = base / f"{kind}-pristine"
        target.mkdir(parents=True)
        if kind == "example":
            _ORGS[kind] = copy_example(target)
            example_org.open_words(target)
            for policy in target.glob("cycles/*/cycle.yaml"):
                text = policy.read_text(encoding="utf-8")
                policy.write_text(text + "confidential:\n  fields: []\n", encoding="utf-8")
        else:
            _ORGS[kind] = sampled(target)
    return _ORGS[kind]


def build(
    kind: str,
    settings: Settings | None,
    base: Path,
    *,
    today: str = TODAY,
    audience: str = "public",
) -> Site:
    """`perfcode site --audience AUDIENCE --today TODAY` of organisation KIND (example or
    sample) with SETTINGS in every cycle (None: each cycle's own); once per session (BASE: a
    session temp folder)."""
    key = (kind, settings, today, audience)
    if key not in _BUILT:
        root = base / f"{kind}-{len(_BUILT)}"
        shutil.copytree(organisation(kind, base), root)
        if settings is not None:
            set_publication(root, settings)
        built = sitebuild.build(root, out=root / "public", audience=audience, today=today)
        assert built is not None, f"{kind} with {settings} has problems"
        _BUILT[key] = Site(root, built.out, settings, today, audience)
    return _BUILT[key]


# --- what the settings hide -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Secret:
    kind: str  # what it is: score, grade, comment, rater, plan, interview, appeal…
    value: str
    where: str  # ANYWHERE, RECORDS or person:<id>
    about: str  # whose, for the message
    number: bool = False  # matched as a whole number (51.85 is not in 151.85 or 51.851)


def _read(root: Path, path: str) -> Any:
    file = root / path
    if not file.is_file():
        return None
    return yamlio.parse(file.read_text(encoding="utf-8"))


def _texts(value: Any, skip: Iterable[str] = ()) -> Iterator[str]:
    """Every string inside VALUE, leaving out the keys in SKIP."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _texts(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, skip)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: fields of a record that are not free text: ids, dates, enumerations, measures (which are
#: the contract's item titles too, shown with the contract)
_NOT_TEXT = {
    "plans": (
        "trigger",
        "period",
        "owner",
        "due",
        "status",
        "kind",
        "method",
        "measure",
        "unit",
        "date",
        "target",
        "actual",
        "department",
    ),
    "interviews": ("date", "interviewer", "final_grade"),
    "appeals": (
        "filed",
        "about",
        "grade_received",
        "by",
        "date",
        "decision",
        "new_grade",
        "pay_correction",
        "item",
    ),
}
_KIND = {"plans": "plan", "interviews": "interview", "appeals": "appeal"}


def _published(policy: Any, today: str, written: bool) -> bool:
    """Public results: their results.yaml is written (perfcode publish) and the phase began."""
    results = next((p for p in policy["phases"] if p["id"] == "results"), None)
    return written and (results is None or str(results["start"]) <= today)


def _two(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(TWO))


def _grade_texts(policy: Any) -> dict[str, str]:
    return {g["id"]: f"{g['id']} {g['name']}" for g in policy["grades"]}


def _words(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


def hidden(site: Site, settings: Settings | None = None) -> list[Secret]:
    """Everything SITE's settings (or SETTINGS) hide from the public, found in its records."""
    root = site.root
    given = settings or site.settings
    checked = check_repository(root)
    repo = checked.repository
    results: dict[str, CycleResult] = score_all(repo)
    org = _read(root, "people/org.yaml")
    groups = {g["id"]: g["name"] for g in org.get("groups", [])}
    owners = set(org.get("policy_owners", []))
    names = {pid: p.name for pid, p in repo.people.items()}
    secrets: list[Secret] = []
    shown_grade_words: dict[str, set[str]] = {}
    hidden_grade_words: dict[str, set[tuple[str, str]]] = {}
    for cycle_id in sorted(repo.cycles):
        base = f"cycles/{cycle_id}"
        policy = _read(root, f"{base}/cycle.yaml")
        if policy is None:
            continue
        s = given or _own(policy)
        published = _published(policy, site.today, (root / base / "results.yaml").is_file())
        scores = s.scores and published
        grades = s.grades and published
        grade_text = _grade_texts(policy)
        grade_name = {g["id"]: g["name"] for g in policy["grades"]}
        cycle_result = results.get(cycle_id)
        quotas = _quota_numbers(policy, cycle_result)
        dashboard = f"cycles/{cycle_id}/"
        for pid, r in cycle_result.people.items() if cycle_result else ():
            page = f"person:{pid}"
            mine = f"people/{pid}/"
            if not scores:
                values = [r.score, r.base_score, r.pay_ratio]
                values += [sec.score for sec in r.sections]
                for value in filter(None, map(_two, values)):
                    where = f"pages:{mine}|{dashboard}"
                    secrets.append(Secret("score", value, where, pid, number=True))
                if r.rank is not None and r.population:
                    rank = f"{r.rank} / {groups.get(r.population, r.population)}"
                    secrets.append(Secret("rank", rank, f"pages:{mine}|{dashboard}", pid))
            ids = [r.grade, r.band_grade, r.distributed_grade]
            if r.calibration is not None:
                ids.append(r.calibration.grade)
            words = shown_grade_words.setdefault(pid, set())
            if scores:
                values = [r.score, r.base_score, r.pay_ratio, *(sec.score for sec in r.sections)]
                words.update(v for v in map(_two, values) if v)
            if scores and r.rank is not None and r.population:
                words.add(f"{r.rank} / {groups.get(r.population, r.population)}")
            for gid in filter(None, ids):
                if grades:
                    words.add(grade_name.get(gid, gid))
                    words.add(grade_text.get(gid, gid))
                    continue
                where = f"pages:{mine}|{dashboard}"
                secrets.append(Secret("grade", grade_text.get(gid, gid), where, pid))
                hidden_grade_words.setdefault(pid, set()).add((grade_name.get(gid, gid), page))
            for outcome in r.outcomes:
                # an outcome says what its rule reads: a grade, or a score or rank
                rule: dict[str, Any] = next(
                    (o for o in policy["outcomes"] if o["id"] == outcome.id), {}
                )
                on_grades = "grades" in rule.get("when", {})
                if (on_grades and not grades) or (not on_grades and not scores):
                    secrets.append(Secret("outcome", outcome.name, f"pages:{mine}", pid))
                else:
                    words.add(outcome.name)
        # reviews: comments, and who gave the anonymous ones
        for folder in sorted((root / base / "reviews").glob("*/")):
            pid = folder.name
            page = f"person:{pid}"
            by_role: dict[str, list[tuple[str, Any]]] = {}
            for file in sorted(folder.glob("*.yaml")):
                role, _, rater = file.stem.partition("-")
                by_role.setdefault(role, []).append(
                    (rater, _read(root, f"{base}/reviews/{pid}/{file.name}"))
                )
            allowed = _allowed_names(root, base, pid, repo, owners)
            for role, reviews in by_role.items():
                count = sum(
                    int(d.get("raters", d.get("respondents", 1))) if rater == "aggregated" else 1
                    for rater, d in reviews
                )
                anonymous = role in ANONYMOUS_ROLES
                shown = s.comments and (
                    not anonymous or (s.feedback != "none" and count >= s.min_raters)
                )
                for rater, data in reviews:
                    if anonymous and rater != "aggregated":
                        path = f"reviews/{pid}/{role}-{rater}"
                        secrets.append(Secret("rater", path, ANYWHERE, pid))
                        if rater in names and rater not in allowed:
                            secrets.append(Secret("rater", names[rater], page, pid))
                        elif rater not in names:
                            secrets.append(Secret("rater", rater, ANYWHERE, pid))
                    if not shown:
                        for text in _texts(data, skip=("submitted", "item", "collected_by")):
                            if len(text) >= 4 and not _DATE.fullmatch(text):
                                secrets.append(Secret("comment", text, ANYWHERE, pid))
                hide_means = anonymous and (
                    s.feedback == "none" or count < s.min_raters or not s.scores or not published
                )
                if hide_means and cycle_result and pid in cycle_result.people:
                    secrets += _role_means(cycle_result.people[pid], role, pid, quotas)
        # check-ins, adjustments, calibration
        for file in sorted((root / base / "checkins").glob("*.yaml")):
            if not s.comments:
                data = _read(root, f"{base}/checkins/{file.name}")
                for entry in data.get("entries", []):
                    for text in _texts(entry, skip=("date", "kind", "by", "item", "status")):
                        if len(text) >= 4:
                            secrets.append(Secret("comment", text, ANYWHERE, file.stem))
        for file in sorted((root / base / "adjustments").glob("*.yaml")):
            if not (s.comments and s.scores and published):
                data = _read(root, f"{base}/adjustments/{file.name}")
                for entry in data.get("entries", []):
                    if len(entry.get("reason", "")) >= 4:
                        secrets.append(Secret("adjustment", entry["reason"], ANYWHERE, file.stem))
        calibration = _read(root, f"{base}/calibration.yaml")
        if calibration is not None and not (s.comments and s.grades and published):
            for decision in calibration.get("decisions", []):
                reason = decision.get("reason", "")
                if len(reason) >= 4:
                    secrets.append(Secret("calibration", reason, ANYWHERE, decision["person"]))
        # interviews, plans, appeals
        for place, kind in _KIND.items():
            switch = {"plans": s.plans, "interviews": s.interviews, "appeals": s.appeals}[place]
            for file in sorted((root / base / place).glob("*.yaml")):
                pid = file.stem
                data = _read(root, f"{base}/{place}/{file.name}")
                if not (switch and s.comments):
                    for text in _texts(data, skip=_NOT_TEXT[place]):
                        if len(text) >= 4:
                            secrets.append(Secret(kind, text, ANYWHERE, pid))
                if switch:
                    if kind == "plan" and not (s.grades and published):
                        # why a plan was started says the grade failed
                        label = {"failed_review": "考核不合格", "consecutive_decline": "连续下降"}
                        trigger = label.get(data.get("trigger", ""))
                        if trigger:
                            secrets.append(Secret("grade", trigger, f"person:{pid}", pid))
                    continue
                secrets.append(Secret(kind, f"{place}/{pid}.yaml", ANYWHERE, pid))
                others = _other_dates(root, base, pid, place)
                for date in sorted(set(_DATE.findall(json.dumps(data))) - others):
                    secrets.append(Secret(kind, date, RECORDS, pid, number=True))
                if kind == "appeal" and isinstance(data.get("answer"), dict):
                    decision = {"upheld": "维持原结果", "changed": "调整结果", "partly": "部分调整"}
                    word = decision.get(data["answer"].get("decision", ""))
                    if word:
                        secrets.append(Secret(kind, word, RECORDS, pid))
    # a text the site shows for a reason of its own (a contract's measure, a goal, the same
    # words in a review that is shown) is not a secret
    public = "\n".join(_public_texts(root, given))
    secrets = [
        x
        for x in secrets
        if x.number
        or x.kind in ("grade", "rank", "outcome", "score")
        or x.kind == "rater"
        or _words(x.value) not in public
    ]
    # a grade or rank the person's page shows for another cycle is no secret there
    for x in list(secrets):
        if x.kind in ("grade", "rank", "score", "outcome") and x.where.startswith("pages:"):
            if x.value in shown_grade_words.get(x.about, set()):
                secrets.remove(x)
                rest = x.where.removeprefix("pages:").split("|")[1:]
                if rest:
                    secrets.append(replace(x, where="pages:" + "|".join(rest)))
    # a grade's name on its own, on the person's page: unless it names a grade the page
    # shows, or is part of another grade's name (合格 in 不合格), or is typed in a record
    for pid, pairs in hidden_grade_words.items():
        typed = _typed(root, pid)
        every = {g for p in pairs for g in [p[0]]} | shown_grade_words.get(pid, set())
        for word, page in sorted(pairs):
            if word in shown_grade_words.get(pid, set()) or word in typed:
                continue
            if any(word != other and word in other for other in every | _all_grade_names(root)):
                continue
            if any(word in other for other in _fixed_words(root)):
                continue  # 待改进 is also the heading of a review's improvements
            secrets.append(Secret("grade", word, page, pid))
    return secrets


def _own(policy: Any) -> Settings:
    """A cycle's own publication block (absent switches: their defaults)."""
    block = policy.get("publication", {})
    public = block.get("public", {})
    return Settings(
        scores=public.get("scores", True),
        grades=public.get("grades", True),
        comments=public.get("comments", False),
        feedback=public.get("feedback", "aggregated"),
        plans=public.get("plans", False),
        interviews=public.get("interviews", False),
        appeals=public.get("appeals", False),
        min_raters=block.get("min_raters", 3),
    )


def _public_texts(root: Path, given: Settings | None) -> Iterator[str]:
    """Texts the public site shows whatever the settings: people, the organisation, the
    policies, goals and contracts; and review comments the settings show."""
    for folder in ("people", "cycles"):
        for path in sorted((root / folder).rglob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            parts = rel.split("/")
            if (
                folder == "people"
                or parts[-1] in ("cycle.yaml", "goals.yaml")
                or (len(parts) > 3 and parts[2] == "contracts")
            ):
                yield from (_words(x) for x in _texts(_read(root, rel)))
    for cycle_dir in sorted((root / "cycles").glob("*/")):
        policy = _read(root, f"cycles/{cycle_dir.name}/cycle.yaml")
        if policy is None:
            continue
        s = given or _own(policy)
        if not s.comments:
            continue
        for person_dir in sorted((cycle_dir / "reviews").glob("*/")):
            by_role: dict[str, list[Any]] = {}
            for file in sorted(person_dir.glob("*.yaml")):
                role, _, rater = file.stem.partition("-")
                data = _read(root, file.relative_to(root).as_posix())
                by_role.setdefault(role, []).append((rater, data))
            for role, reviews in by_role.items():
                count = sum(
                    int(d.get("raters", d.get("respondents", 1))) if r == "aggregated" else 1
                    for r, d in reviews
                )
                if role in ANONYMOUS_ROLES and (s.feedback == "none" or count < s.min_raters):
                    continue
                for _, data in reviews:
                    yield from (_words(x) for x in _texts(data, skip=("submitted", "item")))


def _quota_numbers(policy: Any, result: CycleResult | None) -> set[str | None]:
    """The numbers of the forced distribution's arithmetic (25% × 14 = 3.50), which the
    score explanation prints."""
    sizes: dict[str, int] = {}
    for r in result.people.values() if result else ():
        if r.population:
            sizes[r.population] = sizes.get(r.population, 0) + 1
    quotas = (policy.get("distribution") or {}).get("quotas", [])
    return {_two(Decimal(str(q["percent"])) * n / 100) for q in quotas for n in sizes.values()}


def _role_means(result: Any, role: str, pid: str, quotas: set[str | None]) -> list[Secret]:
    """A hidden role's mean rating of each item (2 places, when not a whole number and not
    equal to a mean of a role that is shown, nor to a number of the distribution)."""
    hidden_means: set[str | None] = set()
    other = set(quotas)
    for section in result.sections:
        for item in section.items:
            for rs in (*item.roles, *item.ignored):
                value = _two(rs.rating)
                (hidden_means if rs.role == role else other).add(value)
            other.add(_two(item.rating))
    return [
        Secret("feedback", v, f"person:{pid}", pid, number=True)
        for v in sorted(x for x in hidden_means - other if x and not x.endswith(".00"))
    ]


def _allowed_names(root: Path, base: str, pid: str, repo: Any, owners: set[str]) -> set[str]:
    """People who appear on PID's page for a reason of their own: the person, the manager,
    HR, the signers of the person's records, whoever wrote a check-in, an adjustment, an
    interview, an answer, or owns a plan's action."""
    person = repo.people.get(pid)
    allowed = {pid, *owners}
    if person is not None and person.manager:
        allowed.add(person.manager)
    for cycle in repo.cycles.values():
        for record in cycle.signatures:
            for sig in record.signatures:
                allowed.add(sig.person)
            allowed.update(record.missing)
    for folder in ("checkins", "adjustments", "interviews", "plans", "appeals"):
        for cycle_dir in sorted((root / "cycles").glob("*/")):
            data = _read(root, f"cycles/{cycle_dir.name}/{folder}/{pid}.yaml")
            if data is not None:
                allowed.update(t for t in _texts(data) if t in repo.people)
    return allowed


def _other_dates(root: Path, base: str, pid: str, folder: str) -> set[str]:
    """Dates that PID's page or a dashboard may show for reasons of their own: every policy
    date, every date of the person's other records and of the signature evidence."""
    dates: set[str] = set()
    for path in sorted((root / "cycles").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if rel.endswith(f"/{folder}/{pid}.yaml"):
            continue
        if "/reviews/" in rel or "/plans/" in rel or "/appeals/" in rel or "/interviews/" in rel:
            if f"/{pid}" not in rel:
                continue
        dates.update(_DATE.findall(path.read_text(encoding="utf-8")))
    return dates


def _typed(root: Path, pid: str) -> str:
    """Everything typed in PID's records."""
    parts = []
    for path in sorted((root / "cycles").rglob("*.yaml")):
        if pid in path.relative_to(root).parts or path.stem == pid:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def _fixed_words(root: Path) -> set[str]:
    """Words every page may print: the site's labels and the policies' outcome names."""
    words = {
        text
        for table in (i18n.LABELS, i18n.RATERS, i18n.ROLES, i18n.PHASES, i18n.WORDS)
        for pair in table.values()
        for text in pair
    }
    for path in sorted((root / "cycles").glob("*/cycle.yaml")):
        policy = _read(root, path.relative_to(root).as_posix())
        words.update(o["name"] for o in policy.get("outcomes", []))
    return words


def _all_grade_names(root: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted((root / "cycles").glob("*/cycle.yaml")):
        names.update(g["name"] for g in _read(root, path.relative_to(root).as_posix())["grades"])
    return names


# --- scanning a build -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Surface:
    """One thing a reader can see: a file, a file's name, or one entry of the search index."""

    name: str  # file path, "path of <file>", or "search: <location>"
    page: str  # the page it belongs to ("" for the home page, "people/sunli/"…)
    text: str  # what it says, entities decoded, whitespace collapsed


def _page_of(rel: str) -> str:
    return rel.removesuffix("index.html")


def surfaces(out: Path) -> Iterator[Surface]:
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(THEME_ASSETS):
            continue
        yield Surface(f"path of {rel}", _page_of(rel), rel)
        data = pagefind_files.opened(path.read_bytes())  # gzip: sitemap.xml.gz, Pagefind's
        if rel.endswith(".pf_fragment"):  # one page's text as Pagefind indexed it
            found = pagefind_files.fragment(data)
            text = f"{found.title} {found.content}"  # the text a reader sees
            yield Surface(f"search: {found.url} ({rel})", found.page, _words(text))
            continue
        text = data.decode("utf-8", errors="replace")
        yield Surface(rel, _page_of(rel), _words(html.unescape(text)))


def _covers(secret: Secret, surface: Surface) -> bool:
    if secret.where == ANYWHERE:
        return True
    page = surface.page
    if secret.where == RECORDS:
        return page in ("", "404.html", "sitemap.xml", "sitemap.xml.gz") or page.startswith(
            ("people/", "teams/", "cycles/")
        )
    if secret.where.startswith("pages:"):
        return page in secret.where.removeprefix("pages:").split("|")
    person = secret.where.removeprefix("person:")
    return page == f"people/{person}/"


@dataclass(frozen=True, slots=True)
class Leak:
    secret: Secret
    surface: str

    def __str__(self) -> str:
        s = self.secret
        return f"{self.surface}: {s.kind} of {s.about} {s.value!r}"


#: a number as the site prints it: 51.85, 0.52, 2027-01-18 (a date is one number)
_NUMBER = re.compile(r"\d+(?:[.\-]\d+)*")


def scan(out: Path, secrets: list[Secret]) -> list[Leak]:
    words = [(s, _words(s.value)) for s in secrets if not s.number]
    numbers = [s for s in secrets if s.number]
    leaks = []
    for surface in surfaces(out):
        for secret, value in words:
            if value in surface.text and _covers(secret, surface):
                leaks.append(Leak(secret, surface.name))
        tokens = set(_NUMBER.findall(surface.text))
        for secret in numbers:
            if secret.value in tokens and _covers(secret, surface):
                leaks.append(Leak(secret, surface.name))
    return leaks


def shown(out: Path, page: str, value: str) -> bool:
    """Whether VALUE is in the text of PAGE (e.g. people/sunli/)."""
    file = out / page / "index.html" if page else out / "index.html"
    return _words(value) in _words(html.unescape(file.read_text(encoding="utf-8")))
