"""Problems out: the GitHub workflow-command escaping, the text summary, and every format
against file names and values that try to split a line, forge an annotation, break the
Markdown table or recolour a terminal."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from perfcode.problems import QUOTE_LIMIT, Problem, Severity, error, quoted, shown
from perfcode.report import problems as report


def _problem(path: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(path=path, code="PC009", message=message, severity=severity).at(3, 7)


@pytest.mark.parametrize(
    ("path", "message", "annotation"),
    [
        (
            "people/a.yaml",
            "plain words",
            "::error file=people/a.yaml,line=3,col=7,title=PC009::plain words",
        ),
        (
            "people/50%.yaml",
            "50% of 100%",
            "::error file=people/50%25.yaml,line=3,col=7,title=PC009::50%25 of 100%25",
        ),
        (
            "people/a,b:c.yaml",
            "a, b: c",  # commas and colons are escaped in properties only, not in the message
            "::error file=people/a%2Cb%3Ac.yaml,line=3,col=7,title=PC009::a, b: c",
        ),
        (  # a line break is written as an escape, as in every format
            "people/a.yaml",
            "first line\nsecond line\r\nthird",
            "::error file=people/a.yaml,line=3,col=7,title=PC009::"
            "first line\\nsecond line\\r\\nthird",
        ),
        (
            "cycles/2026-H2/contracts/王红军.yaml",
            "::error:: is not a command here",
            "::error file=cycles/2026-H2/contracts/王红军.yaml,line=3,col=7,title=PC009::"
            "::error:: is not a command here",
        ),
    ],
)
def test_github_annotations_are_escaped(path: str, message: str, annotation: str) -> None:
    out = report.github([_problem(path, message)], 1)
    first, summary = out.splitlines()
    assert first == annotation
    assert summary == "1 documents checked: 1 problem."


def test_github_warnings_are_warnings() -> None:
    out = report.github([_problem("people/a.yaml", "bom", Severity.WARNING)], 2)
    assert out.startswith("::warning file=people/a.yaml,line=3,col=7,title=PC009::bom\n")


def test_every_annotation_stays_on_one_line() -> None:
    problems = [_problem("people/a\nb.yaml", "x\ny\rz")]
    assert len(report.github(problems, 1).splitlines()) == 2


@pytest.mark.parametrize(
    ("severities", "summary"),
    [
        ((), "4 documents checked: no problems."),
        ((Severity.ERROR,), "4 documents checked: 1 problem."),
        ((Severity.WARNING,), "4 documents checked: 1 warning."),
        (
            (Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.WARNING),
            "4 documents checked: 2 problems and 2 warnings.",
        ),
    ],
)
def test_summary(severities: tuple[Severity, ...], summary: str) -> None:
    problems = [_problem("people/a.yaml", "m", severity) for severity in severities]
    assert report.summary(problems, 4) == summary
    assert report.text(problems, 4).splitlines()[-1] == summary


def test_json_keeps_chinese_readable() -> None:
    out = report.as_json([_problem("people/a.yaml", "名字 is missing")], 1)
    assert "名字" in out
    assert json.loads(out)["problems"][0]["message"] == "名字 is missing"


#: what a hostile user puts in a file name or a value
HOSTILE = (
    "a\nb.yaml::error file=x.yaml::forged\r\n"
    "::error::forged too | `code` ``two`` \x1b[31mred\x1b[0m \x00 \x9b31m \u202e "
    "<script>alert(1)</script> &amp; [link](javascript:alert(1)) 100% a,b:c"
)
HOSTILE_PROBLEMS = [
    # a hostile file name with a plain message, a plain file name with a hostile value
    Problem(path=f"people/{HOSTILE}", code="PC035", message="plain").at(1, 1),
    error("people/a.yaml", "PC009", f"the value is {quoted(HOSTILE, 1000)}").at(2, 3),
]
FORMATS = ("text", "json", "github", "markdown")


def _hidden(out: str) -> list[str]:
    """Characters a terminal or log viewer would act on (a line break ends a line)."""
    categories = ("Cc", "Cf", "Zl", "Zp")
    return [ch for ch in out if ch != "\n" and unicodedata.category(ch) in categories]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_shows_a_hidden_character(fmt: str) -> None:
    out = report.render(HOSTILE_PROBLEMS, 2, fmt)
    assert _hidden(out) == []


def test_text_keeps_each_problem_on_one_line() -> None:
    lines = report.text(HOSTILE_PROBLEMS, 2).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("people/a\\nb.yaml::error file=x.yaml::forged\\r\\n")
    assert lines[0].endswith(":1:1: PC035 plain")
    assert lines[1].startswith('people/a.yaml:2:3: PC009 the value is "a\\nb.yaml::error')


def test_github_makes_one_annotation_per_problem() -> None:
    lines = report.github(HOSTILE_PROBLEMS, 2).splitlines()
    assert len(lines) == 3
    assert [line.split(" ", 1)[0] for line in lines[:2]] == ["::error", "::error"]
    # the properties end at the first "::"; none of the name's ":" or "," end them early
    properties = [line[len("::error ") :].split("::", 1)[0] for line in lines[:2]]
    fields = [dict(part.split("=", 1) for part in props.split(",")) for props in properties]
    assert [sorted(f) for f in fields] == [["col", "file", "line", "title"]] * 2
    assert fields[0]["file"].startswith("people/a\\nb.yaml%3A%3Aerror file=x.yaml%3A%3Aforged")
    assert "100%25 a%2Cb%3Ac" in fields[0]["file"]
    assert [f["line"] for f in fields] == ["1", "2"]
    assert "%0A" not in lines[1] and "%25" in lines[1]


def _cells(row: str) -> list[str]:
    """A Markdown table row split the way GitHub splits it: on every unescaped |."""
    return re.split(r"(?<!\\)\|", row)[1:-1]


def test_markdown_keeps_the_table_whole() -> None:
    rows = report.markdown(HOSTILE_PROBLEMS, 2).splitlines()
    table = [row for row in rows if row.startswith("|")]
    assert len(table) == 4  # heading, rule, two problems
    assert all(len(_cells(row)) == 4 for row in table)
    name_cell, message_cell = _cells(table[2])[0], _cells(table[3])[3]
    # the file name is one code span: its fence is longer than any run of backticks in it
    assert name_cell.strip().startswith("```") and name_cell.strip().endswith("```")
    assert name_cell.count("```") == 2
    # in the message, nothing is left for Markdown or HTML to act on
    assert re.search(r"(?<!\\)[<>`*_\[\]&$~]", message_cell) is None


def test_json_keeps_the_values_exactly() -> None:
    out = report.as_json(HOSTILE_PROBLEMS, 2)
    found = json.loads(out)["problems"]
    assert found[0]["path"] == f"people/{HOSTILE}"
    assert found[1]["message"] == HOSTILE_PROBLEMS[1].message
    assert "\\u001b" in out and "\\u202e" in out and "\\u009b" in out


def test_json_escapes_characters_beyond_the_basic_plane() -> None:
    tag = "\U000e0041"  # an invisible tag character (format, outside the BMP)
    out = report.json_safe(json.dumps({"a": tag}, ensure_ascii=False))
    assert out == '{"a": "\\udb40\\udc41"}'
    assert json.loads(out) == {"a": tag}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("wanghongjun", "wanghongjun"),
        ("a\nb", "a\\nb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\u2028", "\\u2028"),
        ("王" * QUOTE_LIMIT, "王" * QUOTE_LIMIT),
        ("王" * (QUOTE_LIMIT + 1), "王" * (QUOTE_LIMIT - 1) + "…"),
        (12, "12"),
    ],
)
def test_shown_values_are_one_short_line(value: object, expected: str) -> None:
    assert shown(value) == expected


def test_quoted_values_escape_their_quotes() -> None:
    assert quoted('say "hi"') == '"say \\"hi\\""'
    assert len(quoted("x" * 500)) == QUOTE_LIMIT + 2
