"""`perfcode show PATH|PERSON`: a record, or every record about a person, with the words
the caller's key opens in the clear and the rest as lock lines (never a ciphertext).

Exit 0 when something was shown and every sealed value in it opened or some did; 1 when
the records hold sealed values and the caller's key (or the lack of one) opened none of
them (most likely the wrong key); 2 for a usage error (no such record or person, a key
that cannot be read)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from perfcode import layout
from perfcode.cli.commands._common import root_folder
from perfcode.cli.commands._sealed import identities, read_record, record_path
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.load import repository as load
from perfcode.report import problems as report
from perfcode.seal import rekey as words
from perfcode.seal.document import Record, open_text


@dataclass(frozen=True, slots=True)
class Shown:
    path: str
    text: str
    opened: tuple[str, ...]
    closed: tuple[str, ...]


def run(*, target: str, root: str, identity: str | None, format: str) -> int:
    folder = root_folder(root)
    repo, _ = load.load_repository(folder)
    language = organisation_language(repo.org)
    t = Labels(language)
    mine = identities(identity, required=False)
    secrets = mine.secrets if mine is not None else ()
    if mine is None:
        sys.stderr.write(t.say("show_no_key") + "\n")
    single = "/" in target or target.endswith(".yaml")
    if single:
        paths = [record_path(folder, target)]
        if layout.classify(paths[0]) is None:
            raise PerfcodeError(f"{paths[0]} is not a record perfcode knows")
    else:
        if target not in repo.people:
            raise PerfcodeError(f"there is no person {target} (people/{target}.yaml)")
        paths = []
        for path in load.walk(folder):
            text, _ = read_record(folder, path)
            if text is not None and words.about(path, text, target):
                paths.append(path)
    shown: list[Shown] = []
    for path in paths:
        text, refused = read_record(folder, path)
        if text is None:
            sys.stdout.write(report.text(refused, 1, language))
            return EXIT_PROBLEMS
        record = Record.parse(path, text)
        if record is None:
            shown.append(Shown(path, text, (), ()))
            continue
        opened = open_text(text, record, secrets)
        out = words.locked(opened.text, opened.closed, t.say("show_lock"))
        if not single:  # a calibration: the decisions about them
            out = words.only_about(path, out, target)
        whom = words.about_whom(record)
        opens = tuple(words.field_name(p) for p in opened.opened if single or whom.get(p) == target)
        closes = tuple(
            words.field_name(p) for p in opened.closed if single or whom.get(p) == target
        )
        shown.append(Shown(path, out, opens, closes))
    if format == "json":
        records = [
            {"path": s.path, "text": s.text, "opened": list(s.opened), "sealed": list(s.closed)}
            for s in shown
        ]
        sys.stdout.write(json.dumps({"records": records}, ensure_ascii=False, indent=2) + "\n")
    elif single:
        sys.stdout.write(shown[0].text)
    else:
        for index, s in enumerate(shown):
            sys.stdout.write(("\n" if index else "") + f"== {s.path} ==\n{s.text}")
        if not shown:
            print(t.say("show_nothing", person=target))
    closed = sum(len(s.closed) for s in shown)
    opened_count = sum(len(s.opened) for s in shown)
    if closed and not opened_count:
        sys.stderr.write(t.say("show_none_opened", n=closed) + "\n")
        return EXIT_PROBLEMS
    return EXIT_CLEAN
