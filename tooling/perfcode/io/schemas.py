"""The JSON Schemas of the document kinds, and schema problems in plain words.

Every document is checked against `schemas/<kind>.schema.json` (draft 2020-12).
Valid documents take the fast path (jsonschema-rs, compiled); only a document that fails
is checked again by python-jsonschema, whose errors name the failing keyword, so each
error becomes a sentence a non-programmer understands.
"""

from __future__ import annotations

import calendar
import difflib
import json
import math
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import yaml

from perfcode.io import files
from perfcode.io.yaml import compose, position
from perfcode.layout import DAY_SHAPE, parse_day
from perfcode.layout import YEARS as YEARS  # re-exported: the years are perfcode.layout's
from perfcode.problems import Pointer, Problem, quoted, shown
from perfcode.problems import error as problem

if TYPE_CHECKING:  # python-jsonschema is imported only where a document fails
    import jsonschema

KINDS = (
    "org",
    "person",
    "cycle",
    "goals",
    "contract",
    "review",
    "checkins",
    "adjustments",
    "calibration",
    "interview",
    "plan",
    "appeal",
    "results",
    "signatures",
)

#: where a repository keeps its schemas
SCHEMA_FOLDER = "schemas"


def _bundled() -> Path:
    """The schemas that ship with perfcode: package data (importlib.resources), so an
    installed wheel has them. In this repository the package's `schemas` is a link to the
    top-level schemas/, their one home; a wheel holds copies of those files."""
    found = resources.files("perfcode").joinpath(SCHEMA_FOLDER)
    if not isinstance(found, Path):  # pragma: no cover - perfcode is never run zipped
        raise RuntimeError(f"perfcode's schemas are not files on disk: {found}")
    return found.resolve()


#: the schemas that ship with perfcode
BUNDLED = _bundled()
#: far above any real schema
MAX_SCHEMA_BYTES = 4 * 1024 * 1024


def schema_dir(root: Path) -> Path:
    """The repository's `schemas/` folder, or perfcode's own when it has none. A link is
    never followed: a `schemas` link is not the repository's folder (`load` reports it)."""
    own = root / SCHEMA_FOLDER
    if own.is_symlink() or not own.is_dir():
        return BUNDLED
    return own if os.path.lexists(own / "person.schema.json") else BUNDLED


@dataclass(frozen=True, slots=True)
class SchemaError:
    pointer: Pointer
    code: str
    message: str
    key: bool = False  # the pointer names a key (an unknown field), not a value


class Schema:
    def __init__(self, kind: str, document: dict[str, Any]) -> None:
        self.kind = kind
        self.document = document
        self._fast = jsonschema_rs.validator_for(
            document, validate_formats=True, formats={"date": is_date}, offline=True
        )

    @cached_property
    def _slow(self) -> jsonschema.protocols.Validator:
        import jsonschema  # python-jsonschema explains a failing document in words

        cls = jsonschema.validators.validator_for(self.document)
        checker = jsonschema.FormatChecker(list(cls.FORMAT_CHECKER.checkers))
        checker.checks("date")(is_date)
        validator: jsonschema.protocols.Validator = cls(self.document, format_checker=checker)
        return validator

    def is_valid(self, instance: Any) -> bool:
        return bool(self._fast.is_valid(instance))

    def errors(self, instance: Any) -> list[SchemaError]:
        found = [_explain(error) for error in _leaves(self._slow.iter_errors(instance))]
        if not found and not self.is_valid(instance):
            found = [_fast_error(instance, error) for error in self._fast.iter_errors(instance)]
        unique = {(e.pointer, e.code, e.message): e for e in found}
        return sorted(unique.values(), key=lambda e: ([str(p) for p in e.pointer], e.message))


