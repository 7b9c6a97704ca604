"""Robustness: random mutations of a valid repository never end in a traceback.

Starts from base/ (plus a few optional documents of the kinds base/ lacks), applies random
mutations to the parsed YAML of its documents and to its file names, writes the files
back and runs the real CLI in-process (validate, score, status, explain) and the pure site
renderer. Whatever the mutation, each command exits 0, 1 or 2, every problem line reads
`path:line:col: PCnnn sentence`, and records that validate accepts are scored, reported
and rendered without error.

Deterministic and bounded (derandomize=True). Hunt for more with
`PERFCODE_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/validate/test_fuzz.py -q`.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcode import score as scoring
from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.site import pages as render

HERE = Path(__file__).parent
BASE = HERE / "base"
EXAMPLES = int(os.environ.get("PERFCODE_FUZZ_EXAMPLES", "150"))
TODAY = "2026-12-01"

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: PC\d{3} .+")
SUMMARY_LINE = re.compile(r"^(\d+ documents checked: .+\.|已检查 \d+ 个文件:.+。)$")  # en, zh
#: the longest line a problem may print (a pasted essay must not be echoed back whole)
MAX_LINE = 400

Document = dict[str, Any]
Pointer = tuple[str | int, ...]

#: documents of the kinds base/ lacks, each optional in an example (person: wanghongjun)
EXTRAS: dict[str, str] = {
    "cycles/2026-H2/calibration.yaml": """\
# yaml-language-server: $schema=../../schemas/calibration.schema.json
meeting:
  date: 2027-01-06
  members: [chenzong, zhaomin]
decisions:
  - person: wanghongjun
    grade: B
    reason: 委员会一致同意调整。
""",
    "cycles/2026-H2/adjustments/wanghongjun.yaml": """\
# yaml-language-server: $schema=../../../schemas/adjustments.schema.json
entries:
  - date: 2026-11-05
    kind: commendation
    points: 3
    reason: 成功签约年度重点客户。
    by: linzong
  - date: 2026-11-20
    kind: penalty
    points: 1
    reason: 报表迟交。
    by: linzong
""",
    "cycles/2026-H2/checkins/wanghongjun.yaml": """\
# yaml-language-server: $schema=../../../schemas/checkins.schema.json
entries:
  - date: 2026-08-21
    kind: monthly_check
    by: linzong
    score: 88
    progress:
      - item: kam-rules
        status: on_track
        note: 草案已提交。
  - date: 2026-09-21
    kind: monthly_appraisal
    by: linzong
    score: 92
""",
    "cycles/2026-H2/interviews/wanghongjun.yaml": """\
# yaml-language-server: $schema=../../../schemas/interview.schema.json
date: 2027-01-13
interviewer: linzong
final_grade: A
strengths: 客户关系维护认真。
weaknesses: 文档偏少。
improvement: 下季度补齐文档。
employee_comments: 认可评估结果。
""",
    "cycles/2026-H2/plans/wanghongjun.yaml": """\
# yaml-language-server: $schema=../../../schemas/plan.schema.json
trigger: failed_review
period:
  start: 2027-01-18
  end: 2027-04-16
gaps:
  - measure: 季度销售额
    target: 500000
    actual: 320000
    unit: 元
targets:
  - measure: 季度销售额
    target: 450000
    unit: 元
    due: 2027-03-31
actions:
  - action: 每周拜访新客户不少于8家
    owner: wanghongjun
    due: 2027-03-31
checkins:
  - date: 2027-01-25
    note: 本周拜访新客户9家。
    status: on_track
evaluation:
  status: in_progress
""",
    "cycles/2026-H2/appeals/wanghongjun.yaml": """\
# yaml-language-server: $schema=../../../schemas/appeal.schema.json
filed: 2027-01-14
about: grade
grade_received: A
reason: 销售额未达标有客观原因。
requested: 重新评估。
answer:
  by: zhaomin
  date: 2027-01-22
  decision: upheld
  text: 维持原评估等级。
  pay_correction: false
