"""The chain from each rating to the grade, in words and numbers.

Pure: a cycle's results and the repository in, lines of text out; the CLI prints them
(`perfcode explain`) and the site shows the same lines on each person's page. The
language follows the cycle policy's `language` (zh or en).
"""

from __future__ import annotations

from decimal import Decimal

from perfcode import model as m
from perfcode.i18n import Labels
from perfcode.score.engine import (
    HUNDRED,
    CycleResult,
    ItemScore,
    PersonResult,
    PopulationReport,
    RaterScore,
    round2,
    round_count,
)

TINY = Decimal("0.0001")

#: message id → (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("{name} ({person}), cycle {cycle}", "{name}({person}),考核周期 {cycle}"),
    "template": ("Template {template}: {name}", "模板 {template}:{name}"),
    "incomplete": (
        "Not scored: incomplete. Missing: {missing}.",
        "未计分:资料不全。缺少:{missing}。",
    ),
    "section": (
        "Section {section} {name} (weight {weight}): {score} points"
        " = {weight} × Σ(item weight × rating ÷ {max}) ÷ Σ item weight",
        "{section} {name}(权重 {weight}):{score} 分"
        " = {weight} × Σ(项目权重 × 评分 ÷ {max}) ÷ Σ项目权重",
    ),
    "section_missing": (
        "Section {section} {name} (weight {weight}): no score",
        "{section} {name}(权重 {weight}):无法计分",
    ),
    "item": (
        "  Item {item} {title} (weight {weight}): rating {rating}",
        "  项目 {item} {title}(权重 {weight}):评分 {rating}",
    ),
    "item_unrated": (
        "  Item {item} {title} (weight {weight}): not rated by any role that counts",
        "  项目 {item} {title}(权重 {weight}):没有计入权重的评价人评分",
    ),
    "role": (
        "    {role} (rater weight {weight}): {rating} = mean of {raters}",
        "    {role}(评价权重 {weight}):{rating} = 平均({raters})",
    ),
    "role_ignored": (
        "    {role}: {rating}, not counted (the policy gives {role} no weight)",
        "    {role}:{rating},不计入(本周期政策中该角色权重为0)",
    ),
    "rater": ("{rater} {rating}", "{rater} {rating}"),
    "measured": (
        "{rater} {rating} (actual {actual} vs target {target}, {better}:"
        " {percent}% {cmp} → {rating})",
        "{rater} {rating}(实际 {actual},目标 {target},{better}:完成 {percent}% {cmp} → {rating})",
    ),
    "measured_best": (
        "{rater} {rating} (actual 0 where lower is better: the best threshold)",
        "{rater} {rating}(越低越好且实际为0:最高档)",
    ),
    "higher": ("higher is better", "越高越好"),
    "lower": ("lower is better", "越低越好"),
    "weighted": (
        "    rater-weighted: ({terms}) ÷ ({weights}) = {rating}",
        "    加权:({terms}) ÷ ({weights}) = {rating}",
    ),
    "base": ("Base score: {terms} = {score}", "基础得分:{terms} = {score}"),
    "rollup": ("Roll-up: {terms} = {score}", "汇总得分:{terms} = {score}"),
    "rollup_checks": (
        "  checks ({kinds}), weight {weight}%: mean of {count} check scores = {score}",
        "  检查({kinds}),权重 {weight}%:{count} 次检查得分的平均 = {score}",
    ),
    "rollup_cycles": (
        "  sub-cycles ({values}), weight {weight}%: mean = {score}",
        "  子周期({values}),权重 {weight}%:平均 = {score}",
    ),
    "rollup_reviews": (
        "  this cycle's reviews, weight {weight}%: base score {score}",
        "  本周期考评,权重 {weight}%:基础得分 {score}",
    ),
    "adjust": (
        "Adjustments: +{plus} commendation points{plus_cap}, −{minus} penalty points{minus_cap}",
        "奖惩:嘉奖加 {plus} 分{plus_cap},处罚扣 {minus} 分{minus_cap}",
    ),
    "cap": (" ({total} given, capped at {cap})", "(共 {total} 分,上限 {cap})"),
    "adjust_entry": ("  {date} {kind} {points}: {reason}", "  {date} {kind} {points}:{reason}"),
    "commendation": ("commendation", "嘉奖"),
    "penalty": ("penalty", "处罚"),
    "final": ("Final score: {score}", "最终得分:{score}"),
    "final_rounded": (
        "Final score: {score} (rounded half-up to 2 places from {exact})",
        "最终得分:{score}(由 {exact} 四舍五入到两位小数)",
    ),
    "band": (
        "Band grade: {score} ≥ {min} → {grade} {name}",
        "分数段等级:{score} ≥ {min} → {grade} {name}",
    ),
    "rank": (
        "Rank {rank} of {size} in population {population} ({by}); {higher} scored higher",
        "在{by} {population} 的 {size} 人中排名第 {rank}({higher} 人得分更高)",
    ),
    "by_group": ("group", "人员类别"),
    "by_department": ("department", "部门"),
    "by_all": ("whole organisation", "全体"),
    "small": (
        "Forced distribution: not applied, the population has {size} scored people"
        " (fewer than {min}); the band grade stands",
        "强制分布:未实行,该群体只有 {size} 人计分(少于 {min} 人),按分数段定级",
    ),
    "no_distribution": (
        "No forced distribution in this cycle's policy; the band grade stands",
        "本周期政策没有强制分布,按分数段定级",
    ),
    "quotas": (
        "Forced distribution, quotas by largest remainder: {quotas}",
        "强制分布,按最大余额法分配名额:{quotas}",
    ),
    "quota": (
        "{grade} {percent}% × {size} = {exact} → {count}",
        "{grade} {percent}% × {size} = {exact} → {count}",
    ),
    "slot": (
        "Rank {rank} falls in the slots of grade {grade} (ranks {first}–{last}) → {grade}",
        "名次 {rank} 落在 {grade} 的名额内(第 {first}–{last} 名)→ {grade}",
    ),
    "tie": (
        "Equal scores of {score} ({people}) all get the better grade {grade}: "
        "{grade} is {over} over its quota",
        "{people} 同为 {score} 分,均取较高等级 {grade}:{grade} 超出名额 {over} 人",
    ),
    "calibrated": (
        "Calibration: {before} → {grade}, reason: {reason}",
        "绩效校准:{before} → {grade},理由:{reason}",
    ),
    "grade": ("Grade: {grade} {name}", "最终等级:{grade} {name}"),
    "outcomes_none": ("Outcomes: none", "结果应用:无"),
    "outcomes": ("Outcomes:", "结果应用:"),
    "o_top": (
        "  {name} ({id}): top {value}% of {size} people → {count}, rank {rank}",
        "  {name}({id}):前 {value}%,{size} 人中取 {count} 人,排名第 {rank}",
    ),
    "o_bottom": (
        "  {name} ({id}): bottom {value}% of {size} people → {count}, rank {rank} from the bottom",
        "  {name}({id}):后 {value}%,{size} 人中取 {count} 人,倒数第 {rank}",
    ),
    "o_grades": ("  {name} ({id}): grade {grade}", "  {name}({id}):等级 {grade}"),
    "o_due": (", due by {due}", ",须于 {due} 前完成"),
    "o_declines": (
        "  {name} ({id}): {count} consecutive declines",
        "  {name}({id}):连续 {count} 个周期下降",
    ),
    "o_above": ("  {name} ({id}): {score} > {value}", "  {name}({id}):{score} > {value}"),
    "o_below": ("  {name} ({id}): {score} < {value}", "  {name}({id}):{score} < {value}"),
    "previous": (
        "Previous cycle {cycle}: {before} → {score}{change}",
        "上一周期 {cycle}:{before} → {score}{change}",
    ),
    "declined": (", a decline ({count} in a row)", ",下降(连续 {count} 次)"),
    "pay": (
        "Performance-pay ratio: {score} ÷ 100 = {ratio}",
        "绩效工资系数:{score} ÷ 100 = {ratio}",
    ),
}