def _fast_error(instance: Any, error: Any) -> SchemaError:
    """An error only jsonschema-rs sees: a YAML .nan or .inf (or a number too large for a
    float, read as .inf), which it reads as null; a login ending in a line break, which the
    pattern's `$` lets through in Python's `re` (not in jsonschema-rs)."""
    pointer: Pointer = tuple(error.instance_path)
    value = instance
    for part in pointer:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            break
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Pattern) and isinstance(value, str):
        if "-(?=" in kind.pattern:  # a login Python's `$` let through: "login\n"
            return SchemaError(
                pointer, "PC009", f"{_field(pointer)} is {_quote(value)}: {_login(value)}"
            )
    if isinstance(value, float) and not math.isfinite(value):
        what = ".nan (not a number)" if math.isnan(value) else "infinite (.inf, or too large)"
        message = f"{_field(pointer)} is {what}: write the number in digits"
        return SchemaError(pointer, "PC009", message)
    return SchemaError(pointer, "PC009", f"{_field(pointer)}: {error.message}")


@cache
def _own_schema(kind: str) -> bytes | None:
    """The bytes of perfcode's own schema for KIND (None: there is none)."""
    try:
        return (BUNDLED / f"{kind}.schema.json").read_bytes()
    except OSError:
        return None


class Schemas:
    """All kinds' schemas, read once from a folder.

    A schema file is read as records are (`files.read`: never through a link, never a
    pipe). One that cannot be read is a problem (`problems`), and that kind's documents
    are checked against perfcode's own schema instead, as when the folder has none."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._by_kind: dict[str, Schema] = {}
        self.problems: list[Problem] = []

    def __getitem__(self, kind: str) -> Schema:
        schema = self._by_kind.get(kind)
        if schema is None:
            schema = self._compile(kind)
            self._by_kind[kind] = schema
        return schema

    def _compile(self, kind: str) -> Schema:
        """The folder's schema for KIND; perfcode's own when the folder's cannot be used
        (not JSON, not a JSON Schema, a reference to another file: a problem, PC054)."""
        data = self._read(kind)
        if self.folder == BUNDLED or data == _own_schema(kind):  # a copy of perfcode's own
            return Schema(kind, json.loads(data))
        name = f"{self.folder.name}/{kind}.schema.json"
        compiled = compile_schema(name, kind, data)
        if isinstance(compiled, Schema):
            return compiled
        self.problems.append(compiled)
        return Schema(kind, json.loads((BUNDLED / f"{kind}.schema.json").read_bytes()))

    def _read(self, kind: str) -> bytes:
        name = f"{self.folder.name}/{kind}.schema.json"
        try:
            return files.read(self.folder.parent, name, MAX_SCHEMA_BYTES, folders_checked=True)
        except files.Refused as refused:
            self.problems.append(refused.problem)
        except files.TooLarge as large:
            self.problems.append(
                problem(name, "PC004", f"the schema is {large.size} bytes, too large").at(1, 1)
            )
        except FileNotFoundError:
            if self.folder == BUNDLED:
                raise
        except OSError as exc:
            if self.folder == BUNDLED:
                raise
            self.problems.append(files.unreadable_problem(name, exc.strerror or "?"))
        if self.folder == BUNDLED:
            raise OSError(f"perfcode's own schema {name} cannot be read")
        return (BUNDLED / f"{kind}.schema.json").read_bytes()


#: how deeply a schema's objects and lists may nest (perfcode's own: 15 levels)
MAX_SCHEMA_DEPTH = 64
#: the JSON Schema version perfcode's schemas are written in
DRAFT = "https://json-schema.org/draft/2020-12/schema"
_REFERENCES = ("$ref", "$dynamicRef")


def compile_schema(name: str, kind: str, data: bytes) -> Schema | Problem:
    """A repository's schema file NAME (its bytes DATA), compiled; or the problem that
    keeps it from being used, at its line and column. Nothing outside the file is ever
    fetched: a `$ref` must point inside the file (start with "#")."""
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        return _unusable(name, kind, "the file is empty").at(1, 1)
    try:
        document = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return _unusable(name, kind, f"it is not valid JSON ({exc.msg})").at(exc.lineno, exc.colno)
    except RecursionError:
        return _unusable(name, kind, "it is nested too deeply to be read").at(1, 1)
    except ValueError as exc:  # a number of thousands of digits, NaN, Infinity
        reason = str(exc) if isinstance(exc, _NotANumber) else "a number in it has too many digits"
        return _unusable(name, kind, reason).at(1, 1)
    if not isinstance(document, dict):
        return _unusable(name, kind, 'a schema is a JSON object, written {"type": ...}').at(1, 1)
    found = _structure(document)
    if found is not None:
        pointer, reason = found
        return _unusable(name, kind, reason, pointer, text)
    import jsonschema  # imported when a repository's own schema is checked

    try:
        jsonschema.Draft202012Validator.check_schema(
            document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    except jsonschema.SchemaError as exc:
        pointer = tuple(exc.path)
        if exc.validator == "format" and exc.validator_value == "regex":
            reason = f"the pattern {_quote(exc.instance)} is not a regular expression"
        else:
            reason = f"{_keyword(pointer)} has a value JSON Schema does not allow here"
        return _unusable(name, kind, reason, pointer, text)
    except RecursionError:
        return _unusable(name, kind, "it is nested too deeply").at(1, 1)
    try:
        return Schema(kind, document)
    except (ValueError, RecursionError) as exc:  # what only jsonschema-rs refuses
        reason = str(exc).split("\n", 1)[0] if isinstance(exc, ValueError) else "it is too deep"
        return _unusable(name, kind, f"it cannot be compiled ({shown(reason)})").at(1, 1)


class _NotANumber(ValueError):
    """NaN, Infinity or a number too large for a float, in a schema."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotANumber(f"the number {shown(text, 20)} is too large")
    return value


