"""The site's interface words in English and Chinese: label id → (English, Chinese).

The language of a page follows the cycle policy (or, outside a cycle, the organisation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perfcode.model import Org

LABELS: dict[str, tuple[str, str]] = {
    # navigation and page titles
    "home": ("Home", "首页"),
    "policies": ("Policies", "考核政策"),
    "policy": ("Policy", "考核政策"),
    "teams": ("Teams", "部门"),
    "team": ("Team", "部门"),
    "people": ("People", "人员"),
    "people_index": ("People A–Z", "人员索引(A–Z)"),
    "dashboard": ("Dashboard", "进度看板"),
    "dashboards": ("Cycle dashboards", "考核进度看板"),
    "principles": ("Principles", "考核原则"),
    "about": ("About this site", "关于本站"),
    # home
    "organisation": ("Organisation", "组织"),
    "current_cycle": ("Current cycle", "当前考核周期"),
    "current_phase": ("Current phase", "当前阶段"),
    "no_cycle": ("No cycle has a policy yet.", "尚无考核周期。"),
    "as_of": ("as of", "截至"),
    "today_pinned": ("today pinned by {file}", "日期由 {file} 固定"),
    "cycles": ("Cycles", "考核周期"),
    "headcount": ("People", "人数"),
    "departments": ("Departments", "部门"),
    "audience_public": (
        "Public edition: what the policy publishes (公示).",
        "公开版:按考核政策的公示范围展示。",
    ),
    "audience_private": (
        "Private edition for HR: every record in full.",
        "内部版(人力资源部):展示全部记录。",
    ),
    "audience_me": (
        "{name}'s own record, built with their key: for them alone, never to be published.",
        "{name}本人的完整记录(用本人密钥生成):仅供本人查看,切勿发布。",
    ),
    "sealed_count": (
        "Confidential words opened with this key: {opened}; still encrypted (this key is "
        "not among their readers): {sealed}.",
        "用此密钥打开的机密文字:{opened} 处;仍加密(此密钥不在其读者之列):{sealed} 处。",
    ),
    # a confidential value that stays encrypted, wherever a page would show its words
    "sealed": ("{lock} encrypted", "{lock} 已加密"),
    # people
    "name": ("Name", "姓名"),
    "title": ("Title", "职务"),
    "department": ("Department", "部门"),
    "manager": ("Manager", "直接上级"),
    "group": ("Group", "人员类别"),
    "joined": ("Joined", "入职日期"),
    "left": ("Left", "离职日期"),
    "current_grade": ("Current grade", "当前等级"),
    "not_published": ("not published", "不公开"),
    "none": ("none", "无"),
    "history": ("Grade and score history", "等级与得分历史"),
    "cycle": ("Cycle", "考核周期"),
    "score": ("Score", "得分"),
    "grade": ("Grade", "等级"),
    "band_grade": ("Band grade", "分数段等级"),
    "rank": ("Rank", "排名"),
    "population": ("Population", "排名范围"),
    "outcomes": ("Outcomes", "结果应用"),
    "pay_ratio": ("Performance-pay ratio", "绩效工资系数"),
    "status": ("Status", "状态"),
    "incomplete": ("incomplete", "资料不全"),
    "left_not_scored": (
        "left on {day}: not scored (this cycle's policy does not score leavers)",
        "已于 {day} 离职:不评分(本周期政策不对离职人员评分)",
    ),
    "missing": ("Missing", "缺少"),
    "result": ("Result", "考核结果"),
    "goals": ("Goals", "目标"),
    "personal_goals": ("Personal goals", "个人目标"),
    "duties": ("Duties", "岗位职责"),
    "supports": ("Supports", "支撑的上级目标"),
    "company_goal": ("Company goal", "公司目标"),
    "department_goal": ("Department goal", "部门目标"),
    "contract": ("Performance contract", "绩效契约"),
    "template": ("Template", "考核模板"),
    "section": ("Section", "考核维度"),
    "item": ("Item", "考核项目"),
    "progress_what": ("What", "事项"),
    "progress_done": ("Done", "完成情况"),
    "progress_notes": ("Notes", "说明"),
    "weight": ("Weight", "权重"),
    "output": ("Output", "产出"),
    "measure": ("Measure", "衡量标准"),
    "target": ("Target", "目标值"),
    "deliverables": ("Deliverables", "交付节点"),
    "due": ("Due", "截止"),
    "done": ("Done", "完成"),
    "reviews": ("Reviews", "评价"),
    "role": ("Role", "评价人角色"),
    "rater": ("Rater", "评价人"),
    "raters": ("Raters", "评价人数"),
    "rating": ("Rating", "评分"),
    "submitted": ("Submitted", "提交日期"),
    "draft_review": ("Draft: not submitted, does not count", "草稿:未提交,不计分"),
    "summary": ("Summary", "总评"),
    "strengths": ("Strengths", "优点"),
    "improvements": ("To improve", "待改进"),
    "comment": ("Comment", "评语"),
    "anonymous_note": (
        "Feedback from {role} is shown as an average of {count} raters, without names.",
        "{role}以 {count} 人的平均分展示,不显示评价人姓名。",
    ),
    "too_few_raters": (
        "{role}: {count} rater(s), fewer than {min}: not published.",
        "{role}:{count} 人参与,少于 {min} 人,不公开。",
    ),
    "feedback_hidden": (
        "{role}: feedback is not published under this cycle's policy.",
        "{role}:按本周期政策不公开。",
    ),
    "respondents": ("respondents", "人"),
    "numbers_withheld": (
        "{roles}: not published, so neither ratings per item or per role nor section scores"
        " are shown here: with the weights they would tell the ratings not published.",
        "{roles}不公开,因此本周期不显示逐项、分角色的评分和各部分得分:结合权重可推算出不公开的评分。",
    ),
    "results_pending": (
        "Results are published from {date}; until then this page shows progress only.",
        "考核结果自 {date} 起公布;在此之前只显示进度。",
    ),
    "person_record": ("Personnel record", "人员档案"),
    "checkins": ("Check-ins", "过程检查与一对一"),
    "date": ("Date", "日期"),
    "kind": ("Kind", "类型"),
    "by": ("By", "记录人"),
    "notes": ("Notes", "记录"),
    "progress": ("Progress", "进展"),
    "explanation": ("How the score was computed", "得分说明"),
    "explanation_public": (
        "The public edition leaves out individual raters; HR's edition shows every line.",
        "公开版不列出单个评价人的评分;完整说明见内部版。",
    ),
    "adjustments": ("Commendations and penalties", "奖惩"),
    "points": ("Points", "分值"),
    "reason": ("Reason", "原因"),
    "calibration": ("Calibration", "绩效校准"),
    "calibrated": ("Grade set by the calibration committee", "等级由绩效委员会校准"),
    "from_to": ("{before} → {after}", "{before} → {after}"),
    "interview": ("Review interview", "绩效面谈"),
    "interviewer": ("Interviewer", "面谈人"),
    "final_grade": ("Final grade", "确认等级"),
    "weaknesses": ("Weaknesses", "不足"),
    "career_interests": ("Career interests", "职业发展意向"),
    "improvement": ("Agreed improvement", "改进约定"),
    "subordinate_feedback": ("Subordinates' feedback", "下属意见"),
    "employee_comments": ("Employee's comments", "员工意见"),
    "plan": ("Improvement plan", "绩效改进计划"),
    "trigger": ("Trigger", "触发原因"),
    "period": ("Period", "期间"),
    "gaps": ("Gaps", "差距"),
    "actual": ("Actual", "实际"),
    "targets": ("Targets", "改进目标"),
    "root_causes": ("Root causes", "原因分析"),
    "method": ("Method", "方法"),
    "cause": ("Cause", "原因"),
    "actions": ("Actions", "改进行动"),
    "owner": ("Owner", "负责人"),
    "resources": ("Resources", "资源"),
    "responsibilities": ("Responsibilities", "职责分工"),
    "employee": ("Employee", "员工"),
    "support": ("Supporting departments", "支持部门"),
    "evaluation": ("Evaluation", "最终评估"),
    "decision": ("Decision", "决定"),
    "appeal": ("Appeal", "绩效申诉"),
    "filed": ("Filed", "提出日期"),
    "about_what": ("About", "申诉事项"),
    "grade_received": ("Grade received", "原等级"),
    "requested": ("Requested", "申诉请求"),
    "answer": ("Answer", "答复"),
    "answered_by": ("Answered by", "答复人"),
    "answer_due": ("Answer due", "答复期限"),
    "new_grade": ("New grade", "调整后等级"),
    "pay_correction": ("Pay corrected next month", "次月工资调整"),
    "open": ("open", "处理中"),
    "overdue": ("overdue", "已逾期"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "signatures": ("Signatures", "签字记录"),
    "unsigned_now": (
        "Not signed as it stands: no signature evidence names this content "
        "(changed outside the signatures check, or its evidence was removed)",
        "当前内容没有签字记录:未经签字流程修改,或签字记录已被删除",
    ),
    "pull_request": ("Pull request", "合并请求"),
    "merged": ("Merged", "合并时间"),
    "files": ("Files", "文件"),
    "signed_by": ("Signed by", "签字人"),
    "how": ("How", "方式"),
    "commit": ("Commit", "提交"),
    "at": ("At", "时间"),
    "missing_signers": ("Missing", "未签字"),
    "no_record": ("Nothing recorded.", "暂无记录。"),
    "hidden_comments": (
        "Comments are not published under this cycle's policy.",
        "按本周期政策,评语不公开。",
    ),
    # teams
    "head": ("Head", "负责人"),
    "parent": ("Part of", "上级部门"),
    "members": ("Members", "成员"),
    "subteams": ("Sub-departments", "下级部门"),
    "cascade": ("Goal cascade", "目标分解"),
    "contributors": ("Contract items supporting it", "支撑该目标的契约项目"),
    # policies
    "period_dates": ("Period", "考核期间"),
    "previous_cycle": ("Previous cycle", "上一周期"),
    "phases": ("Phases and deadlines", "阶段与截止日期"),
    "phase": ("Phase", "阶段"),
    "start": ("Start", "开始"),
    "end": ("End", "结束"),
    "templates": ("Templates and weights", "考核模板与权重"),
    "scale": ("Rating scale", "评分标准"),
    "value": ("Value", "分值"),
    "label": ("Label", "说明"),
    "achievement": ("Achievement thresholds", "完成率对应评分"),
    "achievement_row": ("achievement {op} {percent}%", "完成率 {op} {percent}%"),
    "rater_weights": ("Rater weights", "评价人权重"),
    "required": ("Required", "必需"),
    "rollup": ("Roll-up", "综合计算"),
    "source": ("Source", "来源"),
    "bands": ("Grade bands", "等级分数段"),
    "min": ("From", "下限(含)"),
    "below": ("Below", "上限(不含)"),
    "failing": ("Failing", "不合格"),
    "distribution": ("Forced distribution", "强制分布"),
    "distribution_rule": (
        "Ranked by {by}; populations of at least {min} people.",
        "按{by}分别排名;人数不少于 {min} 人的群体适用。",
    ),
    "no_distribution": ("No forced distribution.", "不实行强制分布。"),
    "quota": ("Quota", "比例"),
    "condition": ("When", "条件"),
    "within_days": ("Within", "期限"),
    "days": ("{n} days", "{n} 天"),
    "appeal_rules": ("Appeals", "申诉规则"),
    "appeal_text": (
        "Appeals within {window} days of the results; HR answers within {answer} working days;"
        " any pay correction is made the next month.",
        "结果公布后 {window} 天内可向人力资源部申诉;人力资源部在 {answer} 个工作日内答复;"
        "如需调整,于下月工资中调整。",
    ),
    "adjustment_caps": (
        "Commendations add at most {c} points; penalties deduct at most {p} points.",
        "嘉奖最多加 {c} 分,处罚最多扣 {p} 分。",
    ),
    "adjustment_entry_caps": (
        " One commendation adds at most {c} points; one penalty deducts at most {p} points.",
        "每次嘉奖最多加 {c} 分,每次处罚最多扣 {p} 分。",
    ),
    "checks_above_100": (
        " Check scores above 100 (a check and its commendations) count as they are.",
        "平时考评总分超过100分的,按实际分数加权平均。",
    ),
    "below_zero_kept": (
        " A score that penalties take below zero stays below zero.",
        "扣分后低于0分的,按实际分数计(不以0分为下限)。",
    ),
    "pay_ratio_rule": (
        "Performance-pay ratio = score ÷ 100.",
        "绩效工资系数 = 得分 ÷ 100。",
    ),
    "calendar": ("Calendar", "工作日历"),
    "holidays": ("Holidays", "节假日"),
    "workdays": ("Working weekend days", "调休工作日"),
    "publication": ("Publication (公示)", "结果公示"),
    "changes": ("Changes from {previous}", "与 {previous} 相比的变化"),
    "no_changes": ("No changes from {previous}.", "与 {previous} 相比没有变化。"),
    "first_cycle": (
        "The first cycle: nothing to compare with.",
        "首个考核周期,无可比较的上一周期。",
    ),
    "setting": ("Setting", "项目"),
    "public_site": ("What the public site shows", "公开站点显示的内容"),
    "pub_results_from": (
        "Results (scores, grades, ranks, outcomes, the explanation) are public from {date},"
        " the first day of the results phase; until then progress only.",
        "考核结果(得分、等级、排名、结果应用、得分说明)自 {date}(结果公布阶段首日)起公开;"
        "此前只显示进度。",
    ),
    "pub_results_never": (
        "The policy has no results phase: results are never public.",
        "本政策没有结果公布阶段:考核结果不公开。",
    ),
    "pub_scores_yes": (
        "Scores, ranks and performance-pay ratios are shown.",
        "显示得分、排名与绩效工资系数。",
    ),
    "pub_scores_no": (
        "Scores, ranks and performance-pay ratios are not shown.",
        "不显示得分、排名与绩效工资系数。",
    ),
    "pub_grades_yes": ("Grades are shown.", "显示考核等级。"),
    "pub_grades_no": ("Grades are not shown.", "不显示考核等级。"),
    "pub_comments_yes": (
        "Comments, notes and reasons are shown.",
        "显示评语、记录与理由。",
    ),
    "pub_comments_no": (
        "Comments, notes and reasons are not shown.",
        "不显示评语、记录与理由。",
    ),
    "pub_feedback_none": (
        "Peer, subordinate and customer feedback is not shown.",
        "同事、下级与客户的评价不公开。",
    ),
    "pub_feedback_shown": (
        "Peer, subordinate and customer feedback is shown only as an average of at least"
        " {min} raters, never with names; with fewer raters it is not shown, and then"
        " neither are that person's ratings per item or per role, nor section scores.",
        "同事、下级与客户的评价只以至少 {min} 人的平均分显示,不显示评价人姓名;"
        "人数不足时不公开,该人员的逐项、分角色评分与各部分得分也不显示。",
    ),
    "pub_anonymous": (
        "{role} is anonymous: collected and aggregated by the admin office"
        " ({file}), from at least {min} raters.",
        "{role}匿名:由综合部收集汇总({file}),至少 {min} 人。",
    ),
    "pub_combined": (
        "Numbers combined over people (grade and score distributions, averages) are shown"
        " only when made from at least {min} people.",
        "由多人合成的数字(等级分布、得分分布、平均数)至少由 {min} 人组成时才公开。",
    ),
    "pub_plans_yes": ("Improvement plans are shown.", "显示绩效改进计划。"),
    "pub_plans_no": ("Improvement plans are not shown.", "不显示绩效改进计划。"),
    "pub_interviews_yes": ("Review interviews are shown.", "显示绩效面谈。"),
    "pub_interviews_no": ("Review interviews are not shown.", "不显示绩效面谈。"),
    "pub_appeals_yes": ("Appeals are shown.", "显示绩效申诉。"),
    "pub_appeals_no": ("Appeals are not shown.", "不显示绩效申诉。"),
    "pub_private": (
        "HR's private edition shows every record, every rater by name.",
        "人力资源部的内部版显示全部记录与评价人姓名。",
    ),
    "before": ("Before", "上一周期"),
    "after": ("Now", "本周期"),
    "all_policies": ("Policies by cycle", "各周期考核政策"),
    "handwritten": ("Principles and rules", "考核原则与制度"),
    # dashboard
    "phase_progress": ("Progress", "进度"),
    "contracts_signed": ("Contracts agreed", "绩效契约"),
    "contracts_written": ("written", "已提交"),
    "contracts_with_signatures": ("with signatures recorded", "已有签字记录"),
    "reviews_in": ("Reviews in (all required roles)", "评价已齐(必需角色)"),
    "scored": ("Scored", "已计分"),
    "interviews_done": ("Interviews done (of those required)", "绩效面谈(应面谈人数)"),
    "plans_open": ("Improvement plans", "改进计划"),
    "appeals_open": ("Appeals", "申诉"),
    "checkins_on_schedule": (
        "Check-ins on schedule (the policy's cadence)",
        "按期检查(政策规定的频率)",
    ),
    "checkins_owed_count": ("{n} due", "{n} 项待进行"),
    "deliverables_late": ("Deliverables past due", "逾期未交付成果"),
    "appeal_open_row": ("open, answer due {due}", "处理中,答复期限 {due}"),
    "appeal_closed_row": ("answered {date}: {decision}", "已于 {date} 答复:{decision}"),
    "grade_distribution": ("Grade distribution against quotas", "等级分布与强制分布比例"),
    "people_count": ("People", "人数"),
    "quota_count": ("Quota", "名额"),
    "score_histogram": ("Score histogram", "得分分布"),
    "leniency": ("Rater leniency", "评价尺度(宽严)"),
    "leniency_text": (
        "Each manager's average rating given, against the mean of all managers' ratings ({mean}).",
        "每位上级给出的平均评分,与全体上级评分的平均值({mean})比较。",
    ),
    "average_given": ("Average given", "平均评分"),
    "ratings_given": ("Ratings", "评分数"),
    "difference": ("Difference", "差值"),
    "current": ("current", "进行中"),
    "finished": ("finished", "已结束"),
    "upcoming": ("upcoming", "未开始"),
    "total": ("Total", "合计"),
    "range": ("Range", "分数段"),
    # a manager's direct reports, on the manager's person page (engineer G)
    "reports": ("Direct reports", "直接下属"),
    "reports_progress": ("Their progress in {cycle}, as of {day}.", "{cycle} 的进度,截至 {day}。"),
    "reports_person": ("Person", "人员"),
    "reports_contract": ("Contract", "绩效契约"),
    "reports_checkins": ("Check-ins", "过程检查"),
    "reports_reviews": ("Reviews in", "已交评价"),
    "reports_agreed": ("agreed", "已商定"),
    "reports_unsigned": ("not signed", "未签字"),
    "reports_written": ("written", "已提交"),
    "reports_missing": ("missing", "未提交"),
    "reports_not_owed": ("not owed", "无需"),
    "reports_on_cadence": ("on schedule", "按期"),
    "reports_checkins_owed": ("{n} due", "{n} 项待进行"),
    "reports_totals": ("All {n}:", "合计 {n} 人:"),
    # the public edition never names the reports beside the manager's own record: some of
    # them may be its anonymous raters (the team page lists the department's members)
    "reports_unnamed": (
        "Direct reports: {n}; this edition does not name them.",
        "共 {n} 名直接下属;公开版不列出姓名。",
    ),
    "reports_too_few": (
        "Fewer than {n} direct reports: their progress is not shown on this site.",
        "直接下属少于 {n} 人:本站不显示其进度。",
    ),
}

# A role, twice: the rater (in a sentence: "manager 4", "上级 4") and the review a role gives
# (a heading: "Manager", "上级评价"). The explanations and the site take both from here.
RATERS: dict[str, tuple[str, str]] = {
    "self": ("self", "自评"),
    "manager": ("manager", "上级"),
    "peer": ("peer", "同事"),
    "subordinate": ("subordinate", "下级"),
    "customer": ("customer", "客户"),
}

ROLES: dict[str, tuple[str, str]] = {
    "self": ("Self", "自评"),
    "manager": ("Manager", "上级评价"),
    "peer": ("Peers", "同事评价"),
    "subordinate": ("Subordinates", "下级评价"),
    "customer": ("Customers", "客户评价"),
}

PHASES: dict[str, tuple[str, str]] = {
    "goal_setting": ("Goal setting", "目标设定"),
    "checkins": ("Check-ins", "过程跟进"),
    "self_review": ("Self review", "自评"),
    "manager_review": ("Manager review", "上级评价"),
    "peer_review": ("Peer review", "同事评价"),
    "calibration": ("Calibration", "绩效校准"),
    "results": ("Results", "结果公布"),
    "interviews": ("Interviews", "绩效面谈"),
    "appeals": ("Appeals", "申诉"),
    "closed": ("Closed", "结束"),
}

WORDS: dict[str, tuple[str, str]] = {
    # check-in kinds, statuses, triggers, decisions, signature ways, roll-up sources
    "weekly": ("weekly check", "周检查"),
    "monthly_check": ("monthly check", "月度检查"),
    "monthly_appraisal": ("monthly appraisal", "月度考核"),
    "fortnightly": ("fortnightly check", "双周检查"),
    "one_to_one": ("one-to-one", "一对一面谈"),
    "quarterly": ("quarterly review", "季度回顾"),
    "midyear": ("mid-year review", "年中回顾"),
    "on_track": ("on track", "正常"),
    "at_risk": ("at risk", "有风险"),
    "late": ("late", "延期"),
    "done": ("done", "已完成"),
    "not_started": ("not started", "未开始"),
    "in_progress": ("in progress", "进行中"),
    "met": ("met", "已达成"),
    "not_met": ("not met", "未达成"),
    "failed_review": ("failed review", "考核不合格"),
    "role_change": ("role change", "岗位变动"),
    "self_requested": ("self-requested", "本人申请"),
    "consecutive_decline": ("consecutive declines", "连续下降"),
    "upheld": ("upheld", "维持原结果"),
    "changed": ("changed", "调整结果"),
    "partly": ("partly changed", "部分调整"),
    "rejected": ("rejected", "不予受理"),
    "grade": ("grade", "考核等级"),
    "score": ("score", "考核得分"),
    "rating": ("a rating", "单项评分"),
    "process": ("the process", "考核程序"),
    "approval": ("approved the pull request", "审批通过"),
    "comment": ("/sign comment", "/sign 评论签字"),
    "checks": ("periodic checks", "过程检查"),
    "reviews": ("this cycle's reviews", "本周期评价"),
    "cycles": ("sub-cycles", "子周期"),
    "commendation": ("commendation", "嘉奖"),
    "penalty": ("penalty", "处罚"),
    "personal": ("personal", "个人因素"),
    "environmental": ("environmental", "环境因素"),
    "group": ("group", "人员类别"),
    "department": ("department", "部门"),
    "all": ("the whole organisation", "全公司"),
    "top_percent": ("top {v}%", "排名前 {v}%"),
    "bottom_percent": ("bottom {v}%", "排名后 {v}%"),
    "grades": ("grade {v}", "等级为 {v}"),
    "score_above": ("score above {v}", "得分高于 {v}"),
    "score_below": ("score below {v}", "得分低于 {v}"),
    "declines_rule": ("{v} consecutive declines", "连续 {v} 个周期下降"),
    "scores": ("scores", "得分"),
    "comments": ("comments", "评语"),
    "feedback": ("360° feedback", "360°反馈"),
    "min_raters": ("minimum raters", "最少评价人数"),
    "plans": ("improvement plans", "绩效改进计划"),
    "interviews": ("review interviews", "绩效面谈"),
    "appeals": ("appeals", "绩效申诉"),
    "anonymous": ("anonymous (minimum raters)", "匿名(最少人数)"),
    "aggregated": ("aggregated", "汇总"),
    "full": ("in full", "完整"),
    "none": ("none", "不公开"),
}


# What is owed in a cycle (`perfcode status`, the reminders issue): a kind of Owed item.
OWED: dict[str, tuple[str, str]] = {
    "contract_missing": ("contract missing", "缺少绩效契约"),
    "contract_unsigned": ("contract unsigned", "绩效契约未签字"),
    "contract_unfinished": (
        "contract not agreed (placeholders left)",
        "绩效契约未商定(仍有占位内容)",
    ),
    "self_review": ("self review missing", "缺少自评"),
    "manager_review": ("manager review missing", "缺少上级评价"),
    "interview": ("interview due", "待进行绩效面谈"),
    "plan_checkin": ("plan check-in", "改进计划跟进"),
    "plan_evaluation": ("plan evaluation", "改进计划评估"),
    "appeal_answer": ("appeal answer", "申诉待答复"),
    "checkin_due": ("check-in due", "待进行过程检查"),
    "deliverable_late": ("deliverable past due", "交付节点已逾期"),
}

# The sentences of the commands (status, score, validate's problems, diff, publish) in the
# organisation's language; (a cycle's policy language where the text is about that cycle).
COMMANDS: dict[str, tuple[str, str]] = {
    # problems (validate, and every command that stops at the records' problems)
    "checked_clean": ("{n} documents checked: no problems.", "已检查 {n} 个文件:没有问题。"),
    "checked": ("{n} documents checked: {parts}.", "已检查 {n} 个文件:{parts}。"),
    "one_problem": ("1 problem", "1 个问题"),
    "n_problems": ("{n} problems", "{n} 个问题"),
    "one_warning": ("1 warning", "1 个警告"),
    "n_warnings": ("{n} warnings", "{n} 个警告"),
    "and": (" and ", "和"),
    "warning_mark": (" (warning)", "(警告)"),
    "problems_columns": ("file|line|code|problem", "文件|位置|代码|问题"),
    # status
    "pinned": ("Today is pinned to {day} by {file}.", "今天的日期由 {file} 固定为 {day}。"),
    "status_title": ("Performance cycle status", "绩效考核进度"),
    "status_head": (
        "{cycle} {title} on {today} (phase: {current})",
        "{cycle} {title},{today}(当前阶段:{current})",
    ),
    "status_on": ("On {today}; phase: {current}.", "{today};当前阶段:{current}。"),
    "status_counts": ("{overdue} overdue, {open} open.", "逾期 {overdue} 项,待办 {open} 项。"),
    "not_judged": (
        "Contract signatures not judged: the organisation keeps no signature evidence for this "
        "cycle (people/org.yaml lists no evidence_keys, or the cycle ended before evidence_since).",
        "未核查绩效契约签字:本组织在本周期不保留签字记录(people/org.yaml 未列出 evidence_keys,"
        "或本周期在 evidence_since 之前已结束)。",
    ),
    "phase_title": ("{id} ({start} – {end})", "{name}({start} – {end})"),
    "open_end": ("open", "未定"),
    "plans_title": ("improvement plans", "绩效改进计划"),
    "item_open": ("open", "待办"),
    "one_day_late": ("1 day late", "逾期 1 天"),
    "days_late": ("{n} days late", "逾期 {n} 天"),
    "item": (
        "  [{late}] {person}: {what}, due {due}; owed by {owers}",
        "  [{late}] {person}:{what},截止 {due};责任人 {owers}",
    ),
    "nobody_named": ("nobody named", "未指定"),
    "undated": ("undated", "无截止日期"),
    "nothing_owed": ("Nothing is owed.", "没有待办事项。"),
    "no_cycle_that_day": ("No cycle is under way on that day.", "当天没有进行中的考核周期。"),
    "status_columns": ("|person|what|due|owed by|file", "|人员|事项|截止|责任人|文件"),
    "list": (", ", "、"),
    "item_noted": ("{what} ({note})", "{what}({note})"),
    "notes_joiner": ("; ", ";"),
    # the notes of an item (workflow.owed.Note)
    "note_manager_left": ("manager {id} left on {day}", "上级 {id} 已于 {day} 离职"),
    "note_manager_gone": ("manager {id} left", "上级 {id} 已离职"),
    "note_grade": ("grade {grade}", "等级 {grade}"),
    "note_checkin_last": ("{kind}, last {day}", "{kind},上次 {day}"),
    "note_checkin_none": ("{kind}, none yet", "{kind},尚未进行"),
    "note_deliverable": ("{item}: {title}", "{item}:{title}"),
    "note_last": ("last {day}", "上次跟进 {day}"),
    "note_filed_within": ("filed {day}, {n} working days", "{day} 提出,{n} 个工作日内答复"),
    "note_filed_open": ("filed {day}, no answer deadline", "{day} 提出,无答复期限"),
    # score's table
    "score_columns": (
        "person|name|score|band|grade|rank|outcomes",
        "人员|姓名|得分|分数段等级|等级|排名|结果应用",
    ),
    "table_cycle": ("cycle {cycle}", "考核周期 {cycle}"),
    "rank_left": ("left {day}", "{day} 离职"),
    "not_scored_left": (
        "left on {day}; this cycle's policy does not score leavers",
        "已于 {day} 离职;本周期政策不对离职人员评分",
    ),
    "not_scored_incomplete": ("incomplete: {missing}", "资料不全:{missing}"),
    "missing_joiner": ("; ", "、"),
    "by_calibration": ("* grade set by calibration:", "* 等级经绩效校准调整:"),
    "by_appeal": ("^ grade set by an appeal:", "^ 等级经申诉调整:"),
    "pay_corrected": (", pay corrected in {month}", ",于 {month} 工资中调整"),
    "population_head": (
        "population {id} ({by}, {size} scored",
        "排名范围 {id}({by},已评分 {size} 人",
    ),
    "population_incomplete": (", {n} incomplete", ",资料不全 {n} 人"),
    "population_left": (", {n} left (not counted))", ",离职 {n} 人(不计入))"),
    "population_end": (")", ")"),
    "population_by": ("{id}", "{name}"),
    "population_kept": ("{head}: {why}", "{head}:{why}"),
    "fewer_than": ("fewer than {n} people", "不足 {n} 人"),
    "kept_no_one": ("band grades kept (no one scored)", "保留分数段等级(无人评分)"),
    "kept_small": ("band grades kept{rank} ({fewer})", "保留分数段等级{rank}({fewer})"),
    "no_rank_outcomes": (", no rank-based outcomes", ",不适用按排名的结果应用"),
    "kept_no_distribution": (
        "band grades kept (no distribution in the policy)",
        "保留分数段等级(考核政策不实行强制分布)",
    ),
    "kept_unranked": (
        "{kept}; no rank-based outcomes ({fewer})",
        "{kept};不适用按排名的结果应用({fewer})",
    ),
    "quotas": ("{head}: grade final/quota: {parts}", "{head}:等级 实际/名额:{parts}"),
    "tie": (
        "  tie at {score}: {people} share {grade}, {over} over its quota",
        "  并列 {score} 分:{people} 同为 {grade},超出名额 {over} 人",
    ),
    # diff
    "diff_own_records": ("own records changed ({records})", "本人的记录有变化({records})"),
    "diff_registry": ("own registry entry changed", "本人的人员档案有变化"),
    "diff_calibration": ("calibration decision changed", "校准决定有变化"),
    "diff_appeal": ("appeal or its answer changed", "申诉或其答复有变化"),
    "diff_policy": ("the cycle's policy changed", "本周期考核政策有变化"),
    "diff_earlier": ("an earlier cycle's records changed", "之前周期的记录有变化"),
    "diff_others": (
        "others' results moved the distribution or ranks",
        "他人的结果变化影响了强制分布或排名",
    ),
    "diff_contract": ("contract", "绩效契约"),
    "diff_reviews": ("reviews", "评价"),
    "diff_checkins": ("check-ins", "过程检查"),
    "diff_adjustments": ("adjustments", "奖惩"),
    "diff_from": ("Results from {base} to {head}:", "从 {base} 到 {head} 的考核结果变化:"),
    "diff_why": ("      why: {why}", "      原因:{why}"),
    "diff_words_title": (
        "Confidential words changed (opened as far as your key is among their readers)",
        "变更的机密文字(仅显示您的密钥可读的部分)",
    ),
    "diff_words_where": ("{path} {field} (about {about})", "{path} {field}(关于 {about})"),
    "diff_words_locked": (
        "{lock} changed, you are not a reader (readers: {readers})",
        "{lock} 已变更,您不是读者(读者:{readers})",
    ),
    "diff_words_same": (
        "the same words; only their encryption or readers changed",
        "文字未变,仅加密或读者有变",
    ),
    "diff_words_none": ("No confidential words changed.", "机密文字均无变化。"),
    "diff_none": (
        "No score, grade, rank or outcome changes.",
        "得分、等级、排名与结果应用均无变化。",
    ),
    "diff_title": ("What this pull request changes in the results", "本合并请求对考核结果的影响"),
    "diff_count": (
        "{n} result(s) change, {grades} grade(s).",
        "{n} 项结果有变化,其中等级变化 {grades} 项。",
    ),
    "diff_columns": (
        "cycle|person|score|band|grade|rank|outcomes|why",
        "考核周期|人员|得分|分数段等级|等级|排名|结果应用|原因",
    ),
    "diff_labels": (
        "score|band|grade|rank|status|outcomes",
        "得分|分数段等级|等级|排名|状态|结果应用",
    ),
    "diff_joiner": ("; ", ";"),
    "diff_new_cycle": ("cycle {cycle} is new in {head}", "考核周期 {cycle} 在 {head} 中新增"),
    "diff_gone_cycle": ("cycle {cycle} is gone in {head}", "考核周期 {cycle} 在 {head} 中已不存在"),
    "diff_refused_title": (
        "perfcode diff: the records at {revision} have problems",
        "perfcode diff:{revision} 的记录有问题",
    ),
    "diff_refused_nothing": (
        "Nothing was compared: run perfcode validate on that revision and fix them.",
        "未作比较:请对该版本运行 perfcode validate 并修正问题。",
    ),
    "diff_refused": (
        "perfcode: the records at {revision} have problems; run perfcode validate.",
        "perfcode:{revision} 的记录有问题;请运行 perfcode validate。",
    ),
    # the commands' results (new, score --write/--check, import, init) and the one gate
    # every command that needs scores passes (cli.commands._common.scored)
    "records_have_problems": (
        "perfcode: the records have problems; fix them {before}.",
        "perfcode:记录有问题;请先修正,{before}。",
    ),
    "before_scores": ("before scores are computed", "然后才能计算得分"),
    "before_publish": ("before the results are published", "然后才能公布考核结果"),
    "before_site": ("before the site is built", "然后才能生成站点"),
    "before_plan": (
        "before starting a plan (it starts from the person's computed grade)",
        "然后才能开始绩效改进计划(它从此人计算所得的等级开始)",
    ),
    "before_interview": (
        "before starting an interview (it starts from the person's computed grade)",
        "然后才能开始绩效面谈(它从此人计算所得的等级开始)",
    ),
    "before_contracts": (
        "before starting every missing contract (a broken record would leave its person out)",
        "然后才能批量生成缺少的绩效契约(有错误的记录会使其人员被遗漏)",
    ),
    "before_appeal": (
        "before starting an appeal (it starts from the person's computed grade)",
        "然后才能开始绩效申诉(它从此人计算所得的等级开始)",
    ),
    "wrote": ("wrote {path}", "已写入 {path}"),
    "skipped_exists": ("skipped {path}: it exists already", "已跳过 {path}:文件已存在"),
    "new_plain": (
        "  not encrypted ({fields}): none of their readers has a key in people/; "
        "perfcode edit encrypts them once one has",
        "  未加密({fields}):其读者在 people/ 中都没有公钥;有人添加公钥后,perfcode edit 会加密",
    ),
    "new_keyless": (
        "  encrypted to its readers; without a key, these cannot read it yet: {people} "
        "(add their keys to people/, then perfcode rekey)",
        "  已按读者加密;以下读者没有公钥,暂时无法阅读:{people}"
        "(在 people/ 中添加公钥后运行 perfcode rekey)",
    ),
    "one_contract": ("1 contract", "1 份绩效契约"),
    "n_contracts": ("{n} contracts", "{n} 份绩效契约"),
    "contracts_batch": (
        "{written} written, {skipped} skipped (existing) in cycle {cycle}{whose}",
        "{cycle} 周期{whose}:已写入 {written},跳过 {skipped} 份(已存在)",
    ),
    "contracts_whose": (
        " of department {department} (and those below it)",
        "(部门 {department} 及其下级部门)",
    ),
    "score_no_cycle": (
        "no cycle has a policy yet (cycles/<cycle>/cycle.yaml): no results.yaml to {action}.",
        "还没有周期有考核政策(cycles/<cycle>/cycle.yaml):没有要{action}的 results.yaml。",
    ),
    "action_write": ("write", "写入"),
    "action_check": ("check", "核对"),
    "provisional": (
        "provisional (not published, no results.yaml): {cycles}.",
        "暂定结果(尚未公布,没有 results.yaml):{cycles}。",
    ),
    "stale": (
        "perfcode: {n} results.yaml file(s) are stale.",
        "perfcode:{n} 个 results.yaml 文件已过期。",
    ),
    "up_to_date": (
        "results.yaml is up to date for {cycles}.",
        "results.yaml 已是最新:{cycles}。",
    ),
    "one_file": ("1 file", "1 个文件"),
    "n_files": ("{n} files", "{n} 个文件"),
    "import_created": ("created {path} ({what})", "新建 {path}({what})"),
    "import_updated": ("updated {path} ({what}): {fields}", "更新 {path}({what}):{fields}"),
    "import_left": (
        "left    {path}: left: {day} (not in the sheet)",
        "离职    {path}:left: {day}(表中没有)",
    ),
    "import_missing": (
        "not in the sheet: {path} ({what}), kept{hint}",
        "表中没有:{path}({what}),已保留{hint}",
    ),
    "import_missing_hint": ("; --mark-left DATE sets left:", ";--mark-left DATE 可设置 left:"),
    "import_department": (
        "added department {id} ({name}) to people/org.yaml: head {head}{under}",
        "已在 people/org.yaml 中添加部门 {id}({name}):负责人 {head}{under}",
    ),
    "import_under": (", under {parent}", ",上级部门 {parent}"),
    "import_ignored": ("columns not imported: {columns}", "未导入的列:{columns}"),
    "import_created_n": ("{n} created", "新建 {n} 项"),
    "import_updated_n": ("{n} updated", "更新 {n} 项"),
    "import_unchanged_n": ("{n} unchanged", "不变 {n} 项"),
    "import_left_n": (", {n} marked left", ",标记离职 {n} 人"),
    "import_missing_n": ("; {n} not in the sheet", ";表中没有 {n} 项"),
    "import_no_rows": ("no rows", "没有数据行"),
    "import_summary": ("{summary}.", "{summary}。"),
    "import_unreadable": (
        "perfcode: the sheet cannot be read; nothing written.",
        "perfcode:无法读取该表格;未写入任何内容。",
    ),
    "import_bad_rows": (
        "perfcode: {problems} in {sheet}; nothing written.",
        "perfcode:{sheet} 中有 {problems};未写入任何内容。",
    ),
    "import_invalid": (
        "perfcode: the records would not validate after this import (above); nothing written.",
        "perfcode:导入后记录将无法通过校验(见上);未写入任何内容。",
    ),
    "import_dry_run": (
        "perfcode: --dry-run: {files} to write, nothing written.",
        "perfcode:--dry-run:将写入 {files},实际未写入。",
    ),
    "import_nothing": (
        "perfcode: the records already say what the sheet says; nothing to write.",
        "perfcode:记录与表格内容一致;无需写入。",
    ),
    "import_wrote": ("perfcode: wrote {files}.", "perfcode:已写入 {files}。"),
    "import_sheet": ("read sheet {sheet} of {file}", "读取 {file} 的工作表 {sheet}"),
    "import_stale": (
        "warning: after this import the published results of {cycles} no longer match the "
        "records (perfcode score --check fails) until perfcode score --write writes them "
        "again, a change HR signs",
        "警告:导入后,已公布的 {cycles} 结果将与记录不一致(perfcode score --check 不通过),"
        "直到运行 perfcode score --write 重新写入(由 HR 签署的变更)",
    ),
    "init_example": (
        "wrote perfcode's example organisation, {company}, to {folder}/ (people/, cycles/, "
        "site/, mkdocs.yml, and the files every company repository has)",
        "已将 perfcode 的示例组织 {company} 写入 {folder}/(people/、cycles/、site/、"
        "mkdocs.yml,以及每个公司仓库都有的文件)",
    ),
    "init_left_out": (
        "left out: its evidence_keys (people/org.yaml) and its signature evidence ({files}): "
        "the example's private key is published in perfcode's tests, so evidence it signs "
        "proves nothing; add your own recorder's key to keep evidence",
        "未写入:示例的 evidence_keys(people/org.yaml)和签字记录({files}):"
        "示例的私钥公开在 perfcode 的测试中,用它签署的记录不能证明任何事;"
        "如需保留签字记录,请添加您自己的记录密钥",
    ),
    "init_demo_keys": (
        "left out: its demo keys (every person's private key, published with perfcode: never "
        "use them). Its confidential words stay encrypted to them; to read them in this demo "
        "use the package's copy, e.g. perfcode show cycles/2026-H2/appeals/sunli.yaml "
        "--identity {folder}/zhaomin.agekey (HR). Before you record real words, replace every "
        "person's keys: with their own public key",
        "未写入:示例的演示密钥(每个人的私钥,随 perfcode 公开:切勿使用)。"
        "示例的保密文字仍加密给这些密钥;"
        "演示时可用软件包中的副本阅读,例如 perfcode show cycles/2026-H2/appeals/sunli.yaml "
        "--identity {folder}/zhaomin.agekey(人力资源)。记录真实内容之前,"
        "请把每个人的 keys: 换成其本人的公钥",
    ),
    "init_company": (
        "wrote a company repository for {company} to {folder}/ (language {language}, policy "
        "template {template}, first cycle {cycle}; {files}):",
        "已为 {company} 在 {folder}/ 写入公司仓库(语言 {language},考核政策模板 {template},"
        "首个周期 {cycle};共 {files}):",
    ),
    "init_next": (
        "next: read {folder}/README.md (what to fill in first), then run perfcode validate there",
        "下一步:阅读 {folder}/README.md(先填写哪些内容),然后在该目录运行 perfcode validate",
    ),
    # publish
    "publish_waiting": (
        "not published: {n} people of {cycle} are not scored yet:",
        "未公布:{cycle} 有 {n} 人尚未评分:",
    ),
    "publish_waiting_how": (
        "publish once they are, or with --incomplete to publish the others' results.",
        "请在他们评分后再公布,或用 --incomplete 公布其他人的结果。",
    ),
    "published": (
        "wrote {target}: the results of {cycle}, published on {day}.",
        "已写入 {target}:{cycle} 的考核结果,于 {day} 公布。",
    ),
    "publish_next": (
        "Commit it in a pull request of its own; a policy owner signs it "
        "(perfcode signatures), and the public site shows the results once it is merged.",
        "请在单独的合并请求中提交;由考核政策负责人签字(perfcode signatures),"
        "合并后公开站点即显示考核结果。",
    ),
    # edit, show, rekey (confidential words)
    "edit_closed": (
        "you cannot read {fields}: sealed to readers you are not one of.",
        "你无法读取 {fields}:它们已加密给其他读者,你不在其中。",
    ),
    "edit_closed_keep": (
        "leave them exactly as they are; these lines are taken off when you save.",
        "请保持原样不要改动;保存时这几行注释会被去掉。",
    ),
    "edit_unchanged": ("{path}: nothing changed, nothing written.", "{path}:没有改动,未写入。"),
    "edit_again": ("Edit again? [Y/n]", "重新编辑?[Y/n]"),
    "edit_not_written": (
        "{path} was not written: it is as it was.",
        "未写入 {path}:文件保持原样。",
    ),
    "edit_wrote": ("wrote {path}.", "已写入 {path}。"),
    "edit_sealed": ("sealed: {fields}", "已加密:{fields}"),
    "edit_resealed": (
        "sealed again (changed, or to new readers): {fields}",
        "已重新加密(内容或读者有变):{fields}",
    ),
    "edit_unreadable": (
        "not sealed again (your key cannot open it; one of its readers runs perfcode rekey "
        "{path}): {fields}",
        "未能重新加密(你的密钥打不开;请由其读者之一运行 perfcode rekey {path}):{fields}",
    ),
    "edit_unsealable": (
        "left plain (none of their readers has a key): {fields}",
        "仍为明文(其读者都没有密钥):{fields}",
    ),
    "keyless": (
        "readers with no key, who cannot read these words until they add one to "
        "people/<id>.yaml (keys:): {people}",
        "以下读者没有密钥,在其 people/<id>.yaml 中添加密钥(keys:)之前无法读取这些文字:{people}",
    ),
    "show_no_key": (
        "perfcode: no key given (--identity, $PERFCODE_IDENTITY, ~/.ssh/id_ed25519): "
        "every confidential word is shown locked.",
        "perfcode:未提供密钥(--identity、$PERFCODE_IDENTITY、~/.ssh/id_ed25519):"
        "所有机密文字均显示为已加密。",
    ),
    "show_lock": ("sealed to {readers}", "已加密,读者:{readers}"),
    "show_nothing": ("No record is about {person}.", "没有关于 {person} 的记录。"),
    "show_none_opened": (
        "perfcode: this key opened none of the {n} confidential values shown: it is not "
        "among their readers (or it is not your key).",
        "perfcode:此密钥未能打开所显示的 {n} 处机密文字中的任何一处:"
        "它不在读者之列(或不是你的密钥)。",
    ),
    "before_rekey": (
        "before words are sealed to the readers they name",
        "然后才能按其中的人员把文字加密给读者",
    ),
    "rekey_sealed": ("sealed {field} to {readers}", "已加密 {field},读者:{readers}"),
    "rekey_resealed": ("sealed {field} again, to {readers}", "已重新加密 {field},读者:{readers}"),
    "rekey_done": ("rekey: wrote {n} files.", "rekey:已写入 {n} 个文件。"),
    "rekey_would": (
        "rekey --check: {n} files would change (run perfcode rekey).",
        "rekey --check:有 {n} 个文件需要更改(请运行 perfcode rekey)。",
    ),
    "rekey_nothing": (
        "rekey: every confidential word is sealed to exactly its readers.",
        "rekey:所有机密文字均已准确加密给其读者。",
    ),
    "rekey_no_key": (
        "no key was given (--identity): values already sealed could not be opened.",
        "未提供密钥(--identity):已加密的文字无法打开。",
    ),
}


# The header comments `perfcode new` writes into a scaffold, in the language of the
# organisation (a person) or of the cycle's policy (everything in a cycle): id → (English,
# Chinese). A sentence without line breaks is wrapped (English); one with them keeps them.
SCAFFOLD: dict[str, tuple[str, str]] = {
    # the header comments of `perfcode new` (a cycle's documents in its policy's language,
    # a person's in the organisation's): one paragraph each, English wrapped at 86
    # characters unless it holds its own line breaks, Chinese as broken here
    "nobody": ("nobody (top of the organisation)", "无(组织最高层)"),
    "person_named": ("{name} ({id})", "{name}({id})"),
    "contract": (
        "Performance contract of {name} ({id}), {title}, cycle {cycle}\n"
        "({start} – {end}); department {department}, group {group}.\n"
        "Manager: {manager} — signs with {id} by approving the pull request.",
        "{name}({id})的绩效契约,{title},{cycle} 周期\n"
        "({start} – {end});部门:{department};人员类别:{group}。\n"
        "直接上级:{manager}——与 {id} 一同在合并请求上批准即签字。",
    ),
    "contract_template": ("Template: {id} ({name}).", "考核模板:{id}({name})。"),
    "contract_template_carried": (
        "Template: {id} ({name}), as in {cycle}: its items are copied, check them.",
        "考核模板:{id}({name}),与 {cycle} 相同:已复制其中的项目,请核对。",
    ),
    "contract_weights": (
        "Item weights inside each section add up to 100; add `supports: [goal-id]` to link\n"
        "an item to a department goal, and `deliverables:` with due dates.",
        "每个考核维度内各项目的权重合计为 100;用 `supports: [goal-id]` 把项目关联到部门目标,\n"
        "用 `deliverables:` 写明交付节点与截止日期。",
    ),
    "contract_goals": (
        "Goals of the department this contract may support:",
        "本契约可以支撑的部门目标:",
    ),
    "review": (
        "{role} review of {name} ({id}) by {rater}, cycle {cycle}.",
        "{name}({id})的{role},评价人:{rater},{cycle} 周期。",
    ),
    "review_office": ("the admin office (aggregated)", "综合部(汇总)"),
    "review_aggregated": (
        "Feedback of several {role} raters, collected by the admin office: set `raters:`\n"
        "to how many it gathers{at_least}, and each rating to their mean.",
        "由综合部收集多名{role}评价人的意见,汇总为一份:把 `raters:` 设为\n"
        "收集到的人数{at_least},每项评分设为他们的平均分。",
    ),
    "review_at_least": (" (the policy asks for at least {n})", "(考核政策要求至少 {n} 人)"),
    "review_ratings": (
        "Every rating starts at {middle}: replace each with yours ({scale}).\n"
        "For an item with a target you may give `actual:` (the measured value) instead.\n"
        "When done, add `submitted: YYYY-MM-DD`; until then the review is a draft:\n"
        "it does not count, and the score waits for it (the person stays incomplete).",
        "每项评分初始为 {middle}:请逐项改为您的评分\n"
        "({scale})。\n"
        "有目标值的项目也可以改写 `actual:`(实际测量值)。\n"
        "完成后添加 `submitted: YYYY-MM-DD`;在此之前本评价是草稿:\n"
        "不计分,得分要等它提交(此人资料不全)。",
    ),
    "review_items": ("Items (from the contract):", "考核项目(来自绩效契约):"),
    "review_target": (" (target {value})", "(目标值 {value})"),
    "plan": (
        "Improvement plan of {name} ({id}), cycle {cycle}{grade}.\n"
        "Manager: {manager}; both sign by approving the pull request.\n"
        "Gaps and targets come from the contract's measured items (actuals from the reviews):\n"
        "state each gap with data, set SMART targets, add root causes, actions with owners,\n"
        "responsibilities, and weekly check-ins.",
        "{name}({id})的绩效改进计划,{cycle} 周期{grade}。\n"
        "直接上级:{manager};双方在合并请求上批准即签字。\n"
        "差距与改进目标来自绩效契约中可衡量的项目(实际值来自评价):\n"
        "用数据说明每项差距,设定 SMART 改进目标,补充原因分析、\n"
        "改进行动及负责人、职责分工,以及每周跟进。",
    ),
    "plan_grade": (", grade {grade}", ",等级 {grade}"),
    "interview": (
        "Review interview of {name} ({id}) with {manager}, cycle {cycle}.\n"
        "The final grade {grade} is the scored grade; both sign by approving the pull request.",
        "{name}({id})与{manager}的绩效面谈,{cycle} 周期。\n"
        "确认等级 {grade} 即计算所得的等级;双方在合并请求上批准即签字。",
    ),
    "appeal": (
        "Appeal of {name} ({id}) against the result of cycle {cycle}.\n"
        "about: grade | score | rating | process. Say why, and what you ask for.\n"
        "The policy owners ({owners}) answer{within} under `answer:`.",
        "{name}({id})对 {cycle} 周期考核结果的申诉。\n"
        "about(申诉事项):grade 等级 | score 得分 | rating 单项评分 | process 考核程序。\n"
        "请写明理由(reason)和请求(requested)。\n"
        "政策负责人({owners}){within}答复,写在 `answer:` 下。",
    ),
    "appeal_within": (" within {days} working days", "在 {days} 个工作日内"),
    # a new cycle's policy: the `confidential:` block it leaves out, as comments
    "confidential": (
        "Confidential words: the words of this cycle's records are encrypted with age to "
        "their readers (the person, their managers up `managers` levels, the policy owners, "
        "a review's rater), with the public keys in people/<id>.yaml `keys:`; ratings, "
        "scores, dates and ids stay plain. Left out, the policy keeps what follows: every "
        "field, one manager up. To choose, uncomment it and remove the fields to keep plain.",
        "保密文字:本周期记录中的文字用 age 加密给其读者(本人、向上 managers 级的上级、\n"
        "政策负责人,以及评价的评价人),公钥登记在 people/<id>.yaml 的 keys: 中;\n"
        "评分、得分、日期和编号保持明文。不写此项时即为下面的默认值:全部字段、上一级上级。\n"
        "如需调整,取消注释并删去要保持明文的字段。",
    ),
    # `perfcode new`: confidential words written plain, as no reader has a key yet
    "plain_words": (
        "Confidential, not yet encrypted ({fields}): none of their readers has a key in "
        "people/ yet; encrypted on first perfcode edit.",
        "保密文字({fields})尚未加密:\n其读者在 people/ 中都还没有公钥;首次 perfcode edit 时加密。",
    ),
    "appeal_hr": ("HR", "人力资源部"),
    "cycle": (
        "Started from {origin} by `perfcode new cycle`: the title from the cycle id, the "
        "phases {moved} and onto working days (the first starts on the period's first "
        "working day, a start on a weekend or a holiday moves to the next working day, a "
        "phase another followed directly ends the working day before it starts, any other "
        "end moves to the working day before).",
        "由 `perfcode new cycle` 从{origin}创建:\n"
        "标题按周期编号生成,各阶段{moved}并落在工作日上\n"
        "(第一个阶段从期间的第一个工作日开始;开始日遇周末或节假日顺延到下一个工作日;\n"
        "紧接着下一阶段的阶段在其开始前一个工作日结束;其他结束日提前到之前的工作日)。",
    ),
    "cycle_template": (
        "the built-in policy template {template} ({name})",
        "内置考核政策模板 {template}({name})",
    ),
    "cycle_previous": ("{cycle}", " {cycle} 周期"),
    "cycle_fitted": ("fitted to the new period", "按新期间等比调整"),
    "cycle_moved": ("moved {n} months", "顺延 {n} 个月"),
    "cycle_moved_in": ("moved to the new period", "移到新期间"),
    "cycle_check": (
        "Check the phases and the quotas, then enter this period's public holidays and extra "
        "working days (calendar: holidays: [...], workdays: [...]){kept}.",
        "请核对各阶段和强制分布比例,然后填写本期间的法定节假日和调休工作日\n"
        "(calendar: holidays: [...], workdays: [...]){kept}。",
    ),
    "cycle_kept": (
        ": those of {cycle} from {day} on were kept",
        ";已保留 {cycle} 中 {day} 及以后的日期",
    ),
    "goals_from": (
        "Goals of cycle {cycle}, started from those of {previous} by `perfcode {command}`: "
        "the same ids, measures and links (supports:); write each title for this period "
        "(what is to be achieved, with its target) where it says {todo}. The titles in "
        "{previous}:",
        "{cycle} 周期的目标,由 `perfcode {command}` 从 {previous} 的目标创建:\n"
        "编号、衡量标准和关联(supports:)不变;请在写着 {todo} 的地方\n"
        "填写本期间的标题(要达成什么,含目标值)。{previous} 的标题:",
    ),
    "goals_new": (
        "Goals of cycle {cycle}, started by `perfcode {command}`: write each title where it "
        "says {todo}, the company's goals first, then each department's (people/org.yaml), "
        "with `supports:` naming the company goals they serve and `measure:` how achievement "
        "is measured. Add goals with ids of your own (unique in the cycle); contracts link "
        "their items to them with `supports: [goal-id]`.",
        "{cycle} 周期的目标,由 `perfcode {command}` 创建:请在写着 {todo} 的地方填写标题,\n"
        "先写公司目标,再写各部门目标(部门见 people/org.yaml);\n"
        "用 `supports:` 写明所支撑的公司目标,用 `measure:` 写明如何衡量完成情况。\n"
        "可以添加自己编号的目标(在本周期内唯一);\n"
        "绩效契约用 `supports: [goal-id]` 把项目关联到目标。",
    ),
    # the scaffolds of engineer F (new person, checkins, adjustments, calibration)
    "person": (
        "{who}, started by `perfcode new person`. github is the GitHub account whose approvals of"
        " pull requests are this person's signatures: check it. The person belongs to"
        " department {department} and population group {group}; joined {joined}.",
        "{who}的人员档案,由 `perfcode new person` 创建。\n"
        "github 是此人的 GitHub 账号:此人在合并请求上的批准即其签字,请核对。\n"
        "部门:{department};人员类别:{group};入职日期:{joined}。",
    ),
    "person_todo": (
        "Write what says {todo} (the name and the job title).",
        "请在写着 {todo} 的地方填写姓名和职务。",
    ),
    "codeowners": (
        ".github/CODEOWNERS names only the policy owners, so a new person changes nothing in it.",
        ".github/CODEOWNERS 只列出政策负责人,新增人员无需修改该文件。",
    ),
    "checkins": (
        "Check-ins of {name} ({id}) in cycle {cycle}, started by `perfcode new checkins`."
        " After each check or one-to-one, add an entry under entries: date, kind, by (who"
        " held it), an optional 100-point score, progress per contract item"
        " (not_started, on_track, at_risk, late, done) and notes.",
        "{name}({id})在 {cycle} 周期的过程跟进记录,由 `perfcode new checkins` 创建。\n"
        "每次检查或面谈后,在 entries 下添加一条:date(日期)、kind(种类)、\n"
        "by(主持人)、可选的 score(百分制得分)、progress(各契约项目的进展:\n"
        "not_started 未开始、on_track 正常、at_risk 有风险、late 延期、done 已完成)\n"
        "和 notes(说明)。",
    ),
    "cadence": (
        "This cycle's policy holds: {cadence}.",
        "本周期政策规定的跟进频率:{cadence}。",
    ),
    "items": ("Items of the contract:", "契约项目:"),
    "example": ("For example:", "示例:"),
    "note": ("What was discussed.", "本次沟通的内容。"),
    "adjustments": (
        "Commendations and penalties of {name} ({id}) in cycle {cycle}, started by"
        " `perfcode new adjustments`. Add one entry under entries for each: date, kind"
        " (commendation or penalty), points (positive), reason and by (who granted it).",
        "{name}({id})在 {cycle} 周期的嘉奖与处罚记录,\n"
        "由 `perfcode new adjustments` 创建。每一项在 entries 下添加一条:\n"
        "date(日期)、kind(commendation 嘉奖 或 penalty 处罚)、\n"
        "points(分数,正数)、reason(原因)和 by(批准人)。",
    ),
    "no_caps": ("The policy caps neither.", "本周期政策未设上限。"),
    "cap_entry": ("at most {points} points an entry", "每项最多 {points} 分"),
    "cap_cycle": ("at most {points} in the cycle", "本周期合计最多 {points} 分"),
    "reason": ("The reason, with the facts.", "事由及依据。"),
    "calibration": (
        "Calibration of cycle {cycle} by the performance committee, started by `perfcode new"
        " calibration`. Confirm the meeting's date ({when}) and who attended (proposed: the"
        " policy owners and the department heads). Add one decision under decisions for"
        " each grade the committee changes: person, grade ({grades}) and reason. A decision"
        " changes the grade the person has before calibration (`perfcode score` shows it);"
        " with no decision every grade stays as scored.",
        "{cycle} 周期的绩效校准记录,由 `perfcode new calibration` 创建。\n"
        "请核对会议日期({when})和出席的委员\n"
        "(建议:政策负责人和各部门负责人)。\n"
        "委员会每调整一个等级,就在 decisions 下添加一条:person(人员)、\n"
        "grade(等级:{grades})和 reason(原因)。调整须改变此人校准前的等级\n"
        "(`perfcode score` 可查看);没有调整时,各人等级维持计算结果。",
    ),
    "phase_starts": ("the calibration phase starts {day}", "校准阶段 {day} 开始"),
    "period_ends": ("the cycle ends {day}", "周期 {day} 结束"),
    "calibration_reason": ("Why the committee changed the grade.", "委员会调整等级的理由。"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, language: str) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if language == "zh" else pair[0]


class Labels:
    """The words of one language: `t("score")`, `t.role("peer")`, `t.word("on_track")`."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        text = _pick(LABELS, key, self.language)
        return text.format(**values) if values else text

    def role(self, role: str) -> str:
        """The review a role gives, as a heading: "Manager", "上级评价"."""
        return _pick(ROLES, role, self.language)

    def rater(self, role: str) -> str:
        """A role as the rater in a sentence: "manager", "上级"."""
        return _pick(RATERS, role, self.language)

    def phase(self, phase: str) -> str:
        return _pick(PHASES, phase, self.language)

    def word(self, word: str, **values: object) -> str:
        text = _pick(WORDS, word, self.language)
        return text.format(**values) if values else text

    def owed(self, kind: str) -> str:
        """What is owed, by its kind: "contract missing", "缺少绩效契约"."""
        return _pick(OWED, kind, self.language)

    def say(self, key: str, **values: object) -> str:
        """A sentence of a command's output (COMMANDS)."""
        text = _pick(COMMANDS, key, self.language)
        return text.format(**values) if values else text

    def scaffold(self, key: str, **values: object) -> str:
        """A sentence of a scaffold's header comments (SCAFFOLD)."""
        text = _pick(SCAFFOLD, key, self.language)
        return text.format(**values) if values else text


def organisation_language(org: Org | None) -> str:
    """The language the commands speak: the organisation's (people/org.yaml `language`),
    English when it cannot be read (no org.yaml, or one with problems)."""
    return org.language if org is not None else "en"
