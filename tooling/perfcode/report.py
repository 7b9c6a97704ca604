"""Problems out: as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter

from perfcode.problems import Problem, Severity

FORMATS = ("text", "json", "github")


def text(problems: list[Problem], documents: int) -> str:
    lines = [
        f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}"
        + (" (warning)" if p.severity is Severity.WARNING else "")
        for p in problems
    ]
    lines.append(summary(problems, documents))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem], documents: int) -> str:
    counts = Counter(p.severity for p in problems)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not problems:
        return f"{documents} documents checked: no problems."
    parts = []
    if errors:
        parts.append(f"{errors} problem{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{documents} documents checked: {' and '.join(parts)}."


def as_json(problems: list[Problem], documents: int) -> str:
    payload = {
        "documents": documents,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], documents: int) -> str:
    """GitHub workflow commands: one annotation on the exact line per problem."""
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        lines.append(
            f"::{level} file={_escape_property(p.path)},line={p.line},col={p.column},"
            f"title={p.code}::{_escape_data(p.message)}"
        )
    lines.append(summary(problems, documents))
    return "\n".join(lines) + "\n"


def markdown(problems: list[Problem], documents: int) -> str:
    """The full list for a job summary (GitHub shows only 10 annotations per step)."""
    out = [f"### perfcode validate\n\n{summary(problems, documents)}\n"]
    if problems:
        out.append("| file | line | code | problem |\n|---|---:|---|---|")
        for p in problems:
            message = p.message.replace("|", "\\|")
            out.append(f"| `{p.path}` | {p.line}:{p.column} | {p.code} | {message} |")
    return "\n".join(out) + "\n"


def render(problems: list[Problem], documents: int, fmt: str) -> str:
    if fmt == "json":
        return as_json(problems, documents)
    if fmt == "github":
        return github(problems, documents)
    if fmt == "markdown":
        return markdown(problems, documents)
    return text(problems, documents)