def _no_constant(text: str) -> float:
    raise _NotANumber(f"{text} is not a number JSON allows")


def _keyword(pointer: Pointer) -> str:
    names = [str(p) for p in pointer if isinstance(p, str)]
    return f"the keyword {quoted(names[-1])}" if names else "the schema"


def _structure(document: dict[str, Any]) -> tuple[Pointer, str] | None:
    """What in DOCUMENT's shape perfcode refuses before a validator sees it: another
    version of JSON Schema, nesting deeper than `MAX_SCHEMA_DEPTH`, a reference outside."""
    version = document.get("$schema", DRAFT)
    if version not in (DRAFT, DRAFT + "#"):
        return ("$schema",), f"perfcode reads schemas written in JSON Schema 2020-12 ({DRAFT})"
    stack: list[tuple[Pointer, Any]] = [((), document)]
    while stack:
        pointer, value = stack.pop()
        if len(pointer) > MAX_SCHEMA_DEPTH:
            return pointer, f"it is nested more than {MAX_SCHEMA_DEPTH} levels deep"
        if isinstance(value, dict):
            for key, child in value.items():
                if key in _REFERENCES and isinstance(child, str) and not child.startswith("#"):
                    return (*pointer, key), (
                        f"the reference {quoted(child)} points outside the file; perfcode "
                        'never fetches other files or addresses: use "#/$defs/..." references'
                    )
                stack.append(((*pointer, key), child))
        elif isinstance(value, list):
            stack.extend(((*pointer, i), child) for i, child in enumerate(value))
    return None


def _unusable(
    name: str, kind: str, reason: str, pointer: Pointer = (), text: str | None = None
) -> Problem:
    """PC054: the schema NAME cannot be used; at POINTER's place in TEXT when given."""
    found = problem(
        name,
        "PC054",
        f"this schema cannot be used: {reason}; the {kind} records were checked against "
        "perfcode's own schema instead (fix the file, or delete it to use perfcode's)",
    )
    if text is None:
        return found
    try:
        where = position(compose(text), pointer)
    except yaml.YAMLError:  # JSON that YAML reads otherwise: the file's start
        return found.at(1, 1)
    return found.at(where.line, where.column)