""",
}

#: keys (with plausible values) the mutations add to mappings, beside random unknown keys
GRAFTS: list[tuple[str, Any]] = [
    (
        "rollup",
        [
            {"source": "checks", "kinds": ["monthly_check"], "weight": 40},
            {"source": "reviews", "weight": 60},
        ],
    ),
    ("rollup", [{"source": "reviews", "weight": 0}]),
    ("rollup", []),
    ("previous", "2026-H1"),
    ("previous", "2026-H2"),
    (
        "distribution",
        {
            "by": "department",
            "min_population": 1,
            "quotas": [{"grade": "A", "percent": 50}, {"grade": "E", "percent": 50}],
        },
    ),
    (
        "distribution",
        {"by": "all", "min_population": 1, "quotas": [{"grade": "A", "percent": 100}]},
    ),
    ("manager", "wanghongjun"),
    ("manager", "chenzong"),
    ("sections", {}),
    ("sections", []),
    ("grades", [{"id": "A", "name": "A", "min": 0}]),
    ("phases", []),
    ("templates", []),
    ("outcomes", [{"id": "pip", "name": "改进", "when": {"bottom_percent": 100}}]),
    ("outcomes", [{"id": "declined", "name": "连续下降", "when": {"declines": 2}}]),
    ("outcomes", [{"id": "paid", "name": "高分", "when": {"score_above": 0}}]),
    ("raters", {"weights": {"self": 0, "manager": 0}, "required": []}),
    ("raters", {"weights": {"peer": 100}, "required": ["peer"]}),
    ("scale", {"min": 5, "max": 5}),
    ("scale", {"min": 0, "max": 0}),
    ("achievement", []),
    ("target", {"value": 0, "unit": "元", "better": "lower"}),
    ("target", {"value": 100, "better": "lower"}),
    ("actual", 0),
    ("actual", -5),
    ("weight", 0),
    ("min", 90),
    ("below", 90),
    ("head", "nobody"),
    ("parent", "market"),
    ("supports", ["co-revenue", "co-revenue"]),
    ("language", "en"),
    ("publication", {"public": {"scores": False, "grades": False, "feedback": "none"}}),
]

#: edits at the right place of the base policy (cycles/2026-H2/cycle.yaml): the policy stays
#: valid more often, so the odd policy reaches scoring, status and the site
POLICY = "cycles/2026-H2/cycle.yaml"
POLICY_EDITS: list[tuple[Pointer, Any]] = [
    (
        ("templates", 0, "rollup"),
        [{"source": "checks", "weight": 30}, {"source": "reviews", "weight": 70}],
    ),
    (("templates", 0, "rollup"), [{"source": "checks", "kinds": ["weekly"], "weight": 100}]),
    (
        ("templates", 0, "rollup"),
        [
            {"source": "cycles", "cycles": ["2026-H1"], "weight": 50},
            {"source": "reviews", "weight": 50},
        ],
    ),
    (("appeals", "window_days"), 10**9),
    (("appeals", "answer_working_days"), 10**8),
    (("outcomes", 1, "within_days"), 10**11),
    (("outcomes", 1, "when"), {"grades": ["A"]}),
    (("outcomes", 0, "when"), {"top_percent": 100}),
    (("outcomes", 0, "when"), {"bottom_percent": 0}),
    (("outcomes", 0, "when"), {"declines": 1}),
    (("outcomes",), []),
    (("distribution", "min_population"), 1),
    (("distribution", "by"), "department"),
    (("distribution", "by"), "all"),
    (("distribution", "quotas"), [{"grade": "A", "percent": 100}]),
    (("distribution", "quotas"), [{"grade": "E", "percent": 100}]),
    (
        ("distribution", "quotas"),
        [
            {"grade": "A", "percent": 33.33},
            {"grade": "B", "percent": 33.33},
            {"grade": "C", "percent": 33.34},
        ],
    ),
    (("calendar",), {"holidays": ["2027-01-15", "2027-01-18"], "workdays": ["2027-01-16"]}),
    (("previous",), "2026-H1"),
    (("previous",), "2026-H2"),
    (("raters", "required"), []),
    (("raters", "required"), ["peer"]),
    (("raters", "weights"), {"manager": 1}),
    (("scale",), {"min": 0, "max": 100}),
    (("scale",), {"min": 1, "max": 1}),
    (("scale", "levels"), []),
    (("achievement",), [{"min_percent": 0, "rating": 5}]),
    (("grades",), [{"id": "A", "name": "全部", "min": 0}]),
    (
        ("grades",),
        [{"id": "A", "name": "A", "min": 50}, {"id": "B", "name": "B", "min": 0, "below": 50}],
    ),
    (("grades", 0, "min"), 1000),
    (("grades", 4, "min"), -1000),
    (("phases",), [{"id": "closed", "start": "2026-07-01"}]),
    (("phases",), [{"id": "results", "start": "2026-12-31", "end": "2026-12-31"}]),
    (("phases", 5, "start"), "2026-07-01"),
    (("period",), {"start": "2026-12-31", "end": "2026-12-31"}),
    (("adjustments",), {"commendation_max": 0, "penalty_max": 0}),
    (("adjustments",), {"commendation_max": 1000, "penalty_max": 1000}),
    (
        ("publication",),
        {
            "public": {"scores": False, "grades": False, "comments": True, "feedback": "full"},
            "min_raters": 1,
        },
    ),
    (("pay_ratio",), False),
    (("language",), "en"),
]

ODD_VALUES: list[Any] = [
    "",
    " ",
    "../x",
    "..",
    "/etc/passwd",
    "x/y",
    "林",
    "😀",
    "<script>alert(1)</script>",
    "a" * 5000,
    "林" * 3000,
    "x\ny",
    "yes",
    "null",
    "0",
    "-1",
    "1e400",
    "2026-H2",
    "wanghongjun",
    "nobody",
    0,
    1,
    -1,
    100,
    101,
    0.0,
    -0.5,
    1.5,
    0.001,
    10**30,
    -(10**30),
    10**400,
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    True,
    False,
    None,
    [],
    {},
    [1],
    [None],
    ["a", "a"],
    [[]],
    {"a": 1},
    {"": None},
    date(2026, 7, 1),
]

IMPOSSIBLE_DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-12-32",
    "0000-01-01",
    "9999-12-31",
    "2026-1-1",
    "1900-01-01",
    "2100-02-29",
    "2026-12-31T25:00:00",
    "20261231",
]

#: replacements for path segments: other people, cycles, roles, kinds of document
SEGMENT_SWAPS: dict[str, list[str]] = {
    "wanghongjun": ["linzong", "zhaomin", "chenzong", "nobody", "Wang Hongjun", "wang.hj"],
    "linzong": ["wanghongjun", "zhaomin", "chenzong", "linzong2"],
    "chenzong": ["linzong", "wanghongjun", "zhaomin"],
    "zhaomin": ["chenzong", "zhaomin-2", "ZhaoMin"],
    "2026-H2": ["2026-H1", "2027", "2026-Q3", "2026-07", "2026-H3", "h2"],
    "contracts": ["plans", "interviews", "appeals", "adjustments", "checkins", "reviews"],
    "reviews": ["contracts", "reviews/x"],
    "plans": ["contracts", "appeals"],
    "interviews": ["contracts", "plans"],
    "appeals": ["interviews"],
    "adjustments": ["checkins"],
    "checkins": ["adjustments"],
    "people": ["cycles/2026-H2", "people/sub"],
    "cycle.yaml": ["goals.yaml", "calibration.yaml", "results.yaml", "cycle.yml"],
    "goals.yaml": ["cycle.yaml", "calibration.yaml"],
    "calibration.yaml": ["goals.yaml", "cycle.yaml"],
    "org.yaml": ["wanghongjun.yaml", "org.yml"],
}
ROLE_SWAPS = ["self", "manager", "peer", "subordinate", "customer", "boss", "self-"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REFERENCE_KEYS = ("id", "item", "person", "manager", "head", "department", "grade", "template")


# --- the documents as data ------------------------------------------------------------


class Repo:
    """The files of one example: parsed YAML by path, and the modeline each starts with."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.modelines: dict[str, str] = {}
        self.docs: dict[str, Any] = {}
        for path, text in texts.items():
            first, _, rest = text.partition("\n")
            self.modelines[path] = first
            self.docs[path] = yaml.safe_load(rest)

    def write(self, root: Path) -> None:
        for path, value in self.docs.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            body = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
            target.write_text(self.modelines[path] + "\n" + body, encoding="utf-8")

    def rename(self, old: str, new: str) -> None:
        if new in self.docs or new == old:
            return
        self.docs[new] = self.docs.pop(old)
        self.modelines[new] = self.modelines.pop(old)


