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
from perfcode.i18n import Labels
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
        print(f"{one_line(exc.where or source.name)}: PC101 {one_line(str(exc))}")
        print(Labels("en").say("import_unreadable"))  # before the organisation is read
        return EXIT_PROBLEMS
    repo, _ = load.load_repository(folder)
    if repo.org is None:
        raise PerfcodeError(
            f"{folder}/people/org.yaml is missing or broken (perfcode validate says why): the "
            "import adds people to an organisation"
        )
    language = repo.org.language
    t = Labels(language)  # what the import reports, in the organisation's language
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
            print(_cell_line(problem, language))
        count = len(outcome.problems)
        counted = t.say("one_problem") if count == 1 else t.say("n_problems", n=count)
        print(t.say("import_bad_rows", problems=counted, sheet=one_line(table.shown)))
        return EXIT_PROBLEMS
    after, stale = _checked(folder, outcome.files)
    if has_errors(after):
        from perfcode.report import problems as report

        errors = [p for p in after if p.severity is Severity.ERROR]
        lines = report.text(errors, 0, language).splitlines()[:-1]  # without the summary line
        for line in lines:
            print(line)
        print(t.say("import_invalid"))
        return EXIT_PROBLEMS
    if table.name is not None:  # which sheet of the workbook was read
        print(one_line(t.say("import_sheet", sheet=table.name, file=table.shown)))
    for line in _report(outcome, mark_left, t):
        print(one_line(line))
    if stale:
        print(t.say("import_stale", cycles=t.say("list").join(stale)))
    if dry_run:
        print(t.say("import_dry_run", files=_files(len(outcome.files), t)))
        return EXIT_CLEAN
    if not outcome.files:
        print(t.say("import_nothing"))
        return EXIT_CLEAN
    fsio.write_all({folder / p: text for p, text in sorted(outcome.files.items())}, root=folder)
    print(t.say("import_wrote", files=_files(len(outcome.files), t)))
    return EXIT_CLEAN


def _files(count: int, t: Labels) -> str:
    return t.say("one_file") if count == 1 else t.say("n_files", n=count)


def _cell_line(problem: Problem, language: str) -> str:
    from perfcode.report import problems as report

    where = (
        problem.path if not problem.located else f"{problem.path}:{problem.line}:{problem.column}"
    )
    return f"{one_line(where)}: {problem.code} {one_line(report.said(problem, language))}"


def _checked(folder: Path, changed: Mapping[str, str]) -> tuple[list[Problem], list[str]]:
    """The problems of the repository with CHANGED in it: the records (regular files only,
    as the loader reads them) copied to a scratch folder, the changes written over them,
    checked as `perfcode validate` checks; and the published cycles whose results.yaml
    would then be stale (as `perfcode score --check` finds them)."""
    from perfcode import check
    from perfcode.io import files
    from perfcode.io.schemas import SCHEMA_FOLDER
    from perfcode.load.repository import RECORD_FOLDERS
    from perfcode.report import results as out
    from perfcode.score import score_all

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
        stale: list[str] = []  # none when the records have errors: those are reported
        if changed and not result.failed_before_scoring:
            for cycle, scores in score_all(result.repository).items():
                target = base / out.results_path(cycle)
                if target.is_file():
                    committed = target.read_text(encoding="utf-8")
                    if out.compare(cycle, out.to_yaml(scores), committed) is not None:
                        stale.append(cycle)
    return [*walked.problems, *result.problems], stale


def _report(outcome: Outcome, mark_left: str | None, t: Labels) -> list[str]:
    """What the import changes, one line each, then the counts, in T's language."""
    lines: list[str] = []
    counts = {"created": 0, "updated": 0, "unchanged": 0, "left": 0}
    listed = t.say("list")
    for change in outcome.changes:
        counts[change.action] += 1
        if change.action == "created":
            lines.append(t.say("import_created", path=change.path, what=change.what))
        elif change.action == "updated":
            fields = listed.join(change.fields)
            lines.append(t.say("import_updated", path=change.path, what=change.what, fields=fields))
    missing = {pid for pid, _ in outcome.missing}
    for change in outcome.changes:
        if change.action == "left":
            lines.append(t.say("import_left", path=change.path, day=mark_left))
    marked = {c.what for c in outcome.changes if c.action == "left"}
    for what, path in outcome.missing:
        if what not in marked:
            people = path.startswith("people/") and mark_left is None
            hint = t.say("import_missing_hint") if people else ""
            lines.append(t.say("import_missing", path=path, what=what, hint=hint))
    for d in outcome.departments:
        under = t.say("import_under", parent=d.parent) if d.parent else ""
        lines.append(t.say("import_department", id=d.id, name=d.name, head=d.head, under=under))
    if outcome.ignored:
        lines.append(t.say("import_ignored", columns=listed.join(outcome.ignored)))
    summary = listed.join(
        t.say(f"import_{k}_n", n=n) for k, n in counts.items() if n and k != "left"
    )
    if counts["left"]:
        summary += t.say("import_left_n", n=counts["left"])
    if missing:
        summary += t.say("import_missing_n", n=len(missing))
    lines.append(t.say("import_summary", summary=summary or t.say("import_no_rows")))
    return lines
