"""cycle.schema.json and the policy rules (check/policy.py) agree: what validate refuses,
the schema refuses too, so an editor never suggests it; what the README says validate
accepts, the schema accepts. Each case edits the validate base's cycle.yaml once.

The rules keep their own refusal (PC039) for a repository whose `schemas/` folder is
older than perfcode's: they run on the policy as built without the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode import model as m
from perfcode.check.policy import check_policy
from perfcode.io.schemas import BUNDLED, Schemas
from perfcode.io.yaml import parse
from perfcode.load import build
from perfcode.load import repository as load
from perfcode.problems import Severity

BASE = Path(__file__).parents[2] / "validate" / "base"
POLICY = BASE / "cycles" / "2026-H2" / "cycle.yaml"
SCHEMA = Schemas(BUNDLED)["cycle"]

#: (case, the edit to the base policy, whether the schema accepts it, the codes the rules
#: give on the policy built without the schema; None: the model cannot hold the value)
CASES = [
    (
        "within-days-on-top-percent",
        ("      top_percent: 10\n", "      top_percent: 10\n    within_days: 30\n"),
        False,
        ["PC039"],
    ),
    ("top-percent-0", ("top_percent: 10", "top_percent: 0"), False, ["PC039"]),
    ("bottom-percent-0", ("top_percent: 10", "bottom_percent: 0"), False, ["PC039"]),
    ("top-percent-0.5", ("top_percent: 10", "top_percent: 0.5"), True, []),
    ("within-days-on-grades", ("    within_days: 7\n", "    within_days: 30\n"), True, []),
    ("rater-weight-0", ("    peer: 10\n", "    peer: 0\n"), True, []),
    (
        "leavers-scored-in-quotas",
        ("pay_ratio: true\n", "pay_ratio: true\nleavers: {scored: true, in_quotas: true}\n"),
        True,
        [],
    ),
    (
        "leavers-in-quotas-unscored",
        ("pay_ratio: true\n", "pay_ratio: true\nleavers: {in_quotas: true}\n"),
        False,
        [],
    ),
    (
        "leavers-by-results",
        ("pay_ratio: true\n", "pay_ratio: true\nleavers: {by: results}\n"),
        True,
        [],
    ),
    (
        "leavers-by-unknown",
        ("pay_ratio: true\n", "pay_ratio: true\nleavers: {by: today}\n"),
        False,
        None,
    ),
]


@pytest.fixture(scope="module")
def repo() -> m.Repository:
    found, problems = load.load_repository(BASE)
    assert problems == []
    return found


@pytest.mark.parametrize(
    ("edit", "accepted", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_schema_and_rules_agree(
    repo: m.Repository,
    edit: tuple[str, str],
    accepted: bool,
    codes: list[str] | None,
) -> None:
    text = POLICY.read_text(encoding="utf-8")
    assert text.count(edit[0]) == 1
    raw = parse(text.replace(edit[0], edit[1]))
    assert SCHEMA.is_valid(raw) is accepted
    if codes is None:  # a value the model cannot hold: the schema alone refuses it
        return
    policy = build.policy(raw, "cycles/2026-H2/cycle.yaml", "2026-H2")
    found = [p.code for p in check_policy(policy, repo) if p.severity is Severity.ERROR]
    assert found == codes
    if found:  # what the rules refuse, the schema refuses: an editor never suggests it
        assert not accepted