MISSING_ZH = (
    ("rating of ", "项目 {} 的评分"),
    ("check-in scores ", "检查得分{}"),
    ("score of cycle ", "周期 {} 的得分"),
    ("items of section ", "部分 {} 的项目"),
    ("template ", "模板 {}"),
)


def _n(value: Decimal | int) -> str:
    """A number as people write it: no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def _s(value: Decimal | None) -> str:
    """A score: two places."""
    return "-" if value is None else format(round2(value), "f")


class _Text:
    def __init__(self, language: str) -> None:
        self.zh = language == "zh"

    def __call__(self, key: str, **values: object) -> str:
        en, zh = MESSAGES[key]
        return (zh if self.zh else en).format(**values)

    def role(self, role: str) -> str:
        return Labels("zh" if self.zh else "en").rater(role)

    def missing(self, what: str) -> str:
        """A `missing` entry of the results in the policy's language."""
        if not self.zh:
            return what
        if what.endswith(" review"):
            return Labels("zh").role(what.removesuffix(" review"))
        for prefix, zh in MISSING_ZH:
            if what.startswith(prefix):
                return zh.format(what.removeprefix(prefix))
        return what

    def join(self, parts: list[str]) -> str:
        return ("、" if self.zh else ", ").join(parts)


def _rater(t: _Text, rater: RaterScore, item: ItemScore) -> str:
    if rater.threshold is None or rater.actual is None or item.target is None:
        return t("rater", rater=rater.rater, rating=_n(rater.rating))
    if rater.achievement is None:
        return t("measured_best", rater=rater.rater, rating=_n(rater.rating))
    threshold = rater.threshold
    if threshold.above_percent is not None:
        cmp = f"> {_n(threshold.above_percent)}%"
    else:
        cmp = f"≥ {_n(threshold.percent)}%"
    unit = item.target.unit or ""
    return t(
        "measured",
        rater=rater.rater,
        rating=_n(rater.rating),
        actual=_n(rater.actual) + unit,
        target=_n(item.target.value) + unit,
        better=t(item.target.better),
        percent=_s(rater.achievement),
        cmp=cmp,
    )


