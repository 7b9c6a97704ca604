"""Problems out: the GitHub workflow-command escaping and the text summary."""

from __future__ import annotations

import json

import pytest

from perfcode import report
from perfcode.problems import Problem, Severity


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
        (
            "people/a.yaml",
            "first line\nsecond line\r\nthird",
            "::error file=people/a.yaml,line=3,col=7,title=PC009::"
            "first line%0Asecond line%0D%0Athird",
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
