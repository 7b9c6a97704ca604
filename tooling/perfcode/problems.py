"""Problems: the mistakes users make, collected and reported all at once.

A problem names a file and, once located, a line and column. Rules that work on
documents only know *where inside the document* the mistake is (a pointer such as
`("sections", "results", 2, "weight")`); `load.locate` turns pointers into lines and
columns at the edge, composing only the files that have problems.
Each code is stable: tools and people may rely on it. The table below is the one place
codes are defined; the README's table is checked against it by the tests.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum

Pointer = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


CODES: dict[str, str] = {
    "PC001": "The file is not valid YAML.",
    "PC002": "The same key appears twice in one mapping.",
    "PC003": "A tab character is used for indentation.",
    "PC004": "The file is larger than the size limit.",
    "PC005": "The file is not UTF-8 text (binary or another encoding).",
    "PC006": "The file is empty.",
    "PC007": (
        "YAML aliases expand to too much data (an alias bomb) or refer to themselves, "
        "or values are nested too deeply."
    ),
    "PC008": "A file is in a place where no kind of document lives.",
    "PC009": "A value has the wrong type or form.",
    "PC010": "A required field is missing.",
    "PC011": "An unknown field (often a typo).",
    "PC012": "Item weights inside a section do not add up to 100.",
    "PC013": "Section weights of a template do not add up to 100.",
    "PC014": "A rating is outside the policy's scale.",
    "PC015": "A reference to a person who is not in the registry.",
    "PC016": "A reference to a department that does not exist.",
    "PC017": "A reference to a goal that does not exist.",
    "PC018": "A review rates an item that is not in the contract.",
    "PC019": "The manager chain loops back on itself.",
    "PC020": "A manager review is not written by the person's manager.",
    "PC021": "A self review is not written by the person.",
    "PC022": "A date lies outside the cycle or its phase.",
    "PC023": "The cycle's phases are out of order.",
    "PC024": "Distribution quotas do not add up to 100%.",
    "PC025": "Grade bands overlap or leave a gap.",
    "PC026": "The path and the content disagree.",
    "PC027": "The same id is used twice.",
    "PC028": "A reference to a population group that does not exist.",
    "PC029": "A reference to a template or section that does not exist.",
    "PC030": "A document for a person who has no contract in the cycle.",
    "PC031": "A reference to a grade that the policy does not define.",
    "PC032": "Rater-role weights or required roles are inconsistent.",
    "PC033": "Achievement thresholds are inconsistent.",
    "PC034": "Roll-up component weights do not add up to 100.",
    "PC035": "A file or id name that is not allowed (for example `../`).",
    "PC036": "A measured item has no usable target (missing or zero).",
    "PC037": "A review leaves items of the contract unrated.",
    "PC038": "A review rates the same item twice.",
    "PC039": "An outcome rule is inconsistent.",
    "PC040": "The committed results.yaml is not what the policy computes.",
    "PC041": "A reference to a cycle that does not exist.",
    "PC042": "The file does not start with the yaml-language-server schema line.",
    "PC043": "The file starts with a byte-order mark.",
    "PC044": "A value appears where it is not allowed.",
    "PC045": "The signature evidence (signatures.yaml) was edited, forged or cannot be checked.",
    "PC069": "A contract still holds the placeholder `perfcode new` wrote (not agreed yet).",
    "PC063": "A change on the branch has no authentic signature evidence (perfcode verify).",
    "PC064": "What was merged is not what was signed (perfcode verify).",
    "PC065": "A required signer is missing from a merge's evidence (perfcode verify).",
    "PC066": "evidence_since comes after a cycle that keeps signature evidence.",
    "PC067": "A calibration decision gives the grade the person already has (not a calibration).",
    "PC068": (
        "A calibration decision or an appeal's new grade is about a person who is not scored."
    ),
    "PC050": "A symbolic link where a record, schema, site page or folder should be.",
    "PC051": "A named pipe, device or socket where a file should be (never opened).",
    "PC052": "A folder cannot be read, or is a separate git repository (a submodule).",
    "PC053": "A file cannot be read (permission denied or another file-system error).",
    "PC054": (
        "A schema in schemas/ cannot be used (not JSON, not a JSON Schema, or a reference "
        "to another file); perfcode's own schema is used instead."
    ),
    "PC060": (
        "A line ends in a way tools read differently (a lone CR, NEL or a Unicode line "
        "separator): use LF or CRLF."
    ),
    "PC061": (
        "A review for an anonymous role names its rater (collect it as `<role>-aggregated.yaml`)."
    ),
    "PC062": "An aggregated review gathers fewer raters than the policy's minimum for its role.",
    "PC075": (
        "A commendation or penalty gives more points than the policy's cap per entry "
        "(only the cap counts)."
    ),
    "PC076": "A check-in score above 100 in a cycle whose policy does not count such scores.",
    "PC090": "A record is dated after the person it is about (or its rater) left.",
    "PC091": "A goal still holds the placeholder `perfcode new` wrote (not written yet).",
    "PC102": "A person's name or title still holds the placeholder `perfcode new` wrote.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    code: str
    message: str
    line: int = 0
    column: int = 0
    pointer: Pointer = ()
    key: bool = False  # point at the mapping key named by the pointer's last part, not its value
    severity: Severity = Severity.ERROR

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    @property
    def located(self) -> bool:
        return self.line > 0

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


#: control characters, line and paragraph separators, invisible formatting characters
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def one_line(text: str) -> str:
    """TEXT with the characters that would break a problem's line or hide in it (a line
    break or control character in a quoted value) written as escapes such as \\n."""
    if text.isprintable():
        return text
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


#: how many characters of a value typed by a user a message quotes
QUOTE_LIMIT = 80


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """VALUE as a message may show it: on one line, without control characters (escaped
    as \\n, \\x1b...), at most LIMIT characters (a longer value ends in "…")."""
    text = one_line(value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """VALUE in double quotes, safe to put in any message (see `shown`)."""
    return '"' + shown(value, limit).replace('"', '\\"') + '"'


def error(
    path: str, code: str, message: str, pointer: Pointer = (), *, key: bool = False
) -> Problem:
    assert code in CODES, code
    return Problem(path=path, code=code, message=one_line(message), pointer=pointer, key=key)


def warning(path: str, code: str, message: str, pointer: Pointer = ()) -> Problem:
    assert code in CODES, code
    return Problem(
        path=path,
        code=code,
        message=one_line(message),
        pointer=pointer,
        severity=Severity.WARNING,
    )


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)
