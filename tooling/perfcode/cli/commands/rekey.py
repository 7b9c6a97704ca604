"""`perfcode rekey [PATH...]`: every record's words sealed to exactly their readers again
(after a change of manager, a new policy owner, a key replaced, a leaver): plain words
sealed, what the caller's key opens sealed anew, and what it cannot open listed with who
can (PC117), as are plain words nobody who reads them has a key for (PC118)."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcode import clock
from perfcode.cli.commands._common import root_folder
from perfcode.cli.commands._sealed import identities, read_record, record_path
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.io import write as writer
from perfcode.load import repository as load
from perfcode.problems import Problem, has_errors
from perfcode.report import problems as report
from perfcode.seal import rekey as words


def run(
    *,
    paths: list[str],
    root: str,
    identity: str | None,
    today: str | None,
    check: bool,
    again: bool,
    format: str,
) -> int:
    folder = root_folder(root)
    repo, loaded = load.load_repository(folder)
    language = organisation_language(repo.org)
    t = Labels(language)
    registry = [p for p in loaded if p.path.startswith("people/") or p.path.endswith("cycle.yaml")]
    if has_errors(registry):  # the readers come from these: never seal to a guess
        sys.stdout.write(report.render(registry, repo.documents, format, language))
        print(t.say("records_have_problems", before=t.say("before_rekey")))
        return EXIT_PROBLEMS
    mine = identities(identity, required=False)
    secrets = mine.secrets if mine is not None else ()
    day = clock.today(repo.org, today).iso
    chosen = [record_path(folder, p) for p in paths] or [
        p for p in load.walk(folder) if words.has_words(p)
    ]
    problems: list[Problem] = []
    changed: dict[Path, str] = {}
    lines: list[str] = []
    keyless: set[str] = set()
    for path in chosen:
        text, refused = read_record(folder, path)
        if text is None:
            problems.extend(refused)
            continue
        done = words.rekey_text(path, text, repo, day, secrets, again=again)
        if done is None:
            continue
        keyless.update(done.sealing.keyless)
        for key, pointers in (
            ("rekey_sealed", done.sealing.sealed),
            ("rekey_resealed", done.sealing.resealed),
        ):
            for pointer in pointers:
                at = words.where(done.sealing.text, pointer)
                readers = ", ".join(words.recorded_readers(done.sealing.text, pointer))
                lines.append(
                    f"{path}:{at.line}:{at.column}: "
                    + t.say(key, field=words.field_name(pointer), readers=readers)
                )
        problems.extend(words.unreadable_problems(done, repo, day))
        if done.changed:
            changed[folder / path] = done.sealing.text
    if changed and not check:
        writer.write_all(changed, root=folder)
    out = sys.stdout if format == "text" else sys.stderr
    for line in lines:
        out.write(line + "\n")
    if format == "text" and not problems:
        key = "rekey_would" if check else "rekey_done"
        print(t.say(key, n=len(changed)) if changed else t.say("rekey_nothing"))
    elif problems or format != "text":
        sys.stdout.write(
            report.render(sorted(problems, key=Problem.sort_key), len(chosen), format, language)
        )
    if keyless:
        out.write(t.say("keyless", people=", ".join(sorted(keyless))) + "\n")
    if mine is None and problems:
        out.write(t.say("rekey_no_key") + "\n")
    if problems or (check and changed):
        return EXIT_PROBLEMS
    if paths and not any(words.has_words(p) for p in chosen):
        raise PerfcodeError("none of the files named holds confidential words")
    return EXIT_CLEAN
