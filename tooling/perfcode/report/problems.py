"""Problems out: as text, JSON, GitHub annotations or a Markdown table.

A path or message may hold what a user typed (a file name with a line break, a value with
an ANSI escape, `|`, backticks or `::`). Every format keeps each problem on its own line
and shows such characters as text: no format can be made to forge a problem or a workflow
command, break the table or recolour a terminal (`problems.one_line` writes control
characters as escapes; each format then escapes what is special to it).

Every format speaks the organisation's language (`i18n.organisation_language`): for a zh
organisation a problem reads as its code's sentence in Chinese (problems.CODES_ZH) followed
by the specific detail (still in English), and the summary line is Chinese; JSON keeps
`message` as it was and adds the code's sentence in that language as `summary`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from perfcode.i18n import Labels
from perfcode.problems import CODES, CODES_ZH, Problem, Severity, one_line

FORMATS = ("text", "json", "github")


def sentence(code: str, language: str) -> str:
    """What a problem code means, in LANGUAGE (zh: CODES_ZH, otherwise CODES)."""
    if language == "zh" and code in CODES_ZH:
        return CODES_ZH[code]
    return CODES.get(code, "")


def said(problem: Problem, language: str = "en") -> str:
    """A problem's message as LANGUAGE says it: the message itself in English; in Chinese
    the code's sentence, then the message's specific detail."""
    if language != "zh" or problem.code not in CODES_ZH:
        return problem.message
    return f"{CODES_ZH[problem.code]} {problem.message}"


def text(problems: list[Problem], documents: int, language: str = "en") -> str:
    mark = Labels(language).say("warning_mark")
    lines = [
        f"{one_line(p.path)}:{p.line}:{p.column}: {p.code} {one_line(said(p, language))}"
        + (mark if p.severity is Severity.WARNING else "")
        for p in problems
    ]
    lines.append(summary(problems, documents, language))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem], documents: int, language: str = "en") -> str:
    t = Labels(language)
    counts = Counter(p.severity for p in problems)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not problems:
        return t.say("checked_clean", n=documents)
    parts = []
    if errors:
        parts.append(t.say("one_problem") if errors == 1 else t.say("n_problems", n=errors))
    if warnings:
        parts.append(t.say("one_warning") if warnings == 1 else t.say("n_warnings", n=warnings))
    return t.say("checked", n=documents, parts=t.say("and").join(parts))


def as_json(
    problems: list[Problem],
    documents: int,
    about: dict[str, str] | None = None,
    language: str = "en",
) -> str:
    """The problems as JSON; ABOUT: fields put first (`perfcode diff`: the revision).
    `summary`: what the code means, in LANGUAGE."""
    payload = {
        **(about or {}),
        "documents": documents,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "severity": p.severity.value,
                "message": p.message,
                "summary": sentence(p.code, language),
            }
            for p in problems
        ],
    }
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


#: characters that JSON may hold raw but a terminal or a log viewer acts on (DEL, the C1
#: controls such as CSI, bidirectional overrides, line and paragraph separators)
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def json_safe(dumped: str) -> str:
    """JSON text with every invisible character inside its strings written as a \\u
    escape: the data stay exactly what they were, the text shows nothing hidden."""
    if dumped.isascii() and dumped.isprintable():
        return dumped
    out: list[str] = []
    for ch in dumped:
        if ch != "\n" and unicodedata.category(ch) in _HIDDEN:
            code = ord(ch)
            if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes it
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:  # a lone surrogate (a name that was not UTF-8) too
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _escape_data(value: str) -> str:
    """A workflow command's message (GitHub's docs: escape %, CR and LF)."""
    return one_line(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    """A workflow command's property value (also : and ,, which end a property)."""
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], documents: int, language: str = "en") -> str:
    """GitHub workflow commands: one annotation on the exact line per problem."""
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        lines.append(
            f"::{level} file={_escape_property(p.path)},line={p.line},col={p.column},"
            f"title={p.code}::{_escape_data(said(p, language))}"
        )
    lines.append(summary(problems, documents, language))
    return "\n".join(lines) + "\n"


#: characters with a meaning inside a Markdown table cell (GitHub Flavored Markdown:
#: escapes, code, emphasis, links and images, cells, strike-through, HTML, entities, maths,
#: and GitHub's @mentions)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&$@])")


def md_text(value: str) -> str:
    """VALUE as literal text in a Markdown table cell: on one line, every character that
    Markdown or HTML would act on escaped (a backslash before it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))


def md_code(value: str) -> str:
    """VALUE as inline code in a Markdown table cell: a fence longer than any run of
    backticks inside it, and `|` escaped (GitHub splits table cells on it even in code)."""
    value = one_line(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def markdown(
    problems: list[Problem],
    documents: int,
    title: str = "perfcode validate",
    language: str = "en",
) -> str:
    """The full list for a job summary (GitHub shows only 10 annotations per step).
    TITLE is Markdown: a value in it must be escaped (`md_text`)."""
    out = [f"### {title}\n\n{summary(problems, documents, language)}\n"]
    if problems:
        columns = Labels(language).say("problems_columns").replace("|", " | ")
        out.append(f"| {columns} |\n|---|---:|---|---|")
        for p in problems:
            message = md_text(said(p, language))
            out.append(f"| {md_code(p.path)} | {p.line}:{p.column} | {p.code} | {message} |")
    return "\n".join(out) + "\n"


def render(problems: list[Problem], documents: int, fmt: str, language: str = "en") -> str:
    """The problems in FMT, in LANGUAGE (the organisation's: `i18n.organisation_language`)."""
    if fmt == "json":
        return as_json(problems, documents, language=language)
    if fmt == "github":
        return github(problems, documents, language)
    if fmt == "markdown":
        return markdown(problems, documents, language=language)
    return text(problems, documents, language)
