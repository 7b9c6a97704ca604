"""The zh/en words have one home (perfcode.i18n): a role as the rater in a sentence, and
the review a role gives as a heading; the explanations use the same words as the site."""

from __future__ import annotations

import json
import string
from dataclasses import replace

import pytest

from perfcode import i18n, problems
from perfcode.explain.text import _Text
from perfcode.model import Org
from perfcode.report import problems as report
from perfcode.workflow import owed


@pytest.mark.parametrize("role", sorted(i18n.RATERS))
def test_explanations_name_roles_with_the_sites_words(role: str) -> None:
    for language in ("en", "zh"):
        assert _Text(language).role(role) == i18n.Labels(language).rater(role)
    assert i18n.ROLES.keys() == i18n.RATERS.keys()


def test_a_missing_review_is_named_as_the_site_heads_it() -> None:
    """A missing self review was 自评评价 in explanations (the rater's word plus 评价)."""
    zh = _Text("zh")
    assert zh.missing("self review") == "自评" == i18n.Labels("zh").role("self")
    assert zh.missing("manager review") == "上级评价"
    assert _Text("en").missing("self review") == "self review"


def test_every_problem_code_has_a_sentence_in_chinese_and_in_english() -> None:
    """problems.CODES (English) and problems.CODES_ZH (Chinese) name the same codes."""
    untranslated = sorted(set(problems.CODES) - set(problems.CODES_ZH))
    assert not untranslated, (
        f"problem code(s) {', '.join(untranslated)} have no Chinese sentence: add them to "
        "problems.CODES_ZH"
    )
    stray = sorted(set(problems.CODES_ZH) - set(problems.CODES))
    assert not stray, f"problems.CODES_ZH has code(s) {', '.join(stray)} that CODES does not"
    for code, sentence in problems.CODES_ZH.items():
        assert sentence.endswith("。"), f"{code}: a sentence ends with 。"


TABLES = {
    "LABELS": i18n.LABELS,
    "OWED": i18n.OWED,
    "COMMANDS": i18n.COMMANDS,
    "SCAFFOLD": i18n.SCAFFOLD,
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_both_languages_take_the_same_values(table: str) -> None:
    """A sentence in English and in Chinese names the same {placeholders}: neither language
    can drop a date or a name the other one shows. ({id} and {name} count as one: a phase
    or a population is shown by its id in English, by its Chinese name in Chinese.)"""
    fields = string.Formatter()
    same = {"name": "id"}
    for key, (english, chinese) in TABLES[table].items():
        named = [
            {same.get(f, f) for _, f, _, _ in fields.parse(text) if f}
            for text in (english, chinese)
        ]
        assert named[0] == named[1], f"{table}[{key!r}]: {named[0]} in English, {named[1]}"


def test_what_is_owed_is_said_in_both_languages() -> None:
    """Every kind of item status lists has its words (one home: i18n.OWED)."""
    assert owed.KINDS.keys() == i18n.OWED.keys()
    assert i18n.Labels("zh").owed("contract_missing") == "缺少绩效契约"
    assert i18n.Labels("en").owed("contract_missing") == owed.KINDS["contract_missing"]


def test_commands_speak_the_organisations_language_or_english() -> None:
    org = Org("people/org.yaml", "华信", "zh", policy_owners=(), groups=(), departments=())
    assert i18n.organisation_language(org) == "zh"
    assert i18n.organisation_language(replace(org, language="en")) == "en"
    assert i18n.organisation_language(None) == "en"  # org.yaml missing or with problems


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "PC015 A reference"), ("zh", "PC015 引用")]
)
def test_a_problem_is_said_in_the_language_asked(language: str, expected: str) -> None:
    problem = problems.error("people/a.yaml", "PC015", 'manager "b" is not in people/').at(3, 10)
    text = report.text([problem], 1, language)
    first, summary = text.splitlines()
    if language == "zh":
        assert first == (
            'people/a.yaml:3:10: PC015 引用的人员不在人员名册中。 manager "b" is not in people/'
        )
        assert summary == "已检查 1 个文件:1 个问题。"
    else:
        assert first == 'people/a.yaml:3:10: PC015 manager "b" is not in people/'
        assert summary == "1 documents checked: 1 problem."
    [shown] = json.loads(report.as_json([problem], 1, language=language))["problems"]
    assert shown["message"] == problem.message
    assert shown["summary"].startswith(expected.split(" ", 1)[1])


def test_an_items_notes_are_said_in_the_language_asked() -> None:
    """status's notes (workflow.owed.Note) come from i18n.COMMANDS: English as it always
    was (status's JSON keeps it), Chinese with a check-in kind by its name."""
    notes = (
        owed.Note("note_checkin_last", (("kind", "fortnightly"), ("day", "2026-08-21"))),
        owed.Note("note_manager_left", (("id", "heli"), ("day", "2026-10-01"))),
    )
    item = owed.Owed("checkins", "checkin_due", "a", ("b",), None, 0, "x.yaml", notes)
    assert item.note == "fortnightly, last 2026-08-21; manager heli left on 2026-10-01"
    assert item.said(i18n.Labels("zh")) == "双周检查,上次 2026-08-21;上级 heli 已于 2026-10-01 离职"
    assert owed.Owed("plans", "plan_checkin", "a", (), None, 0, "x.yaml").note == ""
