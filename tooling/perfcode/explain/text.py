"""The chain from each rating to the grade, in words and numbers.

Pure: the steps of `explain.steps` in, lines of text out, one per step; the CLI prints
them (`perfcode explain`) and the site shows the same lines on each person's page (the
public edition renders fewer steps, chosen in `steps.public`). The language follows the
cycle policy's `language` (zh or en).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from perfcode import model as m
from perfcode.explain.steps import Score, Step, Value, steps
from perfcode.i18n import Labels
from perfcode.score import CycleResult, round2
from perfcode.score.person import DRAFT_NOTE

TINY = Decimal("0.0001")

#: message id → (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("{name} ({person}), cycle {cycle}", "{name}({person}),考核周期 {cycle}"),
    "template": ("Template {template}: {name}", "模板 {template}:{name}"),
    "incomplete": (
        "Not scored: incomplete. Missing: {missing}.",
        "未计分:资料不全。缺少:{missing}。",
    ),
    "left": (
        "Not scored: left on {day}; this cycle's policy does not score leavers",
        "未计分:已于 {day} 离职;本周期政策不对离职人员评分",
    ),
    "leaver_apart": (
        "Left on {day}: scored, but not counted in a population (no rank, forced distribution"
        " or top/bottom share, leavers: in_quotas); the band grade stands",
        "已于 {day} 离职:计分,但不计入任何群体(不参与排名、强制分布及前/后比例,leavers: in_quotas),"
        "按分数段定级",
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
    "adjust_entry": (
        "  {date} {kind} {points}{counts}: {reason}",
        "  {date} {kind} {points}{counts}:{reason}",
    ),
    "entry_cap": (" (counts for {cap}, the cap per {kind})", "(按每次{kind}上限计 {cap} 分)"),
    "floor": (
        "Floor: penalties took the score to {below}, below zero; the policy counts it as 0",
        "最低分:扣分后得分为 {below},低于0分,按政策计为0分",
    ),
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
    "band_below": (
        "Band grade: {score} is below every band's minimum → the lowest, {grade} {name}",
        "分数段等级:{score} 低于所有分数段的下限 → 最低一档 {grade} {name}",
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
    "appealed": (
        "Appeal answered {date} by {by}: {before} → {grade}{correction}",
        "申诉于 {date} 由 {by} 答复:{before} → {grade}{correction}",
    ),
    "appeal_pay": (", pay corrected in {month}", ",{month} 工资调整"),
    "grade": ("Grade: {grade} {name}", "最终等级:{grade} {name}"),
    "o_unranked": (
        "Rank-based outcomes (top/bottom N%): not applied, the population has {size} scored"
        " people (fewer than {min})",
        "按排名的结果应用(前/后 N%):不适用,该群体只有 {size} 人计分(少于 {min} 人)",
    ),
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

    def rater(self, rater: str) -> str:
        """Who gave a rating: a person's id, a customer's slug, or HR's aggregate of an
        anonymous role's raters ("aggregated", "汇总")."""
        if rater == m.AGGREGATED:
            return Labels("zh" if self.zh else "en").word("aggregated")
        return rater

    def missing(self, what: str) -> str:
        """A `missing` entry of the results in the policy's language."""
        if not self.zh:
            return what
        if what.endswith(DRAFT_NOTE):
            return self.missing(what.removesuffix(DRAFT_NOTE)) + "(草稿,未提交)"
        if what.endswith(" review"):
            return Labels("zh").role(what.removesuffix(" review"))
        for prefix, zh in MISSING_ZH:
            if what.startswith(prefix):
                return zh.format(what.removeprefix(prefix))
        return what

    def join(self, parts: list[str]) -> str:
        return ("、" if self.zh else ", ").join(parts)


def _plain(value: Value) -> str:
    """A value as the line shows it: scores to two places, other numbers as written."""
    if value is None:
        return ""
    if isinstance(value, Score):
        return _s(value.value)
    if isinstance(value, Decimal | int):
        return _n(value)
    if isinstance(value, tuple):
        raise TypeError("a list of values is shown by its step's own rule")
    return value


def _scores(value: Value) -> list[Score]:
    assert isinstance(value, tuple)
    return [v for v in value if isinstance(v, Score)]