def _walk(node: Any, at: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    yield at, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*at, index))


def _parent(doc: Any, at: Pointer) -> Any:
    for part in at[:-1]:
        doc = doc[part]
    return doc


def _nodes(repo: Repo, test: Callable[[Pointer, Any], bool]) -> list[tuple[str, Pointer]]:
    return [
        (path, at)
        for path in sorted(repo.docs)
        for at, value in _walk(repo.docs[path])
        if test(at, value)
    ]


def _set(repo: Repo, path: str, at: Pointer, value: Any) -> None:
    if not at:
        repo.docs[path] = value
    else:
        _parent(repo.docs[path], at)[at[-1]] = value


def _get(repo: Repo, path: str, at: Pointer) -> Any:
    node = repo.docs[path]
    for part in at:
        node = node[part]
    return node


# --- mutations --------------------------------------------------------------------------


def delete_key(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda at, _v: bool(at) and isinstance(at[-1], str))
    if found:
        path, at = data.draw(st.sampled_from(found))
        del _parent(repo.docs[path], at)[at[-1]]


def delete_entry(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda at, _v: bool(at) and isinstance(at[-1], int))
    if found:
        path, at = data.draw(st.sampled_from(found))
        del _parent(repo.docs[path], at)[at[-1]]


def replace_value(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda at, _v: True)
    path, at = data.draw(st.sampled_from(found))
    elsewhere = [v for _, v in _walk(repo.docs[path]) if not isinstance(v, dict | list)]
    value = data.draw(
        st.one_of(
            st.sampled_from(ODD_VALUES),
            st.sampled_from(elsewhere or [None]),
            st.integers(min_value=-1000, max_value=1000),
            st.floats(allow_nan=False, allow_infinity=False, width=32),
            st.text(max_size=12),
        )
    )
    _set(repo, path, at, copy.deepcopy(value))


