"""Which perfcode a repository is written for: a repository or record written for a newer
perfcode gets one clear problem, not the confusing ones an older reading would give.

- **the repository**: `people/org.yaml` may say `minimum_perfcode_version: "0.2.0"`, as a
  pre-commit configuration says `minimum_pre_commit_version` (compared as pip compares
  versions: `packaging.version`). A perfcode older than that judges nothing: loading stops
  with one problem at that line (PC092, `NeedsNewerPerfcode`), since a newer format would
  only be misread. A value that is not a version is PC094, and the rest is judged as usual.
- **a record**: its modeline may name perfcode's schema by address, version included
  (`layout.schema_id`: …/schemas/v1/person.schema.json). A version newer than this
  perfcode's (`layout.SCHEMA_VERSION`) is PC093 at the file's first line; that file is not
  read further, every other one is.

Pure: the loader reads the files and hands their text here.
"""

from __future__ import annotations

from typing import Any

from packaging.version import InvalidVersion, Version

from perfcode import __version__, release
from perfcode.errors import EXIT_PROBLEMS, PerfcodeError
from perfcode.io.yaml import compose, position
from perfcode.layout import MODELINE_PREFIX, SCHEMA_VERSION, modeline_version
from perfcode.problems import Problem, error, quoted

#: the file and field that name the oldest perfcode a repository may be read with
ORG = "people/org.yaml"
FIELD = "minimum_perfcode_version"
#: how a company moves to a newer perfcode: its pins name the version it runs
ADVICE = "bump `rev:` in .pre-commit-config.yaml and the workflows' @v… pins"


class NeedsNewerPerfcode(PerfcodeError):
    """Loading stopped: the repository needs a newer perfcode (PROBLEM, PC092). Exit 1;
    `check` reports PROBLEM as the one problem of the repository."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problem: Problem) -> None:
        where = f"{problem.path}:{problem.line}:{problem.column}"
        super().__init__(f"{where}: {problem.code} {problem.message}")
        self.problem = problem


def minimum(raw: Any, text: str, running: str = __version__) -> Problem | None:
    """org.yaml's `minimum_perfcode_version` (RAW its parsed document, TEXT its text)
    judged against the RUNNING perfcode: PC092 when it asks for a newer one, PC094 when it
    is not a version, None when it is met or absent. A value that is not text is left to
    the schema (PC009: "should be text")."""
    if not isinstance(raw, dict) or not isinstance(raw.get(FIELD), str):
        return None
    written: str = raw[FIELD]
    where = position(compose(text), (FIELD,))  # TEXT was parsed: it composes
    line, column = where.line, where.column
    try:
        needed = Version(written)
    except (InvalidVersion, ValueError):  # ValueError: a number too long for int()
        return error(
            ORG,
            "PC094",
            f'"{FIELD}" is {quoted(written)}, not a version of perfcode: write it as '
            f'perfcode\'s versions are written, in quotes, like "{__version__}"',
        ).at(line, column)
    if needed <= Version(running):
        return None
    return error(
        ORG,
        "PC092",
        f"this repository needs perfcode {written} or newer, and this is perfcode {running}, "
        f"so nothing else was checked: upgrade it ({ADVICE} to {release.tag(str(needed))} "
        "or later)",
    ).at(line, column)


def newer_schema(path: str, text: str) -> Problem | None:
    """PC093 when the modeline of the record at PATH (its TEXT) names a version of
    perfcode's schemas newer than this perfcode's; None otherwise."""
    version = modeline_version(text)
    if version is None or version <= SCHEMA_VERSION:
        return None
    named = text.split("\n", 1)[0].removeprefix(MODELINE_PREFIX).strip()
    return error(
        path,
        "PC093",
        f"this file was written for a newer version of perfcode's schemas (its first line names "
        f"{quoted(named)}), and perfcode "
        f"{__version__} reads version {SCHEMA_VERSION}, so the file was not checked: upgrade "
        f"perfcode ({ADVICE})",
    ).at(1, 1)