def _numbers(value: Value) -> list[Decimal | int]:
    assert isinstance(value, tuple)
    return [v for v in value if isinstance(v, Decimal | int)]


def _texts(value: Value) -> list[str]:
    assert isinstance(value, tuple)
    return [v for v in value if isinstance(v, str)]


def _number(value: Value) -> Decimal:
    assert isinstance(value, Decimal | int)
    return Decimal(value)


def line(t: _Text, step: Step) -> str:
    """One step as its line (or, for a part, its phrase) in the policy's language."""
    f = step.fields
    v: dict[str, str] = {k: _plain(x) for k, x in step.values if not isinstance(x, tuple)}
    if step.role is not None:
        v["role"] = t.role(step.role)
    if step.rater is not None:
        v["rater"] = t.rater(step.rater)
    v.update(step.free)
    kind = step.kind
    if kind == "role":
        v["raters"] = t.join([line(t, part) for part in step.parts])
    elif kind == "measured":
        unit = v["unit"]
        v["actual"] += unit
        v["target"] += unit
        v["better"] = t(v["better"])
        v["cmp"] = f"{v['op']} {v['threshold']}%"
    elif kind == "weighted":
        pairs = zip(_numbers(f["weights"]), _scores(f["ratings"]), strict=True)
        v["terms"] = " + ".join(f"{_n(w)}×{_s(r.value)}" for w, r in pairs)
        v["weights"] = " + ".join(_n(w) for w in _numbers(f["weights"]))
    elif kind == "incomplete":
        v["missing"] = t.join([t.missing(x) for x in _texts(f["missing"])])
    elif kind == "base":
        v["terms"] = " + ".join(_s(x.value) for x in _scores(f["scores"]))
    elif kind == "rollup_checks":
        v["kinds"] = t.join(_texts(f["kinds"]))
    elif kind == "rollup_cycles":
        pairs_ = zip(_texts(f["cycles"]), _scores(f["scores"]), strict=True)
        v["values"] = t.join([f"{c} {_s(x.value)}" for c, x in pairs_])
    elif kind == "rollup":
        terms = zip(_numbers(f["weights"]), _scores(f["scores"]), strict=True)
        v["terms"] = " + ".join(f"{_n(w)}% × {_s(x.value)}" for w, x in terms)
    elif kind == "adjust":
        for side in ("plus", "minus"):
            cap = f[f"{side}_cap"]
            v[f"{side}_cap"] = (
                t("cap", total=v[f"{side}_total"], cap=_plain(cap)) if cap is not None else ""
            )
    elif kind == "adjust_entry":
        v["kind"] = t(v["kind"])
        cap = f["counts"]
        v["counts"] = t("entry_cap", cap=_plain(cap), kind=v["kind"]) if cap is not None else ""
    elif kind == "final_rounded":
        exact = _number(f["exact"]).normalize()
        v["exact"] = _n(exact) if exact == exact.quantize(TINY) else _n(exact.quantize(TINY)) + "…"
    elif kind == "rank":
        v["by"] = t(f"by_{v['by']}")
    elif kind == "quotas":
        v["quotas"] = t.join([line(t, part) for part in step.parts])
    elif kind == "tie":
        v["people"] = t.join(_texts(f["people"]))
    elif kind == "previous":
        declines = f["declines"]
        v["change"] = t("declined", count=declines) if declines else ""
    elif kind == "o_grades" and f["due"]:
        return t(kind, **v) + t("o_due", due=v["due"])
    elif kind == "pay":
        v["ratio"] = format(_number(f["ratio"]), "f")
    elif kind == "appealed":
        month = v["correction"]
        v["correction"] = t("appeal_pay", month=month) if month else ""
    return t(kind, **v)


def render(chain: Iterable[Step], language: str) -> list[str]:
    """Steps as the lines `perfcode explain` prints, in `language` (zh or en)."""
    t = _Text(language)
    return [line(t, step) for step in chain]


def explain(result: CycleResult, repo: m.Repository, person: str) -> list[str]:
    """Every step from the ratings to the grade of `person` in `result`'s cycle, in words."""
    policy = repo.cycles[result.cycle].policy
    assert policy is not None
    return render(steps(result, repo, person), policy.language)
