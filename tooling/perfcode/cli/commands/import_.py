"""`perfcode import people|goals FILE`: person records and a cycle's goals from the sheet
HR keeps (CSV or Excel .xlsx; the columns are `perfcode.scaffold.imports`').

All or nothing: a bad row is a problem at its cell (`people.csv:14:3`,
`people.xlsx:Sheet1!C14`), every one reported at once, and nothing is written while any
is there. The result is checked as a whole repository first (a scratch copy of the
records with the changes in it, through the same checks as `perfcode validate`): an
import that would leave the repository invalid is refused with those problems. Then
every file is written at once through `perfcode.io.write` (atomic, never through a link).
`--dry-run` reports the same and writes nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from perfcode import layout
from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio
from perfcode.problems import Problem, Severity, has_errors, one_line
from perfcode.scaffold.imports import Outcome


def run(
    *,
    what: str,
    file: str,
    root: str,
    cycle: str | None,
    sheet: str | None,
    mark_left: str | None,
    dry_run: bool,
) -> int:
    from perfcode.io import sheets
    from perfcode.load import repository as load
    from perfcode.scaffold import imports

    if what == "goals" and cycle is None:
        raise PerfcodeError(
            "perfcode import goals needs --cycle C: the cycle whose goals these are"
        )
    if what == "goals" and mark_left is not None:
        raise PerfcodeError("--mark-left is for perfcode import people")
    if what == "people" and cycle is not None:
        raise PerfcodeError("--cycle is for perfcode import goals (people belong to no cycle)")
    if mark_left is not None and layout.parse_day(mark_left) is None:
        raise PerfcodeError(f"--mark-left takes a day, YYYY-MM-DD, not {mark_left!r}")
    folder = root_folder(root)
    source = Path(file)
    if not source.exists():
        raise PerfcodeError(f"{file} does not exist")
    try:
        table = sheets.read(source, shown=source.name, sheet=sheet)
    except sheets.SheetError as exc:
        print(f"{one_line(source.name)}: PC101 {one_line(str(exc))}")
        print("perfcode: the sheet cannot be read; nothing written.")
        return EXIT_PROBLEMS
    repo, _ = load.load_repository(folder)
    if repo.org is None:
        raise PerfcodeError(
            f"{folder}/people/org.yaml is missing or broken (perfcode validate says why): the "
            "import adds people to an organisation"
        )
    if what == "people":
        texts = {
            path: text
            for path in [imports.ORG_PATH, *(p.path for p in repo.people.values())]
            if (text := load.read_text(folder, path)[0]) is not None
        }
        outcome = imports.import_people(table, repo, texts, mark_left=mark_left)
    else:
        assert cycle is not None
        found = repo.cycles.get(cycle)
        if found is None or found.policy is None:
            known = ", ".join(c for c, v in repo.cycles.items() if v.policy) or "none"
            raise PerfcodeError(f"there is no cycle {cycle} with a policy (cycles: {known})")
        path = f"cycles/{cycle}/goals.yaml"
        text = load.read_text(folder, path)[0] if found.goals is not None else None
        outcome = imports.import_goals(table, repo, cycle, text)
    if outcome.problems:
        for problem in outcome.problems:
            print(_cell_line(problem))
        count = len(outcome.problems)
        print(
            f"perfcode: {count} problem{'s' if count != 1 else ''} in {one_line(table.shown)}; "
            "nothing written."
        )
        return EXIT_PROBLEMS
    after = _checked(folder, outcome.files)
    if has_errors(after):
        from perfcode.report import problems as report

        errors = [p for p in after if p.severity is Severity.ERROR]
        for line in report.text(errors, 0).splitlines()[:-1]:  # without the summary line
            print(line)
        print(
            "perfcode: the records would not validate after this import (above); nothing written."
        )
        return EXIT_PROBLEMS
    for line in _report(outcome, mark_left):
        print(one_line(line))
    if dry_run:
        print(f"perfcode: --dry-run: {_files(len(outcome.files))} to write, nothing written.")
        return EXIT_CLEAN
    if not outcome.files:
        print("perfcode: the records already say what the sheet says; nothing to write.")
        return EXIT_CLEAN
    fsio.write_all({folder / p: t for p, t in sorted(outcome.files.items())}, root=folder)
    print(f"perfcode: wrote {_files(len(outcome.files))}.")
    return EXIT_CLEAN


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _cell_line(problem: Problem) -> str:
    where = (
        problem.path if not problem.located else f"{problem.path}:{problem.line}:{problem.column}"
    )
    return f"{one_line(where)}: {problem.code} {one_line(problem.message)}"


def _checked(folder: Path, changed: Mapping[str, str]) -> list[Problem]:
    """The problems of the repository with CHANGED in it: the records (regular files only,
    as the loader reads them) copied to a scratch folder, the changes written over them,
    checked as `perfcode validate` checks."""
    from perfcode import check
    from perfcode.io import files
    from perfcode.io.schemas import SCHEMA_FOLDER
    from perfcode.load.repository import RECORD_FOLDERS

    walked = files.walk(folder, (*RECORD_FOLDERS, SCHEMA_FOLDER))
    with tempfile.TemporaryDirectory(prefix="perfcode-import-") as scratch:
        base = Path(scratch)
        for path in walked.files:
            (base / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / path, base / path, follow_symlinks=False)
        for path, text in changed.items():
            (base / path).parent.mkdir(parents=True, exist_ok=True)
            (base / path).write_text(text, encoding="utf-8")
        result = check.check_repository(base)
    return [*walked.problems, *result.problems]


def _report(outcome: Outcome, mark_left: str | None) -> list[str]:
    """What the import changes, one line each, then the counts."""
    lines: list[str] = []
    counts = {"created": 0, "updated": 0, "unchanged": 0, "left": 0}
    for change in outcome.changes:
        counts[change.action] += 1
        if change.action == "created":
            lines.append(f"created {change.path} ({change.what})")
        elif change.action == "updated":
            lines.append(f"updated {change.path} ({change.what}): {', '.join(change.fields)}")
    missing = {pid for pid, _ in outcome.missing}
    for change in outcome.changes:
        if change.action == "left":
            lines.append(f"left    {change.path}: left: {mark_left} (not in the sheet)")
    marked = {c.what for c in outcome.changes if c.action == "left"}
    for what, path in outcome.missing:
        if what not in marked:
            people = path.startswith("people/") and mark_left is None
            hint = "; --mark-left DATE sets left:" if people else ""
            lines.append(f"not in the sheet: {path} ({what}), kept{hint}")
    for d in outcome.departments:
        under = f", under {d.parent}" if d.parent else ""
        lines.append(f"added department {d.id} ({d.name}) to people/org.yaml: head {d.head}{under}")
    if outcome.ignored:
        lines.append(f"columns not imported: {', '.join(outcome.ignored)}")
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n and k != "left")
    if counts["left"]:
        summary += f", {counts['left']} marked left"
    if missing:
        summary += f"; {len(missing)} not in the sheet"
    lines.append(f"{summary or 'no rows'}.")
    return lines