def _items(t: _Text, item: ItemScore) -> list[str]:
    if item.rating is None:
        lines = [t("item_unrated", item=item.item, title=item.title, weight=_n(item.weight))]
    else:
        lines = [
            t(
                "item",
                item=item.item,
                title=item.title,
                weight=_n(item.weight),
                rating=_s(item.rating),
            )
        ]
    for role in item.roles:
        raters = t.join([_rater(t, r, item) for r in role.raters])
        lines.append(
            t(
                "role",
                role=t.role(role.role),
                weight=_n(role.weight),
                rating=_s(role.rating),
                raters=raters,
            )
        )
    for role in item.ignored:
        lines.append(t("role_ignored", role=t.role(role.role), rating=_s(role.rating)))
    if item.rating is not None and len(item.roles) > 1:
        terms = " + ".join(f"{_n(r.weight)}×{_s(r.rating)}" for r in item.roles)
        weights = " + ".join(_n(r.weight) for r in item.roles)
        lines.append(t("weighted", terms=terms, weights=weights, rating=_s(item.rating)))
    return lines


def _distribution(
    t: _Text, result: PersonResult, report: PopulationReport | None, policy: m.Policy
) -> list[str]:
    lines: list[str] = []
    if report is None or result.rank is None:
        return lines
    by = t(f"by_{report.by}")
    lines.append(
        t(
            "rank",
            rank=result.rank,
            size=report.size,
            population=report.id,
            by=by,
            higher=result.rank - 1,
        )
    )
    if policy.distribution is None:
        lines.append(t("no_distribution"))
        return lines
    if not report.distributed:
        lines.append(t("small", size=report.size, min=report.min_population))
        return lines
    quotas = t.join(
        [
            t(
                "quota",
                grade=q.grade,
                percent=_n(q.percent),
                size=report.size,
                exact=_s(q.exact),
                count=q.quota,
            )
            for q in report.quotas
        ]
    )
    lines.append(t("quotas", quotas=quotas))
    first = 1
    for q in report.quotas:
        last = first + q.quota - 1
        if q.grade == result.distributed_grade and q.quota:
            lines.append(t("slot", rank=result.rank, grade=q.grade, first=first, last=last))
        first = last + 1
    for tie in report.ties:
        if result.person in tie.people:
            lines.append(
                t(
                    "tie",
                    score=_s(tie.score),
                    people=t.join(list(tie.people)),
                    grade=tie.grade,
                    over=tie.over,
                )
            )
    return lines


def _outcomes(
    t: _Text, result: PersonResult, report: PopulationReport | None, policy: m.Policy
) -> list[str]:
    if not result.outcomes:
        return [t("outcomes_none")]
    lines = [t("outcomes")]
    size = report.size if report else 0
    rules = {rule.id: rule for rule in policy.outcomes}
    for outcome in result.outcomes:
        rule = rules[outcome.id]
        value = _n(rule.value) if rule.value is not None else ""
        common = {"name": outcome.name, "id": outcome.id, "value": value}
        if rule.when in ("top_percent", "bottom_percent") and rule.value is not None:
            count = round_count(Decimal(size) * rule.value / HUNDRED)
            top = rule.when == "top_percent"
            lines.append(
                t(
                    "o_top" if top else "o_bottom",
                    size=size,
                    count=count,
                    rank=result.rank if top else result.rank_from_bottom,
                    **common,
                )
            )
        elif rule.when == "grades":
            line = t("o_grades", grade=result.grade, **common)
            if outcome.due:
                line += t("o_due", due=outcome.due)
            lines.append(line)
        elif rule.when == "declines":
            lines.append(t("o_declines", count=result.declines, **common))
        else:
            key = "o_above" if rule.when == "score_above" else "o_below"
            lines.append(t(key, score=_s(result.score), **common))
    return lines


