"""`perfcode sample`: a valid synthetic organisation of N people, for trials and benchmarks.

The same seed always writes the same files. The organisation is a tree (a CEO, department
heads, teams of up to eight), with one cycle (2026-H2) whose policy has the three templates
of the seeds (60/20/20, 德勤能绩 20/20/30/30 with a 20/30/50 roll-up, 40/30/20/10); every
person but the CEO has a contract and reviews of every role their place allows.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from perfcode import layout
from perfcode.io import write as fsio
from perfcode.io import yaml as yamlio
from perfcode.io.schemas import schema_dir

CYCLE = "2026-H2"
#: the largest organisation `sample` writes (about 7 files a person: ~700,000 files)
MAX_PEOPLE = 100_000
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕斌宇浩凯鹏飞"
TITLES = ("客户经理", "销售代表", "客服专员", "业务专员", "数据分析师", "培训专员", "项目专员")
TEMPLATES: dict[str, list[tuple[str, str, int]]] = {
    "contract": [("results", "业绩", 60), ("ability", "能力", 20), ("attitude", "态度", 20)],
    "service": [
        ("conduct", "德", 20),
        ("diligence", "勤", 20),
        ("ability", "能", 30),
        ("results", "绩", 30),
    ],
    "business": [
        ("business", "业务能力", 40),
        ("teamwork", "团队协作", 30),
        ("attitude", "工作态度", 20),
        ("learning", "学习成长", 10),
    ],
}
TEAM_SIZE = 8


def _dump(path: Path, kind: str, depth: int, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = layout.modeline(kind, depth) + yamlio.dump(data, yamlio.PYYAML)
    fsio.write(path, text, root=path.parent, new=True, sync=False, named=str(path))


def _policy() -> dict[str, Any]:
    phases = [
        ("goal_setting", "2026-07-01", "2026-07-31"),
        ("checkins", "2026-08-01", "2026-12-15"),
        ("self_review", "2026-12-16", "2026-12-22"),
        ("manager_review", "2026-12-23", "2026-12-31"),
        ("calibration", "2027-01-04", "2027-01-08"),
        ("results", "2027-01-11", "2027-01-11"),
        ("interviews", "2027-01-11", "2027-01-18"),
        ("appeals", "2027-01-11", "2027-01-29"),
    ]
    return {
        "title": "2026年下半年绩效考核(样例)",
        "language": "zh",
        "period": {"start": "2026-07-01", "end": "2026-12-31"},
        "phases": [{"id": i, "start": s, "end": e} for i, s, e in phases]
        + [{"id": "closed", "start": "2027-02-01"}],
        "scale": {
            "min": 1,
            "max": 5,
            "levels": [
                {"value": 5, "label": "超出标准"},
                {"value": 4, "label": "达标"},
                {"value": 3, "label": "达到标准的80%"},
                {"value": 2, "label": "低于标准的80%"},
                {"value": 1, "label": "未完成"},
            ],
        },
        "achievement": [
            {"above_percent": 100, "rating": 5},
            {"min_percent": 100, "rating": 4},
            {"min_percent": 80, "rating": 3},
            {"min_percent": 0, "rating": 2},
        ],
        "raters": {
            "weights": {"self": 10, "manager": 60, "peer": 10, "subordinate": 10, "customer": 10},
            "required": ["self", "manager"],
        },
        "templates": [
            {
                "id": tid,
                "name": tid,
                "sections": [
                    {"id": sid, "name": name, "weight": weight} for sid, name, weight in sections
                ],
                **(
                    {
                        "rollup": [
                            {
                                "source": "checks",
                                "kinds": ["weekly", "monthly_check"],
                                "weight": 20,
                            },
                            {"source": "checks", "kinds": ["monthly_appraisal"], "weight": 30},
                            {"source": "reviews", "weight": 50},
                        ]
                    }
                    if tid == "service"
                    else {}
                ),
            }
            for tid, sections in TEMPLATES.items()
        ],
        "adjustments": {"commendation_max": 10, "penalty_max": 20},
        "grades": [
            {"id": "A", "name": "优秀", "min": 90},
            {"id": "B", "name": "良好", "min": 80, "below": 90},
            {"id": "C", "name": "合格", "min": 60, "below": 80},
            {"id": "D", "name": "待改进", "min": 50, "below": 60},
            {"id": "E", "name": "不合格", "min": 0, "below": 50, "failing": True},
        ],
        "distribution": {
            "by": "group",
            "min_population": 5,
            "quotas": [
                {"grade": "A", "percent": 10},
                {"grade": "B", "percent": 25},
                {"grade": "C", "percent": 40},
                {"grade": "D", "percent": 20},
                {"grade": "E", "percent": 5},
            ],
        },
        "outcomes": [
            {"id": "talent_pool", "name": "人才储备库", "when": {"top_percent": 10}},
            {
                "id": "improvement_programme",
                "name": "重点培训与改进",
                "when": {"bottom_percent": 25},
            },
            {
                "id": "interview",
                "name": "一周内绩效面谈",
                "when": {"grades": ["D", "E"]},
                "within_days": 7,
            },
            {"id": "outstanding_employee", "name": "优秀员工", "when": {"score_above": 100}},
        ],
        "pay_ratio": True,
        "appeals": {"window_days": 15, "answer_working_days": 10},
        "calendar": {"holidays": ["2026-10-01", "2026-10-02", "2026-10-05"], "workdays": []},
        "publication": {
            "public": {"scores": True, "grades": True, "comments": False, "feedback": "aggregated"},
            "min_raters": 3,
        },
        # a synthetic organisation has no keys to seal its words to: its review summaries
        # are generated, not anyone's confidential words, and stay plain
        "confidential": {"fields": []},
    }


def write(target: Path, *, people: int, seed: int = 1) -> int:
    """Write the organisation under `target`; return how many files were written."""
    if not 1 <= people <= MAX_PEOPLE:
        raise ValueError(f"a sample has 1 to {MAX_PEOPLE} people, not {people}")
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for schema in sorted(schema_dir(target).glob("*.json")):
        copy = target / "schemas" / schema.name
        fsio.write(copy, schema.read_bytes(), root=target, new=True, sync=False, named=str(copy))
    files = 0
    n_departments = max(1, min(40, people // 120))
    ids = [f"p{i:05d}" for i in range(people)]
    manager: dict[str, str | None] = {ids[0]: None}
    department: dict[str, str] = {ids[0]: "exec"}
    heads = ids[1 : 1 + n_departments]
    for k, head in enumerate(heads):
        manager[head] = ids[0]
        department[head] = f"d{k + 1:02d}"
    rest = ids[1 + n_departments :]
    for i, person in enumerate(rest):
        boss = (
            (heads + rest)[i // TEAM_SIZE] if (heads + rest)[i // TEAM_SIZE] != person else ids[0]
        )
        manager[person] = boss
        department[person] = department[boss]
    reports: dict[str, list[str]] = {p: [] for p in ids}
    for person, chief in manager.items():
        if chief is not None:
            reports[chief].append(person)

    departments = [{"id": "exec", "name": "总经办", "head": ids[0]}] + [
        {"id": f"d{k + 1:02d}", "name": f"第{k + 1}事业部", "head": head, "parent": "exec"}
        for k, head in enumerate(heads)
    ]
    _dump(
        target / "people/org.yaml",
        "org",
        1,
        {
            "name": "样例科技有限公司",
            "language": "zh",
            "policy_owners": [ids[0]],
            "groups": [
                {"id": "management", "name": "管理人员"},
                {"id": "office", "name": "机关职员"},
                {"id": "frontline", "name": "一线员工"},
            ],
            "departments": departments,
        },
    )
    files += 1
    group: dict[str, str] = {}
    for person in ids:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        group[person] = "management" if reports[person] else rng.choice(("office", "frontline"))
        data: dict[str, Any] = {
            "name": name,
            "github": f"user-{person}",
            "email": f"{person}@example.com",
            "title": "总经理"
            if manager[person] is None
            else ("部门经理" if reports[person] else rng.choice(TITLES)),
            "department": department[person],
        }
        if manager[person] is not None:
            data["manager"] = manager[person]
        data.update(
            {
                "group": group[person],
                "joined": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
        )
        _dump(target / f"people/{person}.yaml", "person", 1, data)
        files += 1

    cycle_dir = target / "cycles" / CYCLE
    _dump(cycle_dir / "cycle.yaml", "cycle", 2, _policy())
    _dump(
        cycle_dir / "goals.yaml",
        "goals",
        2,
        {
            "company": [{"id": "co-revenue", "title": "全年销售收入增长20%"}],
            "departments": {
                d["id"]: [
                    {
                        "id": f"{d['id']}-goal",
                        "title": f"{d['name']}年度目标",
                        "supports": ["co-revenue"],
                    }
                ]
                for d in departments
            },
        },
    )
    files += 2
    template_ids = list(TEMPLATES)
    for person in ids[1:]:
        template = (
            template_ids[int(department[person][1:] or 0) % 3]
            if department[person] != "exec"
            else "contract"
        )
        items = _contract(rng, person, template, department[person])
        _dump(cycle_dir / f"contracts/{person}.yaml", "contract", 3, items)
        files += 1
        item_ids = [
            (item["id"], "target" in item)
            for section in items["sections"].values()
            for item in section
        ]
        peers = [p for p in reports[manager[person] or ""] if p != person][:2]
        raters: list[tuple[str, str]] = [("self", person), ("manager", manager[person] or "")]
        raters += [("peer", p) for p in peers]
        if reports[person]:
            raters.append(("subordinate", reports[person][0]))
        if rng.random() < 0.3:
            raters.append(("customer", f"client-{rng.randint(1, 99)}"))
        base = rng.uniform(2.2, 4.9)
        # a measured result is a fact: every rater reports the same actual
        actual = round(1000 * base / 4 * rng.uniform(0.8, 1.2))
        for role, rater in raters:
            ratings = []
            for item_id, measured in item_ids:
                if measured:
                    ratings.append({"item": item_id, "actual": actual})
                else:
                    ratings.append(
                        {
                            "item": item_id,
                            "rating": max(1, min(5, round(base + rng.uniform(-1, 1)))),
                        }
                    )
            _dump(
                cycle_dir / f"reviews/{person}/{role}-{rater}.yaml",
                "review",
                4,
                {
                    "submitted": "2026-12-20" if role == "self" else "2026-12-28",
                    "ratings": ratings,
                    "summary": "整体表现稳定,目标基本达成。",
                },
            )
            files += 1
        if template == "service":
            entries = [
                {
                    "date": f"2026-{m:02d}-15",
                    "kind": kind,
                    "by": manager[person],
                    "score": rng.randint(70, 100),
                }
                for m in range(8, 13)
                for kind in ("weekly", "monthly_check", "monthly_appraisal")
            ]
            _dump(cycle_dir / f"checkins/{person}.yaml", "checkins", 3, {"entries": entries})
            files += 1
        if rng.random() < 0.1:
            kind = rng.choice(("commendation", "penalty"))
            _dump(
                cycle_dir / f"adjustments/{person}.yaml",
                "adjustments",
                3,
                {
                    "entries": [
                        {
                            "date": "2026-11-05",
                            "kind": kind,
                            "points": rng.randint(1, 5),
                            "reason": "通报嘉奖" if kind == "commendation" else "违反服务规范",
                            "by": manager[person],
                        }
                    ]
                },
            )
            files += 1
    return files


def _contract(rng: random.Random, person: str, template: str, department: str) -> dict[str, Any]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, name, _ in TEMPLATES[template]:
        count = rng.randint(1, 3)
        weights = [100 // count] * count
        weights[0] += 100 - sum(weights)
        items: list[dict[str, Any]] = []
        for k, weight in enumerate(weights):
            item: dict[str, Any] = {
                "id": f"{section}-{k + 1}",
                "title": f"{name}指标{k + 1}",
                "measure": "按季度统计",
                "weight": weight,
            }
            if section in ("results", "business") and k == 0:
                item["target"] = {"value": 1000, "unit": "万元", "better": "higher"}
            items.append(item)
        sections[section] = items
    return {"template": template, "supports": [f"{department}-goal"], "sections": sections}