def duplicate_entry(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda at, _v: bool(at) and isinstance(at[-1], int))
    if found:
        path, at = data.draw(st.sampled_from(found))
        entries = _parent(repo.docs[path], at)
        entries.insert(int(at[-1]), copy.deepcopy(entries[at[-1]]))


def empty_list(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda _a, v: isinstance(v, list | dict) and bool(v))
    if found:
        path, at = data.draw(st.sampled_from(found))
        _set(repo, path, at, type(_get(repo, path, at))())


def swap_ids(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(
        repo,
        lambda at, v: bool(at) and at[-1] in REFERENCE_KEYS and isinstance(v, str),
    )
    if len(found) >= 2:
        (p1, a1), (p2, a2) = data.draw(
            st.lists(st.sampled_from(found), min_size=2, max_size=2, unique=True)
        )
        v1, v2 = _get(repo, p1, a1), _get(repo, p2, a2)
        _set(repo, p1, a1, v2)
        _set(repo, p2, a2, v1)


def rename_file(data: st.DataObject, repo: Repo) -> None:
    path = data.draw(st.sampled_from(sorted(repo.docs)))
    parts = path.split("/")
    index = data.draw(st.integers(min_value=0, max_value=len(parts) - 1))
    segment = parts[index]
    stem = segment.removesuffix(".yaml")
    if "-" in stem and parts[0] == "cycles" and "reviews" in parts:
        role, _, rater = stem.partition("-")
        choice = data.draw(st.sampled_from([*ROLE_SWAPS, *SEGMENT_SWAPS.get(rater, [rater])]))
        parts[index] = f"{choice}-{rater}.yaml" if choice in ROLE_SWAPS else f"{role}-{choice}.yaml"
    elif segment in SEGMENT_SWAPS:
        parts[index] = data.draw(st.sampled_from(SEGMENT_SWAPS[segment]))
    elif stem in SEGMENT_SWAPS:
        parts[index] = data.draw(st.sampled_from(SEGMENT_SWAPS[stem])) + ".yaml"
    repo.rename(path, "/".join(parts))


def delete_file(data: st.DataObject, repo: Repo) -> None:
    path = data.draw(st.sampled_from(sorted(repo.docs)))
    del repo.docs[path]
    del repo.modelines[path]


def copy_file(data: st.DataObject, repo: Repo) -> None:
    """A second document of the same kind for someone else (a contract for zhaomin...)."""
    path = data.draw(st.sampled_from(sorted(repo.docs)))
    before = set(repo.docs)
    repo.docs["\0"] = copy.deepcopy(repo.docs[path])
    repo.modelines["\0"] = repo.modelines[path]
    parts = path.split("/")
    for index, segment in enumerate(parts):
        stem = segment.removesuffix(".yaml")
        if stem in SEGMENT_SWAPS and stem not in ("cycle", "goals", "calibration", "org"):
            parts[index] = segment.replace(stem, data.draw(st.sampled_from(SEGMENT_SWAPS[stem])))
            break
    target = "/".join(parts)
    if target in before:
        del repo.docs["\0"], repo.modelines["\0"]
    else:
        repo.rename("\0", target)


def add_key(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(repo, lambda _a, v: isinstance(v, dict))
    if found:
        path, at = data.draw(st.sampled_from(found))
        key, value = data.draw(
            st.one_of(
                st.sampled_from(GRAFTS),
                st.tuples(
                    st.sampled_from(["unknown", "Name", "weigth", "备注", "", "1"]),
                    st.sampled_from(ODD_VALUES[:20]),
                ),
            )
        )
        _get(repo, path, at)[key] = copy.deepcopy(value)


def tweak_number(data: st.DataObject, repo: Repo) -> None:
    """A number changed to another that the schema may well accept: zero, a sibling's value,
    a tiny or huge one (the records stay valid more often, so scoring and rendering run)."""
    found = _nodes(repo, lambda _a, v: isinstance(v, int | float) and not isinstance(v, bool))
    if found:
        path, at = data.draw(st.sampled_from(found))
        numbers = sorted(
            {v for _p, v in _walk(repo.docs[path]) if isinstance(v, int) and v is not True}
        )
        value = data.draw(
            st.one_of(
                st.sampled_from([0, 1, 2, 5, 50, 99, 100, 101, 0.5, 1e-9, 10**9, 10**30]),
                st.sampled_from(numbers or [0]),
                st.integers(min_value=0, max_value=120),
            )
        )
        _set(repo, path, at, value)


def policy_edit(data: st.DataObject, repo: Repo) -> None:
    if POLICY in repo.docs:
        at, value = data.draw(st.sampled_from(POLICY_EDITS))
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _parent(repo.docs[POLICY], at)[at[-1]] = copy.deepcopy(value)


def impossible_date(data: st.DataObject, repo: Repo) -> None:
    found = _nodes(
        repo, lambda _a, v: isinstance(v, date) or (isinstance(v, str) and bool(DATE.match(v)))
    )
    if found:
        path, at = data.draw(st.sampled_from(found))
        _set(repo, path, at, data.draw(st.sampled_from(IMPOSSIBLE_DATES)))


MUTATIONS = [
    delete_key,
    delete_entry,
    replace_value,
    duplicate_entry,
    empty_list,
    swap_ids,
    rename_file,
    delete_file,
    copy_file,
    add_key,
    impossible_date,
    tweak_number,
    tweak_number,
    add_key,
    policy_edit,
    policy_edit,
    policy_edit,
]


# --- running the real commands ------------------------------------------------------------


def _texts() -> dict[str, str]:
    return {
        p.relative_to(BASE).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(BASE.rglob("*.yaml"))
    }


BASE_TEXTS = _texts()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    if code not in (0, 1, 2):
        log = Path(tempfile.gettempdir()) / "perfcode-error.log"
        details = log.read_text(encoding="utf-8") if log.is_file() else ""
        pytest.fail(f"perfcode {' '.join(argv)} exited {code}:\n{err.getvalue()}\n{details}")
    assert "Traceback" not in out.getvalue() + err.getvalue()
    if code == 2:
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].startswith("perfcode: "), err.getvalue()
    return code, out.getvalue(), err.getvalue()


def assert_problem_lines(lines: list[str]) -> None:
    for line in lines:
        assert PROBLEM_LINE.match(line), f"not a problem line: {line!r}"
        assert ":0:" not in line.split(" ", 1)[0], f"a problem without a line: {line!r}"
        assert len(line) <= MAX_LINE, f"a problem line of {len(line)} characters: {line[:200]}…"


def check_example(root: Path) -> None:
    code, out, err = run("validate", str(root))
    assert code in (0, 1) and err == "", err
    lines = out.splitlines()
    assert lines and SUMMARY_LINE.match(lines[-1]), out
    assert_problem_lines(lines[:-1])
    contracted = sorted(p.stem for p in root.glob("cycles/*/contracts/*.yaml"))
    people = sorted(p.stem for p in root.glob("people/*.yaml") if p.stem != "org")
    someone = (contracted or people or ["nobody"])[0]
    outputs = {
        "score": run("score", str(root)),
        "status": run("status", str(root), "--today", TODAY),
        "explain": run("explain", "wanghongjun", str(root)),
        "explain-other": run("explain", someone, str(root)),
    }
    for name, (other, text, _err) in outputs.items():
        if other == 1:  # the records' problems, the summary, then one sentence
            body = text.splitlines()
            # "perfcode: …" (en) or "perfcode:…" (zh, a full-width colon follows)
            assert len(body) >= 2 and body[-1].startswith(("perfcode: ", "perfcode:")), text
            assert SUMMARY_LINE.match(body[-2]), text
            assert_problem_lines(body[:-2])
        if code == 0:
            expected = (0, 2) if name.startswith("explain") else (0,)
            assert other in expected, f"validate is clean but {name} exited {other}:\n{text}"
    if code == 0:
        checked = check_repository(root)
        results = scoring.score_all(checked.repository, detail=True)
        for audience in ("public", "private"):
            options = render.Options(audience=audience, today=TODAY)
            pages = render.render_site(checked.repository, results, options)
            assert render.HOME in pages


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutations_never_crash(data: st.DataObject) -> None:
    extras = data.draw(st.sets(st.sampled_from(sorted(EXTRAS))), label="extras")
    repo = Repo({**BASE_TEXTS, **{p: EXTRAS[p] for p in extras}})
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutation(data, repo)
    with tempfile.TemporaryDirectory(prefix="perfcode-fuzz-") as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        repo.write(root)
        check_example(root)


def test_extras_are_valid(tmp_path: Path) -> None:
    """The optional documents are valid on their own, so a mutation is what breaks them."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    Repo(EXTRAS).write(root)
    code, out, _err = run("validate", str(root))
    assert code == 0, out
    assert out.endswith("个文件:没有问题。\n")  # base/ is a zh organisation