def _leaves(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """The most specific errors: for oneOf/anyOf, the closest alternative's own errors."""
    import jsonschema

    for error in errors:
        if error.validator in ("oneOf", "anyOf") and error.context:
            best = jsonschema.exceptions.best_match(error.context)
            if best is not None and best.validator not in ("oneOf", "anyOf", "not"):
                yield best
                continue
        yield error


def _quote(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (empty)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"{Decimal(value).normalize():.6G}"
    return str(value)


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "empty",
}


def _type_words(expected: Any) -> str:
    if isinstance(expected, list):
        return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
    return _TYPE_WORDS.get(str(expected), str(expected))


def _field(pointer: Pointer) -> str:
    names = [str(p) for p in pointer if isinstance(p, str)]
    return f'"{names[-1]}"' if names else "the document"


#: words other YAML readers take for booleans; perfcode reads them as text
_BOOLEAN_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ISO_SHAPE = DAY_SHAPE  # ASCII digits only


def is_date(value: object) -> bool:
    """The `date` format: a day of the calendar written YYYY-MM-DD, in a plausible year."""
    if not isinstance(value, str):
        return True  # formats apply to text only; the schema's type says the rest
    return parse_day(value) is not None


def _impossible_date(text: str) -> str:
    """Why a date written YYYY-MM-DD is not a day of the calendar."""
    found = _ISO_SHAPE.match(text)
    assert found is not None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}; write the date as YYYY-MM-DD"
    if year not in YEARS:
        return (
            f"the year {found.group(1)} looks like a typing slip: dates lie between "
            f"{YEARS.start} and {YEARS.stop - 1}"
        )
    days = calendar.monthrange(year, month)[1]
    return f"{_MONTHS[month - 1]} {year} has {days} days, so there is no day {day}"


def _login(login: str) -> str:
    """Why a text is not a GitHub login, in words (person.schema.json's `github` pattern)."""
    rule = (
        "a GitHub login has only the letters A-Z and a-z, the digits 0-9 and single hyphens "
        "(not first or last), at most 39 characters"
    )
    other = next((c for c in login if not (c.isascii() and (c.isalnum() or c == "-"))), None)
    if other is not None:
        name, code = unicodedata.name(other, ""), f"U+{ord(other):04X}"
        what = f"{code} {name}" if name else f"{code}, a control character"
        return f"{rule}; {quoted(other)} ({what}) is not one of them"
    if not login:
        return f"{rule}; it is empty"
    if login.startswith("-") or login.endswith("-"):
        return f"{rule}; it {'starts' if login.startswith('-') else 'ends'} with a hyphen"
    if "--" in login:
        return f"{rule}; it has two hyphens in a row"
    return f"{rule}; it has {len(login)} characters"