def explain(result: CycleResult, repo: m.Repository, person: str) -> list[str]:
    """Every step from the ratings to the grade of `person` in `result`'s cycle."""
    assert result.detailed, "explain needs results scored with detail=True"
    cycle = repo.cycles[result.cycle]
    policy = cycle.policy
    assert policy is not None
    t = _Text(policy.language)
    p = result.people[person]
    lines = [t("title", name=p.name, person=person, cycle=result.cycle)]
    template = policy.template(p.template) if p.template else None
    if template is not None:
        lines.append(t("template", template=template.id, name=template.name))
    for section in p.sections:
        if section.score is None:
            lines.append(
                t(
                    "section_missing",
                    section=section.section,
                    name=section.name,
                    weight=_n(section.weight),
                )
            )
        else:
            lines.append(
                t(
                    "section",
                    section=section.section,
                    name=section.name,
                    weight=_n(section.weight),
                    score=_s(section.score),
                    max=_n(policy.scale_max),
                )
            )
        for item in section.items:
            lines.extend(_items(t, item))
    if not p.scored:
        lines.append(t("incomplete", missing=t.join([t.missing(x) for x in p.missing])))
        return lines
    terms = " + ".join(_s(s.score) for s in p.sections)
    lines.append(t("base", terms=terms, score=_s(p.base_score)))
    if p.rollup:
        for part in p.rollup:
            if part.source == "checks":
                lines.append(
                    t(
                        "rollup_checks",
                        kinds=t.join(list(part.kinds)),
                        weight=_n(part.weight),
                        count=len(part.values),
                        score=_s(part.score),
                    )
                )
            elif part.source == "cycles":
                values = t.join([f"{c} {_s(v)}" for c, v in part.values])
                lines.append(
                    t("rollup_cycles", values=values, weight=_n(part.weight), score=_s(part.score))
                )
            else:
                lines.append(t("rollup_reviews", weight=_n(part.weight), score=_s(part.score)))
        terms = " + ".join(f"{_n(part.weight)}% × {_s(part.score)}" for part in p.rollup)
        lines.append(t("rollup", terms=terms, score=_s(p.rolled_score)))
    adj = p.adjustments
    if adj is not None and adj.entries:
        plus_cap = (
            t("cap", total=_n(adj.commendations), cap=_n(adj.commendation_cap))
            if adj.commendation_cap is not None and adj.commendations > adj.commendation_cap
            else ""
        )
        minus_cap = (
            t("cap", total=_n(adj.penalties), cap=_n(adj.penalty_cap))
            if adj.penalty_cap is not None and adj.penalties > adj.penalty_cap
            else ""
        )
        lines.append(
            t(
                "adjust",
                plus=_n(adj.commendations_counted),
                minus=_n(adj.penalties_counted),
                plus_cap=plus_cap,
                minus_cap=minus_cap,
            )
        )
        for entry in adj.entries:
            lines.append(
                t(
                    "adjust_entry",
                    date=entry.date,
                    kind=t(entry.kind),
                    points=_n(entry.points),
                    reason=entry.reason,
                )
            )
    assert p.exact_score is not None and p.score is not None
    if p.exact_score == p.score:
        lines.append(t("final", score=_s(p.score)))
    else:
        exact = p.exact_score.normalize()
        shown = _n(exact) if exact == exact.quantize(TINY) else _n(exact.quantize(TINY)) + "…"
        lines.append(t("final_rounded", score=_s(p.score), exact=shown))
    band = policy.grade(p.band_grade) if p.band_grade else None
    if band is not None:
        lines.append(t("band", score=_s(p.score), min=_n(band.min), grade=band.id, name=band.name))
    report = result.population(p.population) if p.population else None
    lines.extend(_distribution(t, p, report, policy))
    if p.calibration is not None:
        lines.append(
            t(
                "calibrated",
                before=p.distributed_grade,
                grade=p.calibration.grade,
                reason=p.calibration.reason,
            )
        )
    final_grade = policy.grade(p.grade) if p.grade else None
    if final_grade is not None:
        lines.append(t("grade", grade=final_grade.id, name=final_grade.name))
    if p.previous_cycle is not None and p.previous_score is not None:
        change = t("declined", count=p.declines) if p.declines else ""
        lines.append(
            t(
                "previous",
                cycle=p.previous_cycle,
                before=_s(p.previous_score),
                score=_s(p.score),
                change=change,
            )
        )
    lines.extend(_outcomes(t, p, report, policy))
    if p.pay_ratio is not None:
        lines.append(t("pay", score=_s(p.score), ratio=format(p.pay_ratio, "f")))
    return lines
