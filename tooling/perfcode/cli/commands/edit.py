"""`perfcode edit PATH`: a record opened in the editor with the words the caller may read
in the clear, checked when saved, and written back with every value sealed to exactly its
readers. The plain words live only in a private temporary file while the editor runs."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from perfcode import clock, layout
from perfcode.check import check_repository
from perfcode.cli.commands._common import root_folder
from perfcode.cli.commands._sealed import identities, read_record, record_path
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.io import write as writer
from perfcode.load import repository as load
from perfcode.model import Repository
from perfcode.problems import Problem, Severity
from perfcode.report import problems as report
from perfcode.seal import rekey as words
from perfcode.seal.document import Opened, Record, Sealing, open_text, seal_text


def run(*, path: str, root: str, identity: str | None, today: str | None) -> int:
    folder = root_folder(root)
    rel = record_path(folder, path)
    if layout.classify(rel) is None:
        raise PerfcodeError(f"{rel} is not a record perfcode knows (see perfcode validate)")
    mine = identities(identity, required=True)
    assert mine is not None
    text, refused = read_record(folder, rel)
    repo, _ = load.load_repository(folder)
    language = organisation_language(repo.org)
    t = Labels(language)
    if text is None:
        sys.stdout.write(report.text(refused, 1, language))
        return EXIT_PROBLEMS
    day = clock.today(repo.org, today).iso
    record = Record.parse(rel, text)
    opened = open_text(text, record, mine.secrets) if record else Opened(text, (), ())
    note = words.note_for_editor(
        opened.closed,
        [
            t.say("edit_closed", fields=", ".join(words.field_name(p) for p in opened.closed)),
            t.say("edit_closed_keep"),
        ],
    )
    scratch = Path(tempfile.mkdtemp(prefix="perfcode-edit-"))  # mode 0700: the caller's own
    # closing the terminal (SIGHUP) or a kill (SIGTERM) must not leave the opened words on
    # disk: both end the command through the `finally` that removes the draft
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGHUP, signal.SIGTERM)}
    try:
        draft = scratch / Path(rel).name
        shown = note + opened.text
        while True:
            edited = _edit(draft, shown)
            if edited == shown:
                print(t.say("edit_unchanged", path=rel))
                return EXIT_CLEAN
            outcome = _judge(folder, rel, text, opened, edited, note, repo, day, mine.secrets)
            if isinstance(outcome, Sealing):
                return _write(folder, rel, outcome, text, t)
            sys.stdout.write(report.text(outcome, 1, language))
            if not (sys.stdin.isatty() and _again(t)):
                print(t.say("edit_not_written", path=rel))
                return EXIT_PROBLEMS
            shown = edited
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


#: editors that keep what they edit elsewhere unless told not to (vim's viminfo, swap
#: files; neovim's shada): started with their history and swap file off
_FORGETFUL = {
    "vi": ("-i", "NONE", "-n"),
    "vim": ("-i", "NONE", "-n"),
    "nvim": ("-i", "NONE", "-n"),
    "view": ("-i", "NONE", "-n"),
}


def editor_command() -> list[str]:
    """The editor to run ($VISUAL, $EDITOR, vi), told to keep no copy of the words where
    perfcode knows how (vi, vim, neovim: no viminfo/shada, no swap file)."""
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    if not command:
        command = ["vi"]
    extra = _FORGETFUL.get(Path(command[0]).name, ())
    return [command[0], *extra, *command[1:]]


def _edit(draft: Path, text: str) -> str:
    """TEXT as the editor leaves it, from a file only the caller can read."""
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    command = editor_command()
    try:
        done = subprocess.run([*command, str(draft)], check=False)
    except OSError as error:
        raise PerfcodeError(
            f"cannot run the editor {command[0]!r} ({error.strerror or error}): set $VISUAL "
            "or $EDITOR to the editor you use"
        ) from None
    if done.returncode != 0:
        raise PerfcodeError(
            f"the editor {command[0]!r} stopped with status {done.returncode}: nothing written",
            exit_code=EXIT_PROBLEMS,
        )
    try:
        return draft.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PerfcodeError(f"cannot read back what the editor saved: {error}") from None


def _judge(
    root: Path,
    rel: str,
    original: str,
    opened: Opened,
    edited: str,
    note: str,
    repo: Repository,
    day: str,
    secrets: tuple[object, ...],
) -> Sealing | list[Problem]:
    """The sealed text to write, or the problems (placed as the editor showed the text)."""
    plain = words.without_note(edited)
    shift = note.count("\n") if edited.startswith(note) and note else 0
    changed = words.tampered(original, plain, opened.closed)
    if changed:
        return words.relocated(words.tampered_problems(rel, original, changed), plain, shift)
    record = Record.parse(rel, plain)
    policy = words.policy_for(repo, rel)
    sealing = Sealing(plain)
    if record is not None and policy is not None:
        sealing = seal_text(
            plain, record, policy, repo, day, secrets, was=opened.was, sealed_at=opened.opened
        )
    result = check_repository(root, overrides={rel: sealing.text})
    mistakes = [p for p in result.problems if p.path == rel and p.severity is Severity.ERROR]
    if mistakes:
        return words.relocated(mistakes, plain, shift)
    return sealing


def _again(t: Labels) -> bool:
    try:
        answer = input(t.say("edit_again") + " ")
    except EOFError:
        return False
    return answer.strip().lower() in ("", "y", "yes", "是")


def _write(root: Path, rel: str, sealing: Sealing, original: str, t: Labels) -> int:
    if sealing.text == original:
        print(t.say("edit_unchanged", path=rel))
        return EXIT_CLEAN
    writer.write(root / rel, sealing.text, root=root)
    print(t.say("edit_wrote", path=rel))
    for key, pointers in (("sealed", sealing.sealed), ("resealed", sealing.resealed)):
        if pointers:
            print(t.say(f"edit_{key}", fields=", ".join(map(words.field_name, pointers))))
    if sealing.unreadable:
        names = ", ".join(map(words.field_name, sealing.unreadable))
        print(t.say("edit_unreadable", fields=names, path=rel))
    if sealing.unsealable:
        names = ", ".join(map(words.field_name, sealing.unsealable))
        print(t.say("edit_unsealable", fields=names))
    if sealing.keyless:
        print(t.say("keyless", people=", ".join(sealing.keyless)))
    return EXIT_CLEAN