def _explain(error: jsonschema.ValidationError) -> SchemaError:
    pointer: Pointer = tuple(error.absolute_path)
    keyword = str(error.validator)
    value: Any = error.validator_value
    instance = error.instance
    field = _field(pointer)
    if keyword == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        name = missing[0] if missing else str(value)
        where = f" in {field}" if pointer else ""
        return SchemaError(pointer, "PC010", f'the required field "{name}" is missing{where}')
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted((schema.get("properties") or {}).keys())
        extras = sorted(k for k in instance if k not in allowed)
        name = extras[0] if extras else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = (
            f'; did you mean "{close[0]}"?'
            if close
            else (f" (allowed here: {', '.join(allowed)})" if allowed else "")
        )
        return SchemaError((*pointer, name), "PC011", f'unknown field "{name}"{hint}', key=True)
    if keyword == "type":
        expects_boolean = value == "boolean" or (isinstance(value, list) and "boolean" in value)
        if expects_boolean and isinstance(instance, str) and instance.lower() in _BOOLEAN_WORDS:
            return SchemaError(
                pointer,
                "PC009",
                f"{field} is {_quote(instance)}: write true or false "
                "(yes/no/on/off are text in perfcode)",
            )
        if value == "string" and isinstance(instance, dict) and len(instance) == 1:
            return SchemaError(
                pointer,
                "PC009",
                f'{field} should be text, but the ": " in it makes it read as "name: value"; '
                "put the whole text in quotes",
            )
        expects_number = value in ("number", "integer") or (
            isinstance(value, list) and ("number" in value or "integer" in value)
        )
        digits = " (in digits, like 30)" if expects_number and isinstance(instance, str) else ""
        return SchemaError(
            pointer,
            "PC009",
            f"{field} should be {_type_words(value)}{digits}, not {_quote(instance)}",
        )
    if keyword == "enum":
        options = ", ".join(_quote(v) for v in value)
        return SchemaError(
            pointer, "PC009", f"{field} is {_quote(instance)}; it must be one of: {options}"
        )
    if keyword == "const":
        return SchemaError(pointer, "PC009", f"{field} must be {_quote(value)}")
    if keyword == "format":
        if value == "date" and isinstance(instance, str) and _ISO_SHAPE.match(instance):
            return SchemaError(
                pointer, "PC009", f"{field} is {_quote(instance)}: {_impossible_date(instance)}"
            )
        if value == "date" and isinstance(instance, str):
            ordinary = unicodedata.normalize("NFKC", instance)
            if ordinary != instance and is_date(ordinary):
                return SchemaError(
                    pointer,
                    "PC009",
                    f"{field} is {_quote(instance)}, written with full-width digits: write it "
                    f"with the ordinary digits 0-9, as {ordinary}",
                )
            if ordinary != instance and _ISO_SHAPE.match(ordinary):  # no day, in any digits
                return SchemaError(
                    pointer,
                    "PC009",
                    f"{field} is {_quote(instance)}, written with full-width digits, and not a "
                    f"day of the calendar in any digits: {_impossible_date(ordinary)}",
                )
        what = {"date": "a date written YYYY-MM-DD", "email": "an e-mail address"}.get(
            str(value), str(value)
        )
        return SchemaError(pointer, "PC009", f"{field} is {_quote(instance)}, not {what}")
    if keyword == "pattern":
        if "-(?=" in str(value) and isinstance(instance, str):  # person.schema.json's login
            return SchemaError(
                pointer, "PC009", f"{field} is {_quote(instance)}: {_login(instance)}"
            )
        if "a-z0-9" in str(value) or "A-Za-z0-9" in str(value):
            detail = (
                "an id may use only lower-case letters, digits, - and _ "
                "(no spaces, dots or slashes)"
            )
            if "a-z0-9" not in str(value):
                detail = "this name may use only letters, digits and -"
            return SchemaError(
                pointer,
                "PC035" if "/" in str(instance) or ".." in str(instance) else "PC009",
                f"{field} is {_quote(instance)}: {detail}",
            )
        if "\\d{4}-\\d{2}-\\d{2}" in str(value):
            return SchemaError(
                pointer, "PC009", f"{field} is {_quote(instance)}, not a date written YYYY-MM-DD"
            )
        return SchemaError(
            pointer, "PC009", f"{field} is {_quote(instance)}, which is not in the expected form"
        )
    if keyword in ("minimum", "exclusiveMinimum"):
        word = "at least" if keyword == "minimum" else "more than"
        return SchemaError(
            pointer, "PC009", f"{field} is {_quote(instance)}; it must be {word} {value}"
        )
    if keyword in ("maximum", "exclusiveMaximum"):
        word = "at most" if keyword == "maximum" else "less than"
        return SchemaError(
            pointer, "PC009", f"{field} is {_quote(instance)}; it must be {word} {value}"
        )
    if keyword == "minLength":
        return SchemaError(pointer, "PC009", f"{field} must not be empty")
    if keyword == "maxLength":
        return SchemaError(pointer, "PC009", f"{field} is too long (at most {value} characters)")
    if keyword == "minItems":
        entries = "entry" if value == 1 else "entries"
        return SchemaError(pointer, "PC009", f"{field} needs at least {value} {entries}")
    if keyword == "maxItems":
        return SchemaError(pointer, "PC009", f"{field} has more than {value} entries")
    if keyword == "uniqueItems":
        return SchemaError(pointer, "PC027", f"{field} lists the same entry twice")
    if keyword in ("oneOf", "anyOf"):
        return SchemaError(
            pointer, "PC009", f"{field} does not match any of the forms allowed here"
        )
    if keyword == "not":  # the schema's description, when it has one, says why
        why = error.schema.get("description") if isinstance(error.schema, dict) else None
        reason = f": {why}" if isinstance(why, str) else ""
        return SchemaError(pointer, "PC044", f"{field} is not allowed here{reason}")
    if keyword == "propertyNames":
        return SchemaError(pointer, "PC009", f"{field} has a key that is not a valid id")
    return SchemaError(pointer, "PC009", f"{field}: {error.message}")
